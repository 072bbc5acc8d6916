// SPDX-License-Identifier: MIT
// Finds backbones by name or path: "random", an HF GPT-2 folder, or a named folder under the
// backbone search path ($FPT_BACKBONES, <project>/backbones, ~/.local/share/fpt-explorer/backbones).
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

    /// Resolves "random", a folder path, or a name. Throws ConfigError listing what is available.
    static BackboneInfo resolve(const std::string& nameOrPath);

    /// Every named backbone found on the search path (folders holding config.json).
    static std::vector<BackboneInfo> available();
};

/// The project checkout holding presets/ (found from the executable's location, or $FPT_ROOT), or
/// "" when not found.
std::string projectRoot();

}  // namespace fpt::core
