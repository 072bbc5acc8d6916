// SPDX-License-Identifier: MIT
// Colour tables built once from a few published stops (matplotlib's viridis deciles and ColorBrewer
// RdBu, reversed so negative is blue), linearly interpolated to 257 entries.
#include "widgets/common/color_map.h"

#include <array>
#include <cmath>

namespace fpt::widgets {

namespace {

constexpr int kTableSize = 257;  // odd, so t = 0.5 (zero on a diverging scale) hits a stop exactly

// viridis at t = 0, 0.1, ..., 1.0
constexpr std::array<QRgb, 11> kViridisStops = {0x440154, 0x482475, 0x414487, 0x355f8d,
                                                0x2a788e, 0x21918c, 0x22a884, 0x44bf70,
                                                0x7ad151, 0xbddf26, 0xfde725};

// RdBu reversed: -1 dark blue, 0 near-white (#f7f7f7), +1 dark red.
constexpr std::array<QRgb, 11> kDivergingStops = {0x053061, 0x2166ac, 0x4393c3, 0x92c5de,
                                                  0xd1e5f0, 0xf7f7f7, 0xfddbc7, 0xf4a582,
                                                  0xd6604d, 0xb2182b, 0x67001f};

int lerp(int a, int b, double f) {
    return static_cast<int>(std::lround(a + (b - a) * f));
}

QVector<QRgb> buildTable(const std::array<QRgb, 11>& stops) {
    QVector<QRgb> table(kTableSize);
    const int segments = static_cast<int>(stops.size()) - 1;
    for (int i = 0; i < kTableSize; ++i) {
        const double pos = static_cast<double>(i) / (kTableSize - 1) * segments;
        const int seg = qMin(static_cast<int>(pos), segments - 1);
        const double f = pos - seg;
        const QRgb a = stops[static_cast<size_t>(seg)];
        const QRgb b = stops[static_cast<size_t>(seg) + 1];
        table[i] = qRgb(lerp(qRed(a), qRed(b), f), lerp(qGreen(a), qGreen(b), f),
                        lerp(qBlue(a), qBlue(b), f));
    }
    return table;
}

const QVector<QRgb>& sequentialTable() {
    static const QVector<QRgb> table = buildTable(kViridisStops);
    return table;
}

const QVector<QRgb>& divergingTable() {
    static const QVector<QRgb> table = buildTable(kDivergingStops);
    return table;
}

}  // namespace

ColorMap::ColorMap(ColorMapKind kind)
    : m_kind(kind)
    , m_table(kind == ColorMapKind::Sequential ? sequentialTable() : divergingTable()) {}

QRgb ColorMap::atFraction(float t) const {
    if (std::isnan(t)) {
        return missingColor();
    }
    const float clamped = qBound(0.0F, t, 1.0F);
    return m_table[static_cast<int>(std::lround(clamped * (kTableSize - 1)))];
}

QRgb ColorMap::at(float v, float lo, float hi) const {
    if (!(hi > lo)) {
        return std::isnan(v) ? missingColor() : atFraction(0.5F);
    }
    return atFraction((v - lo) / (hi - lo));
}

QRgb ColorMap::missingColor() {
    return qRgb(128, 128, 128);
}

}  // namespace fpt::widgets
