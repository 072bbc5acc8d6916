// SPDX-License-Identifier: MIT
// What each editor field means, in a sentence or two: the tooltip and What's This text of every
// hyperparameter and freeze toggle (keyed by the field's JSON pointer, e.g. /model/freeze_ln).
#pragma once

#include <QString>

namespace fpt::widgets {

/// The help text for a field, or "" for a pointer without one.
QString fieldHelp(const QString& pointer);

}  // namespace fpt::widgets
