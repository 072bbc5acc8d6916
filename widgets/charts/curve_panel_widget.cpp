// SPDX-License-Identifier: MIT
// Loss and accuracy charts with shared controls (see curve_panel_widget.h).
#include "widgets/charts/curve_panel_widget.h"

#include "widgets/charts/curve_chart_widget.h"
#include "widgets/charts/curve_legend_widget.h"
#include "widgets/charts/curve_stats.h"
#include "widgets/common/flow_layout.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QResizeEvent>
#include <QScrollArea>
#include <QScrollBar>
#include <QSlider>
#include <QSpinBox>
#include <QSplitter>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>
#include <array>
#include <initializer_list>
#include <cmath>

namespace fpt::widgets {

namespace {

constexpr int kSliderSteps = 1000;  // slider value / kSliderSteps = EMA weight
constexpr int kDefaultSmoothing = 600;

// Okabe & Ito (2008) without black (#000000) and yellow (#F0E442), which vanish on dark and on
// light backgrounds; grey closes the cycle. Every entry keeps >= 2:1 contrast on white and on
// near-black (checked in test_curve_panel_widget).
constexpr std::array<QRgb, 7> kRunColors{0x0072B2, 0xE69F00, 0x009E73, 0xD55E00,
                                         0xCC79A7, 0x56B4E9, 0x999999};

/// Controls that belong together (a label and its box) as one piece of the flowing tool bar.
QWidget* chunk(std::initializer_list<QWidget*> widgets) {
    auto* piece = new QWidget;
    auto* row = new QHBoxLayout(piece);
    row->setContentsMargins(0, 0, 0, 0);
    for (QWidget* w : widgets) {
        row->addWidget(w);
    }
    piece->setSizePolicy(QSizePolicy::Fixed, QSizePolicy::Fixed);
    return piece;
}

}  // namespace

CurvePanelWidget::CurvePanelWidget(QWidget* parent)
    : QWidget(parent)
    , m_loss(new CurveChartWidget)
    , m_accuracy(new CurveChartWidget)
    , m_splitter(new QSplitter(Qt::Horizontal)) {
    m_loss->setObjectName(QStringLiteral("lossChart"));
    m_loss->setTitle(tr("Loss"));
    m_accuracy->setObjectName(QStringLiteral("accuracyChart"));
    m_accuracy->setTitle(tr("Accuracy"));
    m_splitter->addWidget(m_loss);
    m_splitter->addWidget(m_accuracy);
    m_splitter->setChildrenCollapsible(false);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(buildControls());
    layout->addWidget(m_splitter, 1);
    // One wrapped legend with full names for both charts (they show the same curves).
    // It scrolls inside at most a quarter of the panel: a study with 36 runs of long names used
    // to push the charts down to a strip a few pixels high.
    m_legend = new CurveLegendWidget;
    m_legendArea = new QScrollArea;
    m_legendArea->setObjectName(QStringLiteral("curveLegendArea"));
    m_legendArea->setWidget(m_legend);
    m_legendArea->setWidgetResizable(true);
    m_legendArea->setFrameShape(QFrame::NoFrame);
    m_legendArea->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    layout->addWidget(m_legendArea);
    for (CurveChartWidget* c : {m_loss, m_accuracy}) {
        c->setBuiltInLegendVisible(false);
    }
    connect(m_accuracy, &CurveChartWidget::legendChanged, this, [this] {
        QVector<CurveLegendWidget::Entry> entries;
        for (const auto& e : m_accuracy->legendEntries()) {
            entries.append({e.label, e.color, e.style});
        }
        m_legend->setEntries(entries);
        fitLegendHeight();
    });

    for (CurveChartWidget* c : {m_loss, m_accuracy}) {
        connect(c, &CurveChartWidget::followingChanged, this, &CurvePanelWidget::updateResetButton);
    }
    setSmoothing(kDefaultSmoothing / static_cast<double>(kSliderSteps));
    updateResetButton();
}

void CurvePanelWidget::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    fitLegendHeight();
}

void CurvePanelWidget::fitLegendHeight() {
    const int lines = 2 * fontMetrics().lineSpacing();
    const int width = m_legendArea->width() - m_legendArea->verticalScrollBar()->sizeHint().width();
    const int wanted = m_legend->heightForWidth(std::max(width, 1));
    const int cap = std::max(lines, height() / 4);
    m_legendArea->setFixedHeight(std::min(std::max(wanted, 0), cap));
}

QWidget* CurvePanelWidget::buildControls() {
    // One flowing tool bar: on a narrow chart area (presentation mode at 1366x768) the controls
    // wrap onto more lines instead of making the charts' minimum width push the docks off screen.
    auto* row = new QWidget;
    row->setObjectName(QStringLiteral("curveControls"));
    auto* layout = new FlowLayout(row, 12, 2);
    layout->addWidget(addSmoothingControls());

    m_logY = new QCheckBox(tr("&Log y (loss)"));
    m_logY->setObjectName(QStringLiteral("logYCheck"));
    m_logY->setToolTip(tr("Log-scale y axis on the loss chart; values <= 0 are not drawn."));
    connect(m_logY, &QCheckBox::toggled, this, [this](bool on) {
        m_loss->setLogY(on);
        Q_EMIT logYChanged(on);
    });
    layout->addWidget(m_logY);

    auto* xLabel = new QLabel(tr("&X axis"));
    m_xAxis = new QComboBox;
    m_xAxis->setObjectName(QStringLiteral("xAxisCombo"));
    m_xAxis->addItem(tr("Step"), static_cast<int>(XAxisMode::Step));
    m_xAxis->addItem(tr("Wall time"), static_cast<int>(XAxisMode::WallTime));
    xLabel->setBuddy(m_xAxis);
    connect(m_xAxis, &QComboBox::currentIndexChanged, this, [this] {
        const XAxisMode mode = xAxisMode();
        m_loss->setXAxisMode(mode);
        m_accuracy->setXAxisMode(mode);
        Q_EMIT xAxisModeChanged(mode);
    });
    layout->addWidget(chunk({xLabel, m_xAxis}));

    m_resetZoom = new QToolButton;
    m_resetZoom->setObjectName(QStringLiteral("resetZoomButton"));
    m_resetZoom->setText(tr("&Reset zoom"));
    m_resetZoom->setToolTip(tr("Fit all data again and follow new points (double-click a chart)"));
    connect(m_resetZoom, &QToolButton::clicked, this, &CurvePanelWidget::resetZoom);
    layout->addWidget(m_resetZoom);
    layout->addWidget(buildExportButton());
    addGroupControls(layout);
    return row;
}

void CurvePanelWidget::addGroupControls(FlowLayout* layout) {
    m_groupSeeds = new QCheckBox(tr("Seed &groups"));
    m_groupSeeds->setObjectName(QStringLiteral("groupSeedsCheck"));
    m_groupSeeds->setToolTip(tr("Runs that differ only in seed are drawn as one mean curve with a "
                                "band (test curves unsmoothed, with a marker per evaluation)."));
    m_showMembers = new QCheckBox(tr("&Members"));
    m_showMembers->setObjectName(QStringLiteral("showMembersCheck"));
    m_showMembers->setToolTip(tr("Also draw each seed of a group"));
    m_showMembers->setEnabled(false);
    auto* bandLabel = new QLabel(tr("&Band"));
    m_band = new QComboBox;
    m_band->setObjectName(QStringLiteral("bandCombo"));
    m_band->addItem(tr("min–max"));
    m_band->addItem(tr("mean ± 1 std"));
    m_band->setEnabled(false);
    bandLabel->setBuddy(m_band);
    auto* targetLabel = new QLabel(tr("Steps to &test acc."));
    m_target = new QSpinBox;
    m_target->setObjectName(QStringLiteral("targetAccuracySpin"));
    m_target->setRange(0, 100);
    m_target->setSuffix(QStringLiteral(" %"));
    m_target->setSpecialValueText(tr("off"));
    m_target->setValue(95);
    m_target->setToolTip(tr("The legend names the first step at which each run's (or group's "
                            "mean) test accuracy reaches this; 0 turns it off."));
    targetLabel->setBuddy(m_target);
    connect(m_groupSeeds, &QCheckBox::toggled, this, [this](bool on) {
        m_showMembers->setEnabled(on);
        m_band->setEnabled(on);
        Q_EMIT comparisonOptionsChanged();
    });
    connect(m_showMembers, &QCheckBox::toggled, this, &CurvePanelWidget::comparisonOptionsChanged);
    connect(m_band, &QComboBox::currentIndexChanged, this, &CurvePanelWidget::comparisonOptionsChanged);
    connect(m_target, &QSpinBox::valueChanged, this, &CurvePanelWidget::comparisonOptionsChanged);
    layout->addWidget(chunk({m_groupSeeds, m_showMembers}));
    layout->addWidget(chunk({bandLabel, m_band}));
    layout->addWidget(chunk({targetLabel, m_target}));
}

void CurvePanelWidget::setGroupSeeds(bool on) { m_groupSeeds->setChecked(on); }

bool CurvePanelWidget::groupSeeds() const { return m_groupSeeds->isChecked(); }

void CurvePanelWidget::setShowMembers(bool on) { m_showMembers->setChecked(on); }

bool CurvePanelWidget::showMembers() const { return m_showMembers->isChecked(); }

void CurvePanelWidget::setBandIsStd(bool std) { m_band->setCurrentIndex(std ? 1 : 0); }

bool CurvePanelWidget::bandIsStd() const { return m_band->currentIndex() == 1; }

void CurvePanelWidget::setTargetAccuracy(double fraction) {
    m_target->setValue(static_cast<int>(std::lround(std::clamp(fraction, 0.0, 1.0) * 100.0)));
}

double CurvePanelWidget::targetAccuracy() const { return m_target->value() / 100.0; }

QWidget* CurvePanelWidget::addSmoothingControls() {
    auto* label = new QLabel(tr("&Smoothing"));
    m_smoothingSlider = new QSlider(Qt::Horizontal);
    m_smoothingSlider->setObjectName(QStringLiteral("smoothingSlider"));
    m_smoothingSlider->setRange(0, kSliderSteps - 1);
    m_smoothingSlider->setSingleStep(10);
    m_smoothingSlider->setPageStep(100);
    m_smoothingSlider->setAccessibleName(tr("Smoothing weight"));
    m_smoothingSlider->setToolTip(
        tr("Exponential moving average weight (debiased, over all points). The raw curve stays "
           "drawn faintly behind the smoothed one."));
    m_smoothingSlider->setMinimumWidth(fontMetrics().horizontalAdvance(QLatin1Char('0')) * 12);
    label->setBuddy(m_smoothingSlider);
    m_smoothingValue = new QLabel;
    m_smoothingValue->setObjectName(QStringLiteral("smoothingValue"));
    m_smoothingValue->setMinimumWidth(fontMetrics().horizontalAdvance(QStringLiteral("0.000")));
    connect(m_smoothingSlider, &QSlider::valueChanged, this, [this](int value) {
        applySmoothing(smoothingForSlider(value, kSliderSteps));
    });
    return chunk({label, m_smoothingSlider, m_smoothingValue});
}

QToolButton* CurvePanelWidget::buildExportButton() {
    m_export = new QToolButton;
    m_export->setObjectName(QStringLiteral("exportButton"));
    m_export->setText(tr("&Export"));
    m_export->setToolTip(tr("Save both charts as PNG or SVG, or all their points as CSV"));
    m_export->setPopupMode(QToolButton::InstantPopup);
    auto* menu = new QMenu(m_export);
    for (const QString& format :
         {QStringLiteral("png"), QStringLiteral("svg"), QStringLiteral("csv")}) {
        menu->addAction(tr("%1…").arg(format.toUpper()), this,
                        [this, format] { exportInteractive(format); });
    }
    m_export->setMenu(menu);
    return m_export;
}

void CurvePanelWidget::setSeries(const QString& metric,
                                 const QString& key,
                                 const QString& label,
                                 const QColor& color,
                                 Qt::PenStyle style,
                                 const QVector<CurvePoint>& points) {
    if (CurveChartWidget* target = chart(metric)) {
        target->setSeries(key, label, color, style, points);
    }
}

bool CurvePanelWidget::appendPoints(const QString& metric,
                                    const QString& key,
                                    const QVector<CurvePoint>& points) {
    CurveChartWidget* target = chart(metric);
    return target != nullptr && target->appendPoints(key, points);
}

void CurvePanelWidget::removeRun(const QString& runKeyPrefix) {
    for (CurveChartWidget* c : {m_loss, m_accuracy}) {
        for (const QString& key : c->seriesKeys()) {
            if (key.startsWith(runKeyPrefix)) {
                c->removeSeries(key);
            }
        }
    }
}

void CurvePanelWidget::clear() {
    m_loss->clear();
    m_accuracy->clear();
}

void CurvePanelWidget::setSmoothing(double weight) {
    const double clamped = std::clamp(std::isfinite(weight) ? weight : 0.0, 0.0, 0.999);
    {
        const QSignalBlocker blocker(m_smoothingSlider);  // keep the exact weight, not the tick's
        m_smoothingSlider->setValue(sliderForSmoothing(clamped, kSliderSteps));
    }
    applySmoothing(clamped);
}

void CurvePanelWidget::applySmoothing(double weight) {
    m_weight = weight;
    // Two significant digits of 1 - w: 0.90, 0.95, 0.990, 0.995.
    const int decimals = weight < 0.99 ? 2 : 3;
    m_smoothingValue->setText(QString::number(weight, 'f', decimals));
    m_loss->setSmoothing(weight);
    m_accuracy->setSmoothing(weight);
    Q_EMIT smoothingChanged(weight);
}

double CurvePanelWidget::smoothing() const {
    return m_weight;
}

void CurvePanelWidget::setLogY(bool logY) {
    m_logY->setChecked(logY);
}

bool CurvePanelWidget::isLogY() const {
    return m_logY->isChecked();
}

void CurvePanelWidget::setXAxisMode(XAxisMode mode) {
    m_xAxis->setCurrentIndex(m_xAxis->findData(static_cast<int>(mode)));
}

XAxisMode CurvePanelWidget::xAxisMode() const {
    return static_cast<XAxisMode>(m_xAxis->currentData().toInt());
}

void CurvePanelWidget::resetZoom() {
    m_loss->resetZoom();
    m_accuracy->resetZoom();
}

void CurvePanelWidget::setOrientation(Qt::Orientation orientation) {
    m_splitter->setOrientation(orientation);
}

void CurvePanelWidget::updateResetButton() {
    m_resetZoom->setEnabled(!m_loss->isFollowing() || !m_accuracy->isFollowing());
}

CurveChartWidget* CurvePanelWidget::chart(const QString& metric) const {
    if (metric == QLatin1String("loss")) {
        return m_loss;
    }
    if (metric == QLatin1String("accuracy")) {
        return m_accuracy;
    }
    return nullptr;
}

QStringList CurvePanelWidget::exportFormat(const QString& baseName, const QString& format) {
    QStringList written;
    const std::array<std::pair<const char*, CurveChartWidget*>, 2> charts{
        {{"_loss.", m_loss}, {"_accuracy.", m_accuracy}}};
    for (const auto& [suffix, c] : charts) {
        const QString path = baseName + QLatin1String(suffix) + format;
        const bool ok = format == QLatin1String("png")   ? c->exportPng(path)
                        : format == QLatin1String("svg") ? c->exportSvg(path)
                                                         : c->exportCsv(path);
        if (!ok) {
            return {};
        }
        written.push_back(path);
    }
    return written;
}

bool CurvePanelWidget::exportAll(const QString& dirAndBaseName) {
    if (!QDir().mkpath(QFileInfo(dirAndBaseName).absolutePath())) {
        return false;
    }
    const QStringList formats{QStringLiteral("png"), QStringLiteral("svg"), QStringLiteral("csv")};
    return std::all_of(formats.cbegin(), formats.cend(), [&](const QString& format) {
        return !exportFormat(dirAndBaseName, format).isEmpty();
    });
}

void CurvePanelWidget::exportInteractive(const QString& format) {
    const QString start = QDir(m_lastExportDir.isEmpty() ? QDir::homePath() : m_lastExportDir)
                              .filePath(QStringLiteral("curves.") + format);
    const QString path = QFileDialog::getSaveFileName(
        this, tr("Export curves as %1 (writes _loss and _accuracy files)").arg(format.toUpper()),
        start, tr("%1 files (*.%2)").arg(format.toUpper(), format));
    if (path.isEmpty()) {
        return;
    }
    m_lastExportDir = QFileInfo(path).absolutePath();
    QString base = path;
    if (base.endsWith(QLatin1Char('.') + format, Qt::CaseInsensitive)) {
        base.chop(format.size() + 1);
    }
    const QStringList written = exportFormat(base, format);
    if (written.isEmpty()) {
        QMessageBox::warning(this, tr("Export failed"),
                             tr("Could not write %1_loss.%2 or %1_accuracy.%2.\nChoose a folder "
                                "you can write to and export again.")
                                 .arg(base, format));
        return;
    }
    Q_EMIT exported(written);
}

QColor CurvePanelWidget::runColor(int index) {
    const int n = static_cast<int>(kRunColors.size());
    return QColor::fromRgb(kRunColors[static_cast<size_t>(((index % n) + n) % n)]);
}

int CurvePanelWidget::runColorCount() {
    return static_cast<int>(kRunColors.size());
}

}  // namespace fpt::widgets
