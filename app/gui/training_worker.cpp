// SPDX-License-Identifier: MIT
// TrainingWorker: the observer adapter that turns core callbacks into queued Qt signals.
#include "app/gui/training_worker.h"

#include "app/gui/view_data.h"

#include "app/gui/log_bridge.h"
#include "core/config/error.h"
#include "core/model/freeze_policy.h"
#include "core/training/trainer.h"

#include <QElapsedTimer>

#include <c10/util/Exception.h>
#include <spdlog/spdlog.h>

namespace fpt::app {

namespace {

constexpr qint64 kEmitIntervalMs = 50;  // <= 20 step signals per second

QString hintFor(const std::exception& e) {
    if (dynamic_cast<const core::DatasetError*>(&e) != nullptr) {
        return QStringLiteral("Check the task's data path in the experiment editor (or run scripts/fetch_data.sh).");
    }
    if (dynamic_cast<const core::ConfigError*>(&e) != nullptr) {
        return QStringLiteral("Fix the highlighted setting and start again.");
    }
    if (dynamic_cast<const core::CheckpointError*>(&e) != nullptr) {
        return QStringLiteral("Pick another backbone or run folder, or re-export the checkpoint as safetensors.");
    }
    if (dynamic_cast<const core::TrainingError*>(&e) != nullptr) {
        return QStringLiteral("Lower the learning rate or check the data, then start a new run.");
    }
    return QStringLiteral("See the details and the log panel.");
}

}  // namespace

/// core::TrainingObserver -> TrainingWorker signals (runs on the worker thread).
class WorkerObserver : public core::TrainingObserver {
public:
    explicit WorkerObserver(TrainingWorker& worker)
        : m_worker(worker) {
        m_clock.start();
    }

    void onStart(const core::TaskSpec& spec, const core::ParameterCounts& counts,
                 const core::ProbeInfo& probe) override {
        RunStartInfo info;
        info.trainable = counts.trainable;
        info.total = counts.total;
        info.seqLen = spec.seq_len;
        info.totalSteps = m_worker.m_config.train.steps;
        info.probe = toProbeDescription(probe);
        Q_EMIT m_worker.started(info);
    }

    void onStep(const core::StepMetrics& m) override {
        m_pending.append({m.step, m.loss, m.accuracy, m.time_s, m.step_time_s});
        m_lastStep = m.step;
        if (m_clock.elapsed() - m_lastEmitMs >= kEmitIntervalMs) {
            flush();
        }
    }

    void onEval(const core::EvalMetrics& m) override {
        flush();
        Q_EMIT m_worker.evaluated({m.step, m.loss, m.accuracy, m.time_s, m.examples, m.final});
    }

    void onCheckpoint(const std::string& path) override {
        Q_EMIT m_worker.checkpointSaved(QString::fromStdString(path));
    }

    void onSnapshot(const core::Snapshot& s) override {
        Q_EMIT m_worker.snapshotReady(toSnapshotData(s));
    }

    bool shouldStop() override { return m_worker.m_control->stopRequested(); }

    void waitIfPaused() override {
        if (m_worker.m_control->isPaused()) {
            flush();
            Q_EMIT m_worker.pausedAt(m_lastStep);
        }
        m_worker.m_control->waitForTurn();
    }

    void flush() {
        if (!m_pending.isEmpty()) {
            Q_EMIT m_worker.stepsReady(m_pending);
            m_pending.clear();
        }
        m_lastEmitMs = m_clock.elapsed();
    }

private:
    TrainingWorker& m_worker;
    QVector<StepPoint> m_pending;
    QElapsedTimer m_clock;
    qint64 m_lastEmitMs = 0;
    qint64 m_lastStep = 0;
};

TrainingWorker::TrainingWorker(core::RunConfig config, QString runDir, bool resume,
                               std::shared_ptr<core::RunControl> control)
    : m_config(std::move(config))
    , m_runDir(std::move(runDir))
    , m_resume(resume)
    , m_control(std::move(control)) {}

void TrainingWorker::run() {
    WorkerObserver observer(*this);
    try {
        core::TrainerOptions options;
        options.run_dir = m_runDir.toStdString();
        options.resume = m_resume;
        options.extra_record = {{"launched_by", "fpt-explorer"}};
        core::Trainer trainer(m_config, options);
        const auto summary = trainer.fit(observer);
        observer.flush();
        Q_EMIT finished({QString::fromStdString(summary.status), QString::fromStdString(summary.message),
                         summary.steps, summary.seconds, summary.test_accuracy, summary.test_loss,
                         summary.steps_per_s});
    } catch (const c10::Error& e) {
        observer.flush();
        appLogger()->error("run '{}' failed: {}", m_runDir.toStdString(), e.what());
        Q_EMIT failed(QStringLiteral("The training engine reported an internal error: %1")
                          .arg(QString::fromStdString(e.msg())),
                      QString::fromUtf8(e.what()));
    } catch (const std::exception& e) {
        observer.flush();
        appLogger()->error("run '{}' failed: {}", m_runDir.toStdString(), e.what());
        Q_EMIT failed(QString::fromUtf8(e.what()) + QStringLiteral("\n---> ") + hintFor(e),
                      QString::fromUtf8(e.what()));
    }
}

}  // namespace fpt::app
