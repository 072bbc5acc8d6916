// SPDX-License-Identifier: MIT
// Form <-> JSON binding for the experiment editor; see config_form_binder.h.
#include "widgets/editor/config_form_binder.h"

#include "widgets/editor/field_help.h"

#include "widgets/common/status_palette.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QEvent>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QSpinBox>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace fpt::widgets {

namespace {

// "/model/freeze_ln" -> {"model", "freeze_ln"} (RFC 6901 escapes ~1 = '/', ~0 = '~').
QStringList splitPointer(const QString& pointer) {
    QStringList keys = pointer.split(QLatin1Char('/'));
    if (!keys.isEmpty() && keys.first().isEmpty()) {
        keys.removeFirst();
    }
    for (QString& key : keys) {
        key.replace(QStringLiteral("~1"), QStringLiteral("/"))
            .replace(QStringLiteral("~0"), QStringLiteral("~"));
    }
    return keys;
}

void setAt(QJsonObject& object, const QStringList& keys, int depth, const QJsonValue& value) {
    const QString& key = keys.at(depth);
    if (depth + 1 == keys.size()) {
        object.insert(key, value);
        return;
    }
    QJsonObject child = object.value(key).toObject();
    setAt(child, keys, depth + 1, value);
    object.insert(key, child);
}

QJsonArray parseIntList(const QString& text) {
    QJsonArray list;
    for (const QString& part : text.split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        bool ok = false;
        const qint64 number = part.trimmed().toLongLong(&ok);
        if (ok) {
            list.append(number);
        }
    }
    return list;
}

QString formatIntList(const QJsonArray& list) {
    QStringList parts;
    for (const QJsonValue& item : list) {
        parts.append(QString::number(item.toInteger()));
    }
    return parts.join(QStringLiteral(", "));
}

}  // namespace

ConfigFormBinder::ConfigFormBinder(QObject* parent)
    : QObject(parent) {}

QWidget* ConfigFormBinder::addRow(QFormLayout* form,
                                  const QString& label,
                                  const QString& pointer,
                                  QWidget* input,
                                  QWidget* trailing,
                                  ValueKind kind) {
    input->setObjectName(pointer);
    auto* row = new QWidget;
    auto* column = new QVBoxLayout(row);
    column->setContentsMargins(0, 0, 0, 0);
    column->setSpacing(2);
    if (trailing != nullptr) {
        auto* line = new QHBoxLayout;
        line->addWidget(input, 1);
        line->addWidget(trailing);
        column->addLayout(line);
    } else {
        column->addWidget(input);
    }
    auto* errorLabel = new QLabel;
    errorLabel->setObjectName(pointer + QStringLiteral("#error"));
    // No QLabel word wrap here: a height-for-width label inside this QFormLayout makes Qt 6.4's
    // QFormLayout::setGeometry write past its arrays (valgrind), and the explorer crashed at first
    // launch when a preset's data folder was missing. The text is broken into lines instead.
    errorLabel->setWordWrap(false);
    errorLabel->hide();
    column->addWidget(errorLabel);
    row->setFocusProxy(input);

    QString accessible = label;
    if (auto* check = qobject_cast<QCheckBox*>(input); check != nullptr && label.isEmpty()) {
        accessible = check->text();
    }
    input->setAccessibleName(accessible.remove(QLatin1Char('&')));
    if (label.isEmpty()) {
        form->addRow(row);
    } else {
        auto* rowLabel = new QLabel(label);
        rowLabel->setBuddy(input);
        form->addRow(rowLabel, row);
    }

    Field field;
    field.pointer = pointer;
    field.input = input;
    field.form = form;
    field.row = row;
    field.errorLabel = errorLabel;
    field.kind = kind;
    if (const QString help = fieldHelp(pointer); !help.isEmpty()) {  // every field says what it means
        input->setToolTip(input->toolTip().isEmpty() ? help : input->toolTip() + QStringLiteral("\n\n") + help);
        input->setWhatsThis(help);
    }
    field.plainToolTip = input->toolTip();
    field.defaultValue = read(field);
    field.loadedValue = field.defaultValue;
    m_fields.push_back(field);
    watch(field);
    return row;
}

void ConfigFormBinder::watch(const Field& field) {
    const QString pointer = field.pointer;
    const auto notify = [this, pointer] {
        if (!m_loading) {
            Q_EMIT edited(pointer);
        }
    };
    QWidget* input = field.input;
    if (auto* check = qobject_cast<QCheckBox*>(input)) {
        connect(check, &QCheckBox::toggled, this, notify);
    } else if (auto* spin = qobject_cast<QSpinBox*>(input)) {
        connect(spin, &QSpinBox::valueChanged, this, notify);
    } else if (auto* doubleSpin = qobject_cast<QDoubleSpinBox*>(input)) {
        connect(doubleSpin, &QDoubleSpinBox::valueChanged, this, notify);
    } else if (auto* combo = qobject_cast<QComboBox*>(input)) {
        if (combo->isEditable()) {
            connect(combo, &QComboBox::editTextChanged, this, notify);
        } else {
            connect(combo, &QComboBox::currentIndexChanged, this, notify);
        }
    } else if (auto* edit = qobject_cast<QLineEdit*>(input)) {
        connect(edit, &QLineEdit::textChanged, this, notify);
    }
    if (qobject_cast<QAbstractSpinBox*>(input) != nullptr ||
        qobject_cast<QComboBox*>(input) != nullptr) {
        input->setFocusPolicy(Qt::StrongFocus);
        input->installEventFilter(this);
    }
}

void ConfigFormBinder::setRowVisible(const QString& pointer, bool visible) {
    if (const Field* field = find(pointer)) {
        field->form->setRowVisible(field->row, visible);
    }
}

void ConfigFormBinder::setRowEnabled(const QString& pointer, bool enabled) {
    if (const Field* field = find(pointer)) {
        field->row->setEnabled(enabled);
        if (QLabel* label = rowLabel(pointer)) {
            label->setEnabled(enabled);
        }
    }
}

bool ConfigFormBinder::isRowVisible(const QString& pointer) const {
    const Field* field = find(pointer);
    return field != nullptr && field->form->isRowVisible(field->row);
}

QLabel* ConfigFormBinder::rowLabel(const QString& pointer) const {
    const Field* field = find(pointer);
    return field != nullptr ? qobject_cast<QLabel*>(field->form->labelForField(field->row))
                            : nullptr;
}

bool ConfigFormBinder::eventFilter(QObject* watched, QEvent* event) {
    // A wheel over an unfocused spin box or combo scrolls the form instead of changing the value:
    // swallowed here but left unaccepted, QApplication hands it on to the parents.
    if (event->type() == QEvent::Wheel) {
        auto* input = qobject_cast<QWidget*>(watched);
        if (input != nullptr && !input->hasFocus()) {
            event->ignore();
            return true;
        }
    }
    return QObject::eventFilter(watched, event);
}

void ConfigFormBinder::load(const QJsonObject& config) {
    m_loading = true;
    m_loaded = config;
    for (Field& field : m_fields) {
        write(field, valueAt(config, field.pointer));
        field.loadedValue = read(field);
    }
    m_loading = false;
}

void ConfigFormBinder::resetToDefaults(const QStringList& pointers) {
    const bool wasLoading = m_loading;
    m_loading = true;
    for (const Field& field : m_fields) {
        if (pointers.contains(field.pointer)) {
            write(field, field.defaultValue);
        }
    }
    m_loading = wasLoading;
}

QJsonObject ConfigFormBinder::config() const {
    QJsonObject result = m_loaded;
    for (const Field& field : m_fields) {
        const QJsonValue current = read(field);
        if (current != field.loadedValue) {
            setValueAt(result, field.pointer, current);
        }
    }
    return result;
}

QJsonValue ConfigFormBinder::value(const QString& pointer) const {
    const Field* field = find(pointer);
    return field != nullptr ? read(*field) : QJsonValue(QJsonValue::Undefined);
}

QWidget* ConfigFormBinder::input(const QString& pointer) const {
    const Field* field = find(pointer);
    return field != nullptr ? field->input : nullptr;
}

QStringList ConfigFormBinder::pointers() const {
    QStringList result;
    for (const Field& field : m_fields) {
        result.append(field.pointer);
    }
    return result;
}

QString ConfigFormBinder::fieldFor(const QString& path) const {
    for (const Field& field : m_fields) {
        if (path == field.pointer || path.startsWith(field.pointer + QLatin1Char('/'))) {
            return field.pointer;
        }
    }
    return {};
}

void ConfigFormBinder::showError(const QString& pointer, const QString& message) {
    auto it = std::find_if(m_fields.begin(), m_fields.end(),
                           [&](const Field& f) { return f.pointer == pointer; });
    if (it == m_fields.end()) {
        return;
    }
    const QString previous = it->input->property("fieldError").toString();
    const QString text = previous.isEmpty() ? message : previous + QLatin1Char('\n') + message;
    it->input->setProperty("fieldError", text);
    setHighlighted(*it, true);
}

void ConfigFormBinder::clearErrors() {
    for (Field& field : m_fields) {
        if (field.input->property("fieldError").isValid()) {
            field.input->setProperty("fieldError", QVariant());
            setHighlighted(field, false);
        }
    }
}

QJsonValue ConfigFormBinder::valueAt(const QJsonObject& object, const QString& pointer) {
    const QStringList keys = splitPointer(pointer);
    QJsonValue current = object;
    for (const QString& key : keys) {
        if (!current.isObject()) {
            return QJsonValue(QJsonValue::Undefined);
        }
        current = current.toObject().value(key);
    }
    return current;
}

void ConfigFormBinder::setValueAt(QJsonObject& object,
                                  const QString& pointer,
                                  const QJsonValue& value) {
    const QStringList keys = splitPointer(pointer);
    if (!keys.isEmpty()) {
        setAt(object, keys, 0, value);
    }
}

const ConfigFormBinder::Field* ConfigFormBinder::find(const QString& pointer) const {
    auto it = std::find_if(m_fields.begin(), m_fields.end(),
                           [&](const Field& f) { return f.pointer == pointer; });
    return it != m_fields.end() ? &*it : nullptr;
}

QJsonValue ConfigFormBinder::read(const Field& field) const {
    QWidget* input = field.input;
    if (auto* check = qobject_cast<QCheckBox*>(input)) {
        return check->isChecked();
    }
    if (auto* spin = qobject_cast<QSpinBox*>(input)) {
        return static_cast<qint64>(spin->value());
    }
    if (auto* doubleSpin = qobject_cast<QDoubleSpinBox*>(input)) {
        return doubleSpin->value();
    }
    if (auto* combo = qobject_cast<QComboBox*>(input)) {
        const QVariant data = combo->currentData();
        return !combo->isEditable() && data.isValid() ? data.toString() : combo->currentText();
    }
    if (auto* edit = qobject_cast<QLineEdit*>(input)) {
        if (field.kind == ValueKind::IntList) {
            return parseIntList(edit->text());
        }
        return edit->text();
    }
    return QJsonValue(QJsonValue::Undefined);
}

void ConfigFormBinder::write(const Field& field, const QJsonValue& value) {
    QWidget* input = field.input;
    if (auto* check = qobject_cast<QCheckBox*>(input)) {
        check->setChecked(value.isBool() ? value.toBool() : field.defaultValue.toBool());
    } else if (auto* spin = qobject_cast<QSpinBox*>(input)) {
        const double number = value.isDouble() ? value.toDouble() : field.defaultValue.toDouble();
        spin->setValue(static_cast<int>(
            std::clamp<double>(std::round(number), spin->minimum(), spin->maximum())));
    } else if (auto* doubleSpin = qobject_cast<QDoubleSpinBox*>(input)) {
        doubleSpin->setValue(value.isDouble() ? value.toDouble() : field.defaultValue.toDouble());
    } else if (auto* combo = qobject_cast<QComboBox*>(input)) {
        const QString text = value.isString() ? value.toString() : field.defaultValue.toString();
        if (combo->isEditable()) {
            combo->setCurrentText(text);
            return;
        }
        int index = combo->findData(text);
        if (index < 0) {
            // An unknown name (a newer task, a typo) stays visible instead of being replaced.
            combo->addItem(text, text);
            index = combo->count() - 1;
        }
        combo->setCurrentIndex(index);
    } else if (auto* edit = qobject_cast<QLineEdit*>(input)) {
        if (field.kind == ValueKind::IntList) {
            edit->setText(
                formatIntList(value.isArray() ? value.toArray() : field.defaultValue.toArray()));
        } else {
            edit->setText(value.isString() ? value.toString() : field.defaultValue.toString());
        }
    }
}

QString ConfigFormBinder::breakIntoLines(const QString& text, int maxChars) {
    // Greedy: words (split at spaces, and after '/' inside long paths) joined up to maxChars.
    QStringList lines;
    for (const QString& paragraph : text.split(QLatin1Char('\n'))) {
        QString line;
        QString word;
        const auto flushWord = [&]() {
            if (!line.isEmpty() && line.size() + word.size() > maxChars) {
                lines.append(line.trimmed());
                line.clear();
            }
            line += word;
            word.clear();
        };
        for (const QChar c : paragraph) {
            word += c;
            if (c == QLatin1Char(' ') || (c == QLatin1Char('/') && word.size() > 1)) {
                flushWord();
            }
        }
        flushWord();
        lines.append(line.trimmed());
    }
    return lines.join(QLatin1Char('\n'));
}

void ConfigFormBinder::setHighlighted(Field& field, bool on) {
    QWidget* input = field.input;
    const QString message = input->property("fieldError").toString();
    input->setPalette(QPalette());  // drop an earlier tint before tinting again
    if (on) {
        QPalette tinted = input->palette();
        tinted.setColor(QPalette::Base, errorTint(tinted));
        tinted.setColor(QPalette::Button, errorTint(tinted));
        input->setPalette(tinted);
        input->setToolTip(field.plainToolTip.isEmpty()
                              ? message
                              : message + QStringLiteral("\n\n") + field.plainToolTip);
        input->setAccessibleDescription(message);
    } else {
        input->setToolTip(field.plainToolTip);
        input->setAccessibleDescription(QString());
    }
    if (field.errorLabel != nullptr) {
        if (on) {
            QPalette labelPalette = field.errorLabel->palette();
            labelPalette.setColor(QPalette::WindowText,
                                  statusColor(StatusTone::Error, input->palette()));
            field.errorLabel->setPalette(labelPalette);
        }
        field.errorLabel->setText(breakIntoLines(message, kErrorLineChars));
        field.errorLabel->setVisible(on);
    }
}

}  // namespace fpt::widgets
