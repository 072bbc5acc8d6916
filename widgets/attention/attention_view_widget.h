// SPDX-License-Identifier: MIT
// The attention explorer dock: one or two runs side by side (e.g. FPT and a fully trained model),
// one step scrubber over the union of their snapshot steps, "follow latest", and linked layer/head.
#pragma once

#include "widgets/attention/attention_types.h"

#include <QColor>
#include <QVector>
#include <QWidget>

#include <array>
#include <functional>

class QCheckBox;
class QLabel;
class QSlider;
class QSplitter;
class QToolButton;

namespace fpt::widgets {

class AttentionPaneWidget;

/// Each pane shows its snapshot with the largest step <= the scrubber's step. Fed by the app
/// (GUI thread); pane indices are 0 and 1, and calls with other indices are ignored.
class AttentionViewWidget : public QWidget {
    Q_OBJECT

public:
    static constexpr int kMaxPanes = 2;

    explicit AttentionViewWidget(QWidget* parent = nullptr);

    /// 1 or 2 panes; a hidden pane keeps its data but leaves the scrubber.
    void setPaneCount(int count);

    int paneCount() const { return m_paneCount; }

    void setPane(int pane,
                 const QString& runName,
                 const QColor& color,
                 const ProbeDescription& probe);
    /// Replaces a pane's snapshots; returns how many were valid.
    int setSnapshots(int pane, const QVector<AttentionSnapshot>& snapshots);
    /// Adds one snapshot; with "follow latest" on the scrubber moves to the newest step.
    bool addSnapshot(int pane, const AttentionSnapshot& snapshot);
    void clearPane(int pane);

    AttentionPaneWidget* pane(int index) const;

    /// Sorted union of the visible panes' snapshot steps (the scrubber's positions).
    const QVector<qint64>& steps() const { return m_steps; }

    /// The scrubber's step, or -1 when there are no snapshots.
    qint64 currentStep() const { return m_currentStep; }

    /// Moves the scrubber to the largest known step <= step (the first one if all are later).
    void setCurrentStep(qint64 step);

    void setFollowLatest(bool follow);
    bool followLatest() const;
    /// Link layer/head selection across panes (default on).
    void setSyncSelection(bool sync);
    bool syncSelection() const;

    QSlider* stepSlider() const { return m_slider; }

    /// The pane last hovered or clicked; exports refer to it.
    int currentPane() const { return m_currentPane; }

    void setCurrentPane(int pane);

    bool exportHeatmapPng(int pane, const QString& path, double scale = 2.0) const;
    bool exportHeatmapSvg(int pane, const QString& path) const;

    bool exportCurrentHeatmapPng(const QString& path, double scale = 2.0) const {
        return exportHeatmapPng(m_currentPane, path, scale);
    }

    bool exportCurrentHeatmapSvg(const QString& path) const {
        return exportHeatmapSvg(m_currentPane, path);
    }

Q_SIGNALS:
    void currentStepChanged(qint64 step);
    /// A heatmap was written through the Export menu.
    void exported(const QString& path);

protected:
    /// Two panes side by side when the view is wide, one above the other when it is tall (a
    /// narrow, full-height dock in presentation mode): each heatmap gets the larger square.
    void resizeEvent(QResizeEvent* event) override;
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    // The room the view really has: its scroll area's viewport when it sits in one (the view
    // itself is then as wide as its contents), else its own size.
    void updateOrientation();
    QWidget* m_room = nullptr;

private:
    void buildToolbar(QWidget* bar);
    void rebuildSteps();
    void selectIndex(int index);
    void applyStep();
    void onSliderMoved(int index);
    /// Applies a selection made in pane `source` to the other panes when linking is on.
    void syncFrom(int source, const std::function<void(AttentionPaneWidget*)>& apply);
    void exportViaDialog(int pane, const QString& format);

    bool validPane(int pane) const { return pane >= 0 && pane < kMaxPanes; }

    std::array<AttentionPaneWidget*, kMaxPanes> m_panes = {};
    QSplitter* m_splitter = nullptr;
    QSlider* m_slider = nullptr;
    QLabel* m_stepLabel = nullptr;
    QCheckBox* m_followCheck = nullptr;
    QCheckBox* m_syncCheck = nullptr;
    QToolButton* m_exportButton = nullptr;
    QVector<qint64> m_steps;
    qint64 m_currentStep = -1;
    int m_paneCount = 2;
    int m_currentPane = 0;
    bool m_updatingSlider = false;
    bool m_syncing = false;
    QString m_exportDir;
};

}  // namespace fpt::widgets
