// SPDX-License-Identifier: MIT
// Build information. The BLAS is what the dynamic loader actually mapped (Debian's alternatives
// decide which libblas.so.3 that is), not what the build linked against.
#include "core/kernels/build_info.h"

#include <torch/version.h>

#include <dlfcn.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <vector>

#ifdef FPT_GIT_COMMIT_HEADER
#include FPT_GIT_COMMIT_HEADER
#endif
#ifndef FPT_GIT_COMMIT
#define FPT_GIT_COMMIT "unknown"
#endif

namespace fpt::core {

namespace fs = std::filesystem;

namespace {

std::string cpuFeatures() {
    std::vector<std::string> found;
#if defined(__x86_64__) || defined(__i386__)
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx2")) {
        found.emplace_back("avx2");
    }
    if (__builtin_cpu_supports("fma")) {
        found.emplace_back("fma");
    }
    if (__builtin_cpu_supports("avx512f")) {
        found.emplace_back("avx512f");
    }
    // GCC 12 knows "avx512bf16"; older compilers do not, so the flag is read from cpuinfo too.
    std::ifstream cpuinfo("/proc/cpuinfo");
    std::string line;
    while (std::getline(cpuinfo, line)) {
        if (line.rfind("flags", 0) == 0) {
            if ((" " + line + " ").find(" avx512_bf16 ") != std::string::npos) {
                found.emplace_back("avx512_bf16");
            }
            break;
        }
    }
#endif
    std::string text;
    for (const auto& f : found) {
        text += (text.empty() ? "" : " ") + f;
    }
    return text.empty() ? "none" : text;
}

std::string readFile(const std::string& path) {
    std::ifstream in(path);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

std::string blasDescription() {
    std::string library = blasLibraryFromMaps(readFile("/proc/self/maps"));
    if (library.empty()) {
        library = "none loaded";
    } else {
        std::error_code ec;
        const auto real = fs::canonical(library, ec);
        if (!ec && real.string() != library) {
            library += " -> " + real.string();
        }
    }
    using ConfigFn = char* (*)();
    if (auto* config = reinterpret_cast<ConfigFn>(dlsym(RTLD_DEFAULT, "openblas_get_config"));
        config != nullptr) {
        library += " (" + std::string(config()) + ")";
    }
    return library;
}

}  // namespace

std::string blasLibraryFromMaps(const std::string& mapsText) {
    std::istringstream in(mapsText);
    std::string line;
    while (std::getline(in, line)) {
        const auto slash = line.find('/');
        if (slash == std::string::npos) {
            continue;
        }
        const std::string path = line.substr(slash);
        const std::string name = fs::path(path).filename().string();
        for (const char* prefix : {"libblas", "libopenblas", "libmkl_rt", "libblis"}) {
            if (name.rfind(prefix, 0) == 0 && name.find(".so") != std::string::npos) {
                return path;
            }
        }
    }
    return {};
}

const BuildInfo& buildInfo() {
    static const BuildInfo info{FPT_VERSION, FPT_GIT_COMMIT, TORCH_VERSION, blasDescription(),
                                cpuFeatures()};
    return info;
}

nlohmann::json buildInfoJson() {
    const auto& info = buildInfo();
    return {{"version", info.version},
            {"git_commit", info.git_commit},
            {"libtorch_version", info.libtorch_version},
            {"blas", info.blas},
            {"cpu_features", info.cpu_features}};
}

std::string buildInfoText() {
    const auto& info = buildInfo();
    return "fpt " + info.version + "\n" + "git commit: " + info.git_commit + "\n" +
           "LibTorch: " + info.libtorch_version + "\n" + "BLAS: " + info.blas + "\n" +
           "CPU features: " + info.cpu_features;
}

}  // namespace fpt::core
