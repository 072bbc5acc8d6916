// SPDX-License-Identifier: MIT
// AttentionPaneWidget: picks the snapshot for the scrubber's step, extracts layer/head (or the head
// mean), labels axes by token meaning and links heatmap cells to patches on the probe image.
#include "widgets/attention/attention_pane_widget.h"

#include "widgets/attention/heatmap_widget.h"
#include "widgets/attention/probe_image_widget.h"
#include "widgets/common/flow_layout.h"

#include <QBoxLayout>
#include <QCheckBox>
#include <QComboBox>
#include <QLabel>
#include <QSignalBlocker>
#include <QSpinBox>

#include <algorithm>

namespace fpt::widgets {

AttentionPaneWidget::AttentionPaneWidget(QWidget* parent)
    : QWidget(parent) {
    buildUi();
    showEmpty();
}

void AttentionPaneWidget::buildUi() {
    m_title = new QLabel(this);
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    m_title->setFont(titleFont);
    m_title->setWordWrap(true);  // a long run name wraps instead of widening a narrow pane
    m_stepLabel = new QLabel(this);
    m_stepLabel->setAlignment(Qt::AlignRight | Qt::AlignVCenter);
    auto* header = new QHBoxLayout;
    header->addWidget(m_title, 1);
    header->addWidget(m_stepLabel);

    m_layerCombo = new QComboBox(this);
    m_layerCombo->setAccessibleName(tr("Layer"));
    m_headCombo = new QComboBox(this);
    m_headCombo->setAccessibleName(tr("Head"));
    // Label + combo pairs flow onto more lines in a narrow pane, so two panes fit side by side in
    // a ~545 px dock (presentation mode at 1366x768) instead of stacking into two small maps.
    auto pair = [this](QLabel* label, QComboBox* combo) {
        auto* group = new QWidget(this);
        auto* row = new QHBoxLayout(group);
        row->setContentsMargins(0, 0, 0, 0);
        label->setParent(group);
        combo->setParent(group);
        row->addWidget(label);
        row->addWidget(combo);
        return group;
    };
    auto* controls = new FlowLayout(nullptr, fontMetrics().averageCharWidth(), 2);
    auto* layerLabel = new QLabel(tr("&Layer"), this);
    layerLabel->setBuddy(m_layerCombo);
    auto* headLabel = new QLabel(tr("&Head"), this);
    headLabel->setBuddy(m_headCombo);
    controls->addWidget(pair(layerLabel, m_layerCombo));
    controls->addWidget(pair(headLabel, m_headCombo));
    m_scaleCombo = new QComboBox(this);
    m_scaleCombo->addItem(tr("linear"));
    m_scaleCombo->addItem(tr("log"));
    m_scaleCombo->setAccessibleName(tr("Colour scale"));
    m_scaleCombo->setToolTip(tr("Log scale shows small weights when many tokens share attention"));
    auto* scaleLabel = new QLabel(tr("&Colour"), this);
    scaleLabel->setBuddy(m_scaleCombo);
    controls->addWidget(pair(scaleLabel, m_scaleCombo));

    m_description = new QLabel(this);
    m_description->setWordWrap(true);
    m_description->setForegroundRole(QPalette::PlaceholderText);

    m_heatmap = new HeatmapWidget(this);
    m_heatmap->setPlaceholderText(tr("No attention snapshots yet"));

    m_probeBox = new QWidget(this);
    m_probeView = new ProbeImageWidget(m_probeBox);
    m_overlayCheck = new QCheckBox(tr("Draw query's attention on image"), m_probeBox);
    m_overlayCheck->setChecked(true);
    m_querySpin = new QSpinBox(m_probeBox);
    m_querySpin->setAccessibleName(tr("Query token"));
    auto* queryGroup = new QWidget(m_probeBox);
    auto* queryRow = new QHBoxLayout(queryGroup);
    queryRow->setContentsMargins(0, 0, 0, 0);
    auto* queryLabel = new QLabel(tr("&Query token"), queryGroup);
    queryLabel->setBuddy(m_querySpin);
    m_querySpin->setParent(queryGroup);
    queryRow->addWidget(queryLabel);
    queryRow->addWidget(m_querySpin);
    // The check box and the query share a line when there is room, so the image keeps its height.
    auto* probeControls = new FlowLayout(nullptr, fontMetrics().averageCharWidth() * 2, 2);
    probeControls->addWidget(m_overlayCheck);
    probeControls->addWidget(queryGroup);
    auto* probeLayout = new QVBoxLayout(m_probeBox);
    probeLayout->setContentsMargins(0, 0, 0, 0);
    probeLayout->addWidget(m_probeView, 1);
    probeLayout->addLayout(probeControls);
    const QString hintText = tr("Click a heatmap row or an image patch to pick the query.");
    m_hint = new QLabel(hintText, m_probeBox);
    m_hint->setWordWrap(true);
    m_hint->setForegroundRole(QPalette::PlaceholderText);
    m_probeView->setToolTip(hintText);  // still said when a narrow pane hides the line
    probeLayout->addWidget(m_hint);

    m_body = new QBoxLayout(QBoxLayout::LeftToRight);
    m_body->addWidget(m_heatmap, 3);
    m_body->addWidget(m_probeBox, 2);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(header);
    layout->addLayout(controls);
    layout->addWidget(m_description);
    layout->addLayout(m_body, 1);

    connect(m_layerCombo, &QComboBox::currentIndexChanged, this, [this](int index) {
        if (index >= 0 && index != m_layer) {
            m_layer = index;
            refresh();
            Q_EMIT layerChanged(m_layer);
        }
    });
    connect(m_headCombo, &QComboBox::currentIndexChanged, this, [this](int index) {
        const int head = index - 1;  // item 0 is "mean of heads"
        if (index >= 0 && head != m_head) {
            m_head = head;
            refresh();
            Q_EMIT headChanged(m_head);
        }
    });
    connect(m_scaleCombo, &QComboBox::currentIndexChanged, this, [this](int index) {
        const ColorScale scale = index == 1 ? ColorScale::Log : ColorScale::Linear;
        m_heatmap->setColorScale(scale);
        Q_EMIT colorScaleChanged(scale);
    });
    connect(m_heatmap, &HeatmapWidget::cellHovered, this,
            [this](int row, int col, float) { onCellHovered(row, col); });
    connect(m_heatmap, &HeatmapWidget::hoverCleared, m_probeView,
            &ProbeImageWidget::clearHighlight);
    connect(m_heatmap, &HeatmapWidget::cellClicked, this, [this](int row, int, float) {
        setQueryToken(row);
        Q_EMIT activated();
    });
    connect(m_probeView, &ProbeImageWidget::patchClicked, this, [this](int token) {
        setQueryToken(token);
        Q_EMIT activated();
    });
    connect(m_overlayCheck, &QCheckBox::toggled, this, [this]() { updateOverlay(); });
    connect(m_querySpin, &QSpinBox::valueChanged, this,
            [this](int token) { setQueryToken(token); });
}

void AttentionPaneWidget::setRun(const QString& runName,
                                 const QColor& color,
                                 const ProbeDescription& probe) {
    m_runName = runName;
    m_color = color;
    m_probe = probe;
    m_title->setText(runName);
    QPalette titlePalette = m_title->palette();
    titlePalette.setColor(QPalette::WindowText,
                          color.isValid() ? color : palette().color(QPalette::WindowText));
    m_title->setPalette(titlePalette);
    m_description->setText(probe.description);
    m_description->setVisible(!probe.description.isEmpty());
    if (isImageProbe()) {
        m_probeView->setProbe(probe.image, probe.patchSize, probe.gridRows, probe.gridCols);
    } else {
        m_probeView->clear();
    }
    m_probeBox->setVisible(isImageProbe());
    m_heatmap->setLabelPeriod(isImageProbe() ? m_probeView->gridCols() : 1);
    const QString kind = probe.tokenKind.isEmpty() ? tr("token") : probe.tokenKind;
    m_heatmap->setAxisTitles(tr("query %1").arg(kind), tr("key %1").arg(kind));
    m_tokens = 0;  // relabel on the next refresh
    refresh(true);
}

int AttentionPaneWidget::setSnapshots(const QVector<AttentionSnapshot>& snapshots) {
    const int kept = m_series.setSnapshots(snapshots);
    refresh(true);
    return kept;
}

bool AttentionPaneWidget::addSnapshot(const AttentionSnapshot& snapshot) {
    if (!m_series.addSnapshot(snapshot)) {
        return false;
    }
    refresh(snapshot.step == m_shownStep);  // same step replaced: its data changed
    return true;
}

void AttentionPaneWidget::clear() {
    m_series.clear();
    m_layerCount = m_headCount = 0;
    m_layerCombo->clear();
    m_headCombo->clear();
    setRun(QString(), QColor(), ProbeDescription());
}

void AttentionPaneWidget::setStep(qint64 step) {
    m_step = step;
    refresh();
}

void AttentionPaneWidget::setLayer(int layer) {
    if (m_layerCount > 0) {
        layer = qBound(0, layer, m_layerCount - 1);
        m_layerCombo->setCurrentIndex(layer);  // emits layerChanged via the combo
    } else if (layer != m_layer) {
        m_layer = qMax(0, layer);
        Q_EMIT layerChanged(m_layer);
    }
}

void AttentionPaneWidget::setHead(int head) {
    if (m_headCount > 0) {
        head = qBound(static_cast<int>(AttentionSeries::kMeanOfHeads), head, m_headCount - 1);
        m_headCombo->setCurrentIndex(head + 1);
    } else if (head != m_head) {
        m_head = qMax(static_cast<int>(AttentionSeries::kMeanOfHeads), head);
        Q_EMIT headChanged(m_head);
    }
}

void AttentionPaneWidget::setColorScale(ColorScale scale) {
    m_scaleCombo->setCurrentIndex(scale == ColorScale::Log ? 1 : 0);
}

ColorScale AttentionPaneWidget::colorScale() const {
    return m_heatmap->colorScale();
}

void AttentionPaneWidget::setQueryToken(int token) {
    if (m_tokens > 0) {
        token = qBound(0, token, m_tokens - 1);
    }
    if (token == m_query) {
        return;
    }
    m_query = token;
    {
        const QSignalBlocker blocker(m_querySpin);
        m_querySpin->setValue(qMax(token, 0));
    }
    updateOverlay();
}

void AttentionPaneWidget::setOverlayEnabled(bool enabled) {
    m_overlayCheck->setChecked(enabled);
}

bool AttentionPaneWidget::overlayEnabled() const {
    return m_overlayCheck->isChecked();
}

bool AttentionPaneWidget::isImageProbe() const {
    const bool imageKind =
        m_probe.tokenKind == QLatin1String("patch") || m_probe.tokenKind == QLatin1String("pixel");
    return imageKind && !m_probe.image.isNull();
}

void AttentionPaneWidget::resizeEvent(QResizeEvent* event) {
    // Image beside the heatmap in wide panes, below it in tall ones.
    const bool wide = width() > height() * 1.15;
    m_body->setDirection(wide ? QBoxLayout::LeftToRight : QBoxLayout::TopToBottom);
    // A narrow pane (two side by side in a ~545 px dock) gives the hint's three wrapped lines to
    // the image; the hint stays as the image's tooltip.
    m_hint->setVisible(width() > fontMetrics().averageCharWidth() * 60);
    QWidget::resizeEvent(event);
}

void AttentionPaneWidget::refresh(bool force) {
    const AttentionSnapshot* snapshot = m_series.snapshotAtStep(m_step);
    if (snapshot == nullptr) {
        showEmpty();
        return;
    }
    populateSelectors(snapshot->layers, snapshot->heads);
    if (!force && snapshot->step == m_shownStep && snapshot->weights.constData() == m_shownData &&
        m_layer == m_shownLayer && m_head == m_shownHead) {
        return;
    }
    m_shownStep = snapshot->step;
    m_shownData = snapshot->weights.constData();
    m_shownLayer = m_layer;
    m_shownHead = m_head;
    m_matrix = AttentionSeries::matrix(*snapshot, m_layer, m_head);
    applyTokenLabels(snapshot->tokens);
    m_heatmap->setMatrix(snapshot->tokens, snapshot->tokens, m_matrix);
    // Scale [0, max]: attention rows sum to 1, so with many tokens the weights are small.
    const float maxWeight =
        m_matrix.isEmpty() ? 1.0F : *std::max_element(m_matrix.cbegin(), m_matrix.cend());
    m_heatmap->setValueRange(0.0F, maxWeight > 0.0F ? maxWeight : 1.0F);
    const QString head = m_head == AttentionSeries::kMeanOfHeads
                             ? tr("mean of %n heads", nullptr, snapshot->heads)
                             : tr("head %1").arg(m_head);
    m_heatmap->setTitle(tr("layer %1 \u00b7 %2").arg(m_layer).arg(head));
    m_stepLabel->setText(tr("snapshot at step %1").arg(snapshot->step));
    updateOverlay();
}

void AttentionPaneWidget::populateSelectors(int layers, int heads) {
    if (layers == m_layerCount && heads == m_headCount) {
        return;
    }
    m_layerCount = layers;
    m_headCount = heads;
    m_layer = qBound(0, m_layer, layers - 1);
    m_head = qBound(static_cast<int>(AttentionSeries::kMeanOfHeads), m_head, heads - 1);
    const QSignalBlocker layerBlocker(m_layerCombo);
    const QSignalBlocker headBlocker(m_headCombo);
    m_layerCombo->clear();
    for (int l = 0; l < layers; ++l) {
        m_layerCombo->addItem(tr("layer %1").arg(l));
    }
    m_headCombo->clear();
    m_headCombo->addItem(tr("mean of heads"));
    for (int h = 0; h < heads; ++h) {
        m_headCombo->addItem(tr("head %1").arg(h));
    }
    m_layerCombo->setCurrentIndex(m_layer);
    m_headCombo->setCurrentIndex(m_head + 1);
    m_layerCombo->setEnabled(true);
    m_headCombo->setEnabled(true);
}

void AttentionPaneWidget::applyTokenLabels(int tokens) {
    if (tokens == m_tokens) {
        return;
    }
    m_tokens = tokens;
    QStringList labels = m_probe.tokenLabels;
    if (labels.size() != tokens) {
        labels.clear();
        const int cols = m_probeView->gridCols();
        const bool grid = isImageProbe() && cols > 0 && m_probeView->gridRows() * cols >= tokens;
        for (int t = 0; t < tokens; ++t) {
            labels << (grid ? QStringLiteral("r%1c%2").arg(t / cols).arg(t % cols)
                            : QString::number(t));
        }
    }
    m_heatmap->setRowLabels(labels);
    m_heatmap->setColumnLabels(labels);
    m_querySpin->setRange(0, tokens - 1);
    if (m_query < 0 || m_query >= tokens) {
        m_query = -1;
        setQueryToken(tokens - 1);  // the token the classifier reads
    }
}

void AttentionPaneWidget::updateOverlay() {
    const bool show = isImageProbe() && overlayEnabled() && m_query >= 0 && !m_matrix.isEmpty() &&
                      m_query < m_tokens;
    m_querySpin->setEnabled(isImageProbe() && overlayEnabled());
    m_heatmap->setMarkedRow(show ? m_query : -1);
    if (!show) {
        m_probeView->clearOverlay();
        return;
    }
    const auto first = m_matrix.cbegin() + static_cast<qsizetype>(m_query) * m_tokens;
    m_probeView->setOverlay(QVector<float>(first, first + m_tokens), m_query,
                            m_heatmap->rowLabel(m_query));
}

void AttentionPaneWidget::showEmpty() {
    m_shownStep = -1;
    m_shownData = nullptr;
    m_matrix.clear();
    m_heatmap->clear();
    m_heatmap->setTitle(QString());
    m_probeView->clearOverlay();
    m_layerCombo->setEnabled(m_layerCount > 0);
    m_headCombo->setEnabled(m_headCount > 0);
    if (m_series.isEmpty()) {
        m_heatmap->setPlaceholderText(tr("No attention snapshots yet"));
        m_stepLabel->clear();
    } else {
        m_heatmap->setPlaceholderText(tr("First snapshot is at step %1").arg(m_series.at(0).step));
        m_stepLabel->setText(tr("no snapshot at or before step %1").arg(m_step));
    }
}

void AttentionPaneWidget::onCellHovered(int row, int col) {
    m_probeView->setHighlight(row, col);
    Q_EMIT activated();
}

}  // namespace fpt::widgets
