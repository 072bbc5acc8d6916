// SPDX-License-Identifier: MIT
// fpt params: the paper's "fraction of weights trained" for any preset, from shapes alone (a
// backbone folder needs only its config.json).
#include "app/cli/params_command.h"

#include "app/cli/config_loading.h"
#include "core/training/parameter_count.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>
#include <memory>

namespace fpt::app {

void registerParamsCommand(CLI::App& app) {
    struct Args {
        std::string preset;
        std::vector<std::string> overrides;
    };
    auto args = std::make_shared<Args>();
    auto* cmd = app.add_subcommand("params", "Count trainable / total parameters of a preset (no weights loaded)");
    cmd->add_option("preset", args->preset, "Preset JSON")->required();
    cmd->add_option("--set", args->overrides, "Override a config value: path.to.key=value")->take_all();
    cmd->callback([args]() {
        const auto config = loadConfigWithOverrides(args->preset, args->overrides);
        const auto counts = core::countParameters(config);
        nlohmann::json groups = nlohmann::json::object();
        std::fprintf(stderr, "%-16s %14s %14s\n", "group", "trainable", "total");
        for (const auto& [group, total] : counts.total_by_group) {
            const auto it = counts.trainable_by_group.find(group);
            const int64_t trainable = it == counts.trainable_by_group.end() ? 0 : it->second;
            const auto name = core::toString(group);
            groups[name] = {{"trainable", trainable}, {"total", total}};
            std::fprintf(stderr, "%-16s %14lld %14lld\n", name.c_str(), static_cast<long long>(trainable),
                         static_cast<long long>(total));
        }
        std::fprintf(stderr, "%-16s %14lld %14lld  (%.4f%% trainable)\n", "all",
                     static_cast<long long>(counts.trainable), static_cast<long long>(counts.total),
                     100.0 * counts.trainableShare());
        std::cout << nlohmann::json{{"trainable", counts.trainable}, {"total", counts.total},
                                    {"trainable_percent", 100.0 * counts.trainableShare()},
                                    {"groups", groups}}.dump()
                  << std::endl;
    });
}

}  // namespace fpt::app
