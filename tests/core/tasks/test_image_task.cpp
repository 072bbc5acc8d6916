// SPDX-License-Identifier: MIT
// ImageTask on generated MNIST-IDX, npm-digit and CIFAR folders: shapes and specs, patch order,
// normalisation, grayscale, augmentation, stratified split, determinism, probe; real data when
// present, with batch() timings.
#include "core/config/error.h"
#include "core/tasks/image_task.h"
#include "tests/common/data_required.h"

#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>
#include <memory>
#include <set>
#include <string>

using fpt::core::ImageTask;
using fpt::core::Split;
using fpt::core::TaskConfig;

namespace {

std::string be32(uint32_t v) {
    return {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8),
            static_cast<char>(v)};
}

void writeFile(const std::string& path, const std::string& bytes) {
    std::ofstream(path, std::ios::binary) << bytes;
}

// Example `id` of an MNIST-style set: pixel (0,0) = id % 256, (0,1) = id / 256, label id % 10.
void writeIdxSplit(const std::string& dir, const char* prefix, uint32_t count) {
    std::string images = be32(0x803) + be32(count) + be32(28) + be32(28);
    std::string labels = be32(0x801) + be32(count);
    for (uint32_t id = 0; id < count; ++id) {
        std::string pixels(784, '\0');
        pixels[0] = static_cast<char>(id % 256);
        pixels[1] = static_cast<char>(id / 256);
        for (size_t k = 2; k < pixels.size(); ++k) {
            pixels[k] = static_cast<char>((k * 7 + id) % 256);
        }
        images += pixels;
        labels.push_back(static_cast<char>(id % 10));
    }
    writeFile(dir + "/" + prefix + "-images-idx3-ubyte", images);
    writeFile(dir + "/" + prefix + "-labels-idx1-ubyte", labels);
}

// CIFAR record: R = 8 * row, G = 8 * col, B = 100 + (row + col + id) % 50; label id % 10.
std::string cifarRecord(uint32_t id) {
    std::string record(1, static_cast<char>(id % 10));
    for (int c = 0; c < 3; ++c) {
        for (int y = 0; y < 32; ++y) {
            for (int x = 0; x < 32; ++x) {
                const int v = c == 0   ? 8 * y
                              : c == 1 ? 8 * x
                                       : 100 + static_cast<int>((y + x + id) % 50);
                record.push_back(static_cast<char>(v));
            }
        }
    }
    return record;
}

void writeCifar(const std::string& dir, uint32_t perBatch, uint32_t test) {
    uint32_t id = 0;
    for (int b = 1; b <= 5; ++b) {
        std::string bytes;
        for (uint32_t i = 0; i < perBatch; ++i) {
            bytes += cifarRecord(id++);
        }
        writeFile(dir + "/data_batch_" + std::to_string(b) + ".bin", bytes);
    }
    std::string bytes;
    for (uint32_t i = 0; i < test; ++i) {
        bytes += cifarRecord(1000 + i);
    }
    writeFile(dir + "/test_batch.bin", bytes);
}

// npm digits: image i of digit d has pixel 0 = d / 10, pixel 1 = i / 1000, pixel 2 = 1.
void writeNpm(const std::string& dir, const std::vector<int>& counts) {
    for (int d = 0; d < 10; ++d) {
        std::string text = "{\"data\":[";
        for (int i = 0; i < counts[static_cast<size_t>(d)]; ++i) {
            for (int k = 0; k < 784; ++k) {
                const double v = k == 0 ? d / 10.0 : k == 1 ? i / 1000.0 : k == 2 ? 1.0 : 0.0;
                text += (i + k == 0 ? "" : ",") + std::to_string(v);
            }
        }
        writeFile(dir + "/" + std::to_string(d) + ".json", text + "]}");
    }
}

TaskConfig config(const char* name, const std::string& dataPath) {
    TaskConfig c;
    c.name = fpt::core::parseTaskKind(name);
    c.data_path = dataPath;
    return c;
}

// Example id of an IDX-built batch row from its first patch (pixels (0,0) and (0,1)).
int64_t idxExampleId(const torch::Tensor& x, int64_t row) {
    return std::lround(x[row][0][0].item<float>() * 255) +
           256 * std::lround(x[row][0][1].item<float>() * 255);
}

double millisPerBatch(ImageTask& task, Split split, int64_t batchSize) {
    task.batch(split, batchSize, 0);
    const auto start = std::chrono::steady_clock::now();
    constexpr int kRepeats = 50;
    for (int i = 1; i <= kRepeats; ++i) {
        task.batch(split, batchSize, i);
    }
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
               .count() /
           kRepeats;
}

std::string realDataDir(const char* sub) {
    const QByteArray env = qgetenv("FPT_DATA_DIR");
    return (env.isEmpty() ? std::string(FPT_SOURCE_DIR) + "/data" : env.toStdString()) + "/" + sub;
}

}  // namespace

class TestImageTask : public QObject {
    Q_OBJECT

private Q_SLOTS:

    void initTestCase() {
        QVERIFY(m_idx.isValid() && m_cifar.isValid() && m_npm.isValid());
        writeIdxSplit(m_idx.path().toStdString(), "train", 300);
        writeIdxSplit(m_idx.path().toStdString(), "t10k", 50);
        writeCifar(m_cifar.path().toStdString(), 8, 12);
        writeNpm(m_npm.path().toStdString(), {10, 20, 30, 40, 50, 12, 9, 5, 2, 1});
    }

    void specsAndShapes_data() {
        QTest::addColumn<QByteArray>("name");
        QTest::addColumn<int>("folder");  // 0 IDX, 1 CIFAR, 2 npm
        QTest::addColumn<bool>("paperResize");
        QTest::addColumn<int>("inputDim");
        QTest::addColumn<int>("seqLen");
        QTest::addColumn<int>("trainSize");
        QTest::newRow("mnist idx") << QByteArray("mnist") << 0 << false << 16 << 49 << 300;
        QTest::newRow("mnist paper 32x32") << QByteArray("mnist") << 0 << true << 16 << 64 << 300;
        QTest::newRow("fashion") << QByteArray("fashion_mnist") << 0 << false << 16 << 49 << 300;
        QTest::newRow("mnist npm") << QByteArray("mnist") << 2 << false << 16 << 49 << 143;
        QTest::newRow("cifar10") << QByteArray("cifar10") << 1 << false << 48 << 64 << 40;
        QTest::newRow("cifar10_lra") << QByteArray("cifar10_lra") << 1 << false << 1 << 1024 << 40;
    }

    void specsAndShapes() {
        QFETCH(QByteArray, name);
        QFETCH(int, folder);
        QFETCH(bool, paperResize);
        QFETCH(int, inputDim);
        QFETCH(int, seqLen);
        QFETCH(int, trainSize);
        const QTemporaryDir* dirs[] = {&m_idx, &m_cifar, &m_npm};
        TaskConfig c = config(name.constData(), dirs[folder]->path().toStdString());
        c.paper_resize = paperResize;
        ImageTask task(c, 0);
        QCOMPARE(task.name(), name.toStdString());
        const auto& spec = task.spec();
        QCOMPARE(spec.input_kind, fpt::core::InputKind::Continuous);
        QCOMPARE(spec.input_dim, int64_t{inputDim});
        QCOMPARE(spec.seq_len, int64_t{seqLen});
        QCOMPARE(spec.readout_tokens, int64_t{1});
        QCOMPARE(spec.outputs_per_token, int64_t{10});
        QCOMPARE(spec.num_classes, int64_t{10});
        QCOMPARE(task.size(Split::Train), int64_t{trainSize});
        const auto b = task.batch(Split::Train, 16, 3);
        QCOMPARE(b.x.sizes().vec(), (std::vector<int64_t>{16, seqLen, inputDim}));
        QCOMPARE(b.x.scalar_type(), torch::kFloat32);
        QCOMPARE(b.y.sizes().vec(), (std::vector<int64_t>{16}));
        QCOMPARE(b.y.scalar_type(), torch::kInt64);
        QVERIFY(b.y.min().item<int64_t>() >= 0 && b.y.max().item<int64_t>() <= 9);
        QVERIFY(torch::isfinite(b.x).all().item<bool>());
    }

    void toPatchesOrder() {
        // value = c * 10000 + y * 100 + x encodes the pixel; 2 images, 3 channels, 8x12, patch 4.
        const torch::Tensor ys = torch::arange(8).view({1, 1, 8, 1}) * 100;
        const torch::Tensor xs = torch::arange(12).view({1, 1, 1, 12});
        const torch::Tensor cs = torch::arange(3).view({1, 3, 1, 1}) * 10000;
        const torch::Tensor images = (ys + xs + cs).expand({2, 3, 8, 12}).to(torch::kFloat32);
        const torch::Tensor tokens = ImageTask::toPatches(images, 4);
        QCOMPARE(tokens.sizes().vec(), (std::vector<int64_t>{2, 6, 48}));
        for (int64_t gy = 0; gy < 2; ++gy) {
            for (int64_t gx = 0; gx < 3; ++gx) {
                for (int64_t py = 0; py < 4; ++py) {
                    for (int64_t px = 0; px < 4; ++px) {
                        for (int64_t c = 0; c < 3; ++c) {
                            const float got =
                                tokens[1][gy * 3 + gx][(py * 4 + px) * 3 + c].item<float>();
                            const auto want =
                                static_cast<float>(c * 10000 + (gy * 4 + py) * 100 + gx * 4 + px);
                            QCOMPARE(got, want);
                        }
                    }
                }
            }
        }
    }

    void cifarNormalisationAndPatchOrder() {
        ImageTask task(config("cifar10", m_cifar.path().toStdString()), 0);
        const auto b = task.batch(Split::Test, 4, 0);
        const torch::Tensor mean = torch::tensor({0.4914F, 0.4822F, 0.4465F});
        const torch::Tensor stdev = torch::tensor({0.2023F, 0.1994F, 0.2010F});
        // Token (gy=2, gx=5), pixel (py=1, px=3): row 9, col 23. Features are (py * 4 + px) * 3 +
        // c.
        const torch::Tensor feature =
            b.x[0][2 * 8 + 5].slice(0, (1 * 4 + 3) * 3, (1 * 4 + 3) * 3 + 3);
        const torch::Tensor raw = (feature * stdev + mean) * 255;
        QVERIFY2(std::abs(raw[0].item<float>() - 72.0F) < 1e-3F, "R = 8 * row");
        QVERIFY2(std::abs(raw[1].item<float>() - 184.0F) < 1e-3F, "G = 8 * col");
        QVERIFY(raw[2].item<float>() >= 99.99F && raw[2].item<float>() < 150.0F);
    }

    void lraGrayscaleAndRange() {
        QTemporaryDir dir;
        std::string record(1, '\x03');
        record += std::string(1024, '\xff') + std::string(2048, '\0');  // pure red
        writeFile(dir.path().toStdString() + "/test_batch.bin", record);
        for (int b = 1; b <= 5; ++b) {
            writeFile(dir.path().toStdString() + "/data_batch_" + std::to_string(b) + ".bin",
                      record);
        }
        ImageTask task(config("cifar10_lra", dir.path().toStdString()), 0);
        const auto b = task.batch(Split::Test, 1, 0);
        // PIL: L = (19595 * 255 + 2^15) >> 16 = 76; normalised (76 / 255 - 0.5) / 0.5.
        const float want = (76.0F / 255.0F - 0.5F) / 0.5F;
        QVERIFY(torch::allclose(b.x, torch::full({1, 1024, 1}, want), 1e-6, 1e-6));
        QCOMPARE(b.y[0].item<int64_t>(), int64_t{3});
        const auto info = task.probeInfo();
        QCOMPARE(info.token_kind, std::string("pixel"));
        QCOMPARE(info.image_channels, int64_t{1});
        QCOMPARE(info.image.front(), 76.0F / 255.0F);
        QCOMPARE(info.description, std::string("cat"));
    }

    void augmentationIsASeededCropAndFlip() {
        TaskConfig c = config("cifar10", m_cifar.path().toStdString());
        ImageTask plain(c, 5);
        c.augment = true;
        ImageTask augmented(c, 5);
        ImageTask again(c, 5);
        QVERIFY(
            torch::equal(plain.batch(Split::Test, 8, 0).x, augmented.batch(Split::Test, 8, 0).x));
        const auto a = augmented.batch(Split::Train, 8, 2);
        QVERIFY(torch::equal(a.x, again.batch(Split::Train, 8, 2).x));
        const auto p = plain.batch(Split::Train, 8, 2);
        QVERIFY(torch::equal(a.y, p.y));
        QVERIFY(!torch::equal(a.x, p.x));
        // Every augmented image is one of the 9 x 9 x 2 crops/flips of its zero-padded original.
        auto toImage = [](const torch::Tensor& tokens) {  // (64, 48) -> (3, 32, 32), normalised
            return tokens.view({8, 8, 4, 4, 3}).permute({4, 0, 2, 1, 3}).reshape({3, 32, 32});
        };
        const torch::Tensor mean = torch::tensor({0.4914F, 0.4822F, 0.4465F}).view({3, 1, 1});
        const torch::Tensor stdev = torch::tensor({0.2023F, 0.1994F, 0.2010F}).view({3, 1, 1});
        int shifted = 0;
        for (int64_t j = 0; j < 8; ++j) {
            const torch::Tensor original = toImage(p.x[j]) * stdev + mean;  // [0, 1]
            const torch::Tensor padded = torch::constant_pad_nd(original, {4, 4, 4, 4}, 0.0);
            const torch::Tensor got = toImage(a.x[j]) * stdev + mean;
            bool found = false;
            for (int64_t dy = 0; dy <= 8 && !found; ++dy) {
                for (int64_t dx = 0; dx <= 8 && !found; ++dx) {
                    const torch::Tensor crop = padded.narrow(1, dy, 32).narrow(2, dx, 32);
                    found = torch::allclose(got, crop, 1e-5, 1e-5) ||
                            torch::allclose(got, crop.flip({2}), 1e-5, 1e-5);
                    shifted += found && (dy != 4 || dx != 4) ? 1 : 0;
                }
            }
            QVERIFY2(found, ("example " + std::to_string(j)).c_str());
        }
        QVERIFY(shifted > 0);
    }

    void deterministicBatches() {
        TaskConfig c = config("mnist", m_idx.path().toStdString());
        ImageTask a(c, 3);
        ImageTask b(c, 3);
        ImageTask other(c, 4);
        QVERIFY(torch::equal(a.batch(Split::Train, 16, 9).x, b.batch(Split::Train, 16, 9).x));
        QVERIFY(!torch::equal(a.batch(Split::Train, 16, 9).x, a.batch(Split::Train, 16, 10).x));
        QVERIFY(!torch::equal(a.batch(Split::Train, 16, 9).x, other.batch(Split::Train, 16, 9).x));
        QVERIFY(torch::equal(a.batch(Split::Test, 16, 1).x, other.batch(Split::Test, 16, 1).x));
        QCOMPARE(a.batch(Split::Test, 16, 3).x.size(0), int64_t{2});  // 50 = 3 * 16 + 2
    }

    void epochCoversTrainSetWithMatchingLabels() {
        ImageTask task(config("mnist", m_idx.path().toStdString()), 1);
        std::vector<int64_t> seen;
        for (int64_t index = 0; index < 300 / 20; ++index) {
            const auto b = task.batch(Split::Train, 20, index);
            for (int64_t j = 0; j < 20; ++j) {
                const int64_t id = idxExampleId(b.x, j);
                QCOMPARE(b.y[j].item<int64_t>(), id % 10);
                seen.push_back(id);
            }
        }
        std::sort(seen.begin(), seen.end());
        for (int64_t i = 0; i < 300; ++i) {
            QCOMPARE(seen[static_cast<size_t>(i)], i);
        }
    }

    void stratifiedSplitOfNpmDigits() {
        TaskConfig c = config("mnist", m_npm.path().toStdString());
        c.test_fraction = 0.25;
        ImageTask task(c, 0);
        ImageTask otherSeed(c, 99);
        // Per digit: round(n / 4) test images, at least 1 and leaving 1 for training.
        const std::vector<int64_t> counts{10, 20, 30, 40, 50, 12, 9, 5, 2, 1};
        std::vector<int64_t> wantTest(10);
        int64_t total = 0;
        for (size_t d = 0; d < 10; ++d) {
            wantTest[d] = counts[d] < 2 ? 0
                                        : std::clamp<int64_t>(std::llround(counts[d] * 0.25), 1,
                                                              counts[d] - 1);
            total += wantTest[d];
        }
        QCOMPARE(task.size(Split::Test), total);
        QCOMPARE(task.size(Split::Train), int64_t{179} - total);
        std::vector<int64_t> testCounts(10, 0);
        std::set<std::pair<int64_t, int64_t>> testImages;
        const int64_t batches = (total + 15) / 16;
        for (int64_t index = 0; index < batches; ++index) {
            const auto b = task.batch(Split::Test, 16, index);
            QVERIFY(torch::equal(b.x, otherSeed.batch(Split::Test, 16, index).x));  // fixed split
            for (int64_t j = 0; j < b.x.size(0); ++j) {
                const int64_t digit = b.y[j].item<int64_t>();
                QCOMPARE(std::lround(b.x[j][0][0].item<float>() * 10),
                         digit);  // label matches image
                ++testCounts[static_cast<size_t>(digit)];
                testImages.emplace(digit, std::lround(b.x[j][0][1].item<float>() * 1000));
            }
        }
        QCOMPARE(testCounts, wantTest);
        for (int64_t index = 0; index < 179; ++index) {  // no train image is a test image
            const auto b = task.batch(Split::Train, 1, index);
            const auto key = std::make_pair(b.y[0].item<int64_t>(),
                                            std::lround(b.x[0][0][1].item<float>() * 1000));
            QVERIFY(testImages.count(key) == 0);
        }
    }

    void capAndProbe() {
        TaskConfig c = config("mnist", m_idx.path().toStdString());
        c.max_train_examples = 7;
        c.paper_resize = true;
        ImageTask task(c, 0);
        QCOMPARE(task.size(Split::Train), int64_t{7});
        QCOMPARE(task.size(Split::Test), int64_t{50});
        const auto probe = task.probeBatch();
        QCOMPARE(probe.x.sizes().vec(), (std::vector<int64_t>{1, 64, 16}));
        const auto info = task.probeInfo();
        QCOMPARE(info.token_kind, std::string("patch"));
        QCOMPARE(info.token_labels.size(), size_t{64});
        QCOMPARE(info.token_labels[9], std::string("r1c1"));
        QCOMPARE(info.grid_rows, int64_t{8});
        QCOMPARE(info.patch_size, int64_t{4});
        QCOMPARE(info.image_height, int64_t{32});
        QCOMPARE(info.image.size(), size_t{32 * 32});
        QCOMPARE(info.target, probe.y[0].item<int64_t>());
        QCOMPARE(info.description, "digit " + std::to_string(info.target));
        // Padded border is 0; pixel (2, 2) of the padded image is the example's pixel (0, 0).
        QCOMPARE(info.image[0], 0.0F);
        QCOMPARE(info.image[2 * 32 + 2], probe.x[0][0][2 * 4 + 2].item<float>());
    }

    void configAndDataErrors() {
        QTemporaryDir empty;
        try {
            ImageTask task(config("cifar10", empty.path().toStdString()), 0);
            QFAIL("expected DatasetError");
        } catch (const fpt::core::DatasetError& e) {
            QVERIFY2(std::string(e.what()).find(empty.path().toStdString() + "/data_batch_1.bin") !=
                         std::string::npos,
                     e.what());
        }
        try {
            ImageTask task(config("mnist", empty.path().toStdString()), 0);
            QFAIL("expected DatasetError");
        } catch (const fpt::core::DatasetError& e) {
            QVERIFY2(std::string(e.what()).find("scripts/fetch_data.sh") != std::string::npos,
                     e.what());
        }
        TaskConfig c = config("mnist", m_idx.path().toStdString());
        c.patch_size = 3;
        QVERIFY_THROWS_EXCEPTION(fpt::core::ConfigError, ImageTask(c, 0));
        QVERIFY_THROWS_EXCEPTION(fpt::core::ConfigError,
                                 ImageTask(config("svhn", m_idx.path().toStdString()), 0));
        TaskConfig defaults = config("cifar10_lra", "");
        ImageTask::resolveDefaults(defaults);
        QCOMPARE(defaults.patch_size, int64_t{1});
        defaults = config("mnist", "");
        ImageTask::resolveDefaults(defaults);
        QCOMPARE(defaults.patch_size, int64_t{4});
        QCOMPARE(defaults.test_fraction, 0.2);
    }

    void realFashionMnist() {
        TaskConfig c = config("fashion_mnist", "");
        ImageTask::resolveDefaults(c);
        std::unique_ptr<ImageTask> task;
        try {
            task = std::make_unique<ImageTask>(c, 0);
        } catch (const fpt::core::DatasetError& e) {
            FPT_SKIP_UNLESS_CI(("Fashion-MNIST not installed: " + std::string(e.what())).c_str());
        }
        QCOMPARE(task->size(Split::Train), int64_t{60000});
        QCOMPARE(task->size(Split::Test), int64_t{10000});
        qInfo("fashion_mnist batch(16): train %.3f ms, test %.3f ms",
              millisPerBatch(*task, Split::Train, 16), millisPerBatch(*task, Split::Test, 16));
        QCOMPARE(task->probeInfo().description.empty(), false);
    }

    void realNpmMnist() {
        TaskConfig c = config("mnist", realDataDir("mnist-npm"));
        std::unique_ptr<ImageTask> task;
        try {
            task = std::make_unique<ImageTask>(c, 0);
        } catch (const fpt::core::DatasetError& e) {
            FPT_SKIP_UNLESS_CI(
                ("npm MNIST absent (run scripts/fetch_data.sh): " + std::string(e.what())).c_str());
        }
        QCOMPARE(task->size(Split::Train) + task->size(Split::Test), int64_t{10000});
        QCOMPARE(task->size(Split::Test), int64_t{2000});
        qInfo("mnist (npm) batch(16): train %.3f ms", millisPerBatch(*task, Split::Train, 16));
    }

private:
    QTemporaryDir m_idx;
    QTemporaryDir m_cifar;
    QTemporaryDir m_npm;
};

QTEST_GUILESS_MAIN(TestImageTask)
#include "test_image_task.moc"
