// The wiredup binary gives byte-identical output whatever --threads, and from one run to the
// next, on a generated corpus with bad records mixed in and spread over several inputs (JSON
// Lines, a gzipped part, TSV, a directory of text files), so that every batch boundary and
// every kind of reject is crossed by more than one worker.
#include "test_support.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

#ifdef WIREDUP_CLI_PATH

namespace wiredup::test {
namespace {

const std::string cli = WIREDUP_CLI_PATH;

// Bad records of every kind, one inserted after every 40th line of the corpus.
const std::vector<std::string> bad_records{
    "this line is not json",
    R"({"id": "half-written", "text": "the crawler stopped writing)",
    R"({"id": "no-text"})",
    R"({"id": [1], "text": "an array id is no id at all, whatever the text says"})",
    R"({"id": "empty", "text": ""})",
    R"({"id": "blank", "text": "  \t \n "})",
    R"({"id": "short", "text": "four words only here"})",
    "{\"id\": \"latin1\", \"text\": \"caf\xE9 cr\xE8me\"}",
    R"({"id": "nul", "text": "binary\u0000junk with enough words to be a document"})",
};

/// The generated corpus with bad records interleaved, a repeated id every 97th record and CRLF
/// line ends on every 13th line.
std::string with_bad_records(const std::string& corpus) {
    std::istringstream in(corpus);
    std::string out, line, last_id_line;
    std::size_t n = 0;
    while (std::getline(in, line)) {
        ++n;
        out += line + (n % 13 == 0 ? "\r\n" : "\n");
        if (n % 40 == 0) out += bad_records[(n / 40) % bad_records.size()] + "\n";
        if (n % 97 == 0) out += line + "\n";  // the same id again: duplicate_id
    }
    return out;
}

TEST(Determinism, DedupOutputIsByteIdenticalAcrossThreadCountsAndRuns) {
    scratch_dir dir;
    if (!generate_corpus(dir.path(), 800, 23)) GTEST_SKIP() << "python3 is needed to generate the corpus";
    const std::string mixed = with_bad_records(read_file(dir / "corpus.jsonl"));
    // Three inputs: the first half as JSON Lines, the second half gzipped, a TSV and a directory.
    const std::size_t half = mixed.find('\n', mixed.size() / 2) + 1;
    write_file(dir / "part1.jsonl", mixed.substr(0, half));
    write_file(dir / "part2.jsonl", mixed.substr(half));
    ASSERT_EQ(run("gzip -n '" + (dir / "part2.jsonl").string() + "'"), 0);
    write_file(dir / "extra.tsv", "tsv-1\tRescue teams searched the rubble of the collapsed market after the quake\n"
                                  "tsv-2\t\nno tab on this line\ntsv-1\tagain\n");
    write_file(dir / "tree" / "a.txt", "Rescue teams searched the rubble of the collapsed market after the quake\r\n");
    write_file(dir / "tree" / "b.txt", "");
    write_file(dir / "tree" / "c.txt.gz", "not gzip");
    std::string inputs;  // appended, not added: GCC 12 misreads "literal" + std::string (-Wrestrict)
    for (const char* input : {"part1.jsonl", "part2.jsonl.gz", "extra.tsv", "tree"})
        inputs.append(" '").append((dir / input).string()).append("'");

    const std::vector<std::string> files{"clusters.jsonl", "pairs.tsv", "rejects.tsv", "unique.jsonl"};
    std::vector<std::string> first;
    for (const char* threads : {"1", "2", "8", "8"}) {  // the last twice in a row
        const auto out = dir / (std::string("out-") + threads);
        std::filesystem::remove_all(out);
        std::string err;
        ASSERT_EQ(run(cli + " dedup -q" + inputs + " --out '" + out.string() + "' --emit-unique '" +
                          (out / "unique.jsonl").string() + "' -j " + threads + " 2>&1",
                      &err),
                  0)
            << err;
        std::vector<std::string> now;
        for (const auto& file : files) now.push_back(read_file(out / file));
        if (first.empty()) {
            first = now;
            continue;
        }
        for (std::size_t i = 0; i < files.size(); ++i)
            EXPECT_TRUE(now[i] == first[i]) << files[i] << " differs with -j " << threads;
    }
    // The run had something to agree on: clusters, pairs, and a reject of every kind.
    EXPECT_GT(std::count(first[0].begin(), first[0].end(), '\n'), 30);
    EXPECT_GT(std::count(first[1].begin(), first[1].end(), '\n'), 60);
    for (const char* reason : {"\tmalformed\t", "\tmissing_text\t", "\tmissing_id\t", "\tempty\t", "\ttoo_short\t",
                               "\tduplicate_id\t", "\tcorrupt_stream\t"})
        EXPECT_NE(first[2].find(reason), std::string::npos) << reason;
}

} // namespace
} // namespace wiredup::test

#endif
