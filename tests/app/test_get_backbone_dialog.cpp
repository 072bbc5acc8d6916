// SPDX-License-Identifier: MIT
// "Get backbone…" (issue 14): against the test Hub server (tests/hub/hub_server.py on 127.0.0.1),
// Download returns at once (the fetch runs in a thread), the progress bar moves, the model lands
// in the HF cache and backboneFetched fires; Cancel stops a slow download and keeps the partial file.
#include "app/gui/get_backbone_dialog.h"
#include "core/hub/hub_cache.h"
#include "core/hub/hub_repo_id.h"

#include <QDir>
#include <QDirIterator>
#include <QLabel>
#include <QListWidget>
#include <QProcess>
#include <QProgressBar>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

using fpt::app::GetBackboneDialog;

class TestGetBackboneDialog : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void downloadsInBackgroundAndReports();
    void cancelKeepsPartialFile();

private:
    void startServer(double throttle);
    QPushButton* button(GetBackboneDialog& dialog, const QString& text);
    void selectGpt2(GetBackboneDialog& dialog);

    QProcess m_server;
    std::unique_ptr<QTemporaryDir> m_cache;  // a fresh cache per test
};

void TestGetBackboneDialog::init() {
    m_cache = std::make_unique<QTemporaryDir>();
    QVERIFY(m_cache->isValid());
    qputenv("HF_HUB_CACHE", m_cache->path().toUtf8());
    qunsetenv("HF_HUB_OFFLINE");
    qputenv("no_proxy", "*");
}

void TestGetBackboneDialog::cleanup() {
    m_server.kill();
    m_server.waitForFinished(5000);
}

void TestGetBackboneDialog::startServer(double throttle) {
    const QString src = QStringLiteral(FPT_SOURCE_DIR);
    m_server.start(QStringLiteral("python3"),
                   {src + QStringLiteral("/tests/hub/hub_server.py"), QStringLiteral("--throttle"),
                    QString::number(throttle), QStringLiteral("gpt2=") + src + QStringLiteral("/tests/fixtures/gpt2-tiny")});
    QVERIFY(m_server.waitForStarted(10000));
    QVERIFY(m_server.waitForReadyRead(20000));
    const auto line = QString::fromUtf8(m_server.readLine()).trimmed();
    QVERIFY2(line.startsWith(QStringLiteral("HF_ENDPOINT=")), qPrintable(line));
    qputenv("HF_ENDPOINT", line.mid(12).toUtf8());
}

QPushButton* TestGetBackboneDialog::button(GetBackboneDialog& dialog, const QString& text) {
    for (auto* b : dialog.findChildren<QPushButton*>()) {
        if (b->text().remove(QLatin1Char('&')) == text) {
            return b;
        }
    }
    return nullptr;
}

void TestGetBackboneDialog::selectGpt2(GetBackboneDialog& dialog) {
    auto* list = dialog.findChild<QListWidget*>();
    QVERIFY(list != nullptr);
    QCOMPARE(list->count(), 5);
    for (int row = 0; row < list->count(); ++row) {
        if (list->item(row)->data(Qt::UserRole).toString() == QStringLiteral("gpt2")) {
            list->setCurrentRow(row);
        }
    }
}

void TestGetBackboneDialog::downloadsInBackgroundAndReports() {
    startServer(0.002);
    GetBackboneDialog dialog;
    selectGpt2(dialog);
    QSignalSpy fetched(&dialog, &GetBackboneDialog::backboneFetched);
    auto* download = button(dialog, QStringLiteral("Download"));
    QVERIFY(download != nullptr);
    download->click();
    QCOMPARE(fetched.count(), 0);  // click() returned while the download runs
    QVERIFY(!download->isEnabled());
    QVERIFY(fetched.wait(60000));
    QCOMPARE(fetched.at(0).at(0).toString(), QStringLiteral("gpt2"));
    QCOMPARE(dialog.findChild<QProgressBar*>()->value(), 1000);
    QVERIFY(download->isEnabled());
    const fpt::core::HubCache cache(m_cache->path().toStdString());
    QVERIFY(!cache.findSnapshot(fpt::core::HubRepoId::parse("gpt2")).empty());
}

void TestGetBackboneDialog::cancelKeepsPartialFile() {
    startServer(0.2);  // 4 KiB per 0.2 s: the 426 kB fixture would take ~20 s
    GetBackboneDialog dialog;
    selectGpt2(dialog);
    QSignalSpy fetched(&dialog, &GetBackboneDialog::backboneFetched);
    button(dialog, QStringLiteral("Download"))->click();
    auto* bar = dialog.findChild<QProgressBar*>();
    QTRY_VERIFY_WITH_TIMEOUT(bar->value() > 0, 30000);
    auto* cancel = button(dialog, QStringLiteral("Cancel"));
    QVERIFY(cancel != nullptr);
    cancel->click();
    auto* download = button(dialog, QStringLiteral("Download"));
    QTRY_VERIFY_WITH_TIMEOUT(download->isEnabled(), 10000);
    QCOMPARE(fetched.count(), 0);
    QStringList status;
    for (auto* label : dialog.findChildren<QLabel*>()) {
        status << label->text();
    }
    QVERIFY2(status.join(QLatin1Char(' ')).contains(QStringLiteral("resume")), qPrintable(status.join(QLatin1Char(' '))));
    QDirIterator it(m_cache->path(), {QStringLiteral("*.incomplete")}, QDir::Files, QDirIterator::Subdirectories);
    QVERIFY2(it.hasNext(), "the partial file should stay for a resume");
}

QTEST_MAIN(TestGetBackboneDialog)
#include "test_get_backbone_dialog.moc"
