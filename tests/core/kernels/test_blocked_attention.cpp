// SPDX-License-Identifier: MIT
// Blocked attention == written-out attention: outputs and q/k/v gradients (double and float),
// causal and not, T from 1 to non-multiples of the block size; through CausalSelfAttention and
// Gpt2Model the module outputs, input and parameter gradients match the plain path, attention
// maps come out exactly when asked for, and attention dropout keeps the plain path.
// Heads run in parallel (parallelForBlas), so these also cover the threaded kernel.
#include "core/kernels/blocked_attention.h"
#include "core/model/causal_self_attention.h"
#include "core/model/gpt2_model.h"

#include <QtTest>

#include <torch/torch.h>

#include <cmath>

using namespace fpt::core;

namespace {

/// The reference: qkv (B, T, 3C) -> softmax(q kᵀ / sqrt(hs) + mask) v with heads merged (B, T, C),
/// all (B, nh, T, T) scores materialised.
torch::Tensor plainAttention(const torch::Tensor& qkv, int64_t nh, bool causal) {
    const int64_t B = qkv.size(0);
    const int64_t T = qkv.size(1);
    const int64_t C = qkv.size(2) / 3;
    const int64_t hs = C / nh;
    auto parts = qkv.split(C, 2);
    auto heads = [&](const torch::Tensor& t) { return t.reshape({B, T, nh, hs}).transpose(1, 2); };
    auto s = torch::matmul(heads(parts[0]), heads(parts[1]).transpose(-2, -1)) /
             std::sqrt(static_cast<double>(hs));
    if (causal) {
        const auto mask = torch::ones({T, T}, torch::kBool).tril();
        s = s.masked_fill(mask.logical_not(), -std::numeric_limits<double>::infinity());
    }
    auto y = torch::matmul(torch::softmax(s, -1), heads(parts[2]));  // (B, nh, T, hs)
    return y.transpose(1, 2).reshape({B, T, C});
}

double maxDiff(const torch::Tensor& a, const torch::Tensor& b) {
    return (a - b).abs().max().item<double>();
}

Gpt2Config tinyConfig(AttentionImpl impl, bool causal) {
    Gpt2Config c;
    c.n_layer = 2;
    c.n_embd = 32;
    c.n_head = 4;
    c.n_positions = 40;
    c.embd_pdrop = c.attn_pdrop = c.resid_pdrop = 0.0;
    c.causal = causal;
    c.attention_impl = impl;
    c.attention_block_rows = 16;
    return c;
}

}  // namespace

class TestBlockedAttention : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void matchesPlain_data();
    void matchesPlain();
    void moduleGradientsMatch_data();
    void moduleGradientsMatch();
    void probsStayExact();
    void dispatch();
    void rejectsBadShapes();
};

void TestBlockedAttention::matchesPlain_data() {
    QTest::addColumn<int>("T");
    QTest::addColumn<int>("blockRows");
    QTest::addColumn<bool>("causal");
    QTest::addColumn<bool>("dbl");
    for (bool causal : {true, false}) {
        for (bool dbl : {true, false}) {
            for (auto [T, rows] : {std::pair{1, 4}, {5, 4}, {8, 4}, {17, 4}, {33, 8}, {16, 128},
                                   {64, 16}, {70, 32}}) {
                QTest::addRow("%s %s T=%d rows=%d", causal ? "causal" : "full",
                              dbl ? "f64" : "f32", T, rows)
                    << T << rows << causal << dbl;
            }
        }
    }
}

void TestBlockedAttention::matchesPlain() {
    QFETCH(int, T);
    QFETCH(int, blockRows);
    QFETCH(bool, causal);
    QFETCH(bool, dbl);
    torch::manual_seed(T * 7 + blockRows);
    const auto options = torch::TensorOptions().dtype(dbl ? torch::kFloat64 : torch::kFloat32);
    const int64_t B = 2, nh = 3, hs = 8;
    auto qkv = torch::randn({B, T, 3 * nh * hs}, options).requires_grad_(true);
    const auto weights = torch::randn({B, T, nh * hs}, options);  // a loss weighing every output

    auto fast = blockedAttention(qkv, nh, causal, blockRows);
    (fast * weights).sum().backward();
    const auto fastGrad = qkv.grad().clone();
    qkv.mutable_grad() = torch::Tensor();
    auto plain = plainAttention(qkv, nh, causal);
    (plain * weights).sum().backward();
    const auto plainGrad = qkv.grad().clone();

    const double tol = dbl ? 1e-11 : 2e-5;
    const double out = maxDiff(fast, plain);
    const double grad = maxDiff(fastGrad, plainGrad);
    QVERIFY2(out <= tol, qPrintable(QStringLiteral("output max abs diff %1").arg(out)));
    QVERIFY2(grad <= tol, qPrintable(QStringLiteral("grad max abs diff %1").arg(grad)));
    QCOMPARE(fast.sizes().vec(), plain.sizes().vec());
    QVERIFY(plainGrad.abs().sum().item<double>() > 0.0);  // the comparison is not vacuous
}

void TestBlockedAttention::moduleGradientsMatch_data() {
    QTest::addColumn<int>("T");
    QTest::addColumn<bool>("causal");
    for (bool causal : {true, false}) {
        for (int T : {1, 7, 40}) {
            QTest::addRow("%s T=%d", causal ? "causal" : "full", T) << T << causal;
        }
    }
}

void TestBlockedAttention::moduleGradientsMatch() {
    QFETCH(int, T);
    QFETCH(bool, causal);
    torch::manual_seed(5);
    Gpt2Model plain(tinyConfig(AttentionImpl::Plain, causal));
    torch::manual_seed(5);
    Gpt2Model blocked(tinyConfig(AttentionImpl::Blocked, causal));
    const auto x = torch::randn({3, T, 32});
    auto run = [&](Gpt2Model& m) {
        auto in = x.clone().requires_grad_(true);
        auto y = m->forward(in);
        (y * torch::linspace(-1.0, 1.0, y.numel()).view(y.sizes())).sum().backward();
        return std::make_pair(y.detach(), in.grad());
    };
    const auto [yPlain, gPlain] = run(plain);
    const auto [yBlocked, gBlocked] = run(blocked);
    double worst = std::max(maxDiff(yPlain, yBlocked), maxDiff(gPlain, gBlocked));
    const auto pp = plain->named_parameters();
    const auto pb = blocked->named_parameters();
    for (const auto& item : pp) {
        const auto& a = item.value().grad();
        const auto& b = pb[item.key()].grad();
        QVERIFY2(a.defined() && b.defined(), item.key().c_str());
        worst = std::max(worst, maxDiff(a, b));
    }
    qInfo("max abs diff (outputs, input and parameter grads): %.3g", worst);
    QVERIFY2(worst <= 1e-5, qPrintable(QStringLiteral("max abs diff %1").arg(worst)));
}

void TestBlockedAttention::probsStayExact() {
    // Views ask for maps: the blocked model must give the written-out probabilities bit for bit.
    torch::manual_seed(9);
    Gpt2Model plain(tinyConfig(AttentionImpl::Plain, true));
    torch::manual_seed(9);
    Gpt2Model blocked(tinyConfig(AttentionImpl::Blocked, true));
    plain->eval();
    blocked->eval();
    torch::NoGradGuard noGrad;
    const auto x = torch::randn({2, 19, 32});
    std::vector<torch::Tensor> a, b;
    const auto ya = plain->forward(x, &a);
    const auto yb = blocked->forward(x, &b);
    QCOMPARE(a.size(), std::size_t(2));
    QCOMPARE(b.size(), a.size());
    for (std::size_t i = 0; i < a.size(); ++i) {
        QCOMPARE(b[i].sizes().vec(), (std::vector<int64_t>{2, 4, 19, 19}));
        QVERIFY(torch::equal(a[i], b[i]));
    }
    QVERIFY(torch::equal(ya, yb));
}

void TestBlockedAttention::dispatch() {
    auto config = tinyConfig(AttentionImpl::Auto, true);
    CausalSelfAttention attn(config);
    QVERIFY(!attn->useBlocked(kBlockedAttentionMinT - 1, false));
    QVERIFY(attn->useBlocked(kBlockedAttentionMinT, false));
    QVERIFY(!attn->useBlocked(kBlockedAttentionMinT, true));  // maps asked for
    attn->setAttentionImpl(AttentionImpl::Plain);
    QVERIFY(!attn->useBlocked(4096, false));
    attn->setAttentionImpl(AttentionImpl::Blocked);
    QVERIFY(attn->useBlocked(1, false));
    config.attn_pdrop = 0.1;
    CausalSelfAttention dropped(config);
    dropped->setAttentionImpl(AttentionImpl::Blocked);
    dropped->train();
    QVERIFY(!dropped->useBlocked(64, false));  // dropout on probabilities needs them materialised
    dropped->eval();
    QVERIFY(dropped->useBlocked(64, false));
    QCOMPARE(parseAttentionImpl("blocked"), AttentionImpl::Blocked);
    QCOMPARE(std::string(attentionImplName(AttentionImpl::Plain)), std::string("plain"));
    QVERIFY_THROWS_EXCEPTION(std::exception, parseAttentionImpl("flash"));
}

void TestBlockedAttention::rejectsBadShapes() {
    QVERIFY_THROWS_EXCEPTION(c10::Error, blockedAttention(torch::randn({1, 4, 10}), 1, true, 4));
    QVERIFY_THROWS_EXCEPTION(c10::Error, blockedAttention(torch::randn({1, 4, 12}), 3, true, 4));
    QVERIFY_THROWS_EXCEPTION(c10::Error, blockedAttention(torch::randn({1, 4, 12}), 2, true, 0));
    QVERIFY_THROWS_EXCEPTION(c10::Error,
                             blockedAttention(torch::randn({1, 4, 12}).to(torch::kBFloat16), 2, true, 4));
}

QTEST_GUILESS_MAIN(TestBlockedAttention)
#include "test_blocked_attention.moc"
