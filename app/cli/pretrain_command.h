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

/// `fpt eval-lm` (eval_lm_command.cpp): held-out bits/byte of a byte-level backbone.
void registerEvalLmCommand(CLI::App& app);

/// The Brown corpus where scripts/fetch_data.sh puts it: $FPT_DATA_DIR, <project>/data, ./data.
/// Throws DatasetError saying how to get it.
std::string defaultBrownCorpus();

}  // namespace fpt::app
