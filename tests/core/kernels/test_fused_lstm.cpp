// SPDX-License-Identifier: MIT
// fusedLstmLayer == torch::nn::LSTM (one layer): outputs and the gradients of x and of all four
// parameters, float64 (tight) and float32; LstmBody fused == LstmBody through torch's LSTM.
#include "core/kernels/fused_lstm.h"
#include "core/model/lstm_body.h"

#include <QtTest>

#include <torch/torch.h>

using namespace fpt::core;

namespace {

double maxDiff(const torch::Tensor& a, const torch::Tensor& b) {
    return (a - b).abs().max().item<double>();
}

}  // namespace

class TestFusedLstm : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void layerMatchesTorch_data();
    void layerMatchesTorch();
    void bodyMatchesTorch();
    void rejectsBadShapes();
};

void TestFusedLstm::layerMatchesTorch_data() {
    QTest::addColumn<int>("B");
    QTest::addColumn<int>("T");
    QTest::addColumn<bool>("dbl");
    for (bool dbl : {true, false}) {
        for (auto [B, T] : {std::pair{1, 1}, {3, 2}, {2, 9}, {4, 17}}) {
            QTest::addRow("%s B=%d T=%d", dbl ? "f64" : "f32", B, T) << B << T << dbl;
        }
    }
}

void TestFusedLstm::layerMatchesTorch() {
    QFETCH(int, B);
    QFETCH(int, T);
    QFETCH(bool, dbl);
    const int64_t I = 5;
    const int64_t H = 6;
    torch::manual_seed(B * 100 + T);
    torch::nn::LSTM lstm(torch::nn::LSTMOptions(I, H).batch_first(true));
    if (dbl) {
        lstm->to(torch::kFloat64);
    }
    const auto x = torch::randn({B, T, I}, torch::TensorOptions().dtype(dbl ? torch::kFloat64 : torch::kFloat32));
    const auto weights = torch::randn({B, T, H}, x.options());
    const auto w = lstm->all_weights();
    auto run = [&](bool fused) {
        for (auto& p : lstm->parameters()) {
            p.mutable_grad() = torch::Tensor();
        }
        auto in = x.clone().requires_grad_(true);
        auto y = fused ? fusedLstmLayer(in, w[0], w[1], w[2], w[3]) : std::get<0>(lstm(in));
        (y * weights).sum().backward();
        std::vector<torch::Tensor> out = {y.detach(), in.grad()};
        for (const auto& p : w) {
            out.push_back(p.grad().clone());
        }
        return out;
    };
    const auto fused = run(true);
    const auto ref = run(false);
    const double tol = dbl ? 1e-12 : 3e-6;
    const char* names[] = {"output", "dx", "dW_ih", "dW_hh", "db_ih", "db_hh"};
    for (std::size_t i = 0; i < fused.size(); ++i) {
        const double diff = maxDiff(fused[i], ref[i]);
        const auto what = QLatin1String(names[i]);
        QVERIFY2(diff <= tol,
                 qPrintable(QStringLiteral("%1 max abs diff %2").arg(what).arg(diff)));
    }
    QVERIFY(ref[2].abs().sum().item<double>() > 0.0);
}

void TestFusedLstm::bodyMatchesTorch() {
    torch::manual_seed(3);
    LstmBody body(16, 3, /*layerNorm=*/false, 0.0, /*fused=*/true);
    const auto x = torch::randn({4, 11, 16});
    auto run = [&](bool fused) {
        body->setFused(fused);
        for (auto& p : body->parameters()) {
            p.mutable_grad() = torch::Tensor();
        }
        auto in = x.clone().requires_grad_(true);
        auto y = body->forward(in);
        y.pow(2).sum().backward();
        std::vector<torch::Tensor> out = {y.detach(), in.grad()};
        for (const auto& p : body->parameters()) {
            out.push_back(p.grad().clone());
        }
        return out;
    };
    const auto fused = run(true);
    const auto ref = run(false);
    QCOMPARE(fused.size(), std::size_t(2 + 12));
    double worst = 0.0;
    for (std::size_t i = 0; i < fused.size(); ++i) {
        worst = std::max(worst, maxDiff(fused[i], ref[i]));
    }
    qInfo("3-layer body, max abs diff (outputs and all gradients): %.3g", worst);
    QVERIFY2(worst <= 2e-5, qPrintable(QStringLiteral("max abs diff %1").arg(worst)));
}

void TestFusedLstm::rejectsBadShapes() {
    const auto w = torch::randn({8, 2});
    const auto b = torch::randn({8});
    QVERIFY_THROWS_EXCEPTION(c10::Error, fusedLstmLayer(torch::randn({2, 3}), w, w, b, b));
    QVERIFY_THROWS_EXCEPTION(c10::Error, fusedLstmLayer(torch::randn({2, 3, 4}), w, w, b, b));
    QVERIFY_THROWS_EXCEPTION(c10::Error,
                             fusedLstmLayer(torch::randn({2, 3, 2}).to(torch::kBFloat16), w, w, b, b));
}

QTEST_GUILESS_MAIN(TestFusedLstm)
#include "test_fused_lstm.moc"
