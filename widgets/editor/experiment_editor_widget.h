// SPDX-License-Identifier: MIT
// The experiment editor (dock content): presets, the run-config form, general errors, the live
// trainable-parameter count and Start / compare buttons. Edits a QJsonObject shaped like
// core/config/run_config.h ({"schema_version", "name", "task", "model", "train"}); every input's
// objectName is its JSON pointer ("/train/learning_rate").
#pragma once

#include <QJsonObject>
#include <QList>
#include <QLocale>
#include <QPair>
#include <QTimer>
#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;

namespace fpt::widgets {

class ExperimentForm;

class ExperimentEditorWidget : public QWidget {
    Q_OBJECT

public:
    explicit ExperimentEditorWidget(QWidget* parent = nullptr);

    /// Shows `config`. Emits nothing and cancels a pending configEdited.
    void setConfig(const QJsonObject& config);
    /// The config last set with every user edit applied. Keys the form does not know, absent keys
    /// and fields the user left alone come back exactly as they were set (JSON type included).
    QJsonObject config() const;

    /// Fills the backbone combo ("random", shipped names); keeps the current text.
    void setBackboneChoices(const QStringList& names);
    /// Disables n_layer / n_embd / n_head when a pretrained backbone defines them (not for lstm).
    void setArchitectureLocked(bool locked);
    /// Replaces the shown errors, each (JSON pointer, message). An error on a shown field marks
    /// that field; the rest are listed at the top. An empty list clears all.
    void setFieldErrors(const QList<QPair<QString, QString>>& errors);
    /// Shows "Trainable: 106,762 of 124,439,808 (0.086%)"; a negative count shows "unknown".
    void setParameterCounts(qint64 trainable, qint64 total);
    /// Fills the preset combo with (display name, file path).
    void setPresets(const QList<QPair<QString, QString>>& nameAndPath);
    /// Quiet time after the last edit of a burst before configEdited (ms, default 150).
    void setEditDelay(int milliseconds);

    /// The parameter-count text, with `locale`'s digit grouping.
    static QString formatParameterCounts(qint64 trainable,
                                         qint64 total,
                                         const QLocale& locale = QLocale());

Q_SIGNALS:
    /// The user edited the form; a burst of edits (typing) gives one emission.
    void configEdited(const QJsonObject& config);
    void presetRequested(const QString& path);
    void savePresetRequested();
    void startRequested(const QJsonObject& config);
    /// Run this task as FPT, fully trained transformer and LSTM (the paper's three columns).
    void compareRequested(const QJsonObject& config);

protected:
    void changeEvent(QEvent* event) override;

private:
    QWidget* buildHeader();
    QWidget* buildButtons();
    void flushPendingEdit();
    void showGeneralErrors();

    ExperimentForm* m_form = nullptr;
    QTimer m_editTimer;
    QComboBox* m_presetCombo = nullptr;
    QLabel* m_generalErrors = nullptr;
    QStringList m_generalErrorLines;
    qint64 m_trainable = -1;
    qint64 m_total = -1;
    QPushButton* m_start = nullptr;
    QPushButton* m_compare = nullptr;
};

}  // namespace fpt::widgets
