// SPDX-License-Identifier: MIT
// Closed sets as types (kinds.h) and the one JSON file reader (json_file.h): names round-trip
// with the JSON spellings presets use, unknown names list the allowed ones, and JSON errors name
// file, line and column.
#include "core/config/error.h"
#include "core/config/json_file.h"
#include "core/config/kinds.h"
#include "core/config/run_config.h"

#include <QTemporaryDir>
#include <QTest>

#include <fstream>
#include <string>

using namespace fpt::core;

class TestKindsAndJson : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void modelKindsRoundTrip();
    void taskKindsMatchPresetSpellings();
    void unknownModelKindListsAllowed();
    void runConfigReportsUnknownKindAtItsPath();
    void runConfigWritesTheSameStrings();
    void jsonErrorNamesFileLineAndColumn();
    void missingFileNamesItAndTheHint();
    void errorTypeIsTheCallersChoice();
};

void TestKindsAndJson::modelKindsRoundTrip() {
    for (const auto& [kind, name] : {std::pair{ModelKind::Fpt, "fpt"}, {ModelKind::Full, "full"},
                                     {ModelKind::Lstm, "lstm"}}) {
        QCOMPARE(toString(kind), std::string(name));
        QVERIFY(modelKindFromString(name).value() == kind);
    }
    QVERIFY(!modelKindFromString("FPT").has_value());  // spellings are exact
}

void TestKindsAndJson::taskKindsMatchPresetSpellings() {
    // The task keys of presets/*.json (the file names' first part), written out by hand.
    const std::vector<std::string> expected = {"bit_memory", "bit_xor",  "listops",     "mnist",
                                               "fashion_mnist", "cifar10", "cifar10_lra",
                                               "remote_homology"};
    QCOMPARE(taskKindNames(), expected);
    for (const auto& name : expected) {
        QCOMPARE(toString(parseTaskKind(name)), name);
    }
    QVERIFY(isBitTask(TaskKind::BitXor) && !isBitTask(TaskKind::Mnist));
    QVERIFY(isImageTask(TaskKind::Cifar10Lra) && !isImageTask(TaskKind::ListOps));
    QCOMPARE(toString(ParamGroup::LayerNorm), std::string("layernorm"));
    QVERIFY(paramGroupFromString("feedforward").value() == ParamGroup::FeedForward);
}

void TestKindsAndJson::unknownModelKindListsAllowed() {
    try {
        parseModelKind("gpt");
        QFAIL("accepted model kind 'gpt'");
    } catch (const ConfigError& e) {
        QCOMPARE(std::string(e.what()), std::string("model.kind: unknown model kind 'gpt' (allowed: fpt, full, lstm)"));
    }
}

void TestKindsAndJson::runConfigReportsUnknownKindAtItsPath() {
    try {
        parseRunConfig(R"({"model":{"kind":"gpt"},"task":{"name":"xor"}})", "p.json");
        QFAIL("accepted unknown kinds");
    } catch (const ConfigValidationError& e) {
        bool sawKind = false;
        bool sawTask = false;
        for (const auto& issue : e.issues()) {
            sawKind |= issue.path == "/model/kind" && issue.message.find("allowed: fpt, full, lstm") != std::string::npos;
            sawTask |= issue.path == "/task/name" && issue.message.find("\"xor\"") != std::string::npos &&
                       issue.message.find("bit_xor") != std::string::npos;
        }
        QVERIFY2(sawKind && sawTask, e.what());
    }
}

void TestKindsAndJson::runConfigWritesTheSameStrings() {
    const auto c = parseRunConfig(R"({"model":{"kind":"lstm"},"task":{"name":"fashion_mnist"}})", "p.json");
    QVERIFY(c.model.kind == ModelKind::Lstm);
    QVERIFY(c.task.name == TaskKind::FashionMnist);
    const nlohmann::json j = c;
    QCOMPARE(j["model"]["kind"].get<std::string>(), std::string("lstm"));
    QCOMPARE(j["task"]["name"].get<std::string>(), std::string("fashion_mnist"));
}

void TestKindsAndJson::jsonErrorNamesFileLineAndColumn() {
    QTemporaryDir dir;
    const auto path = dir.filePath(QStringLiteral("bad.json")).toStdString();
    std::ofstream(path) << "{\n  \"a\": 1,\n  \"b\": ]\n}\n";  // the ']' is line 3, column 8
    try {
        readJsonFile(path);
        QFAIL("parsed bad JSON");
    } catch (const Error& e) {
        const std::string what = e.what();
        QVERIFY2(what.find("'" + path + "'") != std::string::npos, e.what());
        QVERIFY2(what.find("line 3, column 8") != std::string::npos, e.what());
        QVERIFY2(what.find("[json.exception") == std::string::npos, e.what());
    }
    // CRLF files count lines the same way.
    std::ofstream(path, std::ios::binary) << "{\r\n\r\n  \"a\": tru\r\n}";
    try {
        readJsonFile(path);
        QFAIL("parsed bad JSON");
    } catch (const Error& e) {
        QVERIFY2(std::string(e.what()).find("line 3,") != std::string::npos, e.what());
    }
}

void TestKindsAndJson::missingFileNamesItAndTheHint() {
    try {
        readJsonFile("/nonexistent/x.json", "a preset");
        QFAIL("read a missing file");
    } catch (const Error& e) {
        QCOMPARE(std::string(e.what()), std::string("cannot open '/nonexistent/x.json' (a preset)"));
    }
}

void TestKindsAndJson::errorTypeIsTheCallersChoice() {
    QVERIFY_THROWS_EXCEPTION(CheckpointError, parseJsonText<CheckpointError>("{", "state.json"));
    QVERIFY_THROWS_EXCEPTION(DatasetError, parseJsonText<DatasetError>("1E999999", "x.jsonl:3"));
    QCOMPARE(parseJsonText("{\"k\": [1, 2]}", "t")["k"][1].get<int>(), 2);
}

QTEST_GUILESS_MAIN(TestKindsAndJson)
#include "test_kinds_and_json.moc"
