// SPDX-License-Identifier: MIT
// The engine's closed sets as types: model kind, task kind, parameter group, backbone source,
// each with its one to/from-string place (names equal the JSON spellings of presets and run.json).
#pragma once

#include <nlohmann/json_fwd.hpp>

#include <optional>
#include <string>
#include <vector>

namespace fpt::core {

enum class ModelKind { Fpt, Full, Lstm };

enum class TaskKind {
    BitMemory,
    BitXor,
    ListOps,
    Mnist,
    FashionMnist,
    Cifar10,
    Cifar10Lra,
    RemoteHomology,
};

/// Which weights a parameter belongs to (the paper's freezing columns, plus the LSTM body).
enum class ParamGroup {
    Input,
    Output,
    Positions,
    LayerNorm,
    Attention,
    FeedForward,
    TokenEmbedding,
    Lstm,
    Other,
};

/// Where a model.backbone value points: a random init, a named backbone on the search path,
/// a folder given by path, or a Hugging Face Hub id resolved from the local cache.
enum class BackboneSource { Random, Named, Folder, Hub };

std::string toString(ModelKind kind);
std::string toString(TaskKind kind);
std::string toString(ParamGroup group);
std::string toString(BackboneSource source);

/// Parses a name; nullopt when unknown.
std::optional<ModelKind> modelKindFromString(const std::string& name);
std::optional<TaskKind> taskKindFromString(const std::string& name);
std::optional<ParamGroup> paramGroupFromString(const std::string& name);

/// Parses a name or throws ConfigError "<field>: unknown model kind 'x' (allowed: fpt, full, lstm)".
ModelKind parseModelKind(const std::string& name, const std::string& field = "model.kind");
TaskKind parseTaskKind(const std::string& name, const std::string& field = "task.name");

/// Every value's name, in declaration order ("fpt, full, lstm" in messages and menus).
const std::vector<std::string>& modelKindNames();
const std::vector<std::string>& taskKindNames();

/// The spelling of a random (not pretrained) body in model.backbone.
inline constexpr const char* kRandomBackbone = "random";
bool isRandomBackbone(const std::string& backbone);

/// Task families.
bool isBitTask(TaskKind kind);
bool isImageTask(TaskKind kind);

void to_json(nlohmann::json& j, ModelKind kind);
void from_json(const nlohmann::json& j, ModelKind& kind);
void to_json(nlohmann::json& j, TaskKind kind);
void from_json(const nlohmann::json& j, TaskKind& kind);

}  // namespace fpt::core
