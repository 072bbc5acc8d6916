// SPDX-License-Identifier: MIT
// Gpt2Model::forwardLast (the last block computed only at the read-out positions) == forward()
// narrowed to those positions: outputs, input and parameter gradients, causal and not; and
// FptModel::forward (which uses it) == the full-sequence path the attention views take.
#include "core/model/fpt_model.h"
#include "core/model/gpt2_model.h"

#include <QtTest>

#include <torch/torch.h>

using namespace fpt::core;

namespace {

double maxDiff(const torch::Tensor& a, const torch::Tensor& b) {
    return (a - b).abs().max().item<double>();
}

Gpt2Config tinyConfig(bool causal, int64_t layers) {
    Gpt2Config c;
    c.n_layer = layers;
    c.n_embd = 32;
    c.n_head = 4;
    c.n_positions = 16;
    c.embd_pdrop = c.attn_pdrop = c.resid_pdrop = 0.0;
    c.causal = causal;
    return c;
}

}  // namespace

class TestGpt2Model : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void forwardLastMatches_data();
    void forwardLastMatches();
    void fptForwardMatchesFullPath_data();
    void fptForwardMatchesFullPath();
    void keepOutOfRange();
};

void TestGpt2Model::forwardLastMatches_data() {
    QTest::addColumn<bool>("causal");
    QTest::addColumn<int>("keep");
    QTest::addColumn<int>("layers");
    for (bool causal : {true, false}) {
        for (int keep : {1, 3, 13}) {
            QTest::addRow("%s keep=%d", causal ? "causal" : "full", keep) << causal << keep << 2;
        }
    }
    QTest::newRow("no blocks") << true << 2 << 0;
    QTest::newRow("one block") << true << 1 << 1;
}

void TestGpt2Model::forwardLastMatches() {
    QFETCH(bool, causal);
    QFETCH(int, keep);
    QFETCH(int, layers);
    torch::manual_seed(7);
    Gpt2Model model(tinyConfig(causal, layers));
    const int64_t T = 13;
    const auto x = torch::randn({3, T, 32});
    const auto weights = torch::randn({3, keep, 32});
    auto run = [&](bool last) {
        model->zero_grad();
        auto in = x.clone().requires_grad_(true);
        auto y = last ? model->forwardLast(in, keep) : model->forward(in).narrow(1, T - keep, keep);
        (y * weights).sum().backward();
        std::vector<torch::Tensor> out = {y.detach(), in.grad()};
        for (const auto& p : model->parameters()) {
            out.push_back(p.grad().defined() ? p.grad().clone() : torch::zeros_like(p));
        }
        return out;
    };
    const auto fast = run(true);
    const auto ref = run(false);
    QCOMPARE(fast[0].sizes().vec(), (std::vector<int64_t>{3, keep, 32}));
    double worst = 0.0;
    for (std::size_t i = 0; i < fast.size(); ++i) {
        worst = std::max(worst, maxDiff(fast[i], ref[i]));
    }
    qInfo("max abs diff (output, input and parameter grads): %.3g", worst);
    QVERIFY2(worst <= 1e-5, qPrintable(QStringLiteral("max abs diff %1").arg(worst)));
}

void TestGpt2Model::fptForwardMatchesFullPath_data() {
    QTest::addColumn<int>("readout");
    QTest::newRow("last token") << 1;
    QTest::newRow("last 4 tokens") << 4;
}

void TestGpt2Model::fptForwardMatchesFullPath() {
    QFETCH(int, readout);
    ModelConfig model;
    model.n_layer = 2;
    model.n_embd = 32;
    model.n_head = 4;
    model.dropout = 0.0;
    TaskSpec task;
    task.input_dim = 5;
    task.seq_len = 10;
    task.readout_tokens = readout;
    task.outputs_per_token = 3;
    torch::manual_seed(2);
    FptModel fpt(model, task, nullptr);
    fpt->eval();
    torch::NoGradGuard noGrad;
    const auto x = torch::randn({2, 10, 5});
    std::vector<torch::Tensor> maps;
    const auto full = fpt->forwardWithAttention(x, maps);  // every position, attention kept
    const auto fast = fpt->forward(x);
    QCOMPARE(fast.sizes().vec(), (std::vector<int64_t>{2, readout, 3}));
    QCOMPARE(full.sizes().vec(), fast.sizes().vec());
    QVERIFY2(maxDiff(full, fast) <= 1e-5, qPrintable(QString::number(maxDiff(full, fast))));
}

void TestGpt2Model::keepOutOfRange() {
    Gpt2Model model(tinyConfig(true, 1));
    QVERIFY_THROWS_EXCEPTION(c10::Error, model->forwardLast(torch::randn({1, 4, 32}), 0));
    QVERIFY_THROWS_EXCEPTION(c10::Error, model->forwardLast(torch::randn({1, 4, 32}), 5));
}

QTEST_GUILESS_MAIN(TestGpt2Model)
#include "test_gpt2_model.moc"
