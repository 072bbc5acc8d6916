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

bool isBit(const std::string& n) { return n == "bit_memory" || n == "bit_xor"; }
bool isImage(const std::string& n) {
    return n == "mnist" || n == "fashion_mnist" || n == "cifar10" || n == "cifar10_lra";
}

[[noreturn]] void unknownTask(const std::string& name) {
    throw ConfigError("/task/name: unknown task '" + name + "'");
}

}  // namespace

void resolveTaskDefaults(TaskConfig& task) {
    if (isBit(task.name)) {
        BitTask::resolveDefaults(task);
    } else if (isImage(task.name)) {
        ImageTask::resolveDefaults(task);
    } else if (task.name == "listops") {
        ListOpsTask::resolveDefaults(task);
    } else if (task.name == "remote_homology") {
        HomologyTask::resolveDefaults(task);
    }
}

TaskSpec taskSpecFor(const TaskConfig& task) {
    TaskConfig t = task;
    resolveTaskDefaults(t);
    if (isBit(t.name)) {
        return BitTask(t, 0).spec();  // generated data: construction is free
    }
    TaskSpec s;
    s.readout_tokens = 1;
    s.outputs_per_token = 10;
    s.num_classes = 10;
    if (isImage(t.name)) {
        const bool mnistLike = t.name == "mnist" || t.name == "fashion_mnist";
        const int64_t side = mnistLike ? (t.paper_resize ? 32 : 28) : 32;  // as ImageTask pads
        const int64_t channels = t.name == "cifar10" ? 3 : 1;
        const int64_t p = std::max<int64_t>(1, t.patch_size);
        s.input_kind = InputKind::Continuous;
        s.input_dim = p * p * channels;
        s.seq_len = (side / p) * (side / p);
        return s;
    }
    if (t.name == "listops") {
        s.input_kind = InputKind::Tokens;
        s.input_dim = ListOpsVocab(t.drop_brackets).size();
        s.seq_len = t.max_length;
        return s;
    }
    if (t.name == "remote_homology") {
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
    if (isBit(resolved.name)) {
        return std::make_unique<BitTask>(resolved, seed);
    }
    if (isImage(resolved.name)) {
        return std::make_unique<ImageTask>(resolved, seed);
    }
    if (resolved.name == "listops") {
        return std::make_unique<ListOpsTask>(resolved, seed);
    }
    if (resolved.name == "remote_homology") {
        return std::make_unique<HomologyTask>(resolved, seed);
    }
    unknownTask(resolved.name);
}

}  // namespace fpt::core
