// SPDX-License-Identifier: MIT
// Exception types thrown by core. Callers catch fpt::core::Error (or std::exception) at the
// boundary (CLI main, TrainingWorker slots) and show what() to the user.
#pragma once

#include <stdexcept>
#include <string>

namespace fpt::core {

/// Base of every error core throws for bad input, bad files or failed runs.
class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// A preset / run.json / CLI override is malformed or out of range.
class ConfigError : public Error {
public:
    using Error::Error;
};

/// A model checkpoint (safetensors, config.json, training state) is missing or malformed.
class CheckpointError : public Error {
public:
    using Error::Error;
};

/// A dataset file is missing or malformed.
class DatasetError : public Error {
public:
    using Error::Error;
};

/// The training run could not continue (NaN loss, device unavailable, ...).
class TrainingError : public Error {
public:
    using Error::Error;
};

}  // namespace fpt::core
