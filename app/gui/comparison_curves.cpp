// SPDX-License-Identifier: MIT
// Runs and seed groups on the curve charts (see comparison_curves.h).
#include "app/gui/comparison_curves.h"

#include <QSet>

#include "app/gui/run_identity.h"
#include "app/gui/run_manager.h"
#include "widgets/charts/curve_chart_widget.h"
#include "widgets/charts/curve_panel_widget.h"
#include "widgets/charts/curve_stats.h"
#include "widgets/charts/run_palette.h"
#include "widgets/runs/run_naming.h"

#include <cmath>

namespace fpt::app {

namespace {

const QStringList& splits() {
    static const QStringList kSplits = {QStringLiteral("train"), QStringLiteral("test")};
    return kSplits;
}

const QStringList& metrics() {
    static const QStringList kMetrics = {QStringLiteral("loss"), QStringLiteral("accuracy")};
    return kMetrics;
}

// A curve's points with each value replaced by the chart's smoothed value (raw for test curves,
// which the chart never smooths).
QVector<widgets::CurvePoint> smoothedPoints(const widgets::CurveChartWidget* chart, const QString& key) {
    QVector<widgets::CurvePoint> points = chart->seriesPoints(key);
    const QVector<double> smoothed = chart->seriesSmoothed(key);
    for (int i = 0; i < points.size() && i < smoothed.size(); ++i) {
        points[i].value = smoothed[i];
    }
    return points;
}

}  // namespace

ComparisonCurves::ComparisonCurves(RunManager* runs, widgets::CurvePanelWidget* curves, QObject* parent)
    : QObject(parent)
    , m_runs(runs)
    , m_curves(curves) {
    m_refreshTimer.setSingleShot(true);
    m_refreshTimer.setInterval(250);
    connect(&m_refreshTimer, &QTimer::timeout, this, &ComparisonCurves::refresh);
    connect(runs->metrics(), &MetricsModel::rowsAppended, this, &ComparisonCurves::onRowsAppended);
    connect(runs, &RunManager::runRemoved, this, &ComparisonCurves::onRunRemoved);
    connect(runs, &RunManager::runAdded, this, [this]() { m_refreshTimer.start(); });
    connect(curves, &widgets::CurvePanelWidget::comparisonOptionsChanged, this, &ComparisonCurves::refresh);
    connect(curves, &widgets::CurvePanelWidget::smoothingChanged, this, [this]() {
        if (!m_groups.isEmpty()) {
            m_refreshTimer.start();  // bands follow the members' smoothed curves
        }
    });
}

void ComparisonCurves::onRowsAppended(const QString& id, const QVector<MetricRow>& rows) {
    const auto* run = m_runs->runs()->run(id);
    if (run == nullptr) {
        return;
    }
    for (const QString& split : splits()) {
        QVector<widgets::CurvePoint> loss;
        QVector<widgets::CurvePoint> accuracy;
        for (const auto& r : rows) {
            if (r.split == split) {
                loss.append({double(r.step), r.timeS, r.loss});
                accuracy.append({double(r.step), r.timeS, r.accuracy});
            }
        }
        if (loss.isEmpty()) {
            continue;
        }
        const QString key = id + QLatin1Char('/') + split;
        const bool test = split == QLatin1String("test");
        if (!m_seriesMade.contains(key)) {
            m_seriesMade.insert(key);
            const auto style = widgets::runLineStyle(run->kind, run->backbone, test);
            // One legend entry per run (its train curve); the test curve shares its colour.
            const QString label = test ? run->name + tr(" (test)") : run->name;
            m_curves->setSeries(QStringLiteral("loss"), key, label, run->color, style, loss);
            m_curves->setSeries(QStringLiteral("accuracy"), key, label, run->color, style, accuracy);
            for (const QString& metric : metrics()) {
                auto* chart = m_curves->chart(metric);
                chart->setSeriesSparse(key, test);
                chart->setSeriesInLegend(key, !test);
                chart->setSeriesShown(key, shownRuns().contains(id));
            }
        } else {
            m_curves->appendPoints(QStringLiteral("loss"), key, loss);
            m_curves->appendPoints(QStringLiteral("accuracy"), key, accuracy);
        }
    }
    if (!m_refreshTimer.isActive()) {
        m_refreshTimer.start();
    }
}

void ComparisonCurves::onRunRemoved(const QString& id) {
    m_curves->removeRun(id + QLatin1Char('/'));
    for (const QString& split : splits()) {
        m_seriesMade.remove(id + QLatin1Char('/') + split);
    }
    m_selected.removeAll(id);
    refresh();
}

QStringList ComparisonCurves::shownRuns() const {
    QStringList shown;
    for (const auto& id : m_runs->runs()->ids()) {  // list order, not selection order
        if (m_selected.isEmpty() || m_selected.contains(id)) {
            shown.append(id);
        }
    }
    return shown;
}

void ComparisonCurves::setSelectedRuns(const QStringList& ids) {
    m_selected = ids;
    refresh();
}

QString ComparisonCurves::stepsToTargetText(const QVector<double>& steps,
                                            const QVector<double>& accuracy) const {
    const double target = m_curves->targetAccuracy();
    if (!(target > 0.0) || accuracy.isEmpty()) {
        return {};
    }
    QVector<widgets::CurvePoint> points;
    for (int i = 0; i < steps.size() && i < accuracy.size(); ++i) {
        points.append({steps[i], 0.0, accuracy[i]});
    }
    const auto reached = widgets::firstStepReaching(points, target);
    const QString percent = QString::number(std::lround(target * 100.0)) + QLatin1Char('%');
    return reached ? tr(" · %1 at step %2").arg(percent).arg(*reached, 0, 'f', 0)
                   : tr(" · %1 not reached").arg(percent);
}

void ComparisonCurves::refresh() {
    m_refreshTimer.stop();
    const QStringList shown = shownRuns();
    QHash<QString, QStringList> byKey;
    QStringList keyOrder;
    if (m_curves->groupSeeds()) {
        for (const auto& id : shown) {
            const QString key = widgets::seedGroupKey(m_runs->runs()->run(id)->config);
            if (!byKey.contains(key)) {
                keyOrder.append(key);
            }
            byKey[key].append(id);
        }
    }
    QHash<QString, QStringList> groups;
    QSet<QString> grouped;
    for (const auto& key : keyOrder) {
        if (byKey[key].size() >= 2) {
            groups.insert(QStringLiteral("group:") + byKey[key].front(), byKey[key]);
            for (const auto& id : byKey[key]) {
                grouped.insert(id);
            }
        }
    }
    for (auto it = m_groups.cbegin(); it != m_groups.cend(); ++it) {
        if (!groups.contains(it.key()) || groups[it.key()] != it.value()) {
            for (const QString& metric : metrics()) {
                m_curves->chart(metric)->removeBand(it.key() + QStringLiteral("/train"));
                m_curves->chart(metric)->removeBand(it.key() + QStringLiteral("/test"));
            }
            m_curves->removeRun(it.key() + QLatin1Char('/'));
        }
    }
    const bool members = m_curves->showMembers();
    auto* accuracyChart = m_curves->chart(QStringLiteral("accuracy"));
    for (const auto& id : m_runs->runs()->ids()) {
        const auto* run = m_runs->runs()->run(id);
        const bool visible = shown.contains(id) && (!grouped.contains(id) || members);
        const QString trainKey = id + QStringLiteral("/train");
        const auto test = accuracyChart->seriesPoints(id + QStringLiteral("/test"));
        QVector<double> steps;
        QVector<double> values;
        for (const auto& p : test) {
            steps.append(p.step);
            values.append(p.value);
        }
        const QString label = run->name + stepsToTargetText(steps, values);
        for (const QString& metric : metrics()) {
            auto* chart = m_curves->chart(metric);
            for (const QString& split : splits()) {
                chart->setSeriesShown(id + QLatin1Char('/') + split, visible);
            }
            if (m_seriesMade.contains(trainKey) && chart->seriesLabel(trainKey) != label) {
                chart->setSeries(trainKey, label, run->color,
                                 widgets::runLineStyle(run->kind, run->backbone, false),
                                 chart->seriesPoints(trainKey));
            }
        }
    }
    m_groups = groups;
    // Each group's colour: its first member's, unless an earlier group already has that one
    // (two FPT groups, language and random, both start with a seed-0 run of the same family
    // shade); then the first of its members' colours no earlier group uses.
    QSet<QRgb> used;
    for (auto it = m_groups.cbegin(); it != m_groups.cend(); ++it) {
        QColor color = m_runs->runs()->run(it.value().front())->color;
        for (const auto& id : it.value()) {
            if (const auto* member = m_runs->runs()->run(id); member != nullptr && !used.contains(member->color.rgb())) {
                color = member->color;
                break;
            }
        }
        used.insert(color.rgb());
        drawGroup(it.key(), it.value(), color);
    }
}

void ComparisonCurves::drawGroup(const QString& prefix, const QStringList& members, const QColor& color) {
    const auto* first = m_runs->runs()->run(members.front());
    const QString name = widgets::defaultRunName(first->config, presetFor(first->config), false) +
                         tr(" · mean of %n seeds", nullptr, static_cast<int>(members.size()));
    const bool bandStd = m_curves->bandIsStd();
    QString label = name;
    for (const QString& metric : metrics()) {
        auto* chart = m_curves->chart(metric);
        for (const QString& split : splits()) {
            QVector<QVector<widgets::CurvePoint>> raw;
            QVector<QVector<widgets::CurvePoint>> smooth;
            for (const auto& id : members) {
                raw.append(chart->seriesPoints(id + QLatin1Char('/') + split));
                smooth.append(smoothedPoints(chart, id + QLatin1Char('/') + split));
            }
            const auto mean = widgets::groupStats(raw);
            const auto spread = widgets::groupStats(smooth);
            if (mean.isEmpty()) {
                continue;
            }
            QVector<widgets::CurvePoint> meanPoints;
            QVector<double> steps;
            QVector<double> values;
            for (const auto& g : mean) {
                meanPoints.append({g.step, g.wallS, g.mean});
                steps.append(g.step);
                values.append(g.mean);
            }
            QVector<widgets::CurvePoint> lower;
            QVector<widgets::CurvePoint> upper;
            for (const auto& g : spread) {
                lower.append({g.step, g.wallS, bandStd ? g.mean - g.std : g.min});
                upper.append({g.step, g.wallS, bandStd ? g.mean + g.std : g.max});
            }
            const bool test = split == QLatin1String("test");
            if (test && metric == QLatin1String("accuracy")) {
                label = name + stepsToTargetText(steps, values);
            }
            const QString key = prefix + QLatin1Char('/') + split;
            chart->setBand(key, color, lower, upper);
            chart->setSeries(key, test ? name + tr(" (test)") : name, color,
                             widgets::runLineStyle(first->kind, first->backbone, test), meanPoints);
            chart->setSeriesSparse(key, test);
            chart->setSeriesInLegend(key, !test);
        }
    }
    // The train curve carries the legend entry: name it with the group's steps-to-target.
    for (const QString& metric : metrics()) {
        auto* chart = m_curves->chart(metric);
        const QString key = prefix + QStringLiteral("/train");
        if (!chart->seriesKeys().contains(key) || chart->seriesLabel(key) == label) {
            continue;
        }
        chart->setSeries(key, label, color, widgets::runLineStyle(first->kind, first->backbone, false),
                         chart->seriesPoints(key));
    }
}

}  // namespace fpt::app
