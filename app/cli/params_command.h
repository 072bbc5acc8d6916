// SPDX-License-Identifier: MIT
// `fpt params PRESET [--set …]`: trainable / total parameters per group, without building the model.
#pragma once

namespace CLI {
class App;
}

namespace fpt::app {

void registerParamsCommand(CLI::App& app);

}  // namespace fpt::app
