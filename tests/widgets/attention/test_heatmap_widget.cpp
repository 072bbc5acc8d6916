// SPDX-License-Identifier: MIT
// HeatmapWidget on known matrices: cell colours, label thinning, hover/click signals, palette,
// PNG/SVG export and a timed 1024 x 1024 render.
#include "widgets/attention/heatmap_widget.h"

#include <QElapsedTimer>
#include <QFile>
#include <QSignalSpy>
#include <QSvgRenderer>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using fpt::widgets::ColorMap;
using fpt::widgets::ColorMapKind;
using fpt::widgets::HeatmapWidget;

namespace {

QVector<float> ramp(int n, float lo, float hi) {
    QVector<float> v(n);
    for (int i = 0; i < n; ++i) {
        v[i] = lo + (hi - lo) * static_cast<float>(i) / static_cast<float>(n - 1);
    }
    return v;
}

QStringList labels(const QString& prefix, int n) {
    QStringList out;
    for (int i = 0; i < n; ++i) {
        out << prefix + QString::number(i);
    }
    return out;
}

QRgb pixelAt(const QImage& image, QPoint p) {
    return image.pixel(p) | 0xff000000U;
}

}  // namespace

class TestHeatmapWidget : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void cellColour_data();
    void cellColour();
    void divergingAutoRangeIsSymmetric();
    void rejectsWrongSize();
    void logScale_data();
    void logScale();
    void labelThinning_data();
    void labelThinning();
    void hoverReportsCell_data();
    void hoverReportsCell();
    void hoverLeavesMatrix();
    void clickReportsCell();
    void followsPalette_data();
    void followsPalette();
    void exportPng();
    void exportSvg_data();
    void exportSvg();
    void exportFailsOnBadPath();
    void renders1024();
};

void TestHeatmapWidget::cellColour_data() {
    QTest::addColumn<int>("kind");
    QTest::addColumn<QVector<float>>("values");  // 3 x 3
    QTest::addColumn<bool>("fixedRange");
    QTest::addColumn<int>("row");
    QTest::addColumn<int>("col");
    QTest::addColumn<QRgb>("expected");

    const auto seq = static_cast<int>(ColorMapKind::Sequential);
    const auto div = static_cast<int>(ColorMapKind::Diverging);
    QTest::newRow("sequential max is top colour")
        << seq << ramp(9, 0.0F, 0.8F) << false << 2 << 2 << qRgb(0xfd, 0xe7, 0x25);
    QTest::newRow("sequential min is bottom colour")
        << seq << ramp(9, 0.0F, 0.8F) << false << 0 << 0 << qRgb(0x44, 0x01, 0x54);
    QTest::newRow("fixed range clamps above")
        << seq << QVector<float>(9, 2.0F) << true << 1 << 1 << qRgb(0xfd, 0xe7, 0x25);
    QTest::newRow("diverging zero is white-ish")
        << div << ramp(9, -1.0F, 1.0F) << false << 1 << 1 << qRgb(0xf7, 0xf7, 0xf7);
    QTest::newRow("diverging -1 is blue")
        << div << ramp(9, -1.0F, 1.0F) << false << 0 << 0 << qRgb(0x05, 0x30, 0x61);
    QTest::newRow("diverging +1 is red")
        << div << ramp(9, -1.0F, 1.0F) << false << 2 << 2 << qRgb(0x67, 0x00, 0x1f);
}

void TestHeatmapWidget::cellColour() {
    QFETCH(int, kind);
    QFETCH(QVector<float>, values);
    QFETCH(bool, fixedRange);
    QFETCH(int, row);
    QFETCH(int, col);
    QFETCH(QRgb, expected);

    HeatmapWidget w;
    w.resize(400, 360);
    w.setColorMap(static_cast<ColorMapKind>(kind));
    if (fixedRange) {
        w.setValueRange(0.0F, 1.0F);
    }
    QVERIFY(w.setMatrix(3, 3, values));
    QCOMPARE(pixelAt(w.matrixImage(), QPoint(col, row)), expected);
    // The same colour on screen, at the cell's centre.
    const QImage shot = w.grab().toImage();
    const QPoint centre = w.cellCenter(row, col) * shot.devicePixelRatio();
    QCOMPARE(pixelAt(shot, centre), expected);
}

void TestHeatmapWidget::divergingAutoRangeIsSymmetric() {
    HeatmapWidget w;
    w.setColorMap(ColorMapKind::Diverging);
    QVERIFY(w.setMatrix(1, 2, {-0.2F, 0.5F}));
    QCOMPARE(w.rangeMin(), -0.5F);
    QCOMPARE(w.rangeMax(), 0.5F);
}

void TestHeatmapWidget::rejectsWrongSize() {
    HeatmapWidget w;
    QVERIFY(w.setMatrix(2, 2, {1, 2, 3, 4}));
    QVERIFY(!w.setMatrix(2, 3, {1, 2, 3, 4}));
    QCOMPARE(w.rows(), 0);
    QVERIFY(w.matrixImage().isNull());
    QVERIFY(!w.setMatrix(0, 0, {}));
}

void TestHeatmapWidget::logScale_data() {
    QTest::addColumn<int>("scale");
    QTest::addColumn<QVector<float>>("fractions");  // of 0.001, 0.01, 0.1, 1 on [0, 1]
    QTest::newRow("linear") << static_cast<int>(fpt::widgets::ColorScale::Linear)
                            << QVector<float>{0.001F, 0.01F, 0.1F, 1.0F};
    QTest::newRow("log: decades equally spaced")
        << static_cast<int>(fpt::widgets::ColorScale::Log)
        << QVector<float>{0.0F, 1.0F / 3.0F, 2.0F / 3.0F, 1.0F};
}

void TestHeatmapWidget::logScale() {
    QFETCH(int, scale);
    QFETCH(QVector<float>, fractions);
    HeatmapWidget w;
    w.resize(300, 200);
    w.setValueRange(0.0F, 1.0F);
    w.setColorScale(static_cast<fpt::widgets::ColorScale>(scale));
    QVERIFY(w.setMatrix(1, 4, {0.001F, 0.01F, 0.1F, 1.0F}));
    const ColorMap map;
    for (int c = 0; c < 4; ++c) {
        QVERIFY(std::abs(w.fractionOf(w.value(0, c)) - fractions[c]) < 1e-5F);
        QCOMPARE(pixelAt(w.matrixImage(), QPoint(c, 0)), map.atFraction(fractions[c]));
    }
    // Zero gets the lowest colour in both (log: everything below the floor, max / 1000, does).
    QCOMPARE(w.fractionOf(0.0F), 0.0F);
    QCOMPARE(w.fractionOf(1e-6F), scale == 0 ? 1e-6F : 0.0F);
}

void TestHeatmapWidget::labelThinning_data() {
    QTest::addColumn<int>("tokens");
    QTest::addColumn<int>("period");  // patch-grid width, 1 = none
    QTest::newRow("bit xor, 10") << 10 << 1;
    QTest::newRow("mnist, 49") << 49 << 1;
    QTest::newRow("mnist, 49, 7 per image row") << 49 << 7;
    QTest::newRow("bit memory, 120") << 120 << 1;
    QTest::newRow("listops, 512") << 512 << 1;
    QTest::newRow("cifar lra, 1024") << 1024 << 1;
    QTest::newRow("cifar lra, 1024, 32 per image row") << 1024 << 32;
}

void TestHeatmapWidget::labelThinning() {
    QFETCH(int, tokens);
    QFETCH(int, period);
    HeatmapWidget w;
    w.resize(520, 520);
    w.setLabelPeriod(period);
    w.setAxisTitles(QStringLiteral("query token"), QStringLiteral("key token"));
    w.setRowLabels(labels(QStringLiteral("q"), tokens));
    w.setColumnLabels(labels(QStringLiteral("k"), tokens));
    QVERIFY(w.setMatrix(tokens, tokens, QVector<float>(tokens * tokens, 0.5F)));

    const double line = QFontMetricsF(w.font()).height();
    const double cell = w.cellRect(0, 0).height();
    const int stride = w.rowLabelStride();
    const QVector<int> shown = w.visibleRowLabels();
    qInfo("T=%d cell=%.2fpx stride=%d shown=%lld", tokens, cell, stride,
          static_cast<long long>(shown.size()));
    QCOMPARE(shown.size(), (tokens + stride - 1) / stride);
    QCOMPARE(shown.first(), 0);
    // Drawn labels never overlap ...
    QVERIFY(stride * cell >= line);
    if (period > 1) {
        // Shown labels start image rows, or split them evenly.
        QVERIFY2(stride % period == 0 || period % stride == 0, qPrintable(QString::number(stride)));
    } else if (stride > 1) {
        // ... and the stride is no larger than needed (the next smaller 1-2-5 would overlap).
        const int smaller = stride % 5 == 0 && QString::number(stride).startsWith(QLatin1Char('5'))
                                ? stride * 2 / 5
                                : stride / 2;
        QVERIFY(smaller * cell < line * 1.05);
    }
    if (tokens <= 10) {
        QCOMPARE(stride, 1);
    }
    if (tokens >= 512) {
        QVERIFY(shown.size() < 40);
        QVERIFY(w.visibleColumnLabels().size() < 40);
    }
}

void TestHeatmapWidget::hoverReportsCell_data() {
    QTest::addColumn<int>("row");
    QTest::addColumn<int>("col");
    QTest::newRow("corner") << 0 << 0;
    QTest::newRow("inside") << 3 << 5;
    QTest::newRow("last") << 9 << 9;
}

void TestHeatmapWidget::hoverReportsCell() {
    QFETCH(int, row);
    QFETCH(int, col);
    HeatmapWidget w;
    w.resize(420, 400);
    w.setRowLabels(labels(QStringLiteral("r"), 10));
    w.setColumnLabels(labels(QStringLiteral("c"), 10));
    QVERIFY(w.setMatrix(10, 10, ramp(100, 0.0F, 0.99F)));
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QSignalSpy spy(&w, &HeatmapWidget::cellHovered);

    QTest::mouseMove(&w, w.cellCenter(row, col));
    QCOMPARE(spy.count(), 1);
    const float expected = 0.01F * static_cast<float>(row * 10 + col);
    QCOMPARE(spy.at(0).at(0).toInt(), row);
    QCOMPARE(spy.at(0).at(1).toInt(), col);
    QVERIFY(std::abs(spy.at(0).at(2).toFloat() - expected) < 1e-6F);
    const QString text = QStringLiteral("r%1 \u2192 c%2: ").arg(row).arg(col);
    QVERIFY2(w.hoverText().startsWith(text), qPrintable(w.hoverText()));
    QVERIFY(w.hoverText().endsWith(QString::number(static_cast<double>(expected), 'g', 4)));
}

void TestHeatmapWidget::hoverLeavesMatrix() {
    HeatmapWidget w;
    w.resize(420, 400);
    QVERIFY(w.setMatrix(4, 4, ramp(16, 0.0F, 1.0F)));
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QSignalSpy cleared(&w, &HeatmapWidget::hoverCleared);
    QTest::mouseMove(&w, w.cellCenter(1, 1));
    QCOMPARE(w.hoveredRow(), 1);
    QTest::mouseMove(&w, QPoint(2, 2));  // margin, outside the matrix
    QCOMPARE(cleared.count(), 1);
    QCOMPARE(w.hoveredRow(), -1);
    QVERIFY(w.hoverText().isEmpty());
}

void TestHeatmapWidget::clickReportsCell() {
    HeatmapWidget w;
    w.resize(420, 400);
    QVERIFY(w.setMatrix(5, 5, ramp(25, 0.0F, 1.0F)));
    w.show();
    QVERIFY(QTest::qWaitForWindowExposed(&w));
    QSignalSpy spy(&w, &HeatmapWidget::cellClicked);
    QTest::mouseClick(&w, Qt::LeftButton, {}, w.cellCenter(4, 2));
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy.at(0).at(0).toInt(), 4);
    QCOMPARE(spy.at(0).at(1).toInt(), 2);
}

void TestHeatmapWidget::followsPalette_data() {
    QTest::addColumn<QColor>("window");
    QTest::addColumn<QColor>("text");
    QTest::newRow("light") << QColor(0xf4, 0xf4, 0xf4) << QColor(Qt::black);
    QTest::newRow("dark") << QColor(0x20, 0x22, 0x25) << QColor(0xee, 0xee, 0xee);
}

void TestHeatmapWidget::followsPalette() {
    QFETCH(QColor, window);
    QFETCH(QColor, text);
    HeatmapWidget w;
    QPalette palette = w.palette();
    palette.setColor(QPalette::Window, window);
    palette.setColor(QPalette::WindowText, text);
    w.setPalette(palette);
    w.resize(300, 300);
    w.setTitle(QStringLiteral("WWWWWWWW"));
    QVERIFY(w.setMatrix(2, 2, {0, 1, 2, 3}));
    const QImage shot = w.grab().toImage();
    QCOMPARE(pixelAt(shot, QPoint(1, 1)), window.rgb());
    // Some title pixel carries the text colour's lightness side.
    bool sawText = false;
    const int y0 = 0;
    const int y1 = static_cast<int>(w.matrixRect().top() * shot.devicePixelRatio());
    for (int y = y0; y < y1 && !sawText; ++y) {
        for (int x = 0; x < shot.width() && !sawText; ++x) {
            sawText = std::abs(qGray(shot.pixel(x, y)) - qGray(text.rgb())) < 40;
        }
    }
    QVERIFY(sawText);
}

void TestHeatmapWidget::exportPng() {
    QTemporaryDir dir;
    HeatmapWidget w;
    w.resize(300, 280);
    w.setTitle(QStringLiteral("export"));
    QVERIFY(w.setMatrix(4, 4, ramp(16, 0.0F, 1.0F)));
    const QString path = dir.filePath(QStringLiteral("h.png"));
    QVERIFY(w.exportPng(path, 2.0));
    QImage image(path);
    QVERIFY(!image.isNull());
    QCOMPARE(image.size(), QSize(600, 560));
    QCOMPARE(pixelAt(image, w.cellCenter(3, 3) * 2), qRgb(0xfd, 0xe7, 0x25));
}

void TestHeatmapWidget::exportSvg_data() {
    QTest::addColumn<int>("tokens");
    QTest::addColumn<bool>("embedsImage");
    QTest::newRow("10 x 10 as rects") << 10 << false;
    QTest::newRow("100 x 100 as image") << 100 << true;
}

void TestHeatmapWidget::exportSvg() {
    QFETCH(int, tokens);
    QFETCH(bool, embedsImage);
    QTemporaryDir dir;
    HeatmapWidget w;
    w.resize(300, 280);
    QVERIFY(w.setMatrix(tokens, tokens, ramp(tokens * tokens, 0.0F, 1.0F)));
    const QString path = dir.filePath(QStringLiteral("h.svg"));
    QVERIFY(w.exportSvg(path));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray svg = file.readAll();
    QVERIFY(svg.contains("<svg"));
    QCOMPARE(svg.contains("<image"), embedsImage);
    QSvgRenderer renderer(path);
    QVERIFY(renderer.isValid());
}

void TestHeatmapWidget::exportFailsOnBadPath() {
    HeatmapWidget w;
    w.resize(200, 200);
    QVERIFY(w.setMatrix(2, 2, {0, 1, 2, 3}));
    QVERIFY(!w.exportPng(QStringLiteral("/nonexistent-dir/x.png")));
    // QSvgGenerator warns that it can't open the file, then QPainter that begin() failed.
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral(".*")));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral(".*")));
    QVERIFY(!w.exportSvg(QStringLiteral("/nonexistent-dir/x.svg")));
}

void TestHeatmapWidget::renders1024() {
    constexpr int kT = 1024;
    QVector<float> values(kT * kT, 0.0F);
    for (int i = 0; i < kT; ++i) {
        values[i * kT + i] = 1.0F;  // a diagonal, as in attention to self
    }
    HeatmapWidget w;
    w.resize(700, 700);
    QElapsedTimer timer;
    timer.start();
    QVERIFY(w.setMatrix(kT, kT, values));
    const qint64 setMs = timer.elapsed();
    const QImage shot = w.grab().toImage();
    const qint64 firstPaintMs = timer.elapsed() - setMs;
    timer.restart();
    w.update();
    const QImage again = w.grab().toImage();
    const qint64 repaintMs = timer.elapsed();
    qInfo("1024x1024: setMatrix %lld ms, first paint %lld ms, repaint %lld ms",
          static_cast<long long>(setMs), static_cast<long long>(firstPaintMs),
          static_cast<long long>(repaintMs));
    QCOMPARE(w.matrixImage().size(), QSize(kT, kT));
    QCOMPARE(pixelAt(w.matrixImage(), QPoint(7, 7)), ColorMap().highest());
    QCOMPARE(pixelAt(w.matrixImage(), QPoint(8, 7)), ColorMap().lowest());
    QVERIFY(w.rowLabelStride() > 1);
    QVERIFY(!shot.isNull());
    QCOMPARE(shot, again);
}

QTEST_MAIN(TestHeatmapWidget)
#include "test_heatmap_widget.moc"
