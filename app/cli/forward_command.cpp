// SPDX-License-Identifier: MIT
// Runs an HF GPT-2 folder on inputs_embeds and writes last_hidden_state + attentions.{i}, the
// golden-fixture contract (../shared/fixtures/README.md).
#include "app/cli/forward_command.h"

#include "core/backbones/backbone_registry.h"
#include "core/config/error.h"
#include "core/hub/hub_repo_id.h"
#include "core/model/gpt2_checkpoint.h"
#include "core/formats/safetensors_file.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <iostream>
#include <memory>

namespace fpt::app {

namespace {

struct ForwardArgs {
    std::string model;
    std::string inputs;
    std::string out;
    std::string expected;
};

// A folder as given; a Hub id ("gpt2", "org/name@rev") or backbone name through the registry.
std::string modelFolder(const std::string& model) {
    std::error_code ec;
    if (std::filesystem::exists(model, ec) || !core::HubRepoId::isValid(model)) {
        return model;
    }
    const auto folder = core::BackboneRegistry::resolve(model).folder;
    return folder.empty() ? model : folder;
}

int runForward(const ForwardArgs& args) {
    core::Gpt2Checkpoint checkpoint(modelFolder(args.model));
    core::SafetensorsFile inputs(args.inputs);
    auto x = inputs.read("inputs_embeds").to(torch::kFloat32);
    const auto& config = checkpoint.config();
    if (x.dim() != 3 || x.size(2) != config.n_embd || x.size(1) > config.n_positions) {
        std::ostringstream msg;
        msg << "'" << args.inputs << "': inputs_embeds must be [B, T<=" << config.n_positions
            << ", " << config.n_embd << "], got " << x.sizes();
        throw core::Error(msg.str());
    }
    core::Gpt2Model model(config);
    core::loadGpt2Weights(model, checkpoint);
    model->eval();
    torch::NoGradGuard noGrad;
    std::vector<torch::Tensor> attentions;
    auto hidden = model->forward(x, &attentions);
    core::NamedTensors out = {{"last_hidden_state", hidden}};
    for (std::size_t i = 0; i < attentions.size(); ++i) {
        out.emplace_back("attentions." + std::to_string(i), attentions[i]);
    }
    core::writeSafetensors(args.out, out);
    nlohmann::json report = {{"out", args.out}, {"batch", x.size(0)}, {"tokens", x.size(1)},
                             {"layers", config.n_layer}};
    if (!args.expected.empty()) {
        auto expected = core::readSafetensors(args.expected);
        double worst = 0.0;
        for (const auto& [name, tensor] : out) {
            const auto it = expected.find(name);
            if (it == expected.end()) {
                throw core::Error("'" + args.expected + "' has no tensor '" + name + "'");
            }
            worst = std::max(worst, (tensor - it->second.to(torch::kFloat32)).abs().max().item<double>());
        }
        report["max_abs_diff"] = worst;
    }
    std::cout << report.dump() << std::endl;
    return 0;
}

}  // namespace

void registerForwardCommand(CLI::App& app) {
    auto args = std::make_shared<ForwardArgs>();
    auto* cmd = app.add_subcommand(
        "forward", "Run an HF GPT-2 folder on inputs_embeds; write last_hidden_state and attentions");
    cmd->add_option("--model", args->model, "HF model folder (config.json + model.safetensors), or a cached Hub id (gpt2, org/name@rev)")
        ->required();
    cmd->add_option("--inputs", args->inputs, "safetensors with inputs_embeds [B, T, n_embd]")
        ->required();
    cmd->add_option("--out", args->out, "output safetensors")->required();
    cmd->add_option("--expected", args->expected,
                    "optional golden file: print the max abs difference to it");
    cmd->callback([args]() { runForward(*args); });
}

}  // namespace fpt::app
