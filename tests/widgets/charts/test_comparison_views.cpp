// SPDX-License-Identifier: MIT
// Issue 16: run names, colours, seed-group maths, smoothing of test curves, the non-linear
// smoothing slider, log-y decades, legend elision and the config diff table — each against
// values worked out by hand here.
#include "widgets/charts/curve_chart_widget.h"
#include "widgets/charts/curve_legend_widget.h"
#include "widgets/charts/curve_panel_widget.h"
#include "widgets/charts/curve_stats.h"
#include "widgets/charts/curve_view_range.h"
#include "widgets/charts/run_palette.h"
#include "widgets/runs/config_diff_dialog.h"
#include "widgets/runs/run_naming.h"

#include <QFile>
#include <QJsonDocument>
#include <QLabel>
#include <QSlider>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using namespace fpt::widgets;

namespace {

QJsonObject parse(const char* text) {
    return QJsonDocument::fromJson(QByteArray(text)).object();
}

const char* const kPreset = R"({"name": "bit_xor_fpt", "task": {"name": "bit_xor", "n": 5},
  "model": {"kind": "fpt", "backbone": "language-brown-4x256", "freeze_attn": true},
  "train": {"steps": 1000, "learning_rate": 0.001, "seed": 0, "device": "cpu"}})";

QVector<CurvePoint> points(const QVector<double>& steps, const QVector<double>& values) {
    QVector<CurvePoint> out;
    for (int i = 0; i < steps.size(); ++i) {
        out.append({steps[i], steps[i] * 0.1, values[i]});
    }
    return out;
}

}  // namespace

class TestComparisonViews : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void nameSaysWhatDiffers();
    void customNamesKeptGenericOnesReplaced();
    void namesAreUniqueAmongOpenRuns();
    void seedGroupKeyIgnoresOnlySeedAndCosmetics();
    void configDiffListsExactlyTheDifferences();
    void groupMeanAndBandMatchHandComputedValues();
    void groupUsesOnlyStepsEveryMemberHas();
    void stepsToTarget();
    void testCurvesAreNotSmoothed();
    void smoothingSliderIsNonLinearAndShowsItsValue();
    void logAxisSpansWholeDecades();
    void kindsGetDistinctColourFamiliesAndBackboneALineStyle();
    void selectionHidesSeriesFromLegendRangeAndCsv();
    void legendElidesInTheMiddleOnlyWhenNeeded();
    void bandsEnterTheRange();
    void panelLegendShowsFullNamesOfShownCurves();
    void configDiffDialogShowsDifferencesAndParameters();
};

void TestComparisonViews::nameSaysWhatDiffers() {
    const QJsonObject preset = parse(kPreset);
    QCOMPARE(defaultRunName(preset, preset), QStringLiteral("bit_xor · FPT · language-brown-4x256"));
    QJsonObject random = preset;
    QJsonObject model = random[QStringLiteral("model")].toObject();
    model[QStringLiteral("backbone")] = QStringLiteral("random");
    random[QStringLiteral("model")] = model;
    QCOMPARE(defaultRunName(random, preset), QStringLiteral("bit_xor · FPT · random"));
    // The key control of the paper: the two names differ although the preset name is the same.
    QVERIFY(displayRunName(random, preset) != displayRunName(preset, preset));

    QJsonObject tuned = random;
    QJsonObject train = tuned[QStringLiteral("train")].toObject();
    train[QStringLiteral("learning_rate")] = 0.0003;
    train[QStringLiteral("seed")] = 2;
    train[QStringLiteral("device")] = QStringLiteral("cuda");  // cosmetic: not in the name
    tuned[QStringLiteral("train")] = train;
    QCOMPARE(defaultRunName(tuned, preset), QStringLiteral("bit_xor · FPT · random · lr=0.0003 · seed=2"));
    QCOMPARE(defaultRunName(tuned, preset, false), QStringLiteral("bit_xor · FPT · random · lr=0.0003"));

    // Full / LSTM have no backbone in the name; settings only a run.json spells out are not
    // "differences" (the preset does not state them).
    const QJsonObject lstm = parse(R"({"task": {"name": "mnist"}, "model": {"kind": "lstm",
        "backbone": "random", "lstm_fused": true}, "train": {"seed": 0}})");
    const QJsonObject lstmPreset = parse(R"({"task": {"name": "mnist"}, "model": {"kind": "lstm"},
        "train": {"seed": 0}})");
    QCOMPARE(defaultRunName(lstm, lstmPreset), QStringLiteral("mnist · LSTM"));
    QCOMPARE(defaultRunName(lstm, QJsonObject()), QStringLiteral("mnist · LSTM"));
}

void TestComparisonViews::customNamesKeptGenericOnesReplaced() {
    const QJsonObject preset = parse(kPreset);
    QJsonObject mine = preset;
    mine[QStringLiteral("name")] = QStringLiteral("my xor try");
    QCOMPARE(displayRunName(mine, preset), QStringLiteral("my xor try"));
    mine[QStringLiteral("name")] = QStringLiteral("bit_xor_fpt");  // the preset's own name
    QCOMPARE(displayRunName(mine, preset), QStringLiteral("bit_xor · FPT · language-brown-4x256"));
    mine[QStringLiteral("name")] = QStringLiteral("pretraining/bit_xor/random");  // a study cell
    QCOMPARE(displayRunName(mine, preset), QStringLiteral("bit_xor · FPT · language-brown-4x256"));
}

void TestComparisonViews::namesAreUniqueAmongOpenRuns() {
    QCOMPARE(uniqueRunName(QStringLiteral("a"), {}), QStringLiteral("a"));
    QCOMPARE(uniqueRunName(QStringLiteral("a"), {QStringLiteral("a")}), QStringLiteral("a (2)"));
    QCOMPARE(uniqueRunName(QStringLiteral("a"), {QStringLiteral("a"), QStringLiteral("a (2)")}),
             QStringLiteral("a (3)"));
}

void TestComparisonViews::seedGroupKeyIgnoresOnlySeedAndCosmetics() {
    QJsonObject a = parse(kPreset);
    QJsonObject b = a;
    QJsonObject train = b[QStringLiteral("train")].toObject();
    train[QStringLiteral("seed")] = 7;
    train[QStringLiteral("device")] = QStringLiteral("cuda");
    b[QStringLiteral("train")] = train;
    b[QStringLiteral("name")] = QStringLiteral("other");
    QCOMPARE(seedGroupKey(a), seedGroupKey(b));
    train[QStringLiteral("learning_rate")] = 0.01;
    b[QStringLiteral("train")] = train;
    QVERIFY(seedGroupKey(a) != seedGroupKey(b));
}

void TestComparisonViews::configDiffListsExactlyTheDifferences() {
    const QJsonObject a = parse(R"({"name": "x", "model": {"kind": "fpt", "backbone": "b", "n_layer": 4},
        "train": {"seed": 0, "steps": 100}})");
    const QJsonObject b = parse(R"({"name": "y", "model": {"kind": "fpt", "backbone": "random", "n_layer": 4},
        "train": {"seed": 1, "steps": 100, "max_minutes": 5}})");
    const auto diff = configDifferences(a, b, cosmeticSettings());
    QCOMPARE(diff.size(), 3);
    QCOMPARE(diff[0].path, QStringLiteral("model/backbone"));
    QCOMPARE(diff[0].left, QStringLiteral("b"));
    QCOMPARE(diff[0].right, QStringLiteral("random"));
    QCOMPARE(diff[1].path, QStringLiteral("train/max_minutes"));
    QCOMPARE(diff[1].left, QString());
    QCOMPARE(diff[1].right, QStringLiteral("5"));
    QCOMPARE(diff[2].path, QStringLiteral("train/seed"));
    QCOMPARE(configDifferences(a, b, cosmeticSettings() << QStringLiteral("train/seed")).size(), 2);
}

void TestComparisonViews::groupMeanAndBandMatchHandComputedValues() {
    // Three seeds at steps 10 and 20. Step 10: 0.2, 0.4, 0.9 -> mean 0.5, min 0.2, max 0.9,
    // std = sqrt((0.09 + 0.01 + 0.16) / 3) = sqrt(0.26/3) = 0.294392. Step 20: 1, 1, 1 -> std 0.
    const auto stats = groupStats({points({10, 20}, {0.2, 1.0}), points({10, 20}, {0.4, 1.0}),
                                   points({10, 20}, {0.9, 1.0})});
    QCOMPARE(stats.size(), 2);
    QCOMPARE(stats[0].step, 10.0);
    QCOMPARE(stats[0].count, 3);
    QVERIFY(std::abs(stats[0].mean - 0.5) < 1e-12);
    QCOMPARE(stats[0].min, 0.2);
    QCOMPARE(stats[0].max, 0.9);
    QVERIFY(std::abs(stats[0].std - 0.2943920288775949) < 1e-12);
    QVERIFY(std::abs(stats[0].wallS - 1.0) < 1e-12);
    QCOMPARE(stats[1].mean, 1.0);
    QCOMPARE(stats[1].std, 0.0);
}

void TestComparisonViews::groupUsesOnlyStepsEveryMemberHas() {
    // The second member is still at step 20: the group stops there.
    const auto stats = groupStats({points({10, 20, 30}, {1, 2, 3}), points({10, 20}, {3, 4})});
    QCOMPARE(stats.size(), 2);
    QCOMPARE(stats[1].step, 20.0);
    QCOMPARE(stats[1].mean, 3.0);
    QCOMPARE(stats[1].std, 1.0);
    QVERIFY(groupStats({}).isEmpty());
}

void TestComparisonViews::stepsToTarget() {
    const auto curve = points({50, 100, 150, 200}, {0.5, 0.94, 0.95, 0.99});
    QCOMPARE(firstStepReaching(curve, 0.95).value_or(-1), 150.0);
    QVERIFY(!firstStepReaching(curve, 0.995).has_value());
}

void TestComparisonViews::testCurvesAreNotSmoothed() {
    CurveChartWidget chart;
    chart.setSmoothing(0.91);  // the value of the complaint: test line showed ~0.75 for 88.9%
    const auto test = points({100, 200, 300}, {0.5, 0.7, 0.889});
    chart.setSeries(QStringLiteral("r1/test"), QStringLiteral("r1 test"), Qt::blue, Qt::DashLine, test);
    chart.setSeries(QStringLiteral("r1/train"), QStringLiteral("r1"), Qt::blue, Qt::SolidLine, test);
    chart.setSeriesSparse(QStringLiteral("r1/test"), true);
    const auto smoothedTest = chart.seriesSmoothed(QStringLiteral("r1/test"));
    QCOMPARE(smoothedTest.size(), 3);
    QCOMPARE(smoothedTest[2], 0.889);  // what the table says, unsmoothed
    // The train curve is smoothed: debiased EMA at step 3 = (0.5*0.91^2 + 0.7*0.91 + 0.889)
    //   / (0.91^2 + 0.91 + 1) = 2.350100 / 2.738100 = 0.858296.
    const double expected = (0.5 * 0.8281 + 0.7 * 0.91 + 0.889) / (0.8281 + 0.91 + 1.0);
    QVERIFY(std::abs(chart.seriesSmoothed(QStringLiteral("r1/train"))[2] - expected) < 1e-9);
    QVERIFY(chart.isSeriesSparse(QStringLiteral("r1/test")));
    // CSV keeps both columns: for the test curve they are equal.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("c.csv"));
    QVERIFY(chart.exportCsv(path));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QString csv = QString::fromUtf8(file.readAll());
    QVERIFY(csv.contains(QStringLiteral("r1/test,r1 test,300,30,0.889,0.889")));
}

void TestComparisonViews::smoothingSliderIsNonLinearAndShowsItsValue() {
    // w = 1 - 10^(-3 p / 999): p = 333 -> 0.9, 666 -> 0.99, 999 -> 0.999.
    QCOMPARE(smoothingForSlider(0, 1000), 0.0);
    QVERIFY(std::abs(smoothingForSlider(333, 1000) - 0.9) < 1e-12);
    QVERIFY(std::abs(smoothingForSlider(666, 1000) - 0.99) < 1e-12);
    QVERIFY(std::abs(smoothingForSlider(999, 1000) - 0.999) < 1e-12);
    QCOMPARE(sliderForSmoothing(0.9, 1000), 333);
    QCOMPARE(sliderForSmoothing(0.99, 1000), 666);
    // Fine control: between 0.9 and 0.99 lie a third of the slider (333 positions), where a
    // linear slider had 90.
    CurvePanelWidget panel;
    panel.setSmoothing(0.95);
    QCOMPARE(panel.smoothing(), 0.95);
    QCOMPARE(panel.findChild<QLabel*>(QStringLiteral("smoothingValue"))->text(), QStringLiteral("0.95"));
    auto* slider = panel.findChild<QSlider*>(QStringLiteral("smoothingSlider"));
    slider->setValue(666);
    QVERIFY(std::abs(panel.smoothing() - 0.99) < 1e-12);
    QCOMPARE(panel.findChild<QLabel*>(QStringLiteral("smoothingValue"))->text(), QStringLiteral("0.990"));
}

void TestComparisonViews::logAxisSpansWholeDecades() {
    AxisSpan s{0.3, 0.7};
    auto d = CurveViewRange::decadeSpan(s);
    QVERIFY(std::abs(d.min - 0.1) < 1e-15);
    QCOMPARE(d.max, 1.0);
    d = CurveViewRange::decadeSpan({0.02, 3.0});
    QVERIFY(std::abs(d.min - 0.01) < 1e-15);
    QCOMPARE(d.max, 10.0);
    d = CurveViewRange::decadeSpan({1.0, 1.0});
    QCOMPARE(d.min, 1.0);
    QCOMPARE(d.max, 10.0);
    // On a chart: a loss between 0.3 and 0.7 gets the axis 0.1 .. 1 (two labelled decades).
    CurveChartWidget chart;
    chart.resize(500, 300);
    chart.setLogY(true);
    chart.setSeries(QStringLiteral("k"), QStringLiteral("k"), Qt::blue, Qt::SolidLine,
                    points({1, 2, 3}, {0.7, 0.5, 0.3}));
    chart.flush();
    QVERIFY(std::abs(chart.yRange().min - 0.1) < 1e-12);
    QVERIFY(std::abs(chart.yRange().max - 1.0) < 1e-12);
}

void TestComparisonViews::kindsGetDistinctColourFamiliesAndBackboneALineStyle() {
    const QColor fpt = pickRunColor(QStringLiteral("fpt"), {});
    const QColor full = pickRunColor(QStringLiteral("full"), {fpt});
    const QColor lstm = pickRunColor(QStringLiteral("lstm"), {fpt, full});
    QCOMPARE(fpt, QColor(0x0072B2));   // Okabe-Ito blue
    QCOMPARE(full, QColor(0xD55E00));  // vermillion, not orange next to orange
    QCOMPARE(lstm, QColor(0x009E73));  // bluish green
    // A second FPT run (e.g. the random body) gets the next colour of the blue family.
    QCOMPARE(pickRunColor(QStringLiteral("fpt"), {fpt, full, lstm}), QColor(0x56B4E9));
    // Three Full seeds: vermillion, orange, then vermillion again (never LSTM's green).
    QCOMPARE(pickRunColor(QStringLiteral("full"), {full, QColor(0xE69F00)}), QColor(0xD55E00));
    QCOMPARE(pickRunColor(QStringLiteral("lstm"), {lstm, QColor(0x999999)}), QColor(0x009E73));
    QCOMPARE(runLineStyle(QStringLiteral("fpt"), QStringLiteral("language"), false), Qt::SolidLine);
    QCOMPARE(runLineStyle(QStringLiteral("fpt"), QStringLiteral("random"), false), Qt::DotLine);
    QCOMPARE(runLineStyle(QStringLiteral("fpt"), QStringLiteral("random"), true), Qt::DashDotLine);
    QCOMPARE(runLineStyle(QStringLiteral("lstm"), QStringLiteral("random"), true), Qt::DashLine);
}

void TestComparisonViews::selectionHidesSeriesFromLegendRangeAndCsv() {
    CurveChartWidget chart;
    chart.resize(500, 300);
    chart.setSeries(QStringLiteral("a"), QStringLiteral("a"), Qt::blue, Qt::SolidLine, points({0, 10}, {1, 2}));
    chart.setSeries(QStringLiteral("b"), QStringLiteral("b"), Qt::red, Qt::SolidLine, points({0, 100}, {5, 9}));
    chart.flush();
    QVERIFY(chart.xRange().max >= 100.0);
    chart.setSeriesShown(QStringLiteral("b"), false);
    chart.flush();
    QVERIFY(!chart.isSeriesShown(QStringLiteral("b")));
    QVERIFY(chart.xRange().max < 100.0);
    QVERIFY(chart.yRange().max < 5.0);
    QTemporaryDir dir;
    QVERIFY(chart.exportCsv(dir.filePath(QStringLiteral("c.csv"))));
    QFile file(dir.filePath(QStringLiteral("c.csv")));
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QString csv = QString::fromUtf8(file.readAll());
    QVERIFY(csv.contains(QStringLiteral("\na,a,")));
    QVERIFY(!csv.contains(QStringLiteral("\nb,b,")));
}

void TestComparisonViews::legendElidesInTheMiddleOnlyWhenNeeded() {
    CurveChartWidget chart;
    chart.resize(1200, 400);
    chart.show();
    QVERIFY(QTest::qWaitForWindowExposed(&chart));
    const QString shortName = QStringLiteral("bit_xor · FPT · random");
    const QString longName = QStringLiteral("bit_xor · FPT · language-brown-4x256 · lr=0.0003 · "
                                            "steps=200 · batch=64 · layers=12 · seed=2 · the end");
    chart.setSeries(QStringLiteral("s"), shortName, Qt::blue, Qt::SolidLine, points({0, 1}, {1, 2}));
    chart.setSeries(QStringLiteral("l"), longName, Qt::red, Qt::SolidLine, points({0, 1}, {1, 2}));
    QCOMPARE(chart.legendText(QStringLiteral("s")), shortName);  // fits: whole
    chart.resize(500, 400);
    QTRY_VERIFY(chart.legendText(QStringLiteral("l")) != longName);
    const QString shown = chart.legendText(QStringLiteral("l"));
    QVERIFY2(shown.contains(QChar(0x2026)), qPrintable(shown));  // elided …
    QVERIFY(shown.startsWith(QStringLiteral("bit_xor")));        // … in the middle:
    QVERIFY(shown.endsWith(QStringLiteral("the end")));          // both ends kept
    QCOMPARE(chart.seriesLabel(QStringLiteral("l")), longName);  // full text for hover / export
}

void TestComparisonViews::bandsEnterTheRange() {
    CurveChartWidget chart;
    chart.resize(500, 300);
    chart.setSeries(QStringLiteral("g/train"), QStringLiteral("g"), Qt::blue, Qt::SolidLine,
                    points({0, 10}, {1, 1}));
    chart.setBand(QStringLiteral("g/train"), Qt::blue, points({0, 10}, {0.5, 0.5}), points({0, 10}, {3, 3}));
    chart.flush();
    QCOMPARE(chart.bandKeys(), QStringList{QStringLiteral("g/train")});
    QVERIFY(chart.yRange().min <= 0.5);
    QVERIFY(chart.yRange().max >= 3.0);
    chart.removeBand(QStringLiteral("g/train"));
    QVERIFY(chart.bandKeys().isEmpty());
}

void TestComparisonViews::panelLegendShowsFullNamesOfShownCurves() {
    CurvePanelWidget panel;
    panel.resize(600, 400);
    QStringList names;
    for (int i = 0; i < 9; ++i) {  // nine runs: the one-row QtCharts legend cut these to dashes
        names.append(QStringLiteral("bit_xor · FPT · language-brown-4x256 · seed=%1").arg(i));
        const QString key = QStringLiteral("r%1/train").arg(i);
        panel.setSeries(QStringLiteral("accuracy"), key, names.back(), Qt::blue, Qt::SolidLine, points({0, 1}, {0, 1}));
        panel.setSeries(QStringLiteral("accuracy"), QStringLiteral("r%1/test").arg(i), names.back() + QStringLiteral(" (test)"),
                        Qt::blue, Qt::DashLine, points({0, 1}, {0, 1}));
        panel.chart(QStringLiteral("accuracy"))->setSeriesInLegend(QStringLiteral("r%1/test").arg(i), false);
    }
    auto* legend = panel.legend();
    QCOMPARE(legend->entries().size(), 9);
    QCOMPARE(legend->entries()[8].label, names[8]);
    QVERIFY(legend->toolTip().contains(names[3]));
    QVERIFY(!legend->toolTip().contains(QStringLiteral("(test)")));
    panel.chart(QStringLiteral("accuracy"))->setSeriesShown(QStringLiteral("r0/train"), false);
    QCOMPARE(legend->entries().size(), 8);
}

void TestComparisonViews::configDiffDialogShowsDifferencesAndParameters() {
    const QJsonObject a = parse(R"({"model": {"kind": "fpt", "backbone": "language"}, "train": {"seed": 0}})");
    const QJsonObject b = parse(R"({"model": {"kind": "fpt", "backbone": "random"}, "train": {"seed": 1}})");
    ConfigDiffDialog dialog({QStringLiteral("left"), a, 1000, 100000}, {QStringLiteral("right"), b, 1000, 100000},
                            {QStringLiteral("train/seed")});
    QCOMPARE(dialog.differences().size(), 1);
    QTableWidget* table = dialog.table();
    QCOMPARE(table->rowCount(), 2);
    QCOMPARE(table->item(0, 0)->text(), QStringLiteral("trainable parameters"));
    QVERIFY(table->item(0, 1)->text().contains(QStringLiteral("(1.0%)")));
    QCOMPARE(table->item(1, 0)->text(), QStringLiteral("model/backbone"));
    QCOMPARE(table->item(1, 1)->text(), QStringLiteral("language"));
    QCOMPARE(table->item(1, 2)->text(), QStringLiteral("random"));
    QCOMPARE(table->horizontalHeaderItem(2)->text(), QStringLiteral("right"));
}

QTEST_MAIN(TestComparisonViews)
#include "test_comparison_views.moc"
