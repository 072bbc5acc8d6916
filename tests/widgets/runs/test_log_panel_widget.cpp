// SPDX-License-Identifier: MIT
// LogPanelWidget: level parsing and filtering, text filter, line cap, level colours, follow /
// pause-autoscroll, copy and clear, and 10,000 appends in one event-loop turn.
#include "widgets/runs/log_panel_widget.h"
#include "widgets/common/status_palette.h"

#include <QClipboard>
#include <QComboBox>
#include <QElapsedTimer>
#include <QGuiApplication>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTest>
#include <QTextBlock>
#include <QToolButton>

using fpt::widgets::LogPanelWidget;
using Level = fpt::widgets::LogPanelWidget::Level;

Q_DECLARE_METATYPE(fpt::widgets::LogPanelWidget::Level)

namespace {

QString logLine(const char* level, const QString& message, int thread = 123) {
    return QStringLiteral("[12:01:02.345] [core] [%1] [t%2] %3")
        .arg(QLatin1String(level))
        .arg(thread)
        .arg(message);
}

QColor blockColor(const QPlainTextEdit* console, int blockNumber) {
    const QTextBlock block = console->document()->findBlockByNumber(blockNumber);
    return block.begin().fragment().charFormat().foreground().color();
}

}  // namespace

class TestLogPanelWidget : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void parseLevel_data();
    void parseLevel();
    void levelFilterHidesLowerLevels();
    void textFilter();
    void capOnLines();
    void levelColours();
    void tenThousandAppendsInOneTurn();
    void followPausesWhenScrolledUp();
    void copyAndClear();

private:
    void appendFiveLevels();

    LogPanelWidget* m_panel = nullptr;
};

void TestLogPanelWidget::init() {
    m_panel = new LogPanelWidget;
    m_panel->resize(700, 300);
    m_panel->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_panel));
}

void TestLogPanelWidget::cleanup() {
    delete m_panel;
    m_panel = nullptr;
}

void TestLogPanelWidget::appendFiveLevels() {
    m_panel->appendLine(logLine("trace", QStringLiteral("step 1 loss 0.69")));
    m_panel->appendLine(logLine("debug", QStringLiteral("eval at step 50: acc 0.61")));
    m_panel->appendLine(logLine("info", QStringLiteral("run started: bit_xor fpt")));
    m_panel->appendLine(logLine("warning", QStringLiteral("eval took 3.2 s")));
    m_panel->appendLine(logLine("error", QStringLiteral("checkpoint write failed")));
}

void TestLogPanelWidget::parseLevel_data() {
    QTest::addColumn<QString>("line");
    QTest::addColumn<Level>("level");
    QTest::newRow("trace") << logLine("trace", QStringLiteral("x")) << Level::Trace;
    QTest::newRow("debug") << logLine("debug", QStringLiteral("x")) << Level::Debug;
    QTest::newRow("info") << logLine("info", QStringLiteral("x")) << Level::Info;
    QTest::newRow("warning") << logLine("warning", QStringLiteral("x")) << Level::Warn;
    QTest::newRow("warn") << logLine("warn", QStringLiteral("x")) << Level::Warn;
    QTest::newRow("error") << logLine("error", QStringLiteral("x")) << Level::Error;
    QTest::newRow("critical") << logLine("critical", QStringLiteral("x")) << Level::Error;
    QTest::newRow("level word in message")
        << logLine("info", QStringLiteral("[error] is just text here")) << Level::Info;
    QTest::newRow("plain text") << QStringLiteral("no brackets at all") << Level::Info;
    QTest::newRow("too few fields") << QStringLiteral("[12:00] [app] error") << Level::Info;
}

void TestLogPanelWidget::parseLevel() {
    QFETCH(QString, line);
    QFETCH(Level, level);
    QCOMPARE(LogPanelWidget::parseLevel(line), level);
}

void TestLogPanelWidget::levelFilterHidesLowerLevels() {
    m_panel->setMinimumLevel(Level::Trace);
    appendFiveLevels();
    QTRY_COMPARE_WITH_TIMEOUT(m_panel->shownLineCount(), 5, 3000);

    auto* combo = m_panel->findChild<QComboBox*>(QStringLiteral("levelFilter"));
    combo->setCurrentIndex(3);  // warn, as a user picks it
    QCOMPARE(m_panel->minimumLevel(), Level::Warn);
    QTRY_COMPARE_WITH_TIMEOUT(m_panel->shownLineCount(), 2, 3000);
    QVERIFY(m_panel->shownText().contains(QStringLiteral("eval took 3.2 s")));
    QVERIFY(m_panel->shownText().contains(QStringLiteral("checkpoint write failed")));
    QVERIFY(!m_panel->shownText().contains(QStringLiteral("run started")));

    // New lines obey the filter too; lowering it brings hidden lines back.
    m_panel->appendLine(logLine("info", QStringLiteral("run finished")));
    m_panel->appendLine(logLine("error", QStringLiteral("second failure")));
    QTRY_COMPARE_WITH_TIMEOUT(m_panel->shownLineCount(), 3, 3000);
    m_panel->setMinimumLevel(Level::Info);
    QCOMPARE(combo->currentIndex(), 2);
    QTRY_COMPARE_WITH_TIMEOUT(m_panel->shownLineCount(), 5, 3000);
}

void TestLogPanelWidget::textFilter() {
    m_panel->setMinimumLevel(Level::Trace);
    appendFiveLevels();
    auto* filter = m_panel->findChild<QLineEdit*>(QStringLiteral("textFilter"));
    QTest::keyClicks(filter, QStringLiteral("EVAL"));  // case-insensitive
    QTRY_COMPARE_WITH_TIMEOUT(m_panel->shownLineCount(), 2, 3000);
    QVERIFY(m_panel->shownText().contains(QStringLiteral("eval at step 50")));
    filter->clear();
    QTRY_COMPARE_WITH_TIMEOUT(m_panel->shownLineCount(), 5, 3000);
}

void TestLogPanelWidget::capOnLines() {
    m_panel->setMaximumLines(100);
    for (int i = 0; i < 250; ++i) {
        m_panel->appendLine(logLine("info", QStringLiteral("line %1").arg(i)));
    }
    QTRY_COMPARE_WITH_TIMEOUT(m_panel->shownLineCount(), 100, 3000);
    const QPlainTextEdit* console = m_panel->console();
    QVERIFY(console->document()->firstBlock().text().endsWith(QStringLiteral("line 150")));
    QVERIFY(console->document()->lastBlock().text().endsWith(QStringLiteral("line 249")));
    // Trickling in one by one keeps the cap as well.
    for (int i = 250; i < 260; ++i) {
        m_panel->appendLine(logLine("info", QStringLiteral("line %1").arg(i)));
        QTRY_VERIFY_WITH_TIMEOUT(
            console->document()->lastBlock().text().endsWith(QStringLiteral("line %1").arg(i)),
            3000);
    }
    QCOMPARE(m_panel->shownLineCount(), 100);
    // So does a re-filter.
    m_panel->setMinimumLevel(Level::Trace);
    QTRY_VERIFY_WITH_TIMEOUT(
        console->document()->firstBlock().text().endsWith(QStringLiteral("line 160")), 3000);
    QCOMPARE(m_panel->shownLineCount(), 100);
}

void TestLogPanelWidget::levelColours() {
    m_panel->setMinimumLevel(Level::Trace);
    appendFiveLevels();
    QTRY_COMPARE_WITH_TIMEOUT(m_panel->shownLineCount(), 5, 3000);
    const QPalette palette = m_panel->palette();
    const QPlainTextEdit* console = m_panel->console();
    using fpt::widgets::statusColor;
    using fpt::widgets::StatusTone;
    QCOMPARE(blockColor(console, 0), statusColor(StatusTone::Muted, palette));
    QCOMPARE(blockColor(console, 1), statusColor(StatusTone::Muted, palette));
    QCOMPARE(blockColor(console, 2), palette.color(QPalette::Text));
    QCOMPARE(blockColor(console, 3), statusColor(StatusTone::Warning, palette));
    QCOMPARE(blockColor(console, 4), statusColor(StatusTone::Error, palette));

    // A dark palette recolours what is already shown.
    QPalette dark = palette;
    dark.setColor(QPalette::Window, QColor(0x20, 0x20, 0x20));
    dark.setColor(QPalette::Base, QColor(0x18, 0x18, 0x18));
    dark.setColor(QPalette::Text, QColor(0xe0, 0xe0, 0xe0));
    m_panel->setPalette(dark);
    QTRY_COMPARE_WITH_TIMEOUT(blockColor(console, 4), statusColor(StatusTone::Error, dark), 3000);
    QVERIFY(statusColor(StatusTone::Error, dark) != statusColor(StatusTone::Error, palette));
}

void TestLogPanelWidget::tenThousandAppendsInOneTurn() {
    m_panel->setMaximumLines(20000);
    QElapsedTimer timer;
    timer.start();
    for (int i = 0; i < 10000; ++i) {
        const char* level = i % 10 == 0 ? "warning" : (i % 3 == 0 ? "debug" : "info");
        m_panel->appendLine(logLine(level, QStringLiteral("step %1 loss 0.5").arg(i), i % 4));
    }
    const qint64 appendMs = timer.elapsed();
    // 3,000 debug lines (i % 3 == 0 but not i % 10 == 0) are hidden, 9999 among them.
    QTRY_COMPARE_WITH_TIMEOUT(m_panel->shownLineCount(), 7000, 10000);
    QVERIFY(m_panel->console()->document()->lastBlock().text().endsWith(
        QStringLiteral("step 9998 loss 0.5")));
    qInfo("10,000 appends: %lld ms queued, %lld ms shown", appendMs, timer.elapsed());
    QVERIFY2(appendMs < 2000, "appendLine must only queue");

    // With the default cap the console ends at exactly the cap, newest line last.
    m_panel->clear();
    m_panel->setMaximumLines(5000);
    for (int i = 0; i < 10000; ++i) {
        m_panel->appendLine(logLine("info", QStringLiteral("line %1").arg(i)));
    }
    QTRY_COMPARE_WITH_TIMEOUT(m_panel->shownLineCount(), 5000, 10000);
    QVERIFY(
        m_panel->console()->document()->lastBlock().text().endsWith(QStringLiteral("line 9999")));
}

void TestLogPanelWidget::followPausesWhenScrolledUp() {
    for (int i = 0; i < 400; ++i) {
        m_panel->appendLine(logLine("info", QStringLiteral("line %1").arg(i)));
    }
    QTRY_COMPARE_WITH_TIMEOUT(m_panel->shownLineCount(), 400, 3000);
    QScrollBar* bar = m_panel->console()->verticalScrollBar();
    QVERIFY(bar->maximum() > 0);
    QCOMPARE(bar->value(), bar->maximum());
    QVERIFY(m_panel->isFollowing());

    bar->setValue(10);  // the user scrolls up to read
    QVERIFY(!m_panel->isFollowing());
    auto* follow = m_panel->findChild<QToolButton*>(QStringLiteral("followButton"));
    QVERIFY(!follow->isChecked());
    for (int i = 400; i < 450; ++i) {
        m_panel->appendLine(logLine("info", QStringLiteral("line %1").arg(i)));
    }
    QTRY_COMPARE_WITH_TIMEOUT(m_panel->shownLineCount(), 450, 3000);
    QCOMPARE(bar->value(), 10);  // stayed where the user was reading

    follow->click();
    QVERIFY(m_panel->isFollowing());
    QCOMPARE(bar->value(), bar->maximum());
    m_panel->appendLine(logLine("info", QStringLiteral("line 450")));
    QTRY_COMPARE_WITH_TIMEOUT(m_panel->shownLineCount(), 451, 3000);
    QCOMPARE(bar->value(), bar->maximum());
}

void TestLogPanelWidget::copyAndClear() {
    m_panel->setMinimumLevel(Level::Warn);
    appendFiveLevels();
    QTRY_COMPARE_WITH_TIMEOUT(m_panel->shownLineCount(), 2, 3000);
    m_panel->findChild<QToolButton*>(QStringLiteral("copyButton"))->click();
    QCOMPARE(QGuiApplication::clipboard()->text(),
             logLine("warning", QStringLiteral("eval took 3.2 s")) + QLatin1Char('\n') +
                 logLine("error", QStringLiteral("checkpoint write failed")));

    m_panel->findChild<QToolButton*>(QStringLiteral("clearButton"))->click();
    QCOMPARE(m_panel->shownLineCount(), 0);
    m_panel->setMinimumLevel(Level::Trace);  // cleared lines do not come back
    m_panel->appendLine(logLine("info", QStringLiteral("fresh")));
    QTRY_COMPARE_WITH_TIMEOUT(m_panel->shownLineCount(), 1, 3000);
}

QTEST_MAIN(TestLogPanelWidget)
#include "test_log_panel_widget.moc"
