// SPDX-License-Identifier: MIT
// Shared by the fuzz targets: the contract every parser keeps on arbitrary bytes is "return, or
// throw fpt::core::Error with a message". Any other exception, crash, hang or sanitizer report
// escapes to libFuzzer and is a finding.
#pragma once

#include "core/config/error.h"

#include <cstddef>
#include <cstdint>
#include <string>

namespace fpt::fuzz {

inline std::string bytesOf(const uint8_t* data, size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

template <class Body>
void expectParsedOrError(Body&& body) {
    try {
        body();
    } catch (const fpt::core::Error&) {
        // a clear, catchable error: the expected outcome for bad input
    }
}

}  // namespace fpt::fuzz
