// SPDX-License-Identifier: MIT
// Preset parsing regressions from fuzzing (issue 8): every bad input is one ConfigError.
#include "core/error.h"
#include "core/run_config.h"

#include <QTest>

#include <nlohmann/json.hpp>

#include <string>

class TestRunConfig : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void issue8_overrideWithInvalidUtf8();
    void issue8_floatIntoIntegerField();
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

QTEST_GUILESS_MAIN(TestRunConfig)
#include "test_run_config.moc"
