// SPDX-License-Identifier: MIT
// TensorBoard export of run folders. Tags are "<split>/<metric>" (train/loss, test/accuracy…),
// steps are the training steps, wall times the run's start (metrics.jsonl's modification time
// less its last time_s) plus each line's time_s.
#include "core/training/tensorboard_export.h"

#include "core/config/error.h"
#include "core/formats/atomic_file_writer.h"
#include "core/formats/tensorboard_writer.h"
#include "core/training/run_folder.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace fpt::core {

namespace fs = std::filesystem;

namespace {

// Scalars exported from each metrics line, under their split; "lr" is an older spelling.
const std::vector<std::pair<std::string, std::string>> kMetricKeys = {
    {"loss", "loss"},
    {"accuracy", "accuracy"},
    {"learning_rate", "learning_rate"},
    {"lr", "learning_rate"},
    {"grad_norm", "grad_norm"},
};

struct RunScalars {
    std::string dir;
    std::string name;
    double start_time = 0.0;
    std::vector<nlohmann::json> lines;
};

double fileTimeSeconds(const fs::path& path) {
    std::error_code ec;
    const auto written = fs::last_write_time(path, ec);
    if (ec) {
        return 0.0;
    }
    const auto now = std::chrono::system_clock::now();
    const auto sys = now + (written - fs::file_time_type::clock::now());
    return std::chrono::duration<double>(sys.time_since_epoch()).count();
}

// Reads metrics.jsonl strictly: a torn last line (a killed writer) is dropped, any other line
// that is not a JSON object is an error naming file and line.
std::vector<nlohmann::json> readMetricsStrict(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw Error("'" + path + "': missing or unreadable (expected the run's metrics.jsonl)");
    }
    std::vector<std::string> raw;
    std::string line;
    while (std::getline(in, line)) {
        raw.push_back(line);
    }
    std::vector<nlohmann::json> out;
    for (std::size_t i = 0; i < raw.size(); ++i) {
        if (raw[i].empty()) {
            continue;
        }
        nlohmann::json j = nlohmann::json::parse(raw[i], nullptr, false);
        if (j.is_discarded() || !j.is_object()) {
            if (i + 1 == raw.size()) {
                break;  // torn last line
            }
            throw Error("'" + path + "' line " + std::to_string(i + 1) +
                        ": not a JSON object (expected one metrics record per line)");
        }
        out.push_back(std::move(j));
    }
    return out;
}

RunScalars readRun(const std::string& dir) {
    RunScalars run;
    run.dir = dir;
    try {
        std::error_code ec;
        if (!fs::is_directory(dir, ec)) {
            throw Error("no such folder");
        }
        const auto folder = RunFolder::open(dir);
        const auto& record = folder.record();
        if (record.contains("config") && record["config"].is_object()) {
            const auto& name = record["config"].find("name");
            if (name != record["config"].end() && name->is_string()) {
                run.name = name->get<std::string>();
            }
        }
        if (run.name.empty()) {
            run.name = fs::absolute(dir).lexically_normal().filename().string();
            if (run.name.empty()) {
                run.name = fs::absolute(dir).lexically_normal().parent_path().filename().string();
            }
        }
        const auto metricsPath = folder.file("metrics.jsonl");
        run.lines = readMetricsStrict(metricsPath);
        double last = 0.0;
        for (const auto& l : run.lines) {
            if (l.contains("time_s") && l["time_s"].is_number()) {
                last = std::max(last, l["time_s"].get<double>());
            }
        }
        run.start_time = fileTimeSeconds(metricsPath) - last;
    } catch (const Error& e) {
        const std::string what = e.what();
        throw Error("run folder '" + dir + "': " + what);
    }
    return run;
}

}  // namespace

std::string sanitizeRunName(const std::string& name) {
    std::string out;
    bool lastReplaced = false;
    for (const char c : name) {
        const bool keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                          (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '_';
        if (keep) {
            out.push_back(c);
            lastReplaced = false;
        } else if (!lastReplaced) {
            out.push_back('_');
            lastReplaced = true;
        }
    }
    while (!out.empty() && out.back() == '_') {
        out.pop_back();
    }
    while (!out.empty() && out.front() == '_') {
        out.erase(out.begin());
    }
    if (out.empty() || out == "." || out == "..") {
        out = "run" + out;
    }
    return out;
}

std::vector<TensorBoardExportResult> exportTensorBoard(const std::vector<std::string>& runDirs,
                                                       const std::string& outDir,
                                                       const std::vector<std::string>& names) {
    if (runDirs.empty()) {
        throw Error("TensorBoard export: no run folders given");
    }
    if (!names.empty() && names.size() != runDirs.size()) {
        throw Error("TensorBoard export: " + std::to_string(names.size()) + " names for " +
                    std::to_string(runDirs.size()) + " run folders");
    }
    std::vector<RunScalars> runs;
    runs.reserve(runDirs.size());
    for (std::size_t i = 0; i < runDirs.size(); ++i) {
        runs.push_back(readRun(runDirs[i]));
        if (!names.empty() && !names[i].empty()) {
            runs.back().name = names[i];
        }
    }
    std::error_code ec;
    fs::create_directories(outDir, ec);
    if (ec || !fs::is_directory(outDir)) {
        throw Error("cannot create output folder '" + outDir + "': " + ec.message());
    }
    std::vector<TensorBoardExportResult> results;
    std::set<std::string> used;
    for (const auto& run : runs) {
        const std::string base = sanitizeRunName(run.name);
        std::string sub = base;
        for (int n = 2; !used.insert(sub).second; ++n) {
            sub = base + "-" + std::to_string(n);
        }
        const fs::path subdir = fs::path(outDir) / sub;
        fs::create_directories(subdir, ec);
        if (ec) {
            throw Error("cannot create '" + subdir.string() + "': " + ec.message());
        }
        TensorBoardEventWriter writer(run.start_time);
        int scalars = 0;
        for (const auto& line : run.lines) {
            const auto split = line.find("split");
            const auto step = line.find("step");
            if (split == line.end() || !split->is_string() || step == line.end() ||
                !step->is_number_integer()) {
                continue;
            }
            const double t = line.contains("time_s") && line["time_s"].is_number()
                                 ? line["time_s"].get<double>()
                                 : 0.0;
            for (const auto& [key, tagName] : kMetricKeys) {
                const auto value = line.find(key);
                if (value != line.end() && value->is_number()) {
                    writer.addScalar(split->get<std::string>() + "/" + tagName, step->get<int64_t>(),
                                     run.start_time + t, value->get<float>());
                    ++scalars;
                }
            }
        }
        const auto file = subdir / ("events.out.tfevents." +
                                    std::to_string(static_cast<long long>(run.start_time)) +
                                    ".fpt-explorer");
        AtomicFileWriter::writeText(file.string(), writer.bytes());
        results.push_back({run.dir, subdir.string(), file.string(), scalars});
    }
    return results;
}

}  // namespace fpt::core
