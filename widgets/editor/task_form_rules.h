// SPDX-License-Identifier: MIT
// What the experiment form offers per task: the task list, which task fields apply to which task
// (fpt-paper.md §1), and per-task labels and split names. Kept here so the editor stays
// layout-only.
#pragma once

#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

namespace fpt::widgets::task_form_rules {

/// (label, JSON value) of every task, in the paper's order.
QList<QPair<QString, QString>> taskChoices();

/// Whether task field `key` (e.g. "patch_size") is used by `task`; true for every field of a task
/// the form does not know, so its fields stay editable.
bool isFieldRelevant(const QString& key, const QString& task);

/// Suggestions for task.test_split ("" = the task's default split).
QStringList testSplitChoices(const QString& task);

/// Row label for task.patch_size: bits per token for bit tasks, pixels per side for images.
QString patchSizeLabel(const QString& task);

}  // namespace fpt::widgets::task_form_rules
