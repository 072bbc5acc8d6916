// SPDX-License-Identifier: MIT
// Seed statistics (see paired_stats.h).
#include "core/studies/paired_stats.h"

#include <algorithm>
#include <cmath>

namespace fpt::core {

double tQuantile975(int df) {
    // Student's t, upper 2.5% points (any statistics table).
    static const double kTable[] = {12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
                                    2.201,  2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
                                    2.080,  2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042};
    if (df < 1) {
        return std::nan("");
    }
    if (df <= 30) {
        return kTable[df - 1];
    }
    if (df <= 40) {
        return 2.042 + (2.021 - 2.042) * (df - 30) / 10.0;
    }
    if (df <= 60) {
        return 2.021 + (2.000 - 2.021) * (df - 40) / 20.0;
    }
    if (df <= 120) {
        return 2.000 + (1.980 - 2.000) * (df - 60) / 60.0;
    }
    return 1.960;
}

SampleSummary summarize(const std::vector<double>& values) {
    SampleSummary s;
    s.n = static_cast<int>(values.size());
    if (s.n == 0) {
        return s;
    }
    double sum = 0.0;
    for (double v : values) {
        sum += v;
    }
    s.mean = sum / s.n;
    if (s.n < 2) {
        return s;
    }
    double sq = 0.0;
    for (double v : values) {
        sq += (v - s.mean) * (v - s.mean);
    }
    s.std = std::sqrt(sq / (s.n - 1));
    const double half = tQuantile975(s.n - 1) * s.std / std::sqrt(static_cast<double>(s.n));
    s.ci_low = s.mean - half;
    s.ci_high = s.mean + half;
    return s;
}

PairedDifference pairedDifference(const std::vector<std::optional<double>>& a,
                                  const std::vector<std::optional<double>>& b) {
    std::vector<double> d;
    for (std::size_t i = 0; i < std::min(a.size(), b.size()); ++i) {
        if (a[i] && b[i]) {
            d.push_back(*a[i] - *b[i]);
        }
    }
    PairedDifference p;
    p.diff = summarize(d);
    p.inside_noise = !p.diff.ci_low || (*p.diff.ci_low <= 0.0 && *p.diff.ci_high >= 0.0);
    return p;
}

}  // namespace fpt::core
