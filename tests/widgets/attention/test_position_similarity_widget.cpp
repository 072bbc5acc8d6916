// SPDX-License-Identifier: MIT
// PositionSimilarityWidget: before | now | difference per run (difference = now - before), the
// "now side by side" mode with runs of different T, run updates/removal and whole-widget export.
#include "widgets/attention/heatmap_widget.h"
#include "widgets/attention/position_similarity_widget.h"

#include <QFile>
#include <QSvgRenderer>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using fpt::widgets::ColorMap;
using fpt::widgets::ColorMapKind;
using fpt::widgets::HeatmapWidget;
using fpt::widgets::PositionSimilarityWidget;
using fpt::widgets::SimilarityPanel;

namespace {

// Cosine similarities of a smooth embedding: 1 on the diagonal, decaying with distance.
QVector<float> similarity(int tokens, float decay) {
    QVector<float> m(tokens * tokens);
    for (int i = 0; i < tokens; ++i) {
        for (int j = 0; j < tokens; ++j) {
            m[i * tokens + j] =
                i == j ? 1.0F : 1.0F / (1.0F + decay * static_cast<float>(std::abs(i - j)));
        }
    }
    return m;
}

void addRun(PositionSimilarityWidget& widget, const QString& key, int tokens) {
    QVERIFY(widget.setRun(key, key, Qt::darkGreen, {}, tokens, similarity(tokens, 0.5F),
                          similarity(tokens, 0.3F), 1000));
}

}  // namespace

class TestPositionSimilarityWidget : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void differenceIsNowMinusBefore();
    void colourScales();
    void missingBeforeHasNoDifference();
    void rejectsWrongSizedNow();
    void updateReplacesRun();
    void removeAndClear();
    void modes_data();
    void modes();
    void narrowSideBySideWrapsWithoutHorizontalScroll();
    void exports_data();
    void exports();
};

void TestPositionSimilarityWidget::differenceIsNowMinusBefore() {
    const QVector<float> before = {1.0F, 0.5F, -0.25F, 0.5F, 1.0F, 0.0F, -0.25F, 0.0F, 1.0F};
    const QVector<float> now = {1.0F, 0.75F, 0.25F, 0.75F, 1.0F, -0.5F, 0.25F, -0.5F, 1.0F};
    PositionSimilarityWidget widget;
    QVERIFY(widget.setRun(QStringLiteral("mnist"), QStringLiteral("FPT mnist"), Qt::red,
                          {QStringLiteral("p0"), QStringLiteral("p1"), QStringLiteral("p2")}, 3,
                          before, now, 500));
    HeatmapWidget* difference =
        widget.heatmap(QStringLiteral("mnist"), SimilarityPanel::Difference);
    QVERIFY(difference != nullptr);
    QCOMPARE(difference->rows(), 3);
    for (int i = 0; i < 9; ++i) {
        QCOMPARE(difference->values()[i], now[i] - before[i]);
    }
    QCOMPARE(widget.heatmap(QStringLiteral("mnist"), SimilarityPanel::Before)->values(), before);
    QCOMPARE(widget.heatmap(QStringLiteral("mnist"), SimilarityPanel::Now)->values(), now);
    QCOMPARE(difference->rowLabel(1), QStringLiteral("p1"));
    QCOMPARE(PositionSimilarityWidget::difference(now, before.mid(1)), QVector<float>());
}

void TestPositionSimilarityWidget::colourScales() {
    PositionSimilarityWidget widget;
    // Off-diagonal 0 (orthogonal positions) and the diagonal 1.
    const QVector<float> identity = {1.0F, 0.0F, 0.0F, 1.0F};
    const QVector<float> now = {1.0F, 0.2F, 0.2F, 1.0F};
    QVERIFY(
        widget.setRun(QStringLiteral("a"), QStringLiteral("a"), Qt::red, {}, 2, identity, now, 1));
    const ColorMap diverging(ColorMapKind::Diverging);
    HeatmapWidget* before = widget.heatmap(QStringLiteral("a"), SimilarityPanel::Before);
    QCOMPARE(before->colorMapKind(), ColorMapKind::Diverging);
    QCOMPARE(before->rangeMin(), -1.0F);
    QCOMPARE(before->rangeMax(), 1.0F);
    QCOMPARE(before->matrixImage().pixel(1, 0) | 0xff000000U, qRgb(0xf7, 0xf7, 0xf7));  // 0: white
    QCOMPARE(before->matrixImage().pixel(0, 0) | 0xff000000U, diverging.highest());     // 1: red
    // The difference scale is symmetric around 0 and sized to the largest change.
    HeatmapWidget* difference = widget.heatmap(QStringLiteral("a"), SimilarityPanel::Difference);
    QCOMPARE(difference->rangeMax(), 0.2F);
    QCOMPARE(difference->rangeMin(), -0.2F);
    QCOMPARE(difference->matrixImage().pixel(1, 0) | 0xff000000U, diverging.highest());
}

void TestPositionSimilarityWidget::missingBeforeHasNoDifference() {
    PositionSimilarityWidget widget;
    QVERIFY(widget.setRun(QStringLiteral("r"), QStringLiteral("random init"), Qt::gray, {}, 4, {},
                          similarity(4, 0.2F), 10));
    QCOMPARE(widget.heatmap(QStringLiteral("r"), SimilarityPanel::Now)->rows(), 4);
    QCOMPARE(widget.heatmap(QStringLiteral("r"), SimilarityPanel::Before)->rows(), 0);
    QCOMPARE(widget.heatmap(QStringLiteral("r"), SimilarityPanel::Difference)->rows(), 0);
}

void TestPositionSimilarityWidget::rejectsWrongSizedNow() {
    PositionSimilarityWidget widget;
    addRun(widget, QStringLiteral("x"), 5);
    QVERIFY(!widget.setRun(QStringLiteral("x"), QStringLiteral("x"), Qt::red, {}, 5,
                           similarity(5, 0.5F), similarity(4, 0.5F), 20));
    // Stale matrices are not left on screen.
    QCOMPARE(widget.heatmap(QStringLiteral("x"), SimilarityPanel::Now)->rows(), 0);
    QCOMPARE(widget.heatmap(QStringLiteral("x"), SimilarityPanel::Difference)->rows(), 0);
}

void TestPositionSimilarityWidget::updateReplacesRun() {
    PositionSimilarityWidget widget;
    addRun(widget, QStringLiteral("a"), 3);
    const QVector<float> later = similarity(3, 0.9F);
    QVERIFY(widget.setRun(QStringLiteral("a"), QStringLiteral("a"), Qt::red, {}, 3,
                          similarity(3, 0.5F), later, 2000));
    QCOMPARE(widget.runKeys(), QStringList{QStringLiteral("a")});
    QCOMPARE(widget.heatmap(QStringLiteral("a"), SimilarityPanel::Now)->values(), later);
    QVERIFY(widget.heatmap(QStringLiteral("a"), SimilarityPanel::Now)
                ->title()
                .contains(QStringLiteral("2000")));
}

void TestPositionSimilarityWidget::removeAndClear() {
    PositionSimilarityWidget widget;
    addRun(widget, QStringLiteral("a"), 3);
    addRun(widget, QStringLiteral("b"), 4);
    addRun(widget, QStringLiteral("c"), 5);
    QCOMPARE(widget.runKeys(),
             (QStringList{QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")}));
    widget.removeRun(QStringLiteral("b"));
    QCOMPARE(widget.runKeys(), (QStringList{QStringLiteral("a"), QStringLiteral("c")}));
    QVERIFY(widget.heatmap(QStringLiteral("b"), SimilarityPanel::Now) == nullptr);
    widget.removeRun(QStringLiteral("unknown"));
    widget.clear();
    QVERIFY(widget.runKeys().isEmpty());
}

void TestPositionSimilarityWidget::modes_data() {
    QTest::addColumn<bool>("nowOnly");
    QTest::newRow("before | now | difference") << false;
    QTest::newRow("now side by side") << true;
}

void TestPositionSimilarityWidget::modes() {
    QFETCH(bool, nowOnly);
    PositionSimilarityWidget widget;
    widget.resize(1400, 800);
    addRun(widget, QStringLiteral("bit-xor"), 10);
    addRun(widget, QStringLiteral("mnist"), 49);
    addRun(widget, QStringLiteral("cifar10"), 64);
    widget.setMode(nowOnly ? PositionSimilarityWidget::Mode::NowSideBySide
                           : PositionSimilarityWidget::Mode::CompareSteps);
    widget.show();
    QVERIFY(QTest::qWaitForWindowExposed(&widget));

    const QStringList keys = widget.runKeys();
    for (const QString& key : keys) {
        QCOMPARE(widget.heatmap(key, SimilarityPanel::Before)->isVisibleTo(&widget), !nowOnly);
        QCOMPARE(widget.heatmap(key, SimilarityPanel::Difference)->isVisibleTo(&widget), !nowOnly);
        QVERIFY(widget.heatmap(key, SimilarityPanel::Now)->isVisibleTo(&widget));
    }
    // Each run at its own T, never resampled to a common size.
    QCOMPARE(widget.heatmap(QStringLiteral("bit-xor"), SimilarityPanel::Now)->rows(), 10);
    QCOMPARE(widget.heatmap(QStringLiteral("mnist"), SimilarityPanel::Now)->rows(), 49);
    QCOMPARE(widget.heatmap(QStringLiteral("cifar10"), SimilarityPanel::Now)->rows(), 64);
    // Side by side: the "now" maps share a row; otherwise each run has its own row.
    const HeatmapWidget* first = widget.heatmap(QStringLiteral("bit-xor"), SimilarityPanel::Now);
    const HeatmapWidget* second = widget.heatmap(QStringLiteral("mnist"), SimilarityPanel::Now);
    QCOMPARE(first->y() == second->y(), nowOnly);
    QCOMPARE(first->x() < second->x(), nowOnly);
}

// Presentation mode at 1366x768 leaves the view ~520 px wide: side by side, three runs must wrap
// into rows that fit that width (no horizontal scroll bar) and all be on screen at once.
void TestPositionSimilarityWidget::narrowSideBySideWrapsWithoutHorizontalScroll() {
    PositionSimilarityWidget widget;
    addRun(widget, QStringLiteral("bit-xor"), 10);
    addRun(widget, QStringLiteral("mnist"), 49);
    addRun(widget, QStringLiteral("listops"), 128);
    widget.setMode(PositionSimilarityWidget::Mode::NowSideBySide);
    const int line = widget.fontMetrics().height();
    widget.resize(line * 28, line * 30);
    widget.show();
    QVERIFY(QTest::qWaitForWindowExposed(&widget));
    QTRY_COMPARE(widget.columnCount(), 2);
    const auto* xorMap = widget.heatmap(QStringLiteral("bit-xor"), SimilarityPanel::Now);
    const auto* mnistMap = widget.heatmap(QStringLiteral("mnist"), SimilarityPanel::Now);
    const auto* listopsMap = widget.heatmap(QStringLiteral("listops"), SimilarityPanel::Now);
    QCOMPARE(xorMap->y(), mnistMap->y());
    QVERIFY(listopsMap->y() > xorMap->y() + xorMap->height() - 1);
    QCOMPARE(listopsMap->x(), xorMap->x());
    // Every map inside the visible width and height of the widget.
    for (const auto* map : {xorMap, mnistMap, listopsMap}) {
        const QRect inWidget(map->mapTo(&widget, QPoint(0, 0)), map->size());
        QVERIFY2(inWidget.right() < widget.width() && inWidget.bottom() < widget.height(),
                 qPrintable(QStringLiteral("map at %1,%2 %3x%4 outside %5x%6")
                                .arg(inWidget.x()).arg(inWidget.y()).arg(inWidget.width())
                                .arg(inWidget.height()).arg(widget.width()).arg(widget.height())));
        QVERIFY(map->height() >= line * 8);
    }
    // Wide again: one row of three.
    widget.resize(line * 80, line * 30);
    QTRY_COMPARE(widget.columnCount(), 3);
    QTRY_COMPARE(listopsMap->y(), xorMap->y());
}

void TestPositionSimilarityWidget::exports_data() {
    QTest::addColumn<bool>("svg");
    QTest::newRow("png") << false;
    QTest::newRow("svg") << true;
}

void TestPositionSimilarityWidget::exports() {
    QFETCH(bool, svg);
    QTemporaryDir dir;
    PositionSimilarityWidget widget;
    widget.resize(1000, 500);  // three runs don't fit: the export must still hold all of them
    addRun(widget, QStringLiteral("a"), 10);
    addRun(widget, QStringLiteral("b"), 49);
    addRun(widget, QStringLiteral("c"), 64);
    widget.show();
    QVERIFY(QTest::qWaitForWindowExposed(&widget));
    const QString path = dir.filePath(svg ? QStringLiteral("pos.svg") : QStringLiteral("pos.png"));
    if (svg) {
        QVERIFY(widget.exportSvg(path));
        QSvgRenderer renderer(path);
        QVERIFY(renderer.isValid());
        QVERIFY(renderer.defaultSize().height() > widget.height());
    } else {
        QVERIFY(widget.exportPng(path, 1.0));
        const QImage image(path);
        QVERIFY(!image.isNull());
        QVERIFY(image.height() > widget.height());
        // The last run's "now" map is in the image: find its top colour (diagonal = 1) there.
        const HeatmapWidget* last = widget.heatmap(QStringLiteral("c"), SimilarityPanel::Now);
        const QPoint origin = last->mapTo(last->parentWidget(), QPoint(0, 0));
        const QPoint cell = origin + last->cellCenter(63, 63);
        QCOMPARE(image.pixel(cell) | 0xff000000U, ColorMap(ColorMapKind::Diverging).highest());
    }
}

QTEST_MAIN(TestPositionSimilarityWidget)
#include "test_position_similarity_widget.moc"
