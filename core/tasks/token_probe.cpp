// SPDX-License-Identifier: MIT
// tokenProbeInfo: labels a token task's probe example for the attention views.
#include "core/tasks/token_probe.h"

namespace fpt::core {

ProbeInfo tokenProbeInfo(Task& task, const std::string& tokenKind,
                         const std::function<std::string(int64_t)>& symbol,
                         const std::string& descriptionPrefix) {
    const Batch probe = task.probeBatch();
    ProbeInfo info;
    info.token_kind = tokenKind;
    const torch::Tensor ids = probe.x[0].to(torch::kInt64).contiguous();
    const int64_t* id = ids.data_ptr<int64_t>();
    for (int64_t t = 0; t < ids.size(0); ++t) {
        info.token_labels.push_back(symbol(id[t]));
    }
    info.target = probe.y[0].item<int64_t>();
    info.description = descriptionPrefix + std::to_string(info.target);
    return info;
}

}  // namespace fpt::core
