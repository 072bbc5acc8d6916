// SPDX-License-Identifier: MIT
// Binds QFormLayout rows to JSON-pointer fields ("/train/learning_rate") of a config QJsonObject,
// so the experiment form round-trips a config exactly: unknown keys, absent keys and the JSON type
// of every field the user did not touch are kept as they were loaded. Also shows field errors.
#pragma once

#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPair>

#include <vector>

class QFormLayout;
class QLabel;

namespace fpt::widgets {

class ConfigFormBinder : public QObject {
    Q_OBJECT

public:
    /// `text` broken into lines of at most `maxChars` characters where it can be (at spaces, and
    /// after '/' in paths); existing line breaks are kept. The error labels' wrapping.
    static QString breakIntoLines(const QString& text, int maxChars);
    static constexpr int kErrorLineChars = 48;
    enum class ValueKind {
        Scalar,   // value type follows the input: spin box, check box, combo box, line edit
        IntList,  // QLineEdit holding "1, -1, 3" <-> [1, -1, 3]
    };

    explicit ConfigFormBinder(QObject* parent = nullptr);

    /// Adds a row to `form` for `pointer`: `input` (QSpinBox, QDoubleSpinBox, QCheckBox,
    /// QComboBox or QLineEdit; its objectName becomes `pointer`), an optional trailing button and
    /// an error label under them. An empty `label` suits a check box, whose text says it. The
    /// input's current value becomes the default shown when the key is absent. Returns the row's
    /// field widget (owned by the form).
    QWidget* addRow(QFormLayout* form,
                    const QString& label,
                    const QString& pointer,
                    QWidget* input,
                    QWidget* trailing = nullptr,
                    ValueKind kind = ValueKind::Scalar);
    void setRowVisible(const QString& pointer, bool visible);
    void setRowEnabled(const QString& pointer, bool enabled);
    bool isRowVisible(const QString& pointer) const;
    /// The row's label (null for a label-less row).
    QLabel* rowLabel(const QString& pointer) const;

    /// Shows `config` in the inputs (absent or mistyped keys show the default). Emits nothing.
    void load(const QJsonObject& config);
    /// Puts the inputs of `pointers` back to their defaults without emitting edited().
    void resetToDefaults(const QStringList& pointers);

    /// The loaded config with every field whose input differs from what was loaded written back.
    QJsonObject config() const;

    /// The value the input shows now, as it would be written.
    QJsonValue value(const QString& pointer) const;
    QWidget* input(const QString& pointer) const;
    QStringList pointers() const;

    /// The registered field a JSON pointer belongs to ("/model/unfreeze_ff_layers/2" ->
    /// "/model/unfreeze_ff_layers"), or an empty string.
    QString fieldFor(const QString& path) const;

    /// Marks `pointer`'s input as invalid (tinted background, message below it and as tooltip).
    void showError(const QString& pointer, const QString& message);
    void clearErrors();

    /// Value at a JSON pointer inside `object` (Undefined when absent).
    static QJsonValue valueAt(const QJsonObject& object, const QString& pointer);
    /// Sets the value at a JSON pointer, creating intermediate objects.
    static void setValueAt(QJsonObject& object, const QString& pointer, const QJsonValue& value);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

Q_SIGNALS:
    /// The user changed `pointer`'s input (not emitted while loading).
    void edited(const QString& pointer);

private:
    struct Field {
        QString pointer;
        QWidget* input = nullptr;
        QFormLayout* form = nullptr;
        QWidget* row = nullptr;  // the field widget of the form row: input + error label
        QLabel* errorLabel = nullptr;
        ValueKind kind = ValueKind::Scalar;
        QJsonValue defaultValue;  // what the input showed when registered
        QJsonValue loadedValue;   // what the input showed right after load()
        QString plainToolTip;     // tooltip without the error message
    };

    void watch(const Field& field);
    const Field* find(const QString& pointer) const;
    QJsonValue read(const Field& field) const;
    void write(const Field& field, const QJsonValue& value);
    void setHighlighted(Field& field, bool on);

    std::vector<Field> m_fields;
    QJsonObject m_loaded;
    bool m_loading = false;
};

}  // namespace fpt::widgets
