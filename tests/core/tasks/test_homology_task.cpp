// SPDX-License-Identifier: MIT
// HomologyTask on generated TAPE-style files: spec, per-batch padding, the length filter,
// split selection, determinism and epoch coverage, probe, errors; batch() timing.
#include "core/config/error.h"
#include "core/tasks/homology_task.h"
#include "core/data/tape_reader.h"

#include <QTemporaryDir>
#include <QTest>

#include <chrono>
#include <fstream>
#include <set>
#include <string>

using fpt::core::HomologyTask;
using fpt::core::Split;
using fpt::core::TaskConfig;

namespace {

// Record id: fold_label = id, primary = (id % 23 + 1) residues cycling through
// "ACDEFGHIKLMNPQRSTVWY".
std::string primaryOf(int id) {
    const std::string letters = "ACDEFGHIKLMNPQRSTVWY";
    std::string p;
    for (int k = 0; k < id % 23 + 1; ++k) {
        p.push_back(letters[static_cast<size_t>((k + id) % 20)]);
    }
    return p;
}

void writeSplits(const std::string& dir) {
    std::ofstream train(dir + "/remote_homology_train.jsonl");
    for (int id = 0; id < 60; ++id) {
        train << "{\"id\": \"d" << id << "\", \"primary\": \"" << primaryOf(id)
              << "\", \"fold_label\": " << id << "}\n";
    }
    std::ofstream valid(dir + "/remote_homology_valid.fasta");
    for (int id = 100; id < 110; ++id) {
        valid << ">d" << id << " fold_label=" << id << "\n" << primaryOf(id) << "\n";
    }
    std::ofstream(dir + "/remote_homology_test_fold_holdout.json")
        << "[{\"primary\": \"MKV\", \"fold_label\": 1194}, {\"primary\": \"WW\", \"fold_label\": "
           "0}]";
}

TaskConfig config(const std::string& dir) {
    TaskConfig c;
    c.name = fpt::core::TaskKind::RemoteHomology;
    c.data_path = dir;
    return c;
}

}  // namespace

class TestHomologyTask : public QObject {
    Q_OBJECT

private Q_SLOTS:

    void initTestCase() {
        QVERIFY(m_dir.isValid());
        writeSplits(m_dir.path().toStdString());
    }

    void specAndPaddedBatches() {
        HomologyTask task(config(m_dir.path().toStdString()), 0);
        const auto& spec = task.spec();
        QCOMPARE(spec.input_kind, fpt::core::InputKind::Tokens);
        QCOMPARE(spec.input_dim, int64_t{30});
        QCOMPARE(spec.seq_len, int64_t{1024});
        QCOMPARE(spec.readout_tokens, int64_t{1});
        QCOMPARE(spec.num_classes, int64_t{1195});
        QCOMPARE(spec.outputs_per_token, int64_t{1195});
        QCOMPARE(task.size(Split::Train), int64_t{60});
        QCOMPARE(task.size(Split::Test), int64_t{10});
        QCOMPARE(task.skipped(Split::Train), int64_t{0});
        for (int64_t index = 0; index < 5; ++index) {
            const auto b = task.batch(Split::Train, 8, index);
            QCOMPARE(b.x.scalar_type(), torch::kInt64);
            QCOMPARE(b.y.sizes().vec(), (std::vector<int64_t>{8}));
            int64_t longest = 0;
            for (int64_t j = 0; j < 8; ++j) {
                const int id = static_cast<int>(b.y[j].item<int64_t>());
                const std::vector<int64_t> want = fpt::core::encodeIupac(primaryOf(id));
                longest = std::max<int64_t>(longest, static_cast<int64_t>(want.size()));
                for (size_t t = 0; t < static_cast<size_t>(b.x.size(1)); ++t) {
                    QCOMPARE(b.x[j][static_cast<int64_t>(t)].item<int64_t>(),
                             t < want.size() ? want[t] : int64_t{0});
                }
            }
            QCOMPARE(b.x.size(1), longest);  // padded to the batch's longest sequence only
        }
    }

    void lengthFilterAndSplits() {
        TaskConfig c = config(m_dir.path().toStdString());
        c.max_length = 12;  // keeps primaries of <= 10 residues: ids with id % 23 < 10
        c.test_split = "test_fold_holdout";
        HomologyTask task(c, 0);
        int64_t kept = 0;
        for (int id = 0; id < 60; ++id) {
            kept += id % 23 + 1 + 2 <= 12 ? 1 : 0;
        }
        QCOMPARE(task.size(Split::Train), kept);
        QCOMPARE(task.skipped(Split::Train), 60 - kept);
        QCOMPARE(task.spec().seq_len, int64_t{12});
        QCOMPARE(task.size(Split::Test), int64_t{2});
        const auto b = task.batch(Split::Test, 2, 0);
        QVERIFY(b.x.size(1) <= 12);
        std::set<int64_t> labels{b.y[0].item<int64_t>(), b.y[1].item<int64_t>()};
        QCOMPARE(labels, (std::set<int64_t>{0, 1194}));
    }

    void deterministicAndCoversEpoch() {
        HomologyTask a(config(m_dir.path().toStdString()), 3);
        HomologyTask b(config(m_dir.path().toStdString()), 3);
        QVERIFY(torch::equal(a.batch(Split::Train, 16, 4).x, b.batch(Split::Train, 16, 4).x));
        QVERIFY(!torch::equal(a.batch(Split::Train, 16, 4).y, a.batch(Split::Train, 16, 5).y));
        std::multiset<int64_t> labels;
        for (int64_t index = 0; index < 6; ++index) {
            const auto y = a.batch(Split::Train, 10, index).y;
            for (int64_t j = 0; j < 10; ++j) {
                labels.insert(y[j].item<int64_t>());
            }
        }
        QCOMPARE(labels.size(), size_t{60});
        QCOMPARE(std::set<int64_t>(labels.begin(), labels.end()).size(), size_t{60});
        QCOMPARE(a.batch(Split::Test, 4, 2).x.size(0), int64_t{2});  // 10 = 4 + 4 + 2
    }

    void capAndProbe() {
        TaskConfig c = config(m_dir.path().toStdString());
        c.max_train_examples = 9;
        HomologyTask task(c, 0);
        QCOMPARE(task.size(Split::Train), int64_t{9});
        const auto probe = task.probeBatch();
        const auto info = task.probeInfo();
        QCOMPARE(info.token_kind, std::string("residue"));
        QCOMPARE(static_cast<int64_t>(info.token_labels.size()), probe.x.size(1));
        QCOMPARE(info.token_labels.front(), std::string("<cls>"));
        QCOMPARE(info.token_labels.back(), std::string("<sep>"));
        QCOMPARE(info.target, probe.y[0].item<int64_t>());
        QCOMPARE(info.description, "fold " + std::to_string(info.target));
        const std::string primary = primaryOf(static_cast<int>(info.target));
        QCOMPARE(info.token_labels[1], primary.substr(0, 1));
    }

    void errors() {
        QTemporaryDir empty;
        try {
            HomologyTask task(config(empty.path().toStdString()), 0);
            QFAIL("expected DatasetError");
        } catch (const fpt::core::DatasetError& e) {
            QVERIFY2(std::string(e.what()).find(empty.path().toStdString() +
                                                "/remote_homology_train") != std::string::npos,
                     e.what());
        }
        TaskConfig c = config(m_dir.path().toStdString());
        c.test_split = "train";
        QVERIFY_THROWS_EXCEPTION(fpt::core::ConfigError, HomologyTask(c, 0));
        c.test_split = "valid";
        c.max_length = 3;  // only 1-residue sequences fit: the valid split would be empty
        QVERIFY_THROWS_EXCEPTION(fpt::core::DatasetError, HomologyTask(c, 0));
        TaskConfig d;
        HomologyTask::resolveDefaults(d);
        QCOMPARE(d.max_length, int64_t{1024});
        QCOMPARE(d.test_split, std::string("valid"));
    }

private:
    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TestHomologyTask)
#include "test_homology_task.moc"
