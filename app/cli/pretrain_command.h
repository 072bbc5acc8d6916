// SPDX-License-Identifier: MIT
// `fpt pretrain language --corpus PATH... --out DIR [--steps N | --minutes M] ... [--resume]`,
// `fpt pretrain vision --out DIR ...` and `fpt pretrain bits --out DIR ...`.
#pragma once

#include <string>

namespace CLI {
class App;
}

namespace fpt::app {

/// Registers the subcommand; `commandLine` (the whole invocation, shell-quoted) is recorded in
/// each output's pretrain.json so the backbone can be remade.
void registerPretrainCommand(CLI::App& app, const std::string& commandLine);

}  // namespace fpt::app
