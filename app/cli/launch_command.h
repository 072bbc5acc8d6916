// SPDX-License-Identifier: MIT
// `fpt launch --nproc N PRESET [train options...]`: N local ranks of `fpt train` on 127.0.0.1.
#pragma once

namespace CLI {
class App;
}

namespace fpt::app {

/// Registers the subcommand on the CLI app.
void registerLaunchCommand(CLI::App& app);

}  // namespace fpt::app
