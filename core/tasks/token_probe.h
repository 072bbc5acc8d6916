// SPDX-License-Identifier: MIT
// The probe of a token task (ListOps, homology): the first test example, one label per token.
#pragma once

#include "core/tasks/task.h"

#include <cstdint>
#include <functional>
#include <string>

namespace fpt::core {

/// ProbeInfo of `task`'s probe batch: token_kind, each token's symbol, the target and
/// "<descriptionPrefix><target>" as its description.
ProbeInfo tokenProbeInfo(Task& task, const std::string& tokenKind,
                         const std::function<std::string(int64_t)>& symbol,
                         const std::string& descriptionPrefix);

}  // namespace fpt::core
