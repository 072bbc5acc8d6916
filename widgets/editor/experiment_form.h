// SPDX-License-Identifier: MIT
// The scrollable body of the experiment editor: Task, Model and Training sections with one input
// per run-config field (objectName = JSON pointer), and the rules that show, hide and enable them
// by task, model kind and freeze flags.
#pragma once

#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QScrollArea>

class QComboBox;
class QGroupBox;
class QLabel;

namespace fpt::widgets {

class CollapsibleSection;
class ConfigFormBinder;

class ExperimentForm : public QScrollArea {
    Q_OBJECT

public:
    explicit ExperimentForm(QWidget* parent = nullptr);

    /// Shows `config` without emitting edited().
    void load(const QJsonObject& config);
    /// The loaded config with the user's edits applied (see ConfigFormBinder::config).
    QJsonObject config() const;

    void setBackboneChoices(const QStringList& names);
    void setArchitectureLocked(bool locked);
    void setParameterCountText(const QString& text);

    /// Clears earlier marks, then marks every error whose path belongs to a shown field (expanding
    /// its section) and returns the errors it could not place.
    QList<QPair<QString, QString>> showErrors(const QList<QPair<QString, QString>>& errors);

Q_SIGNALS:
    /// The user changed the input of `pointer`; dependent rows are already updated.
    void edited(const QString& pointer);

private:
    QWidget* buildTaskSection();
    QWidget* buildModelSection();
    QGroupBox* buildFreezeBox();
    QWidget* buildTrainSection();

    void onFieldEdited(const QString& pointer);
    void updateTaskRows();
    void updateModelRows();
    void browseForFolder(QWidget* target, const QString& caption);

    ConfigFormBinder* m_binder = nullptr;
    QList<CollapsibleSection*> m_sections;
    QLabel* m_parameterCount = nullptr;
    QGroupBox* m_freezeBox = nullptr;
    QComboBox* m_testSplitCombo = nullptr;
    QComboBox* m_backboneCombo = nullptr;
    bool m_architectureLocked = false;
};

}  // namespace fpt::widgets
