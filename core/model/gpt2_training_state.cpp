// SPDX-License-Identifier: MIT
// Save/load of GPT-2 weights + AdamW state for `fpt pretrain language --resume`.
#include "core/model/gpt2_training_state.h"

#include "core/config/json_file.h"
#include "core/formats/atomic_file_writer.h"
#include "core/config/error.h"
#include "core/model/gpt2_checkpoint.h"
#include "core/formats/safetensors_file.h"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace fpt::core {

namespace fs = std::filesystem;

namespace {

std::string stateKey(const torch::Tensor& p) {
    return c10::guts::to_string(p.unsafeGetTensorImpl());
}

}  // namespace

void saveGpt2TrainingState(const std::string& dir,
                           Gpt2Model& model,
                           torch::optim::AdamW& optimizer,
                           const nlohmann::json& state) {
    const std::string tmp = dir + ".tmp";
    std::error_code ec;
    fs::remove_all(tmp, ec);
    fs::create_directories(tmp);
    writeSafetensors((fs::path(tmp) / "model.safetensors").string(),
                     gpt2StateForSaving(model, "", torch::kFloat32), {{"format", "pt"}});
    NamedTensors moments;
    auto& states = optimizer.state();
    for (const auto& item : model->named_parameters()) {
        const auto it = states.find(stateKey(item.value()));
        if (it == states.end()) {
            continue;  // no step taken yet, or a parameter that never had a gradient
        }
        const auto& s = static_cast<const torch::optim::AdamWParamState&>(*it->second);
        moments.emplace_back(item.key() + ".exp_avg", s.exp_avg());
        moments.emplace_back(item.key() + ".exp_avg_sq", s.exp_avg_sq());
        moments.emplace_back(item.key() + ".step", torch::tensor({s.step()}, torch::kInt64));
    }
    writeSafetensors((fs::path(tmp) / "optimizer.safetensors").string(), moments);
    AtomicFileWriter::writeText((fs::path(tmp) / "state.json").string(), state.dump(2) + "\n");
    fs::remove_all(dir, ec);
    fs::rename(tmp, dir, ec);
    if (ec) {
        throw Error("cannot move checkpoint into '" + dir + "': " + ec.message());
    }
}

bool hasGpt2TrainingState(const std::string& dir) {
    std::error_code ec;
    return fs::is_regular_file(fs::path(dir) / "state.json", ec);
}

nlohmann::json loadGpt2TrainingState(const std::string& dir,
                                     Gpt2Model& model,
                                     torch::optim::AdamW& optimizer) {
    const auto statePath = (fs::path(dir) / "state.json").string();
    const auto state = readJsonFile<CheckpointError>(statePath, "no checkpoint to resume");
    const auto modelPath = (fs::path(dir) / "model.safetensors").string();
    SafetensorsFile weights(modelPath);
    SafetensorsFile moments((fs::path(dir) / "optimizer.safetensors").string());
    torch::NoGradGuard noGrad;
    auto& states = optimizer.state();
    for (auto& item : model->named_parameters()) {
        const auto& key = item.key();
        auto& param = item.value();
        if (!weights.contains(key)) {
            throw CheckpointError("'" + modelPath + "' is missing tensor '" + key + "'");
        }
        auto value = weights.read(key).to(torch::kFloat32);
        if (isConv1DWeight(key) && value.dim() == 2) {
            value = value.t();  // HF Conv1D (in, out) -> Linear (out, in)
        }
        if (value.sizes() != param.sizes()) {
            std::ostringstream msg;
            msg << "'" << modelPath << "': tensor '" << key << "' has shape " << value.sizes()
                << ", the model expects " << param.sizes();
            throw CheckpointError(msg.str());
        }
        param.copy_(value);
        if (!moments.contains(key + ".exp_avg")) {
            continue;
        }
        auto s = std::make_unique<torch::optim::AdamWParamState>();
        s->step(moments.read(key + ".step").item<int64_t>());
        s->exp_avg(moments.read(key + ".exp_avg").to(param.device()).clone());
        s->exp_avg_sq(moments.read(key + ".exp_avg_sq").to(param.device()).clone());
        if (s->exp_avg().sizes() != param.sizes() || s->exp_avg_sq().sizes() != param.sizes()) {
            throw CheckpointError("checkpoint '" + dir + "': optimizer state of '" + key +
                                  "' does not match the parameter's shape");
        }
        states[stateKey(param)] = std::move(s);
    }
    return state;
}

}  // namespace fpt::core
