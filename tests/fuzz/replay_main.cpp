// SPDX-License-Identifier: MIT
// Replays a fuzz target's corpus without libFuzzer (issue 19): the normal build links each
// tests/fuzz/fuzz_<parser>.cpp with this main, and CTest runs every file of
// tests/fuzz/corpus/<target>/ through its parser. A crash, trap or escaping exception fails it.
#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace fs = std::filesystem;

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s CORPUS_DIR_OR_FILE...\n", argv[0]);
        return 2;
    }
    std::vector<fs::path> files;
    for (int i = 1; i < argc; ++i) {
        const fs::path arg(argv[i]);
        std::error_code ec;
        if (fs::is_directory(arg, ec)) {
            for (const auto& entry : fs::directory_iterator(arg, ec)) {
                if (entry.is_regular_file(ec)) {
                    files.push_back(entry.path());
                }
            }
        } else if (fs::is_regular_file(arg, ec)) {
            files.push_back(arg);
        } else {
            std::fprintf(stderr, "replay: '%s' is neither a corpus folder nor a file\n", argv[i]);
            return 2;
        }
    }
    if (files.empty()) {
        std::fprintf(stderr, "replay: no corpus files in the arguments (a target without seeds "
                             "tests nothing; tests/fuzz/make_corpus.py writes them)\n");
        return 1;
    }
    std::sort(files.begin(), files.end());
    for (const auto& file : files) {
        std::ifstream in(file, std::ios::binary);
        const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        if (!in.good() && !in.eof()) {
            std::fprintf(stderr, "replay: cannot read '%s'\n", file.c_str());
            return 1;
        }
        // Named before it runs, so a crash or trap in the parser says which input did it.
        std::fprintf(stderr, "replay: %s (%zu bytes)\n", file.c_str(), bytes.size());
        try {
            LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
        } catch (const std::exception& e) {
            std::fprintf(stderr, "replay: FAIL: '%s' made the parser throw something other than "
                                 "fpt::core::Error: %s\n", file.c_str(), e.what());
            return 1;
        } catch (...) {
            std::fprintf(stderr, "replay: FAIL: '%s' made the parser throw a non-std exception\n",
                         file.c_str());
            return 1;
        }
    }
    std::printf("replayed %zu corpus files, none crashed or threw anything but fpt::core::Error\n",
                files.size());
    return 0;
}
