// SPDX-License-Identifier: MIT
// A QDoubleSpinBox that reads and writes scientific notation ("3e-4") and steps through the
// 1-2-5 sequence (1e-4, 2e-4, 5e-4, 1e-3, ...), for learning rates and weight decay.
#pragma once

#include <QDoubleSpinBox>

namespace fpt::widgets {

class ScientificSpinBox : public QDoubleSpinBox {
    Q_OBJECT

public:
    explicit ScientificSpinBox(QWidget* parent = nullptr);

    /// Shortest text for `value`: "0.001" down to 1e-3, "3e-4" below (C locale, '.' decimal point).
    static QString formatValue(double value);

    QString textFromValue(double value) const override;
    double valueFromText(const QString& text) const override;
    QValidator::State validate(QString& text, int& pos) const override;
    void fixup(QString& input) const override;
    void stepBy(int steps) override;
};

}  // namespace fpt::widgets
