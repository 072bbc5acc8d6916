// SPDX-License-Identifier: MIT
// fpt convert vit: an HF ViT folder becomes a backbone folder in our GPT-2 layout.
#include "app/cli/convert_command.h"

#include "core/backbones/backbone_export.h"
#include "core/backbones/vit_converter.h"

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include <iostream>
#include <memory>

namespace fpt::app {

namespace {

struct ConvertArgs {
    std::string in;
    std::string out;
    int64_t positions = 1024;
    std::string dtype = "f32";
};

}  // namespace

void registerConvertCommand(CLI::App& app) {
    auto* convert =
        app.add_subcommand("convert", "Convert other checkpoints into backbone folders");
    convert->require_subcommand(1);
    auto args = std::make_shared<ConvertArgs>();
    auto* vit = convert->add_subcommand(
        "vit", "HF ViTModel / ViTForImageClassification folder (safetensors) -> GPT-2 layout");
    vit->add_option("HF_VIT_DIR", args->in, "Folder with config.json + model.safetensors")
        ->required();
    vit->add_option("OUT_DIR", args->out, "Backbone folder to write")->required();
    vit->add_option("--positions", args->positions,
                    "Position rows (the ViT's own rows first, then zeros)")
        ->capture_default_str();
    vit->add_option("--dtype", args->dtype, "Stored weights: f32, f16 or bf16")
        ->check(CLI::IsMember({"f32", "f16", "bf16"}))
        ->capture_default_str();
    vit->footer(
        "Converted: encoder blocks (layernorm_before/after, query/key/value, attention output,\n"
        "intermediate and output dense), the final layernorm and the position embeddings.\n"
        "Not used: patch embedding, cls token, pooler, classifier - FPT trains its own input and\n"
        "output layers. The body is bidirectional with exact GELU (config: fpt_causal false).");
    vit->callback([args]() {
        const auto result = core::convertVitFolder(args->in, args->out, args->positions,
                                                   core::storageDtype(args->dtype));
        std::cout << nlohmann::json{{"out", args->out},
                                    {"layers", result.config.n_layer},
                                    {"width", result.config.n_embd},
                                    {"heads", result.config.n_head},
                                    {"positions", result.config.n_positions},
                                    {"vit_positions", result.vit_positions},
                                    {"unused", result.unused}}
                         .dump()
                  << std::endl;
    });
}

}  // namespace fpt::app
