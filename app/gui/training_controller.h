// SPDX-License-Identifier: MIT
// Owns one run's QThread and TrainingWorker. Destruction (window closed mid-training) requests a
// stop, quits the thread and waits, so the run folder is left consistent.
#pragma once

#include "app/gui/app_types.h"
#include "core/config/run_config.h"
#include "core/training/run_control.h"

#include <QObject>
#include <QThread>

#include <memory>

namespace fpt::app {

class TrainingWorker;

class TrainingController : public QObject {
    Q_OBJECT

public:
    TrainingController(core::RunConfig config, QString runDir, bool resume,
                       QObject* parent = nullptr);
    ~TrainingController() override;

    void start();
    void pause();
    void resume();
    void step(int steps = 1);
    void stop();
    bool isRunning() const;
    bool isPaused() const;
    /// The worker whose signals carry the run's data (valid until destruction).
    TrainingWorker* worker() const { return m_worker; }
    /// Blocks until the thread ends (tests, shutdown); false on timeout.
    bool wait(int msecs);

Q_SIGNALS:
    void threadFinished();

private:
    std::shared_ptr<core::RunControl> m_control;
    QThread m_thread;
    TrainingWorker* m_worker;
};

}  // namespace fpt::app
