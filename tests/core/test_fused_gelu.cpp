// SPDX-License-Identifier: MIT
// fusedGeluTanh == torch::gelu(x, "tanh"): values and gradients over a wide input range
// (including large |x| and exact zeros), on a tensor big enough to be split across threads.
#include "core/fused_gelu.h"

#include <QtTest>

#include <torch/torch.h>

using namespace fpt::core;

class TestFusedGelu : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void matchesTorch();
    void otherDtypesFallBack();
};

void TestFusedGelu::matchesTorch() {
    torch::manual_seed(1);
    auto base = torch::cat({torch::randn({100000}) * 3.0, torch::linspace(-30.0, 30.0, 1001),
                            torch::zeros({5})});
    const auto dy = torch::randn_like(base);
    auto a = base.clone().requires_grad_(true);
    auto b = base.clone().requires_grad_(true);
    const auto ya = fusedGeluTanh(a);
    const auto yb = torch::gelu(b, "tanh");
    (ya * dy).sum().backward();
    (yb * dy).sum().backward();
    const double dyDiff = (ya - yb).abs().max().item<double>();
    const double dxDiff = (a.grad() - b.grad()).abs().max().item<double>();
    qInfo("max abs diff: values %.3g, gradients %.3g", dyDiff, dxDiff);
    QVERIFY2(dyDiff <= 1e-5, qPrintable(QString::number(dyDiff)));
    QVERIFY2(dxDiff <= 1e-5, qPrintable(QString::number(dxDiff)));
    QCOMPARE(ya.sizes().vec(), base.sizes().vec());
}

void TestFusedGelu::otherDtypesFallBack() {
    const auto x = torch::randn({4, 3}, torch::kFloat64);
    QVERIFY(torch::allclose(fusedGeluTanh(x), torch::gelu(x, "tanh")));
}

QTEST_GUILESS_MAIN(TestFusedGelu)
#include "test_fused_gelu.moc"
