// SPDX-License-Identifier: MIT
// Value -> colour lookup for the heatmaps: a viridis-like sequential map for attention weights and
// a blue-white-red diverging map, symmetric around 0, for differences and cosine similarities.
#pragma once

#include <QColor>
#include <QVector>

namespace fpt::widgets {

/// Which colour scale a heatmap uses.
enum class ColorMapKind { Sequential, Diverging };

/// How values map onto the colours: linear, or log10 (sequential maps only; for attention with
/// many tokens, where most weights are tiny and a few rows reach 1).
enum class ColorScale { Linear, Log };

/// A 257-entry colour lookup table; cheap to copy (the table is implicitly shared).
class ColorMap {
public:
    explicit ColorMap(ColorMapKind kind = ColorMapKind::Sequential);

    ColorMapKind kind() const { return m_kind; }

    /// Colour at position t in [0, 1] (clamped); NaN maps to neutral grey.
    QRgb atFraction(float t) const;

    /// Colour of value v on the scale [lo, hi]; lo == hi maps everything to the middle colour.
    QRgb at(float v, float lo, float hi) const;

    /// The first and last table entries (the colours of the range ends).
    QRgb lowest() const { return m_table.front(); }

    QRgb highest() const { return m_table.back(); }

    /// Colour used for NaN and for cells with no data.
    static QRgb missingColor();

private:
    ColorMapKind m_kind;
    QVector<QRgb> m_table;  // 257 entries, index = round(t * 256)
};

}  // namespace fpt::widgets
