// SPDX-License-Identifier: MIT
// Which build a run came from: version, git commit, LibTorch, the BLAS library actually loaded and
// the CPU features present. Shared by `fpt --version`, the explorer's About box and run.json.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

namespace fpt::core {

struct BuildInfo {
    std::string version;           // project version (CMake PROJECT_VERSION)
    std::string git_commit;        // `git describe --always --dirty` at configure time, or "unknown"
    std::string libtorch_version;  // TORCH_VERSION the build compiled against
    std::string blas;              // the BLAS shared object mapped into this process, plus its config
    std::string cpu_features;      // e.g. "avx2 fma avx512f avx512_bf16", or "none"
};

/// The build and run-time environment of this process. Thread-safe; computed once.
const BuildInfo& buildInfo();

/// The same as JSON, keys equal to BuildInfo's fields (what run.json stores under "build").
nlohmann::json buildInfoJson();

/// Human-readable lines, one "key: value" per field, no final newline (what `fpt --version` prints).
std::string buildInfoText();

/// The path of the loaded shared object whose file name starts with "libblas", "libopenblas",
/// "libmkl" or "libblis", read from a /proc/<pid>/maps text; "" when none is mapped.
std::string blasLibraryFromMaps(const std::string& mapsText);

}  // namespace fpt::core
