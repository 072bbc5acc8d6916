// SPDX-License-Identifier: MIT
// spdlog sink setup for the explorer: stderr, a rotating file and the log panel.
#include "app/gui/log_bridge.h"

#include <QDir>

#include <spdlog/sinks/qt_sinks.h>
#include <spdlog/sinks/rotating_file_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

namespace fpt::app {

std::shared_ptr<spdlog::logger> appLogger() {
    if (auto logger = spdlog::get("app")) {
        return logger;
    }
    try {
        return spdlog::stderr_color_mt("app");
    } catch (const spdlog::spdlog_ex&) {
        return spdlog::get("app");  // created by another thread meanwhile
    }
}

void LogBridge::installSinks(const QString& logDir) {
    QDir().mkpath(logDir);
    std::vector<spdlog::sink_ptr> sinks;
    auto console = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
    console->set_level(spdlog::level::warn);
    sinks.push_back(console);
    try {
        sinks.push_back(std::make_shared<spdlog::sinks::rotating_file_sink_mt>(
            QDir(logDir).filePath(QStringLiteral("fpt-explorer.log")).toStdString(), 5 * 1024 * 1024, 3));
    } catch (const spdlog::spdlog_ex&) {
        // no writable log folder: the panel and stderr still work
    }
    sinks.push_back(std::make_shared<spdlog::sinks::qt_sink_mt>(this, "append"));
    for (const char* name : {"core", "app", "ui"}) {
        spdlog::drop(name);
        auto logger = std::make_shared<spdlog::logger>(name, sinks.begin(), sinks.end());
        logger->set_pattern("[%H:%M:%S.%e] [%n] [%^%l%$] [t%t] %v");
        logger->set_level(spdlog::level::debug);
        spdlog::register_logger(logger);
    }
}

void LogBridge::append(const QString& line) { Q_EMIT lineAppended(line); }

}  // namespace fpt::app
