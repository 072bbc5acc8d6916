// SPDX-License-Identifier: MIT
// Which colour and line style a run gets: Okabe-Ito colours grouped by model kind (FPT blues,
// Full oranges, LSTM green/grey) so the three read apart at a glance; backbone by line style.
#pragma once

#include <QColor>
#include <QList>
#include <QString>

namespace fpt::widgets {

/// The colour for a new run of `kind` ("fpt", "full", "lstm", other): the first colour of the
/// kind's family not in `used`, else the family's least-used colour (never another kind's). Colours come from CurvePanelWidget::runColor (colour-blind safe).
QColor pickRunColor(const QString& kind, const QList<QColor>& used);

/// Line style of a run's curve: a pretrained body is drawn solid (train) / dashed (test), a
/// random one dotted (train) / dash-dotted (test); non-FPT kinds count as pretrained-looking
/// (solid / dashed), since they have no backbone.
Qt::PenStyle runLineStyle(const QString& kind, const QString& backbone, bool test);

}  // namespace fpt::widgets
