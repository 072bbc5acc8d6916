// SPDX-License-Identifier: MIT
// Measures GUI responsiveness: a 10 ms timer records how late each tick arrives (event-loop
// latency) while runs train; reports percentiles. Used by `fpt-explorer --latency-report S`.
#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>
#include <QVector>

namespace fpt::app {

class EventLoopProbe : public QObject {
    Q_OBJECT

public:
    explicit EventLoopProbe(QObject* parent = nullptr);
    void start();
    void stop();
    /// Lateness percentile in milliseconds (p in [0, 100]) over the ticks seen so far.
    double percentile(double p) const;
    int samples() const { return static_cast<int>(m_lateMs.size()); }
    double maxMs() const;

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_expectedNs = 0;
    QVector<double> m_lateMs;
};

}  // namespace fpt::app
