// SPDX-License-Identifier: MIT
// AttentionViewWidget: the scrubber indexes the sorted union of snapshot steps; each pane resolves
// the step to its own latest snapshot at or before it, so runs logged at different steps line up.
#include "widgets/attention/attention_view_widget.h"

#include "widgets/attention/attention_pane_widget.h"
#include "widgets/attention/heatmap_widget.h"
#include "widgets/common/flow_layout.h"

#include <QCheckBox>
#include <QDir>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QResizeEvent>
#include <QScrollArea>
#include <QLabel>
#include <QMenu>
#include <QMessageBox>
#include <QSlider>
#include <QSplitter>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

namespace fpt::widgets {

AttentionViewWidget::AttentionViewWidget(QWidget* parent)
    : QWidget(parent) {
    auto* bar = new QWidget(this);
    buildToolbar(bar);
    m_splitter = new QSplitter(Qt::Horizontal, this);
    m_splitter->setChildrenCollapsible(false);
    for (int i = 0; i < kMaxPanes; ++i) {
        m_panes[i] = new AttentionPaneWidget(m_splitter);
        m_splitter->addWidget(m_panes[i]);
        connect(m_panes[i], &AttentionPaneWidget::layerChanged, this, [this, i](int layer) {
            syncFrom(i, [layer](AttentionPaneWidget* other) { other->setLayer(layer); });
        });
        connect(m_panes[i], &AttentionPaneWidget::headChanged, this, [this, i](int head) {
            syncFrom(i, [head](AttentionPaneWidget* other) { other->setHead(head); });
        });
        connect(
            m_panes[i], &AttentionPaneWidget::colorScaleChanged, this, [this, i](ColorScale scale) {
                syncFrom(i, [scale](AttentionPaneWidget* other) { other->setColorScale(scale); });
            });
        connect(m_panes[i], &AttentionPaneWidget::activated, this,
                [this, i]() { m_currentPane = i; });
    }
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(bar);
    layout->addWidget(m_splitter, 1);
    m_exportDir = QDir::homePath();
    selectIndex(-1);
}

void AttentionViewWidget::resizeEvent(QResizeEvent* event) {
    QWidget::resizeEvent(event);
    if (m_room == nullptr) {
        for (QWidget* p = parentWidget(); p != nullptr; p = p->parentWidget()) {
            if (auto* scroll = qobject_cast<QScrollArea*>(p)) {
                m_room = scroll->viewport();
                m_room->installEventFilter(this);
                break;
            }
        }
    }
    updateOrientation();
}

bool AttentionViewWidget::eventFilter(QObject* watched, QEvent* event) {
    if (watched == m_room && event->type() == QEvent::Resize) {
        updateOrientation();
    }
    return QWidget::eventFilter(watched, event);
}

void AttentionViewWidget::updateOrientation() {
    const QSize room = m_room != nullptr ? m_room->size() : size();
    // Stacked when the room is tall, or too narrow for the panes side by side (presentation mode at
    // 1366x768 gives the dock ~545 px: two panes then hid behind a horizontal scroll bar).
    int sideBySide = 0;
    for (int i = 0; i < m_splitter->count(); ++i) {
        if (m_splitter->widget(i)->isVisibleTo(this)) {
            sideBySide += m_splitter->widget(i)->minimumSizeHint().width() + m_splitter->handleWidth();
        }
    }
    const bool narrow = room.width() < sideBySide;
    const Qt::Orientation wanted =
        m_paneCount > 1 && (narrow || room.height() > room.width() * 6 / 5) ? Qt::Vertical : Qt::Horizontal;
    if (m_splitter->orientation() != wanted) {
        m_splitter->setOrientation(wanted);
    }
}

void AttentionViewWidget::buildToolbar(QWidget* bar) {
    m_slider = new QSlider(Qt::Horizontal, bar);
    m_slider->setAccessibleName(tr("Training step"));
    m_slider->setPageStep(1);
    m_stepLabel = new QLabel(bar);
    m_stepLabel->setMinimumWidth(fontMetrics().horizontalAdvance(tr("step 0000000  (000 / 000)")));
    m_followCheck = new QCheckBox(tr("&Follow latest"), bar);
    m_followCheck->setChecked(true);
    m_followCheck->setToolTip(tr("Jump to each new snapshot as training logs it"));
    m_syncCheck = new QCheckBox(tr("&Link layer/head"), bar);
    m_syncCheck->setChecked(true);
    m_syncCheck->setToolTip(
        tr("Choosing a layer, head or colour scale in one pane chooses it in the other"));
    m_exportButton = new QToolButton(bar);
    m_exportButton->setText(tr("Export"));
    m_exportButton->setPopupMode(QToolButton::InstantPopup);
    auto* menu = new QMenu(m_exportButton);
    m_exportButton->setMenu(menu);
    connect(menu, &QMenu::aboutToShow, this, [this, menu]() {
        menu->clear();
        for (int i = 0; i < m_paneCount; ++i) {
            const QString name =
                m_panes[i]->runName().isEmpty() ? tr("Pane %1").arg(i + 1) : m_panes[i]->runName();
            menu->addAction(tr("%1 heatmap as PNG\u2026").arg(name), this,
                            [this, i]() { exportViaDialog(i, QStringLiteral("png")); });
            menu->addAction(tr("%1 heatmap as SVG\u2026").arg(name), this,
                            [this, i]() { exportViaDialog(i, QStringLiteral("svg")); });
        }
    });

    // The step scrubber is one group; it and the other controls flow onto a second line when the
    // dock is narrow (presentation mode at 1366x768 cut the Export button off at the right edge).
    auto* stepGroup = new QWidget(bar);
    auto* stepRow = new QHBoxLayout(stepGroup);
    stepRow->setContentsMargins(0, 0, 0, 0);
    auto* stepLabel = new QLabel(tr("&Step"), stepGroup);
    stepLabel->setBuddy(m_slider);
    m_slider->setParent(stepGroup);
    m_stepLabel->setParent(stepGroup);
    m_slider->setMinimumWidth(fontMetrics().averageCharWidth() * 10);
    stepRow->addWidget(stepLabel);
    stepRow->addWidget(m_slider, 1);
    stepRow->addWidget(m_stepLabel);
    auto* layout = new FlowLayout(bar);
    const int margin = fontMetrics().averageCharWidth() / 2;  // off the lesson highlight's frame
    layout->setContentsMargins(margin, margin, margin, 0);
    layout->addWidget(stepGroup);
    layout->addWidget(m_followCheck);
    layout->addWidget(m_syncCheck);
    layout->addWidget(m_exportButton);

    connect(m_slider, &QSlider::valueChanged, this, &AttentionViewWidget::onSliderMoved);
    connect(m_followCheck, &QCheckBox::toggled, this, [this](bool on) {
        if (on && !m_steps.isEmpty()) {
            selectIndex(static_cast<int>(m_steps.size()) - 1);
        }
    });
}

void AttentionViewWidget::setPaneCount(int count) {
    m_paneCount = qBound(1, count, kMaxPanes);
    for (int i = 0; i < kMaxPanes; ++i) {
        m_panes[i]->setVisible(i < m_paneCount);
    }
    m_currentPane = qMin(m_currentPane, m_paneCount - 1);
    updateOrientation();
    rebuildSteps();
}

void AttentionViewWidget::setPane(int pane,
                                  const QString& runName,
                                  const QColor& color,
                                  const ProbeDescription& probe) {
    if (validPane(pane)) {
        m_panes[pane]->setRun(runName, color, probe);
    }
}

int AttentionViewWidget::setSnapshots(int pane, const QVector<AttentionSnapshot>& snapshots) {
    if (!validPane(pane)) {
        return 0;
    }
    const int kept = m_panes[pane]->setSnapshots(snapshots);
    rebuildSteps();
    return kept;
}

bool AttentionViewWidget::addSnapshot(int pane, const AttentionSnapshot& snapshot) {
    if (!validPane(pane) || !m_panes[pane]->addSnapshot(snapshot)) {
        return false;
    }
    if (pane < m_paneCount) {
        rebuildSteps();
    }
    return true;
}

void AttentionViewWidget::clearPane(int pane) {
    if (validPane(pane)) {
        m_panes[pane]->clear();
        rebuildSteps();
    }
}

AttentionPaneWidget* AttentionViewWidget::pane(int index) const {
    return validPane(index) ? m_panes[index] : nullptr;
}

void AttentionViewWidget::setCurrentStep(qint64 step) {
    if (m_steps.isEmpty()) {
        return;
    }
    const auto it = std::upper_bound(m_steps.cbegin(), m_steps.cend(), step);
    const int index = qMax(0, static_cast<int>(it - m_steps.cbegin()) - 1);
    if (index != m_steps.size() - 1) {
        m_followCheck->setChecked(false);  // looking back in time: stop jumping ahead
    }
    selectIndex(index);
}

void AttentionViewWidget::setFollowLatest(bool follow) {
    m_followCheck->setChecked(follow);
}

bool AttentionViewWidget::followLatest() const {
    return m_followCheck->isChecked();
}

void AttentionViewWidget::setSyncSelection(bool sync) {
    m_syncCheck->setChecked(sync);
}

bool AttentionViewWidget::syncSelection() const {
    return m_syncCheck->isChecked();
}

void AttentionViewWidget::setCurrentPane(int pane) {
    if (pane >= 0 && pane < m_paneCount) {
        m_currentPane = pane;
    }
}

bool AttentionViewWidget::exportHeatmapPng(int pane, const QString& path, double scale) const {
    return validPane(pane) && m_panes[pane]->heatmap()->exportPng(path, scale);
}

bool AttentionViewWidget::exportHeatmapSvg(int pane, const QString& path) const {
    return validPane(pane) && m_panes[pane]->heatmap()->exportSvg(path);
}

void AttentionViewWidget::rebuildSteps() {
    QVector<qint64> all;
    for (int i = 0; i < m_paneCount; ++i) {
        all += m_panes[i]->series().steps();
    }
    std::sort(all.begin(), all.end());
    all.erase(std::unique(all.begin(), all.end()), all.end());
    m_steps = all;
    if (m_steps.isEmpty()) {
        selectIndex(-1);
        return;
    }
    const int last = static_cast<int>(m_steps.size()) - 1;
    if (followLatest() || m_currentStep < 0) {
        selectIndex(last);
        return;
    }
    // Keep the same step under the scrubber even though indices shifted.
    const auto it = std::upper_bound(m_steps.cbegin(), m_steps.cend(), m_currentStep);
    selectIndex(qMax(0, static_cast<int>(it - m_steps.cbegin()) - 1));
}

void AttentionViewWidget::selectIndex(int index) {
    m_updatingSlider = true;
    m_slider->setRange(0, qMax(0, static_cast<int>(m_steps.size()) - 1));
    m_slider->setEnabled(!m_steps.isEmpty());
    m_slider->setValue(qMax(0, index));
    m_updatingSlider = false;
    const qint64 step = index >= 0 && index < m_steps.size() ? m_steps.at(index) : -1;
    const bool changed = step != m_currentStep;
    m_currentStep = step;
    applyStep();
    if (changed) {
        Q_EMIT currentStepChanged(m_currentStep);
    }
}

void AttentionViewWidget::applyStep() {
    for (AttentionPaneWidget* pane : m_panes) {
        pane->setStep(m_currentStep);
    }
    if (m_currentStep < 0) {
        m_stepLabel->setText(tr("no snapshots"));
    } else {
        m_stepLabel->setText(tr("step %1  (%2 / %3)")
                                 .arg(m_currentStep)
                                 .arg(m_slider->value() + 1)
                                 .arg(m_steps.size()));
    }
}

void AttentionViewWidget::onSliderMoved(int index) {
    if (m_updatingSlider || index < 0 || index >= m_steps.size()) {
        return;
    }
    if (index != m_steps.size() - 1) {
        m_followCheck->setChecked(false);
    }
    m_currentStep = m_steps.at(index);
    applyStep();
    Q_EMIT currentStepChanged(m_currentStep);
}

void AttentionViewWidget::syncFrom(int source,
                                   const std::function<void(AttentionPaneWidget*)>& apply) {
    if (!syncSelection() || m_syncing) {
        return;
    }
    m_syncing = true;  // the other panes' change signals must not echo back
    for (int i = 0; i < kMaxPanes; ++i) {
        if (i != source) {
            apply(m_panes[i]);
        }
    }
    m_syncing = false;
}

void AttentionViewWidget::exportViaDialog(int pane, const QString& format) {
    const QString name =
        m_panes[pane]->runName().isEmpty() ? QStringLiteral("attention") : m_panes[pane]->runName();
    const QString suggested = QDir(m_exportDir)
                                  .filePath(QStringLiteral("%1-step%2.%3")
                                                .arg(name)
                                                .arg(m_panes[pane]->shownStep())
                                                .arg(format));
    const QString filter =
        format == QLatin1String("png") ? tr("PNG image (*.png)") : tr("SVG image (*.svg)");
    const QString path =
        QFileDialog::getSaveFileName(this, tr("Export heatmap"), suggested, filter);
    if (path.isEmpty()) {
        return;
    }
    m_exportDir = QFileInfo(path).absolutePath();
    const bool ok = format == QLatin1String("png") ? exportHeatmapPng(pane, path)
                                                   : exportHeatmapSvg(pane, path);
    if (ok) {
        Q_EMIT exported(path);
    } else {
        QMessageBox::warning(this, tr("Export heatmap"),
                             tr("Could not write %1. Check that the folder exists and is writable, "
                                "then export again.")
                                 .arg(QDir::toNativeSeparators(path)));
    }
}

}  // namespace fpt::widgets
