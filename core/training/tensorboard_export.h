// SPDX-License-Identifier: MIT
// Run folders to TensorBoard: each run's metrics.jsonl scalars (loss, accuracy, learning rate and
// gradient norm where recorded, per split) as one event file in a subfolder named after the run.
#pragma once

#include <string>
#include <vector>

namespace fpt::core {

struct TensorBoardExportResult {
    std::string run_dir;     // the run folder read
    std::string out_subdir;  // the folder its event file went to
    std::string event_file;  // the event file written
    int scalars = 0;         // scalar events written
};

/// A file-name-safe form of a run name: letters, digits, '.', '-', '_' kept, runs of anything
/// else become one '_'; never empty, never "." or "..".
std::string sanitizeRunName(const std::string& name);

/// Exports every run in `runDirs` under `outDir` (created), one subfolder per run named by its
/// run.json config.name (else the folder name), made unique with "-2", "-3"…. Every run is read
/// and checked before anything is written; a missing or corrupt run folder throws Error naming it.
/// `names`, when not empty, gives each run's display name instead (the explorer passes the names
/// its legend shows); it must then have one entry per run folder.
std::vector<TensorBoardExportResult> exportTensorBoard(const std::vector<std::string>& runDirs,
                                                       const std::string& outDir,
                                                       const std::vector<std::string>& names = {});

}  // namespace fpt::core
