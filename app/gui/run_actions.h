// SPDX-License-Identifier: MIT
// Run-menu actions on the selected runs that need more than RunManager: the config diff of two
// runs or two seed groups, and "Continue to N steps…" for stopped runs.
#pragma once

#include "widgets/runs/config_diff_dialog.h"

#include <QStringList>
#include <QWidget>

#include <optional>

namespace fpt::app {

class RunManager;

/// The two sides to diff: two selected runs, or runs that form exactly two seed groups (then
/// train/seed is left out of the diff). None, with `error`, for any other selection.
struct DiffSides {
    widgets::ConfigDiffDialog::Side left;
    widgets::ConfigDiffDialog::Side right;
    QStringList ignored;
};
std::optional<DiffSides> diffSides(RunManager* runs, const QStringList& ids, QString* error);

/// Shows the config diff of the selection (a message when it is not two runs or groups).
void showConfigDiff(QWidget* parent, RunManager* runs, const QStringList& ids);

/// Asks for the step count (default: the run's own steps when stopped early, else double) and
/// continues each selected run that can be continued; errors go to a message box.
void continueRuns(QWidget* parent, RunManager* runs, const QStringList& ids);

}  // namespace fpt::app
