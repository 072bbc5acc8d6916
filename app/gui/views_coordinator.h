// SPDX-License-Identifier: MIT
// Feeds the views from RunManager: curves through ComparisonCurves (selected runs, seed groups),
// the attention panes for the first two selected runs, positional-similarity for the
// selected runs (all runs when nothing is selected).
#pragma once

#include "app/gui/app_types.h"
#include "app/gui/metrics_model.h"

#include <QObject>
#include <QSet>
#include <QStringList>

namespace fpt::widgets {
class AttentionViewWidget;
class CurvePanelWidget;
class PositionSimilarityWidget;
}  // namespace fpt::widgets

namespace fpt::app {

class ComparisonCurves;
class RunManager;

class ViewsCoordinator : public QObject {
    Q_OBJECT

public:
    ViewsCoordinator(RunManager* runs, widgets::CurvePanelWidget* curves,
                     widgets::AttentionViewWidget* attention,
                     widgets::PositionSimilarityWidget* positions, QObject* parent = nullptr);

    void setSelectedRuns(const QStringList& ids);
    QStringList attentionRuns() const { return m_attentionRuns; }
    /// The runs and seed groups on the curve charts.
    ComparisonCurves* comparison() const { return m_comparison; }

private:
    void onRunStarted(const QString& id);
    void onSnapshot(const QString& id, const SnapshotData& snapshot);
    void onRunRemoved(const QString& id);
    void refreshAttention();
    void refreshPositions();
    void updatePositions(const QString& id);
    QStringList shownRuns() const;

    RunManager* m_runs;
    widgets::CurvePanelWidget* m_curves;
    widgets::AttentionViewWidget* m_attention;
    widgets::PositionSimilarityWidget* m_positions;
    QStringList m_selected;
    QStringList m_attentionRuns;
    ComparisonCurves* m_comparison = nullptr;
};

}  // namespace fpt::app
