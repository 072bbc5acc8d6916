// SPDX-License-Identifier: MIT
// Item-data roles the app's run model provides to RunListWidget and RunListDelegate.
#pragma once

#include <Qt>

namespace fpt::widgets {

enum RunListRole : int {
    /// Column 0: the run id (QString) that the run list's intent signals carry.
    RunIdRole = Qt::UserRole,
    /// A progress column: double in [0, 1]; the delegate draws it as a progress bar.
    ProgressRole = Qt::UserRole + 1,
    /// The state column: "queued", "running", "paused", "done", "failed" or "stopped" (coloured).
    /// Its Qt::ToolTipRole holds a failed run's user message.
    StateRole = Qt::UserRole + 2,
};

}  // namespace fpt::widgets
