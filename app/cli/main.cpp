// SPDX-License-Identifier: MIT
// fpt: the headless command line (train, forward, bench, pretrain, study, launch).
#include <iostream>

int main() {
    std::cout << "fpt: work in progress\n";
    return 0;
}
