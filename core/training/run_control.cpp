// SPDX-License-Identifier: MIT
// RunControl implementation.
#include "core/training/run_control.h"

namespace fpt::core {

void RunControl::requestStop() {
    m_stop.store(true);
    std::lock_guard<std::mutex> lock(m_mutex);
    m_cv.notify_all();
}

void RunControl::pause() {
    std::lock_guard<std::mutex> lock(m_mutex);
    m_paused = true;
    m_credits = 0;
}

void RunControl::resume() {
    std::lock_guard<std::mutex> lock(m_mutex);
    m_paused = false;
    m_cv.notify_all();
}

void RunControl::step(int64_t steps) {
    std::lock_guard<std::mutex> lock(m_mutex);
    m_paused = true;
    m_credits += steps;
    m_cv.notify_all();
}

bool RunControl::isPaused() const {
    std::lock_guard<std::mutex> lock(m_mutex);
    return m_paused;
}

bool RunControl::waitForTurn() {
    std::unique_lock<std::mutex> lock(m_mutex);
    m_cv.wait(lock, [this] { return m_stop.load() || !m_paused || m_credits > 0; });
    if (m_stop.load()) {
        return false;
    }
    if (m_paused) {
        --m_credits;
    }
    return true;
}

}  // namespace fpt::core
