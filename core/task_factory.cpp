// SPDX-License-Identifier: MIT
// Task registry: task key -> defaults + constructor.
#include "core/task_factory.h"

#include "core/bit_task.h"
#include "core/error.h"

namespace fpt::core {

void resolveTaskDefaults(TaskConfig& task) {
    if (task.name == "bit_memory" || task.name == "bit_xor") {
        BitTask::resolveDefaults(task);
    }
}

TaskSpec taskSpecFor(const TaskConfig& task) {
    TaskConfig t = task;
    resolveTaskDefaults(t);
    if (t.name == "bit_memory" || t.name == "bit_xor") {
        return BitTask(t, 0).spec();
    }
    throw ConfigError("/task/name: task '" + t.name + "' is not available in this build");
}

std::unique_ptr<Task> makeTask(const TaskConfig& task, int64_t seed) {
    TaskConfig resolved = task;
    resolveTaskDefaults(resolved);
    if (resolved.name == "bit_memory" || resolved.name == "bit_xor") {
        return std::make_unique<BitTask>(resolved, seed);
    }
    throw ConfigError("/task/name: task '" + resolved.name + "' is not available in this build");
}

}  // namespace fpt::core
