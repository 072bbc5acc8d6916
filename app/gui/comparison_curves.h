// SPDX-License-Identifier: MIT
// The curve charts' content: one train and one test curve per run (test unsmoothed, with
// markers), drawn for the runs selected in the Runs dock (all when none is), and with seed
// groups on, one mean curve plus a band per group of runs that differ only in seed.
#pragma once

#include "app/gui/metrics_model.h"

#include <QHash>
#include <QObject>
#include <QSet>
#include <QStringList>
#include <QTimer>

namespace fpt::widgets {
class CurvePanelWidget;
}  // namespace fpt::widgets

namespace fpt::app {

class RunManager;

class ComparisonCurves : public QObject {
    Q_OBJECT

public:
    ComparisonCurves(RunManager* runs, widgets::CurvePanelWidget* curves, QObject* parent = nullptr);

    /// The Runs-dock selection; empty shows every run.
    void setSelectedRuns(const QStringList& ids);
    /// Ids of the runs whose curves are in the view now.
    QStringList shownRuns() const;
    /// Seed groups in the view (ids of their members, each list of >= 2 runs), keyed by the
    /// group's series prefix ("group:1").
    QHash<QString, QStringList> groups() const { return m_groups; }
    /// Recomputes groups, visibility and labels now (otherwise coalesced on a short timer).
    void refresh();

private:
    void onRowsAppended(const QString& id, const QVector<MetricRow>& rows);
    void onRunRemoved(const QString& id);
    void drawGroup(const QString& prefix, const QStringList& members, const QColor& color);
    QString stepsToTargetText(const QVector<double>& steps, const QVector<double>& accuracy) const;

    RunManager* m_runs;
    widgets::CurvePanelWidget* m_curves;
    QStringList m_selected;
    QSet<QString> m_seriesMade;
    QHash<QString, QStringList> m_groups;  // drawn groups
    QTimer m_refreshTimer;
};

}  // namespace fpt::app
