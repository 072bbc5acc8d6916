// SPDX-License-Identifier: MIT
// The attention snapshots of one run, ordered by step: picks the snapshot a step scrubber points at
// and extracts one layer's matrix for one head or the mean of the heads.
#pragma once

#include "widgets/attention/attention_types.h"

#include <QVector>

namespace fpt::widgets {

/// Snapshots of one run sorted by step, at most one per step (a newer one replaces it).
class AttentionSeries {
public:
    /// Head index meaning "arithmetic mean over all heads" (what the paper's XOR demo plots).
    static constexpr int kMeanOfHeads = -1;

    /// True when the dimensions are positive and weights holds layers*heads*tokens^2 values.
    static bool isValid(const AttentionSnapshot& snapshot);

    /// The tokens x tokens matrix of one layer for one head, or the mean of all heads for
    /// kMeanOfHeads. Empty when layer or head is out of range.
    static QVector<float> matrix(const AttentionSnapshot& snapshot, int layer, int head);

    /// Replaces everything; returns how many snapshots were valid and kept.
    int setSnapshots(const QVector<AttentionSnapshot>& snapshots);
    /// Inserts in step order (replacing one at the same step); false if invalid.
    bool addSnapshot(const AttentionSnapshot& snapshot);
    void clear();

    bool isEmpty() const { return m_snapshots.isEmpty(); }

    int size() const { return static_cast<int>(m_snapshots.size()); }

    const AttentionSnapshot& at(int index) const { return m_snapshots.at(index); }

    /// Steps of all snapshots, ascending.
    QVector<qint64> steps() const;

    /// Index of the snapshot with the largest step <= step, or -1 when all are later.
    int indexAtStep(qint64 step) const;

    /// The snapshot indexAtStep() picks, or nullptr.
    const AttentionSnapshot* snapshotAtStep(qint64 step) const;

private:
    QVector<AttentionSnapshot> m_snapshots;
};

}  // namespace fpt::widgets
