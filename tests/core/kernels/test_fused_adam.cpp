// SPDX-License-Identifier: MIT
// FusedAdam == torch::optim::Adam over several steps (parameters and moments), the grad scale ==
// scaling the gradients first, the same state type (checkpoints), the stock step for amsgrad;
// gradientNorm == clip_grad_norm_'s total norm.
#include "core/kernels/fused_adam.h"

#include <QtTest>

#include <torch/torch.h>

using namespace fpt::core;

namespace {

std::vector<torch::Tensor> makeParams(int seed) {
    torch::manual_seed(seed);
    // One tensor longer than a work chunk (65536) so chunking and threads are exercised.
    return {torch::randn({70000}).requires_grad_(true), torch::randn({7, 5}).requires_grad_(true),
            torch::randn({3}).requires_grad_(true)};
}

void setGrads(std::vector<torch::Tensor>& params, int step, double scale = 1.0) {
    torch::manual_seed(1000 + step);
    for (auto& p : params) {
        p.mutable_grad() = torch::randn_like(p) * scale;
    }
}

double maxDiff(const std::vector<torch::Tensor>& a, const std::vector<torch::Tensor>& b) {
    double worst = 0.0;
    for (std::size_t i = 0; i < a.size(); ++i) {
        worst = std::max(worst, (a[i] - b[i]).abs().max().item<double>());
    }
    return worst;
}

}  // namespace

class TestFusedAdam : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void matchesTorchAdam();
    void gradScaleEqualsScaledGrads();
    void amsgradFallsBack();
    void normMatchesClip();
};

void TestFusedAdam::matchesTorchAdam() {
    auto a = makeParams(1);
    auto b = makeParams(1);
    torch::optim::Adam ref(a, torch::optim::AdamOptions(1e-2));
    FusedAdam fused(b, torch::optim::AdamOptions(1e-2));
    for (int step = 0; step < 5; ++step) {
        setGrads(a, step);
        setGrads(b, step);
        ref.step();
        fused.step();
    }
    const double diff = maxDiff(a, b);
    qInfo("params after 5 steps: max abs diff %.3g", diff);
    QVERIFY2(diff <= 1e-6, qPrintable(QString::number(diff)));
    QVERIFY(maxDiff(a, makeParams(1)) > 1e-3);  // the steps did move the parameters
    for (std::size_t i = 0; i < a.size(); ++i) {
        const auto key = [](const torch::Tensor& p) {
            return c10::guts::to_string(p.unsafeGetTensorImpl());
        };
        auto& sa = static_cast<torch::optim::AdamParamState&>(*ref.state().at(key(a[i])));
        auto& sb = static_cast<torch::optim::AdamParamState&>(*fused.state().at(key(b[i])));
        QCOMPARE(sb.step(), sa.step());
        QVERIFY((sa.exp_avg() - sb.exp_avg()).abs().max().item<double>() <= 1e-6);
        QVERIFY((sa.exp_avg_sq() - sb.exp_avg_sq()).abs().max().item<double>() <= 1e-6);
    }
}

void TestFusedAdam::gradScaleEqualsScaledGrads() {
    auto a = makeParams(2);
    auto b = makeParams(2);
    torch::optim::Adam ref(a, torch::optim::AdamOptions(1e-2));
    FusedAdam fused(b, torch::optim::AdamOptions(1e-2));
    for (int step = 0; step < 3; ++step) {
        setGrads(a, step, 0.25);
        setGrads(b, step);
        ref.step();
        fused.setGradScale(0.25);
        fused.step();
        QCOMPARE(fused.gradScale(), 1.0);  // one step only
    }
    QVERIFY(maxDiff(a, b) <= 1e-6);
}

void TestFusedAdam::amsgradFallsBack() {
    auto a = makeParams(3);
    auto b = makeParams(3);
    torch::optim::Adam ref(a, torch::optim::AdamOptions(1e-2).amsgrad(true));
    FusedAdam fused(b, torch::optim::AdamOptions(1e-2).amsgrad(true));
    for (int step = 0; step < 3; ++step) {
        setGrads(a, step, 0.5);
        setGrads(b, step);
        ref.step();
        fused.setGradScale(0.5);
        fused.step();
    }
    QVERIFY(maxDiff(a, b) <= 1e-6);
}

void TestFusedAdam::normMatchesClip() {
    auto a = makeParams(4);
    setGrads(a, 0);
    const double norm = gradientNorm(a);
    const double ref = torch::nn::utils::clip_grad_norm_(a, 1e9);  // huge max: no clipping
    QVERIFY2(std::abs(norm - ref) <= 1e-5 * ref, qPrintable(QStringLiteral("%1 vs %2").arg(norm).arg(ref)));
}

QTEST_GUILESS_MAIN(TestFusedAdam)
#include "test_fused_adam.moc"
