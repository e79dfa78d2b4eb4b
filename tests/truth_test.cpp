// Reading truth files, wiredup's outputs and labelled text pairs.
#include <wiredup/truth.hpp>

#include <wiredup/error.hpp>

#include "test_support.hpp"

#include <gtest/gtest.h>

namespace wiredup {
namespace {

using test::scratch_dir;
using test::write_file;

TEST(ReadTruthJsonl, ReadsIdsClustersAndLabelColumns) {
    scratch_dir dir;
    write_file(dir / "t.jsonl", "{\"id\": \"a\", \"cluster\": \"s1\", \"level\": \"none\", \"edits\": []}\n"
                                "\n"
                                "{\"id\": 7, \"cluster\": 3, \"level\": \"light\", \"kind\": \"copy\", \"n\": 4}\n");
    const auto t = read_truth_jsonl((dir / "t.jsonl").string());
    EXPECT_EQ(t.ids, (std::vector<std::string>{"a", "7"}));
    EXPECT_EQ(t.clusters, (std::vector<std::string>{"s1", "3"}));
    EXPECT_EQ(t.columns, (std::vector<std::string>{"level", "kind", "n"}));
    EXPECT_EQ(t.values[t.column("level")], (std::vector<std::string>{"none", "light"}));
    EXPECT_EQ(t.values[t.column("kind")], (std::vector<std::string>{"", "copy"}));
    EXPECT_EQ(t.column("edits"), t.columns.size());  // arrays are not labels
}

TEST(ReadTruthJsonl, NamesTheLineOfAnError) {
    scratch_dir dir;
    write_file(dir / "t.jsonl", "{\"id\": \"a\", \"cluster\": \"s1\"}\n{\"id\": \"b\"}\n");
    try {
        read_truth_jsonl((dir / "t.jsonl").string());
        FAIL() << "no error";
    } catch (const error& e) {
        EXPECT_NE(std::string(e.what()).find("t.jsonl:2: no \"cluster\""), std::string::npos) << e.what();
    }
    write_file(dir / "d.jsonl", "{\"id\": \"a\", \"cluster\": 1}\n{\"id\": \"a\", \"cluster\": 2}\n");
    EXPECT_THROW(read_truth_jsonl((dir / "d.jsonl").string()), error);
    write_file(dir / "m.jsonl", "{\"id\": \"a\", \"cluster\": 1\n");
    EXPECT_THROW(read_truth_jsonl((dir / "m.jsonl").string()), error);
    EXPECT_THROW(read_truth_jsonl((dir / "missing.jsonl").string()), error);
}

TEST(ReadLabelledPairs, SkipsHeaderAndBom) {
    scratch_dir dir;
    write_file(dir / "p.tsv", "\xEF\xBB\xBFlabel\tid_a\tid_b\n1\ta\tb\r\n0\tc\\td\te\n");
    const auto pairs = read_labelled_pairs((dir / "p.tsv").string());
    ASSERT_EQ(pairs.size(), 2u);
    EXPECT_TRUE(pairs[0].positive);
    EXPECT_EQ(pairs[0].id_b, "b");
    EXPECT_FALSE(pairs[1].positive);
    EXPECT_EQ(pairs[1].id_a, "c\td");
    EXPECT_FALSE(is_jsonl_file((dir / "p.tsv").string()));
    write_file(dir / "bad.tsv", "1\ta\tb\nyes\tc\td\n");
    EXPECT_THROW(read_labelled_pairs((dir / "bad.tsv").string()), error);
}

TEST(ReadClustersJsonl, ReadsDedupOutput) {
    scratch_dir dir;
    write_file(dir / "c.jsonl", "{\"cluster_id\": 0, \"canonical\": \"a\", \"size\": 2, \"members\": [\"a\", \"b\"]}\n"
                                "{\"cluster_id\": 1, \"canonical\": \"c\", \"size\": 3, \"members\": [\"c\", \"d\", 5]}\n");
    const auto clusters = read_clusters_jsonl((dir / "c.jsonl").string());
    ASSERT_EQ(clusters.size(), 2u);
    EXPECT_EQ(clusters[1].name, "1");
    EXPECT_EQ(clusters[1].members, (std::vector<std::string>{"c", "d", "5"}));
    EXPECT_TRUE(is_jsonl_file((dir / "c.jsonl").string()));
}

TEST(ReadPairsTsv, FindsColumnsByName) {
    scratch_dir dir;
    write_file(dir / "pairs.tsv",
               "id_a\tid_b\tminhash\tjaccard\tcontainment_a\tcontainment_b\tcosine\tshared\trelation\n"
               "a\\tx\tb\t0.5000\t0.4000\t0.6000\t0.5500\t0.9000\t12\trewrite\n");
    const auto pairs = read_pairs_tsv((dir / "pairs.tsv").string());
    ASSERT_EQ(pairs.size(), 1u);
    EXPECT_EQ(pairs[0].id_a, "a\tx");
    EXPECT_FLOAT_EQ(pairs[0].scores.jaccard, 0.4f);
    EXPECT_FLOAT_EQ(pairs[0].scores.cosine, 0.9f);
    EXPECT_EQ(pairs[0].scores.shared, 12u);
    write_file(dir / "bad.tsv", "id_a\tid_b\tjaccard\n");
    EXPECT_THROW(read_pairs_tsv((dir / "bad.tsv").string()), error);
}

TEST(ReadMsrpPairs, ReadsTheMsrpLayout) {
    scratch_dir dir;
    write_file(dir / "m.txt", "\xEF\xBB\xBFQuality\t#1 ID\t#2 ID\t#1 String\t#2 String\n"
                              "1\t11\t12\tHe said \"yes\".\tHe agreed.\n0\t13\t14\tOne.\tTwo.\n");
    const auto pairs = read_msrp_pairs((dir / "m.txt").string());
    ASSERT_EQ(pairs.size(), 2u);
    EXPECT_EQ(pairs.labels, (std::vector<std::uint8_t>{1, 0}));
    EXPECT_EQ(pairs.id_a[0], "11");
    EXPECT_EQ(pairs.text_a[0], "He said \"yes\".");
    EXPECT_EQ(pairs.text_b[1], "Two.");
    write_file(dir / "short.txt", "1\t11\t12\tonly one text\n");
    EXPECT_THROW(read_msrp_pairs((dir / "short.txt").string()), error);
}

TEST(ReadParallelPairs, PairsLinesAndChecksLengths) {
    scratch_dir dir;
    write_file(dir / "s1", "a b c\nd e f\n");
    write_file(dir / "s2", "a b x\ny z\n");
    write_file(dir / "l", "1\n0\n");
    const auto pairs = read_parallel_pairs((dir / "s1").string(), (dir / "s2").string(), (dir / "l").string());
    ASSERT_EQ(pairs.size(), 2u);
    EXPECT_EQ(pairs.id_a[1], "2");
    EXPECT_EQ(pairs.text_b[1], "y z");
    EXPECT_EQ(pairs.labels, (std::vector<std::uint8_t>{1, 0}));
    EXPECT_TRUE(read_parallel_pairs((dir / "s1").string(), (dir / "s2").string(), "").labels.empty());
    write_file(dir / "s3", "one line\n");
    EXPECT_THROW(read_parallel_pairs((dir / "s1").string(), (dir / "s3").string(), ""), error);
    write_file(dir / "l3", "1\n");
    EXPECT_THROW(read_parallel_pairs((dir / "s1").string(), (dir / "s2").string(), (dir / "l3").string()), error);
}

} // namespace
} // namespace wiredup
