// SPDX-License-Identifier: MIT
// The Hub cache in huggingface_hub's layout (issue 14): where it lives (env precedence), relative
// snapshot links, refs, complete-snapshot detection, listing, and the errors that name the folder.
#include "core/hub/hub_cache.h"
#include "core/hub/hub_error.h"

#include <QTemporaryDir>
#include <QTest>

#include <cstdlib>
#include <filesystem>
#include <fstream>

namespace fs = std::filesystem;
using fpt::core::HubCache;
using fpt::core::HubError;
using fpt::core::HubRepoId;

namespace {

const std::string kCommit = "0123456789abcdef0123456789abcdef01234567";

void writeFile(const fs::path& path, const std::string& text) {
    fs::create_directories(path.parent_path());
    std::ofstream(path) << text;
}

// A complete model in the cache: two blobs, their snapshot links and refs/{revision}.
void addModel(const HubCache& cache, const HubRepoId& repo) {
    writeFile(cache.blobPath(repo, "cfg"), "{\"model_type\": \"gpt2\"}");
    writeFile(cache.blobPath(repo, "weights"), "not really safetensors");
    cache.linkSnapshotFile(repo, kCommit, "config.json", "cfg");
    cache.linkSnapshotFile(repo, kCommit, "model.safetensors", "weights");
    cache.writeRef(repo, kCommit);
}

}  // namespace

class TestHubCache : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void rootFollowsEnvironment();
    void writesHubLayout();
    void findsOnlyCompleteSnapshots();
    void listsCachedModels();
    void errorsNameTheFolderAndCommand();
};

void TestHubCache::rootFollowsEnvironment() {
    for (const char* name : {"HF_HUB_CACHE", "HUGGINGFACE_HUB_CACHE", "HF_HOME", "XDG_CACHE_HOME"}) {
        ::unsetenv(name);
    }
    ::setenv("HOME", "/home/u", 1);
    QCOMPARE(HubCache::defaultRoot(), std::string("/home/u/.cache/huggingface/hub"));
    ::setenv("XDG_CACHE_HOME", "/xdg", 1);
    QCOMPARE(HubCache::defaultRoot(), std::string("/xdg/huggingface/hub"));
    ::setenv("HF_HOME", "/hf", 1);
    QCOMPARE(HubCache::defaultRoot(), std::string("/hf/hub"));
    ::setenv("HF_HUB_CACHE", "/cache", 1);
    QCOMPARE(HubCache::defaultRoot(), std::string("/cache"));
    for (const char* name : {"HF_HUB_CACHE", "HF_HOME", "XDG_CACHE_HOME"}) {
        ::unsetenv(name);
    }
}

void TestHubCache::writesHubLayout() {
    QTemporaryDir dir;
    const HubCache cache(dir.path().toStdString());
    const auto repo = HubRepoId::parse("openai-community/gpt2");
    addModel(cache, repo);
    const fs::path folder = fs::path(cache.root()) / "models--openai-community--gpt2";
    QCOMPARE(fs::read_symlink(folder / "snapshots" / kCommit / "model.safetensors").string(),
             std::string("../../blobs/weights"));
    std::ifstream ref(folder / "refs" / "main");
    std::string text;
    std::getline(ref, text);
    QCOMPARE(text, kCommit);
    cache.linkSnapshotFile(repo, kCommit, "sub/dir/file.txt", "cfg");
    QCOMPARE(fs::read_symlink(folder / "snapshots" / kCommit / "sub/dir/file.txt").string(),
             std::string("../../../../blobs/cfg"));
    QVERIFY(fs::is_regular_file(folder / "snapshots" / kCommit / "sub/dir/file.txt"));
    const auto byTag = HubRepoId::parse("openai-community/gpt2", "refs/pr/1");
    cache.writeRef(byTag, kCommit);
    QCOMPARE(cache.commitFor(byTag), kCommit);
}

void TestHubCache::findsOnlyCompleteSnapshots() {
    QTemporaryDir dir;
    const HubCache cache(dir.path().toStdString());
    const auto repo = HubRepoId::parse("acme/m");
    QCOMPARE(cache.findSnapshot(repo), std::string());
    writeFile(cache.blobPath(repo, "cfg"), "{}");
    cache.linkSnapshotFile(repo, kCommit, "config.json", "cfg");
    cache.writeRef(repo, kCommit);
    QCOMPARE(cache.findSnapshot(repo), std::string());  // no weights yet
    cache.linkSnapshotFile(repo, kCommit, "model.safetensors", "missing-blob");
    QCOMPARE(cache.findSnapshot(repo), std::string());  // a dangling link is not a file
    writeFile(cache.blobPath(repo, "index"), R"({"weight_map": {"a": "m-1.safetensors"}})");
    fs::remove(fs::path(cache.snapshotFolder(repo, kCommit)) / "model.safetensors");
    cache.linkSnapshotFile(repo, kCommit, "model.safetensors.index.json", "index");
    QCOMPARE(cache.findSnapshot(repo), std::string());  // the shard is missing
    writeFile(cache.blobPath(repo, "shard"), "x");
    cache.linkSnapshotFile(repo, kCommit, "m-1.safetensors", "shard");
    QVERIFY(!cache.findSnapshot(repo).empty());
    QCOMPARE(cache.findSnapshot(HubRepoId::parse("acme/m@" + kCommit)), cache.findSnapshot(repo));
}

void TestHubCache::listsCachedModels() {
    QTemporaryDir dir;
    const HubCache cache(dir.path().toStdString());
    addModel(cache, HubRepoId::parse("gpt2"));
    addModel(cache, HubRepoId::parse("acme/tiny@v1"));
    fs::create_directories(fs::path(cache.root()) / "models--broken" / "refs");
    writeFile(fs::path(cache.root()) / "datasets--x--y" / "refs" / "main", kCommit);
    std::vector<std::string> names;
    for (const auto& model : cache.list()) {
        names.push_back(model.name);
        QVERIFY(HubCache::isCompleteSnapshot(model.snapshot));
    }
    std::sort(names.begin(), names.end());
    QCOMPARE(names, (std::vector<std::string>{"acme/tiny@v1", "gpt2"}));
}

void TestHubCache::errorsNameTheFolderAndCommand() {
    QTemporaryDir dir;
    const HubCache cache(dir.path().toStdString());
    const auto repo = HubRepoId::parse("acme/m@v2");
    try {
        cache.resolve(repo);
        QFAIL("resolved a model that is not cached");
    } catch (const HubError& e) {
        QVERIFY2(std::string(e.what()).find("fpt fetch acme/m --revision v2") != std::string::npos, e.what());
    }
    writeFile(fs::path(cache.repoFolder(repo)) / "refs" / "v2", "../../etc\n");
    QVERIFY_THROWS_EXCEPTION(HubError, cache.commitFor(repo));
    const auto blocker = dir.filePath(QStringLiteral("file")).toStdString();
    writeFile(blocker, "a file, not a folder");
    try {
        HubCache::makeFolder(blocker + "/hub");
        QFAIL("made a folder under a file");
    } catch (const HubError& e) {
        QVERIFY2(std::string(e.what()).find(blocker + "/hub") != std::string::npos, e.what());
    }
}

QTEST_GUILESS_MAIN(TestHubCache)
#include "test_hub_cache.moc"
