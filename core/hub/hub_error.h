// SPDX-License-Identifier: MIT
// The error the Hub client throws: a failed request, a refused server answer or a cache problem.
#pragma once

#include "core/config/error.h"

namespace fpt::core {

/// what() names the repo / URL / file and the next step (set HF_TOKEN, run fpt fetch again, ...).
class HubError : public Error {
public:
    using Error::Error;
};

}  // namespace fpt::core
