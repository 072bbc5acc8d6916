// SPDX-License-Identifier: MIT
// Min/max-per-bucket decimation (see curve_decimation.h).
#include "widgets/charts/curve_decimation.h"

#include <algorithm>

namespace fpt::widgets {

QVector<QPointF> decimateMinMax(const QVector<QPointF>& points, int maxPoints) {
    maxPoints = std::max(maxPoints, 4);
    const qsizetype n = points.size();
    if (n <= maxPoints) {
        return points;
    }
    const qsizetype buckets = (maxPoints - 2) / 2;
    const qsizetype interior = n - 2;  // points[1 .. n-2]
    QVector<QPointF> out;
    out.reserve(2 + 2 * buckets);
    out.push_back(points.front());
    for (qsizetype b = 0; b < buckets; ++b) {
        const qsizetype begin = 1 + b * interior / buckets;
        const qsizetype end = 1 + (b + 1) * interior / buckets;
        if (begin >= end) {
            continue;
        }
        qsizetype lo = begin;
        qsizetype hi = begin;
        for (qsizetype i = begin + 1; i < end; ++i) {
            if (points[i].y() < points[lo].y()) {
                lo = i;
            }
            if (points[i].y() > points[hi].y()) {
                hi = i;
            }
        }
        out.push_back(points[std::min(lo, hi)]);
        if (lo != hi) {
            out.push_back(points[std::max(lo, hi)]);
        }
    }
    out.push_back(points.back());
    return out;
}

}  // namespace fpt::widgets
