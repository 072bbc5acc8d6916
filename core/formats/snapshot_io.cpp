// SPDX-License-Identifier: MIT
// Snapshot construction and storage.
#include "core/formats/snapshot_io.h"

#include "core/config/json_file.h"
#include "core/formats/atomic_file_writer.h"
#include "core/config/error.h"
#include "core/formats/safetensors_file.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace fpt::core {

namespace fs = std::filesystem;

namespace {

std::vector<float> toVector(const torch::Tensor& t) {
    auto c = t.to(torch::kFloat32).contiguous().cpu();
    return {c.data_ptr<float>(), c.data_ptr<float>() + c.numel()};
}

}  // namespace

torch::Tensor poolSquare(const torch::Tensor& matrices, int64_t maxTokens, int64_t& factor) {
    const int64_t T = matrices.size(-1);
    factor = (T + maxTokens - 1) / maxTokens;
    if (factor <= 1) {
        factor = 1;
        return matrices;
    }
    const int64_t padded = ((T + factor - 1) / factor) * factor;
    auto sizes = matrices.sizes().vec();
    auto flat = matrices.reshape({-1, 1, T, T});  // (N, 1, T, T)
    if (padded != T) {
        flat = torch::constant_pad_nd(flat, {0, padded - T, 0, padded - T}, 0.0);
    }
    auto pooled = torch::avg_pool2d(flat, {factor, factor});  // (N, 1, t, t)
    sizes[sizes.size() - 1] = pooled.size(-1);
    sizes[sizes.size() - 2] = pooled.size(-2);
    return pooled.reshape(sizes);
}

torch::Tensor cosineSimilarity(const torch::Tensor& rows) {
    auto normed = rows / rows.norm(2, 1, true).clamp_min(1e-12);  // (P, C)
    return torch::matmul(normed, normed.t());                     // (P, P)
}

Snapshot makeSnapshot(int64_t step, const std::vector<torch::Tensor>& attentions,
                      const torch::Tensor& positions) {
    Snapshot s;
    s.step = step;
    if (!attentions.empty()) {
        auto stacked = torch::stack(attentions, 0).select(1, 0);  // (L, nh, T, T)
        auto pooled = poolSquare(stacked, kMaxSnapshotTokens, s.pooling);
        s.layers = pooled.size(0);
        s.heads = pooled.size(1);
        s.tokens = pooled.size(2);
        s.attention = toVector(pooled);
    }
    if (positions.defined() && positions.numel() > 0) {
        int64_t factor = 1;
        auto sim = poolSquare(cosineSimilarity(positions.detach().to(torch::kFloat32).cpu()),
                              kMaxSnapshotTokens, factor);
        s.positions = sim.size(0);
        s.position_similarity = toVector(sim);
    }
    return s;
}

void writeSnapshot(const std::string& dir, const Snapshot& s) {
    fs::create_directories(dir);
    char name[48];
    std::snprintf(name, sizeof(name), "step_%08lld.safetensors", static_cast<long long>(s.step));
    NamedTensors tensors;
    if (!s.attention.empty()) {
        tensors.emplace_back("attention",
                             torch::tensor(s.attention).view({s.layers, s.heads, s.tokens, s.tokens})
                                 .to(torch::kFloat16));
    }
    if (!s.position_similarity.empty()) {
        tensors.emplace_back("position_similarity",
                             torch::tensor(s.position_similarity).view({s.positions, s.positions}));
    }
    writeSafetensors((fs::path(dir) / name).string(), tensors,
                     {{"step", std::to_string(s.step)}, {"pooling", std::to_string(s.pooling)}});
}

Snapshot readSnapshot(const std::string& path) {
    SafetensorsFile file(path);
    Snapshot s;
    const auto& meta = file.header().metadata;
    try {
        s.step = meta.count("step") ? std::stoll(meta.at("step")) : 0;
        s.pooling = meta.count("pooling") ? std::stoll(meta.at("pooling")) : 1;
    } catch (const std::exception&) {
        throw CheckpointError("snapshot '" + path + "' has malformed step/pooling metadata");
    }
    if (file.contains("attention")) {
        auto a = file.read("attention");
        if (a.dim() != 4 || a.size(2) != a.size(3)) {
            throw CheckpointError("snapshot '" + path + "': attention must be (L, H, T, T)");
        }
        s.layers = a.size(0);
        s.heads = a.size(1);
        s.tokens = a.size(2);
        s.attention = toVector(a);
    }
    if (file.contains("position_similarity")) {
        auto p = file.read("position_similarity");
        if (p.dim() != 2 || p.size(0) != p.size(1)) {
            throw CheckpointError("snapshot '" + path + "': position_similarity must be (P, P)");
        }
        s.positions = p.size(0);
        s.position_similarity = toVector(p);
    }
    return s;
}

void writeProbeInfo(const std::string& path, const ProbeInfo& p) {
    const nlohmann::json j = {{"token_kind", p.token_kind}, {"token_labels", p.token_labels},
                              {"description", p.description}, {"target", p.target},
                              {"image_height", p.image_height}, {"image_width", p.image_width},
                              {"image_channels", p.image_channels}, {"image", p.image},
                              {"patch_size", p.patch_size}, {"grid_rows", p.grid_rows},
                              {"grid_cols", p.grid_cols}};
    AtomicFileWriter::writeText(path, j.dump() + "\n");
}

ProbeInfo readProbeInfo(const std::string& path) {
    const auto j = readJsonFile<CheckpointError>(path);
    ProbeInfo p;
    try {
        p.token_kind = j.value("token_kind", std::string());
        p.token_labels = j.value("token_labels", std::vector<std::string>());
        p.description = j.value("description", std::string());
        p.target = j.value("target", int64_t{-1});
        p.image_height = j.value("image_height", int64_t{0});
        p.image_width = j.value("image_width", int64_t{0});
        p.image_channels = j.value("image_channels", int64_t{0});
        p.image = j.value("image", std::vector<float>());
        p.patch_size = j.value("patch_size", int64_t{0});
        p.grid_rows = j.value("grid_rows", int64_t{0});
        p.grid_cols = j.value("grid_cols", int64_t{0});
    } catch (const nlohmann::json::exception& e) {
        throw CheckpointError("'" + path + "' is not a valid probe description: " + e.what());
    }
    if (p.image.size() != static_cast<std::size_t>(std::max<int64_t>(0, p.image_height * p.image_width *
                                                                           p.image_channels))) {
        p.image.clear();  // inconsistent image: keep the labels, drop the picture
        p.image_height = p.image_width = p.image_channels = 0;
    }
    return p;
}

std::vector<std::string> listSnapshots(const std::string& dir) {
    std::vector<std::string> out;
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        const auto name = entry.path().filename().string();
        if (name.rfind("step_", 0) == 0 && entry.path().extension() == ".safetensors") {
            out.push_back(entry.path().string());
        }
    }
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace fpt::core
