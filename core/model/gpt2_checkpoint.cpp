// SPDX-License-Identifier: MIT
// HF GPT-2 folder reader/writer (single or sharded safetensors; legacy attn.bias buffers ignored).
#include "core/model/gpt2_checkpoint.h"

#include "core/formats/atomic_file_writer.h"
#include "core/config/error.h"
#include "core/formats/safetensors_file.h"
#include "core/formats/shard_index.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace fpt::core {

namespace fs = std::filesystem;

namespace {

const std::string kPrefix = "transformer.";

bool endsWith(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

bool isIgnoredKey(const std::string& bareKey) {
    // Legacy causal-mask buffers of real GPT-2 checkpoints and the (tied) LM head.
    return endsWith(bareKey, ".attn.bias") || endsWith(bareKey, ".attn.masked_bias") ||
           bareKey == "lm_head.weight";
}

std::string bareKey(const std::string& stored) {
    return stored.rfind(kPrefix, 0) == 0 ? stored.substr(kPrefix.size()) : stored;
}

const char* const kConvertHint =
    "Convert it once on a machine with Python: "
    "`python3 -c \"from transformers import GPT2Model; "
    "GPT2Model.from_pretrained('DIR').save_pretrained('OUT', safe_serialization=True)\"`";

bool isPickleName(const std::string& name) {
    for (const char* ext : {".bin", ".pt", ".pth", ".ckpt", ".pkl", ".pickle", ".h5"}) {
        if (endsWith(name, ext)) {
            return true;
        }
    }
    return false;
}

void refusePickles(const fs::path& folder) {
    for (const char* name : {"pytorch_model.bin", "pytorch_model.bin.index.json", "model.pt",
                             "model.bin", "tf_model.h5"}) {
        if (fs::exists(folder / name)) {
            throw CheckpointError(
                "'" + folder.string() + "' holds only '" + name +
                "', a pickle/other format this app never loads (loading a pickle can run code). " +
                kConvertHint);
        }
    }
}

}  // namespace

bool isConv1DWeight(const std::string& key) {
    return endsWith(key, "attn.c_attn.weight") || endsWith(key, "attn.c_proj.weight") ||
           endsWith(key, "mlp.c_fc.weight") || endsWith(key, "mlp.c_proj.weight");
}

Gpt2Checkpoint::Gpt2Checkpoint(const std::string& folder)
    : m_folder(folder) {
    const fs::path dir(folder);
    if (fs::is_regular_file(dir) && isPickleName(dir.filename().string())) {
        throw CheckpointError("'" + folder +
                              "' is a pickle file; this app never loads pickles (loading one can "
                              "run code) and reads only HF folders of safetensors. " +
                              kConvertHint);
    }
    if (!fs::is_directory(dir)) {
        throw CheckpointError("model folder '" + folder + "' does not exist");
    }
    m_config = readGpt2Config((dir / "config.json").string());
    std::vector<std::string> files;
    const auto single = dir / "model.safetensors";
    const auto index = dir / "model.safetensors.index.json";
    if (fs::exists(single)) {
        files.push_back("model.safetensors");
    } else if (fs::exists(index)) {
        std::ifstream in(index);
        std::stringstream text;
        text << in.rdbuf();
        files = parseShardIndex(text.str(), index.string());
    } else {
        refusePickles(dir);
        throw CheckpointError("model folder '" + folder +
                              "' has neither model.safetensors nor model.safetensors.index.json");
    }
    for (const auto& name : files) {
        m_files.push_back(std::make_unique<SafetensorsFile>((dir / name).string()));
        for (const auto& entry : m_files.back()->header().entries) {
            const auto key = bareKey(entry.name);
            if (m_where.count(key) > 0) {
                throw CheckpointError("model folder '" + folder + "': tensor '" + key +
                                      "' is stored twice");
            }
            m_where[key] = Location{m_files.size() - 1, entry.name};
        }
    }
}

Gpt2Checkpoint::~Gpt2Checkpoint() = default;

std::vector<std::string> Gpt2Checkpoint::keys() const {
    std::vector<std::string> out;
    for (const auto& item : m_where) {
        out.push_back(item.first);
    }
    return out;
}

torch::Tensor Gpt2Checkpoint::read(const std::string& key) const {
    const auto it = m_where.find(key);
    if (it == m_where.end()) {
        throw CheckpointError("model folder '" + m_folder + "' is missing tensor '" + key + "'");
    }
    return m_files[it->second.file]->read(it->second.storedName);
}

std::string Gpt2Checkpoint::fingerprint() const {
    uint64_t hash = 1469598103934665603ULL;
    auto mix = [&hash](const std::string& s) {
        for (unsigned char ch : s) {
            hash = (hash ^ ch) * 1099511628211ULL;
        }
    };
    for (const auto& file : m_files) {
        for (const auto& e : file->header().entries) {
            mix(e.name);
            mix(e.dtype);
            mix(std::to_string(e.end - e.begin));
            // Sample the data: first tensor bytes make two differently-trained folders differ.
            if (e.end - e.begin >= 4 && e.end - e.begin <= (1u << 20)) {
                auto t = file->read(e.name).contiguous();
                const auto* bytes = static_cast<const unsigned char*>(t.data_ptr());
                const auto n = static_cast<std::size_t>(t.numel() * t.element_size());
                for (std::size_t i = 0; i < n; i += 97) {
                    hash = (hash ^ bytes[i]) * 1099511628211ULL;
                }
            }
        }
    }
    std::ostringstream out;
    out << std::hex << hash;
    return out.str();
}

void loadGpt2Weights(Gpt2Model& model, const Gpt2Checkpoint& checkpoint) {
    torch::NoGradGuard noGrad;
    const auto& origin = checkpoint.folder();
    std::set<std::string> used;
    for (auto& item : model->named_parameters()) {
        const auto& key = item.key();
        auto& param = item.value();
        if (!checkpoint.contains(key)) {
            throw CheckpointError("model folder '" + origin + "' is missing tensor '" + key + "'");
        }
        auto stored = checkpoint.read(key);
        const auto storedType = stored.scalar_type();
        if (storedType != torch::kFloat32 && storedType != torch::kFloat16 &&
            storedType != torch::kBFloat16 && storedType != torch::kFloat64) {
            throw CheckpointError("model folder '" + origin + "': tensor '" + key +
                                  "' has non-float dtype " + c10::toString(storedType));
        }
        auto value = stored.to(torch::kFloat32);
        if (isConv1DWeight(key) && value.dim() == 2) {
            value = value.t();  // HF Conv1D (in, out) -> Linear (out, in)
        }
        if (key == "wpe.weight" && value.dim() == 2 && value.size(0) > param.size(0) &&
            value.size(1) == param.size(1)) {
            value = value.narrow(0, 0, param.size(0));  // the model uses only its first positions
        }
        if (value.sizes() != param.sizes()) {
            std::ostringstream msg;
            msg << "model folder '" << origin << "': tensor '" << key << "' has shape "
                << stored.sizes() << " but config.json implies " << param.sizes()
                << (isConv1DWeight(key) ? " (as Linear; stored transposed as Conv1D)" : "");
            throw CheckpointError(msg.str());
        }
        param.copy_(value);
        used.insert(key);
    }
    for (const auto& key : checkpoint.keys()) {
        if (used.count(key) == 0 && !isIgnoredKey(key) &&
            !(key == "wte.weight" && !model->hasTokenEmbedding())) {
            throw CheckpointError("model folder '" + origin + "' holds unexpected tensor '" + key +
                                  "' (config.json says n_layer=" +
                                  std::to_string(checkpoint.config().n_layer) + ")");
        }
    }
}

std::vector<std::pair<std::string, torch::Tensor>> gpt2StateForSaving(Gpt2Model& model,
                                                                      const std::string& prefix,
                                                                      torch::Dtype dtype) {
    std::vector<std::pair<std::string, torch::Tensor>> out;
    for (const auto& item : model->named_parameters()) {
        auto value = item.value().detach().to(torch::kCPU);
        if (isConv1DWeight(item.key()) && value.dim() == 2) {
            value = value.t();  // Linear (out, in) -> HF Conv1D (in, out)
        }
        out.emplace_back(prefix + item.key(), value.to(dtype).contiguous());
    }
    return out;
}

void saveGpt2Checkpoint(Gpt2Model& model, const std::string& folder, bool lmHead,
                        torch::Dtype dtype, const std::map<std::string, std::string>& metadata) {
    fs::create_directories(folder);
    auto tensors = gpt2StateForSaving(model, lmHead ? kPrefix : "", dtype);
    if (lmHead) {
        if (!model->hasTokenEmbedding()) {
            throw CheckpointError("cannot save an LM head: the model has no token embedding");
        }
        tensors.emplace_back("lm_head.weight", model->wte()->weight.detach().to(dtype).contiguous());
    }
    auto meta = metadata;
    meta["format"] = "pt";
    writeSafetensors((fs::path(folder) / "model.safetensors").string(), tensors, meta);
    auto config = gpt2ConfigToJson(model->config(), lmHead);
    config["torch_dtype"] = dtype == torch::kFloat16    ? "float16"
                            : dtype == torch::kBFloat16 ? "bfloat16"
                                                        : "float32";
    AtomicFileWriter::writeText((fs::path(folder) / "config.json").string(), config.dump(2) + "\n");
}

}  // namespace fpt::core
