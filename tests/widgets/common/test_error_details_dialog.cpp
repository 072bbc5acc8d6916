// SPDX-License-Identifier: MIT
// ErrorDetailsDialog: message, next-step hint (explicit, embedded "Hint:" or generic), folded
// details, and the non-blocking static show().
#include "widgets/common/error_details_dialog.h"

#include <QPlainTextEdit>
#include <QPointer>
#include <QTest>
#include <QToolButton>

using fpt::widgets::ErrorDetailsDialog;

class TestErrorDetailsDialog : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void hint_data();
    void hint();
    void detailsAreFolded();
    void noDetailsNoToggle();
    void staticShowDoesNotBlock();
};

void TestErrorDetailsDialog::hint_data() {
    QTest::addColumn<QString>("userMessage");
    QTest::addColumn<QString>("explicitHint");
    QTest::addColumn<QString>("message");
    QTest::addColumn<QString>("hint");
    QTest::newRow("embedded") << "This checkpoint is schema 1; this build reads schema 2.\n"
                                 "Hint: start a new run or re-export."
                              << QString()
                              << "This checkpoint is schema 1; this build reads schema 2."
                              << "start a new run or re-export.";
    QTest::newRow("llm.c arrow") << "Dataset missing.\n---> HINT: run fpt fetch mnist first"
                                 << QString() << "Dataset missing."
                                 << "run fpt fetch mnist first";
    QTest::newRow("explicit wins") << "Out of memory.\nHint: embedded"
                                   << "Lower batch_size or use the CPU."
                                   << "Out of memory."
                                   << "Lower batch_size or use the CPU.";
}

void TestErrorDetailsDialog::hint() {
    QFETCH(QString, userMessage);
    QFETCH(QString, explicitHint);
    QFETCH(QString, message);
    QFETCH(QString, hint);
    const ErrorDetailsDialog dialog(QStringLiteral("Run failed"), userMessage,
                                    QStringLiteral("trace"), explicitHint);
    QCOMPARE(dialog.windowTitle(), QStringLiteral("Run failed"));
    QCOMPARE(dialog.userMessage(), message);
    QCOMPARE(dialog.hint(), hint);
}

void TestErrorDetailsDialog::detailsAreFolded() {
    ErrorDetailsDialog dialog(QStringLiteral("Bad file"),
                              QStringLiteral("presets/x.json is not valid JSON."),
                              QStringLiteral("parse error at line 3, column 7: missing ','"));
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    auto* details = dialog.findChild<QPlainTextEdit*>(QStringLiteral("details"));
    auto* toggle = dialog.findChild<QToolButton*>(QStringLiteral("detailsToggle"));
    QVERIFY(toggle->isVisible());
    QVERIFY(!details->isVisible());
    QVERIFY(!dialog.hint().isEmpty());  // a generic next step when none was given
    toggle->click();
    QVERIFY(dialog.isDetailsExpanded());
    QVERIFY(details->isVisible());
    QCOMPARE(dialog.details(), QStringLiteral("parse error at line 3, column 7: missing ','"));
    toggle->click();
    QVERIFY(!details->isVisible());
}

void TestErrorDetailsDialog::noDetailsNoToggle() {
    ErrorDetailsDialog dialog(QStringLiteral("Stopped"), QStringLiteral("The run was stopped."),
                              QString());
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QVERIFY(!dialog.findChild<QToolButton*>(QStringLiteral("detailsToggle"))->isVisible());
}

void TestErrorDetailsDialog::staticShowDoesNotBlock() {
    QWidget parent;
    parent.show();
    QVERIFY(QTest::qWaitForWindowExposed(&parent));
    ErrorDetailsDialog::show(&parent, QStringLiteral("Run failed"),
                             QStringLiteral("CUDA out of memory."), QStringLiteral("details"));
    // Reaching this line means show() returned without a nested event loop.
    QPointer<ErrorDetailsDialog> dialog = parent.findChild<ErrorDetailsDialog*>();
    QVERIFY(dialog != nullptr);
    QTRY_VERIFY_WITH_TIMEOUT(dialog->isVisible(), 3000);
    QCOMPARE(dialog->userMessage(), QStringLiteral("CUDA out of memory."));
    dialog->reject();
    QTRY_VERIFY_WITH_TIMEOUT(dialog.isNull(), 3000);  // deletes itself on close
}

QTEST_MAIN(TestErrorDetailsDialog)
#include "test_error_details_dialog.moc"
