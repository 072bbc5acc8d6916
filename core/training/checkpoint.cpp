// SPDX-License-Identifier: MIT
// Checkpoint save/load. Optimizer moments are stored by parameter name, never pickled.
#include "core/training/checkpoint.h"

#include "core/config/json_file.h"
#include "core/formats/atomic_file_writer.h"
#include "core/config/error.h"
#include "core/model/gpt2_checkpoint.h"
#include "core/training/run_folder.h"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace fpt::core {

namespace fs = std::filesystem;

namespace {

bool isTransformerConv1D(const std::string& name) {
    return name.rfind("transformer.", 0) == 0 && isConv1DWeight(name);
}

std::string stateKey(const torch::Tensor& p) { return c10::guts::to_string(p.unsafeGetTensorImpl()); }

/// Adam and AdamW keep the same moments under different state types.
template <typename State>
bool exportState(torch::optim::Optimizer& opt, const std::string& name, const torch::Tensor& p,
                 NamedTensors& out) {
    auto& states = opt.state();
    const auto it = states.find(stateKey(p));
    if (it == states.end()) {
        return true;  // no step taken yet
    }
    auto* s = dynamic_cast<State*>(it->second.get());
    if (s == nullptr) {
        return false;
    }
    out.emplace_back(name + ".exp_avg", s->exp_avg());
    out.emplace_back(name + ".exp_avg_sq", s->exp_avg_sq());
    out.emplace_back(name + ".step", torch::tensor({s->step()}, torch::kInt64));
    return true;
}

template <typename State>
void importState(torch::optim::Optimizer& opt, const torch::Tensor& p, const torch::Tensor& avg,
                 const torch::Tensor& avgSq, int64_t step) {
    auto state = std::make_unique<State>();
    state->step(step);
    state->exp_avg(avg.to(p.device()).clone());
    state->exp_avg_sq(avgSq.to(p.device()).clone());
    opt.state()[stateKey(p)] = std::move(state);
}

}  // namespace

NamedTensors fptModelState(FptModel& model) {
    NamedTensors out;
    for (const auto& item : model->named_parameters()) {
        auto value = item.value().detach().to(torch::kCPU);
        if (isTransformerConv1D(item.key())) {
            value = value.t();
        }
        out.emplace_back(item.key(), value.contiguous());
    }
    return out;
}

void loadFptModelState(FptModel& model, const std::string& path) {
    SafetensorsFile file(path);
    torch::NoGradGuard noGrad;
    for (auto& item : model->named_parameters()) {
        if (!file.contains(item.key())) {
            throw CheckpointError("'" + path + "' is missing tensor '" + item.key() + "'");
        }
        auto value = file.read(item.key()).to(torch::kFloat32);
        if (isTransformerConv1D(item.key()) && value.dim() == 2) {
            value = value.t();
        }
        if (value.sizes() != item.value().sizes()) {
            std::ostringstream msg;
            msg << "'" << path << "': tensor '" << item.key() << "' has shape " << value.sizes()
                << ", the model expects " << item.value().sizes();
            throw CheckpointError(msg.str());
        }
        item.value().copy_(value);
    }
}

std::string saveCheckpoint(const RunFolder& folder, int64_t step, FptModel& model,
                           torch::optim::Optimizer& optimizer, const nlohmann::json& extra,
                           int64_t keep) {
    const std::string finalDir = folder.checkpointDir(step);
    const std::string tmpDir = finalDir + ".tmp";
    folder.requirePresent();
    std::error_code ec;
    fs::remove_all(tmpDir, ec);
    fs::create_directories(tmpDir);
    writeSafetensors((fs::path(tmpDir) / "model.safetensors").string(), fptModelState(model),
                     {{"format", "pt"}});
    NamedTensors state;
    for (const auto& item : model->named_parameters()) {
        if (!item.value().requires_grad()) {
            continue;
        }
        const bool ok = exportState<torch::optim::AdamParamState>(optimizer, item.key(), item.value(), state) ||
                        exportState<torch::optim::AdamWParamState>(optimizer, item.key(), item.value(), state);
        if (!ok) {
            throw CheckpointError("checkpoint: unsupported optimizer state for '" + item.key() + "'");
        }
    }
    writeSafetensors((fs::path(tmpDir) / "training_state.safetensors").string(), state);
    nlohmann::json record = extra;
    record["step"] = step;
    AtomicFileWriter::writeText((fs::path(tmpDir) / "state.json").string(), record.dump(2) + "\n");
    fs::remove_all(finalDir, ec);
    fs::rename(tmpDir, finalDir, ec);
    if (ec) {
        throw Error("cannot move checkpoint into '" + finalDir + "': " + ec.message());
    }
    folder.pruneCheckpoints(keep);
    return finalDir;
}

nlohmann::json loadCheckpoint(const std::string& dir, FptModel& model,
                              torch::optim::Optimizer& optimizer) {
    const auto statePath = (fs::path(dir) / "state.json").string();
    const auto record =
        readJsonFile<CheckpointError>(statePath, "checkpoint '" + dir + "' has no state.json: incomplete write?");
    loadFptModelState(model, (fs::path(dir) / "model.safetensors").string());
    SafetensorsFile state((fs::path(dir) / "training_state.safetensors").string());
    const bool adamW = dynamic_cast<torch::optim::AdamW*>(&optimizer) != nullptr;
    for (auto& item : model->named_parameters()) {
        const auto& name = item.key();
        if (!item.value().requires_grad() || !state.contains(name + ".exp_avg")) {
            continue;
        }
        const auto avg = state.read(name + ".exp_avg");
        const auto avgSq = state.read(name + ".exp_avg_sq");
        const int64_t step = state.read(name + ".step").item<int64_t>();
        if (avg.sizes() != item.value().sizes() || avgSq.sizes() != item.value().sizes()) {
            throw CheckpointError("checkpoint '" + dir + "': optimizer state of '" + name +
                                  "' does not match the parameter's shape");
        }
        adamW ? importState<torch::optim::AdamWParamState>(optimizer, item.value(), avg, avgSq, step)
              : importState<torch::optim::AdamParamState>(optimizer, item.value(), avg, avgSq, step);
    }
    return record;
}

}  // namespace fpt::core
