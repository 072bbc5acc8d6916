// SPDX-License-Identifier: MIT
// Study grids. Small budgets keep a whole study well under an hour on 2 cores with the shipped
// 4 x 256 backbone; "paper" uses the paper's step counts (Table 6) and a GPT-2 backbone folder.
#include "core/studies/study_plan.h"

#include "core/data/data_paths.h"
#include "core/config/error.h"
#include "core/studies/paper_numbers.h"

#include <filesystem>
#include <map>

namespace fpt::core {

namespace fs = std::filesystem;

namespace {

struct SmallBudget {
    int64_t steps;
    int64_t batch;
    int64_t eval_every;
};

const std::map<std::string, SmallBudget>& smallBudgets() {
    static const std::map<std::string, SmallBudget> kBudgets = {
        {"bit_xor", {600, 16, 100}},  {"bit_memory", {300, 8, 100}},
        {"listops", {200, 8, 100}},   {"mnist", {1000, 16, 250}},
        {"fashion_mnist", {1000, 16, 250}}, {"cifar10", {1000, 16, 250}},
        {"cifar10_lra", {150, 4, 50}}, {"remote_homology", {150, 8, 50}}};
    return kBudgets;
}

/// "medium": long enough for Bit Memory to pass the ~75% copy level and ListOps to leave the
/// constant answer for at least one model (docs/results/README.md has the cost estimate).
const std::map<std::string, SmallBudget>& mediumBudgets() {
    static const std::map<std::string, SmallBudget> kBudgets = {
        {"bit_xor", {2000, 16, 200}},  {"bit_memory", {3000, 16, 300}},
        {"listops", {2000, 16, 200}},  {"mnist", {3000, 16, 300}},
        {"fashion_mnist", {3000, 16, 300}}, {"cifar10", {3000, 16, 300}},
        {"cifar10_lra", {1000, 4, 100}}, {"remote_homology", {1000, 8, 100}}};
    return kBudgets;
}

const char* const kLanguage = "language-brown-4x256";
const char* const kVision = "vision-fashion-4x256";
const char* const kBits = "bits-memory-4x256";

/// Whether a task's files are present (generated tasks always are; ListOps falls back to its
/// generator). Returns "" when runnable, else why not.
std::string missingData(const std::string& task) {
    TaskConfig t;
    t.name = parseTaskKind(task, "study row");
    fs::path dir = resolveDataPath(t);
    std::error_code ec;
    // Reports are committed: name the folder relative to the working folder when it is below it.
    if (const auto rel = fs::relative(dir, fs::current_path(ec), ec); !ec && !rel.empty() &&
                                                                       *rel.begin() != "..") {
        dir = rel;
    }
    if (task == "cifar10" || task == "cifar10_lra") {
        return fs::exists(dir / "data_batch_1.bin", ec) ? "" : "no CIFAR-10 binary batches in " + dir.string();
    }
    if (task == "remote_homology") {
        for (const char* ext : {".json", ".jsonl", ".fasta"}) {
            if (fs::exists(dir / (std::string("remote_homology_train") + ext), ec)) {
                return "";
            }
        }
        return "no TAPE records in " + dir.string();
    }
    if (task == "mnist") {
        return fs::exists(dir, ec) ? "" : "no MNIST digits in " + dir.string() + " (scripts/fetch_data.sh)";
    }
    if (task == "fashion_mnist") {
        return fs::exists(dir, ec) ? "" : "Debian dataset-fashion-mnist not installed";
    }
    return "";
}

RunConfig baseConfig(const std::string& presetsDir, const std::string& task, const std::string& kind) {
    const auto path = (fs::path(presetsDir) / (task + "_" + kind + ".json")).string();
    return loadRunConfig(path);
}

void applyBudget(RunConfig& c, const std::string& task, const std::string& budget) {
    if (budget == "paper") {
        c.train.steps = c.train.paper_steps > 0 ? c.train.paper_steps : c.train.steps;
        c.train.eval_every = std::max<int64_t>(c.train.steps / 20, 1);
        if (c.model.kind == ModelKind::Fpt) {
            c.model.backbone = "gpt2";  // backbones/gpt2: a real HF GPT-2 (docs/backbones.md)
        } else {
            c.model.n_layer = c.model.kind == ModelKind::Lstm ? 3 : 12;
            c.model.n_embd = 768;
            c.model.n_head = 12;
        }
    } else {
        const auto& b = (budget == "medium" ? mediumBudgets() : smallBudgets()).at(task);
        c.train.steps = b.steps;
        c.train.batch_size = b.batch;
        c.train.eval_every = b.eval_every;
    }
    c.train.snapshot_every = 0;
    c.train.checkpoint_every = std::max<int64_t>(c.train.steps / 2, 1);
}

void freezeSetting(ModelConfig& m, const std::string& column) {
    // Successive ablation (paper Tables 15/19, then 13/14): each column frees one more group.
    m.freeze_trans = true;
    m.freeze_attn = m.freeze_ff = true;
    m.freeze_out = false;
    m.freeze_ln = m.freeze_in = m.freeze_pos = true;
    if (column == "output") {
        return;
    }
    m.freeze_ln = false;
    if (column == "+layernorm") {
        return;
    }
    m.freeze_in = false;
    if (column == "+input") {
        return;
    }
    m.freeze_pos = false;
    if (column == "+positions") {
        return;
    }
    m.freeze_ff = false;
    if (column == "+last_attention") {
        m.unfreeze_attn_layers = {-1};
    }
}

}  // namespace

std::string StudyPlan::runDir(const std::string& out, const StudyCell& cell, int seed) const {
    return (fs::path(out) / (cell.row + "__" + cell.column) / ("seed" + std::to_string(seed))).string();
}

double StudyPlan::targetAccuracy(const std::string& task) {
    if (task == "bit_xor" || task == "bit_memory") {
        return 0.95;
    }
    if (task == "mnist" || task == "fashion_mnist") {
        return 0.85;
    }
    return 0.3;  // listops and the rest: well above chance (10%)
}

std::vector<std::pair<std::string, std::string>> availableStudies() {
    return {{"table1", "FPT vs fully trained transformer vs LSTM on every runnable task (Table 1)"},
            {"pretraining", "frozen backbones pretrained on language, vision, bits, or random (Table 2)"},
            {"freezing", "output only -> +LayerNorm -> +input -> +positions -> +feed-forward -> +last attention (Tables 13-15)"},
            {"steps_to_converge", "steps until a target accuracy, pretrained vs random frozen body (Table 6)"},
            {"full_lr", "FPT vs the fully trained transformer at three learning rates (after Rothermel et al. 2021)"}};
}

StudyPlan buildStudyPlan(const std::string& name, const std::string& budget, int seeds,
                         const std::string& presetsDir) {
    if (budget != "small" && budget != "medium" && budget != "paper") {
        throw ConfigError("study budget must be \"small\", \"medium\" or \"paper\", got \"" + budget + "\"");
    }
    if (seeds < 1) {
        throw ConfigError("--seeds must be >= 1");
    }
    StudyPlan plan;
    plan.name = name;
    plan.budget = budget;
    plan.seeds = seeds;
    plan.metric = name == "steps_to_converge" ? "steps_to_target" : "test_accuracy";
    std::vector<std::string> tasks;
    if (name == "table1") {
        plan.title = "FPT vs Full transformer vs LSTM (paper Table 1)";
        tasks = {"bit_memory", "bit_xor", "listops", "mnist", "fashion_mnist", "cifar10", "cifar10_lra", "remote_homology"};
        plan.columns = {"fpt", "full", "lstm"};
        plan.comparisons = {{"fpt", "full"}, {"fpt", "lstm"}};
    } else if (name == "pretraining") {
        plan.title = "Pretraining modality of the frozen body (paper Table 2)";
        tasks = {"bit_memory", "bit_xor", "listops", "mnist", "fashion_mnist", "cifar10"};
        plan.columns = {"language", "vision", "bits", "random"};
        plan.comparisons = {{"language", "random"}, {"language", "vision"}, {"language", "bits"}};
    } else if (name == "freezing") {
        plan.title = "Which parameters to fine-tune (paper Tables 15/19 and 13/14)";
        tasks = {"bit_xor", "mnist"};
        plan.columns = {"output", "+layernorm", "+input", "+positions", "+feedforward", "+last_attention"};
        for (std::size_t i = 1; i < plan.columns.size(); ++i) {
            plan.comparisons.emplace_back(plan.columns[i], plan.columns[i - 1]);
        }
    } else if (name == "steps_to_converge") {
        plan.title = "Steps to a target accuracy, pretrained vs random frozen body (paper Table 6)";
        tasks = {"bit_xor", "mnist"};
        plan.columns = {"pretrained", "random"};
        plan.comparisons = {{"pretrained", "random"}};
    } else if (name == "full_lr") {
        plan.title = "FPT vs the fully trained transformer at three learning rates (Rothermel et al. 2021)";
        tasks = {"bit_memory", "bit_xor", "mnist", "fashion_mnist"};
        plan.columns = {"fpt", "full_lr1e-3", "full_lr3e-4", "full_lr1e-4"};
        plan.comparisons = {{"fpt", "full_lr1e-3"}, {"fpt", "full_lr3e-4"}, {"fpt", "full_lr1e-4"}};
    } else {
        throw ConfigError("unknown study '" + name + "' (table1, pretraining, freezing, steps_to_converge, full_lr)");
    }
    for (const auto& task : tasks) {
        if (const auto why = missingData(task); !why.empty()) {
            plan.skipped.push_back(task + ": " + why);
            continue;
        }
        plan.rows.push_back(task);
        for (const auto& column : plan.columns) {
            StudyCell cell;
            cell.row = task;
            cell.column = column;
            const std::string kind = name == "table1"                          ? column
                                     : name == "full_lr" && column != "fpt" ? "full"
                                                                            : "fpt";
            cell.config = baseConfig(presetsDir, task, kind);
            applyBudget(cell.config, task, budget);
            if (name == "full_lr" && column != "fpt") {
                cell.config.train.learning_rate = std::stod(column.substr(std::string("full_lr").size()));
            }
            if (name == "pretraining") {
                cell.config.model.backbone = column == "language" ? kLanguage
                                             : column == "vision" ? kVision
                                             : column == "bits"   ? kBits
                                                                  : kRandomBackbone;
            } else if (name == "freezing") {
                freezeSetting(cell.config.model, column);
            } else if (name == "steps_to_converge") {
                cell.config.model.backbone = column == "pretrained" ? kLanguage : kRandomBackbone;
                cell.config.train.eval_every = std::max<int64_t>(cell.config.train.steps / 40, 5);
            }
            if (budget == "paper" && name != "table1" && name != "full_lr" &&
                !isRandomBackbone(cell.config.model.backbone) && name != "pretraining") {
                cell.config.model.backbone = "gpt2";
            }
            cell.config.name = name + "/" + task + "/" + column;
            cell.paper = paperNumber(name, task, column);
            plan.cells.push_back(std::move(cell));
        }
    }
    return plan;
}

}  // namespace fpt::core
