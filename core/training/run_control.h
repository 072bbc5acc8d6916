// SPDX-License-Identifier: MIT
// Thread-safe pause / single-step / stop switch that a training thread waits on (the GUI's
// buttons and the CLI's Ctrl-C drive it). Mandelbrot-style atomic abort plus a condition variable.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>

namespace fpt::core {

class RunControl {
public:
    void requestStop();
    void pause();
    void resume();
    /// While paused, lets `steps` more steps run, then pauses again.
    void step(int64_t steps = 1);

    bool stopRequested() const { return m_stop.load(); }
    bool isPaused() const;

    /// Blocks while paused with no step credit; returns false when a stop was requested.
    bool waitForTurn();

private:
    std::atomic<bool> m_stop{false};
    mutable std::mutex m_mutex;
    std::condition_variable m_cv;
    bool m_paused = false;
    int64_t m_credits = 0;
};

}  // namespace fpt::core
