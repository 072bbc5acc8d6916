// SPDX-License-Identifier: MIT
// Every pure parser on thousands of random mutations of a valid input (bit flips, cuts,
// insertions, duplicated spans): each call returns or throws DatasetError, nothing else.
#include "core/data/cifar_reader.h"
#include "core/config/error.h"
#include "core/data/idx_reader.h"
#include "core/data/listops_evaluator.h"
#include "core/data/listops_reader.h"
#include "core/data/listops_vocab.h"
#include "core/data/mnist_json_reader.h"
#include "core/config/seeded_rng.h"
#include "core/data/tape_reader.h"

#include <QTest>

#include <functional>
#include <string>

using fpt::core::SeededRng;

namespace {

std::string be32(uint32_t v) {
    return {static_cast<char>(v >> 24), static_cast<char>(v >> 16), static_cast<char>(v >> 8),
            static_cast<char>(v)};
}

std::string mutate(const std::string& input, SeededRng& rng) {
    std::string s = input;
    const int64_t edits = rng.uniformInt(1, 4);
    for (int64_t e = 0; e < edits; ++e) {
        const auto size = static_cast<int64_t>(s.size());
        const auto at = static_cast<size_t>(rng.uniformInt(0, std::max<int64_t>(size - 1, 0)));
        switch (rng.uniformInt(0, 4)) {
            case 0:  // flip a bit
                if (!s.empty()) {
                    s[at] = static_cast<char>(s[at] ^ (1 << rng.uniformInt(0, 7)));
                }
                break;
            case 1:  // cut the tail
                s.resize(at);
                break;
            case 2:  // insert a random byte
                s.insert(s.begin() + static_cast<std::ptrdiff_t>(std::min(at, s.size())),
                         static_cast<char>(rng.uniformInt(0, 255)));
                break;
            case 3:  // overwrite with a structural character
                if (!s.empty()) {
                    s[at] = "{}[]\",:\t\n>( )0-9.e"[rng.uniformInt(0, 18)];
                }
                break;
            default:  // duplicate a span
                if (!s.empty()) {
                    const auto length = static_cast<size_t>(rng.uniformInt(1, 64));
                    s.insert(at, s.substr(at, length));
                }
                break;
        }
    }
    return s;
}

// Runs `parse` on mutations of `valid`; returns how many were rejected with DatasetError.
int64_t fuzz(const std::string& valid,
             const std::function<void(const std::string&)>& parse,
             uint64_t seed) {
    parse(valid);  // the seed input itself must be accepted
    SeededRng rng(seed);
    int64_t rejected = 0;
    for (int i = 0; i < 3000; ++i) {
        const std::string input = mutate(valid, rng);
        try {
            parse(input);
        } catch (const fpt::core::DatasetError&) {
            ++rejected;
        } catch (const std::exception& e) {
            qWarning("mutation %d: %s", i, e.what());
            throw;
        }
    }
    return rejected;
}

}  // namespace

class TestReaderRobustness : public QObject {
    Q_OBJECT

private Q_SLOTS:

    void idx() {
        std::string images = be32(0x803) + be32(3) + be32(4) + be32(4) + std::string(48, '\x07');
        std::string labels = be32(0x801) + be32(3) + std::string("\x01\x02\x03", 3);
        QVERIFY(fuzz(
                    images, [](const std::string& s) { fpt::core::parseIdxImages(s, "i"); }, 1) >
                1000);
        QVERIFY(fuzz(
                    labels, [](const std::string& s) { fpt::core::parseIdxLabels(s, "l", 10); },
                    2) > 1000);
    }

    void mnistJson() {
        std::string text = "{\"data\":[";
        for (int k = 0; k < 784; ++k) {
            text += (k == 0 ? "" : ",") + std::string(k % 3 == 0 ? "0.5" : "0");
        }
        text += "]}";
        QVERIFY(fuzz(
                    text, [](const std::string& s) { fpt::core::parseMnistDigitJson(s, "d"); }, 3) >
                1000);
    }

    void cifar() {
        const std::string batch = std::string(1, '\x04') + std::string(3072, 'x') +
                                  std::string(1, '\x09') + std::string(3072, 'y');
        QVERIFY(fuzz(
                    batch, [](const std::string& s) { fpt::core::parseCifarBatch(s, "c"); }, 4) >
                1000);
        QVERIFY(fuzz(
                    "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n",
                    [](const std::string& s) { fpt::core::parseCifarClassNames(s, "m"); }, 5) > 0);
    }

    void listOps() {
        const std::string tsv =
            "Source\tTarget\n( ( ( [MAX 2 ) 9 ) ] )\t9\n( ( ( ( [SM 4 ) 8 ) 7 ) ] )\t9\n";
        const fpt::core::ListOpsVocab keep(false);
        const fpt::core::ListOpsVocab drop(true);
        const auto parseAndEncode = [&](const std::string& s) {
            const auto examples = fpt::core::parseListOpsTsv(s, "t");
            fpt::core::encodeListOps(examples, keep, 16, "t");
            fpt::core::encodeListOps(examples, drop, 16, "t");
            for (const auto& e : examples) {
                fpt::core::ListOpsEvaluator::evaluate(e.source, "t");
            }
        };
        QVERIFY(fuzz(tsv, parseAndEncode, 6) > 1000);
    }

    void tape() {
        const std::string json =
            R"([{"primary": "MKVL", "fold_label": 3}, {"primary": "AC", "fold_label": 1194}])";
        const std::string jsonl =
            "{\"primary\": \"MKVL\", \"fold_label\": 3}\n{\"primary\": \"AC\", \"fold_label\": "
            "7}\n";
        const std::string fasta = ">a fold_label=3\nMKVL\n>7\nAC\n";
        const auto encodeAll = [](const std::vector<fpt::core::ProteinRecord>& records) {
            fpt::core::encodeProteins(records, 8);
        };
        QVERIFY(fuzz(
                    json,
                    [&](const std::string& s) { encodeAll(fpt::core::parseTapeJson(s, "j")); },
                    7) > 1000);
        QVERIFY(fuzz(
                    jsonl,
                    [&](const std::string& s) { encodeAll(fpt::core::parseTapeJsonLines(s, "l")); },
                    8) > 500);
        QVERIFY(fuzz(
                    fasta,
                    [&](const std::string& s) { encodeAll(fpt::core::parseTapeFasta(s, "f")); },
                    9) > 300);
    }
};

QTEST_GUILESS_MAIN(TestReaderRobustness)
#include "test_reader_robustness.moc"
