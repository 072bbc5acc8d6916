// SPDX-License-Identifier: MIT
// TensorBoard event files: TFRecord framing (length, masked CRC-32C of the length, data, masked
// CRC-32C of the data) around Event protobuf messages (tensorboard_event.proto).
#pragma once

#include <cstdint>
#include <string>

namespace fpt::core {

/// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78) of `size` bytes.
uint32_t crc32c(const void* data, std::size_t size);

/// TFRecord's masked CRC: rotate right by 15 bits, then add 0xa282ead8.
uint32_t maskedCrc32c(const void* data, std::size_t size);

/// Builds one event file in memory. Not thread-safe.
class TensorBoardEventWriter {
public:
    /// Starts the file with the "brain.Event:2" file_version event at `wallTime` (seconds).
    explicit TensorBoardEventWriter(double wallTime);

    /// Appends one scalar summary event.
    void addScalar(const std::string& tag, int64_t step, double wallTime, float value);

    /// The framed records so far: the whole event file (the caller writes it, e.g. with
    /// AtomicFileWriter).
    const std::string& bytes() const { return m_bytes; }

private:
    void appendRecord(const std::string& data);

    std::string m_bytes;
};

}  // namespace fpt::core
