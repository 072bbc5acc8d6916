// SPDX-License-Identifier: MIT
// Shared wrapped legend of the curve panel (see curve_legend_widget.h).
#include "widgets/charts/curve_legend_widget.h"

#include <QStringList>

namespace fpt::widgets {

CurveLegendWidget::CurveLegendWidget(QWidget* parent)
    : QLabel(parent) {
    setObjectName(QStringLiteral("curveLegend"));
    setWordWrap(true);
    setTextFormat(Qt::RichText);
    setTextInteractionFlags(Qt::TextSelectableByMouse);
    setAccessibleName(tr("Legend"));
    setVisible(false);
}

QString CurveLegendWidget::styleSample(Qt::PenStyle style) {
    switch (style) {
        case Qt::DotLine:
            return QStringLiteral("┅┅");
        case Qt::DashDotLine:
            return QStringLiteral("━┅");
        case Qt::DashLine:
            return QStringLiteral("╍╍");
        default:
            return QStringLiteral("━━");
    }
}

void CurveLegendWidget::setEntries(const QVector<Entry>& entries) {
    if (entries.size() == m_entries.size()) {
        bool same = true;
        for (int i = 0; i < entries.size() && same; ++i) {
            same = entries[i].label == m_entries[i].label && entries[i].color == m_entries[i].color &&
                   entries[i].style == m_entries[i].style;
        }
        if (same) {
            return;
        }
    }
    m_entries = entries;
    QStringList items;
    QStringList plain;
    for (const auto& e : entries) {
        // Non-breaking inside an entry, so lines wrap only between entries.
        QString name = e.label.toHtmlEscaped();
        name.replace(QLatin1Char(' '), QStringLiteral("&nbsp;"));
        items.append(QStringLiteral("<span style=\"color:%1\"><b>%2</b></span>&nbsp;%3")
                         .arg(e.color.name(), styleSample(e.style), name));
        plain.append(e.label);
    }
    setText(items.join(QStringLiteral(" &nbsp;&nbsp; ")));
    setToolTip(plain.join(QLatin1Char('\n')));
    setVisible(!entries.isEmpty());
}

}  // namespace fpt::widgets
