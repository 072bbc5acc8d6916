// SPDX-License-Identifier: MIT
// The experiment form's sections and enabling rules; see experiment_form.h.
#include "widgets/editor/experiment_form.h"

#include "widgets/common/collapsible_section.h"
#include "widgets/editor/config_form_binder.h"
#include "widgets/common/scientific_spin_box.h"
#include "widgets/editor/task_form_rules.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCoreApplication>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpressionValidator>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>
#include <climits>

namespace fpt::widgets {

namespace {

constexpr int kMaxInt = INT_MAX;

QSpinBox* makeSpin(int min, int max, int value, const QString& special = {}) {
    auto* spin = new QSpinBox;
    spin->setRange(min, max);
    spin->setValue(value);
    spin->setSpecialValueText(special);
    spin->setGroupSeparatorShown(true);
    return spin;
}

QDoubleSpinBox* makeDoubleSpin(
    double min, double max, double value, int decimals, double step, const QString& special = {}) {
    auto* spin = new QDoubleSpinBox;
    spin->setDecimals(decimals);
    spin->setRange(min, max);
    spin->setSingleStep(step);
    spin->setValue(value);
    spin->setSpecialValueText(special);
    return spin;
}

QComboBox* makeCombo(const QList<QPair<QString, QString>>& labelAndValue) {
    auto* combo = new QComboBox;
    for (const auto& [label, value] : labelAndValue) {
        combo->addItem(label, value);
    }
    return combo;
}

QCheckBox* makeCheck(const QString& text, bool checked) {
    auto* check = new QCheckBox(text);
    check->setChecked(checked);
    return check;
}

QLineEdit* makeIntListEdit() {
    auto* edit = new QLineEdit;
    edit->setPlaceholderText(
        QCoreApplication::translate("fpt::widgets::ExperimentForm", "none (e.g. 0, -1)"));
    edit->setValidator(
        new QRegularExpressionValidator(QRegularExpression(QStringLiteral("^[\\s\\d,-]*$")), edit));
    return edit;
}

QString taskKey(const QString& pointer) {
    return pointer.mid(QStringLiteral("/task/").size());
}

}  // namespace

ExperimentForm::ExperimentForm(QWidget* parent)
    : QScrollArea(parent)
    , m_binder(new ConfigFormBinder(this)) {
    auto* form = new QWidget;
    auto* layout = new QVBoxLayout(form);
    layout->setSpacing(fontMetrics().height() / 2);
    m_sections = {new CollapsibleSection(tr("Task"), buildTaskSection()),
                  new CollapsibleSection(tr("Model"), buildModelSection()),
                  new CollapsibleSection(tr("Training"), buildTrainSection())};
    const QStringList names{QStringLiteral("taskSection"), QStringLiteral("modelSection"),
                            QStringLiteral("trainSection")};
    for (int i = 0; i < m_sections.size(); ++i) {
        m_sections[i]->setObjectName(names[i]);
        layout->addWidget(m_sections[i]);
    }
    layout->addStretch(1);
    // One label column across the three sections, so their fields line up.
    int labelWidth = 0;
    const QList<QLabel*> labels = form->findChildren<QLabel*>();
    for (const QLabel* label : labels) {
        if (label->buddy() != nullptr) {
            labelWidth = std::max(labelWidth, label->sizeHint().width());
        }
    }
    for (QLabel* label : labels) {
        if (label->buddy() != nullptr) {
            label->setMinimumWidth(labelWidth);
        }
    }
    setWidget(form);
    setWidgetResizable(true);
    setFrameShape(QFrame::NoFrame);
    setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    setMinimumWidth(fontMetrics().averageCharWidth() * 44);

    connect(m_binder, &ConfigFormBinder::edited, this, &ExperimentForm::onFieldEdited);
    updateTaskRows();
    updateModelRows();
}

void ExperimentForm::load(const QJsonObject& config) {
    m_binder->load(config);
    updateTaskRows();
    updateModelRows();
}

QJsonObject ExperimentForm::config() const {
    return m_binder->config();
}

void ExperimentForm::setBackboneChoices(const QStringList& names) {
    const QSignalBlocker blocker(m_backboneCombo);
    const QString current = m_backboneCombo->currentText();
    m_backboneCombo->clear();
    m_backboneCombo->addItems(names);
    m_backboneCombo->setCurrentText(current);
}

void ExperimentForm::setArchitectureLocked(bool locked) {
    m_architectureLocked = locked;
    updateModelRows();
}

void ExperimentForm::setParameterCountText(const QString& text) {
    m_parameterCount->setText(text);
}

QList<QPair<QString, QString>> ExperimentForm::showErrors(
    const QList<QPair<QString, QString>>& errors) {
    m_binder->clearErrors();
    QList<QPair<QString, QString>> unplaced;
    QWidget* first = nullptr;
    for (const auto& error : errors) {
        const QString field = m_binder->fieldFor(error.first);
        if (field.isEmpty() || !m_binder->isRowVisible(field)) {
            unplaced.append(error);
            continue;
        }
        m_binder->showError(field, error.second);
        QWidget* input = m_binder->input(field);
        for (CollapsibleSection* section : m_sections) {
            if (section->isAncestorOf(input)) {
                section->setExpanded(true);
            }
        }
        if (first == nullptr) {
            first = input;
        }
    }
    if (first != nullptr) {
        ensureWidgetVisible(first);
    }
    return unplaced;
}

void ExperimentForm::onFieldEdited(const QString& pointer) {
    if (pointer == QLatin1String("/task/name")) {
        // Task fields mean different things per task (patch_size: bits vs pixels), so a new task
        // starts from its own defaults instead of inheriting the old task's numbers.
        QStringList taskFields;
        for (const QString& field : m_binder->pointers()) {
            if (field.startsWith(QLatin1String("/task/")) && field != pointer) {
                taskFields.append(field);
            }
        }
        m_binder->resetToDefaults(taskFields);
        updateTaskRows();
    }
    updateModelRows();
    Q_EMIT edited(pointer);
}

QWidget* ExperimentForm::buildTaskSection() {
    auto* body = new QWidget;
    auto* form = new QFormLayout(body);
    const QString taskDefault = tr("task default");

    auto* name = new QLineEdit;
    name->setPlaceholderText(tr("optional, shown in the run list"));
    m_binder->addRow(form, tr("Run &name"), QStringLiteral("/name"), name);

    auto* task = makeCombo(task_form_rules::taskChoices());
    task->setCurrentIndex(task->findData(QStringLiteral("bit_xor")));
    m_binder->addRow(form, tr("&Task"), QStringLiteral("/task/name"), task);

    auto* dataPath = new QLineEdit;
    dataPath->setPlaceholderText(taskDefault);
    auto* browse = new QPushButton(tr("Browse…"));
    browse->setObjectName(QStringLiteral("/task/data_path#browse"));
    browse->setAccessibleName(tr("Browse for the data folder"));
    connect(browse, &QPushButton::clicked, this,
            [this, dataPath] { browseForFolder(dataPath, tr("Choose the task's data folder")); });
    m_binder->addRow(form, tr("&Data folder"), QStringLiteral("/task/data_path"), dataPath, browse);

    m_binder->addRow(form, tr("Bits per string"), QStringLiteral("/task/n"),
                     makeSpin(0, 1'000'000, 0, taskDefault));
    m_binder->addRow(form, tr("Strings shown"), QStringLiteral("/task/num_patterns"),
                     makeSpin(0, 10'000, 0, taskDefault));
    m_binder->addRow(form, tr("Bits per token"), QStringLiteral("/task/patch_size"),
                     makeSpin(0, 4096, 0, taskDefault));
    m_binder->addRow(form, QString(), QStringLiteral("/task/paper_resize"),
                     makeCheck(tr("Pad 28×28 to 32×32 (paper: 64 tokens)"), false));
    m_binder->addRow(form, QString(), QStringLiteral("/task/augment"),
                     makeCheck(tr("Augment training images (crop, flip, rotate)"), false));
    m_binder->addRow(form, tr("Held-out share"), QStringLiteral("/task/test_fraction"),
                     makeDoubleSpin(0.0, 0.9, 0.0, 3, 0.05, taskDefault));
    m_binder->addRow(form, tr("Source"), QStringLiteral("/task/source"),
                     makeCombo({{tr("auto"), QString()},
                                {tr("generate"), QStringLiteral("generate")},
                                {tr("files (LRA TSVs)"), QStringLiteral("files")}}));
    m_binder->addRow(form, QString(), QStringLiteral("/task/drop_brackets"),
                     makeCheck(tr("Drop ( ) ] like the paper's tokeniser"), false));
    m_binder->addRow(form, tr("Max length (tokens)"), QStringLiteral("/task/max_length"),
                     makeSpin(0, 1'000'000, 0, taskDefault));
    m_binder->addRow(form, tr("Generated train examples"), QStringLiteral("/task/generate_train"),
                     makeSpin(0, 100'000'000, 0, taskDefault));
    m_binder->addRow(form, tr("Generated test examples"), QStringLiteral("/task/generate_test"),
                     makeSpin(0, 100'000'000, 0, taskDefault));
    m_binder->addRow(form, tr("Max nesting depth"), QStringLiteral("/task/max_depth"),
                     makeSpin(0, 1000, 0, taskDefault));
    m_binder->addRow(form, tr("Max operands"), QStringLiteral("/task/max_args"),
                     makeSpin(0, 1000, 0, taskDefault));

    m_testSplitCombo = new QComboBox;
    m_testSplitCombo->setEditable(true);
    m_testSplitCombo->lineEdit()->setPlaceholderText(taskDefault);
    m_binder->addRow(form, tr("Test split"), QStringLiteral("/task/test_split"), m_testSplitCombo);
    m_binder->addRow(form, tr("Max train examples"), QStringLiteral("/task/max_train_examples"),
                     makeSpin(0, kMaxInt, 0, tr("all")));
    return body;
}

QWidget* ExperimentForm::buildModelSection() {
    auto* body = new QWidget;
    auto* form = new QFormLayout(body);

    m_binder->addRow(form, tr("&Kind"), QStringLiteral("/model/kind"),
                     makeCombo({{tr("FPT (frozen pretrained transformer)"), QStringLiteral("fpt")},
                                {tr("Full transformer (all trained)"), QStringLiteral("full")},
                                {tr("LSTM"), QStringLiteral("lstm")}}));

    m_backboneCombo = new QComboBox;
    m_backboneCombo->setEditable(true);
    m_backboneCombo->addItem(QStringLiteral("random"));
    m_backboneCombo->setToolTip(
        tr("\"random\", a shipped backbone or a Hugging Face GPT-2 folder"));
    auto* browse = new QPushButton(tr("Browse…"));
    browse->setObjectName(QStringLiteral("/model/backbone#browse"));
    browse->setAccessibleName(tr("Browse for a Hugging Face model folder"));
    connect(browse, &QPushButton::clicked, this,
            [this] { browseForFolder(m_backboneCombo, tr("Choose a Hugging Face GPT-2 folder")); });
    m_binder->addRow(form, tr("&Backbone"), QStringLiteral("/model/backbone"), m_backboneCombo,
                     browse);

    m_binder->addRow(form, tr("Layers"), QStringLiteral("/model/n_layer"), makeSpin(1, 96, 2));
    m_binder->addRow(form, tr("Embedding width"), QStringLiteral("/model/n_embd"),
                     makeSpin(1, 16384, 32));
    m_binder->addRow(form, tr("Attention heads"), QStringLiteral("/model/n_head"),
                     makeSpin(1, 256, 4));
    m_binder->addRow(form, tr("Dropout"), QStringLiteral("/model/dropout"),
                     makeDoubleSpin(0.0, 0.95, 0.1, 3, 0.05));
    m_binder->addRow(form, tr("Input init gain"), QStringLiteral("/model/orth_gain"),
                     makeDoubleSpin(0.0, 100.0, 1.41, 3, 0.1, tr("PyTorch default")));
    m_binder->addRow(form, QString(), QStringLiteral("/model/lstm_layer_norm"),
                     makeCheck(tr("Layer-norm LSTM (paper)"), true));

    m_parameterCount = new QLabel;
    m_parameterCount->setObjectName(QStringLiteral("parameterCount"));
    m_parameterCount->setAccessibleName(tr("Trainable parameters"));
    m_parameterCount->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_parameterCount->setWordWrap(true);
    QFont countFont = m_parameterCount->font();
    countFont.setBold(true);
    countFont.setPointSizeF(countFont.pointSizeF() * 1.15);
    m_parameterCount->setFont(countFont);
    form->addRow(m_parameterCount);
    form->addRow(buildFreezeBox());
    return body;
}

QGroupBox* ExperimentForm::buildFreezeBox() {
    m_freezeBox = new QGroupBox(tr("Frozen during training (FPT only)"));
    m_freezeBox->setObjectName(QStringLiteral("freezeBox"));
    auto* form = new QFormLayout(m_freezeBox);
    // FPT paper, method: attention and feed-forward stay frozen; input, output, positions and
    // layer norms train.
    m_binder->addRow(form, QString(), QStringLiteral("/model/freeze_trans"),
                     makeCheck(tr("Freeze the transformer body"), true));
    const int indent = fontMetrics().averageCharWidth() * 3;
    const QList<QPair<QString, QString>> bodyParts{
        {QStringLiteral("/model/freeze_attn"), tr("Self-attention")},
        {QStringLiteral("/model/freeze_ff"), tr("Feed-forward (MLP)")},
        {QStringLiteral("/model/freeze_pos"), tr("Positional embeddings")},
        {QStringLiteral("/model/freeze_ln"), tr("Layer norms")}};
    for (const auto& [pointer, text] : bodyParts) {
        const bool frozenByDefault =
            pointer.endsWith(QLatin1String("attn")) || pointer.endsWith(QLatin1String("ff"));
        QWidget* row = m_binder->addRow(form, QString(), pointer, makeCheck(text, frozenByDefault));
        row->setContentsMargins(indent, 0, 0, 0);
    }
    m_binder->addRow(form, QString(), QStringLiteral("/model/freeze_in"),
                     makeCheck(tr("Input layer"), false));
    m_binder->addRow(form, QString(), QStringLiteral("/model/freeze_out"),
                     makeCheck(tr("Output layer"), false));
    m_binder->addRow(form, tr("Train attention of layers"),
                     QStringLiteral("/model/unfreeze_attn_layers"), makeIntListEdit(), nullptr,
                     ConfigFormBinder::ValueKind::IntList);
    m_binder->addRow(form, tr("Train feed-forward of layers"),
                     QStringLiteral("/model/unfreeze_ff_layers"), makeIntListEdit(), nullptr,
                     ConfigFormBinder::ValueKind::IntList);
    return m_freezeBox;
}

QWidget* ExperimentForm::buildTrainSection() {
    auto* body = new QWidget;
    auto* form = new QFormLayout(body);
    m_binder->addRow(form, tr("&Steps"), QStringLiteral("/train/steps"), makeSpin(0, kMaxInt, 500));
    m_binder->addRow(form, tr("Batch si&ze"), QStringLiteral("/train/batch_size"),
                     makeSpin(1, 65536, 16));
    // Negative values are allowed so a bad loaded value shows as itself next to its error.
    auto* learningRate = new ScientificSpinBox;
    learningRate->setMinimum(-10.0);
    learningRate->setValue(1e-3);
    m_binder->addRow(form, tr("&Learning rate"), QStringLiteral("/train/learning_rate"),
                     learningRate);
    auto* weightDecay = new ScientificSpinBox;
    weightDecay->setMinimum(-10.0);
    weightDecay->setValue(0.0);
    m_binder->addRow(form, tr("Weight decay"), QStringLiteral("/train/weight_decay"), weightDecay);
    m_binder->addRow(form, tr("Gradient clip"), QStringLiteral("/train/grad_clip"),
                     makeDoubleSpin(0.0, 1e6, 1.0, 3, 0.5, tr("off")));
    m_binder->addRow(form, tr("S&eed"), QStringLiteral("/train/seed"), makeSpin(0, kMaxInt, 0));
    m_binder->addRow(form, tr("Evaluate every"), QStringLiteral("/train/eval_every"),
                     makeSpin(0, kMaxInt, 50, tr("end only")));
    m_binder->addRow(form, tr("Eval batches"), QStringLiteral("/train/eval_batches"),
                     makeSpin(1, 100'000, 8));
    m_binder->addRow(form, tr("Final eval examples"), QStringLiteral("/train/final_eval_examples"),
                     makeSpin(0, kMaxInt, 0, tr("whole test split")));
    m_binder->addRow(form, tr("Log every"), QStringLiteral("/train/log_every"),
                     makeSpin(1, kMaxInt, 1));
    m_binder->addRow(form, tr("Checkpoint every"), QStringLiteral("/train/checkpoint_every"),
                     makeSpin(0, kMaxInt, 0, tr("end only")));
    m_binder->addRow(form, tr("Checkpoints kept"), QStringLiteral("/train/keep_checkpoints"),
                     makeSpin(1, 1000, 2));
    m_binder->addRow(form, tr("Snapshot every"), QStringLiteral("/train/snapshot_every"),
                     makeSpin(0, kMaxInt, 0, tr("off")));
    m_binder->addRow(
        form, tr("&Device"), QStringLiteral("/train/device"),
        makeCombo({{tr("CPU"), QStringLiteral("cpu")}, {tr("CUDA GPU"), QStringLiteral("cuda")}}));
    m_binder->addRow(form, tr("CPU threads"), QStringLiteral("/train/threads"),
                     makeSpin(1, 1024, 1));
    m_binder->addRow(form, tr("Time limit (min)"), QStringLiteral("/train/max_minutes"),
                     makeDoubleSpin(0.0, 1e6, 0.0, 1, 5.0, tr("none")));
    return body;
}

void ExperimentForm::updateTaskRows() {
    const QString task = m_binder->value(QStringLiteral("/task/name")).toString();
    for (const QString& pointer : m_binder->pointers()) {
        if (pointer.startsWith(QLatin1String("/task/")) && pointer != QLatin1String("/task/name")) {
            m_binder->setRowVisible(pointer,
                                    task_form_rules::isFieldRelevant(taskKey(pointer), task));
        }
    }
    if (QLabel* label = m_binder->rowLabel(QStringLiteral("/task/patch_size"))) {
        label->setText(task_form_rules::patchSizeLabel(task));
        m_binder->input(QStringLiteral("/task/patch_size"))->setAccessibleName(label->text());
    }
    const QSignalBlocker blocker(m_testSplitCombo);
    const QString split = m_testSplitCombo->currentText();
    m_testSplitCombo->clear();
    m_testSplitCombo->addItems(task_form_rules::testSplitChoices(task));
    m_testSplitCombo->setCurrentText(split);
}

void ExperimentForm::updateModelRows() {
    const QString kind = m_binder->value(QStringLiteral("/model/kind")).toString();
    const bool lstm = kind == QLatin1String("lstm");
    const bool architectureFromBackbone = m_architectureLocked && !lstm;
    m_binder->setRowEnabled(QStringLiteral("/model/backbone"), !lstm);
    m_binder->setRowEnabled(QStringLiteral("/model/n_layer"), !architectureFromBackbone);
    m_binder->setRowEnabled(QStringLiteral("/model/n_embd"), !architectureFromBackbone);
    m_binder->setRowEnabled(QStringLiteral("/model/n_head"), !architectureFromBackbone && !lstm);
    m_binder->setRowVisible(QStringLiteral("/model/lstm_layer_norm"), lstm);
    const QString lockedTip =
        architectureFromBackbone ? tr("Set by the pretrained backbone") : QString();
    for (const char* key : {"/model/n_layer", "/model/n_embd", "/model/n_head"}) {
        m_binder->input(QLatin1String(key))->parentWidget()->setToolTip(lockedTip);
    }

    // Only kind "fpt" applies the freeze flags; the body-part flags only under freeze_trans.
    m_freezeBox->setEnabled(kind == QLatin1String("fpt"));
    const bool body = m_binder->value(QStringLiteral("/model/freeze_trans")).toBool();
    for (const char* key :
         {"/model/freeze_attn", "/model/freeze_ff", "/model/freeze_pos", "/model/freeze_ln"}) {
        m_binder->setRowEnabled(QLatin1String(key), body);
    }
    m_binder->setRowEnabled(QStringLiteral("/model/unfreeze_attn_layers"),
                            body && m_binder->value(QStringLiteral("/model/freeze_attn")).toBool());
    m_binder->setRowEnabled(QStringLiteral("/model/unfreeze_ff_layers"),
                            body && m_binder->value(QStringLiteral("/model/freeze_ff")).toBool());
}

void ExperimentForm::browseForFolder(QWidget* target, const QString& caption) {
    auto* edit = qobject_cast<QLineEdit*>(target);
    auto* combo = qobject_cast<QComboBox*>(target);
    const QString current = edit != nullptr ? edit->text() : combo->currentText();
    const QString folder = QFileDialog::getExistingDirectory(this, caption, current);
    if (folder.isEmpty()) {
        return;
    }
    if (edit != nullptr) {
        edit->setText(folder);
    } else {
        combo->setCurrentText(folder);
    }
}

}  // namespace fpt::widgets
