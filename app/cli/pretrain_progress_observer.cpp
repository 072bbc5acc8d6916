// SPDX-License-Identifier: MIT
// Pretraining progress lines (losses converted from nats to bits per byte).
#include "app/cli/pretrain_progress_observer.h"

#include "core/model/freeze_policy.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace fpt::app {

namespace {

std::string formatDuration(double seconds) {
    const auto s = static_cast<long long>(seconds < 0 ? 0 : seconds);
    char buf[32];
    std::snprintf(buf, sizeof(buf), "%lld:%02lld:%02lld", s / 3600, (s / 60) % 60, s % 60);
    return buf;
}

double bits(double nats) {
    return nats / std::log(2.0);
}

}  // namespace

PretrainProgressObserver::PretrainProgressObserver(std::string label,
                                                   double unigramBitsPerByte,
                                                   bool quiet)
    : CliProgressObserver(label, quiet)
    , m_label(std::move(label))
    , m_unigram(unigramBitsPerByte)
    , m_quiet(quiet) {}

void PretrainProgressObserver::onStart(const core::TaskSpec& spec,
                                       const core::ParameterCounts& counts,
                                       const core::ProbeInfo& probe) {
    if (!m_quiet) {
        std::fprintf(stderr,
                     "%s: %lld parameters, windows of %lld bytes; %s; unigram baseline "
                     "%.3f bits/byte\n",
                     m_label.c_str(), static_cast<long long>(counts.total),
                     static_cast<long long>(spec.seq_len), probe.description.c_str(), m_unigram);
    }
}

void PretrainProgressObserver::onStep(const core::StepMetrics& m) {
    const auto now = std::chrono::steady_clock::now();
    if (m_quiet || (now - m_lastPrint < std::chrono::seconds(1) && m.step != m.total_steps)) {
        return;
    }
    m_lastPrint = now;
    const double rate = m.time_s > 0 ? static_cast<double>(m.step) / m.time_s : 0.0;
    const double eta =
        rate > 0 ? static_cast<double>(std::max<int64_t>(0, m.total_steps - m.step)) / rate : 0.0;
    std::fprintf(stderr, "%s: step %lld/%lld train %.3f bits/byte acc %.3f lr %.2e",
                 m_label.c_str(), static_cast<long long>(m.step),
                 static_cast<long long>(m.total_steps), bits(m.loss), m.accuracy, m.learning_rate);
    if (m_lastValidation >= 0) {
        std::fprintf(stderr, " | val %.3f", m_lastValidation);
    }
    std::fprintf(stderr, " | %.2f s/step | ETA %s\n", m.step_time_s, formatDuration(eta).c_str());
}

void PretrainProgressObserver::onEval(const core::EvalMetrics& m) {
    m_lastValidation = bits(m.loss);
    if (!m_quiet) {
        std::fprintf(stderr,
                     "%s: step %lld %svalidation %.4f bits/byte on %lld windows (unigram %.4f)\n",
                     m_label.c_str(), static_cast<long long>(m.step), m.final ? "final " : "",
                     m_lastValidation, static_cast<long long>(m.examples), m_unigram);
    }
}

void PretrainProgressObserver::onCheckpoint(const std::string& path) {
    if (!m_quiet) {
        std::fprintf(stderr, "%s: checkpoint written to %s\n", m_label.c_str(), path.c_str());
    }
}

}  // namespace fpt::app
