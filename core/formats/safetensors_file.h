// SPDX-License-Identifier: MIT
// Reads and writes safetensors files as torch tensors (no pickle, no code execution on load).
#pragma once

#include "core/formats/safetensors_header.h"

#include <torch/torch.h>

#include <map>
#include <string>
#include <utility>
#include <vector>

namespace fpt::core {

using NamedTensors = std::vector<std::pair<std::string, torch::Tensor>>;

/// An opened, validated safetensors file. Tensors are read on demand, each into its own memory.
class SafetensorsFile {
public:
    /// Opens `path` and validates its header; throws CheckpointError naming the file.
    explicit SafetensorsFile(std::string path);

    const std::string& path() const { return m_path; }
    const SafetensorsHeader& header() const { return m_header; }
    bool contains(const std::string& name) const;
    std::vector<std::string> names() const;
    const SafetensorsEntry& entry(const std::string& name) const;

    /// The tensor in its stored dtype (F16/BF16 stay half precision). Throws when absent.
    torch::Tensor read(const std::string& name) const;

private:
    std::string m_path;
    SafetensorsHeader m_header;
    std::map<std::string, std::size_t> m_index;
};

/// Every tensor of a file, by name.
std::map<std::string, torch::Tensor> readSafetensors(const std::string& path);

/// Writes tensors (made contiguous, moved to CPU) atomically; names must be unique.
void writeSafetensors(const std::string& path, const NamedTensors& tensors,
                      const std::map<std::string, std::string>& metadata = {});

/// The safetensors dtype name of a torch dtype ("F32", ...); throws for unsupported dtypes.
std::string safetensorsDtypeName(torch::Dtype dtype);

}  // namespace fpt::core
