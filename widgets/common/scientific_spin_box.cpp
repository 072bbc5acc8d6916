// SPDX-License-Identifier: MIT
// Scientific-notation spin box; see scientific_spin_box.h.
#include "widgets/common/scientific_spin_box.h"

#include <QLocale>
#include <QRegularExpression>

#include <algorithm>
#include <array>
#include <cmath>

namespace fpt::widgets {

namespace {

constexpr std::array<double, 3> kMantissas{1.0, 2.0, 5.0};

// Next value in the 1-2-5 sequence above (up) or below (down) `value` (> 0).
double nextInSequence(double value, bool up) {
    const double decade = std::pow(10.0, std::floor(std::log10(value)));
    if (up) {
        for (double m : kMantissas) {
            if (m * decade > value * (1.0 + 1e-9)) {
                return m * decade;
            }
        }
        return 10.0 * decade;
    }
    for (auto it = kMantissas.rbegin(); it != kMantissas.rend(); ++it) {
        if (*it * decade < value * (1.0 - 1e-9)) {
            return *it * decade;
        }
    }
    return 0.5 * decade;
}

}  // namespace

ScientificSpinBox::ScientificSpinBox(QWidget* parent)
    : QDoubleSpinBox(parent) {
    // QDoubleSpinBox rounds every value to `decimals`; 20 keeps 1e-12-sized rates exact enough.
    setDecimals(20);
    setRange(0.0, 10.0);
    setKeyboardTracking(true);
}

QString ScientificSpinBox::formatValue(double value) {
    const double magnitude = std::fabs(value);
    if (value == 0.0 || (magnitude >= 1e-3 && magnitude < 1e5)) {
        return QLocale::c().toString(value, 'g', QLocale::FloatingPointShortest);
    }
    QString text = QLocale::c().toString(value, 'e', QLocale::FloatingPointShortest);
    // "1e-04" -> "1e-4": Qt pads the exponent to two digits.
    static const QRegularExpression kExponentZeros(QStringLiteral("e([+-]?)0+(\\d)"));
    text.replace(kExponentZeros, QStringLiteral("e\\1\\2"));
    return text.replace(QStringLiteral("e+"), QStringLiteral("e"));
}

QString ScientificSpinBox::textFromValue(double value) const {
    return formatValue(value);
}

double ScientificSpinBox::valueFromText(const QString& text) const {
    bool ok = false;
    const double value = QLocale::c().toDouble(text.trimmed(), &ok);
    return ok ? value : this->value();
}

QValidator::State ScientificSpinBox::validate(QString& text, int& /*pos*/) const {
    const QString trimmed = text.trimmed();
    bool ok = false;
    const double value = QLocale::c().toDouble(trimmed, &ok);
    if (ok) {
        return value >= minimum() && value <= maximum() ? QValidator::Acceptable
                                                        : QValidator::Intermediate;
    }
    // A number still being typed: "", "-", "1.", "1e", "1e-".
    static const QRegularExpression kPartial(
        QStringLiteral("^[+-]?\\d*\\.?\\d*(?:[eE][+-]?\\d*)?$"));
    return kPartial.match(trimmed).hasMatch() ? QValidator::Intermediate : QValidator::Invalid;
}

void ScientificSpinBox::fixup(QString& input) const {
    input = formatValue(value());
}

void ScientificSpinBox::stepBy(int steps) {
    double v = value();
    for (int i = 0; i < std::abs(steps); ++i) {
        if (v <= 0.0) {
            v = steps > 0 ? std::max(minimum(), 1e-6) : 0.0;
            continue;
        }
        v = nextInSequence(v, steps > 0);
    }
    setValue(std::clamp(v, minimum(), maximum()));
    selectAll();
}

}  // namespace fpt::widgets
