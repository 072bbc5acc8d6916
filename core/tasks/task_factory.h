// SPDX-License-Identifier: MIT
// Creates the Task for a TaskConfig and fills in each task's paper defaults.
#pragma once

#include "core/config/run_config.h"
#include "core/tasks/task.h"

#include <memory>

namespace fpt::core {

/// Fills the task fields left at 0 / "" with the task's paper defaults (fpt-paper.md §3.3).
void resolveTaskDefaults(TaskConfig& task);

/// The task's shapes from its config alone (no data loaded); equals makeTask(task)->spec().
TaskSpec taskSpecFor(const TaskConfig& task);

/// The task object (loads its data). Throws ConfigError / DatasetError with the field or file.
std::unique_ptr<Task> makeTask(const TaskConfig& task, int64_t seed);

}  // namespace fpt::core
