// SPDX-License-Identifier: MIT
// fpt fetch: Hub download with a progress line, Ctrl-C as a clean cancel, and a hint on how to
// use what arrived (a GPT-2 as model.backbone, a ViT through `fpt convert vit`).
#include "app/cli/fetch_command.h"

#include "core/hub/hub_downloader.h"
#include "core/hub/hub_repo_id.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <memory>

namespace fpt::app {

namespace {

std::atomic<bool> gInterrupted{false};

extern "C" void onInterrupt(int) {
    gInterrupted = true;
}

std::string human(double bytes) {
    const char* units[] = {"B", "kB", "MB", "GB", "TB"};
    int unit = 0;
    while (bytes >= 1000.0 && unit < 4) {
        bytes /= 1000.0;
        ++unit;
    }
    char text[32];
    std::snprintf(text, sizeof text, unit == 0 ? "%.0f %s" : "%.1f %s", bytes, units[unit]);
    return text;
}

// One progress line per file: redrawn in place on a terminal, every 2 s otherwise.
class ProgressPrinter {
public:
    bool operator()(const core::HubProgress& p) {
        const bool done = p.file_done >= p.file_total && p.seconds == 0.0;
        const auto now = std::chrono::steady_clock::now();
        if (!done && !m_tty && now - m_last < std::chrono::seconds(2)) {
            return !gInterrupted;
        }
        m_last = now;
        const double rate = p.seconds > 0.0 ? static_cast<double>(p.file_done - p.resumed) / p.seconds : 0.0;
        std::string line = p.file + "  " + human(static_cast<double>(p.file_done)) + " / " +
                           human(static_cast<double>(p.file_total));
        if (done) {
            line += "  done";
        } else if (rate > 0.0) {
            const auto eta = static_cast<long>(static_cast<double>(p.file_total - p.file_done) / rate);
            char tail[64];
            std::snprintf(tail, sizeof tail, "  %s/s  ETA %ld:%02ld", human(rate).c_str(), eta / 60, eta % 60);
            line += tail;
        }
        if (p.resumed > 0) {
            line += "  (resumed at " + human(static_cast<double>(p.resumed)) + ")";
        }
        std::fprintf(stderr, m_tty ? "\r%-78s%s" : "%s%s\n", line.c_str(), m_tty && done ? "\n" : "");
        std::fflush(stderr);
        return !gInterrupted;
    }

private:
    bool m_tty = ::isatty(STDERR_FILENO) != 0;
    std::chrono::steady_clock::time_point m_last{};
};

void printHint(const core::HubRepoId& repo, const core::HubFetchResult& r) {
    if (r.model_type == "gpt2") {
        std::fprintf(stderr, "ready: use it with --set model.backbone=%s (works offline from now on)\n",
                     repo.display().c_str());
    } else if (r.model_type == "vit") {
        std::fprintf(stderr, "a ViT: make it a backbone folder with: fpt convert vit %s backbones/%s\n",
                     r.snapshot.c_str(), repo.id().substr(repo.id().rfind('/') + 1).c_str());
    } else {
        std::fprintf(stderr, "note: model_type '%s' is not GPT-2; fpt's backbones are GPT-2 (or a ViT via fpt convert vit)\n",
                     r.model_type.c_str());
    }
}

void runFetch(const std::string& id, const std::string& revision) {
    const auto repo = core::HubRepoId::parse(id, revision);
    core::HubDownloader downloader;
    std::fprintf(stderr, "fetching %s from %s into %s\n", repo.display().c_str(),
                 downloader.endpoint().c_str(), downloader.cache().root().c_str());
    gInterrupted = false;
    auto* previous = std::signal(SIGINT, &onInterrupt);
    ProgressPrinter printer;
    core::HubFetchResult result;
    try {
        result = downloader.fetch(repo, [&printer](const core::HubProgress& p) { return printer(p); });
    } catch (...) {
        std::signal(SIGINT, previous);
        throw;
    }
    std::signal(SIGINT, previous);
    printHint(repo, result);
    nlohmann::json files = nlohmann::json::array();
    for (const auto& f : result.files) {
        files.push_back({{"name", f.name}, {"size", f.size}, {"downloaded", f.downloaded},
                         {"sha256_verified", f.verified_sha256}});
    }
    std::cout << nlohmann::json{{"repo", result.repo_id}, {"revision", result.revision},
                                {"commit", result.commit}, {"snapshot", result.snapshot},
                                {"model_type", result.model_type}, {"backbone", repo.display()},
                                {"files", files}, {"bytes_downloaded", result.bytes_downloaded},
                                {"offline", result.offline}}
                     .dump()
              << std::endl;
}

}  // namespace

void registerFetchCommand(CLI::App& app) {
    struct Args {
        std::string repo;
        std::string revision;
    };
    auto args = std::make_shared<Args>();
    auto* cmd = app.add_subcommand("fetch", "Download a model from the Hugging Face Hub into the shared HF cache");
    cmd->add_option("REPO_ID", args->repo, "Hub id: gpt2, openai-community/gpt2-medium, distilgpt2, ...")
        ->required();
    cmd->add_option("--revision", args->revision, "Branch, tag or commit (default: main)");
    cmd->footer("Cache: $HF_HUB_CACHE, else $HF_HOME/hub, else ~/.cache/huggingface/hub (shared with\n"
                "huggingface_hub). HF_ENDPOINT picks a mirror, HF_TOKEN opens gated repos, HF_HUB_OFFLINE=1\n"
                "never touches the network. Ctrl-C keeps the partial file; running again resumes it.");
    cmd->callback([args]() { runFetch(args->repo, args->revision); });
}

}  // namespace fpt::app
