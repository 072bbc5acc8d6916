// SPDX-License-Identifier: MIT
// EventLoopProbe implementation.
#include "app/gui/event_loop_probe.h"

#include <algorithm>

namespace fpt::app {

namespace {
constexpr int kPeriodMs = 10;
}  // namespace

EventLoopProbe::EventLoopProbe(QObject* parent)
    : QObject(parent) {
    m_timer.setTimerType(Qt::PreciseTimer);
    m_timer.setInterval(kPeriodMs);
    connect(&m_timer, &QTimer::timeout, this, [this]() {
        const qint64 now = m_clock.nsecsElapsed();
        m_lateMs.append(std::max<double>(0.0, double(now - m_expectedNs) / 1e6));
        m_expectedNs = now + qint64{kPeriodMs} * 1000000;
    });
}

void EventLoopProbe::start() {
    m_lateMs.clear();
    m_clock.start();
    m_expectedNs = qint64{kPeriodMs} * 1000000;
    m_timer.start();
}

void EventLoopProbe::stop() { m_timer.stop(); }

double EventLoopProbe::percentile(double p) const {
    if (m_lateMs.isEmpty()) {
        return 0.0;
    }
    auto sorted = m_lateMs;
    std::sort(sorted.begin(), sorted.end());
    const auto index = static_cast<int>(std::clamp(p / 100.0, 0.0, 1.0) * double(sorted.size() - 1) + 0.5);
    return sorted[index];
}

double EventLoopProbe::maxMs() const {
    return m_lateMs.isEmpty() ? 0.0 : *std::max_element(m_lateMs.cbegin(), m_lateMs.cend());
}

}  // namespace fpt::app
