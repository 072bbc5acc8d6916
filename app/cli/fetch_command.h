// SPDX-License-Identifier: MIT
// `fpt fetch REPO_ID [--revision REV]`: download a model from the Hugging Face Hub into the shared
// HF cache (progress on stderr, one JSON summary line on stdout; Ctrl-C keeps a resumable file).
#pragma once

namespace CLI {
class App;
}

namespace fpt::app {

void registerFetchCommand(CLI::App& app);

}  // namespace fpt::app
