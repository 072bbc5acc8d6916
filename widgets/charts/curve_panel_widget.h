// SPDX-License-Identifier: MIT
// The training-curves dock content: a "Loss" and an "Accuracy" CurveChartWidget with one shared
// control row (smoothing, log y, x axis, reset zoom, export).
#pragma once

#include "widgets/common/widgets_types.h"

#include <QColor>
#include <QString>
#include <QStringList>
#include <QVector>
#include <QWidget>

QT_FORWARD_DECLARE_CLASS(QCheckBox)
QT_FORWARD_DECLARE_CLASS(QComboBox)
QT_FORWARD_DECLARE_CLASS(QHBoxLayout)
QT_FORWARD_DECLARE_CLASS(QLabel)
QT_FORWARD_DECLARE_CLASS(QSlider)
QT_FORWARD_DECLARE_CLASS(QSpinBox)
QT_FORWARD_DECLARE_CLASS(QSplitter)
QT_FORWARD_DECLARE_CLASS(QToolButton)

QT_FORWARD_DECLARE_CLASS(QScrollArea)

namespace fpt::widgets {

class CurveChartWidget;
class CurveLegendWidget;
class FlowLayout;

/// Two curve charts keyed by metric name, "loss" and "accuracy", sharing smoothing, x-axis mode
/// and zoom reset; log y applies to the loss chart only (accuracy lives in [0, 1]). Data passes
/// straight through to the charts; the panel stores nothing itself. GUI thread only.
class CurvePanelWidget : public QWidget {
    Q_OBJECT

public:
    explicit CurvePanelWidget(QWidget* parent = nullptr);

    /// Adds or replaces a series on the "loss" or "accuracy" chart; other metrics are ignored.
    void setSeries(const QString& metric,
                   const QString& key,
                   const QString& label,
                   const QColor& color,
                   Qt::PenStyle style,
                   const QVector<CurvePoint>& points);
    /// Streams points onto a series; false for an unknown metric or key.
    bool appendPoints(const QString& metric, const QString& key, const QVector<CurvePoint>& points);
    /// Removes every series whose key starts with runKeyPrefix, from both charts.
    void removeRun(const QString& runKeyPrefix);
    void clear();

    /// EMA weight in [0, 0.999]; moves the slider and applies to both charts.
    void setSmoothing(double weight);
    double smoothing() const;
    /// Log y on the loss chart.
    void setLogY(bool logY);
    bool isLogY() const;
    void setXAxisMode(XAxisMode mode);
    XAxisMode xAxisMode() const;
    /// Returns both charts to follow mode.
    void resetZoom();
    /// Charts side by side (Qt::Horizontal, the default) or stacked (Qt::Vertical).
    void setOrientation(Qt::Orientation orientation);

    /// Seed groups: runs that differ only in seed drawn as one mean curve with a band.
    void setGroupSeeds(bool on);
    bool groupSeeds() const;
    /// With seed groups on, also draw the member runs faintly.
    void setShowMembers(bool on);
    bool showMembers() const;
    /// The band around a group's mean: false = min-max, true = mean ± 1 std.
    void setBandIsStd(bool std);
    bool bandIsStd() const;
    /// Test accuracy whose first step is marked in the legend ("95% at 240"); 0 = off.
    void setTargetAccuracy(double fraction);
    double targetAccuracy() const;

    /// The shared legend under both charts (full names, wrapped).
    CurveLegendWidget* legend() const { return m_legend; }
    /// The legend's scroll area: at most a quarter of the panel's height (at least two lines),
    /// so that with dozens of runs the charts keep their room and the legend scrolls.
    QScrollArea* legendArea() const { return m_legendArea; }

    /// The chart for "loss" or "accuracy"; nullptr for any other metric.
    CurveChartWidget* chart(const QString& metric) const;

    /// Writes <base>_loss.{png,svg,csv} and <base>_accuracy.{png,svg,csv}, creating the folder;
    /// true when all six files were written. No dialogs (for tests and the CLI).
    bool exportAll(const QString& dirAndBaseName);

    /// Okabe-Ito colours without black and yellow (unreadable on dark resp. light backgrounds),
    /// plus grey; index wraps around.
    static QColor runColor(int index);
    static int runColorCount();

Q_SIGNALS:
    void smoothingChanged(double weight);
    void logYChanged(bool logY);
    void xAxisModeChanged(fpt::widgets::XAxisMode mode);
    /// Seed grouping, members, band kind or target accuracy changed.
    void comparisonOptionsChanged();
    /// Files written by an interactive export.
    void exported(const QStringList& paths);

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    QWidget* buildControls();
    void applySmoothing(double weight);
    QWidget* addSmoothingControls();
    void addGroupControls(FlowLayout* layout);
    QToolButton* buildExportButton();
    void updateResetButton();
    void fitLegendHeight();
    QStringList exportFormat(const QString& baseName, const QString& format);
    void exportInteractive(const QString& format);

    CurveChartWidget* m_loss = nullptr;
    CurveChartWidget* m_accuracy = nullptr;
    QSplitter* m_splitter = nullptr;
    QSlider* m_smoothingSlider = nullptr;
    QLabel* m_smoothingValue = nullptr;
    QCheckBox* m_logY = nullptr;
    QComboBox* m_xAxis = nullptr;
    QToolButton* m_resetZoom = nullptr;
    QToolButton* m_export = nullptr;
    CurveLegendWidget* m_legend = nullptr;
    QScrollArea* m_legendArea = nullptr;
    QCheckBox* m_groupSeeds = nullptr;
    QCheckBox* m_showMembers = nullptr;
    QComboBox* m_band = nullptr;
    QSpinBox* m_target = nullptr;
    QString m_lastExportDir;
    double m_weight = 0.0;
};

}  // namespace fpt::widgets
