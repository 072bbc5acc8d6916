// SPDX-License-Identifier: MIT
// Lazily finds or creates the "core" logger so core code can log before/without app setup.
#include "core/config/core_logger.h"

#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

#include <mutex>

namespace fpt::core {

std::shared_ptr<spdlog::logger> coreLogger() {
    static std::mutex mutex;
    std::lock_guard<std::mutex> lock(mutex);
    if (auto existing = spdlog::get("core")) {
        return existing;
    }
    auto logger = spdlog::stderr_color_mt("core");
    logger->set_pattern("[%H:%M:%S.%e] [%n] [%^%l%$] [t%t] %v");
    return logger;
}

}  // namespace fpt::core
