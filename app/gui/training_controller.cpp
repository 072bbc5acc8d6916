// SPDX-License-Identifier: MIT
// TrainingController: thread lifetime and the pause / step / stop switch.
#include "app/gui/training_controller.h"

#include "app/gui/training_worker.h"

namespace fpt::app {

TrainingController::TrainingController(core::RunConfig config, QString runDir, bool resume,
                                       QObject* parent)
    : QObject(parent)
    , m_control(std::make_shared<core::RunControl>())
    , m_worker(new TrainingWorker(std::move(config), std::move(runDir), resume, m_control)) {
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::started, m_worker, &TrainingWorker::run);
    // QThread::quit is thread-safe: called directly from the training thread, the thread ends
    // without a round trip through the GUI event loop (and no undelivered quit event is left
    // behind for the destructor to free; ThreadSanitizer cannot see Qt's event-queue lock).
    connect(m_worker, &TrainingWorker::finished, &m_thread, &QThread::quit, Qt::DirectConnection);
    connect(m_worker, &TrainingWorker::failed, &m_thread, &QThread::quit, Qt::DirectConnection);
    connect(&m_thread, &QThread::finished, this, &TrainingController::threadFinished);
    m_thread.setObjectName(QStringLiteral("training"));
}

TrainingController::~TrainingController() {
    m_control->requestStop();  // the loop polls it before every step, and wakes if paused
    m_thread.quit();
    m_thread.wait();
    // Deleted here, in the owner's thread, once its thread has ended (not with deleteLater in the
    // dying training thread): the worker's connections to GUI-thread lambdas are then released in
    // the thread that ran them. ThreadSanitizer flagged the cross-thread release (issue 8).
    delete m_worker;
}

void TrainingController::start() { m_thread.start(); }

void TrainingController::pause() { m_control->pause(); }

void TrainingController::resume() { m_control->resume(); }

void TrainingController::step(int steps) { m_control->step(steps); }

void TrainingController::stop() { m_control->requestStop(); }

bool TrainingController::isRunning() const { return m_thread.isRunning(); }

bool TrainingController::isPaused() const { return m_control->isPaused(); }

bool TrainingController::wait(int msecs) { return m_thread.wait(QDeadlineTimer(msecs)); }

}  // namespace fpt::app
