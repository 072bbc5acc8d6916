// SPDX-License-Identifier: MIT
// Seed statistics for study tables: mean, sample std, the 95% t-interval of a mean, and the paired
// difference of two cells over the seeds both finished.
#pragma once

#include <optional>
#include <vector>

namespace fpt::core {

/// Two-sided 95% quantile of Student's t with `df` degrees of freedom (df >= 1; 1.96 past 120).
double tQuantile975(int df);

struct SampleSummary {
    int n = 0;
    double mean = 0.0;
    double std = 0.0;                 // sample standard deviation (n - 1); 0 when n < 2
    std::optional<double> ci_low;     // 95% t-interval of the mean; none when n < 2
    std::optional<double> ci_high;
};

SampleSummary summarize(const std::vector<double>& values);

struct PairedDifference {
    SampleSummary diff;        // of a_i - b_i over the seeds present in both
    bool inside_noise = true;  // the interval contains 0 (or n < 2: nothing can be said)
};

/// `a` and `b` hold one optional value per seed (index = seed); pairs with both present count.
PairedDifference pairedDifference(const std::vector<std::optional<double>>& a,
                                  const std::vector<std::optional<double>>& b);

}  // namespace fpt::core
