// SPDX-License-Identifier: MIT
// Backbone lookup on disk.
#include "core/backbones/backbone_registry.h"

#include "core/config/error.h"
#include "core/config/json_file.h"
#include "core/hub/hub_cache.h"
#include "core/hub/hub_repo_id.h"

#include <nlohmann/json.hpp>

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <set>

namespace fpt::core {

namespace fs = std::filesystem;

namespace {

// A cached Hub model is offered as a backbone only when it is a GPT-2 (a shared HF cache may
// hold any other model too).
bool isGpt2Folder(const std::string& folder) {
    nlohmann::json config;
    std::string error;
    return tryReadJsonFile((fs::path(folder) / "config.json").string(), {}, config, error) &&
           config.is_object() && config.value("model_type", std::string()) == "gpt2";
}

}  // namespace

std::string projectRoot() {
    if (const char* env = std::getenv("FPT_ROOT"); env != nullptr && *env != '\0') {
        return env;
    }
    std::error_code ec;
    fs::path dir = fs::read_symlink("/proc/self/exe", ec).parent_path();
    for (int up = 0; up < 6 && !dir.empty(); ++up) {
        if (fs::is_directory(dir / "presets", ec) && fs::exists(dir / "CMakeLists.txt", ec)) {
            return dir.string();
        }
        // Installed (cmake --install / the .deb): PREFIX/bin/fpt finds PREFIX/share/fpt-explorer,
        // which holds presets/, backbones/ and resources/ in the source tree's layout.
        if (const fs::path shared = dir / "share" / "fpt-explorer"; fs::is_directory(shared / "presets", ec)) {
            return shared.string();
        }
        if (dir == dir.parent_path()) {
            break;
        }
        dir = dir.parent_path();
    }
    return "";
}

std::vector<std::string> BackboneRegistry::searchPath() {
    std::vector<std::string> dirs;
    if (const char* env = std::getenv("FPT_BACKBONES"); env != nullptr) {
        std::string list = env;
        std::size_t start = 0;
        while (start <= list.size()) {
            const auto end = list.find(':', start);
            const auto item = list.substr(start, end == std::string::npos ? std::string::npos : end - start);
            if (!item.empty()) {
                dirs.push_back(item);
            }
            if (end == std::string::npos) {
                break;
            }
            start = end + 1;
        }
    }
    if (const auto root = projectRoot(); !root.empty()) {
        dirs.push_back((fs::path(root) / "backbones").string());
    }
    if (const char* home = std::getenv("HOME"); home != nullptr) {
        dirs.push_back((fs::path(home) / ".local/share/fpt-explorer/backbones").string());
    }
    return dirs;
}

std::vector<BackboneInfo> BackboneRegistry::available() {
    std::vector<BackboneInfo> out;
    std::set<std::string> seen;
    std::error_code ec;
    for (const auto& dir : searchPath()) {
        for (const auto& entry : fs::directory_iterator(dir, ec)) {
            const auto name = entry.path().filename().string();
            if (entry.is_directory() && fs::exists(entry.path() / "config.json") &&
                seen.insert(name).second) {
                out.push_back({name, fs::absolute(entry.path()).string(), BackboneSource::Named});
            }
        }
    }
    for (const auto& model : HubCache().list()) {
        if (isGpt2Folder(model.snapshot) && seen.insert(model.name).second) {
            out.push_back({model.name, model.snapshot, BackboneSource::Hub});
        }
    }
    return out;
}

BackboneInfo BackboneRegistry::resolve(const std::string& nameOrPath) {
    if (isRandomBackbone(nameOrPath) || nameOrPath.empty()) {
        return {kRandomBackbone, "", BackboneSource::Random};
    }
    std::error_code ec;
    if (fs::is_directory(nameOrPath, ec)) {
        return {nameOrPath, fs::absolute(nameOrPath).string(), BackboneSource::Folder};
    }
    for (const auto& info : available()) {
        if (info.name == nameOrPath) {
            return info;
        }
    }
    std::string hubHint;
    if (HubRepoId::isValid(nameOrPath)) {
        const auto repo = HubRepoId::parse(nameOrPath);
        const HubCache cache;
        if (auto snapshot = cache.findSnapshot(repo); !snapshot.empty()) {
            return {nameOrPath, snapshot, BackboneSource::Hub};
        }
        hubHint = ", nor a Hub model in the Hugging Face cache '" + cache.root() +
                  "'; to download it from the Hub run: " + repo.fetchCommand();
    }
    std::string names;
    for (const auto& info : available()) {
        names += (names.empty() ? "" : ", ") + info.name;
    }
    throw ConfigError("/model/backbone: '" + nameOrPath +
                      "' is neither a folder nor a known backbone (available: random" +
                      (names.empty() ? "" : ", " + names) + "; make one with `fpt pretrain`)" + hubHint);
}

}  // namespace fpt::core
