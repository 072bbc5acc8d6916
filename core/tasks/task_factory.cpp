// SPDX-License-Identifier: MIT
// Task registry: task key -> defaults, shapes (without data) and constructor.
#include "core/tasks/task_factory.h"

#include "core/tasks/bit_task.h"
#include "core/config/error.h"
#include "core/tasks/homology_task.h"
#include "core/tasks/image_task.h"
#include "core/tasks/listops_task.h"
#include "core/data/listops_vocab.h"
#include "core/data/tape_reader.h"

namespace fpt::core {

namespace {

[[noreturn]] void unknownTask(TaskKind name) {
    throw ConfigError("/task/name: unknown task '" + toString(name) + "'");
}

}  // namespace

void resolveTaskDefaults(TaskConfig& task) {
    if (isBitTask(task.name)) {
        BitTask::resolveDefaults(task);
    } else if (isImageTask(task.name)) {
        ImageTask::resolveDefaults(task);
    } else if (task.name == TaskKind::ListOps) {
        ListOpsTask::resolveDefaults(task);
    } else if (task.name == TaskKind::RemoteHomology) {
        HomologyTask::resolveDefaults(task);
    }
}

TaskSpec taskSpecFor(const TaskConfig& task) {
    TaskConfig t = task;
    resolveTaskDefaults(t);
    if (isBitTask(t.name)) {
        return BitTask(t, 0).spec();  // generated data: construction is free
    }
    TaskSpec s;
    s.readout_tokens = 1;
    s.outputs_per_token = 10;
    s.num_classes = 10;
    if (isImageTask(t.name)) {
        const bool mnistLike = t.name == TaskKind::Mnist || t.name == TaskKind::FashionMnist;
        const int64_t side = mnistLike ? (t.paper_resize ? 32 : 28) : 32;  // as ImageTask pads
        const int64_t channels = t.name == TaskKind::Cifar10 ? 3 : 1;
        const int64_t p = std::max<int64_t>(1, t.patch_size);
        s.input_kind = InputKind::Continuous;
        s.input_dim = p * p * channels;
        s.seq_len = (side / p) * (side / p);
        return s;
    }
    if (t.name == TaskKind::ListOps) {
        s.input_kind = InputKind::Tokens;
        s.input_dim = ListOpsVocab(t.drop_brackets).size();
        s.seq_len = t.max_length;
        return s;
    }
    if (t.name == TaskKind::RemoteHomology) {
        s.input_kind = InputKind::Tokens;
        s.input_dim = kIupacVocabSize;
        s.seq_len = t.max_length;
        s.outputs_per_token = s.num_classes = kHomologyClasses;
        return s;
    }
    unknownTask(t.name);
}

std::unique_ptr<Task> makeTask(const TaskConfig& task, int64_t seed) {
    TaskConfig resolved = task;
    resolveTaskDefaults(resolved);
    if (isBitTask(resolved.name)) {
        return std::make_unique<BitTask>(resolved, seed);
    }
    if (isImageTask(resolved.name)) {
        return std::make_unique<ImageTask>(resolved, seed);
    }
    if (resolved.name == TaskKind::ListOps) {
        return std::make_unique<ListOpsTask>(resolved, seed);
    }
    if (resolved.name == TaskKind::RemoteHomology) {
        return std::make_unique<HomologyTask>(resolved, seed);
    }
    unknownTask(resolved.name);
}

}  // namespace fpt::core
