// SPDX-License-Identifier: MIT
// Sequential study runner (the CLI's `fpt study`; the GUI queues the same run folders instead).
#include "core/studies/study_runner.h"

#include "core/backbones/backbone_registry.h"
#include "core/training/run_folder.h"
#include "core/training/trainer.h"

#include <algorithm>
#include <filesystem>
#include <set>

namespace fpt::core {

namespace fs = std::filesystem;

StudyRunner::StudyRunner(StudyPlan plan, StudyRunOptions options)
    : m_plan(std::move(plan))
    , m_options(std::move(options)) {}

bool StudyRunner::runOne(const StudyCell& cell, int seed, const std::string& label) {
    const auto dir = m_plan.runDir(m_options.out, cell, seed);
    bool resume = false;
    if (fs::exists(fs::path(dir) / "run.json")) {
        const auto folder = RunFolder::open(dir);
        const auto status = folder.record().value("status", std::string());
        if (status == "done" || status == "failed") {
            m_options.log(label + ": already " + status + ", skipped");
            return true;
        }
        resume = folder.latestCheckpointStep().has_value();
        if (!resume) {
            fs::remove_all(dir);  // died before its first checkpoint: start it over
        }
    }
    RunConfig config = cell.config;
    config.train.seed = seed;
    TrainerOptions options;
    options.run_dir = dir;
    options.resume = resume;
    options.extra_record = {{"study", m_plan.name}, {"budget", m_plan.budget},
                            {"cell", {{"task", cell.row}, {"column", cell.column}}}};
    m_options.log(label + (resume ? ": resuming " : ": training ") + dir);
    auto observer = m_options.observer ? m_options.observer(label) : std::make_unique<TrainingObserver>();
    try {
        Trainer trainer(config, options);
        const auto summary = trainer.fit(*observer);
        if (summary.status == "stopped") {
            m_stopped = true;
            return false;
        }
    } catch (const std::exception& e) {
        m_options.log(label + ": failed: " + e.what());
    }
    return true;
}

StudyResults StudyRunner::run() {
    if (!m_options.log) {
        m_options.log = [](const std::string&) {};
    }
    std::set<std::string> unavailable;
    for (const auto& cell : m_plan.cells) {
        const auto& backbone = cell.config.model.backbone;
        if (cell.config.model.kind == ModelKind::Lstm || isRandomBackbone(backbone) || unavailable.count(backbone)) {
            continue;
        }
        try {
            BackboneRegistry::resolve(backbone);
        } catch (const std::exception&) {
            if (!(m_options.ensureBackbone && m_options.ensureBackbone(backbone))) {
                unavailable.insert(backbone);
                m_options.log("backbone '" + backbone + "' is missing: its cells stay pending (see docs/backbones.md)");
            }
        }
    }
    const int total = static_cast<int>(m_plan.cells.size()) * m_plan.seeds;
    int index = 0;
    for (int seed = 0; seed < m_plan.seeds; ++seed) {
        for (const auto& cell : m_plan.cells) {
            ++index;
            if ((index - 1) % std::max(m_options.shard_count, 1) != m_options.shard_index ||
                unavailable.count(cell.config.model.backbone)) {
                continue;
            }
            const std::string label = std::to_string(index) + "/" + std::to_string(total) + " " +
                                      cell.row + " " + cell.column + " s" + std::to_string(seed);
            const bool keepGoing = runOne(cell, seed, label);
            writeStudyResults(collectStudyResults(m_plan, m_options.out), m_options.out);
            if (!keepGoing) {
                return collectStudyResults(m_plan, m_options.out);
            }
        }
    }
    auto results = collectStudyResults(m_plan, m_options.out);
    writeStudyResults(results, m_options.out);
    return results;
}

}  // namespace fpt::core
