// SPDX-License-Identifier: MIT
// The paper's reported numbers (fpt-paper.md §4, tags [N]/[B]: Tables 1, 2, 6, 13, 15/19), so
// studies can print them beside what this app measures.
#pragma once

#include <optional>
#include <string>

namespace fpt::core {

/// Paper value for a study cell: `study` is table1 / pretraining / freezing / steps_to_converge,
/// `task` a task key, `column` the study's column key (e.g. "fpt", "random", "+layernorm").
/// Accuracies are in percent; steps_to_converge in gradient steps. nullopt when the paper has none.
std::optional<double> paperNumber(const std::string& study, const std::string& task,
                                  const std::string& column);

}  // namespace fpt::core
