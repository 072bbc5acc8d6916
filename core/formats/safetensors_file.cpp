// SPDX-License-Identifier: MIT
// Safetensors <-> torch: tensor bytes are read straight into tensor storage (little-endian host).
#include "core/formats/safetensors_file.h"

#include "core/formats/atomic_file_writer.h"
#include "core/config/error.h"

#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <set>

namespace fpt::core {

namespace {

static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__, "safetensors I/O assumes little-endian");

torch::Dtype torchDtype(const std::string& name) {
    static const std::map<std::string, torch::Dtype> kMap = {
        {"F64", torch::kFloat64}, {"F32", torch::kFloat32}, {"F16", torch::kFloat16},
        {"BF16", torch::kBFloat16}, {"I64", torch::kInt64}, {"I32", torch::kInt32},
        {"I16", torch::kInt16}, {"I8", torch::kInt8}, {"U8", torch::kUInt8},
        {"BOOL", torch::kBool}};
    return kMap.at(name);
}

}  // namespace

std::string safetensorsDtypeName(torch::Dtype dtype) {
    switch (dtype) {
        case torch::kFloat64: return "F64";
        case torch::kFloat32: return "F32";
        case torch::kFloat16: return "F16";
        case torch::kBFloat16: return "BF16";
        case torch::kInt64: return "I64";
        case torch::kInt32: return "I32";
        case torch::kInt16: return "I16";
        case torch::kInt8: return "I8";
        case torch::kUInt8: return "U8";
        case torch::kBool: return "BOOL";
        default: break;
    }
    throw CheckpointError(std::string("cannot store dtype ") + c10::toString(dtype) +
                          " in safetensors");
}

SafetensorsFile::SafetensorsFile(std::string path)
    : m_path(std::move(path)) {
    std::error_code ec;
    if (!std::filesystem::is_regular_file(m_path, ec)) {
        throw CheckpointError("safetensors file '" + m_path + "' does not exist");
    }
    const uint64_t fileSize = std::filesystem::file_size(m_path, ec);
    std::ifstream in(m_path, std::ios::binary);
    if (!in || ec) {
        throw CheckpointError("cannot open safetensors file '" + m_path + "'");
    }
    char prefix[8] = {};
    in.read(prefix, fileSize >= 8 ? 8 : 0);
    const uint64_t length = parseSafetensorsHeaderLength(prefix, fileSize, m_path);
    std::string headerText(length, '\0');
    if (!in.read(headerText.data(), static_cast<std::streamsize>(length))) {
        throw CheckpointError("safetensors file '" + m_path + "': cannot read the header");
    }
    m_header = parseSafetensorsHeaderJson(headerText, fileSize - 8 - length, m_path);
    m_header.data_start = 8 + length;
    for (std::size_t i = 0; i < m_header.entries.size(); ++i) {
        m_index[m_header.entries[i].name] = i;
    }
}

bool SafetensorsFile::contains(const std::string& name) const { return m_index.count(name) > 0; }

std::vector<std::string> SafetensorsFile::names() const {
    std::vector<std::string> out;
    out.reserve(m_index.size());
    for (const auto& item : m_index) {
        out.push_back(item.first);
    }
    return out;
}

const SafetensorsEntry& SafetensorsFile::entry(const std::string& name) const {
    const auto it = m_index.find(name);
    if (it == m_index.end()) {
        throw CheckpointError("safetensors file '" + m_path + "' has no tensor '" + name + "'");
    }
    return m_header.entries[it->second];
}

torch::Tensor SafetensorsFile::read(const std::string& name) const {
    const auto& e = entry(name);
    auto tensor = torch::empty(e.shape, torch::TensorOptions().dtype(torchDtype(e.dtype)));
    const auto bytes = static_cast<std::streamsize>(e.end - e.begin);
    if (bytes == 0) {
        return tensor;
    }
    std::ifstream in(m_path, std::ios::binary);
    in.seekg(static_cast<std::streamoff>(m_header.data_start + e.begin));
    if (!in || !in.read(static_cast<char*>(tensor.data_ptr()), bytes)) {
        throw CheckpointError("safetensors file '" + m_path + "': cannot read tensor '" + name +
                              "' (file changed or truncated while reading)");
    }
    return tensor;
}

std::map<std::string, torch::Tensor> readSafetensors(const std::string& path) {
    SafetensorsFile file(path);
    std::map<std::string, torch::Tensor> out;
    for (const auto& e : file.header().entries) {
        out[e.name] = file.read(e.name);
    }
    return out;
}

void writeSafetensors(const std::string& path, const NamedTensors& tensors,
                      const std::map<std::string, std::string>& metadata) {
    nlohmann::json header = nlohmann::json::object();
    std::vector<torch::Tensor> blobs;
    std::set<std::string> seen;
    uint64_t offset = 0;
    for (const auto& [name, tensor] : tensors) {
        if (!seen.insert(name).second || name == "__metadata__") {
            throw CheckpointError("writing '" + path + "': duplicate tensor name '" + name + "'");
        }
        auto t = tensor.detach().to(torch::kCPU).contiguous();
        const uint64_t bytes = static_cast<uint64_t>(t.numel()) * t.element_size();
        header[name] = {{"dtype", safetensorsDtypeName(t.scalar_type())},
                        {"shape", t.sizes().vec()},
                        {"data_offsets", {offset, offset + bytes}}};
        offset += bytes;
        blobs.push_back(std::move(t));
    }
    if (!metadata.empty()) {
        header["__metadata__"] = metadata;
    }
    std::string text = header.dump();
    text.append((8 - text.size() % 8) % 8, ' ');
    const uint64_t length = text.size();
    char prefix[8];
    for (int i = 0; i < 8; ++i) {
        prefix[i] = static_cast<char>((length >> (8 * i)) & 0xff);
    }
    AtomicFileWriter writer(path);
    writer.write(prefix, 8);
    writer.write(text);
    for (const auto& t : blobs) {
        writer.write(t.data_ptr(), static_cast<std::size_t>(t.numel()) * t.element_size());
    }
    writer.commit();
}

}  // namespace fpt::core
