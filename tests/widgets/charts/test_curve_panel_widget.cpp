// SPDX-License-Identifier: MIT
// CurvePanelWidget: metric routing, shared controls driving both charts, run removal,
// non-interactive export of every format, the run palette, and dark-palette following.
#include "widgets/charts/curve_chart_widget.h"
#include "widgets/charts/curve_legend_widget.h"
#include "widgets/charts/curve_panel_widget.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QFile>
#include <QImage>
#include <QLabel>
#include <QSignalSpy>
#include <QScrollArea>
#include <QScrollBar>
#include <QSlider>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QWidget>

#include <cmath>

using fpt::widgets::CurveChartWidget;
using fpt::widgets::CurvePanelWidget;
using fpt::widgets::CurvePoint;
using fpt::widgets::XAxisMode;

namespace {

const QString kLoss = QStringLiteral("loss");
const QString kAccuracy = QStringLiteral("accuracy");

QVector<CurvePoint> curve(int n, double scale) {
    QVector<CurvePoint> points;
    for (int i = 0; i < n; ++i) {
        points.push_back({double(i), 0.5 * i, scale * std::exp(-i / 50.0) + 0.01});
    }
    return points;
}

// WCAG relative luminance and contrast ratio.
double luminance(const QColor& c) {
    const auto channel = [](double v) {
        return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF());
}

double contrast(const QColor& a, const QColor& b) {
    const double la = luminance(a);
    const double lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

QPalette darkPalette() {
    QPalette dark;
    dark.setColor(QPalette::Window, QColor(0x2b, 0x2b, 0x2b));
    dark.setColor(QPalette::WindowText, QColor(0xe0, 0xe0, 0xe0));
    dark.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
    dark.setColor(QPalette::Text, QColor(0xe0, 0xe0, 0xe0));
    return dark;
}

}  // namespace

class TestCurvePanelWidget : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void routesSeriesByMetric();
    void smoothingSliderDrivesBothCharts();
    void logYAppliesToLossOnly();
    void xAxisComboSwitchesBothCharts();
    void resetZoomButtonFollowsZoomState();
    void removeRunMatchesKeyPrefix();
    void exportAllWritesEveryFormat();
    void runColorsAreDistinctAndReadable_data();
    void runColorsAreDistinctAndReadable();
    void darkPaletteReachesTheCharts();
    void controlsWrapOnANarrowChartArea();
    void manyRunsLegendScrollsAndChartsKeepTheirRoom();
};

void TestCurvePanelWidget::routesSeriesByMetric() {
    CurvePanelWidget panel;
    panel.setSeries(kLoss, QStringLiteral("r1/train"), QStringLiteral("r1 train"),
                    CurvePanelWidget::runColor(0), Qt::SolidLine, curve(10, 2.0));
    panel.setSeries(kAccuracy, QStringLiteral("r1/test"), QStringLiteral("r1 test"),
                    CurvePanelWidget::runColor(0), Qt::DashLine, curve(5, 1.0));
    panel.setSeries(QStringLiteral("perplexity"), QStringLiteral("r1/x"), QStringLiteral("x"),
                    Qt::red, Qt::SolidLine, curve(5, 1.0));
    QCOMPARE(panel.chart(kLoss)->seriesKeys(), QStringList{QStringLiteral("r1/train")});
    QCOMPARE(panel.chart(kAccuracy)->seriesKeys(), QStringList{QStringLiteral("r1/test")});
    QVERIFY(panel.chart(QStringLiteral("perplexity")) == nullptr);
    QVERIFY(panel.appendPoints(kLoss, QStringLiteral("r1/train"), curve(1, 1.0)));
    QCOMPARE(panel.chart(kLoss)->seriesPoints(QStringLiteral("r1/train")).size(), 11);
    QVERIFY(!panel.appendPoints(kLoss, QStringLiteral("r1/test"), curve(1, 1.0)));
    QVERIFY(!panel.appendPoints(QStringLiteral("perplexity"), QStringLiteral("r1/x"), {}));
    QCOMPARE(panel.chart(kLoss)->title(), QStringLiteral("Loss"));
    QVERIFY(panel.chart(kLoss)->accessibleName().contains(QStringLiteral("Loss")));
}

void TestCurvePanelWidget::smoothingSliderDrivesBothCharts() {
    CurvePanelWidget panel;
    auto* slider = panel.findChild<QSlider*>(QStringLiteral("smoothingSlider"));
    auto* value = panel.findChild<QLabel*>(QStringLiteral("smoothingValue"));
    QVERIFY(slider != nullptr && value != nullptr);
    QCOMPARE(panel.smoothing(), 0.6);  // TensorBoard's default
    QCOMPARE(panel.chart(kLoss)->smoothing(), 0.6);
    QCOMPARE(value->text(), QStringLiteral("0.60"));
    QSignalSpy spy(&panel, &CurvePanelWidget::smoothingChanged);
    slider->setValue(333);  // issue 16: logarithmic in 1 - w, a third of the way is 0.9
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy.last().at(0).toDouble(), 0.9);
    QCOMPARE(panel.chart(kLoss)->smoothing(), 0.9);
    QCOMPARE(panel.chart(kAccuracy)->smoothing(), 0.9);
    QCOMPARE(value->text(), QStringLiteral("0.90"));
    panel.setSmoothing(0.0);
    QCOMPARE(slider->value(), 0);
    QCOMPARE(panel.chart(kAccuracy)->smoothing(), 0.0);
    panel.setSmoothing(2.0);
    QCOMPARE(slider->value(), slider->maximum());
    QCOMPARE(panel.chart(kLoss)->smoothing(), 0.999);
}

void TestCurvePanelWidget::logYAppliesToLossOnly() {
    CurvePanelWidget panel;
    auto* check = panel.findChild<QCheckBox*>(QStringLiteral("logYCheck"));
    QVERIFY(check != nullptr);
    QSignalSpy spy(&panel, &CurvePanelWidget::logYChanged);
    check->setChecked(true);
    QCOMPARE(spy.count(), 1);
    QVERIFY(panel.isLogY());
    QVERIFY(panel.chart(kLoss)->isLogY());
    QVERIFY(!panel.chart(kAccuracy)->isLogY());
    panel.setLogY(false);
    QVERIFY(!check->isChecked());
    QVERIFY(!panel.chart(kLoss)->isLogY());
}

void TestCurvePanelWidget::xAxisComboSwitchesBothCharts() {
    CurvePanelWidget panel;
    auto* combo = panel.findChild<QComboBox*>(QStringLiteral("xAxisCombo"));
    QVERIFY(combo != nullptr);
    QSignalSpy spy(&panel, &CurvePanelWidget::xAxisModeChanged);
    combo->setCurrentIndex(1);
    QCOMPARE(spy.count(), 1);
    QCOMPARE(panel.xAxisMode(), XAxisMode::WallTime);
    QCOMPARE(panel.chart(kLoss)->xAxisMode(), XAxisMode::WallTime);
    QCOMPARE(panel.chart(kAccuracy)->xAxisMode(), XAxisMode::WallTime);
    panel.setXAxisMode(XAxisMode::Step);
    QCOMPARE(combo->currentIndex(), 0);
    QCOMPARE(panel.chart(kAccuracy)->xAxisMode(), XAxisMode::Step);
}

void TestCurvePanelWidget::resetZoomButtonFollowsZoomState() {
    CurvePanelWidget panel;
    panel.resize(1200, 500);
    panel.show();
    panel.setSeries(kLoss, QStringLiteral("r/train"), QStringLiteral("r"), Qt::blue, Qt::SolidLine,
                    curve(100, 2.0));
    auto* reset = panel.findChild<QToolButton*>(QStringLiteral("resetZoomButton"));
    QVERIFY(reset != nullptr);
    QVERIFY(!reset->isEnabled());
    panel.chart(kLoss)->zoomTo({10.0, 20.0}, {0.0, 1.0});
    QVERIFY(reset->isEnabled());
    reset->click();
    QVERIFY(panel.chart(kLoss)->isFollowing());
    QVERIFY(!reset->isEnabled());
}

void TestCurvePanelWidget::removeRunMatchesKeyPrefix() {
    CurvePanelWidget panel;
    for (const QString& run : {QStringLiteral("run1/"), QStringLiteral("run10/")}) {
        for (const QString& metric : {kLoss, kAccuracy}) {
            panel.setSeries(metric, run + QStringLiteral("train"), run, Qt::blue, Qt::SolidLine,
                            curve(3, 1.0));
            panel.setSeries(metric, run + QStringLiteral("test"), run, Qt::blue, Qt::DashLine,
                            curve(3, 1.0));
        }
    }
    panel.removeRun(QStringLiteral("run1/"));
    const QStringList left{QStringLiteral("run10/train"), QStringLiteral("run10/test")};
    QCOMPARE(panel.chart(kLoss)->seriesKeys(), left);
    QCOMPARE(panel.chart(kAccuracy)->seriesKeys(), left);
    panel.clear();
    QVERIFY(panel.chart(kLoss)->seriesKeys().isEmpty());
}

void TestCurvePanelWidget::exportAllWritesEveryFormat() {
    CurvePanelWidget panel;
    panel.resize(1200, 500);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    panel.setSeries(kLoss, QStringLiteral("r/train"), QStringLiteral("r train"), Qt::blue,
                    Qt::SolidLine, curve(250, 2.0));
    panel.setSeries(kAccuracy, QStringLiteral("r/train"), QStringLiteral("r train"), Qt::blue,
                    Qt::SolidLine, curve(120, 1.0));
    QTemporaryDir dir;
    const QString base = dir.filePath(QStringLiteral("nested/run"));
    QVERIFY(panel.exportAll(base));
    for (const QString& metric : {kLoss, kAccuracy}) {
        QImage image;
        QVERIFY(image.load(base + QLatin1Char('_') + metric + QStringLiteral(".png")));
        QVERIFY(image.width() > 100);
        QFile svg(base + QLatin1Char('_') + metric + QStringLiteral(".svg"));
        QVERIFY(svg.open(QIODevice::ReadOnly));
        const QByteArray head = svg.read(64);
        QVERIFY2(head.startsWith("<?xml") || head.startsWith("<svg"), head.constData());
        QFile csv(base + QLatin1Char('_') + metric + QStringLiteral(".csv"));
        QVERIFY(csv.open(QIODevice::ReadOnly | QIODevice::Text));
        const QList<QByteArray> lines = csv.readAll().split('\n');
        QCOMPARE(lines.first(), QByteArray("series,label,step,wall_s,value,smoothed"));
        const int points = metric == kLoss ? 250 : 120;
        QCOMPARE(lines.size(), 1 + points + 1);  // header, rows, empty after the last newline
    }
    QFile blocker(dir.filePath(QStringLiteral("file")));
    QVERIFY(blocker.open(QIODevice::WriteOnly));
    blocker.close();
    QVERIFY(!panel.exportAll(dir.filePath(QStringLiteral("file/run"))));  // parent is a file
}

void TestCurvePanelWidget::runColorsAreDistinctAndReadable_data() {
    QTest::addColumn<int>("index");
    for (int i = 0; i < CurvePanelWidget::runColorCount(); ++i) {
        QTest::addRow("colour %d", i) << i;
    }
}

void TestCurvePanelWidget::runColorsAreDistinctAndReadable() {
    QFETCH(int, index);
    const QColor color = CurvePanelWidget::runColor(index);
    QVERIFY(color.isValid());
    const double onLight = contrast(color, Qt::white);
    const double onDark = contrast(color, QColor(0x1e, 0x1e, 0x1e));
    QVERIFY2(onLight >= 2.0,
             qPrintable(QStringLiteral("%1 on white: %2").arg(color.name()).arg(onLight)));
    QVERIFY2(onDark >= 2.0,
             qPrintable(QStringLiteral("%1 on dark: %2").arg(color.name()).arg(onDark)));
    for (int other = 0; other < CurvePanelWidget::runColorCount(); ++other) {
        if (other != index) {
            QVERIFY(CurvePanelWidget::runColor(other) != color);
        }
    }
    QCOMPARE(CurvePanelWidget::runColor(index + CurvePanelWidget::runColorCount()), color);
    QCOMPARE(CurvePanelWidget::runColor(index - CurvePanelWidget::runColorCount()), color);
}

void TestCurvePanelWidget::darkPaletteReachesTheCharts() {
    CurvePanelWidget panel;
    panel.resize(1000, 400);
    panel.setSeries(kLoss, QStringLiteral("r/train"), QStringLiteral("r"),
                    CurvePanelWidget::runColor(0), Qt::SolidLine, curve(50, 2.0));
    QVERIFY(!panel.chart(kLoss)->isDarkTheme());
    panel.setPalette(darkPalette());
    for (const QString& metric : {kLoss, kAccuracy}) {
        CurveChartWidget* chart = panel.chart(metric);
        QVERIFY(chart->isDarkTheme());
        const QImage image = chart->renderImage(1.0);
        QVERIFY(image.pixelColor(2, 2).lightness() < 60);
    }
    panel.setPalette(QPalette(Qt::white));
    QVERIFY(!panel.chart(kLoss)->isDarkTheme());
    QVERIFY(panel.chart(kLoss)->renderImage(1.0).pixelColor(2, 2).lightness() > 200);
}

// The tool bar flows onto more lines instead of setting a wide minimum width: presentation mode
// at 1366x768 leaves the charts ~450 px between the lesson and the attention dock.
void TestCurvePanelWidget::controlsWrapOnANarrowChartArea() {
    CurvePanelWidget panel;
    const int line = panel.fontMetrics().height();
    QVERIFY2(panel.minimumSizeHint().width() < line * 24,
             qPrintable(QString::number(panel.minimumSizeHint().width())));
    auto* controls = panel.findChild<QWidget*>(QStringLiteral("curveControls"));
    QVERIFY(controls != nullptr);
    panel.resize(line * 24, line * 30);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    const auto* slider = panel.findChild<QSlider*>(QStringLiteral("smoothingSlider"));
    const auto* target = panel.findChild<QWidget*>(QStringLiteral("targetAccuracySpin"));
    QVERIFY(slider != nullptr && target != nullptr);
    // Narrow: every control inside the panel's width, the last one on a later line than the first.
    QTRY_VERIFY(target->mapTo(&panel, QPoint(0, 0)).y() > slider->mapTo(&panel, QPoint(0, 0)).y());
    for (const auto* w : controls->findChildren<QWidget*>()) {
        if (w->isVisibleTo(&panel) && w->parentWidget() != nullptr) {
            const int right = w->mapTo(&panel, QPoint(w->width(), 0)).x();
            QVERIFY2(right <= panel.width(), qPrintable(w->objectName() + QStringLiteral(" cut off")));
        }
    }
    // Wide: one line.
    panel.resize(line * 90, line * 30);
    QTRY_COMPARE(target->mapTo(&panel, QPoint(0, target->height() / 2)).y() / line,
                 slider->mapTo(&panel, QPoint(0, slider->height() / 2)).y() / line);
}

void TestCurvePanelWidget::manyRunsLegendScrollsAndChartsKeepTheirRoom() {
    // A finished 36-run study: every run's full name is long. Before, the wrapped legend took
    // the panel's height and left the charts a strip a few pixels high (seen at 1366x768).
    CurvePanelWidget panel;
    panel.resize(1000, 600);
    panel.show();
    QVERIFY(QTest::qWaitForWindowExposed(&panel));
    const QString longName = QStringLiteral(
        "bit_xor · FPT · language-brown-4x256 · freeze_in=true · freeze_ln=true · freeze_pos=true · "
        "checkpoint_every=300 · eval_every=100 · steps=600 · seed=%1");
    const auto addRuns = [&](int n) {
        for (int i = 0; i < n; ++i) {
            const QString key = QStringLiteral("run%1").arg(i);
            panel.setSeries(kAccuracy, key, longName.arg(i), Qt::blue, Qt::SolidLine, curve(50, 1.0));
        }
        QApplication::processEvents();
    };
    addRuns(2);
    auto* area = panel.legendArea();
    QVERIFY(area != nullptr);
    QTRY_COMPARE(area->verticalScrollBar()->maximum(), 0);  // two runs: all of it shown
    QVERIFY(area->height() >= panel.legend()->heightForWidth(area->viewport()->width()) - 1);
    addRuns(36);
    QTRY_VERIFY(area->verticalScrollBar()->maximum() > 0);  // the rest is a scroll away
    QVERIFY2(area->height() <= panel.height() / 4,
             qPrintable(QStringLiteral("legend %1 px of %2").arg(area->height()).arg(panel.height())));
    auto* chart = panel.findChild<CurveChartWidget*>(QStringLiteral("accuracyChart"));
    QVERIFY(chart != nullptr);
    QVERIFY2(chart->height() >= panel.height() / 2,
             qPrintable(QStringLiteral("chart %1 px of %2").arg(chart->height()).arg(panel.height())));
    QCOMPARE(panel.legend()->entries().size(), 36);  // run0..run35 (the first two replaced): none dropped
}

QTEST_MAIN(TestCurvePanelWidget)
#include "test_curve_panel_widget.moc"
