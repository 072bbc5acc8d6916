// SPDX-License-Identifier: MIT
// AttentionSeries: step-ordered storage and matrix extraction. Weight vectors are implicitly
// shared, so keeping many snapshots of the same data costs no copies.
#include "widgets/attention/attention_series.h"

#include <algorithm>

namespace fpt::widgets {

namespace {

bool stepLess(const AttentionSnapshot& a, qint64 step) {
    return a.step < step;
}

}  // namespace

bool AttentionSeries::isValid(const AttentionSnapshot& snapshot) {
    if (snapshot.layers <= 0 || snapshot.heads <= 0 || snapshot.tokens <= 0) {
        return false;
    }
    const qint64 expected =
        static_cast<qint64>(snapshot.layers) * snapshot.heads * snapshot.tokens * snapshot.tokens;
    return snapshot.weights.size() == expected;
}

QVector<float> AttentionSeries::matrix(const AttentionSnapshot& snapshot, int layer, int head) {
    if (!isValid(snapshot) || layer < 0 || layer >= snapshot.layers || head < kMeanOfHeads ||
        head >= snapshot.heads) {
        return {};
    }
    const qsizetype cells = static_cast<qsizetype>(snapshot.tokens) * snapshot.tokens;
    const qsizetype layerOffset = static_cast<qsizetype>(layer) * snapshot.heads * cells;
    const float* weights = snapshot.weights.constData() + layerOffset;
    if (head != kMeanOfHeads) {
        const float* first = weights + head * cells;
        // Not braces: they would pick QVector's initializer_list constructor.
        return QVector<float>(first, first + cells);  // NOLINT(modernize-return-braced-init-list)
    }
    // Mean over heads: [heads][T][T] -> [T][T], accumulated in double for a stable mean.
    QVector<double> sum(cells, 0.0);
    for (int h = 0; h < snapshot.heads; ++h) {
        const float* src = weights + h * cells;
        for (qsizetype i = 0; i < cells; ++i) {
            sum[i] += src[i];
        }
    }
    QVector<float> mean(cells);
    for (qsizetype i = 0; i < cells; ++i) {
        mean[i] = static_cast<float>(sum[i] / snapshot.heads);
    }
    return mean;
}

int AttentionSeries::setSnapshots(const QVector<AttentionSnapshot>& snapshots) {
    m_snapshots.clear();
    int kept = 0;
    for (const AttentionSnapshot& snapshot : snapshots) {
        kept += addSnapshot(snapshot) ? 1 : 0;
    }
    return kept;
}

bool AttentionSeries::addSnapshot(const AttentionSnapshot& snapshot) {
    if (!isValid(snapshot)) {
        return false;
    }
    auto it = std::lower_bound(m_snapshots.begin(), m_snapshots.end(), snapshot.step, stepLess);
    if (it != m_snapshots.end() && it->step == snapshot.step) {
        *it = snapshot;
    } else {
        m_snapshots.insert(it, snapshot);
    }
    return true;
}

void AttentionSeries::clear() {
    m_snapshots.clear();
}

QVector<qint64> AttentionSeries::steps() const {
    QVector<qint64> out;
    out.reserve(m_snapshots.size());
    for (const AttentionSnapshot& snapshot : m_snapshots) {
        out.append(snapshot.step);
    }
    return out;
}

int AttentionSeries::indexAtStep(qint64 step) const {
    // First snapshot with a step > step; the one before it is the answer.
    auto it = std::upper_bound(
        m_snapshots.cbegin(), m_snapshots.cend(), step,
        [](qint64 value, const AttentionSnapshot& snapshot) { return value < snapshot.step; });
    return static_cast<int>(it - m_snapshots.cbegin()) - 1;
}

const AttentionSnapshot* AttentionSeries::snapshotAtStep(qint64 step) const {
    const int index = indexAtStep(step);
    return index >= 0 ? &m_snapshots.at(index) : nullptr;
}

}  // namespace fpt::widgets
