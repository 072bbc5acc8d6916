// SPDX-License-Identifier: MIT
// The layer-norm LSTM body (5 of 7 LSTM presets) against an independent float64 PyTorch
// reference (tests/fixtures/lstm_golden.py, gradients checked there by finite differences):
// outputs and the gradients of the input and of every parameter, 3 layers x 8 wide.
#include "core/formats/safetensors_file.h"
#include "core/model/lstm_body.h"

#include <QtTest>

#include <torch/torch.h>

#include <filesystem>

using namespace fpt::core;

namespace {

// float64 on both sides: what remains is summation order, ~1e-15 here; 1e-10 leaves room for
// another BLAS, and is far below any real mistake (a swapped gate or LN moves values by ~1e-1).
constexpr double kTolerance = 1e-10;

std::string fixture(const char* file) {
    return (std::filesystem::path(FPT_SOURCE_DIR) / "tests/fixtures/lstm-ln-tiny" / file).string();
}

double maxAbsDiff(const torch::Tensor& a, const torch::Tensor& b) {
    return (a - b).abs().max().item<double>();
}

}  // namespace

class TestLstmBodyGolden : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void outputsAndGradientsMatchReference();
};

void TestLstmBodyGolden::outputsAndGradientsMatchReference() {
    const auto params = readSafetensors(fixture("params.safetensors"));
    const auto inputs = readSafetensors(fixture("inputs.safetensors"));
    const auto expected = readSafetensors(fixture("expected.safetensors"));
    const auto x = inputs.at("x").clone().requires_grad_(true);  // (B, T, W)
    const int64_t width = x.size(2);

    LstmBody body(width, 3, /*layerNorm=*/true, /*dropout=*/0.0);
    body->to(torch::kFloat64);
    body->eval();
    int64_t loaded = 0;
    {
        torch::NoGradGuard noGrad;
        for (auto& p : body->named_parameters()) {
            const auto it = params.find(p.key());
            QVERIFY2(it != params.end(), qPrintable(QStringLiteral("no reference for parameter %1")
                                                       .arg(QString::fromStdString(p.key()))));
            QCOMPARE(p.value().sizes().vec(), it->second.sizes().vec());
            p.value().copy_(it->second);
            ++loaded;
        }
    }
    QCOMPARE(loaded, static_cast<int64_t>(params.size()));  // every reference tensor is used

    const auto out = body->forward(x);
    QVERIFY(out.scalar_type() == torch::kFloat64);
    const double outDiff = maxAbsDiff(out, expected.at("output"));
    (out * inputs.at("r")).sum().backward();
    double gradDiff = maxAbsDiff(x.grad(), expected.at("grad.x"));
    for (const auto& p : body->named_parameters()) {
        QVERIFY2(p.value().grad().defined(), p.key().c_str());
        gradDiff = std::max(gradDiff, maxAbsDiff(p.value().grad(), expected.at("grad." + p.key())));
    }
    qInfo("LN-LSTM vs reference: output max abs diff %.3g, gradients %.3g", outDiff, gradDiff);
    QVERIFY2(outDiff <= kTolerance, qPrintable(QString::number(outDiff)));
    QVERIFY2(gradDiff <= kTolerance, qPrintable(QString::number(gradDiff)));
    // Not a trivial fixture: the outputs vary and every gradient is non-zero.
    QVERIFY(expected.at("output").std().item<double>() > 0.1);
    QVERIFY(expected.at("grad.layers.0.weight_ih").abs().max().item<double>() > 1e-3);
}

QTEST_GUILESS_MAIN(TestLstmBodyGolden)
#include "test_lstm_body_golden.moc"
