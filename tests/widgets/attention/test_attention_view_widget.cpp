// SPDX-License-Identifier: MIT
// AttentionViewWidget and its panes: step scrubber across two runs, follow-latest, head mean on
// screen, linked layer/head, heatmap hover -> patch outlines on the probe image, the query's
// attention overlay, and heatmap export.
#include "widgets/attention/attention_pane_widget.h"
#include "widgets/attention/attention_view_widget.h"
#include "widgets/attention/heatmap_widget.h"
#include "widgets/attention/probe_image_widget.h"

#include <QCheckBox>
#include <QToolButton>
#include <QPainter>
#include <QSignalSpy>
#include <QSlider>
#include <QSvgRenderer>
#include <QTemporaryDir>
#include <QTest>

using fpt::widgets::AttentionPaneWidget;
using fpt::widgets::AttentionSeries;
using fpt::widgets::AttentionSnapshot;
using fpt::widgets::AttentionViewWidget;
using fpt::widgets::ProbeDescription;
using fpt::widgets::ProbeImageWidget;

namespace {

constexpr int kMnistTokens = 49;

// All weights = marker, so the snapshot a pane shows is recognisable from its matrix.
AttentionSnapshot marked(qint64 step, float marker, int layers = 2, int heads = 2, int tokens = 4) {
    return {step, layers, heads, tokens, QVector<float>(layers * heads * tokens * tokens, marker)};
}

// Weight (layer l, head h, query i, key j) = 1000 l + 100 h + 10 i + j: every cell is distinct.
AttentionSnapshot indexed(qint64 step, int layers, int heads, int tokens) {
    AttentionSnapshot s{step, layers, heads, tokens, {}};
    for (int l = 0; l < layers; ++l) {
        for (int h = 0; h < heads; ++h) {
            for (int i = 0; i < tokens; ++i) {
                for (int j = 0; j < tokens; ++j) {
                    s.weights.append(static_cast<float>(1000 * l + 100 * h + 10 * i + j));
                }
            }
        }
    }
    return s;
}

// Causal attention on 49 patches: query i spreads over keys j <= i, more on j = i / 2.
AttentionSnapshot causalMnist(qint64 step) {
    AttentionSnapshot s{step, 1, 1, kMnistTokens, {}};
    s.weights.resize(kMnistTokens * kMnistTokens);
    for (int i = 0; i < kMnistTokens; ++i) {
        for (int j = 0; j <= i; ++j) {
            s.weights[i * kMnistTokens + j] = (j == i / 2 ? 5.0F : 1.0F) / (i + 5.0F);
        }
    }
    return s;
}

ProbeDescription mnistProbe() {
    QImage image(28, 28, QImage::Format_Grayscale8);
    image.fill(0);
    QPainter painter(&image);
    painter.fillRect(QRect(6, 6, 16, 3), Qt::white);  // a crude "7"
    painter.fillRect(QRect(18, 6, 3, 18), Qt::white);
    painter.end();
    ProbeDescription probe;
    probe.tokenKind = QStringLiteral("patch");
    probe.image = image;
    probe.patchSize = 4;
    probe.description = QStringLiteral("digit 7");
    return probe;
}

// Whether `color` appears within `radius` px of `point` in `image`.
bool colorNear(const QImage& image, QPointF point, QColor color, int radius = 2) {
    const qreal dpr = image.devicePixelRatio();
    const QPoint centre = (point * dpr).toPoint();
    for (int dy = -radius; dy <= radius; ++dy) {
        for (int dx = -radius; dx <= radius; ++dx) {
            const QPoint p = centre + QPoint(dx, dy);
            if (image.rect().contains(p) && (image.pixel(p) | 0xff000000U) == color.rgb()) {
                return true;
            }
        }
    }
    return false;
}

}  // namespace

class TestAttentionViewWidget : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void scrubberPicksLatestAtOrBefore_data();
    void scrubberPicksLatestAtOrBefore();
    void sliderMovesScrubber();
    void followLatest();
    void rejectsBadSnapshot();
    void headMeanOnScreen();
    void layerHeadSync_data();
    void layerHeadSync();
    void syncClampsToSmallerModel();
    void singlePaneIgnoresHiddenSteps();
    void clearPaneRemovesSteps();
    void tokenLabelsOnAxes();
    void nonImageProbeHidesImage();
    void hoverOutlinesPatches_data();
    void hoverOutlinesPatches();
    void patchRectGeometry_data();
    void patchRectGeometry();
    void overlayTintsQueryRow();
    void clickPicksQuery();
    void exportsCurrentPane();
    void toolbarWrapsOnANarrowDock();
};

void TestAttentionViewWidget::scrubberPicksLatestAtOrBefore_data() {
    QTest::addColumn<qint64>("step");
    QTest::addColumn<qint64>("scrubber");
    QTest::addColumn<qint64>("pane0");
    QTest::addColumn<qint64>("pane1");
    // Pane 0 logged at 0, 100, 200; pane 1 at 50, 150, 300.
    QTest::newRow("0") << qint64(0) << qint64(0) << qint64(0) << qint64(-1);
    QTest::newRow("50") << qint64(50) << qint64(50) << qint64(0) << qint64(50);
    QTest::newRow("150") << qint64(150) << qint64(150) << qint64(100) << qint64(150);
    QTest::newRow("250 snaps to 200") << qint64(250) << qint64(200) << qint64(200) << qint64(150);
    QTest::newRow("300") << qint64(300) << qint64(300) << qint64(200) << qint64(300);
    QTest::newRow("before all") << qint64(-10) << qint64(0) << qint64(0) << qint64(-1);
}

void TestAttentionViewWidget::scrubberPicksLatestAtOrBefore() {
    QFETCH(qint64, step);
    QFETCH(qint64, scrubber);
    QFETCH(qint64, pane0);
    QFETCH(qint64, pane1);
    AttentionViewWidget view;
    QCOMPARE(view.setSnapshots(0, {marked(0, 0.0F), marked(100, 0.1F), marked(200, 0.2F)}), 3);
    QCOMPARE(view.setSnapshots(1, {marked(50, 0.05F), marked(150, 0.15F), marked(300, 0.3F)}), 3);
    QCOMPARE(view.steps(), (QVector<qint64>{0, 50, 100, 150, 200, 300}));

    view.setCurrentStep(step);
    QCOMPARE(view.currentStep(), scrubber);
    QCOMPARE(view.pane(0)->shownStep(), pane0);
    QCOMPARE(view.pane(1)->shownStep(), pane1);
    // The matrices on screen are those snapshots' (marker = step / 1000).
    if (pane0 >= 0) {
        QCOMPARE(view.pane(0)->currentMatrix().first(), static_cast<float>(pane0) / 1000.0F);
    }
    QCOMPARE(view.pane(1)->currentMatrix().isEmpty(), pane1 < 0);
}

void TestAttentionViewWidget::sliderMovesScrubber() {
    AttentionViewWidget view;
    view.setSnapshots(0, {marked(10, 0.0F), marked(20, 0.0F), marked(30, 0.0F)});
    QCOMPARE(view.currentStep(), qint64(30));  // follow latest is on by default
    QSignalSpy spy(&view, &AttentionViewWidget::currentStepChanged);
    view.stepSlider()->setValue(1);
    QCOMPARE(view.currentStep(), qint64(20));
    QCOMPARE(view.pane(0)->shownStep(), qint64(20));
    QCOMPARE(spy.count(), 1);
    QCOMPARE(spy.at(0).at(0).toLongLong(), 20);
    QVERIFY(!view.followLatest());  // moving back in time stops following
}

void TestAttentionViewWidget::followLatest() {
    AttentionViewWidget view;
    QVERIFY(view.followLatest());
    view.setSnapshots(0, {marked(0, 0.0F), marked(100, 0.1F)});
    QVERIFY(view.addSnapshot(0, marked(200, 0.2F)));
    QCOMPARE(view.currentStep(), qint64(200));
    QCOMPARE(view.stepSlider()->value(), view.stepSlider()->maximum());

    view.setCurrentStep(100);
    QVERIFY(!view.followLatest());
    QVERIFY(view.addSnapshot(0, marked(300, 0.3F)));
    QVERIFY(view.addSnapshot(0, marked(50, 0.05F)));  // shifts indices below the scrubber
    QCOMPARE(view.currentStep(), qint64(100));
    QCOMPARE(view.steps().at(view.stepSlider()->value()), qint64(100));
    QCOMPARE(view.pane(0)->shownStep(), qint64(100));

    view.setFollowLatest(true);
    QCOMPARE(view.currentStep(), qint64(300));
    QVERIFY(view.addSnapshot(1, marked(400, 0.4F)));
    QCOMPARE(view.currentStep(), qint64(400));
    QCOMPARE(view.pane(0)->shownStep(), qint64(300));
}

void TestAttentionViewWidget::rejectsBadSnapshot() {
    AttentionViewWidget view;
    AttentionSnapshot bad = marked(10, 0.1F);
    bad.weights.removeLast();
    QVERIFY(!view.addSnapshot(0, bad));
    QVERIFY(!view.addSnapshot(2, marked(10, 0.1F)));  // no such pane
    QVERIFY(view.steps().isEmpty());
    QCOMPARE(view.currentStep(), qint64(-1));
}

void TestAttentionViewWidget::headMeanOnScreen() {
    // Layer 0 of a known 2-head tensor: head 0 = 10 i + j, head 1 = 100 + 10 i + j.
    AttentionViewWidget view;
    view.setSnapshots(0, {indexed(5, 2, 2, 3)});
    AttentionPaneWidget* pane = view.pane(0);
    QCOMPARE(pane->head(), int(AttentionSeries::kMeanOfHeads));  // the paper demo's default
    QCOMPARE(pane->layer(), 0);
    const QVector<float>& shown = pane->heatmap()->values();
    QCOMPARE(shown.size(), 9);
    for (int i = 0; i < 3; ++i) {
        for (int j = 0; j < 3; ++j) {
            const float h0 = static_cast<float>(10 * i + j);
            const float h1 = static_cast<float>(100 + 10 * i + j);
            QCOMPARE(shown[i * 3 + j], (h0 + h1) / 2.0F);
        }
    }
    pane->setHead(1);
    QCOMPARE(pane->heatmap()->value(2, 1), 121.0F);
    pane->setLayer(1);
    QCOMPARE(pane->heatmap()->value(2, 1), 1121.0F);
}

void TestAttentionViewWidget::layerHeadSync_data() {
    QTest::addColumn<bool>("sync");
    QTest::newRow("linked") << true;
    QTest::newRow("independent") << false;
}

void TestAttentionViewWidget::layerHeadSync() {
    QFETCH(bool, sync);
    AttentionViewWidget view;
    view.setSyncSelection(sync);
    view.setSnapshots(0, {indexed(0, 3, 2, 3)});
    view.setSnapshots(1, {indexed(0, 3, 2, 3)});

    view.pane(0)->setLayer(2);
    view.pane(0)->setHead(1);
    QCOMPARE(view.pane(1)->layer(), sync ? 2 : 0);
    QCOMPARE(view.pane(1)->head(), sync ? 1 : int(AttentionSeries::kMeanOfHeads));
    if (sync) {
        QCOMPARE(view.pane(1)->heatmap()->value(1, 2), 2112.0F);  // layer 2, head 1, (1, 2)
    }
    // And the other way round.
    view.pane(1)->setLayer(1);
    QCOMPARE(view.pane(0)->layer(), sync ? 1 : 2);
    // The colour scale follows the same link.
    view.pane(0)->setColorScale(fpt::widgets::ColorScale::Log);
    QCOMPARE(view.pane(0)->colorScale(), fpt::widgets::ColorScale::Log);
    QCOMPARE(view.pane(1)->colorScale(),
             sync ? fpt::widgets::ColorScale::Log : fpt::widgets::ColorScale::Linear);
}

void TestAttentionViewWidget::syncClampsToSmallerModel() {
    AttentionViewWidget view;
    view.setSnapshots(0, {indexed(0, 4, 4, 2)});
    view.setSnapshots(1, {indexed(0, 2, 1, 2)});
    view.pane(0)->setLayer(3);
    view.pane(0)->setHead(3);
    QCOMPARE(view.pane(1)->layer(), 1);
    QCOMPARE(view.pane(1)->head(), 0);
    QCOMPARE(view.pane(0)->layer(), 3);  // the source keeps its choice
}

void TestAttentionViewWidget::singlePaneIgnoresHiddenSteps() {
    AttentionViewWidget view;
    view.setSnapshots(0, {marked(0, 0.0F), marked(100, 0.1F)});
    view.setSnapshots(1, {marked(500, 0.5F)});
    view.setPaneCount(1);
    QCOMPARE(view.paneCount(), 1);
    QVERIFY(view.pane(1)->isHidden());
    QCOMPARE(view.steps(), (QVector<qint64>{0, 100}));
    QCOMPARE(view.currentStep(), qint64(100));
    view.setPaneCount(2);
    QCOMPARE(view.currentStep(), qint64(500));
}

void TestAttentionViewWidget::clearPaneRemovesSteps() {
    AttentionViewWidget view;
    view.setSnapshots(0, {marked(0, 0.0F)});
    view.setSnapshots(1, {marked(70, 0.0F)});
    view.clearPane(1);
    QCOMPARE(view.steps(), (QVector<qint64>{0}));
    QVERIFY(view.pane(1)->currentMatrix().isEmpty());
    QCOMPARE(view.pane(1)->heatmap()->rows(), 0);
}

void TestAttentionViewWidget::tokenLabelsOnAxes() {
    AttentionViewWidget view;
    ProbeDescription probe;
    probe.tokenKind = QStringLiteral("bit");
    probe.tokenLabels = QStringList{QStringLiteral("a0"), QStringLiteral("a1"),
                                    QStringLiteral("b0"), QStringLiteral("b1")};
    view.setPane(0, QStringLiteral("FPT"), Qt::blue, probe);
    view.setSnapshots(0, {marked(0, 0.25F, 1, 1, 4)});
    QCOMPARE(view.pane(0)->heatmap()->rowLabel(2), QStringLiteral("b0"));
    QCOMPARE(view.pane(0)->heatmap()->columnLabel(1), QStringLiteral("a1"));
    // Wrong-length labels fall back to indices rather than mislabelling.
    probe.tokenLabels.removeLast();
    view.setPane(0, QStringLiteral("FPT"), Qt::blue, probe);
    QCOMPARE(view.pane(0)->heatmap()->rowLabel(2), QStringLiteral("2"));
}

void TestAttentionViewWidget::nonImageProbeHidesImage() {
    AttentionViewWidget view;
    ProbeDescription probe;
    probe.tokenKind = QStringLiteral("symbol");
    view.setPane(0, QStringLiteral("FPT"), Qt::blue, probe);
    QVERIFY(!view.pane(0)->isImageProbe());
    QVERIFY(view.pane(0)->probeView()->isHidden() || !view.pane(0)->probeView()->hasImage());
    view.setPane(0, QStringLiteral("FPT"), Qt::blue, mnistProbe());
    QVERIFY(view.pane(0)->isImageProbe());
    QCOMPARE(view.pane(0)->probeView()->gridRows(), 7);
    QCOMPARE(view.pane(0)->probeView()->gridCols(), 7);
}

void TestAttentionViewWidget::hoverOutlinesPatches_data() {
    QTest::addColumn<int>("query");
    QTest::addColumn<int>("key");
    QTest::newRow("q10 k3") << 10 << 3;
    QTest::newRow("q48 k0") << 48 << 0;
    QTest::newRow("q24 k24") << 24 << 24;
}

void TestAttentionViewWidget::hoverOutlinesPatches() {
    QFETCH(int, query);
    QFETCH(int, key);
    AttentionViewWidget view;
    view.resize(1400, 900);
    view.setPaneCount(1);
    view.setPane(0, QStringLiteral("FPT"), Qt::blue, mnistProbe());
    view.setSnapshots(0, {causalMnist(0)});
    view.pane(0)->setOverlayEnabled(false);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    auto* heatmap = view.pane(0)->heatmap();
    ProbeImageWidget* probe = view.pane(0)->probeView();

    QTest::mouseMove(heatmap, heatmap->cellCenter(query, key));
    QCOMPARE(probe->highlightedQuery(), query);
    QCOMPARE(probe->highlightedKey(), key);

    const QImage shot = probe->grab().toImage();
    const QRectF q = probe->patchRect(query);
    const QRectF k = probe->patchRect(key);
    // The query's outline is on its patch's edges; the key's dashed outline on the key's.
    QVERIFY(colorNear(shot, QPointF(q.left(), q.center().y()), ProbeImageWidget::queryColor()) ||
            query == key);
    QVERIFY(colorNear(shot, QPointF(k.right(), k.top() + 2), ProbeImageWidget::keyColor()));
    // No query outline on an unrelated patch.
    const QRectF other = probe->patchRect(query == 30 ? 31 : 30);
    QVERIFY(!colorNear(shot, QPointF(other.left(), other.center().y()),
                       ProbeImageWidget::queryColor()));

    QTest::mouseMove(heatmap, QPoint(1, 1));  // leave the matrix
    QCOMPARE(probe->highlightedQuery(), -1);
}

void TestAttentionViewWidget::patchRectGeometry_data() {
    QTest::addColumn<int>("token");
    QTest::addColumn<int>("row");
    QTest::addColumn<int>("col");
    QTest::newRow("first") << 0 << 0 << 0;
    QTest::newRow("second row") << 8 << 1 << 1;
    QTest::newRow("last") << 48 << 6 << 6;
    QTest::newRow("past the grid") << 49 << -1 << -1;
}

void TestAttentionViewWidget::patchRectGeometry() {
    QFETCH(int, token);
    QFETCH(int, row);
    QFETCH(int, col);
    ProbeImageWidget probe;
    probe.resize(300, 340);
    const ProbeDescription description = mnistProbe();
    probe.setProbe(description.image, 4, 0, 0);
    const QRectF image = probe.imageRect();
    QVERIFY(!image.isEmpty());
    QCOMPARE(image.width(), image.height());
    const QRectF patch = probe.patchRect(token);
    if (row < 0) {
        QVERIFY(patch.isEmpty());
        return;
    }
    const double side = image.width() / 7.0;
    QCOMPARE(patch, QRectF(image.left() + col * side, image.top() + row * side, side, side));
}

void TestAttentionViewWidget::overlayTintsQueryRow() {
    constexpr int kQuery = 20;
    AttentionViewWidget view;
    view.resize(1400, 900);
    view.setPaneCount(1);
    view.setPane(0, QStringLiteral("FPT"), Qt::blue, mnistProbe());
    view.setSnapshots(0, {causalMnist(0)});
    AttentionPaneWidget* pane = view.pane(0);
    QCOMPARE(pane->queryToken(), kMnistTokens - 1);  // the token the classifier reads
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    ProbeImageWidget* probe = pane->probeView();

    pane->setOverlayEnabled(false);
    pane->setQueryToken(kQuery);
    QVERIFY(!probe->hasOverlay());
    const QImage plain = probe->grab().toImage();
    pane->setOverlayEnabled(true);
    QVERIFY(probe->hasOverlay());
    QCOMPARE(probe->overlayQuery(), kQuery);
    QCOMPARE(pane->heatmap()->markedRow(), kQuery);
    const QVector<float>& row = probe->overlay();
    QCOMPARE(row.size(), kMnistTokens);
    for (int j = 0; j < kMnistTokens; ++j) {
        QCOMPARE(row[j], pane->currentMatrix()[kQuery * kMnistTokens + j]);
    }
    const QImage tinted = probe->grab().toImage();
    const qreal dpr = tinted.devicePixelRatio();
    // Strongest key (j = query / 2) is tinted; keys after the query (causal: weight 0) are not.
    const QPoint strongest = (probe->patchRect(kQuery / 2).center() * dpr).toPoint();
    const QPoint future = (probe->patchRect(kQuery + 5).center() * dpr).toPoint();
    QVERIFY(tinted.pixel(strongest) != plain.pixel(strongest));
    QCOMPARE(tinted.pixel(future), plain.pixel(future));
}

void TestAttentionViewWidget::clickPicksQuery() {
    AttentionViewWidget view;
    view.resize(1400, 900);
    view.setPaneCount(1);
    view.setPane(0, QStringLiteral("FPT"), Qt::blue, mnistProbe());
    view.setSnapshots(0, {causalMnist(0)});
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    auto* heatmap = view.pane(0)->heatmap();
    QTest::mouseClick(heatmap, Qt::LeftButton, {}, heatmap->cellCenter(33, 2));
    QCOMPARE(view.pane(0)->queryToken(), 33);
    QCOMPARE(view.pane(0)->probeView()->overlayQuery(), 33);
    ProbeImageWidget* probe = view.pane(0)->probeView();
    QTest::mouseClick(probe, Qt::LeftButton, {}, probe->patchRect(12).center().toPoint());
    QCOMPARE(view.pane(0)->queryToken(), 12);
    QCOMPARE(heatmap->markedRow(), 12);
}

void TestAttentionViewWidget::exportsCurrentPane() {
    QTemporaryDir dir;
    AttentionViewWidget view;
    view.resize(1200, 700);
    view.setSnapshots(0, {indexed(0, 1, 1, 3)});
    view.setSnapshots(1, {indexed(0, 1, 1, 12)});
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.setCurrentPane(1);
    QCOMPARE(view.currentPane(), 1);
    const QString png = dir.filePath(QStringLiteral("pane.png"));
    const QString svg = dir.filePath(QStringLiteral("pane.svg"));
    QVERIFY(view.exportCurrentHeatmapPng(png, 1.5));
    QVERIFY(view.exportCurrentHeatmapSvg(svg));
    const QImage image(png);
    QCOMPARE(image.size(), (QSizeF(view.pane(1)->heatmap()->size()) * 1.5).toSize());
    QVERIFY(QSvgRenderer(svg).isValid());
    QVERIFY(!view.exportHeatmapPng(3, png));
}

// Presentation mode at 1366x768 gives the attention dock ~545 px: every tool bar control (the
// Export button last) stays inside the view, and the controls take more than one line.
void TestAttentionViewWidget::toolbarWrapsOnANarrowDock() {
    AttentionViewWidget view;
    view.setPaneCount(2);
    view.setSnapshots(0, {marked(10, 0.5F)});
    view.setSnapshots(1, {marked(10, 0.25F)});
    QFont big = view.font();
    big.setPointSizeF(big.pointSizeF() * 1.5);  // presentation zoom
    view.setFont(big);
    view.resize(540, 700);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    auto* exportButton = view.findChild<QToolButton*>();
    QVERIFY(exportButton);
    QCOMPARE(exportButton->text(), QStringLiteral("Export"));
    auto* slider = view.findChild<QSlider*>();
    QVERIFY(slider);
    for (QWidget* w : QList<QWidget*>{exportButton, slider, view.findChildren<QCheckBox*>().value(0),
                                      view.findChildren<QCheckBox*>().value(1)}) {
        QVERIFY(w);
        const QRect r(w->mapTo(&view, QPoint(0, 0)), w->size());
        QVERIFY2(view.rect().contains(r), qPrintable(QStringLiteral("%1 at %2,%3 %4x%5 outside %6 px")
                                                         .arg(QLatin1String(w->metaObject()->className()))
                                                         .arg(r.x()).arg(r.y()).arg(r.width()).arg(r.height())
                                                         .arg(view.width())));
    }
    // Wrapped: the Export button sits below the slider's line.
    QVERIFY(exportButton->mapTo(&view, QPoint(0, 0)).y() >= slider->mapTo(&view, QPoint(0, slider->height())).y());
    // And at full width (1920x1080) they share one line.
    view.resize(1400, 700);
    QTRY_VERIFY(exportButton->mapTo(&view, QPoint(0, 0)).y() < slider->mapTo(&view, QPoint(0, slider->height())).y());
}

QTEST_MAIN(TestAttentionViewWidget)
#include "test_attention_view_widget.moc"
