// SPDX-License-Identifier: MIT
// Hugging Face ViT folders (ViTModel / ViTForImageClassification, safetensors) -> our GPT-2
// layout, so a real ViT can be the frozen body of an FPT run (fpt-paper.md §2.4, "ViT"). The
// encoder maps block for block (pre-LN, bidirectional attention, exact GELU); the patch embedding,
// cls token, pooler and classifier are not used: FPT trains its own input and output layers.
#pragma once

#include "core/model/gpt2_config.h"

#include <torch/torch.h>

#include <cstdint>
#include <string>
#include <vector>

namespace fpt::core {

struct VitConversion {
    Gpt2Config config;                // what was written (causal false, activation "gelu")
    int64_t vit_positions = 0;        // rows of embeddings.position_embeddings (patches + cls)
    std::vector<std::string> unused;  // ViT tensors left out (patch embedding, cls token, ...)
};

/// The GPT-2 architecture for an HF ViT config.json object (hidden_size, num_hidden_layers,
/// num_attention_heads, intermediate_size, hidden_act, layer_norm_eps, dropouts). Throws
/// CheckpointError for what we don't implement (other activations, model_type other than vit).
Gpt2Config gpt2ConfigFromVit(const nlohmann::json& vitConfig, const std::string& origin);

/// Converts `vitDir` (config.json + model.safetensors; keys bare or under "vit.") into `outDir`
/// (config.json + model.safetensors, bare GPT2Model keys, Conv1D layout, fpt_causal false) and a
/// pretrain.json describing the conversion. wpe gets max(nPositions, P) rows: the ViT's P
/// position rows, then zeros (as the paper's ViT variant zero-initialises its new table).
/// Throws CheckpointError naming the file and tensor.
VitConversion convertVitFolder(const std::string& vitDir,
                               const std::string& outDir,
                               int64_t nPositions = 1024,
                               torch::Dtype dtype = torch::kFloat32);

}  // namespace fpt::core
