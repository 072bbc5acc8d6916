// SPDX-License-Identifier: MIT
// LanguagePretrainer on a tiny generated corpus (2 layers, width 32): a short run lowers the
// validation loss; the exported folder has the HF GPT2LMHeadModel layout and loads back to
// identical outputs; stop + --resume equals an uninterrupted run bit for bit; position rows past
// the training context keep their init; F16 export; the time budget; errors.
#include "core/config/error.h"
#include "core/model/gpt2_checkpoint.h"
#include "core/pretraining/language_pretrainer.h"
#include "core/formats/safetensors_file.h"

#include <QTemporaryDir>
#include <QtTest>

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <filesystem>
#include <fstream>

using namespace fpt::core;
namespace fs = std::filesystem;

namespace {

/// 24 files of simple, learnable English-like text (deterministic).
std::string makeCorpus(const fs::path& dir) {
    const std::vector<std::string> subjects = {"the cat", "a dog", "the old man", "my sister"};
    const std::vector<std::string> verbs = {"sees", "likes", "walks to", "reads about"};
    const std::vector<std::string> objects = {"the house.", "a red ball.", "the river.",
                                              "the city."};
    fs::create_directories(dir);
    uint32_t state = 12345;
    auto next = [&state](std::size_t n) {
        state = state * 1664525u + 1013904223u;
        return static_cast<std::size_t>((state >> 16) % n);
    };
    for (int f = 0; f < 24; ++f) {
        std::ofstream out(dir / ("doc" + std::to_string(100 + f) + ".txt"));
        for (int s = 0; s < 40; ++s) {
            out << subjects[next(4)] << ' ' << verbs[next(4)] << ' ' << objects[next(4)] << ' ';
        }
    }
    return dir.string();
}

LanguagePretrainConfig tiny(const std::string& corpus, int64_t steps) {
    LanguagePretrainConfig c;
    c.corpus = {corpus};
    c.n_layer = 2;
    c.n_embd = 32;
    c.n_head = 4;
    c.context = 16;
    c.n_positions = 64;
    c.batch_size = 8;
    c.steps = steps;
    c.learning_rate = 3e-3;
    c.warmup_fraction = 0.1;
    c.eval_every = 10;
    c.eval_windows = 8;
    c.checkpoint_every = 0;
    c.seed = 3;
    return c;
}

/// Stops the run after `stopAfter` steps, as Ctrl-C would.
class StopAfter : public TrainingObserver {
public:
    explicit StopAfter(int64_t steps)
        : m_stopAfter(steps) {}

    void onStep(const StepMetrics& m) override { m_seen = m.step; }

    bool shouldStop() override { return m_stopAfter > 0 && m_seen >= m_stopAfter; }

private:
    int64_t m_stopAfter;
    int64_t m_seen = 0;
};

bool sameTensors(const std::string& a, const std::string& b) {
    const auto ta = readSafetensors(a);
    const auto tb = readSafetensors(b);
    if (ta.size() != tb.size()) {
        return false;
    }
    for (const auto& [name, t] : ta) {
        if (tb.count(name) == 0 || !torch::equal(t, tb.at(name))) {
            qWarning("differs: %s", name.c_str());
            return false;
        }
    }
    return true;
}

nlohmann::json readJson(const std::string& path) {
    std::ifstream in(path);
    return nlohmann::json::parse(in);
}

torch::Tensor logitsOf(Gpt2Model& model, const torch::Tensor& x) {
    torch::NoGradGuard noGrad;
    model->eval();
    return model->lmLogits(model->forwardTokens(x));
}

}  // namespace

class TestLanguagePretrainer : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void batchesAreShiftedAndSeeded();
    void shortRunLowersValidationLoss();
    void exportLoadsBackIdentical();
    void savedFolderHasHfLayout();
    void stopAndResumeEqualsUninterrupted();
    void positionsPastContextKeepInit();
    void f16Export();
    void timeBudget();
    void errors();

private:
    QTemporaryDir m_tmp;
    std::string m_corpus;
    std::string m_trained;  // out folder of shortRunLowersValidationLoss
};

void TestLanguagePretrainer::initTestCase() {
    QVERIFY(m_tmp.isValid());
    m_corpus = makeCorpus(fs::path(m_tmp.path().toStdString()) / "corpus");
}

void TestLanguagePretrainer::batchesAreShiftedAndSeeded() {
    LanguagePretrainer p(tiny(m_corpus, 10),
                         m_tmp.filePath(QStringLiteral("batches")).toStdString());
    const auto a = p.trainBatch(3);
    QCOMPARE(a.x.sizes().vec(), (std::vector<int64_t>{8, 16}));
    QCOMPARE(a.x.scalar_type(), torch::kInt64);
    QVERIFY(torch::equal(a.x.narrow(1, 1, 15), a.y.narrow(1, 0, 15)));
    QVERIFY(torch::equal(a.x, p.trainBatch(3).x));
    QVERIFY(!torch::equal(a.x, p.trainBatch(4).x));
    QVERIFY(a.x.min().item<int64_t>() >= 0 && a.x.max().item<int64_t>() < 256);
}

void TestLanguagePretrainer::shortRunLowersValidationLoss() {
    m_trained = m_tmp.filePath(QStringLiteral("trained")).toStdString();
    auto config = tiny(m_corpus, 150);
    config.learning_rate = 5e-3;
    LanguagePretrainer p(config, m_trained, false, {{"command", "fpt pretrain language ..."}});
    const double before = p.validationBitsPerByte(0);
    TrainingObserver quiet;
    const auto result = p.run(quiet);
    qInfo("validation %.3f -> %.3f bits/byte (unigram %.3f)", before, result.val_bits_per_byte,
          result.unigram_bits_per_byte);
    QVERIFY(before > 7.0);  // untrained: about log2(256) = 8
    QVERIFY2(result.val_bits_per_byte < before - 3.0, "validation loss did not drop");
    QVERIFY2(result.val_bits_per_byte < result.unigram_bits_per_byte - 0.5,
             "not clearly below the unigram baseline");
    QCOMPARE(result.status, std::string("done"));
    QCOMPARE(result.steps, int64_t{150});
    const auto record = readJson(m_trained + "/pretrain.json");
    QCOMPARE(record["command"].get<std::string>(), std::string("fpt pretrain language ..."));
    QCOMPARE(record["steps"].get<int64_t>(), int64_t{150});
    QCOMPARE(record["tokenizer"]["vocab_size"].get<int64_t>(), int64_t{256});
    QCOMPARE(record["corpus"]["files"].get<int64_t>(), int64_t{24});
    QCOMPARE(record["corpus"]["validation_files"].size(), std::size_t(1));
    QCOMPARE(record["val_bits_per_byte"].get<double>(), result.val_bits_per_byte);
    QCOMPARE(record["unigram_bits_per_byte"].get<double>(), p.corpus().unigramBitsPerByte());
    QCOMPARE(record["evaluations"].size(), std::size_t(15));  // steps 10..140 + the final one
    QVERIFY(record.contains("wall_time_s"));
}

void TestLanguagePretrainer::exportLoadsBackIdentical() {
    QVERIFY(!m_trained.empty());
    LanguagePretrainer p(LanguagePretrainer::savedConfig(m_trained), m_trained, /*resume=*/true);
    Gpt2Checkpoint checkpoint(m_trained);
    Gpt2Model loaded(checkpoint.config());
    loadGpt2Weights(loaded, checkpoint);
    const auto x = p.trainBatch(0).x;
    QVERIFY(torch::equal(logitsOf(loaded, x), logitsOf(p.model(), x)));
    // The final validation score is reproduced by the reloaded trainer state.
    const auto record = readJson(m_trained + "/pretrain.json");
    QCOMPARE(p.validationBitsPerByte(0), record["val_bits_per_byte"].get<double>());
}

void TestLanguagePretrainer::savedFolderHasHfLayout() {
    QVERIFY(!m_trained.empty());
    SafetensorsFile file(m_trained + "/model.safetensors");
    QCOMPARE(file.entry("transformer.wte.weight").shape, (std::vector<int64_t>{256, 32}));
    QCOMPARE(file.entry("transformer.wpe.weight").shape, (std::vector<int64_t>{64, 32}));
    QCOMPARE(file.entry("transformer.h.0.attn.c_attn.weight").shape,
             (std::vector<int64_t>{32, 96}));
    QCOMPARE(file.entry("transformer.h.1.attn.c_proj.weight").shape,
             (std::vector<int64_t>{32, 32}));
    QCOMPARE(file.entry("transformer.h.1.mlp.c_fc.weight").shape, (std::vector<int64_t>{32, 128}));
    QCOMPARE(file.entry("transformer.h.1.mlp.c_proj.weight").shape,
             (std::vector<int64_t>{128, 32}));
    QVERIFY(file.contains("transformer.ln_f.bias"));
    QCOMPARE(file.names().size(), std::size_t(2 + 2 * 12 + 2 + 1));
    QVERIFY(
        torch::equal(file.read("lm_head.weight"), file.read("transformer.wte.weight")));  // tied
    const auto j = readJson(m_trained + "/config.json");
    QCOMPARE(j["model_type"].get<std::string>(), std::string("gpt2"));
    QCOMPARE(j["architectures"][0].get<std::string>(), std::string("GPT2LMHeadModel"));
    QCOMPARE(j["vocab_size"].get<int64_t>(), int64_t{256});
    QCOMPARE(j["n_positions"].get<int64_t>(), int64_t{64});
    QCOMPARE(j["n_layer"].get<int64_t>(), int64_t{2});
    QCOMPARE(j["activation_function"].get<std::string>(), std::string("gelu_new"));
    QVERIFY(!j.contains("fpt_causal"));  // a plain causal GPT-2
}

void TestLanguagePretrainer::stopAndResumeEqualsUninterrupted() {
    auto config = tiny(m_corpus, 24);
    config.dropout = 0.1;  // so the per-step dropout streams must line up too
    config.checkpoint_every = 5;
    const auto whole = m_tmp.filePath(QStringLiteral("whole")).toStdString();
    const auto split = m_tmp.filePath(QStringLiteral("split")).toStdString();
    TrainingObserver quiet;
    LanguagePretrainer(config, whole).run(quiet);
    StopAfter stop(13);
    const auto first = LanguagePretrainer(config, split).run(stop);
    QCOMPARE(first.status, std::string("stopped"));
    QCOMPARE(first.steps, int64_t{13});
    QCOMPARE(LanguagePretrainer::savedConfig(split).dropout, 0.1);
    LanguagePretrainer resumed(LanguagePretrainer::savedConfig(split), split, /*resume=*/true);
    QCOMPARE(resumed.step(), int64_t{13});
    const auto second = resumed.run(quiet);
    QCOMPARE(second.status, std::string("done"));
    QCOMPARE(second.steps, int64_t{24});
    QVERIFY(sameTensors(whole + "/checkpoint/model.safetensors",
                        split + "/checkpoint/model.safetensors"));
    QVERIFY(sameTensors(whole + "/checkpoint/optimizer.safetensors",
                        split + "/checkpoint/optimizer.safetensors"));
    QVERIFY(sameTensors(whole + "/model.safetensors", split + "/model.safetensors"));
}

void TestLanguagePretrainer::positionsPastContextKeepInit() {
    QVERIFY(!m_trained.empty());
    const auto c = tiny(m_corpus, 150);
    Gpt2Config gc;
    gc.n_layer = c.n_layer;
    gc.n_embd = c.n_embd;
    gc.n_head = c.n_head;
    gc.n_positions = c.n_positions;
    gc.vocab_size = 256;
    gc.embd_pdrop = gc.attn_pdrop = gc.resid_pdrop = 0.0;
    torch::manual_seed(static_cast<uint64_t>(c.seed));
    Gpt2Model fresh(gc);
    const auto trained = Gpt2Checkpoint(m_trained).read("wpe.weight");
    const auto init = fresh->wpe()->weight.detach();
    QVERIFY(torch::equal(trained.narrow(0, c.context, 64 - c.context),
                         init.narrow(0, c.context, 64 - c.context)));
    QVERIFY(!torch::equal(trained.narrow(0, 0, c.context), init.narrow(0, 0, c.context)));
}

void TestLanguagePretrainer::f16Export() {
    auto config = tiny(m_corpus, 3);
    config.dtype = "f16";
    const auto out = m_tmp.filePath(QStringLiteral("f16")).toStdString();
    LanguagePretrainer p(config, out);
    TrainingObserver quiet;
    p.run(quiet);
    SafetensorsFile file(out + "/model.safetensors");
    QCOMPARE(file.entry("transformer.h.0.mlp.c_fc.weight").dtype, std::string("F16"));
    QCOMPARE(readJson(out + "/config.json")["torch_dtype"].get<std::string>(),
             std::string("float16"));
    Gpt2Checkpoint checkpoint(out);
    Gpt2Model loaded(checkpoint.config());
    loadGpt2Weights(loaded, checkpoint);
    const auto x = p.trainBatch(0).x;
    const double diff = (logitsOf(loaded, x) - logitsOf(p.model(), x)).abs().max().item<double>();
    QVERIFY2(diff < 2e-2, qPrintable(QString::number(diff)));
}

void TestLanguagePretrainer::timeBudget() {
    auto config = tiny(m_corpus, 0);
    config.minutes = 0.005;  // 0.3 s
    config.eval_every = 0;
    const auto out = m_tmp.filePath(QStringLiteral("timed")).toStdString();
    TrainingObserver quiet;
    const auto result = LanguagePretrainer(config, out).run(quiet);
    QCOMPARE(result.status, std::string("done"));
    QVERIFY(result.steps >= 1);
    QVERIFY(result.message.find("time budget") != std::string::npos);
    QCOMPARE(readJson(out + "/pretrain.json")["optimizer"]["schedule_over"].get<std::string>(),
             std::string("wall time"));
}

void TestLanguagePretrainer::errors() {
    const auto out = m_tmp.filePath(QStringLiteral("errors")).toStdString();
    QVERIFY_THROWS_EXCEPTION(CheckpointError,
                             LanguagePretrainer(tiny(m_corpus, 5), out + "/none", true));
    auto noBudget = tiny(m_corpus, 0);
    QVERIFY_THROWS_EXCEPTION(ConfigError, LanguagePretrainer(noBudget, out));
    auto tooLong = tiny(m_corpus, 5);
    tooLong.context = 100000;
    tooLong.n_positions = 100000;
    QVERIFY_THROWS_EXCEPTION(DatasetError, LanguagePretrainer(tooLong, out));
    auto badShape = tiny(m_corpus, 5);
    badShape.n_head = 5;
    QVERIFY_THROWS_EXCEPTION(ConfigError, LanguagePretrainer(badShape, out));
}

QTEST_GUILESS_MAIN(TestLanguagePretrainer)
#include "test_language_pretrainer.moc"
