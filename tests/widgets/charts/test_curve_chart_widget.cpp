// SPDX-License-Identifier: MIT
// CurveChartWidget: debiased EMA, min/max decimation, coalesced redraws, zoom that survives
// streaming, log y, wall-time x, hover read-out, and PNG/SVG/CSV export.
#include "widgets/charts/curve_chart_widget.h"

#include <QChart>
#include <QChartView>
#include <QFile>
#include <QImage>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QWheelEvent>

#include <cmath>
#include <limits>

using fpt::widgets::AxisSpan;
using fpt::widgets::CurveChartWidget;
using fpt::widgets::CurvePoint;
using fpt::widgets::XAxisMode;

namespace {

constexpr int kTimeoutMs = 2000;
const QString kKey = QStringLiteral("run-1/train");

QVector<CurvePoint> ramp(int n, double firstStep = 0.0, double valueOffset = 1.0) {
    QVector<CurvePoint> points;
    for (int i = 0; i < n; ++i) {
        const double step = firstStep + i;
        points.push_back({step, 10.0 * step + 5.0, valueOffset + std::sin(step * 0.3)});
    }
    return points;
}

// The smoothed line series of the first curve (series are added raw first, then smoothed).
QLineSeries* drawnSmoothed(CurveChartWidget& chart) {
    auto* view = chart.findChild<QChartView*>();
    return view != nullptr ? qobject_cast<QLineSeries*>(view->chart()->series().value(1)) : nullptr;
}

void waitForRedraw(CurveChartWidget& chart) {
    QTRY_VERIFY_WITH_TIMEOUT(!chart.isRedrawPending(), kTimeoutMs);
}

}  // namespace

class TestCurveChartWidget : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void smoothEmaMatchesHandComputed_data();
    void smoothEmaMatchesHandComputed();
    void smoothingOfStreamedPointsNeverRewritesHistory();
    void decimateKeepsExtremesAndEnds_data();
    void decimateKeepsExtremesAndEnds();
    void drawingIsDecimatedButStorageIsNot();
    void thousandAppendsInOneTurnRedrawOnce();
    void zoomSurvivesStreamingUntilReset();
    void mouseDragZoomsAndDoubleClickResets();
    void wheelZoomsAboutCursor();
    void logYSkipsNonPositiveValues_data();
    void logYSkipsNonPositiveValues();
    void wallTimeModeUsesWallSeconds();
    void hiddenSeriesLeaveAutoRange();
    void legendClickTogglesSeries();
    void keyboardZoomPanAndReset();
    void hoverReadoutShowsNearestPoint();
    void mouseMoveUpdatesHover();
    void csvHasEveryRawPointAndItsSmoothedValue();
    void pngAndSvgExportsAreValid();
    void darkPaletteDarkensTheChart();
};

void TestCurveChartWidget::smoothEmaMatchesHandComputed_data() {
    QTest::addColumn<QVector<double>>("values");
    QTest::addColumn<double>("weight");
    QTest::addColumn<QVector<double>>("expected");
    const double nan = std::numeric_limits<double>::quiet_NaN();
    // a_n = w a_{n-1} + (1-w) x_n, s_n = a_n / (1 - w^n); worked by hand for w = 0.5:
    // a = 0.5, 1.25, 2.125, 3.0625; 1 - w^n = 0.5, 0.75, 0.875, 0.9375.
    QTest::newRow("w=0.5") << QVector<double>{1, 2, 3, 4} << 0.5
                           << QVector<double>{1.0, 1.25 / 0.75, 2.125 / 0.875, 3.0625 / 0.9375};
    QTest::newRow("w=0 is identity")
        << QVector<double>{3, -1, 7.5, 0} << 0.0 << QVector<double>{3, -1, 7.5, 0};
    QTest::newRow("constant stays constant (debiased)")
        << QVector<double>{2, 2, 2, 2} << 0.9 << QVector<double>{2, 2, 2, 2};
    // NaN passes through and does not count: second finite value uses n = 2.
    QTest::newRow("nan passes through")
        << QVector<double>{1, nan, 3} << 0.5 << QVector<double>{1.0, nan, (0.25 + 1.5) / 0.75};
    QTest::newRow("weight clamped to 0.999")
        << QVector<double>{1, 0} << 5.0 << QVector<double>{1.0, 0.999 * 0.001 / (1 - 0.998001)};
}

void TestCurveChartWidget::smoothEmaMatchesHandComputed() {
    QFETCH(QVector<double>, values);
    QFETCH(double, weight);
    QFETCH(QVector<double>, expected);
    const QVector<double> got = CurveChartWidget::smoothEma(values, weight);
    QCOMPARE(got.size(), expected.size());
    for (int i = 0; i < got.size(); ++i) {
        if (std::isnan(expected[i])) {
            QVERIFY2(std::isnan(got[i]), qPrintable(QString::number(i)));
        } else {
            QVERIFY2(std::abs(got[i] - expected[i]) < 1e-12,
                     qPrintable(QStringLiteral("index %1: got %2, expected %3")
                                    .arg(i)
                                    .arg(got[i], 0, 'g', 17)
                                    .arg(expected[i], 0, 'g', 17)));
        }
    }
}

void TestCurveChartWidget::smoothingOfStreamedPointsNeverRewritesHistory() {
    CurveChartWidget chart;
    chart.setSmoothing(0.8);
    const QVector<CurvePoint> all = ramp(200);
    chart.setSeries(kKey, QStringLiteral("train"), Qt::blue, Qt::SolidLine, all.mid(0, 100));
    const QVector<double> before = chart.seriesSmoothed(kKey);
    chart.appendPoints(kKey, all.mid(100));
    const QVector<double> after = chart.seriesSmoothed(kKey);
    QCOMPARE(after.size(), 200);
    QCOMPARE(after.mid(0, 100), before);  // bit-identical history
    QVector<double> values;
    for (const CurvePoint& p : all) {
        values.push_back(p.value);
    }
    QCOMPARE(after, CurveChartWidget::smoothEma(values, 0.8));  // same as over the full data
}

void TestCurveChartWidget::decimateKeepsExtremesAndEnds_data() {
    QTest::addColumn<int>("n");
    QTest::addColumn<int>("maxPoints");
    QTest::addColumn<int>("spikeAt");
    QTest::addColumn<int>("dipAt");
    QTest::newRow("10k to 2000") << 10000 << 2000 << 4321 << 777;
    QTest::newRow("spike next to the ends") << 5000 << 100 << 1 << 4998;
    QTest::newRow("odd budget") << 3001 << 51 << 1500 << 2999;
    QTest::newRow("fits already") << 50 << 2000 << 10 << 20;
}

void TestCurveChartWidget::decimateKeepsExtremesAndEnds() {
    QFETCH(int, n);
    QFETCH(int, maxPoints);
    QFETCH(int, spikeAt);
    QFETCH(int, dipAt);
    QVector<QPointF> points;
    for (int i = 0; i < n; ++i) {
        points.push_back(QPointF(i, std::sin(i * 0.01)));
    }
    points[spikeAt].setY(50.0);
    points[dipAt].setY(-50.0);
    const QVector<QPointF> out = CurveChartWidget::decimate(points, maxPoints);
    QVERIFY2(out.size() <= maxPoints, qPrintable(QString::number(out.size())));
    QCOMPARE(out.front(), points.front());
    QCOMPARE(out.back(), points.back());
    QVERIFY(out.contains(points[spikeAt]));
    QVERIFY(out.contains(points[dipAt]));
    for (int i = 1; i < out.size(); ++i) {
        QVERIFY(out[i - 1].x() < out[i].x());  // order kept, no duplicates
    }
    if (n <= maxPoints) {
        QCOMPARE(out, points);
    } else {
        QVERIFY(out.size() >= maxPoints - 2);  // the budget is used, not wasted
    }
}

void TestCurveChartWidget::drawingIsDecimatedButStorageIsNot() {
    CurveChartWidget chart;
    chart.resize(800, 500);
    chart.show();
    chart.setSeries(kKey, QStringLiteral("train"), Qt::blue, Qt::SolidLine, ramp(20000));
    chart.flush();
    QCOMPARE(chart.seriesPoints(kKey).size(), 20000);
    QVERIFY(drawnSmoothed(chart)->count() <= CurveChartWidget::kMaxDrawPoints);
    // Zoomed in, the visible slice is drawn at full detail (plus one point either side).
    chart.zoomTo({1000.0, 1500.0}, {-1.0, 3.0});
    chart.flush();
    QCOMPARE(drawnSmoothed(chart)->count(), 503);
}

void TestCurveChartWidget::thousandAppendsInOneTurnRedrawOnce() {
    CurveChartWidget chart;
    chart.setSeries(kKey, QStringLiteral("train"), Qt::blue, Qt::SolidLine, ramp(10));
    waitForRedraw(chart);
    const int before = chart.redrawCount();
    for (int i = 0; i < 1000; ++i) {
        QVERIFY(chart.appendPoints(kKey, ramp(1, 10.0 + i)));
    }
    QCOMPARE(chart.redrawCount(), before);  // nothing drawn synchronously
    QVERIFY(chart.isRedrawPending());
    QTRY_COMPARE_WITH_TIMEOUT(chart.redrawCount(), before + 1, kTimeoutMs);
    QVERIFY(!chart.isRedrawPending());
    QCOMPARE(chart.redrawCount(), before + 1);
    QCOMPARE(chart.seriesPoints(kKey).size(), 1010);
    QVERIFY(!chart.appendPoints(QStringLiteral("unknown"), ramp(1)));
}

void TestCurveChartWidget::zoomSurvivesStreamingUntilReset() {
    CurveChartWidget chart;
    chart.resize(800, 500);
    chart.show();
    QSignalSpy following(&chart, &CurveChartWidget::followingChanged);
    chart.setSeries(kKey, QStringLiteral("train"), Qt::blue, Qt::SolidLine, ramp(100));
    waitForRedraw(chart);
    QVERIFY(chart.isFollowing());
    QCOMPARE(chart.xRange().max, 99.0);

    chart.zoomTo({10.0, 20.0}, {0.5, 1.5});
    QVERIFY(!chart.isFollowing());
    QCOMPARE(following.count(), 1);
    QCOMPARE(following.last().at(0).toBool(), false);
    chart.appendPoints(kKey, ramp(100, 100.0, 40.0));  // far outside the zoomed window
    QVERIFY(chart.isRedrawPending());
    waitForRedraw(chart);
    QCOMPARE(chart.xRange().min, 10.0);
    QCOMPARE(chart.xRange().max, 20.0);
    QCOMPARE(chart.yRange().min, 0.5);
    QCOMPARE(chart.yRange().max, 1.5);

    chart.resetZoom();
    QVERIFY(chart.isFollowing());
    QCOMPARE(following.count(), 2);
    QCOMPARE(chart.xRange().min, 0.0);
    QCOMPARE(chart.xRange().max, 199.0);
    QVERIFY(chart.yRange().max > 40.0);
    chart.appendPoints(kKey, ramp(1, 200.0));
    waitForRedraw(chart);
    QCOMPARE(chart.xRange().max, 200.0);  // following again
}

void TestCurveChartWidget::mouseDragZoomsAndDoubleClickResets() {
    CurveChartWidget chart;
    chart.resize(800, 500);
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    chart.setSeries(kKey, QStringLiteral("train"), Qt::blue, Qt::SolidLine, ramp(1000));
    chart.flush();
    QWidget* viewport = chart.chartViewport();
    const QPoint from(viewport->width() * 4 / 10, viewport->height() * 3 / 10);
    const QPoint to(viewport->width() * 6 / 10, viewport->height() * 6 / 10);
    QTest::mousePress(viewport, Qt::LeftButton, {}, from);
    QTest::mouseMove(viewport, to);
    QTest::mouseRelease(viewport, Qt::LeftButton, {}, to);
    QVERIFY(!chart.isFollowing());
    const AxisSpan zoomed = chart.xRange();
    QVERIFY2(zoomed.min > 100.0 && zoomed.max < 900.0 && zoomed.length() < 400.0,
             qPrintable(QStringLiteral("%1..%2").arg(zoomed.min).arg(zoomed.max)));

    // Shift+drag pans: dragging right shows earlier steps, keeping the width.
    QTest::mousePress(viewport, Qt::LeftButton, Qt::ShiftModifier, to);
    QTest::mouseMove(viewport, to + QPoint(50, 0));
    QTest::mouseRelease(viewport, Qt::LeftButton, Qt::ShiftModifier, to + QPoint(50, 0));
    QVERIFY(chart.xRange().min < zoomed.min);
    QVERIFY(std::abs(chart.xRange().length() - zoomed.length()) < 1e-6 * zoomed.length());

    QTest::mouseDClick(viewport, Qt::LeftButton, {}, from);
    QVERIFY(chart.isFollowing());
    QCOMPARE(chart.xRange().max, 999.0);
}

void TestCurveChartWidget::wheelZoomsAboutCursor() {
    CurveChartWidget chart;
    chart.resize(800, 500);
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    chart.setSeries(kKey, QStringLiteral("train"), Qt::blue, Qt::SolidLine, ramp(1000));
    chart.flush();
    QWidget* viewport = chart.chartViewport();
    const QPointF centre = QRectF(viewport->rect()).center();
    QWheelEvent wheel(centre, viewport->mapToGlobal(centre), QPoint(), QPoint(0, 120), Qt::NoButton,
                      Qt::NoModifier, Qt::NoScrollPhase, false);
    QCoreApplication::sendEvent(viewport, &wheel);
    QVERIFY(!chart.isFollowing());
    QVERIFY(chart.xRange().length() < 999.0 * 0.9);
    QVERIFY(chart.xRange().min > 0.0 && chart.xRange().max < 999.0);
}

void TestCurveChartWidget::logYSkipsNonPositiveValues_data() {
    QTest::addColumn<QVector<double>>("values");
    QTest::addColumn<double>("smoothing");
    QTest::newRow("zero and negative") << QVector<double>{2.0, 0.0, -1.0, 0.5, 1e-3, 4.0} << 0.0;
    QTest::newRow("smoothed across negatives") << QVector<double>{2.0, -3.0, 0.1, 0.2} << 0.6;
    QTest::newRow("all non-positive") << QVector<double>{0.0, -1.0, -2.0} << 0.0;
}

void TestCurveChartWidget::logYSkipsNonPositiveValues() {
    QFETCH(QVector<double>, values);
    QFETCH(double, smoothing);
    CurveChartWidget chart;
    chart.resize(800, 500);
    chart.show();
    chart.setSmoothing(smoothing);
    QVector<CurvePoint> points;
    double smallestPositive = std::numeric_limits<double>::infinity();
    for (int i = 0; i < values.size(); ++i) {
        points.push_back({double(i), double(i), values[i]});
        if (values[i] > 0.0) {
            smallestPositive = std::min(smallestPositive, values[i]);
        }
    }
    chart.setSeries(kKey, QStringLiteral("train"), Qt::blue, Qt::SolidLine, points);
    chart.setLogY(true);
    QVERIFY(chart.isLogY());
    chart.flush();
    QVERIFY(chart.yRange().min > 0.0);
    if (std::isfinite(smallestPositive)) {
        QVERIFY(chart.yRange().min <= smallestPositive);
    }
    const QVector<QPointF> drawn = drawnSmoothed(chart)->points();
    for (const QPointF& p : drawn) {
        QVERIFY2(p.y() > 0.0, qPrintable(QString::number(p.y())));
    }
    chart.updateHover(QRectF(chart.chartViewport()->rect()).center());  // must not crash
    chart.setLogY(false);
    chart.flush();
    QCOMPARE(drawnSmoothed(chart)->count(), values.size());
}

void TestCurveChartWidget::wallTimeModeUsesWallSeconds() {
    CurveChartWidget chart;
    chart.resize(800, 500);
    chart.show();
    const QVector<CurvePoint> points = ramp(50);  // wallSeconds = 10 * step + 5
    chart.setSeries(kKey, QStringLiteral("train"), Qt::blue, Qt::SolidLine, points);
    chart.zoomTo({1.0, 2.0}, {0.0, 1.0});
    chart.setXAxisMode(XAxisMode::WallTime);
    QCOMPARE(chart.xAxisMode(), XAxisMode::WallTime);
    QVERIFY(chart.isFollowing());  // a step zoom means nothing in seconds
    chart.flush();
    QCOMPARE(chart.xRange().min, 5.0);
    QCOMPARE(chart.xRange().max, 495.0);
    const QVector<QPointF> drawn = drawnSmoothed(chart)->points();
    QCOMPARE(drawn.size(), points.size());
    for (int i = 0; i < drawn.size(); ++i) {
        QCOMPARE(drawn[i].x(), points[i].wallSeconds);
    }
    chart.setXAxisMode(XAxisMode::Step);
    chart.flush();
    QCOMPARE(chart.xRange().max, 49.0);
}

void TestCurveChartWidget::hiddenSeriesLeaveAutoRange() {
    CurveChartWidget chart;
    chart.setSeries(QStringLiteral("a"), QStringLiteral("a"), Qt::blue, Qt::SolidLine, ramp(10));
    chart.setSeries(QStringLiteral("b"), QStringLiteral("b"), Qt::red, Qt::DashLine,
                    ramp(10, 0.0, 100.0));
    chart.flush();
    QVERIFY(chart.yRange().max > 100.0);
    chart.setSeriesVisible(QStringLiteral("b"), false);
    QVERIFY(!chart.isSeriesVisible(QStringLiteral("b")));
    chart.flush();
    QVERIFY(chart.yRange().max < 3.0);
    chart.removeSeries(QStringLiteral("a"));
    QCOMPARE(chart.seriesKeys(), QStringList{QStringLiteral("b")});
    chart.clear();
    QVERIFY(chart.seriesKeys().isEmpty());
}

void TestCurveChartWidget::legendClickTogglesSeries() {
    CurveChartWidget chart;
    chart.resize(800, 500);
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    chart.setSmoothing(0.5);
    chart.setSeries(QStringLiteral("a"), QStringLiteral("a"), Qt::blue, Qt::SolidLine, ramp(10));
    chart.setSeries(QStringLiteral("b"), QStringLiteral("b"), Qt::red, Qt::DashLine, ramp(10));
    QLegend* legend = chart.findChild<QChartView*>()->chart()->legend();
    const auto visibleMarkers = [legend] {
        QList<QLegendMarker*> shown;
        for (QLegendMarker* marker : legend->markers()) {
            if (marker->isVisible()) {
                shown.push_back(marker);
            }
        }
        return shown;
    };
    // One entry per curve once the legend is laid out: raw lines have none.
    QTRY_COMPARE_WITH_TIMEOUT(visibleMarkers().size(), 2, kTimeoutMs);
    const QList<QLegendMarker*> shown = visibleMarkers();
    QCOMPARE(shown[1]->label(), QStringLiteral("b"));
    QSignalSpy spy(&chart, &CurveChartWidget::seriesVisibilityChanged);
    Q_EMIT shown[1]->clicked();
    QVERIFY(!chart.isSeriesVisible(QStringLiteral("b")));
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy.last().at(0).toString(), QStringLiteral("b"));
    QCOMPARE(spy.last().at(1).toBool(), false);
    QVERIFY(shown[1]->isVisible());  // still clickable while hidden
    QVERIFY(shown[1]->font().strikeOut());
    Q_EMIT shown[1]->clicked();
    QVERIFY(chart.isSeriesVisible(QStringLiteral("b")));
    QVERIFY(!shown[1]->font().strikeOut());
}

void TestCurveChartWidget::keyboardZoomPanAndReset() {
    CurveChartWidget chart;
    chart.resize(800, 500);
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    chart.setSeries(kKey, QStringLiteral("train"), Qt::blue, Qt::SolidLine, ramp(1000));
    chart.flush();
    auto* view = chart.findChild<QChartView*>();
    QTest::keyClick(view, Qt::Key_Plus);
    QVERIFY(!chart.isFollowing());
    const AxisSpan zoomed = chart.xRange();
    QVERIFY(zoomed.length() < 999.0 * 0.9);
    QTest::keyClick(view, Qt::Key_Left);
    QVERIFY(chart.xRange().min < zoomed.min);
    QTest::keyClick(view, Qt::Key_Home);
    QVERIFY(chart.isFollowing());
    QCOMPARE(chart.xRange().max, 999.0);
}

void TestCurveChartWidget::hoverReadoutShowsNearestPoint() {
    CurveChartWidget chart;
    chart.resize(800, 500);
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    chart.setSmoothing(0.5);
    QVector<CurvePoint> train;
    QVector<CurvePoint> test;
    for (int s = 0; s <= 100; ++s) {
        train.push_back({double(s), s * 2.0, 1.0 + s});
        if (s % 10 == 0) {
            test.push_back({double(s), s * 2.0, 500.0 + s});
        }
    }
    chart.setSeries(QStringLiteral("r/train"), QStringLiteral("r train"), Qt::blue, Qt::SolidLine,
                    train);
    chart.setSeries(QStringLiteral("r/test"), QStringLiteral("r test"), Qt::blue, Qt::DashLine,
                    test);
    chart.flush();
    chart.zoomTo({40.0, 60.0}, {0.0, 600.0});
    chart.flush();
    // The centre of the viewport is near x = 50 (the plot area is roughly centred).
    chart.updateHover(QRectF(chart.chartViewport()->rect()).center());
    const QStringList lines = chart.hoverText().split(QLatin1Char('\n'));
    QCOMPARE(lines.size(), 3);
    const QRegularExpression header(QStringLiteral("^Step (\\d+) · ([0-9.]+) s$"));
    const QRegularExpressionMatch m = header.match(lines[0]);
    QVERIFY2(m.hasMatch(), qPrintable(lines[0]));
    const int step = m.captured(1).toInt();
    QVERIFY2(step >= 45 && step <= 55, qPrintable(lines[0]));
    QCOMPARE(m.captured(2).toDouble(), step * 2.0);
    const double smoothed = chart.seriesSmoothed(QStringLiteral("r/train"))[step];
    QCOMPARE(lines[1], QStringLiteral("r train: %1 (raw %2)")
                           .arg(QString::number(smoothed, 'g', 5), QString::number(1.0 + step)));
    const int testStep = static_cast<int>(std::lround(step / 10.0) * 10);
    QVERIFY2(lines[2].startsWith(QStringLiteral("r test: ")), qPrintable(lines[2]));
    QVERIFY2(lines[2].contains(QStringLiteral("(raw %1)").arg(500 + testStep)),
             qPrintable(lines[2]));
    if (testStep != step) {
        QVERIFY(lines[2].endsWith(QStringLiteral(" at step %1").arg(testStep)));
    }
    chart.updateHover(QPointF(1.0, 1.0));  // outside the plot area
    QVERIFY(chart.hoverText().isEmpty());
    chart.zoomTo({1000.0, 2000.0}, {0.0, 600.0});  // past the last point
    chart.updateHover(QRectF(chart.chartViewport()->rect()).center());
    QVERIFY2(chart.hoverText().isEmpty(), qPrintable(chart.hoverText()));
}

void TestCurveChartWidget::mouseMoveUpdatesHover() {
    CurveChartWidget chart;
    chart.resize(800, 500);
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    chart.setSeries(kKey, QStringLiteral("train"), Qt::blue, Qt::SolidLine, ramp(100));
    chart.flush();
    QWidget* viewport = chart.chartViewport();
    QMouseEvent move(QEvent::MouseMove, QRectF(viewport->rect()).center(),
                     viewport->mapToGlobal(QRectF(viewport->rect()).center()), Qt::NoButton,
                     Qt::NoButton, Qt::NoModifier);
    QCoreApplication::sendEvent(viewport, &move);
    QVERIFY(chart.hoverText().startsWith(QStringLiteral("Step ")));
    QVERIFY(chart.hoverText().contains(QStringLiteral("train: ")));
    QEvent leave(QEvent::Leave);
    QCoreApplication::sendEvent(viewport, &leave);
    QVERIFY(chart.hoverText().isEmpty());
}

void TestCurveChartWidget::csvHasEveryRawPointAndItsSmoothedValue() {
    CurveChartWidget chart;
    chart.setSmoothing(0.7);
    QVector<CurvePoint> a = ramp(300);
    a[17].value = std::numeric_limits<double>::quiet_NaN();
    const QVector<CurvePoint> b = ramp(40, 5.0, 0.1);
    chart.setSeries(QStringLiteral("a/train"), QStringLiteral("a, \"quoted\""), Qt::blue,
                    Qt::SolidLine, a.mid(0, 150));
    chart.appendPoints(QStringLiteral("a/train"), a.mid(150));
    chart.setSeries(QStringLiteral("b/test"), QStringLiteral("b test"), Qt::red, Qt::DashLine, b);
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("curves.csv"));
    QVERIFY(chart.exportCsv(path));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly | QIODevice::Text));
    const QStringList lines =
        QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 1 + 300 + 40);
    QCOMPARE(lines[0], QStringLiteral("series,label,step,wall_s,value,smoothed"));
    const QString quotedLabel = QStringLiteral("\"a, \"\"quoted\"\"\"");
    const QVector<double> smoothedA = chart.seriesSmoothed(QStringLiteral("a/train"));
    for (int i = 0; i < 300; ++i) {
        const QString expectedPrefix = QStringLiteral("a/train,") + quotedLabel + QLatin1Char(',');
        QVERIFY2(lines[1 + i].startsWith(expectedPrefix), qPrintable(lines[1 + i]));
        const QStringList f = lines[1 + i].mid(expectedPrefix.size()).split(QLatin1Char(','));
        QCOMPARE(f.size(), 4);
        QCOMPARE(f[0].toDouble(), a[i].step);
        QCOMPARE(f[1].toDouble(), a[i].wallSeconds);
        if (i == 17) {
            QCOMPARE(f[2], QStringLiteral("nan"));
            QCOMPARE(f[3], QStringLiteral("nan"));
        } else {
            QCOMPARE(f[2].toDouble(), a[i].value);    // exact: shortest round-trip text
            QCOMPARE(f[3].toDouble(), smoothedA[i]);  // the EMA over all stored points
        }
    }
    const QStringList lastRow = lines.last().split(QLatin1Char(','));
    QCOMPARE(lastRow[0], QStringLiteral("b/test"));
    QCOMPARE(lastRow[2].toDouble(), b.last().step);
    QCOMPARE(lastRow[5].toDouble(), chart.seriesSmoothed(QStringLiteral("b/test")).last());
    QVERIFY(!chart.exportCsv(dir.filePath(QStringLiteral("missing/dir/curves.csv"))));
}

void TestCurveChartWidget::pngAndSvgExportsAreValid() {
    CurveChartWidget chart;
    chart.setTitle(QStringLiteral("Loss"));
    chart.resize(640, 400);
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    chart.setSeries(kKey, QStringLiteral("train"), Qt::blue, Qt::SolidLine, ramp(500));
    chart.updateHover(QRectF(chart.chartViewport()->rect()).center());
    QTemporaryDir dir;
    const QString png = dir.filePath(QStringLiteral("chart.png"));
    QVERIFY(chart.exportPng(png, 2.0));
    QImage image;
    QVERIFY(image.load(png));
    QCOMPARE(image.size(), chart.chartViewport()->size() * 2);
    QVERIFY(!chart.hoverText().isEmpty());  // export leaves the hover state alone

    const QString svg = dir.filePath(QStringLiteral("chart.svg"));
    QVERIFY(chart.exportSvg(svg));
    QFile file(svg);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray text = file.readAll();
    QVERIFY2(text.startsWith("<?xml") || text.startsWith("<svg"), text.left(40).constData());
    QVERIFY(text.contains("<svg"));
    QVERIFY(text.contains("<title>Loss</title>"));
    QVERIFY(text.size() > 1000);
    QVERIFY(!chart.exportPng(dir.filePath(QStringLiteral("missing/dir/chart.png"))));
}

void TestCurveChartWidget::darkPaletteDarkensTheChart() {
    CurveChartWidget chart;
    chart.resize(400, 300);
    chart.setSeries(kKey, QStringLiteral("train"), Qt::blue, Qt::SolidLine, ramp(20));
    QVERIFY(!chart.isDarkTheme());
    QCOMPARE(chart.renderImage(1.0).pixelColor(2, 2), chart.palette().color(QPalette::Base));
    QPalette dark;
    dark.setColor(QPalette::Window, QColor(0x2b, 0x2b, 0x2b));
    dark.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
    dark.setColor(QPalette::Text, QColor(0xe0, 0xe0, 0xe0));
    chart.setPalette(dark);
    QVERIFY(chart.isDarkTheme());
    const QImage image = chart.renderImage(1.0);
    QVERIFY(!image.isNull());
    QCOMPARE(image.pixelColor(2, 2), QColor(0x1e, 0x1e, 0x1e));
}

QTEST_MAIN(TestCurveChartWidget)
#include "test_curve_chart_widget.moc"
