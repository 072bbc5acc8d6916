// SPDX-License-Identifier: MIT
// MainWindow::openStudy (the Studies menu and `fpt-explorer --study`): a bad study name or budget
// is refused with the reason and nothing is created; a real study opens its table in the Studies
// dock with one row per runnable task and one column per setting, and queues its runs.
#include "app/gui/log_bridge.h"
#include "app/gui/main_window.h"
#include "widgets/runs/study_table_widget.h"

#include <QDir>
#include <QDockWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

using namespace fpt;
using namespace fpt::app;

class TestMainWindowStudy : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void refusesBadStudyWithReason();
    void opensStudyTableInDock();
};

void TestMainWindowStudy::refusesBadStudyWithReason() {
    QTemporaryDir tmp;
    LogBridge bridge;
    MainWindow window(&bridge);
    const QString folder = QDir(tmp.path()).filePath(QStringLiteral("study"));
    QString error;
    QVERIFY(!window.openStudy(QStringLiteral("nonsense"), QStringLiteral("small"), 1, folder, &error));
    QVERIFY2(error.contains(QStringLiteral("unknown study 'nonsense'")), qPrintable(error));
    error.clear();
    QVERIFY(!window.openStudy(QStringLiteral("freezing"), QStringLiteral("huge"), 1, folder, &error));
    QVERIFY2(error.contains(QStringLiteral("huge")), qPrintable(error));
    QVERIFY(!QFileInfo::exists(folder));
}

void TestMainWindowStudy::opensStudyTableInDock() {
    QTemporaryDir tmp;
    LogBridge bridge;
    MainWindow window(&bridge);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    const QString folder = QDir(tmp.path()).filePath(QStringLiteral("study"));
    QString error;
    QVERIFY2(window.openStudy(QStringLiteral("steps_to_converge"), QStringLiteral("small"), 1, folder, &error),
             qPrintable(error));
    auto* dock = window.findChild<QDockWidget*>(QStringLiteral("studyDock"));
    QVERIFY(dock && dock->isVisible());
    auto* table = window.findChild<widgets::StudyTableWidget*>();
    QVERIFY(table);
    // Bit XOR is always runnable (generated); columns are the study's two settings.
    QVERIFY(table->table()->rowCount() >= 1);
    QCOMPARE(table->table()->columnCount(), 2);
    bool hasXor = false;
    for (int r = 0; r < table->table()->rowCount(); ++r) {
        const auto* header = table->table()->verticalHeaderItem(r);
        hasXor = hasXor || (header && header->text().contains(QStringLiteral("bit_xor")));
    }
    QVERIFY(hasXor);
    // Nothing has finished: the paired difference is pending, which is no claim of "noise" either.
    const QString comparisons = table->comparisonsText();
    QVERIFY2(comparisons.contains(QStringLiteral("pending")) && !comparisons.contains(QStringLiteral("noise")),
             qPrintable(comparisons));
    // Its runs are queued as ordinary run folders under the study folder.
    QTRY_VERIFY_WITH_TIMEOUT(QFileInfo::exists(QDir(folder).filePath(QStringLiteral("bit_xor__pretrained/seed0/run.json"))),
                             60000);
    window.close();
}

QTEST_MAIN(TestMainWindowStudy)
#include "test_main_window_study.moc"
