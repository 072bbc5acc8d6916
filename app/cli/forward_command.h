// SPDX-License-Identifier: MIT
// `fpt forward --model DIR --inputs IN.safetensors --out OUT.safetensors [--expected FILE]`.
#pragma once

namespace CLI {
class App;
}

namespace fpt::app {

void registerForwardCommand(CLI::App& app);

}  // namespace fpt::app
