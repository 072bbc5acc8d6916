// SPDX-License-Identifier: MIT
// Run colours and line styles (see run_palette.h).
#include "widgets/charts/run_palette.h"

#include "widgets/charts/curve_panel_widget.h"

#include <QVector>

namespace fpt::widgets {

namespace {

// Indices into CurvePanelWidget::runColor: 0 blue, 1 orange, 2 bluish green, 3 vermillion,
// 4 reddish purple, 5 sky blue, 6 grey.
QVector<int> family(const QString& kind) {
    if (kind == QLatin1String("fpt")) {
        return {0, 5, 4};
    }
    if (kind == QLatin1String("full")) {
        return {3, 1};
    }
    if (kind == QLatin1String("lstm")) {
        return {2, 6};
    }
    return {4, 1, 5};
}

}  // namespace

QColor pickRunColor(const QString& kind, const QList<QColor>& used) {
    const QVector<int> preferred = family(kind);
    for (int index : preferred) {
        if (!used.contains(CurvePanelWidget::runColor(index))) {
            return CurvePanelWidget::runColor(index);
        }
    }
    // The family is used up (e.g. three seeds of one kind): reuse its least-used colour rather
    // than borrow another kind's, so FPT / Full / LSTM stay apart.
    int best = preferred.front();
    qsizetype bestCount = used.count(CurvePanelWidget::runColor(best));
    for (int index : preferred) {
        const qsizetype count = used.count(CurvePanelWidget::runColor(index));
        if (count < bestCount) {
            best = index;
            bestCount = count;
        }
    }
    return CurvePanelWidget::runColor(best);
}

Qt::PenStyle runLineStyle(const QString& kind, const QString& backbone, bool test) {
    const bool random = kind == QLatin1String("fpt") &&
                        (backbone.isEmpty() || backbone == QLatin1String("random"));
    if (random) {
        return test ? Qt::DashDotLine : Qt::DotLine;
    }
    return test ? Qt::DashLine : Qt::SolidLine;
}

}  // namespace fpt::widgets
