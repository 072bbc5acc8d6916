// SPDX-License-Identifier: MIT
// Hub ids, header validation and SHA-256 (issue 14; issue 19 item 7: server answers are hostile
// input): every malformed or escaping value is refused with a message naming it, and a
// byte-mutation loop over real answers never crashes or lets a bad blob name through.
#include "core/hub/hub_error.h"
#include "core/hub/hub_repo_id.h"
#include "core/hub/hub_response_parser.h"
#include "core/hub/sha256_hasher.h"

#include <QTest>

#include <random>

using fpt::core::HttpResponse;
using fpt::core::HubError;
using fpt::core::HubRepoId;
using fpt::core::HubResponseParser;

namespace {

const std::string kCommit = "0123456789abcdef0123456789abcdef01234567";
const std::string kSha = "a3f1c2d4e5b6978812345678901234567890abcdefabcdefabcdefabcdef0123";

HttpResponse lfsAnswer() {
    HttpResponse r;
    r.status = 302;
    r.url = "http://127.0.0.1:1/gpt2/resolve/main/model.safetensors";
    r.headers = {{"x-repo-commit", kCommit}, {"x-linked-etag", "\"" + kSha + "\""},
                 {"x-linked-size", "548105171"}, {"etag", "\"abc\""},
                 {"location", "https://cdn.example/blob?sig=1"}};
    return r;
}

}  // namespace

class TestHubResponseParser : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void parsesRepoIds();
    void refusesBadRepoIds_data();
    void refusesBadRepoIds();
    void readsLfsMetadata();
    void readsPlainFileMetadata();
    void issue19_refusesHostileHeaders_data();
    void issue19_refusesHostileHeaders();
    void issue19_mutatedAnswersNeverYieldUnsafeBlobNames();
    void explainsFailures();
    void sha256KnownVectors();
};

void TestHubResponseParser::parsesRepoIds() {
    const auto plain = HubRepoId::parse("gpt2");
    QCOMPARE(plain.folderName(), std::string("models--gpt2"));
    QCOMPARE(plain.revision(), std::string("main"));
    QCOMPARE(plain.fetchCommand(), std::string("fpt fetch gpt2"));
    const auto org = HubRepoId::parse("openai-community/gpt2-medium@v1.0");
    QCOMPARE(org.folderName(), std::string("models--openai-community--gpt2-medium"));
    QCOMPARE(org.revision(), std::string("v1.0"));
    QCOMPARE(org.display(), std::string("openai-community/gpt2-medium@v1.0"));
    QCOMPARE(org.fetchCommand(), std::string("fpt fetch openai-community/gpt2-medium --revision v1.0"));
    QCOMPARE(HubRepoId::parse("a/b", "refs/pr/1").revision(), std::string("refs/pr/1"));
    QVERIFY(HubRepoId::isCommitHash(kCommit));
    QVERIFY(!HubRepoId::isCommitHash(kCommit.substr(1) + "G"));
}

void TestHubResponseParser::refusesBadRepoIds_data() {
    QTest::addColumn<QString>("text");
    for (const char* bad : {"", "../etc", "a/b/c", "a--b", "/abs", "a/", "-lead", "sp ace", "x@", "x@../r",
                            "x@/r", "x@r/", "x@.hidden", "x@a//b", "a\nb"}) {
        QTest::newRow(bad) << QString::fromUtf8(bad);
    }
}

void TestHubResponseParser::refusesBadRepoIds() {
    QFETCH(QString, text);
    QVERIFY(!HubRepoId::isValid(text.toStdString()));
    QVERIFY_THROWS_EXCEPTION(HubError, HubRepoId::parse(text.toStdString()));
}

void TestHubResponseParser::readsLfsMetadata() {
    const auto meta = HubResponseParser::metadata(lfsAnswer());
    QCOMPARE(meta.commit, kCommit);
    QCOMPARE(meta.etag, kSha);
    QCOMPARE(meta.size, std::int64_t{548105171});
    QCOMPARE(meta.location, std::string("https://cdn.example/blob?sig=1"));
    QVERIFY(meta.is_lfs);
}

void TestHubResponseParser::readsPlainFileMetadata() {
    HttpResponse r;
    r.status = 200;
    r.url = "http://h/gpt2/resolve/main/config.json";
    r.headers = {{"x-repo-commit", kCommit}, {"etag", "W/\"10c66461e4c109d42e7dd4b5d5d9d1e9fea44a2c\""},
                 {"content-length", "665"}};
    const auto meta = HubResponseParser::metadata(r);
    QCOMPARE(meta.etag, std::string("10c66461e4c109d42e7dd4b5d5d9d1e9fea44a2c"));
    QCOMPARE(meta.size, std::int64_t{665});
    QCOMPARE(meta.location, r.url);
    QVERIFY(!meta.is_lfs);
}

void TestHubResponseParser::issue19_refusesHostileHeaders_data() {
    QTest::addColumn<QString>("header");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("fragment");
    QTest::newRow("etag escape") << QStringLiteral("x-linked-etag") << QStringLiteral("\"../../x\"") << QStringLiteral("ETag");
    QTest::newRow("etag slash") << QStringLiteral("x-linked-etag") << QStringLiteral("a/b") << QStringLiteral("ETag");
    QTest::newRow("etag empty quotes") << QStringLiteral("x-linked-etag") << QStringLiteral("\"\"") << QStringLiteral("ETag");
    QTest::newRow("etag too long") << QStringLiteral("x-linked-etag") << QString(200, QLatin1Char('a')) << QStringLiteral("ETag");
    QTest::newRow("commit short") << QStringLiteral("x-repo-commit") << QStringLiteral("abc") << QStringLiteral("X-Repo-Commit");
    QTest::newRow("commit upper") << QStringLiteral("x-repo-commit") << QString::fromStdString(kCommit).toUpper() << QStringLiteral("X-Repo-Commit");
    QTest::newRow("commit path") << QStringLiteral("x-repo-commit") << QStringLiteral("../../../../0123456789abcdef0123456789") << QStringLiteral("X-Repo-Commit");
    QTest::newRow("size negative") << QStringLiteral("x-linked-size") << QStringLiteral("-5") << QStringLiteral("X-Linked-Size");
    QTest::newRow("size huge") << QStringLiteral("x-linked-size") << QStringLiteral("99999999999999999999") << QStringLiteral("X-Linked-Size");
    QTest::newRow("size text") << QStringLiteral("x-linked-size") << QStringLiteral("12 GB") << QStringLiteral("X-Linked-Size");
    QTest::newRow("redirect file") << QStringLiteral("location") << QStringLiteral("file:///etc/passwd") << QStringLiteral("only http and https");
    QTest::newRow("redirect ftp") << QStringLiteral("location") << QStringLiteral("ftp://x/y") << QStringLiteral("only http and https");
    QTest::newRow("redirect gone") << QStringLiteral("location") << QStringLiteral("") << QStringLiteral("only http and https");
}

void TestHubResponseParser::issue19_refusesHostileHeaders() {
    QFETCH(QString, header);
    QFETCH(QString, value);
    QFETCH(QString, fragment);
    auto answer = lfsAnswer();
    answer.headers[header.toStdString()] = value.toStdString();
    try {
        HubResponseParser::metadata(answer);
        QFAIL("accepted a hostile header");
    } catch (const HubError& e) {
        QVERIFY2(QString::fromUtf8(e.what()).contains(fragment), e.what());
        QVERIFY2(QString::fromUtf8(e.what()).contains(QStringLiteral("127.0.0.1:1")), e.what());
    }
}

void TestHubResponseParser::issue19_mutatedAnswersNeverYieldUnsafeBlobNames() {
    std::mt19937 rng(14);
    const std::string alphabet = "0123456789abcdef/.\"W\\ -_:\x01\xff";
    int accepted = 0;
    for (int trial = 0; trial < 20000; ++trial) {
        auto answer = lfsAnswer();
        for (const char* key : {"x-linked-etag", "x-repo-commit", "x-linked-size", "location"}) {
            auto& value = answer.headers[key];
            for (int m = static_cast<int>(rng() % 3); m > 0 && !value.empty(); --m) {
                value[rng() % value.size()] = alphabet[rng() % alphabet.size()];
            }
        }
        try {
            const auto meta = HubResponseParser::metadata(answer);
            ++accepted;
            QVERIFY(meta.etag.find('/') == std::string::npos && meta.etag.find('.') == std::string::npos);
            QVERIFY(HubRepoId::isCommitHash(meta.commit));
            QVERIFY(meta.size >= 0);
            QVERIFY(meta.location.rfind("http", 0) == 0);
        } catch (const HubError&) {
        }
    }
    QVERIFY2(accepted > 100, "the mutation loop should also keep some valid answers");
}

void TestHubResponseParser::explainsFailures() {
    const auto repo = HubRepoId::parse("acme/model@nope");
    HttpResponse r;
    r.url = "http://h/acme/model/resolve/nope/config.json";
    r.status = 404;
    r.headers = {{"x-error-code", "RevisionNotFound"}};
    QVERIFY(HubResponseParser::failure(r, repo, "config.json", false).find("revision 'nope' does not exist") !=
            std::string::npos);
    r.headers = {{"x-error-code", "RepoNotFound"}};
    QVERIFY(HubResponseParser::failure(r, repo, "config.json", false).find("not found") != std::string::npos);
    QVERIFY(!HubResponseParser::isMissingFile(r));
    r.headers = {{"x-error-code", "EntryNotFound"}, {"x-repo-commit", kCommit}};
    QVERIFY(HubResponseParser::isMissingFile(r));
    r.status = 401;
    r.headers = {{"x-error-code", "GatedRepo"}};
    const auto gated = HubResponseParser::failure(r, repo, "config.json", false);
    QVERIFY2(gated.find("gated") != std::string::npos && gated.find("HF_TOKEN") != std::string::npos, gated.c_str());
    r.headers = {{"x-error-message", std::string("evil\x1b[2J\nline")}};
    r.status = 403;
    const auto msg = HubResponseParser::failure(r, repo, "config.json", true);
    QVERIFY2(msg.find('\x1b') == std::string::npos && msg.find('\n') == std::string::npos, msg.c_str());
}

void TestHubResponseParser::sha256KnownVectors() {
    using fpt::core::Sha256Hasher;
    QCOMPARE(Sha256Hasher::hex(""), std::string("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
    QCOMPARE(Sha256Hasher::hex("abc"), std::string("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"));
    QVERIFY(Sha256Hasher::isSha256Hex(kSha));
    QVERIFY(!Sha256Hasher::isSha256Hex(kCommit));
}

QTEST_GUILESS_MAIN(TestHubResponseParser)
#include "test_hub_response_parser.moc"
