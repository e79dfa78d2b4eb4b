// The wiredup binary as a user runs it: exit codes, output files, byte-identical reruns.
#include "test_support.hpp"

#include <gtest/gtest.h>

#include <string>

#ifdef WIREDUP_CLI_PATH

namespace wiredup::test {
namespace {

const std::string cli = WIREDUP_CLI_PATH;

std::string small_corpus() {
    return R"({"id": "a", "text": "Rescue teams searched the rubble of the collapsed market on Tuesday after the quake struck."})"
           "\n"
           R"({"id": "b", "text": "Story highlights\nRescue teams searched the rubble of the collapsed market on Tuesday after the quake struck."})"
           "\n"
           R"({"id": "c", "text": "The central bank left its main interest rate unchanged for a third month running."})"
           "\n"
           R"({"id": "d", "text": ""})"
           "\n"
           "this line is not json\n";
}

TEST(Cli, HelpExitsZero) {
    EXPECT_EQ(run(cli + " --help >/dev/null 2>&1"), 0);
    EXPECT_EQ(run(cli + " dedup --help >/dev/null 2>&1"), 0);
    EXPECT_EQ(run(cli + " similarity --help >/dev/null 2>&1"), 0);
}

TEST(Cli, UsageErrorsExitTwo) {
    EXPECT_EQ(run(cli + " >/dev/null 2>&1"), 2);
    EXPECT_EQ(run(cli + " dedup >/dev/null 2>&1"), 2);
    EXPECT_EQ(run(cli + " dedup x.jsonl --out o --threshold >/dev/null 2>&1"), 2);
    EXPECT_EQ(run(cli + " frobnicate >/dev/null 2>&1"), 2);
}

TEST(Cli, ErrorsExitOneWithMessage) {
    scratch_dir dir;
    std::string out;
    EXPECT_EQ(run(cli + " dedup '" + (dir / "missing.jsonl").string() + "' --out '" + (dir / "o").string() +
                      "' 2>&1",
                  &out),
              1);
    EXPECT_NE(out.find("wiredup: error:"), std::string::npos) << out;
    write_file(dir / "c.jsonl", small_corpus());
    EXPECT_EQ(run(cli + " dedup '" + (dir / "c.jsonl").string() + "' --out o --bands 40 --rows 4 2>&1", &out), 1);
    EXPECT_NE(out.find("exceeds num_perm"), std::string::npos) << out;
}

TEST(Cli, DedupWritesClustersPairsAndRejects) {
    scratch_dir dir;
    write_file(dir / "c.jsonl", small_corpus());
    std::string err;
    ASSERT_EQ(run(cli + " dedup '" + (dir / "c.jsonl").string() + "' --out '" + (dir / "out").string() + "' 2>&1",
                  &err),
              0)
        << err;
    EXPECT_EQ(read_file(dir / "out" / "clusters.jsonl"),
              "{\"cluster_id\": 0, \"canonical\": \"a\", \"size\": 2, \"members\": [\"a\", \"b\"]}\n");
    const std::string pairs = read_file(dir / "out" / "pairs.tsv");
    EXPECT_EQ(pairs.substr(0, pairs.find('\n')), "id_a\tid_b\tminhash\tjaccard\tcontainment_a\tcontainment_b\tcosine\tshared\trelation\tnumbers_changed");
    // b is a plus one line; in a corpus this small that line is not furniture, so a lies inside b.
    EXPECT_NE(pairs.find("\na\tb\t"), std::string::npos) << pairs;
    EXPECT_NE(pairs.find("\t1.0000\t0.8462\t"), std::string::npos) << pairs;
    const std::string rejects = read_file(dir / "out" / "rejects.tsv");
    EXPECT_NE(rejects.find("\td\tempty\t"), std::string::npos) << rejects;
    EXPECT_NE(rejects.find("\t5\t\tmalformed\t"), std::string::npos) << rejects;
    EXPECT_NE(err.find("5 records read"), std::string::npos) << err;
}

TEST(Cli, EmitUniqueKeepsOneCopyPerStory) {
    scratch_dir dir;
    write_file(dir / "c.jsonl", small_corpus());
    ASSERT_EQ(run(cli + " dedup -q '" + (dir / "c.jsonl").string() + "' --out '" + (dir / "out").string() +
                  "' --emit-unique '" + (dir / "unique.jsonl").string() + "'"),
              0);
    const std::string unique = read_file(dir / "unique.jsonl");
    EXPECT_NE(unique.find("\"id\": \"a\""), std::string::npos);
    EXPECT_EQ(unique.find("\"id\": \"b\""), std::string::npos);
    EXPECT_NE(unique.find("\"id\": \"c\""), std::string::npos);
    EXPECT_EQ(unique.find("\"id\": \"d\""), std::string::npos);
}

TEST(Cli, OutputIsIdenticalAcrossThreadCountsAndRuns) {
    const auto sample = source_dir() / "corpora" / "sample.jsonl";
    if (!std::filesystem::exists(sample)) GTEST_SKIP() << "no bundled sample corpus";
    scratch_dir dir;
    for (const char* threads : {"1", "2", "8", "2"}) {
        const auto out = dir / (std::string("out") + threads);
        std::filesystem::remove_all(out);
        ASSERT_EQ(run(cli + " dedup -q '" + sample.string() + "' --out '" + out.string() + "' -j " + threads), 0);
        for (const char* file : {"clusters.jsonl", "pairs.tsv", "rejects.tsv"})
            EXPECT_EQ(read_file(out / file), read_file(dir / "out1" / file)) << file << " with " << threads;
    }
}

TEST(Cli, SimilarityPrintsEveryScore) {
    scratch_dir dir;
    write_file(dir / "a.txt", "Rescue teams searched the rubble of the collapsed market on Tuesday.");
    write_file(dir / "b.txt", "RESCUE teams searched the rubble of the collapsed market on Tuesday!");
    std::string out;
    ASSERT_EQ(run(cli + " similarity --tsv '" + (dir / "a.txt").string() + "' '" + (dir / "b.txt").string() + "'",
                  &out),
              0);
    EXPECT_NE(out.find("\t1.0000\t1.0000\t1.0000\t1.0000\t1.0000\t7\tidentical\tno\tyes\n"), std::string::npos) << out;
}

} // namespace
} // namespace wiredup::test

#endif
