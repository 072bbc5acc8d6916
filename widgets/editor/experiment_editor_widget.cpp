// SPDX-License-Identifier: MIT
// Experiment editor shell: presets, errors, counts, buttons and edit coalescing; see
// experiment_editor_widget.h. The fields themselves are ExperimentForm's.
#include "widgets/editor/experiment_editor_widget.h"

#include "widgets/editor/experiment_form.h"
#include "widgets/common/status_palette.h"

#include <QAction>
#include <QComboBox>
#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSignalBlocker>
#include <QVBoxLayout>

namespace fpt::widgets {

namespace {

constexpr int kDefaultEditDelayMs =
    150;  // long enough to swallow typing, short enough to feel live

}  // namespace

ExperimentEditorWidget::ExperimentEditorWidget(QWidget* parent)
    : QWidget(parent)
    , m_form(new ExperimentForm) {
    m_editTimer.setSingleShot(true);
    m_editTimer.setInterval(kDefaultEditDelayMs);
    connect(&m_editTimer, &QTimer::timeout, this, [this] { Q_EMIT configEdited(config()); });
    connect(m_form, &ExperimentForm::edited, this, [this] { m_editTimer.start(); });

    const int gap = fontMetrics().height() / 2;
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(gap, gap, gap, gap);
    layout->setSpacing(gap);
    layout->addWidget(buildHeader());
    layout->addWidget(m_form, 1);
    layout->addWidget(buildButtons());
    setParameterCounts(-1, -1);
}

QWidget* ExperimentEditorWidget::buildHeader() {
    auto* header = new QWidget;
    auto* layout = new QVBoxLayout(header);
    layout->setContentsMargins(0, 0, 0, 0);

    auto* presetRow = new QHBoxLayout;
    m_presetCombo = new QComboBox;
    m_presetCombo->setObjectName(QStringLiteral("presetCombo"));
    m_presetCombo->setPlaceholderText(tr("Load a preset…"));
    m_presetCombo->setAccessibleName(tr("Preset"));
    m_presetCombo->setToolTip(tr("Replace the form with one of the paper's task settings"));
    m_presetCombo->setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    m_presetCombo->setMinimumContentsLength(12);
    connect(m_presetCombo, &QComboBox::activated, this, [this](int index) {
        Q_EMIT presetRequested(m_presetCombo->itemData(index).toString());
    });
    auto* save = new QPushButton(tr("Save preset…"));
    save->setObjectName(QStringLiteral("savePresetButton"));
    connect(save, &QPushButton::clicked, this, &ExperimentEditorWidget::savePresetRequested);
    presetRow->addWidget(m_presetCombo, 1);
    presetRow->addWidget(save);
    layout->addLayout(presetRow);

    m_generalErrors = new QLabel;
    m_generalErrors->setObjectName(QStringLiteral("generalErrors"));
    m_generalErrors->setWordWrap(true);
    m_generalErrors->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_generalErrors->setAccessibleName(tr("Configuration errors"));
    m_generalErrors->hide();
    layout->addWidget(m_generalErrors);
    return header;
}

QWidget* ExperimentEditorWidget::buildButtons() {
    auto* buttons = new QWidget;
    auto* layout = new QHBoxLayout(buttons);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* compare = new QPushButton(tr("FPT vs Full vs LSTM"));
    compare->setObjectName(QStringLiteral("compareButton"));
    compare->setToolTip(
        tr("Queue this task three times: frozen pretrained transformer, fully "
           "trained transformer and LSTM"));
    connect(compare, &QPushButton::clicked, this, [this] {
        flushPendingEdit();
        Q_EMIT compareRequested(config());
    });
    auto* start = new QPushButton(tr("Start"));
    m_start = start;
    m_compare = compare;
    start->setObjectName(QStringLiteral("startButton"));
    start->setDefault(true);
    start->setToolTip(tr("Start a run with this configuration (Ctrl+Return)"));
    auto* startAction = new QAction(tr("Start"), this);
    startAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return));
    startAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    addAction(startAction);
    connect(startAction, &QAction::triggered, start, &QPushButton::click);
    connect(start, &QPushButton::clicked, this, [this] {
        flushPendingEdit();
        Q_EMIT startRequested(config());
    });
    layout->addWidget(compare);
    layout->addStretch(1);
    layout->addWidget(start);
    return buttons;
}

void ExperimentEditorWidget::setConfig(const QJsonObject& config) {
    m_editTimer.stop();
    m_form->load(config);
}

QJsonObject ExperimentEditorWidget::config() const {
    return m_form->config();
}

void ExperimentEditorWidget::setBackboneChoices(const QStringList& names) {
    m_form->setBackboneChoices(names);
}

void ExperimentEditorWidget::setArchitectureLocked(bool locked) {
    m_form->setArchitectureLocked(locked);
}

void ExperimentEditorWidget::setFieldErrors(const QList<QPair<QString, QString>>& errors) {
    m_generalErrorLines.clear();
    for (const auto& [path, message] : m_form->showErrors(errors)) {
        m_generalErrorLines.append(path.isEmpty() ? message
                                                  : path + QStringLiteral(": ") + message);
    }
    showGeneralErrors();
    // Nothing is queued that would fail or silently ignore a setting: Start waits for a fix.
    const bool ok = errors.isEmpty();
    const QString reason = ok ? QString()
                              : tr("Fix first: %1").arg(errors.front().first.isEmpty()
                                                            ? errors.front().second
                                                            : errors.front().first + QStringLiteral(": ") +
                                                                  errors.front().second);
    for (QPushButton* button : {m_start, m_compare}) {
        if (button != nullptr) {
            button->setEnabled(ok);
        }
    }
    if (m_start != nullptr) {
        m_start->setToolTip(ok ? tr("Start a run with this configuration (Ctrl+Return)") : reason);
    }
    if (m_compare != nullptr) {
        m_compare->setToolTip(ok ? tr("Queue this task three times: frozen pretrained transformer, fully "
                                      "trained transformer and LSTM")
                                 : reason);
    }
}

void ExperimentEditorWidget::showGeneralErrors() {
    m_generalErrors->setText(m_generalErrorLines.join(QLatin1Char('\n')));
    m_generalErrors->setVisible(!m_generalErrorLines.isEmpty());
    QPalette palette = m_generalErrors->palette();
    palette.setColor(QPalette::WindowText, statusColor(StatusTone::Error, this->palette()));
    m_generalErrors->setPalette(palette);
}

void ExperimentEditorWidget::setParameterCounts(qint64 trainable, qint64 total) {
    m_trainable = trainable;
    m_total = total;
    m_form->setParameterCountText(formatParameterCounts(trainable, total, locale()));
}

QString ExperimentEditorWidget::formatParameterCounts(qint64 trainable,
                                                      qint64 total,
                                                      const QLocale& locale) {
    if (trainable < 0 || total <= 0) {
        return tr("Trainable: unknown");
    }
    QString percent;
    if (trainable == total) {
        percent = locale.toString(100);
    } else {
        // About three significant digits: 0.086%, 4.52%, 37.5%.
        const double share = 100.0 * static_cast<double>(trainable) / static_cast<double>(total);
        percent = locale.toString(share, 'f', share < 1.0 ? 3 : (share < 10.0 ? 2 : 1));
    }
    return tr("Trainable: %1 of %2 (%3%)")
        .arg(locale.toString(trainable), locale.toString(total), percent);
}

void ExperimentEditorWidget::setPresets(const QList<QPair<QString, QString>>& nameAndPath) {
    const QSignalBlocker blocker(m_presetCombo);
    m_presetCombo->clear();
    for (const auto& [name, path] : nameAndPath) {
        m_presetCombo->addItem(name, path);
        m_presetCombo->setItemData(m_presetCombo->count() - 1, path, Qt::ToolTipRole);
    }
    m_presetCombo->setCurrentIndex(-1);
}

void ExperimentEditorWidget::setEditDelay(int milliseconds) {
    m_editTimer.setInterval(milliseconds);
}

void ExperimentEditorWidget::flushPendingEdit() {
    if (m_editTimer.isActive()) {
        m_editTimer.stop();
        Q_EMIT configEdited(config());
    }
}

void ExperimentEditorWidget::changeEvent(QEvent* event) {
    if (event->type() == QEvent::PaletteChange) {
        showGeneralErrors();
    } else if (event->type() == QEvent::LocaleChange) {
        setParameterCounts(m_trainable, m_total);
    }
    QWidget::changeEvent(event);
}

}  // namespace fpt::widgets
