// SPDX-License-Identifier: MIT
// `fpt bench [CONFIG...] [--seconds S] [--threads T] | --gemm | --preset FILE`: training-step
// throughput as JSON lines, in the format of ../shared/peers/fpt_torch_ref.py.
#pragma once

namespace CLI {
class App;
}

namespace fpt::app {

/// Registers the subcommand on the CLI app.
void registerBenchCommand(CLI::App& app);

}  // namespace fpt::app
