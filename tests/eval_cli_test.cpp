// `wiredup eval` and `wiredup score` as a user runs them: exit codes, figures checked against the
// Python twin (scripts/score_clusters.py), the sweep, HTML reports, and the dataset targets.
#include "test_support.hpp"

#include <gtest/gtest.h>

#include <cstdlib>
#include <regex>
#include <string>

#ifdef WIREDUP_CLI_PATH

namespace wiredup::test {
namespace {

const std::string cli = WIREDUP_CLI_PATH;

// Built by appending: GCC 12 misreads "literal" + std::string as an overlapping copy (-Wrestrict).
std::string quote(const std::filesystem::path& p) {
    std::string out = "'";
    out.append(p.string()).push_back('\'');
    return out;
}

// The number after `label` in `text` (e.g. "F1" in "  F1  0.9868"), or -1.
double figure(const std::string& text, const std::string& label) {
    const std::regex re("(^|\\n|\\s)" + label + "\\s+([0-9.]+)");
    std::smatch m;
    return std::regex_search(text, m, re) ? std::stod(m[2]) : -1;
}

const char* corpus_text =
    R"({"id": "a", "text": "Rescue teams searched the rubble of the collapsed market on Tuesday after the quake struck the province."})"
    "\n"
    R"({"id": "b", "text": "Story highlights\nRescue teams searched the rubble of the collapsed market on Tuesday after the quake struck the province."})"
    "\n"
    R"({"id": "c", "text": "The central bank left its main interest rate unchanged for a third month running, citing slowing inflation."})"
    "\n"
    R"({"id": "d", "text": "The central bank left its main interest rate unchanged for a third month running, citing slowing inflation and jobs."})"
    "\n"
    R"({"id": "e", "text": "The football club sacked its manager after a run of seven defeats left the team at the bottom."})"
    "\n";

// Truth: a and b one story; c and d two stories (so wiredup's merge of them is false); e alone.
const char* truth_text = R"({"id": "a", "cluster": "s1", "level": "none"})"
                         "\n"
                         R"({"id": "b", "cluster": "s1", "level": "light"})"
                         "\n"
                         R"({"id": "c", "cluster": "s2", "level": "none"})"
                         "\n"
                         R"({"id": "d", "cluster": "s3", "level": "none"})"
                         "\n"
                         R"({"id": "e", "cluster": "s4", "level": "none"})"
                         "\n";

TEST(EvalCli, HelpAndUsageErrors) {
    EXPECT_EQ(run(cli + " eval --help >/dev/null 2>&1"), 0);
    EXPECT_EQ(run(cli + " score --help >/dev/null 2>&1"), 0);
    scratch_dir dir;
    write_file(dir / "t.jsonl", truth_text);
    write_file(dir / "c.jsonl", corpus_text);
    const std::string t = " --truth " + quote(dir / "t.jsonl");
    EXPECT_EQ(run(cli + " eval" + t + " >/dev/null 2>&1"), 2);                   // no prediction
    EXPECT_EQ(run(cli + " eval --corpus " + quote(dir / "c.jsonl") + " >/dev/null 2>&1"), 2);  // no truth
    EXPECT_EQ(run(cli + " eval" + t + " --corpus " + quote(dir / "c.jsonl") + " --clusters " + quote(dir / "c.jsonl") +
                  " >/dev/null 2>&1"),
              2);
    EXPECT_EQ(run(cli + " eval" + t + " --corpus " + quote(dir / "c.jsonl") + " --sweep-param nope >/dev/null 2>&1"), 2);
    EXPECT_EQ(run(cli + " score >/dev/null 2>&1"), 2);
    EXPECT_EQ(run(cli + " score --s1 " + quote(dir / "c.jsonl") + " >/dev/null 2>&1"), 2);  // --s1 needs --s2
}

TEST(EvalCli, ScoresADedupOutput) {
    scratch_dir dir;
    write_file(dir / "c.jsonl", corpus_text);
    write_file(dir / "t.jsonl", truth_text);
    ASSERT_EQ(run(cli + " dedup -q " + quote(dir / "c.jsonl") + " --out " + quote(dir / "out")), 0);
    ASSERT_EQ(read_file(dir / "out" / "clusters.jsonl"),
              "{\"cluster_id\": 0, \"canonical\": \"a\", \"size\": 2, \"members\": [\"a\", \"b\"]}\n"
              "{\"cluster_id\": 1, \"canonical\": \"c\", \"size\": 2, \"members\": [\"c\", \"d\"]}\n");
    std::string out;
    ASSERT_EQ(run(cli + " eval --clusters " + quote(dir / "out") + " --truth " + quote(dir / "t.jsonl") +
                      " --label level 2>&1",
                  &out),
              0)
        << out;
    // Pairs: truth {a,b}; predicted {a,b}, {c,d}. TP 1, FP 1, FN 0 of C(5,2) = 10.
    // ARI: index 1, a = 1, b = 2, expected 2/10, max 1.5: (1 - 0.2) / (1.5 - 0.2) = 0.6154.
    EXPECT_DOUBLE_EQ(figure(out, "precision"), 0.5);
    EXPECT_DOUBLE_EQ(figure(out, "recall"), 1.0);
    EXPECT_DOUBLE_EQ(figure(out, "F1"), 0.6667);
    EXPECT_DOUBLE_EQ(figure(out, "ARI"), 0.6154);
    EXPECT_NE(out.find("  light      1      1  1.0000\n"), std::string::npos) << out;
    EXPECT_NE(out.find("largest false merges"), std::string::npos) << out;
    EXPECT_NE(out.find("  1           2            1  s2 (1), s3 (1)\n"), std::string::npos) << out;
}

TEST(EvalCli, AgreesWithThePythonTwinOnTheSampleCorpus) {
    const auto sample = source_dir() / "corpora" / "sample.jsonl";
    const auto truth = source_dir() / "corpora" / "sample.truth.jsonl";
    if (!std::filesystem::exists(sample)) GTEST_SKIP() << "no bundled sample corpus";
    if (run("command -v python3 >/dev/null 2>&1") != 0) GTEST_SKIP() << "python3 is not available";
    scratch_dir dir;
    ASSERT_EQ(run(cli + " dedup -q " + quote(sample) + " --out " + quote(dir / "out")), 0);
    std::string ours, theirs;
    ASSERT_EQ(run(cli + " eval --clusters " + quote(dir / "out") + " --truth " + quote(truth), &ours), 0) << ours;
    ASSERT_EQ(run("python3 " + quote(source_dir() / "scripts" / "score_clusters.py") + " " + quote(truth) + " " +
                      quote(dir / "out" / "clusters.jsonl"),
                  &theirs),
              0);
    for (const char* m : {"precision", "recall", "F1", "ARI"}) {
        EXPECT_GE(figure(ours, m), 0) << m << "\n" << ours;
        EXPECT_DOUBLE_EQ(figure(ours, m), figure(theirs, m)) << m << "\n" << ours << "\n" << theirs;
    }
}

TEST(EvalCli, CorpusModeAgreesWithDedupAndSweeps) {
    scratch_dir dir;
    if (!generate_corpus(dir.path(), 600, 5)) GTEST_SKIP() << "python3 is not available";
    const auto corpus = dir / "corpus.jsonl", truth = dir / "truth.jsonl";
    ASSERT_EQ(run(cli + " dedup -q " + quote(corpus) + " --out " + quote(dir / "out")), 0);
    std::string from_files, from_corpus;
    ASSERT_EQ(run(cli + " eval --clusters " + quote(dir / "out") + " --truth " + quote(truth) + " --label level",
                  &from_files),
              0);
    ASSERT_EQ(run(cli + " eval --corpus " + quote(corpus) + " --truth " + quote(truth) +
                      " --label level --sweep --sweep-range 0.2 0.4 0.1 --html " + quote(dir / "r.html"),
                  &from_corpus),
              0)
        << from_corpus;
    // Same figures whichever way the clusters were made (first line names the source, so skip it).
    const auto body = [](const std::string& s) { return s.substr(s.find('\n')); };
    EXPECT_EQ(body(from_corpus).substr(0, body(from_files).size()), body(from_files));
    EXPECT_GE(figure(from_files, "F1"), 0.97) << from_files;
    EXPECT_GE(figure(from_files, "ARI"), 0.95) << from_files;
    // The sweep row at the default min_jaccard reproduces the default run.
    const std::regex row("\\n  0\\.3000\\s+\\d+\\s+[0-9.]+\\s+[0-9.]+\\s+([0-9.]+)\\s+([0-9.]+)\\n");
    std::smatch m;
    ASSERT_TRUE(std::regex_search(from_corpus, m, row)) << from_corpus;
    EXPECT_DOUBLE_EQ(std::stod(m[1]), figure(from_files, "F1"));
    EXPECT_DOUBLE_EQ(std::stod(m[2]), figure(from_files, "ARI"));
    EXPECT_NE(from_corpus.find("LSH recall against the exact oracle"), std::string::npos) << from_corpus;
    const std::string html = read_file(dir / "r.html");
    EXPECT_NE(html.find("<svg"), std::string::npos);
    EXPECT_EQ(html.find("<script"), std::string::npos);
    EXPECT_EQ(html.find("https://"), std::string::npos);
    EXPECT_NE(html.find("LSH S-curve"), std::string::npos);
}

TEST(EvalCli, SweepOverADedupOutputNeedsItsPairs) {
    scratch_dir dir;
    write_file(dir / "c.jsonl", corpus_text);
    write_file(dir / "t.jsonl", truth_text);
    ASSERT_EQ(run(cli + " dedup -q " + quote(dir / "c.jsonl") + " --out " + quote(dir / "out") + " --near-identical 0"),
              0);
    std::string out;
    EXPECT_EQ(run(cli + " eval --clusters " + quote(dir / "out" / "clusters.jsonl") + " --truth " +
                      quote(dir / "t.jsonl") + " --sweep 2>&1",
                  &out),
              1);
    EXPECT_NE(out.find("wiredup: error: eval: --sweep needs scored pairs"), std::string::npos) << out;
    ASSERT_EQ(run(cli + " eval --clusters " + quote(dir / "out") + " --truth " + quote(dir / "t.jsonl") +
                      " --sweep --sweep-param min_shared --sweep-range 0 20 10 2>&1",
                  &out),
              0)
        << out;
    EXPECT_NE(out.find("sweep of min_shared"), std::string::npos) << out;
    EXPECT_NE(out.find("best F1"), std::string::npos) << out;
}

TEST(EvalCli, IdsMissingFromTheTruthAreAnError) {
    scratch_dir dir;
    write_file(dir / "c.jsonl", corpus_text);
    write_file(dir / "t.jsonl", R"({"id": "a", "cluster": "s1"})"
                                "\n");
    std::string out;
    EXPECT_EQ(run(cli + " eval --corpus " + quote(dir / "c.jsonl") + " --truth " + quote(dir / "t.jsonl") + " 2>&1",
                  &out),
              1);
    EXPECT_NE(out.find("4 ids of the corpus are not in the truth"), std::string::npos) << out;
    write_file(dir / "bad.jsonl", "{\"id\": \"a\"}\n");
    EXPECT_EQ(run(cli + " eval --corpus " + quote(dir / "c.jsonl") + " --truth " + quote(dir / "bad.jsonl") + " 2>&1",
                  &out),
              1);
    EXPECT_NE(out.find("bad.jsonl:1: no \"cluster\""), std::string::npos) << out;
}

TEST(EvalCli, LabelledPairsTruth) {
    scratch_dir dir;
    write_file(dir / "c.jsonl", corpus_text);
    write_file(dir / "t.tsv", "label\tid_a\tid_b\n1\ta\tb\n0\tc\td\n0\ta\te\n");
    std::string out;
    ASSERT_EQ(run(cli + " eval --corpus " + quote(dir / "c.jsonl") + " --truth " + quote(dir / "t.tsv") + " 2>&1", &out),
              0)
        << out;
    EXPECT_DOUBLE_EQ(figure(out, "labelled pairs"), 3);
    EXPECT_NEAR(figure(out, "accuracy"), 2.0 / 3.0, 1e-4) << out;
    EXPECT_DOUBLE_EQ(figure(out, "recall"), 1.0);
}

// An MSRP-layout file: byte-order mark, header, quotes inside fields.
const char* msrp_text = "\xEF\xBB\xBFQuality\t#1 ID\t#2 ID\t#1 String\t#2 String\n"
                        "1\t11\t12\tThe quake killed 68 people, officials said.\tOfficials said the quake killed 68.\n"
                        "0\t13\t14\tShares rose 5% in \"heavy\" trading.\tShares fell sharply on Tuesday.\n"
                        "1\t15\t16\tThe bank held rates.\tThe bank held its rates.\n"
                        "0\t17\t18\tThe club sacked its manager.\tThe club won the cup final.\n";

TEST(ScoreCli, WritesOneRowPerPairInInputOrder) {
    scratch_dir dir;
    write_file(dir / "m.txt", msrp_text);
    std::string out;
    ASSERT_EQ(run(cli + " score " + quote(dir / "m.txt") + " --cv 2 2>/dev/null", &out), 0);
    const auto header = out.substr(0, out.find('\n'));
    EXPECT_EQ(header, "pair\tid_a\tid_b\tlabel\tminhash\tjaccard\tcontainment_a\tcontainment_b\tcosine\tshared\tword1\t"
                      "word2\tword3\tword4\tword5\tchar3\tchar4\tchar5\tword1_containment_a\tword1_containment_b\t"
                      "word1_masked\ttokens_a\ttokens_b");
    EXPECT_NE(out.find("\n1\t11\t12\t1\t"), std::string::npos) << out;
    EXPECT_NE(out.find("\n4\t17\t18\t0\t"), std::string::npos) << out;
    EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 5);
    // "the bank held rates" in "the bank held its rates": containment 1 and 0.8, masked word Jaccard 4 / 5,
    // 4 and 5 words.
    EXPECT_NE(out.find("\n3\t15\t16\t1\t0.0000\t0.0000\t0.0000\t0.0000\t"), std::string::npos) << out;
    EXPECT_NE(out.find("\t1.0000\t0.8000\t0.8000\t4\t5\n"), std::string::npos) << out;
    // With --out, the rows go to the file and the summary to stdout.
    ASSERT_EQ(run(cli + " score " + quote(dir / "m.txt") + " --cv 2 --out " + quote(dir / "s.tsv") +
                      " --threshold 0.5 --on word1",
                  &out),
              0);
    EXPECT_NE(out.find("wiredup score: 4 pairs, 2 positive (50.0%), 2 negative"), std::string::npos) << out;
    EXPECT_NE(out.find("at word1 >= 0.5000: accuracy 1.0000"), std::string::npos) << out;
    EXPECT_EQ(read_file(dir / "s.tsv").substr(0, header.size()), header);
}

TEST(ScoreCli, ReadsTheParallelLayoutAndRejectsBadInput) {
    scratch_dir dir;
    write_file(dir / "s1", "the cat sat on the mat\nprices rose again\n");
    write_file(dir / "s2", "the cat sat on a mat\nthe team lost\n");
    std::string out;
    ASSERT_EQ(run(cli + " score --s1 " + quote(dir / "s1") + " --s2 " + quote(dir / "s2"), &out), 0);
    EXPECT_EQ(out.substr(0, out.find('\t', 15)), "pair\tid_a\tid_b\tminhash");  // no labels, no label column
    EXPECT_NE(out.find("\n2\t2\t2\t"), std::string::npos) << out;
    write_file(dir / "s3", "only one line\n");
    EXPECT_EQ(run(cli + " score --s1 " + quote(dir / "s1") + " --s2 " + quote(dir / "s3") + " >/dev/null 2>&1"), 1);
    write_file(dir / "l", "1\nmaybe\n");
    EXPECT_EQ(run(cli + " score --s1 " + quote(dir / "s1") + " --s2 " + quote(dir / "s2") + " --labels " +
                  quote(dir / "l") + " >/dev/null 2>&1"),
              1);
}

TEST(ScoreCli, WritesASelfContainedHtmlReport) {
    scratch_dir dir;
    write_file(dir / "m.txt", msrp_text);
    ASSERT_EQ(run(cli + " score " + quote(dir / "m.txt") + " --cv 2 -o " + quote(dir / "s.tsv") + " --html " +
                  quote(dir / "r.html") + " >/dev/null"),
              0);
    const std::string html = read_file(dir / "r.html");
    EXPECT_NE(html.find("<svg"), std::string::npos);
    EXPECT_NE(html.find("Combined score"), std::string::npos);
    EXPECT_NE(html.find("LSH S-curve"), std::string::npos);
    EXPECT_EQ(html.find("<script"), std::string::npos);
    EXPECT_EQ(html.find("https://"), std::string::npos);
}

// The targets of issue 3 on the shared datasets, cross-validated on their train splits.
TEST(ScoreCli, MsrpTrainReachesSeventyFourPercent) {
    const auto file = datasets_dir() / "msrp" / "msr_paraphrase_train.txt";
    if (!std::filesystem::exists(file)) GTEST_SKIP() << "MSRP not present at " << file;
    std::string out;
    ASSERT_EQ(run(cli + " score " + quote(file) + " --cv 10 -o /dev/null", &out), 0);
    const std::regex combined("combined \\(.*\\): held-out accuracy ([0-9.]+), F1 ([0-9.]+), AUC ([0-9.]+)");
    std::smatch m;
    ASSERT_TRUE(std::regex_search(out, m, combined)) << out;
    EXPECT_GE(std::stod(m[1]), 0.74) << out;
    EXPECT_GE(std::stod(m[3]), 0.78) << out;
}

TEST(ScoreCli, PanTrainReachesNinetyPercent) {
    const auto d = datasets_dir() / "mt-metrics-paraphrase-pan";
    if (!std::filesystem::exists(d / "pan-train.labels")) GTEST_SKIP() << "PAN not present at " << d;
    std::string out;
    ASSERT_EQ(run(cli + " score --s1 " + quote(d / "pan-train_s1.txt") + " --s2 " + quote(d / "pan-train_s2.txt") +
                      " --labels " + quote(d / "pan-train.labels") + " --cv 10 -o /dev/null",
                  &out),
              0);
    const std::regex combined("combined \\(.*\\): held-out accuracy ([0-9.]+), F1 ([0-9.]+), AUC ([0-9.]+)");
    std::smatch m;
    ASSERT_TRUE(std::regex_search(out, m, combined)) << out;
    EXPECT_GE(std::stod(m[1]), 0.90) << out;
    EXPECT_GE(std::stod(m[3]), 0.95) << out;
}

} // namespace
} // namespace wiredup::test

#endif
