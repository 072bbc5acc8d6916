// SPDX-License-Identifier: MIT
// Shared by CLI subcommands: preset file + --set overrides -> validated RunConfig.
#pragma once

#include "core/config/run_config.h"

#include <string>
#include <vector>

namespace fpt::app {

/// Reads a preset (or run.json's "config"), applies overrides, parses strictly. Throws ConfigError.
core::RunConfig loadConfigWithOverrides(const std::string& path,
                                        const std::vector<std::string>& overrides);

/// The default run folder for a config: runs/<name or task_kind>-<yyyymmdd-hhmmss>.
std::string defaultRunDir(const core::RunConfig& config);

}  // namespace fpt::app
