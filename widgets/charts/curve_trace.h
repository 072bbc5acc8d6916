// SPDX-License-Identifier: MIT
// One curve as drawn in a chart: its stored data, a faint raw line behind a smoothed line, and
// the smoothed line's legend entry (kept clickable while the curve is hidden).
#pragma once

#include "widgets/charts/curve_series_data.h"
#include "widgets/common/widgets_types.h"

#include <QColor>
#include <QPen>
#include <QString>

QT_FORWARD_DECLARE_CLASS(QChart)
QT_FORWARD_DECLARE_CLASS(QLineSeries)
QT_FORWARD_DECLARE_CLASS(QPalette)

namespace fpt::widgets {

class CurveAxes;

/// A keyed curve: data plus two QLineSeries owned by the chart for the trace's lifetime.
/// GUI thread only.
class CurveTrace {
public:
    static constexpr double kRawAlpha = 0.25;  ///< opacity of the raw line behind a smoothed one

    /// Adds the raw line, then the smoothed line (drawn on top) to chart and both axes.
    CurveTrace(QChart* chart, CurveAxes& axes, QString key);
    /// Removes both lines from the chart and deletes them.
    ~CurveTrace();
    CurveTrace(const CurveTrace&) = delete;
    CurveTrace& operator=(const CurveTrace&) = delete;

    const QString& key() const { return m_key; }

    const QString& label() const { return m_label; }

    const QColor& color() const { return m_color; }

    Qt::PenStyle style() const { return m_style; }

    bool isVisible() const { return m_visible; }

    CurveSeriesData& data() { return m_data; }

    const CurveSeriesData& data() const { return m_data; }

    /// The line that carries the legend entry.
    QLineSeries* smoothedLine() const { return m_smooth; }

    void setAppearance(const QString& label, const QColor& color, Qt::PenStyle style);
    /// Recomputes smoothed values; with weight 0 only the (raw) smoothed line is drawn.
    void setSmoothing(double weight);
    void setVisible(bool visible);
    /// Sparse curves (test evaluations): never smoothed, drawn raw with a marker at every point
    /// so a single evaluation is visible.
    void setSparse(bool sparse);

    bool isSparse() const { return m_sparse; }

    /// Whether the curve belongs to the current view at all (the Runs-dock selection); a
    /// curve not shown has no lines and no legend entry. Separate from the legend toggle.
    void setShown(bool shown);

    bool isShown() const { return m_shown; }

    /// Drawn and counted for ranges and hover: shown and not toggled off.
    bool isDrawn() const { return m_visible && m_shown; }

    /// Whether the curve has its own legend entry (a run's test curve shares the train one's).
    void setInLegend(bool inLegend);

    bool isInLegend() const { return m_inLegend; }

    /// The legend text, elided in the middle to at most maxWidth pixels of the legend font.
    void setLegendWidth(int maxWidth);

    /// Replaces the drawn points with the decimated slice of data inside x.
    void draw(XAxisMode mode, bool logY, const AxisSpan& x, int maxPoints);

    /// Hides the raw line's legend marker; shows the smoothed one, struck out while hidden.
    void syncLegend(const QPalette& palette);

    /// The pen for a line; dash patterns are short so a legend marker shows two dashes.
    static QPen makePen(const QColor& color, double width, Qt::PenStyle style);

private:
    void applyPens();

    QChart* m_chart = nullptr;
    QLineSeries* m_raw = nullptr;     // owned by m_chart while added
    QLineSeries* m_smooth = nullptr;  // owned by m_chart while added
    CurveSeriesData m_data;
    QString m_key;
    QString m_label;
    QColor m_color;
    Qt::PenStyle m_style = Qt::SolidLine;
    double m_smoothing = 0.0;
    int m_legendWidth = 0;  // 0: no elision
    bool m_visible = true;
    bool m_sparse = false;
    bool m_shown = true;
    bool m_inLegend = true;

    void applyVisibility();
};

}  // namespace fpt::widgets
