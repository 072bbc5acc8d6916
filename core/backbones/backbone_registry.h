// SPDX-License-Identifier: MIT
// Finds backbones by name or path: "random", an HF GPT-2 folder, a named folder under the
// backbone search path ($FPT_BACKBONES, <project>/backbones, ~/.local/share/fpt-explorer/backbones),
// or a Hub id ("gpt2", "org/name@rev") already in the Hugging Face cache (never downloads).
#pragma once

#include "core/config/kinds.h"

#include <string>
#include <vector>

namespace fpt::core {

struct BackboneInfo {
    std::string name;    // as the user wrote it / the folder name
    std::string folder;  // absolute folder ("" for random)
    BackboneSource source = BackboneSource::Random;
};

class BackboneRegistry {
public:
    /// Directories searched for named backbones, in order.
    static std::vector<std::string> searchPath();

    /// Resolves "random", a folder path, a name, or a cached Hub id. Throws ConfigError listing
    /// what is available and, for a Hub id not cached, the `fpt fetch` command that gets it.
    static BackboneInfo resolve(const std::string& nameOrPath);

    /// Every named backbone on the search path (folders holding config.json), then every GPT-2
    /// in the Hugging Face cache (by Hub id).
    static std::vector<BackboneInfo> available();
};

/// The project checkout holding presets/ (found from the executable's location, or $FPT_ROOT),
/// else an installed PREFIX/share/fpt-explorer above the executable, or "" when neither is found.
std::string projectRoot();

}  // namespace fpt::core
