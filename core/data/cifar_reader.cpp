// SPDX-License-Identifier: MIT
// CIFAR-10 binary batches: a record is 3073 bytes, so a file's size alone tells its count.
#include "core/data/cifar_reader.h"

#include "core/formats/dataset_file.h"
#include "core/config/error.h"

#include <cstring>
#include <filesystem>
#include <sstream>

namespace fpt::core {

namespace {

constexpr int64_t kCifarClasses = 10;
constexpr int64_t kCifarPixelBytes = kCifarRecordBytes - 1;
// A batch file is 30 MB (10,000 records); refuse anything absurdly larger before reading it all.
constexpr int64_t kMaxCifarBatchBytes = int64_t{256} << 20;

std::string missingHint(const std::string& dir) {
    return "put the CIFAR-10 binary batches (data_batch_1..5.bin, test_batch.bin from "
           "cifar-10-binary.tar.gz, https://www.cs.toronto.edu/~kriz/cifar.html) in " +
           dir;
}

}  // namespace

ImageSet parseCifarBatch(const std::string& bytes, const std::string& origin) {
    const auto size = static_cast<int64_t>(bytes.size());
    if (size == 0) {
        throw DatasetError(origin + ": empty file; expected CIFAR-10 records of 3073 bytes");
    }
    if (size % kCifarRecordBytes != 0) {
        std::string hint;
        if (size % (kCifarRecordBytes + 1) == 0) {
            hint = " (3074-byte records look like CIFAR-100, which has two label bytes)";
        }
        throw DatasetError(origin + ": size " + std::to_string(size) +
                           " bytes is not a whole number of 3073-byte CIFAR-10 records (1 label + "
                           "3072 pixels); truncated or not a CIFAR-10 binary batch" +
                           hint);
    }
    const int64_t count = size / kCifarRecordBytes;
    ImageSet set;
    set.images = torch::empty({count, 3, kCifarSide, kCifarSide}, torch::kUInt8);
    set.labels = torch::empty({count}, torch::kInt64);
    uint8_t* pixels = set.images.data_ptr<uint8_t>();
    int64_t* labels = set.labels.data_ptr<int64_t>();
    for (int64_t i = 0; i < count; ++i) {
        const char* record = bytes.data() + i * kCifarRecordBytes;
        const auto label = static_cast<unsigned char>(record[0]);
        if (label >= kCifarClasses) {
            throw DatasetError(origin + ": record " + std::to_string(i) + " (byte offset " +
                               std::to_string(i * kCifarRecordBytes) + ") has label " +
                               std::to_string(label) + ", expected 0..9");
        }
        labels[i] = label;
        std::memcpy(pixels + i * kCifarPixelBytes, record + 1, kCifarPixelBytes);
    }
    return set;
}

std::vector<std::string> parseCifarClassNames(const std::string& text, const std::string& origin) {
    std::vector<std::string> names;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        const size_t begin = line.find_first_not_of(" \t\r");
        if (begin == std::string::npos) {
            continue;
        }
        const size_t end = line.find_last_not_of(" \t\r");
        names.push_back(line.substr(begin, end - begin + 1));
    }
    if (static_cast<int64_t>(names.size()) != kCifarClasses) {
        throw DatasetError(origin + ": expected 10 class names (one a line), found " +
                           std::to_string(names.size()));
    }
    return names;
}

std::vector<std::string> defaultCifarClassNames() {
    return {"airplane", "automobile", "bird",  "cat",  "deer",
            "dog",      "frog",       "horse", "ship", "truck"};
}

ImageSet readCifarSplit(const std::string& dir, Split split) {
    std::vector<std::string> files;
    if (split == Split::Train) {
        for (int i = 1; i <= 5; ++i) {
            files.push_back("data_batch_" + std::to_string(i) + ".bin");
        }
    } else {
        files.push_back("test_batch.bin");
    }
    std::vector<torch::Tensor> images;
    std::vector<torch::Tensor> labels;
    for (const std::string& file : files) {
        const std::string path = (std::filesystem::path(dir) / file).string();
        ImageSet batch =
            parseCifarBatch(readDatasetFile(path, missingHint(dir), kMaxCifarBatchBytes), path);
        images.push_back(std::move(batch.images));
        labels.push_back(std::move(batch.labels));
    }
    ImageSet set;
    set.images = images.size() == 1 ? images[0] : torch::cat(images);
    set.labels = labels.size() == 1 ? labels[0] : torch::cat(labels);
    const std::string metaPath = (std::filesystem::path(dir) / "batches.meta.txt").string();
    set.class_names = datasetFileExists(metaPath)
                          ? parseCifarClassNames(readDatasetFile(metaPath, ""), metaPath)
                          : defaultCifarClassNames();
    return set;
}

}  // namespace fpt::core
