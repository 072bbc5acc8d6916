// SPDX-License-Identifier: MIT
// The command line as a shell would retype it, for records that say how a file was made.
#pragma once

#include <string>

namespace fpt::app {

/// argv joined by spaces, each argument single-quoted when it holds anything but
/// [A-Za-z0-9_./=:,+-].
std::string shellCommandLine(int argc, const char* const* argv);

}  // namespace fpt::app
