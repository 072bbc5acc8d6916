// SPDX-License-Identifier: MIT
// `fpt export tensorboard RUN... --out DIR`: run folders' scalars as TensorBoard event files, one
// subfolder per run (one JSON summary line per run on stdout).
#pragma once

namespace CLI {
class App;
}

namespace fpt::app {

void registerExportCommand(CLI::App& app);

}  // namespace fpt::app
