// SPDX-License-Identifier: MIT
// Value types the app hands to the attention views: attention weights captured on a fixed probe
// batch at one training step, and what the probe's tokens mean (bits, image patches, symbols ...).
#pragma once

#include <QImage>
#include <QString>
#include <QStringList>
#include <QVector>

namespace fpt::widgets {

/// Attention of one probe example at one step; weights is [layers][heads][tokens][tokens]
/// row-major with row = query and column = key, so each row of a head sums to 1 (softmax).
struct AttentionSnapshot {
    qint64 step = 0;
    int layers = 0;
    int heads = 0;
    int tokens = 0;
    QVector<float> weights;
};

/// What the probe's tokens are, for axis labels and the image view.
struct ProbeDescription {
    QString tokenKind;        // "bit", "patch", "pixel", "symbol", "residue"
    QStringList tokenLabels;  // one short label per token ("a3", "r2c5", "MAX"); may be empty
    QString description;      // one line for people, e.g. "digit 7" or "XOR of 10110 and 01100"
    QImage image;             // image tasks: the probe image (any format)
    int patchSize = 0;        // image pixels per patch side (1 for "pixel" tokens)
    int gridRows = 0;         // patch grid; 0 = derived from image size / patchSize
    int gridCols = 0;
};

}  // namespace fpt::widgets
