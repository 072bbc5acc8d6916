// SPDX-License-Identifier: MIT
// `fpt train PRESET.json [--out DIR] [--set key=value]... | --resume DIR`.
#pragma once

namespace CLI {
class App;
}

namespace fpt::app {

/// Registers the subcommand on the CLI app.
void registerTrainCommand(CLI::App& app);

}  // namespace fpt::app
