// SPDX-License-Identifier: MIT
// Min/max-per-bucket decimation of a polyline for drawing only; stored data is never decimated.
#pragma once

#include <QPointF>
#include <QVector>

namespace fpt::widgets {

/// Keeps the first and last point and, for each of (maxPoints - 2) / 2 equal index buckets in
/// between, its lowest and highest point in original order, so spikes survive (unlike stride or
/// random sampling, W&B #5694). Returns the input when it already fits; maxPoints below 4 counts
/// as 4. Input is expected sorted by x.
QVector<QPointF> decimateMinMax(const QVector<QPointF>& points, int maxPoints);

}  // namespace fpt::widgets
