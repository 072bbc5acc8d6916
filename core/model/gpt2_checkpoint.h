// SPDX-License-Identifier: MIT
// Hugging Face GPT-2 model folders: config.json + model.safetensors (or sharded with
// model.safetensors.index.json). Loads key by key with shape checks and Conv1D transposes; saves
// the same layout back so HF's GPT2Model / GPT2LMHeadModel can load what we write.
#pragma once

#include "core/model/gpt2_config.h"
#include "core/model/gpt2_model.h"

#include <torch/torch.h>

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace fpt::core {

class SafetensorsFile;

/// An opened HF GPT-2 folder; tensors are read lazily. Keys are exposed without "transformer.".
class Gpt2Checkpoint {
public:
    /// Reads config.json and the safetensors header(s); throws CheckpointError naming the file.
    /// A `.bin`/`.pt` pickle-only folder is refused with a conversion hint.
    explicit Gpt2Checkpoint(const std::string& folder);
    ~Gpt2Checkpoint();
    Gpt2Checkpoint(const Gpt2Checkpoint&) = delete;
    Gpt2Checkpoint& operator=(const Gpt2Checkpoint&) = delete;

    const Gpt2Config& config() const { return m_config; }
    const std::string& folder() const { return m_folder; }
    bool contains(const std::string& key) const { return m_where.count(key) > 0; }
    std::vector<std::string> keys() const;

    /// The stored tensor (stored dtype, stored layout) for a bare key like "h.0.attn.c_attn.weight".
    torch::Tensor read(const std::string& key) const;

    /// SHA-256-free identity for run records: FNV-1a over the safetensors headers and sizes.
    std::string fingerprint() const;

private:
    struct Location {
        std::size_t file;
        std::string storedName;
    };
    std::string m_folder;
    Gpt2Config m_config;
    std::vector<std::unique_ptr<SafetensorsFile>> m_files;
    std::map<std::string, Location> m_where;
};

/// True for the weights HF stores as Conv1D (in, out): attn.c_attn, attn.c_proj, mlp.c_fc, mlp.c_proj.
bool isConv1DWeight(const std::string& key);

/// Copies every parameter of `model` from the checkpoint (float32, Conv1D transposed). wpe may hold
/// more rows than the model (the first rows are taken); wte is skipped when the model has none.
/// Missing tensors, unexpected tensors and shape mismatches throw CheckpointError naming the tensor.
void loadGpt2Weights(Gpt2Model& model, const Gpt2Checkpoint& checkpoint);

/// Writes `folder`/config.json + model.safetensors (bare GPT2Model keys, Conv1D layout). With
/// `lmHead`, keys get the "transformer." prefix and a tied lm_head.weight is stored.
/// `dtype`: torch::kFloat32, kFloat16 or kBFloat16.
void saveGpt2Checkpoint(Gpt2Model& model, const std::string& folder, bool lmHead = false,
                        torch::Dtype dtype = torch::kFloat32,
                        const std::map<std::string, std::string>& metadata = {});

/// The model's parameters as HF-named tensors in HF layout (Conv1D transposed back), with `prefix`.
std::vector<std::pair<std::string, torch::Tensor>> gpt2StateForSaving(Gpt2Model& model,
                                                                      const std::string& prefix,
                                                                      torch::Dtype dtype);

}  // namespace fpt::core
