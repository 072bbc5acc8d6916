// SPDX-License-Identifier: MIT
// Console progress for fpt train / pretrain.
#include "app/cli/cli_progress_observer.h"

#include "core/model/freeze_policy.h"

#include <atomic>
#include <csignal>
#include <cstdio>

namespace fpt::app {

namespace {

std::atomic<bool> gStopRequested{false};

extern "C" void onSignal(int /*signal*/) { gStopRequested.store(true); }

std::string formatDuration(double seconds) {
    const auto s = static_cast<long long>(seconds < 0 ? 0 : seconds);
    char buf[32];
    std::snprintf(buf, sizeof(buf), "%lld:%02lld:%02lld", s / 3600, (s / 60) % 60, s % 60);
    return buf;
}

}  // namespace

CliProgressObserver::CliProgressObserver(std::string label, bool quiet)
    : m_label(std::move(label))
    , m_quiet(quiet) {}

CliProgressObserver::~CliProgressObserver() {
    std::signal(SIGINT, SIG_DFL);
    std::signal(SIGTERM, SIG_DFL);
}

void CliProgressObserver::installSignalHandlers() {
    gStopRequested.store(false);
    std::signal(SIGINT, onSignal);
    std::signal(SIGTERM, onSignal);
}

void CliProgressObserver::onStart(const core::TaskSpec& spec, const core::ParameterCounts& counts,
                                  const core::ProbeInfo& /*probe*/) {
    if (m_quiet) {
        return;
    }
    std::fprintf(stderr, "%s: %lld tokens x %lld in, read last %lld; %lld of %lld parameters trainable (%.4f%%)\n",
                 m_label.c_str(), static_cast<long long>(spec.seq_len),
                 static_cast<long long>(spec.input_dim), static_cast<long long>(spec.readout_tokens),
                 static_cast<long long>(counts.trainable), static_cast<long long>(counts.total),
                 100.0 * counts.trainableShare());
}

void CliProgressObserver::onStep(const core::StepMetrics& m) {
    const auto now = std::chrono::steady_clock::now();
    if (m_quiet || (now - m_lastPrint < std::chrono::seconds(1) && m.step != m.total_steps)) {
        return;
    }
    m_lastPrint = now;
    const double rate = m.time_s > 0 ? static_cast<double>(m.step) / m.time_s : 0.0;
    const double eta = rate > 0 ? static_cast<double>(m.total_steps - m.step) / rate : 0.0;
    std::fprintf(stderr, "%s: step %lld/%lld loss %.4f acc %.3f", m_label.c_str(),
                 static_cast<long long>(m.step), static_cast<long long>(m.total_steps), m.loss,
                 m.accuracy);
    if (m_lastTestAccuracy >= 0) {
        std::fprintf(stderr, " | test acc %.3f", m_lastTestAccuracy);
    }
    std::fprintf(stderr, " | %.2f steps/s | ETA %s\n", 1.0 / std::max(m.step_time_s, 1e-9),
                 formatDuration(eta).c_str());
}

void CliProgressObserver::onEval(const core::EvalMetrics& m) {
    m_lastTestAccuracy = m.accuracy;
    if (m.final && !m_quiet) {
        std::fprintf(stderr, "%s: final test loss %.4f acc %.4f on %lld examples\n",
                     m_label.c_str(), m.loss, m.accuracy, static_cast<long long>(m.examples));
    }
}

bool CliProgressObserver::shouldStop() { return gStopRequested.load(); }

}  // namespace fpt::app
