// SPDX-License-Identifier: MIT
// Preset parsing regressions from fuzzing (issue 8): every bad input is one ConfigError.
#include "core/config/error.h"
#include "core/config/run_config.h"

#include <QTest>

#include <nlohmann/json.hpp>

#include <string>

class TestRunConfig : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void issue8_overrideWithInvalidUtf8();
    void issue8_floatIntoIntegerField();
    void issue8_overrideCannotGrowArrays();
};

void TestRunConfig::issue8_overrideWithInvalidUtf8() {
    // Found by fuzz_run_config: the key became part of the JSON and dump() threw type_error 316.
    for (const std::string assignment :
         {"model.unfre\xff\xffze=[0]", "name=\xc3(", "task.name=\xff"}) {
        nlohmann::json j = nlohmann::json::object();
        try {
            fpt::core::applyOverride(j, assignment);
            QFAIL("accepted invalid UTF-8");
        } catch (const fpt::core::ConfigError& e) {
            QVERIFY2(std::string(e.what()).find("UTF-8") != std::string::npos, e.what());
        }
        QVERIFY(!j.dump().empty());
    }
}

void TestRunConfig::issue8_floatIntoIntegerField() {
    for (const char* text : {R"({"train":{"steps":1e300}})", R"({"train":{"steps":-1e300}})",
                             R"({"model":{"n_layer":1e19}})", R"({"train":{"seed":1.5}})"}) {
        try {
            fpt::core::parseRunConfig(text, "preset.json");
            QFAIL(text);
        } catch (const fpt::core::ConfigError&) {
        }
    }
}

void TestRunConfig::issue8_overrideCannotGrowArrays() {
    // Found by fuzz_run_config (a 7 s "timeout"): a numeric path token on a missing key made
    // nlohmann create an array of that size; `--set a.999999999=1` would allocate ~1e9 values.
    for (const std::string assignment :
         {"x.888885=1", "model.unfreeze_attn_layers.5=1", "train.steps.999999999=1", "a.-=2",
          "model.unfreeze_attn_layers.99999999999999999999=1"}) {
        nlohmann::json j = {{"model", {{"unfreeze_attn_layers", {0, 1}}}}, {"train", nlohmann::json::object()}};
        try {
            fpt::core::applyOverride(j, assignment);
            QFAIL(assignment.c_str());
        } catch (const fpt::core::ConfigError& e) {
            QVERIFY2(std::string(e.what()).find("array") != std::string::npos, e.what());
        }
        QVERIFY(j.dump().size() < 200);
    }
    // Existing elements and plain keys still work.
    nlohmann::json j = {{"model", {{"unfreeze_attn_layers", {0, 1}}}}};
    fpt::core::applyOverride(j, "model.unfreeze_attn_layers.1=3");
    fpt::core::applyOverride(j, "train.steps=200");
    QCOMPARE(j["model"]["unfreeze_attn_layers"][1].get<int>(), 3);
    QCOMPARE(j["train"]["steps"].get<int>(), 200);
}

QTEST_GUILESS_MAIN(TestRunConfig)
#include "test_run_config.moc"
