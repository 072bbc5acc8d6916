// SPDX-License-Identifier: MIT
// One run's side of the attention explorer: run title in the run's colour, layer and head pickers
// (with "mean of heads"), the attention heatmap and, for image tasks, the probe image it refers to.
#pragma once

#include "widgets/attention/attention_series.h"
#include "widgets/attention/attention_types.h"
#include "widgets/common/color_map.h"

#include <QColor>
#include <QWidget>

class QBoxLayout;
class QCheckBox;
class QComboBox;
class QLabel;
class QSpinBox;

namespace fpt::widgets {

class HeatmapWidget;
class ProbeImageWidget;

/// Shows the snapshot with the largest step <= setStep(); owns that run's snapshots.
class AttentionPaneWidget : public QWidget {
    Q_OBJECT

public:
    explicit AttentionPaneWidget(QWidget* parent = nullptr);

    /// Which run this pane shows and what its probe tokens mean; keeps the snapshots.
    void setRun(const QString& runName, const QColor& color, const ProbeDescription& probe);
    /// Replaces the snapshots; returns how many were valid.
    int setSnapshots(const QVector<AttentionSnapshot>& snapshots);
    /// Adds one snapshot (e.g. live during training); false if its sizes don't add up.
    bool addSnapshot(const AttentionSnapshot& snapshot);
    /// Forgets the run, its probe and its snapshots.
    void clear();

    const AttentionSeries& series() const { return m_series; }

    QString runName() const { return m_runName; }

    /// The scrubber's step; the pane shows the latest snapshot at or before it.
    void setStep(qint64 step);

    /// Step of the snapshot on screen, or -1 when none is at or before the scrubber.
    qint64 shownStep() const { return m_shownStep; }

    void setLayer(int layer);

    int layer() const { return m_layer; }

    /// A head index, or AttentionSeries::kMeanOfHeads.
    void setHead(int head);

    int head() const { return m_head; }

    /// Linear or log colour scale for the heatmap (log helps with hundreds of tokens).
    void setColorScale(ColorScale scale);
    ColorScale colorScale() const;

    int layerCount() const { return m_layerCount; }

    int headCount() const { return m_headCount; }

    /// Query token whose attention row is drawn over the image (defaults to the last token,
    /// the one the FPT classifier reads).
    void setQueryToken(int token);

    int queryToken() const { return m_query; }

    void setOverlayEnabled(bool enabled);
    bool overlayEnabled() const;

    /// Whether the probe is an image task ("patch"/"pixel" with an image).
    bool isImageProbe() const;

    /// The tokens x tokens matrix on screen (empty when none).
    const QVector<float>& currentMatrix() const { return m_matrix; }

    HeatmapWidget* heatmap() const { return m_heatmap; }

    ProbeImageWidget* probeView() const { return m_probeView; }

Q_SIGNALS:
    void layerChanged(int layer);
    void headChanged(int head);
    void colorScaleChanged(fpt::widgets::ColorScale scale);
    /// The pointer entered the heatmap or image: this pane becomes the one exports refer to.
    void activated();

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    void buildUi();
    void refresh(bool force = false);
    void populateSelectors(int layers, int heads);
    void applyTokenLabels(int tokens);
    void updateOverlay();
    void showEmpty();
    void onCellHovered(int row, int col);

    AttentionSeries m_series;
    QString m_runName;
    QColor m_color;
    ProbeDescription m_probe;
    qint64 m_step = -1;
    qint64 m_shownStep = -1;
    const float* m_shownData = nullptr;  // identity of the weights on screen, to skip recomputing
    int m_layer = 0;
    int m_head = AttentionSeries::kMeanOfHeads;
    int m_shownLayer = -1;
    int m_shownHead = -2;
    int m_layerCount = 0;
    int m_headCount = 0;
    int m_tokens = 0;
    int m_query = -1;
    QVector<float> m_matrix;

    QLabel* m_title = nullptr;
    QLabel* m_stepLabel = nullptr;
    QLabel* m_description = nullptr;
    QLabel* m_hint = nullptr;
    QComboBox* m_layerCombo = nullptr;
    QComboBox* m_headCombo = nullptr;
    QComboBox* m_scaleCombo = nullptr;
    HeatmapWidget* m_heatmap = nullptr;
    QWidget* m_probeBox = nullptr;
    ProbeImageWidget* m_probeView = nullptr;
    QCheckBox* m_overlayCheck = nullptr;
    QSpinBox* m_querySpin = nullptr;
    QBoxLayout* m_body = nullptr;
};

}  // namespace fpt::widgets
