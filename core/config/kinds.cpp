// SPDX-License-Identifier: MIT
// The one table of names for each closed set in kinds.h.
#include "core/config/kinds.h"

#include "core/config/error.h"

#include <nlohmann/json.hpp>

#include <array>
#include <utility>

namespace fpt::core {

namespace {

template <class E, std::size_t N>
using Names = std::array<std::pair<E, const char*>, N>;

constexpr Names<ModelKind, 3> kModelKinds{{
    {ModelKind::Fpt, "fpt"}, {ModelKind::Full, "full"}, {ModelKind::Lstm, "lstm"}}};

constexpr Names<TaskKind, 8> kTaskKinds{{
    {TaskKind::BitMemory, "bit_memory"},
    {TaskKind::BitXor, "bit_xor"},
    {TaskKind::ListOps, "listops"},
    {TaskKind::Mnist, "mnist"},
    {TaskKind::FashionMnist, "fashion_mnist"},
    {TaskKind::Cifar10, "cifar10"},
    {TaskKind::Cifar10Lra, "cifar10_lra"},
    {TaskKind::RemoteHomology, "remote_homology"}}};

constexpr Names<ParamGroup, 9> kParamGroups{{
    {ParamGroup::Input, "input"},
    {ParamGroup::Output, "output"},
    {ParamGroup::Positions, "positions"},
    {ParamGroup::LayerNorm, "layernorm"},
    {ParamGroup::Attention, "attention"},
    {ParamGroup::FeedForward, "feedforward"},
    {ParamGroup::TokenEmbedding, "token_embedding"},
    {ParamGroup::Lstm, "lstm"},
    {ParamGroup::Other, "other"}}};

constexpr Names<BackboneSource, 4> kBackboneSources{{
    {BackboneSource::Random, "random"},
    {BackboneSource::Named, "named"},
    {BackboneSource::Folder, "folder"},
    {BackboneSource::Hub, "hub"}}};

template <class E, std::size_t N>
std::string nameOf(const Names<E, N>& table, E value) {
    for (const auto& [v, name] : table) {
        if (v == value) {
            return name;
        }
    }
    return "?";
}

template <class E, std::size_t N>
std::optional<E> valueOf(const Names<E, N>& table, const std::string& name) {
    for (const auto& [v, n] : table) {
        if (name == n) {
            return v;
        }
    }
    return std::nullopt;
}

template <class E, std::size_t N>
std::vector<std::string> namesOf(const Names<E, N>& table) {
    std::vector<std::string> out;
    for (const auto& entry : table) {
        out.emplace_back(entry.second);
    }
    return out;
}

std::string joined(const std::vector<std::string>& names) {
    std::string out;
    for (const auto& n : names) {
        out += (out.empty() ? "" : ", ") + n;
    }
    return out;
}

template <class E>
E parsedOrThrow(const std::optional<E>& value, const std::string& name, const std::string& field,
                const char* what, const std::vector<std::string>& allowed) {
    if (!value) {
        throw ConfigError(field + ": unknown " + what + " '" + name + "' (allowed: " + joined(allowed) +
                          ")");
    }
    return *value;
}

}  // namespace

std::string toString(ModelKind kind) { return nameOf(kModelKinds, kind); }
std::string toString(TaskKind kind) { return nameOf(kTaskKinds, kind); }
std::string toString(ParamGroup group) { return nameOf(kParamGroups, group); }
std::string toString(BackboneSource source) { return nameOf(kBackboneSources, source); }

std::optional<ModelKind> modelKindFromString(const std::string& name) { return valueOf(kModelKinds, name); }
std::optional<TaskKind> taskKindFromString(const std::string& name) { return valueOf(kTaskKinds, name); }
std::optional<ParamGroup> paramGroupFromString(const std::string& name) {
    return valueOf(kParamGroups, name);
}

const std::vector<std::string>& modelKindNames() {
    static const auto names = namesOf(kModelKinds);
    return names;
}

const std::vector<std::string>& taskKindNames() {
    static const auto names = namesOf(kTaskKinds);
    return names;
}

ModelKind parseModelKind(const std::string& name, const std::string& field) {
    return parsedOrThrow(modelKindFromString(name), name, field, "model kind", modelKindNames());
}

TaskKind parseTaskKind(const std::string& name, const std::string& field) {
    return parsedOrThrow(taskKindFromString(name), name, field, "task", taskKindNames());
}

bool isRandomBackbone(const std::string& backbone) { return backbone == kRandomBackbone; }

bool isBitTask(TaskKind kind) { return kind == TaskKind::BitMemory || kind == TaskKind::BitXor; }

bool isImageTask(TaskKind kind) {
    return kind == TaskKind::Mnist || kind == TaskKind::FashionMnist || kind == TaskKind::Cifar10 ||
           kind == TaskKind::Cifar10Lra;
}

void to_json(nlohmann::json& j, ModelKind kind) { j = toString(kind); }
void to_json(nlohmann::json& j, TaskKind kind) { j = toString(kind); }

void from_json(const nlohmann::json& j, ModelKind& kind) {
    if (!j.is_string()) {
        throw ConfigError("model.kind: expected a string (allowed: " + joined(modelKindNames()) + ")");
    }
    kind = parseModelKind(j.get<std::string>());
}

void from_json(const nlohmann::json& j, TaskKind& kind) {
    if (!j.is_string()) {
        throw ConfigError("task.name: expected a string (allowed: " + joined(taskKindNames()) + ")");
    }
    kind = parseTaskKind(j.get<std::string>());
}

}  // namespace fpt::core
