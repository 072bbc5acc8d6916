// SPDX-License-Identifier: MIT
// ViewsCoordinator implementation.
#include "app/gui/views_coordinator.h"

#include "app/gui/comparison_curves.h"
#include "app/gui/run_manager.h"
#include "widgets/attention/attention_view_widget.h"
#include "widgets/charts/curve_panel_widget.h"
#include "widgets/attention/position_similarity_widget.h"

namespace fpt::app {

ViewsCoordinator::ViewsCoordinator(RunManager* runs, widgets::CurvePanelWidget* curves,
                                   widgets::AttentionViewWidget* attention,
                                   widgets::PositionSimilarityWidget* positions, QObject* parent)
    : QObject(parent)
    , m_runs(runs)
    , m_curves(curves)
    , m_attention(attention)
    , m_positions(positions) {
    m_comparison = new ComparisonCurves(runs, curves, this);
    connect(runs, &RunManager::runStarted, this, [this](const QString& id) { onRunStarted(id); });
    connect(runs, &RunManager::snapshotAdded, this, &ViewsCoordinator::onSnapshot);
    connect(runs, &RunManager::runRemoved, this, &ViewsCoordinator::onRunRemoved);
    connect(runs, &RunManager::runAdded, this, [this]() {
        refreshAttention();
        refreshPositions();
    });
}

QStringList ViewsCoordinator::shownRuns() const {
    return m_selected.isEmpty() ? m_runs->runs()->ids() : m_selected;
}

void ViewsCoordinator::setSelectedRuns(const QStringList& ids) {
    m_selected = ids;
    m_comparison->setSelectedRuns(ids);
    refreshAttention();
    refreshPositions();
}

void ViewsCoordinator::refreshAttention() {
    // Selected runs first; otherwise the newest runs.
    QStringList candidates;
    if (!m_selected.isEmpty()) {
        candidates = m_selected;
    } else {
        const auto all = m_runs->runs()->ids();
        for (auto it = all.crbegin(); it != all.crend(); ++it) {
            candidates.prepend(*it);
            if (candidates.size() == 2) {
                break;
            }
        }
    }
    QStringList chosen;
    for (const auto& id : candidates) {
        const auto* run = m_runs->runs()->run(id);
        if (run != nullptr && run->kind != QLatin1String("lstm") && chosen.size() < 2) {
            chosen.append(id);
        }
    }
    if (chosen == m_attentionRuns) {
        return;
    }
    m_attentionRuns = chosen;
    m_attention->setPaneCount(std::max<int>(1, static_cast<int>(chosen.size())));
    for (int pane = 0; pane < 2; ++pane) {
        m_attention->clearPane(pane);
        if (pane >= chosen.size()) {
            continue;
        }
        const auto* run = m_runs->runs()->run(chosen[pane]);
        const auto* info = m_runs->startInfo(chosen[pane]);
        m_attention->setPane(pane, run->name, run->color, info ? info->probe : widgets::ProbeDescription{});
        QVector<widgets::AttentionSnapshot> snaps;
        for (const auto& s : m_runs->snapshots(chosen[pane])) {
            if (s.layers > 0) {
                snaps.append(toAttentionSnapshot(s));
            }
        }
        m_attention->setSnapshots(pane, snaps);
    }
}

void ViewsCoordinator::onRunStarted(const QString& id) {
    const int pane = static_cast<int>(m_attentionRuns.indexOf(id));
    if (pane >= 0) {
        const auto* run = m_runs->runs()->run(id);
        const auto* info = m_runs->startInfo(id);
        if (run != nullptr && info != nullptr) {
            m_attention->setPane(pane, run->name, run->color, info->probe);
        }
    } else {
        refreshAttention();
    }
    updatePositions(id);
}

void ViewsCoordinator::onSnapshot(const QString& id, const SnapshotData& s) {
    const int pane = static_cast<int>(m_attentionRuns.indexOf(id));
    if (pane >= 0 && s.layers > 0) {
        m_attention->addSnapshot(pane, toAttentionSnapshot(s));
    }
    updatePositions(id);
}

void ViewsCoordinator::updatePositions(const QString& id) {
    if (!shownRuns().contains(id)) {
        return;
    }
    const auto* run = m_runs->runs()->run(id);
    const auto snapshots = m_runs->snapshots(id);
    if (run == nullptr || snapshots.isEmpty() || snapshots.back().positions == 0) {
        return;
    }
    const auto& first = snapshots.front();
    const auto& last = snapshots.back();
    const auto* info = m_runs->startInfo(id);
    const QStringList labels = info ? pooledLabels(info->probe.tokenLabels, last.pooling, last.positions) : QStringList();
    const QVector<float> before = first.step == 0 ? first.positionSimilarity : QVector<float>();
    m_positions->setRun(id, run->name, run->color, labels, last.positions, before,
                        last.positionSimilarity, last.step);
}

void ViewsCoordinator::refreshPositions() {
    const auto shown = shownRuns();
    for (const auto& key : m_positions->runKeys()) {
        if (!shown.contains(key)) {
            m_positions->removeRun(key);
        }
    }
    for (const auto& id : shown) {
        updatePositions(id);
    }
}

void ViewsCoordinator::onRunRemoved(const QString& id) {
    m_positions->removeRun(id);
    m_selected.removeAll(id);
    m_attentionRuns.clear();
    refreshAttention();
}

}  // namespace fpt::app
