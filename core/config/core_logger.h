// SPDX-License-Identifier: MIT
// The "core" spdlog logger. core never configures sinks; the executables do (app/).
#pragma once

#include <memory>

namespace spdlog {
class logger;
}

namespace fpt::core {

/// The named logger "core"; created with spdlog's default sinks if the app has not registered it.
std::shared_ptr<spdlog::logger> coreLogger();

}  // namespace fpt::core
