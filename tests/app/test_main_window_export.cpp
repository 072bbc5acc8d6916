// SPDX-License-Identifier: MIT
// File > Export > TensorBoard and Help > About (issue 20): the explorer exports the opened runs,
// one subfolder per run named as its legend entry, each a TFRecord event file whose first record
// is TensorBoard's file_version; with no runs it refuses with the reason and writes nothing. The
// About text names the version, git commit, LibTorch, Qt, BLAS and CPU features.
#include "app/gui/log_bridge.h"
#include "app/gui/main_window.h"
#include "app/gui/run_list_model.h"
#include "app/gui/run_manager.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtEndian>
#include <QtTest>

#include <cstring>

using namespace fpt;
using namespace fpt::app;

class TestMainWindowExport : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void exportsOpenedRunsNamedAsLegend();
    void refusesWithoutRunsAndWritesNothing();
    void aboutNamesTheBuild();
};

namespace {

QString referenceRun(const char* name) {
    return QDir(QStringLiteral(FPT_SOURCE_DIR "/resources/reference-runs")).filePath(QString::fromLatin1(name));
}

QString sanitized(QString name) {
    // The rule documented in core/training/tensorboard_export.h, written out independently.
    QString out;
    bool replaced = false;
    for (const QChar c : name) {
        const bool keep = (c >= QLatin1Char('a') && c <= QLatin1Char('z')) || (c >= QLatin1Char('A') && c <= QLatin1Char('Z')) ||
                          (c >= QLatin1Char('0') && c <= QLatin1Char('9')) || c == QLatin1Char('.') ||
                          c == QLatin1Char('-') || c == QLatin1Char('_');
        if (keep) {
            out += c;
            replaced = false;
        } else if (!replaced) {
            out += QLatin1Char('_');
            replaced = true;
        }
    }
    while (out.endsWith(QLatin1Char('_'))) out.chop(1);
    while (out.startsWith(QLatin1Char('_'))) out.remove(0, 1);
    return out;
}

}  // namespace

void TestMainWindowExport::exportsOpenedRunsNamedAsLegend() {
    QTemporaryDir tmp;
    LogBridge bridge;
    MainWindow window(&bridge);
    window.openRunFolder(referenceRun("xor-fpt-language"));
    window.openRunFolder(referenceRun("xor-lstm"));
    const auto ids = window.runManager()->runs()->ids();
    QCOMPARE(ids.size(), 2);
    QStringList expected;
    for (const auto& id : ids) {
        expected << sanitized(window.runManager()->runs()->run(id)->name);
    }
    QVERIFY2(expected[0] != expected[1], qPrintable(expected.join(QLatin1Char(' '))));
    const QString out = QDir(tmp.path()).filePath(QStringLiteral("tb"));
    QString error;
    QVERIFY2(window.exportTensorBoard(out, &error), qPrintable(error));
    auto subdirs = QDir(out).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    subdirs.sort();
    expected.sort();
    QCOMPARE(subdirs, expected);
    for (const auto& sub : subdirs) {
        const auto files = QDir(QDir(out).filePath(sub)).entryList(QDir::Files);
        QCOMPARE(files.size(), 1);
        QVERIFY(files[0].startsWith(QStringLiteral("events.out.tfevents.")));
        QFile file(QDir(QDir(out).filePath(sub)).filePath(files[0]));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray bytes = file.readAll();
        // TFRecord: u64 length, u32 CRC, payload, u32 CRC; the payload of the first record is an
        // Event whose field 3 (file_version) is "brain.Event:2".
        QVERIFY(bytes.size() > 16);
        const auto length = qFromLittleEndian<quint64>(bytes.constData());
        QVERIFY(length > 0 && length < 100);
        QVERIFY2(bytes.mid(12, static_cast<int>(length)).contains("brain.Event:2"), qPrintable(sub));
        QVERIFY2(bytes.size() > 2000, qPrintable(QStringLiteral("%1: only %2 bytes").arg(sub).arg(bytes.size())));
    }
}

void TestMainWindowExport::refusesWithoutRunsAndWritesNothing() {
    QTemporaryDir tmp;
    LogBridge bridge;
    MainWindow window(&bridge);
    const QString out = QDir(tmp.path()).filePath(QStringLiteral("tb"));
    QString error;
    QVERIFY(!window.exportTensorBoard(out, &error));
    QVERIFY2(error.contains(QStringLiteral("no runs")), qPrintable(error));
    QVERIFY(!QFileInfo::exists(out));
}

void TestMainWindowExport::aboutNamesTheBuild() {
    const QString text = MainWindow::aboutText();
    QVERIFY2(text.contains(QStringLiteral(FPT_VERSION)), qPrintable(text));
    for (const char* key : {"Git commit", "LibTorch", "BLAS", "CPU features"}) {
        QVERIFY2(text.contains(QLatin1String(key)), key);
    }
    QVERIFY2(text.contains(QString::fromLatin1(qVersion())), qPrintable(text));
    QVERIFY2(text.contains(QStringLiteral("1.13")), qPrintable(text));  // the LibTorch we build on
}

QTEST_MAIN(TestMainWindowExport)
#include "test_main_window_export.moc"
