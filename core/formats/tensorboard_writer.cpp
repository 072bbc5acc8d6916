// SPDX-License-Identifier: MIT
// TensorBoard event-file writer. Debian 12 packages no C/C++ CRC-32C library (libcrc32c-dev
// arrives only in later releases), so the table-driven CRC is here; the tests check it against
// Debian's python3-crc32c. Compiled into fpt_tensorboard (core/CMakeLists.txt) with the
// generated protobuf code, so protobuf's headers stay off the rest of the core.
#include "core/formats/tensorboard_writer.h"

#include "core/formats/tensorboard_event.pb.h"

#include <array>

namespace fpt::core {

namespace {

std::array<uint32_t, 256> makeTable() {
    std::array<uint32_t, 256> table{};
    for (uint32_t i = 0; i < 256; ++i) {
        uint32_t c = i;
        for (int bit = 0; bit < 8; ++bit) {
            c = (c & 1U) != 0 ? 0x82F63B78U ^ (c >> 1) : c >> 1;
        }
        table[i] = c;
    }
    return table;
}

void appendLittleEndian(std::string& out, uint64_t value, int bytes) {
    for (int i = 0; i < bytes; ++i) {
        out.push_back(static_cast<char>((value >> (8 * i)) & 0xFFU));
    }
}

}  // namespace

uint32_t crc32c(const void* data, std::size_t size) {
    static const auto kTable = makeTable();
    const auto* p = static_cast<const unsigned char*>(data);
    uint32_t c = 0xFFFFFFFFU;
    for (std::size_t i = 0; i < size; ++i) {
        c = kTable[(c ^ p[i]) & 0xFFU] ^ (c >> 8);
    }
    return c ^ 0xFFFFFFFFU;
}

uint32_t maskedCrc32c(const void* data, std::size_t size) {
    const uint32_t c = crc32c(data, size);
    return ((c >> 15) | (c << 17)) + 0xa282ead8U;
}

TensorBoardEventWriter::TensorBoardEventWriter(double wallTime) {
    tensorboard::Event event;
    event.set_wall_time(wallTime);
    event.set_step(0);
    event.set_file_version("brain.Event:2");
    appendRecord(event.SerializeAsString());
}

void TensorBoardEventWriter::addScalar(const std::string& tag,
                                       int64_t step,
                                       double wallTime,
                                       float value) {
    tensorboard::Event event;
    event.set_wall_time(wallTime);
    event.set_step(step);
    auto* summaryValue = event.mutable_summary()->add_value();
    summaryValue->set_tag(tag);
    summaryValue->set_simple_value(value);
    appendRecord(event.SerializeAsString());
}

void TensorBoardEventWriter::appendRecord(const std::string& data) {
    std::string length;
    appendLittleEndian(length, data.size(), 8);
    m_bytes += length;
    appendLittleEndian(m_bytes, maskedCrc32c(length.data(), length.size()), 4);
    m_bytes += data;
    appendLittleEndian(m_bytes, maskedCrc32c(data.data(), data.size()), 4);
}

}  // namespace fpt::core
