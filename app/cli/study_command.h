// SPDX-License-Identifier: MIT
// `fpt study NAME [--budget small|paper] [--seeds N] [--out DIR] [--dry-run | --report]`.
#pragma once

namespace CLI {
class App;
}

namespace fpt::app {

void registerStudyCommand(CLI::App& app);

}  // namespace fpt::app
