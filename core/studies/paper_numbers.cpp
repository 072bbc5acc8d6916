// SPDX-License-Identifier: MIT
// Paper numbers by study, task and column. Sources: fpt-paper.md §4.1 (Table 1), §4.2 (Table 2),
// §4.3 (Tables 13, 15/19), §4.6 (Table 6). CIFAR-10 FPT in Table 1 uses GPT-2 large (36 layers).
#include "core/studies/paper_numbers.h"

#include <map>
#include <tuple>

namespace fpt::core {

namespace {

using Key = std::tuple<std::string, std::string, std::string>;

const std::map<Key, double>& table() {
    static const std::map<Key, double> kTable = [] {
        std::map<Key, double> t;
        const char* tasks[] = {"bit_memory", "bit_xor", "listops", "mnist", "cifar10", "cifar10_lra",
                               "remote_homology"};
        auto row = [&](const char* study, const char* column, std::initializer_list<double> values) {
            int i = 0;
            for (double v : values) {
                if (v >= 0) {
                    t[{study, tasks[i], column}] = v;
                }
                ++i;
            }
        };
        row("table1", "fpt", {100, 100, 38.4, 98.0, 72.1, 38.6, 12.7});
        row("table1", "full", {100, 100, 38, 99.1, 70.3, 42, 9});
        row("table1", "lstm", {60.9, 50.1, 17.1, 99.5, 73.6, 11.7, 12});
        row("pretraining", "language", {100, 100, 38.4, 98.0, 68.2, 38.6, 12.7});
        row("pretraining", "random", {75.8, 100, 34.3, 91.7, 61.7, 36.1, 9.3});
        row("pretraining", "bits", {100, 100, 35.4, 97.8, 62.6, 36.7, 7.8});
        row("pretraining", "vision", {100, 100, 37.4, 97.8, 72.5, 43.0, 7.5});
        row("freezing", "output", {76, 56, 15, 23, 25, 17, 2});
        row("freezing", "+layernorm", {94, 98, 36, 96, 54, 39, 9});
        row("freezing", "+input", {100, 98, 36, 98, 60, 39, 10});
        row("freezing", "+positions", {100, 100, 38, 98, 68, 39, 13});
        row("freezing", "+feedforward", {100, 100, 36.0, 98.3, 76.6, 38.2, 13.1});
        row("freezing", "+last_attention", {-1, -1, -1, -1, 80.0, -1, -1});
        row("steps_to_converge", "pretrained", {1e4, 5e2, 2e3, 5e3, 4e5, 3e5, 1e5});
        row("steps_to_converge", "random", {4e4, 2e4, 6e3, 2e4, 4e5, 6e5, 1e5});
        return t;
    }();
    return kTable;
}

}  // namespace

std::optional<double> paperNumber(const std::string& study, const std::string& task,
                                  const std::string& column) {
    const auto it = table().find({study, task, column});
    if (it == table().end()) {
        return std::nullopt;
    }
    return it->second;
}

}  // namespace fpt::core
