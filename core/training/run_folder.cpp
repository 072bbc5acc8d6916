// SPDX-License-Identifier: MIT
// Run folder layout and crash-safe writes.
#include "core/training/run_folder.h"

#include "core/config/json_file.h"
#include "core/formats/atomic_file_writer.h"
#include "core/config/error.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace fpt::core {

namespace fs = std::filesystem;

namespace {

std::string readText(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace

RunFolder::RunFolder(std::string dir)
    : m_dir(std::move(dir)) {}

RunFolder RunFolder::create(const std::string& dir, const nlohmann::json& record) {
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) {
        throw Error("cannot create run folder '" + dir + "': " + ec.message());
    }
    if (fs::exists(fs::path(dir) / "run.json")) {
        throw Error("run folder '" + dir +
                    "' already holds a run (use --resume to continue it, or another --out)");
    }
    RunFolder folder(dir);
    folder.m_record = record;
    folder.m_record["schema_version"] = kRunFolderSchemaVersion;
    fs::create_directories(fs::path(dir) / "checkpoints");
    AtomicFileWriter::writeText(folder.file("run.json"), folder.m_record.dump(2) + "\n");
    return folder;
}

RunFolder RunFolder::open(const std::string& dir) {
    RunFolder folder(dir);
    const auto path = folder.file("run.json");
    if (!fs::exists(path)) {
        throw CheckpointError("'" + dir + "' is not a run folder (no run.json)");
    }
    folder.m_record = parseRunRecord(readText(path), path);
    return folder;
}

nlohmann::json parseRunRecord(const std::string& text, const std::string& origin) {
    const auto record = parseJsonText<CheckpointError>(text, origin);
    if (!record.is_object()) {
        throw CheckpointError("'" + origin + "' is not a JSON object");
    }
    const auto version = record.find("schema_version");
    if (version == record.end() || !version->is_number_integer() ||
        version->get<int64_t>() != kRunFolderSchemaVersion) {
        throw CheckpointError("'" + origin + "' is schema " +
                              (version == record.end() ? std::string("(none)") : version->dump()) +
                              "; this build reads schema " +
                              std::to_string(kRunFolderSchemaVersion) +
                              ". Start a new run or re-export it.");
    }
    if (!record.contains("config") || !record["config"].is_object()) {
        throw CheckpointError("'" + origin + "' has no config object");
    }
    return record;
}

std::string safeRunFolderName(const std::string& name) {
    constexpr std::size_t kMaxLength = 64;
    std::string out;
    for (const char ch : name) {
        if (out.size() == kMaxLength) {
            break;
        }
        const bool safe = std::isalnum(static_cast<unsigned char>(ch)) != 0 || ch == '-' ||
                          ch == '_' || (ch == '.' && !out.empty());
        out += safe ? ch : '_';
    }
    return out.empty() ? std::string("run") : out;
}

void RunFolder::updateRecord(const nlohmann::json& fields) {
    m_record.update(fields);
    AtomicFileWriter::writeText(file("run.json"), m_record.dump(2) + "\n");
}

void RunFolder::appendMetrics(const nlohmann::json& line) const {
    const std::string text = line.dump() + "\n";
    const auto path = file("metrics.jsonl");
    const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd < 0) {
        throw Error("cannot open '" + path + "': " + std::strerror(errno));
    }
    // One write() of a whole line: readers never see half a line except after a kill mid-write,
    // which truncateMetricsAfter() repairs on resume.
    const ssize_t n = ::write(fd, text.data(), text.size());
    const int err = errno;
    ::close(fd);
    if (n != static_cast<ssize_t>(text.size())) {
        throw Error("writing '" + path + "': " + (n < 0 ? std::strerror(err) : "short write"));
    }
}

std::vector<nlohmann::json> parseMetricsLines(const std::string& text) {
    std::vector<nlohmann::json> out;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty()) {
            continue;
        }
        try {
            auto j = nlohmann::json::parse(line);
            if (j.is_object()) {
                out.push_back(std::move(j));
            }
        } catch (const nlohmann::json::exception&) {
            // torn line from a killed writer: skipped
        }
    }
    return out;
}

std::vector<nlohmann::json> RunFolder::readMetrics() const {
    return parseMetricsLines(readText(file("metrics.jsonl")));
}

std::string metricsKeptOnResume(const std::string& text, int64_t step) {
    std::string kept;
    for (const auto& line : parseMetricsLines(text)) {
        const auto lineStep = line.find("step");
        if (lineStep == line.end() || !lineStep->is_number_integer() ||
            lineStep->get<int64_t>() > step) {
            continue;
        }
        const auto final = line.find("final");
        if (final != line.end() && final->is_boolean() && final->get<bool>()) {
            continue;  // the resumed run evaluates again at its own end
        }
        kept += line.dump() + "\n";
    }
    return kept;
}

void RunFolder::truncateMetricsAfter(int64_t step) const {
    const auto path = file("metrics.jsonl");
    if (!fs::exists(path)) {
        return;
    }
    AtomicFileWriter::writeText(path, metricsKeptOnResume(readText(path), step));
}

std::string RunFolder::checkpointDir(int64_t step) const {
    char name[32];
    std::snprintf(name, sizeof(name), "step_%08lld", static_cast<long long>(step));
    return (fs::path(m_dir) / "checkpoints" / name).string();
}

std::vector<int64_t> RunFolder::checkpointSteps() const {
    std::vector<int64_t> steps;
    const auto dir = fs::path(m_dir) / "checkpoints";
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(dir, ec)) {
        const auto name = entry.path().filename().string();
        if (!entry.is_directory() || name.rfind("step_", 0) != 0 ||
            name.find('.') != std::string::npos) {
            continue;
        }
        if (!fs::exists(entry.path() / "state.json")) {
            continue;  // incomplete (state.json is written last)
        }
        try {
            steps.push_back(std::stoll(name.substr(5)));
        } catch (const std::exception&) {
        }
    }
    std::sort(steps.begin(), steps.end());
    return steps;
}

std::optional<int64_t> RunFolder::latestCheckpointStep() const {
    const auto steps = checkpointSteps();
    if (steps.empty()) {
        return std::nullopt;
    }
    return steps.back();
}

void RunFolder::pruneCheckpoints(int64_t keep) const {
    auto steps = checkpointSteps();
    std::error_code ec;
    for (std::size_t i = 0; i + static_cast<std::size_t>(keep) < steps.size(); ++i) {
        fs::remove_all(checkpointDir(steps[i]), ec);
    }
    // Leftovers of a checkpoint write that was killed.
    for (const auto& entry : fs::directory_iterator(fs::path(m_dir) / "checkpoints", ec)) {
        if (entry.path().extension() == ".tmp") {
            fs::remove_all(entry.path(), ec);
        }
    }
}

void RunFolder::requirePresent() const {
    std::error_code ec;
    if (!fs::is_directory(m_dir, ec) || !fs::exists(fs::path(m_dir) / "run.json", ec)) {
        throw Error("run folder '" + m_dir +
                    "' has disappeared (deleted or moved while the run was writing to it)");
    }
}

std::string RunFolder::snapshotsDir() const { return (fs::path(m_dir) / "snapshots").string(); }

std::string RunFolder::file(const std::string& name) const {
    return (fs::path(m_dir) / name).string();
}

}  // namespace fpt::core
