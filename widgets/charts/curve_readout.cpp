// SPDX-License-Identifier: MIT
// Hover read-out content (see curve_readout.h).
#include "widgets/charts/curve_readout.h"

#include "widgets/charts/curve_series_data.h"

#include <QCoreApplication>
#include <QStringList>

#include <cmath>

namespace fpt::widgets {

namespace {

QString number(double v) {
    return QString::number(v, 'g', 5);
}

QString tr(const char* text) {
    return QCoreApplication::translate("fpt::widgets::CurveReadout", text);
}

}  // namespace

CurveReadout CurveReadout::at(const QVector<Source>& sources, XAxisMode mode, double cursorX) {
    CurveReadout readout;
    readout.m_mode = mode;
    bool found = false;
    for (const Source& source : sources) {
        const int i = source.data->nearestIndex(mode, cursorX);
        if (i < 0) {
            continue;
        }
        const CurvePoint& p = source.data->points()[i];
        const double x = CurveSeriesData::xOf(p, mode);
        if (!found || std::abs(x - cursorX) < std::abs(readout.m_snapX - cursorX)) {
            readout.m_snapX = x;
            readout.m_anchor = p;
            found = true;
        }
    }
    if (!found) {
        return readout;
    }
    for (const Source& source : sources) {
        const int i = source.data->nearestIndex(mode, readout.m_snapX);
        if (i >= 0) {
            readout.m_rows.push_back({source.label, source.color, source.style,
                                      source.data->points()[i], source.data->smoothed()[i]});
        }
    }
    return readout;
}

QString CurveReadout::header() const {
    const QString step = tr("Step %1").arg(number(m_anchor.step));
    const QString wall = tr("%1 s").arg(number(m_anchor.wallSeconds));
    const QString dot = QStringLiteral(" \u00b7 ");
    return m_mode == XAxisMode::Step ? step + dot + wall : wall + dot + step;
}

QString CurveReadout::values(const Row& row, bool showRaw) const {
    QString text = number(row.smoothed);
    if (showRaw) {
        text += tr(" (raw %1)").arg(number(row.point.value));
    }
    if (row.point.step != m_anchor.step) {
        text += tr(" at step %1").arg(number(row.point.step));  // e.g. sparse eval points
    }
    return text;
}

QString CurveReadout::plainText(bool showRaw) const {
    if (isEmpty()) {
        return {};
    }
    QStringList lines{header()};
    for (const Row& row : m_rows) {
        lines.push_back(row.label + QStringLiteral(": ") + values(row, showRaw));
    }
    return lines.join(QLatin1Char('\n'));
}

QString CurveReadout::html(bool showRaw) const {
    if (isEmpty()) {
        return {};
    }
    QString out = QStringLiteral("<b>%1</b><table cellspacing=\"0\" cellpadding=\"1\">")
                      .arg(header().toHtmlEscaped());
    for (const Row& row : m_rows) {
        // Heavy line for solid curves, dashed line for the rest, so colour is not the only cue.
        const QString swatch = row.style == Qt::SolidLine ? QStringLiteral("\u2501\u2501")
                                                          : QStringLiteral("\u2505\u2505");
        out += QStringLiteral(
                   "<tr><td style=\"color:%1\">%2&nbsp;</td><td>%3&nbsp;</td>"
                   "<td>%4</td></tr>")
                   .arg(row.color.name(), swatch, row.label.toHtmlEscaped(),
                        values(row, showRaw).toHtmlEscaped());
    }
    return out + QStringLiteral("</table>");
}

}  // namespace fpt::widgets
