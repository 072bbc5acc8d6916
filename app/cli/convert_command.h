// SPDX-License-Identifier: MIT
// `fpt convert vit HF_VIT_DIR OUT_DIR [--positions N] [--dtype f32|f16|bf16]`.
#pragma once

namespace CLI {
class App;
}

namespace fpt::app {

/// Registers the subcommand on the CLI app.
void registerConvertCommand(CLI::App& app);

}  // namespace fpt::app
