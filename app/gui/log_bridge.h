// SPDX-License-Identifier: MIT
// Long-lived QObject that spdlog's qt_sink_mt calls by name (append) from any thread; re-emits
// each formatted line as a signal for the log panel.
#pragma once

#include <QObject>
#include <QString>

#include <memory>

namespace spdlog {
class logger;
}

namespace fpt::app {

/// The "app" logger (created on first use if main has not installed the sinks yet).
std::shared_ptr<spdlog::logger> appLogger();

class LogBridge : public QObject {
    Q_OBJECT

public:
    using QObject::QObject;

    /// Installs stderr + rotating file (in `logDir`) + Qt sinks on the "core", "app" and "ui"
    /// loggers, with the house pattern. Call once from main, after constructing the bridge.
    void installSinks(const QString& logDir);

    Q_INVOKABLE void append(const QString& line);

Q_SIGNALS:
    void lineAppended(const QString& line);
};

}  // namespace fpt::app
