// SPDX-License-Identifier: MIT
// LanguagePretrainConfig checks and JSON (strict: unknown keys and wrong types are errors).
#include "core/config/pretrain_types.h"

#include "core/config/error.h"

#include <nlohmann/json.hpp>

namespace fpt::core {

namespace {

template <typename T>
void readKey(const nlohmann::json& j, const char* key, T& out) {
    const auto it = j.find(key);
    if (it == j.end()) {
        return;
    }
    try {
        out = it->get<T>();
    } catch (const nlohmann::json::exception&) {
        throw ConfigError("pretrain config: '" + std::string(key) + "' has the wrong type (" +
                          it->dump() + ")");
    }
}

}  // namespace

void LanguagePretrainConfig::validate() const {
    std::string problems;
    auto check = [&problems](bool ok, const std::string& what) {
        if (!ok) {
            problems += (problems.empty() ? "" : "; ") + what;
        }
    };
    check(!corpus.empty(), "corpus: give at least one file or folder");
    check(format == "auto" || format == "plain" || format == "brown",
          "format must be auto, plain or brown");
    check(holdout_every >= 2, "holdout_every must be >= 2");
    check(n_layer >= 1 && n_embd >= 1 && n_head >= 1, "layers, width and heads must be >= 1");
    check(n_head >= 1 && n_embd % n_head == 0, "width must be divisible by heads");
    check(context >= 2, "context must be >= 2");
    check(n_positions >= context, "positions must be >= context");
    check(batch_size >= 1, "batch must be >= 1");
    check(steps >= 0 && minutes >= 0.0, "steps and minutes must be >= 0");
    check(steps > 0 || minutes > 0.0, "give a budget: --steps N or --minutes M");
    check(learning_rate > 0.0, "learning rate must be > 0");
    check(min_lr_ratio >= 0.0 && min_lr_ratio <= 1.0, "min_lr_ratio must be in [0, 1]");
    check(warmup_fraction >= 0.0 && warmup_fraction < 1.0, "warmup_fraction must be in [0, 1)");
    check(weight_decay >= 0.0, "weight decay must be >= 0");
    check(dropout >= 0.0 && dropout < 1.0, "dropout must be in [0, 1)");
    check(eval_every >= 0 && eval_windows >= 0 && checkpoint_every >= 0,
          "eval_every, eval_windows and checkpoint_every must be >= 0");
    check(dtype == "f32" || dtype == "f16" || dtype == "bf16", "dtype must be f32, f16 or bf16");
    if (!problems.empty()) {
        throw ConfigError("pretrain: " + problems);
    }
}

void to_json(nlohmann::json& j, const LanguagePretrainConfig& c) {
    j = {{"corpus", c.corpus},
         {"format", c.format},
         {"holdout_every", c.holdout_every},
         {"n_layer", c.n_layer},
         {"n_embd", c.n_embd},
         {"n_head", c.n_head},
         {"n_positions", c.n_positions},
         {"context", c.context},
         {"batch_size", c.batch_size},
         {"steps", c.steps},
         {"minutes", c.minutes},
         {"learning_rate", c.learning_rate},
         {"min_lr_ratio", c.min_lr_ratio},
         {"warmup_fraction", c.warmup_fraction},
         {"weight_decay", c.weight_decay},
         {"dropout", c.dropout},
         {"grad_clip", c.grad_clip},
         {"seed", c.seed},
         {"eval_every", c.eval_every},
         {"eval_windows", c.eval_windows},
         {"checkpoint_every", c.checkpoint_every},
         {"dtype", c.dtype}};
}

void from_json(const nlohmann::json& j, LanguagePretrainConfig& c) {
    if (!j.is_object()) {
        throw ConfigError("pretrain config is not a JSON object");
    }
    nlohmann::json known;
    to_json(known, LanguagePretrainConfig{});
    for (const auto& item : j.items()) {
        if (!known.contains(item.key())) {
            throw ConfigError("pretrain config: unknown key '" + item.key() + "'");
        }
    }
    readKey(j, "corpus", c.corpus);
    readKey(j, "format", c.format);
    readKey(j, "holdout_every", c.holdout_every);
    readKey(j, "n_layer", c.n_layer);
    readKey(j, "n_embd", c.n_embd);
    readKey(j, "n_head", c.n_head);
    readKey(j, "n_positions", c.n_positions);
    readKey(j, "context", c.context);
    readKey(j, "batch_size", c.batch_size);
    readKey(j, "steps", c.steps);
    readKey(j, "minutes", c.minutes);
    readKey(j, "learning_rate", c.learning_rate);
    readKey(j, "min_lr_ratio", c.min_lr_ratio);
    readKey(j, "warmup_fraction", c.warmup_fraction);
    readKey(j, "weight_decay", c.weight_decay);
    readKey(j, "dropout", c.dropout);
    readKey(j, "grad_clip", c.grad_clip);
    readKey(j, "seed", c.seed);
    readKey(j, "eval_every", c.eval_every);
    readKey(j, "eval_windows", c.eval_windows);
    readKey(j, "checkpoint_every", c.checkpoint_every);
    readKey(j, "dtype", c.dtype);
}

}  // namespace fpt::core
