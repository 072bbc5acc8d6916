// SPDX-License-Identifier: MIT
// Turns a trained GPT-2 body into a backbone folder (HF GPT-2 layout) that FPT runs can load by
// name or path: positions widened to a generous maximum so longer tasks fit.
#pragma once

#include "core/model/gpt2_model.h"

#include <torch/torch.h>

#include <cstdint>
#include <string>

namespace fpt::core {

/// "f32" / "f16" / "bf16" -> the dtype a backbone is stored in; throws ConfigError otherwise.
torch::Dtype storageDtype(const std::string& name);

/// A copy of `body` with max(nPositions, body's) position rows. Rows the body has are copied;
/// further rows keep GPT-2's N(0, 0.02) init drawn under `seed` (they never saw a token).
Gpt2Model withPositions(Gpt2Model& body, int64_t nPositions, uint64_t seed);

/// Writes `folder`/config.json + model.safetensors for `body` widened to `nPositions` (bare
/// GPT2Model keys; with `lmHead` the "transformer." prefix and a tied lm_head, as
/// saveGpt2Checkpoint does).
void exportBackbone(Gpt2Model& body,
                    const std::string& folder,
                    int64_t nPositions,
                    torch::Dtype dtype,
                    uint64_t seed,
                    bool lmHead = false);

}  // namespace fpt::core
