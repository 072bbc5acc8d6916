// SPDX-License-Identifier: MIT
// Run folder robustness (issue 8): the resume filter of metrics.jsonl, run.json parsing and the
// run-folder name a preset can ask for.
#include "core/config/error.h"
#include "core/training/run_folder.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

#include <nlohmann/json.hpp>

#include <string>

using fpt::core::metricsKeptOnResume;
using fpt::core::parseMetricsLines;

class TestRunFolder : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void issue8_resumeDropsFinalEvaluation();
    void issue8_resumeDropsTornAndForeignLines();
    void issue8_runRecordErrors_data();
    void issue8_runRecordErrors();
    void issue8_runNameStaysInRunsFolder_data();
    void issue8_runNameStaysInRunsFolder();
    void issue8_vanishedFolderIsNotRecreated();
};

void TestRunFolder::issue8_resumeDropsFinalEvaluation() {
    // A kill after the final checkpoint (step 30) but before run.json says "done": the resumed
    // run evaluates again, so the old final line must go or it would appear twice.
    const std::string text =
        "{\"step\":30,\"split\":\"train\",\"loss\":1.0}\n"
        "{\"step\":30,\"split\":\"test\",\"final\":true,\"loss\":0.5}\n";
    const auto kept = parseMetricsLines(metricsKeptOnResume(text, 30));
    QCOMPARE(kept.size(), size_t{1});
    QCOMPARE(kept[0]["split"].get<std::string>(), std::string("train"));
}

void TestRunFolder::issue8_resumeDropsTornAndForeignLines() {
    const std::string text =
        "{\"step\":1,\"split\":\"train\"}\n"
        "{\"step\":\"2\",\"split\":\"train\"}\n"  // not an integer step: would throw in value()
        "[1,2]\n"
        "{\"split\":\"train\"}\n"
        "{\"step\":2,\"split\":\"train\"}\n"
        "{\"step\":3,\"spl";  // torn by a kill
    const std::string kept = metricsKeptOnResume(text, 2);
    QCOMPARE(kept,
             std::string("{\"split\":\"train\",\"step\":1}\n{\"split\":\"train\",\"step\":2}\n"));
    QCOMPARE(metricsKeptOnResume(kept, 2), kept);
}

void TestRunFolder::issue8_runRecordErrors_data() {
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QString>("fragment");
    QTest::newRow("not json") << QByteArray("{") << QStringLiteral("not valid JSON");
    QTest::newRow("array") << QByteArray("[]") << QStringLiteral("not a JSON object");
    QTest::newRow("string schema")
        << QByteArray(R"({"schema_version":"1","config":{}})") << QStringLiteral("schema \"1\"");
    QTest::newRow("float schema") << QByteArray(R"({"schema_version":1.5,"config":{}})")
                                  << QStringLiteral("schema 1.5");
    QTest::newRow("no config") << QByteArray(R"({"schema_version":1})")
                               << QStringLiteral("no config object");
}

void TestRunFolder::issue8_runRecordErrors() {
    QFETCH(QByteArray, text);
    QFETCH(QString, fragment);
    try {
        fpt::core::parseRunRecord(text.toStdString(), "run.json");
        QFAIL("accepted");
    } catch (const fpt::core::CheckpointError& e) {
        QVERIFY2(QString::fromUtf8(e.what()).contains(fragment), e.what());
    }
    QVERIFY(fpt::core::parseRunRecord(R"({"schema_version":1,"config":{}})", "r").is_object());
}

void TestRunFolder::issue8_runNameStaysInRunsFolder_data() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("expected");
    QTest::newRow("plain") << QStringLiteral("bit_xor_fpt-2") << QStringLiteral("bit_xor_fpt-2");
    QTest::newRow("parent") << QStringLiteral("../../etc/cron.d/x")
                            << QStringLiteral("_._.._etc_cron.d_x");
    QTest::newRow("absolute") << QStringLiteral("/tmp/evil") << QStringLiteral("_tmp_evil");
    QTest::newRow("dots") << QStringLiteral("..") << QStringLiteral("_.");
    QTest::newRow("empty") << QString() << QStringLiteral("run");
    QTest::newRow("long") << QString(200, QLatin1Char('a')) << QString(64, QLatin1Char('a'));
}

void TestRunFolder::issue8_runNameStaysInRunsFolder() {
    QFETCH(QString, name);
    QFETCH(QString, expected);
    const auto safe = fpt::core::safeRunFolderName(name.toStdString());
    QCOMPARE(QString::fromStdString(safe), expected);
    QVERIFY(safe.find('/') == std::string::npos && safe[0] != '.');
}

void TestRunFolder::issue8_vanishedFolderIsNotRecreated() {
    // A user deletes a run folder while the run writes to it: the next snapshot or checkpoint write
    // must fail with the folder's name, not silently re-create an empty folder without run.json.
    QTemporaryDir tmp;
    const std::string dir = QDir(tmp.path()).filePath(QStringLiteral("run-a")).toStdString();
    const auto folder = fpt::core::RunFolder::create(dir, {{"name", "run-a"}});
    folder.requirePresent();  // present: no throw
    QVERIFY(QDir(QString::fromStdString(dir)).removeRecursively());
    try {
        folder.requirePresent();
        QFAIL("requirePresent() did not throw for a deleted folder");
    } catch (const fpt::core::Error& e) {
        const std::string what = e.what();
        QVERIFY2(what.find(dir) != std::string::npos && what.find("disappeared") != std::string::npos,
                 e.what());
    }
    QVERIFY(!QDir(QString::fromStdString(dir)).exists());
}

QTEST_GUILESS_MAIN(TestRunFolder)
#include "test_run_folder.moc"
