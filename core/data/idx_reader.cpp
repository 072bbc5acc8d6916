// SPDX-License-Identifier: MIT
// IDX parsing: header validated against the real byte count before anything is allocated.
#include "core/data/idx_reader.h"

#include "core/formats/dataset_file.h"
#include "core/config/error.h"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <sstream>
#include <vector>

namespace fpt::core {

namespace {

constexpr int64_t kMaxImageSide = 4096;

uint32_t readBigEndian32(const std::string& bytes, size_t offset) {
    const auto* p = reinterpret_cast<const unsigned char*>(bytes.data() + offset);
    return (uint32_t{p[0]} << 24) | (uint32_t{p[1]} << 16) | (uint32_t{p[2]} << 8) | uint32_t{p[3]};
}

std::string hex32(uint32_t value) {
    std::ostringstream out;
    out << "0x" << std::hex;
    out.width(8);
    out.fill('0');
    out << value;
    return out.str();
}

// Checks magic + dims and returns the dims; the payload must be exactly prod(dims) bytes.
std::vector<int64_t> parseIdxHeader(const std::string& bytes,
                                    const std::string& origin,
                                    uint32_t expectedMagic,
                                    const char* what) {
    const size_t ndims = expectedMagic & 0xFF;
    const size_t headerBytes = 4 + 4 * ndims;
    if (bytes.empty()) {
        throw DatasetError(origin + ": empty file; expected an IDX " + what + " file");
    }
    if (bytes.size() < 4) {
        throw DatasetError(origin + ": truncated IDX header: " + std::to_string(bytes.size()) +
                           " bytes, expected at least " + std::to_string(headerBytes));
    }
    const uint32_t magic = readBigEndian32(bytes, 0);
    if (magic != expectedMagic) {
        throw DatasetError(origin + ": wrong IDX magic " + hex32(magic) + ", expected " +
                           hex32(expectedMagic) + " (" + what + ")");
    }
    if (bytes.size() < headerBytes) {
        throw DatasetError(origin + ": truncated IDX header: " + std::to_string(bytes.size()) +
                           " bytes, expected " + std::to_string(headerBytes));
    }
    std::vector<int64_t> dims(ndims);
    const uint64_t payload = bytes.size() - headerBytes;
    uint64_t expected = 1;
    bool tooLarge = false;
    for (size_t i = 0; i < ndims; ++i) {
        dims[i] = readBigEndian32(bytes, 4 + 4 * i);
        // Multiply step by step and stop once past the payload, so no product can overflow.
        if (!tooLarge) {
            expected *= static_cast<uint64_t>(dims[i]);
            tooLarge = expected > payload;
        }
    }
    std::string shape;
    for (size_t i = 0; i < ndims; ++i) {
        shape += (i == 0 ? "" : " x ") + std::to_string(dims[i]);
    }
    if (dims[0] == 0) {
        throw DatasetError(origin + ": IDX header declares 0 " + what + "; the file holds no data");
    }
    if (std::find(dims.begin(), dims.end(), 0) != dims.end()) {
        throw DatasetError(origin + ": IDX header declares a zero dimension (" + shape + ")");
    }
    if (tooLarge || expected != payload) {
        const std::string found = std::to_string(payload);
        throw DatasetError(
            origin + ": IDX header declares " + shape + " = " +
            (tooLarge ? std::string("more than ") + found : std::to_string(expected)) +
            " bytes of data, but the file holds " + found +
            (tooLarge ? " (truncated file or corrupt header)" : " (size mismatch)"));
    }
    return dims;
}

}  // namespace

torch::Tensor parseIdxImages(const std::string& bytes, const std::string& origin) {
    const std::vector<int64_t> dims = parseIdxHeader(bytes, origin, kIdxImagesMagic, "images");
    if (dims[1] <= 0 || dims[2] <= 0 || dims[1] > kMaxImageSide || dims[2] > kMaxImageSide) {
        throw DatasetError(origin + ": IDX image size " + std::to_string(dims[1]) + "x" +
                           std::to_string(dims[2]) + " is outside 1.." +
                           std::to_string(kMaxImageSide));
    }
    torch::Tensor images = torch::empty({dims[0], dims[1], dims[2]}, torch::kUInt8);
    std::memcpy(images.data_ptr<uint8_t>(), bytes.data() + 16, static_cast<size_t>(images.numel()));
    return images;
}

torch::Tensor parseIdxLabels(const std::string& bytes,
                             const std::string& origin,
                             int64_t numClasses) {
    const std::vector<int64_t> dims = parseIdxHeader(bytes, origin, kIdxLabelsMagic, "labels");
    torch::Tensor labels = torch::empty({dims[0]}, torch::kInt64);
    int64_t* out = labels.data_ptr<int64_t>();
    for (int64_t i = 0; i < dims[0]; ++i) {
        const auto label = static_cast<unsigned char>(bytes[static_cast<size_t>(8 + i)]);
        if (label >= numClasses) {
            throw DatasetError(origin + ": label " + std::to_string(label) + " of record " +
                               std::to_string(i) + " is out of range 0.." +
                               std::to_string(numClasses - 1));
        }
        out[i] = label;
    }
    return labels;
}

std::string findIdxFile(const std::string& dir, const std::string& stem) {
    const std::filesystem::path base = std::filesystem::path(dir) / stem;
    for (const std::string& candidate : {base.string(), base.string() + ".gz"}) {
        if (datasetFileExists(candidate)) {
            return candidate;
        }
    }
    return {};
}

bool hasIdxSplitFiles(const std::string& dir) {
    for (const char* stem : {"train-images-idx3-ubyte", "train-labels-idx1-ubyte",
                             "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"}) {
        if (findIdxFile(dir, stem).empty()) {
            return false;
        }
    }
    return true;
}

ImageSet readIdxPair(const std::string& imagesPath,
                     const std::string& labelsPath,
                     int64_t numClasses) {
    const std::string hint = "expected an MNIST-style IDX file (.gz or plain)";
    const torch::Tensor images = parseIdxImages(readDatasetFile(imagesPath, hint), imagesPath);
    torch::Tensor labels =
        parseIdxLabels(readDatasetFile(labelsPath, hint), labelsPath, numClasses);
    if (images.size(0) != labels.size(0)) {
        throw DatasetError(imagesPath + " holds " + std::to_string(images.size(0)) +
                           " images but " + labelsPath + " holds " +
                           std::to_string(labels.size(0)) + " labels; they must match");
    }
    ImageSet set;
    set.images = images.unsqueeze(1);  // (N, rows, cols) -> (N, 1, rows, cols)
    set.labels = std::move(labels);
    return set;
}

ImageSet readIdxSplit(const std::string& dir, Split split, int64_t numClasses) {
    const std::string prefix = split == Split::Train ? "train" : "t10k";
    const std::string imagesStem = prefix + "-images-idx3-ubyte";
    const std::string labelsStem = prefix + "-labels-idx1-ubyte";
    std::string imagesPath = findIdxFile(dir, imagesStem);
    std::string labelsPath = findIdxFile(dir, labelsStem);
    for (auto [path, stem] :
         {std::pair{&imagesPath, &imagesStem}, std::pair{&labelsPath, &labelsStem}}) {
        if (path->empty()) {
            throw DatasetError("IDX file '" + (std::filesystem::path(dir) / *stem).string() +
                               "[.gz]' not found; put the MNIST-style files " + prefix +
                               "-{images-idx3,labels-idx1}-ubyte[.gz] in " + dir);
        }
    }
    return readIdxPair(imagesPath, labelsPath, numClasses);
}

}  // namespace fpt::core
