// SPDX-License-Identifier: MIT
// Preset loading with overrides for the CLI.
#include "app/cli/config_loading.h"

#include "core/config/error.h"
#include "core/config/json_file.h"
#include "core/training/run_folder.h"

#include <nlohmann/json.hpp>

#include <cctype>
#include <ctime>
#include <fstream>
#include <sstream>

namespace fpt::app {

core::RunConfig loadConfigWithOverrides(const std::string& path,
                                        const std::vector<std::string>& overrides) {
    auto j = core::readJsonFile<core::ConfigError>(path, "a preset or a run's run.json");
    if (j.is_object() && j.contains("config") && j.contains("status")) {
        j = j["config"];  // a run.json: rerun its configuration
    }
    for (const auto& assignment : overrides) {
        core::applyOverride(j, assignment);
    }
    return core::checkedRunConfig(j, overrides.empty() ? path : path + " with --set");
}

std::string defaultRunDir(const core::RunConfig& config) {
    const std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    char stamp[32];
    std::strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &local);
    const std::string name = core::safeRunFolderName(
        config.name.empty() ? core::toString(config.task.name) + "_" + core::toString(config.model.kind) : config.name);
    return "runs/" + name + "-" + stamp;
}

}  // namespace fpt::app
