// SPDX-License-Identifier: MIT
// RunConfig JSON: strict reading (unknown keys and type mismatches are errors, each with its JSON
// path), defaults for missing keys, range/cross-field validation, and --set overrides.
#include "core/config/json_file.h"
#include "core/config/run_config.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <fstream>
#include <optional>
#include <set>
#include <sstream>
#include <vector>

namespace fpt::core {

using nlohmann::json;

namespace {

/// Reads the fields of one JSON object, recording problems instead of throwing.
// A whole number an int64 can hold. Casting a double outside that range is undefined behaviour
// (1e300 in a preset; found by fuzzing, issue 8), so it is checked first.
bool isWholeInt64(double d) {
    return std::isfinite(d) && d >= -9.2e18 && d <= 9.2e18 && d == std::trunc(d);
}

class FieldReader {
public:
    FieldReader(const json& j, std::string path, std::vector<ConfigIssue>& issues)
        : m_json(j)
        , m_path(std::move(path))
        , m_issues(issues) {
        if (!j.is_object()) {
            m_issues.push_back({m_path.empty() ? "/" : m_path, "must be a JSON object"});
        }
    }

    ~FieldReader() {
        if (!m_json.is_object()) {
            return;
        }
        for (const auto& item : m_json.items()) {
            if (m_known.count(item.key()) == 0) {
                m_issues.push_back({m_path + "/" + item.key(), "unknown key"});
            }
        }
    }
    FieldReader(const FieldReader&) = delete;
    FieldReader& operator=(const FieldReader&) = delete;

    const json* find(const char* key) {
        m_known.insert(key);
        if (!m_json.is_object()) {
            return nullptr;
        }
        const auto it = m_json.find(key);
        return it == m_json.end() ? nullptr : &*it;
    }

    std::string pathOf(const char* key) const { return m_path + "/" + key; }

    void read(const char* key, int64_t& out) {
        if (const json* v = find(key)) {
            if (v->is_number_integer()) {
                out = v->get<int64_t>();
            } else if (v->is_number_float() && isWholeInt64(v->get<double>())) {
                out = static_cast<int64_t>(v->get<double>());
            } else {
                mismatch(key, "an integer", *v);
            }
        }
    }
    void read(const char* key, int& out) {
        int64_t wide = out;
        const auto before = m_issues.size();
        read(key, wide);
        if (m_issues.size() == before && (wide < INT32_MIN || wide > INT32_MAX)) {
            m_issues.push_back(
                {pathOf(key), "must be a 32-bit integer, got " + std::to_string(wide)});
            return;
        }
        out = static_cast<int>(wide);
    }
    void read(const char* key, double& out) {
        if (const json* v = find(key)) {
            v->is_number() ? void(out = v->get<double>()) : mismatch(key, "a number", *v);
        }
    }
    void read(const char* key, bool& out) {
        if (const json* v = find(key)) {
            v->is_boolean() ? void(out = v->get<bool>()) : mismatch(key, "true or false", *v);
        }
    }
    /// A closed set read from its JSON string; an unknown name lists the allowed ones.
    template <class E>
    void readKind(const char* key, E& out, std::optional<E> (*fromString)(const std::string&),
                  const std::vector<std::string>& allowed) {
        if (const json* v = find(key)) {
            std::string list;
            for (const auto& name : allowed) {
                list += (list.empty() ? "" : ", ") + name;
            }
            if (!v->is_string()) {
                mismatch(key, ("one of " + list).c_str(), *v);
            } else if (const auto value = fromString(v->get<std::string>())) {
                out = *value;
            } else {
                m_issues.push_back({pathOf(key), "unknown value \"" + v->get<std::string>() +
                                                     "\" (allowed: " + list + ")"});
            }
        }
    }
    void read(const char* key, TaskKind& out) { readKind(key, out, taskKindFromString, taskKindNames()); }
    void read(const char* key, ModelKind& out) {
        readKind(key, out, modelKindFromString, modelKindNames());
    }
    void read(const char* key, std::string& out) {
        if (const json* v = find(key)) {
            v->is_string() ? void(out = v->get<std::string>()) : mismatch(key, "a string", *v);
        }
    }
    void read(const char* key, std::vector<int64_t>& out) {
        if (const json* v = find(key)) {
            const bool ok = v->is_array() && std::all_of(v->begin(), v->end(), [](const json& e) {
                                return e.is_number_integer();
                            });
            ok ? void(out = v->get<std::vector<int64_t>>())
               : mismatch(key, "an array of integers", *v);
        }
    }

private:
    void mismatch(const char* key, const char* expected, const json& got) {
        m_issues.push_back({pathOf(key), std::string("must be ") + expected + ", got " + got.dump()});
    }
    void mismatch(const char* key, const std::string& expected, const json& got) {
        mismatch(key, expected.c_str(), got);
    }

    const json& m_json;
    std::string m_path;
    std::vector<ConfigIssue>& m_issues;
    std::set<std::string> m_known;
};

void readTask(const json& j, TaskConfig& c, std::vector<ConfigIssue>& issues) {
    FieldReader r(j, "/task", issues);
    r.read("name", c.name);
    r.read("data_path", c.data_path);
    r.read("n", c.n);
    r.read("num_patterns", c.num_patterns);
    r.read("patch_size", c.patch_size);
    r.read("paper_resize", c.paper_resize);
    r.read("augment", c.augment);
    r.read("max_length", c.max_length);
    r.read("source", c.source);
    r.read("drop_brackets", c.drop_brackets);
    r.read("generate_train", c.generate_train);
    r.read("generate_test", c.generate_test);
    r.read("max_depth", c.max_depth);
    r.read("max_args", c.max_args);
    r.read("test_split", c.test_split);
    r.read("max_train_examples", c.max_train_examples);
    r.read("test_fraction", c.test_fraction);
}

void readModel(const json& j, ModelConfig& c, std::vector<ConfigIssue>& issues) {
    FieldReader r(j, "/model", issues);
    r.read("kind", c.kind);
    r.read("backbone", c.backbone);
    r.read("n_layer", c.n_layer);
    r.read("n_embd", c.n_embd);
    r.read("n_head", c.n_head);
    r.read("dropout", c.dropout);
    r.read("freeze_trans", c.freeze_trans);
    r.read("freeze_in", c.freeze_in);
    r.read("freeze_pos", c.freeze_pos);
    r.read("freeze_ln", c.freeze_ln);
    r.read("freeze_attn", c.freeze_attn);
    r.read("freeze_ff", c.freeze_ff);
    r.read("freeze_out", c.freeze_out);
    r.read("unfreeze_attn_layers", c.unfreeze_attn_layers);
    r.read("unfreeze_ff_layers", c.unfreeze_ff_layers);
    r.read("orth_gain", c.orth_gain);
    r.read("lstm_layer_norm", c.lstm_layer_norm);
    r.read("attention", c.attention);
    r.read("lstm_fused", c.lstm_fused);
}

void readTrain(const json& j, TrainConfig& c, std::vector<ConfigIssue>& issues) {
    FieldReader r(j, "/train", issues);
    r.read("steps", c.steps);
    r.read("batch_size", c.batch_size);
    r.read("learning_rate", c.learning_rate);
    r.read("weight_decay", c.weight_decay);
    r.read("grad_clip", c.grad_clip);
    r.read("seed", c.seed);
    r.read("eval_every", c.eval_every);
    r.read("eval_batches", c.eval_batches);
    r.read("final_eval_examples", c.final_eval_examples);
    r.read("log_every", c.log_every);
    r.read("checkpoint_every", c.checkpoint_every);
    r.read("keep_checkpoints", c.keep_checkpoints);
    r.read("snapshot_every", c.snapshot_every);
    r.read("device", c.device);
    r.read("threads", c.threads);
    r.read("max_minutes", c.max_minutes);
    r.read("paper_steps", c.paper_steps);
}

void throwIfAny(const std::vector<ConfigIssue>& issues, const char* what) {
    if (!issues.empty()) {
        throw ConfigValidationError(what, issues);
    }
}

std::string joinIssues(const std::string& origin, const std::vector<ConfigIssue>& issues) {
    std::string text = "invalid configuration '" + origin + "':";
    for (const auto& issue : issues) {
        text += "\n  " + issue.path + ": " + issue.message;
    }
    return text;
}

bool oneOf(const std::string& value, const std::vector<std::string>& options) {
    return std::find(options.begin(), options.end(), value) != options.end();
}

}  // namespace

ConfigValidationError::ConfigValidationError(const std::string& origin,
                                             std::vector<ConfigIssue> issues)
    : ConfigError(joinIssues(origin, issues))
    , m_issues(std::move(issues)) {}

void to_json(json& j, const TaskConfig& c) {
    j = json{{"name", c.name}, {"data_path", c.data_path}, {"n", c.n},
             {"num_patterns", c.num_patterns}, {"patch_size", c.patch_size},
             {"paper_resize", c.paper_resize}, {"augment", c.augment},
             {"max_length", c.max_length}, {"source", c.source},
             {"drop_brackets", c.drop_brackets}, {"generate_train", c.generate_train},
             {"generate_test", c.generate_test}, {"max_depth", c.max_depth},
             {"max_args", c.max_args}, {"test_split", c.test_split},
             {"max_train_examples", c.max_train_examples}, {"test_fraction", c.test_fraction}};
}

void to_json(json& j, const ModelConfig& c) {
    j = json{{"kind", c.kind}, {"backbone", c.backbone}, {"n_layer", c.n_layer},
             {"n_embd", c.n_embd}, {"n_head", c.n_head}, {"dropout", c.dropout},
             {"freeze_trans", c.freeze_trans}, {"freeze_in", c.freeze_in},
             {"freeze_pos", c.freeze_pos}, {"freeze_ln", c.freeze_ln},
             {"freeze_attn", c.freeze_attn}, {"freeze_ff", c.freeze_ff},
             {"freeze_out", c.freeze_out}, {"unfreeze_attn_layers", c.unfreeze_attn_layers},
             {"unfreeze_ff_layers", c.unfreeze_ff_layers}, {"orth_gain", c.orth_gain},
             {"lstm_layer_norm", c.lstm_layer_norm}, {"attention", c.attention},
             {"lstm_fused", c.lstm_fused}};
}

void to_json(json& j, const TrainConfig& c) {
    j = json{{"steps", c.steps}, {"batch_size", c.batch_size},
             {"learning_rate", c.learning_rate}, {"weight_decay", c.weight_decay},
             {"grad_clip", c.grad_clip}, {"seed", c.seed}, {"eval_every", c.eval_every},
             {"eval_batches", c.eval_batches}, {"final_eval_examples", c.final_eval_examples},
             {"log_every", c.log_every},
             {"checkpoint_every", c.checkpoint_every}, {"keep_checkpoints", c.keep_checkpoints},
             {"snapshot_every", c.snapshot_every}, {"device", c.device}, {"threads", c.threads},
             {"max_minutes", c.max_minutes}, {"paper_steps", c.paper_steps}};
}

void to_json(json& j, const RunConfig& c) {
    j = json{{"schema_version", c.schema_version}, {"name", c.name},
             {"description", c.description}, {"task", c.task},
             {"model", c.model}, {"train", c.train}};
}

void from_json(const json& j, TaskConfig& c) {
    std::vector<ConfigIssue> issues;
    readTask(j, c, issues);
    throwIfAny(issues, "task");
}

void from_json(const json& j, ModelConfig& c) {
    std::vector<ConfigIssue> issues;
    readModel(j, c, issues);
    throwIfAny(issues, "model");
}

void from_json(const json& j, TrainConfig& c) {
    std::vector<ConfigIssue> issues;
    readTrain(j, c, issues);
    throwIfAny(issues, "train");
}

RunConfig readRunConfig(const json& j, std::vector<ConfigIssue>& issues) {
    RunConfig c;
    FieldReader r(j, "", issues);
    r.read("schema_version", c.schema_version);
    r.read("name", c.name);
    r.read("description", c.description);
    static const json kEmpty = json::object();
    const json* task = r.find("task");
    const json* model = r.find("model");
    const json* train = r.find("train");
    readTask(task != nullptr ? *task : kEmpty, c.task, issues);
    readModel(model != nullptr ? *model : kEmpty, c.model, issues);
    readTrain(train != nullptr ? *train : kEmpty, c.train, issues);
    return c;
}

void from_json(const json& j, RunConfig& c) {
    std::vector<ConfigIssue> issues;
    c = readRunConfig(j, issues);
    throwIfAny(issues, "config");
}

std::vector<ConfigIssue> validate(const RunConfig& c) {
    std::vector<ConfigIssue> out;
    auto check = [&out](bool ok, const std::string& path, const std::string& message) {
        if (!ok) {
            out.push_back({path, message});
        }
    };
    auto positive = [&](int64_t v, const char* path) {
        check(v > 0, path, "must be > 0, got " + std::to_string(v));
    };
    auto nonNegative = [&](int64_t v, const char* path) {
        check(v >= 0, path, "must be >= 0, got " + std::to_string(v));
    };
    check(c.schema_version == kRunConfigSchemaVersion, "/schema_version",
          "this build reads schema " + std::to_string(kRunConfigSchemaVersion) + ", got " +
              std::to_string(c.schema_version) + " (start a new run or re-export the preset)");
    const auto& t = c.task;
    for (const auto& [v, path] : {std::pair{t.n, "/task/n"}, {t.num_patterns, "/task/num_patterns"},
                                  {t.patch_size, "/task/patch_size"}, {t.max_length, "/task/max_length"},
                                  {t.generate_train, "/task/generate_train"},
                                  {t.generate_test, "/task/generate_test"},
                                  {t.max_depth, "/task/max_depth"}, {t.max_args, "/task/max_args"},
                                  {t.max_train_examples, "/task/max_train_examples"}}) {
        nonNegative(v, path);
    }
    check(t.test_fraction >= 0.0 && t.test_fraction < 1.0, "/task/test_fraction",
          "must be in [0, 1)");
    check(t.source.empty() || t.source == "generate" || t.source == "files", "/task/source",
          "must be \"generate\", \"files\" or \"\" (auto), got \"" + t.source + "\"");
    if (t.n > 0 && t.patch_size > 0 && isBitTask(t.name)) {
        check(t.n % t.patch_size == 0, "/task/patch_size",
              "must divide n (" + std::to_string(t.n) + "), got " + std::to_string(t.patch_size));
    }

    const auto& m = c.model;
    check(!m.backbone.empty(), "/model/backbone", "must be \"random\", a backbone name or a folder");
    check(m.kind != ModelKind::Lstm || isRandomBackbone(m.backbone), "/model/backbone",
          "an lstm has no pretrained backbone; use \"random\"");
    positive(m.n_layer, "/model/n_layer");
    positive(m.n_embd, "/model/n_embd");
    positive(m.n_head, "/model/n_head");
    if (m.n_head > 0 && m.kind != ModelKind::Lstm) {
        check(m.n_embd % m.n_head == 0, "/model/n_head",
              "must divide n_embd (" + std::to_string(m.n_embd) + "), got " + std::to_string(m.n_head));
    }
    check(m.dropout >= 0.0 && m.dropout < 1.0, "/model/dropout", "must be in [0, 1)");
    check(oneOf(m.attention, {"auto", "plain", "blocked"}), "/model/attention",
          "must be \"auto\", \"plain\" or \"blocked\", got \"" + m.attention + "\"");

    const auto& r = c.train;
    nonNegative(r.steps, "/train/steps");
    positive(r.batch_size, "/train/batch_size");
    check(r.learning_rate > 0.0, "/train/learning_rate",
          "must be > 0, got " + std::to_string(r.learning_rate));
    check(r.weight_decay >= 0.0, "/train/weight_decay", "must be >= 0");
    nonNegative(r.eval_every, "/train/eval_every");
    positive(r.eval_batches, "/train/eval_batches");
    nonNegative(r.final_eval_examples, "/train/final_eval_examples");
    positive(r.log_every, "/train/log_every");
    nonNegative(r.checkpoint_every, "/train/checkpoint_every");
    positive(r.keep_checkpoints, "/train/keep_checkpoints");
    nonNegative(r.snapshot_every, "/train/snapshot_every");
    check(r.device == "cpu" || r.device == "cuda", "/train/device",
          "must be \"cpu\" or \"cuda\", got \"" + r.device + "\"");
    nonNegative(r.threads, "/train/threads");
    check(r.max_minutes >= 0.0, "/train/max_minutes", "must be >= 0");
    nonNegative(r.paper_steps, "/train/paper_steps");
    return out;
}

RunConfig parseRunConfig(const std::string& jsonText, const std::string& origin) {
    return checkedRunConfig(parseJsonText<ConfigError>(jsonText, origin), origin);
}

RunConfig checkedRunConfig(const json& j, const std::string& origin) {
    std::vector<ConfigIssue> issues;
    auto config = readRunConfig(j, issues);
    // Every problem at once: fields with a wrong type kept their (valid) default, so validating
    // the rest adds no spurious messages.
    for (auto& issue : validate(config)) {
        issues.push_back(std::move(issue));
    }
    if (!issues.empty()) {
        throw ConfigValidationError(origin, issues);
    }
    return config;
}

RunConfig loadRunConfig(const std::string& path) {
    return checkedRunConfig(readJsonFile<ConfigError>(path), path);
}

namespace {

/// A numeric path token may only index an element that exists: nlohmann would otherwise grow
/// (or create) an array up to that index, so `--set a.99999999=1` allocated ~100 M JSON values
/// (found by fuzz_run_config as a 7 s "timeout" for `a.888885=...`).
void checkOverridePath(const json& root, json::json_pointer path, const std::string& assignment) {
    std::vector<std::string> tokens;
    while (!path.empty()) {
        tokens.insert(tokens.begin(), path.back());
        path.pop_back();
    }
    const json* node = &root;
    for (const auto& token : tokens) {
        const bool digits = !token.empty() && std::all_of(token.begin(), token.end(),
                                                          [](char c) { return c >= '0' && c <= '9'; });
        if (node != nullptr && node->is_array()) {
            if (!digits || token.size() > 9 || std::stoul(token) >= node->size()) {
                throw ConfigError("--set '" + assignment + "': '" + token +
                                  "' is not an index of that array (size " +
                                  std::to_string(node->size()) + "); set the whole array: key=[...]");
            }
            node = &(*node)[std::stoul(token)];
        } else if (node != nullptr && node->is_object()) {
            const auto it = node->find(token);  // a numeric token is a plain key here
            node = it == node->end() ? nullptr : &*it;
        } else if (digits || token == "-") {
            throw ConfigError("--set '" + assignment + "': '" + token +
                              "' would create an array there; set the whole array instead: key=[...]");
        } else {
            node = nullptr;  // the assignment creates objects from here on
        }
    }
}

}  // namespace

void applyOverride(json& configJson, const std::string& assignment) {
    const auto eq = assignment.find('=');
    if (eq == std::string::npos || eq == 0) {
        throw ConfigError("--set '" + assignment + "': expected path.to.key=value");
    }
    try {
        (void)json(assignment).dump();  // JSON text must be UTF-8; found by fuzz_run_config
    } catch (const json::exception&) {
        throw ConfigError("--set: the assignment is not valid UTF-8 text");
    }
    std::string pointer = "/" + assignment.substr(0, eq);
    std::replace(pointer.begin(), pointer.end(), '.', '/');
    const auto text = assignment.substr(eq + 1);
    json value;
    try {
        value = json::parse(text);
    } catch (const json::exception&) {
        value = text;  // bare words are strings: --set task.name=mnist
    }
    try {
        const json::json_pointer target(pointer);
        checkOverridePath(configJson, target, assignment);
        configJson[target] = value;
    } catch (const json::exception& e) {
        throw ConfigError("--set '" + assignment + "': " + e.what());
    }
}

}  // namespace fpt::core
