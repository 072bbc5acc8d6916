// SPDX-License-Identifier: MIT
// Trainable / total parameter counts of a RunConfig without building the model or loading data:
// the parameter names and sizes follow from the task's shape and the body's architecture, and
// FreezePolicy decides each one, exactly as it does for a built model (tested to agree).
#pragma once

#include "core/model/freeze_policy.h"
#include "core/config/run_config.h"

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace fpt::core {

/// (name, element count) of every parameter the model for `config` will have, in build order.
std::vector<std::pair<std::string, int64_t>> parameterLayout(const RunConfig& config);

/// Counts per FreezePolicy. Reads a backbone's config.json but no weights or datasets.
ParameterCounts countParameters(const RunConfig& config);

}  // namespace fpt::core
