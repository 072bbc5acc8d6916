// SPDX-License-Identifier: MIT
// A run folder: run.json (resolved config, seed, versions, status), metrics.jsonl (one JSON object
// per line), checkpoints/step_N/ (model + training state), snapshots/, and the final
// model.safetensors. Every file is written atomically (temp + rename); metrics lines are appended
// with one write() each.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace fpt::core {

inline constexpr int kRunFolderSchemaVersion = 1;

class RunFolder {
public:
    /// Creates (or reuses an empty) folder and writes run.json with `record` (must hold "config").
    static RunFolder create(const std::string& dir, const nlohmann::json& record);
    /// Opens an existing run folder; throws CheckpointError when run.json is missing/unreadable
    /// or has another schema version.
    static RunFolder open(const std::string& dir);

    const std::string& path() const { return m_dir; }
    const nlohmann::json& record() const { return m_record; }

    /// Merges `fields` into run.json and rewrites it atomically.
    void updateRecord(const nlohmann::json& fields);

    /// Appends one line to metrics.jsonl.
    void appendMetrics(const nlohmann::json& line) const;

    /// Keeps only complete metrics lines with step <= `step` (after a resume from that step).
    void truncateMetricsAfter(int64_t step) const;

    /// All parsable lines of metrics.jsonl (a torn last line is skipped).
    std::vector<nlohmann::json> readMetrics() const;

    std::string checkpointDir(int64_t step) const;
    /// Steps of complete checkpoints (folders without the .tmp suffix), ascending.
    std::vector<int64_t> checkpointSteps() const;
    std::optional<int64_t> latestCheckpointStep() const;
    /// Deletes all but the newest `keep` checkpoints.
    void pruneCheckpoints(int64_t keep) const;

    std::string snapshotsDir() const;
    /// Throws Error when the run folder is gone (deleted or moved while the run writes to it), so
    /// that snapshot and checkpoint writes fail clearly instead of re-creating half a folder.
    void requirePresent() const;
    std::string file(const std::string& name) const;

private:
    explicit RunFolder(std::string dir);
    std::string m_dir;
    nlohmann::json m_record;
};

/// Reads metrics.jsonl text, skipping blank and torn lines (used by the GUI's folder reader too).
std::vector<nlohmann::json> parseMetricsLines(const std::string& text);

/// The metrics.jsonl text a run resumed from checkpoint `step` starts from: complete lines with
/// an integer step <= `step`, minus final-evaluation lines (the resumed run writes its own), so
/// a resume never leaves a torn or duplicated line.
std::string metricsKeptOnResume(const std::string& text, int64_t step);

/// Parses run.json text: an object with schema_version == kRunFolderSchemaVersion and a "config"
/// object. Throws CheckpointError naming `origin`.
nlohmann::json parseRunRecord(const std::string& text, const std::string& origin);

/// `name` made into one safe path component for runs/<name>-<stamp>: only [A-Za-z0-9._-] kept
/// (others become '_'), no leading '.', at most 64 characters, never empty. A preset's name can
/// therefore never point a run folder outside the runs root.
std::string safeRunFolderName(const std::string& name);

}  // namespace fpt::core
