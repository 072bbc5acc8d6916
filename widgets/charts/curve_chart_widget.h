// SPDX-License-Identifier: MIT
// One QtCharts chart of many training curves: debiased EMA smoothing over the full history, log y,
// step or wall-time x, zoom/pan that survives streaming, hover read-out, PNG/SVG/CSV export.
#pragma once

#include "widgets/common/widgets_types.h"

#include <QColor>
#include <QImage>
#include <QPointF>
#include <QString>
#include <QStringList>
#include <QTimer>
#include <QVector>
#include <QWidget>

#include <functional>
#include <memory>
#include <vector>

QT_FORWARD_DECLARE_CLASS(QChart)
QT_FORWARD_DECLARE_CLASS(QChartView)

namespace fpt::widgets {

class CurveAxes;
class CurveBand;
class CurveHoverOverlay;
class CurveTrace;
class CurveViewRange;

/// A chart of training curves keyed by caller-chosen strings (e.g. "run-3/train").
/// Every point is stored; drawing decimates a copy to kMaxDrawPoints per series. Data changes only
/// mark the chart dirty; one single-shot timer redraws at most every kRedrawDelayMs with
/// QXYSeries::replace(). Colours and line styles come from the caller. GUI thread only.
class CurveChartWidget : public QWidget {
    Q_OBJECT

public:
    static constexpr int kMaxDrawPoints = 2000;  ///< per drawn line (raw and smoothed each)
    static constexpr int kRedrawDelayMs = 40;    ///< coalescing window for data changes

    explicit CurveChartWidget(QWidget* parent = nullptr);
    ~CurveChartWidget() override;

    /// Chart title, also used as the y-axis title and in the accessible name.
    void setTitle(const QString& title);
    QString title() const;

    /// Adds a series or replaces an existing one (data, label, colour and pen style).
    /// Points must be in non-decreasing step and wall-time order.
    void setSeries(const QString& key,
                   const QString& label,
                   const QColor& color,
                   Qt::PenStyle style,
                   const QVector<CurvePoint>& points);
    /// Streams points onto an existing series; returns false (and does nothing) for an unknown key.
    bool appendPoints(const QString& key, const QVector<CurvePoint>& points);
    void removeSeries(const QString& key);
    void clear();
    /// Shows or hides a series; hidden series keep their legend entry (click it to show again)
    /// and are left out of auto-range and hover, but not out of CSV export.
    void setSeriesVisible(const QString& key, bool visible);
    bool isSeriesVisible(const QString& key) const;
    /// Test/evaluation curves: drawn raw (never smoothed) with a marker at every point.
    void setSeriesSparse(const QString& key, bool sparse);
    bool isSeriesSparse(const QString& key) const;
    /// Whether a series is part of the view at all (the Runs-dock selection): a series not shown
    /// has no line and no legend entry, and stays out of ranges, hover and CSV export.
    void setSeriesShown(const QString& key, bool shown);
    bool isSeriesShown(const QString& key) const;
    /// Whether a series has its own legend entry (default true).
    void setSeriesInLegend(const QString& key, bool inLegend);
    /// The full label of a series (the legend may show it elided in the middle).
    QString seriesLabel(const QString& key) const;
    /// The legend text of a series as drawn (elided in the middle only when it must be).
    QString legendText(const QString& key) const;

    /// Curves with a legend entry that are shown: (label, colour, style) in legend order.
    struct LegendEntry {
        QString label;
        QColor color;
        Qt::PenStyle style = Qt::SolidLine;
    };
    QVector<LegendEntry> legendEntries() const;
    /// Hides the chart's own (one-row) legend when a shared legend is drawn elsewhere; exports
    /// still draw it.
    void setBuiltInLegendVisible(bool visible);

    /// Adds or replaces a shaded band between lower and upper (a seed group's spread); bands have
    /// no legend entry, enter the auto-range and are drawn under the curves.
    void setBand(const QString& key,
                 const QColor& color,
                 const QVector<CurvePoint>& lower,
                 const QVector<CurvePoint>& upper);
    void removeBand(const QString& key);
    QStringList bandKeys() const;

    /// Keys in insertion order (also legend and CSV order).
    QStringList seriesKeys() const;
    /// All stored points of a series; empty for an unknown key.
    QVector<CurvePoint> seriesPoints(const QString& key) const;
    /// Smoothed value of every stored point of a series (same indices as seriesPoints()).
    QVector<double> seriesSmoothed(const QString& key) const;

    /// EMA weight in [0, 0.999] (clamped); 0 draws the raw curve alone at full opacity.
    void setSmoothing(double weight);

    double smoothing() const { return m_smoothing; }

    /// Log10 y axis; values <= 0 are not drawn and do not enter the range. Drops any zoom.
    void setLogY(bool logY);
    bool isLogY() const;
    /// Step or wall-time x axis. Drops any zoom.
    void setXAxisMode(XAxisMode mode);

    XAxisMode xAxisMode() const { return m_xMode; }

    /// Shows explicit ranges and stops following the data until resetZoom().
    void zoomTo(const AxisSpan& x, const AxisSpan& y);
    /// Back to follow mode: the axes fit all visible data, including points still to come.
    void resetZoom();
    bool isFollowing() const;
    /// The x and y ranges as currently set on the chart's axes.
    AxisSpan xRange() const;
    AxisSpan yRange() const;

    /// Shows the read-out for a cursor at viewportPos (pixels in the chart view's viewport);
    /// hides it outside the plot area. The mouse drives this; it is public for tests and demos.
    void updateHover(const QPointF& viewportPos);
    void hideHover();

    /// Plain-text read-out: a header line with step and wall time, then "label: smoothed (raw r)"
    /// per visible series. Empty while hidden.
    QString hoverText() const { return m_hoverText; }

    /// The viewport that receives mouse events (for synthetic events in tests).
    QWidget* chartViewport() const;

    /// Renders the chart (without hover items) at scale device pixels per widget pixel.
    QImage renderImage(double scale = 2.0);
    bool exportPng(const QString& path, double scale = 2.0);
    bool exportSvg(const QString& path);
    /// Writes every stored point of every series: series,label,step,wall_s,value,smoothed.
    bool exportCsv(const QString& path);

    /// TensorBoard's debiased EMA of values (see EmaSmoother); weight 0 returns values unchanged.
    static QVector<double> smoothEma(const QVector<double>& values, double weight);
    /// Min/max-per-bucket decimation for drawing: keeps the first and last point and the lowest
    /// and highest point of each bucket, in order, so spikes survive. Returns at most
    /// max(maxPoints, 4) points; input sorted by x.
    static QVector<QPointF> decimate(const QVector<QPointF>& points, int maxPoints);

    /// Number of redraws so far (for coalescing tests).
    int redrawCount() const { return m_redrawCount; }

    bool isRedrawPending() const { return m_redrawTimer.isActive(); }

    /// Runs a pending redraw now.
    void flush();

    /// True when the widget palette's window colour is dark and the chart uses dark colours.
    bool isDarkTheme() const { return m_dark; }

Q_SIGNALS:
    /// Emitted when follow mode starts or stops (zoom, pan, reset, axis changes).
    void followingChanged(bool following);
    /// A series was added, removed, renamed, shown or hidden (legend content may differ).
    void legendChanged();
    /// The user toggled a series by clicking its legend entry.
    void seriesVisibilityChanged(const QString& key, bool visible);

protected:
    void changeEvent(QEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;

private:
    CurveTrace* find(const QString& key) const;
    CurveTrace& createTrace(const QString& key);
    void scheduleRedraw();
    void redraw();
    /// Runs a change of the view range, then updates axes, followingChanged and the redraw.
    void changeView(const std::function<void()>& change);
    void zoomToViewportRect(const QRectF& rect);
    void zoomAtViewport(const QPointF& viewportPos, double factorX, double factorY);
    void panByViewport(const QPointF& delta);
    QPointF toChartPos(const QPointF& viewportPos) const;
    QRectF prepareExport();
    void applyTheme();
    void updateAccessibleDescription();
    void updateLegendWidths();

    QChart* m_chart = nullptr;          // owned by m_chartView
    QChartView* m_chartView = nullptr;  // child widget
    std::unique_ptr<CurveViewRange> m_range;
    std::unique_ptr<CurveAxes> m_axes;
    std::unique_ptr<CurveHoverOverlay> m_hover;
    std::vector<std::unique_ptr<CurveTrace>> m_entries;  // insertion order = legend order
    std::vector<std::unique_ptr<CurveBand>> m_bands;
    QTimer m_redrawTimer;
    QString m_title;
    QString m_hoverText;
    QPointF m_hoverPos;
    double m_smoothing = 0.0;
    XAxisMode m_xMode = XAxisMode::Step;
    int m_redrawCount = 0;
    bool m_dark = false;
    bool m_builtInLegend = true;
};

}  // namespace fpt::widgets
