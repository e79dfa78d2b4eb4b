// Pathological corpora: 100k identical documents, 100k empty ones, 100k made of one boilerplate
// line, and 100k unique stories that all carry that line. Each must give the right answer at a
// cost proportional to the input: the candidate pairs are bounded by a multiple of n (an
// oversized LSH bucket is paired by window, recurring lines are discounted), never n^2.
// Timings and peak memory are printed, not asserted.
#include <wiredup/pipeline.hpp>

#include "accounting.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <random>
#include <string>

namespace wiredup::test {
namespace {

/// Documents per corpus: 100,000, or 20,000 under AddressSanitizer (a Debug build with ASan is
/// some thirty times slower, and the bounds asserted hold at any n); WIREDUP_TEST_PATHOLOGICAL_DOCS
/// overrides either.
std::size_t corpus_docs() {
    if (const char* n = std::getenv("WIREDUP_TEST_PATHOLOGICAL_DOCS"); n != nullptr && std::atol(n) > 0)
        return static_cast<std::size_t>(std::atol(n));
    return address_sanitized() ? 20000 : 100000;
}

const std::string story =
    "Rescue teams searched the rubble of the collapsed market on Tuesday after the quake struck the "
    "city before dawn, and officials said the number of dead was expected to rise as crews reached "
    "the outlying villages";
const std::string boilerplate = "Click here to subscribe to our daily newsletter";

/// Writes n JSON Lines records whose text is text_of(i), with integer ids.
std::filesystem::path write_corpus(const scratch_dir& dir, std::size_t n,
                                   const std::function<std::string(std::size_t)>& text_of) {
    const auto path = dir / "corpus.jsonl";
    std::ofstream out(path, std::ios::binary);
    for (std::size_t i = 0; i < n; ++i) out << "{\"id\": " << i << ", \"text\": \"" << text_of(i) << "\"}\n";
    return path;
}

struct timed_run {
    dedup_result result;
    accounting counts;
};

timed_run run_and_report(const char* name, const std::filesystem::path& corpus) {
    const auto start = std::chrono::steady_clock::now();
    timed_run t{dedup({corpus.string()}), {}};
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    t.counts = expect_accounted(t.result);
    const auto& st = t.result.stats;
    std::printf("[ pathological ] %-11s %zu docs, %.1f MiB: %.2f s, peak RSS %.0f MiB; candidates %zu "
                "(%zu bucket pairs, %zu oversized buckets, largest %zu), kept %zu, grouped %zu, rejected %zu\n",
                name, t.counts.records, static_cast<double>(st.bytes) / (1 << 20), seconds, peak_rss_mib(),
                st.candidates, st.band.bucket_pairs, st.band.oversized_buckets, st.band.largest_bucket, t.counts.kept,
                t.counts.grouped, t.counts.rejected);
    return t;
}

/// Candidate pairs a corpus of n copies may produce: the window of every oversized bucket.
std::size_t window_bound(const dedup_result& r, std::size_t n) {
    const lsh_options defaults;
    return r.stats.shape.bands * defaults.window * n;
}

TEST(Pathological, IdenticalDocumentsFormOneClusterAtLinearCost) {
    const std::size_t n = corpus_docs();
    scratch_dir dir;
    const auto t = run_and_report("identical", write_corpus(dir, n, [](std::size_t) { return story; }));
    const auto& r = t.result;
    EXPECT_EQ(t.counts.rejected, 0U);
    ASSERT_EQ(r.clusters.size(), 1U);
    EXPECT_EQ(r.clusters[0].members.size(), n);
    EXPECT_EQ(r.clusters[0].canonical, 0U);
    EXPECT_EQ(t.counts.kept, 1U);
    EXPECT_EQ(t.counts.grouped, n - 1);
    // Every band has one bucket of all n documents, paired by window: about window * n
    // distinct pairs (the same in every band), where all pairs would be n^2 / 2.
    EXPECT_EQ(r.stats.band.oversized_buckets, r.stats.shape.bands);
    EXPECT_EQ(r.stats.band.largest_bucket, n);
    EXPECT_LE(r.stats.band.bucket_pairs, window_bound(r, n));
    EXPECT_LE(r.stats.candidates, lsh_options{}.window * n);
    EXPECT_GE(r.stats.confirmed, n - 1);
}

TEST(Pathological, EmptyDocumentsAreAllRejected) {
    const std::size_t n = corpus_docs();
    scratch_dir dir;
    const auto t = run_and_report("empty", write_corpus(dir, n, [](std::size_t) { return std::string(); }));
    const auto& r = t.result;
    EXPECT_EQ(t.counts.rejected, n);
    EXPECT_EQ(count_reason(r, reject_reason::empty), n);
    EXPECT_TRUE(r.clusters.empty());
    EXPECT_EQ(r.stats.candidates, 0U);
    EXPECT_EQ(r.stats.band.documents, 0U);
}

// A document made of nothing but a recurring line has no content besides it, so it is judged on
// all its lines (see prepare() in src/pipeline.cpp): n copies of the line are n identical
// documents, one cluster, paired by window like any identical documents.
TEST(Pathological, DocumentsOfOneBoilerplateLineAreJudgedOnItAndFormOneCluster) {
    const std::size_t n = corpus_docs();
    scratch_dir dir;
    const auto t = run_and_report("boilerplate", write_corpus(dir, n, [](std::size_t) { return boilerplate; }));
    const auto& r = t.result;
    EXPECT_EQ(r.stats.furniture_kinds, 1U);
    EXPECT_EQ(t.counts.rejected, 0U);
    ASSERT_EQ(r.clusters.size(), 1U);
    EXPECT_EQ(r.clusters[0].members.size(), n);
    EXPECT_EQ(r.stats.band.oversized_buckets, r.stats.shape.bands);
    EXPECT_LE(r.stats.band.bucket_pairs, window_bound(r, n));
    EXPECT_LE(r.stats.candidates, lsh_options{}.window * n);
}

// The same line under n unrelated stories is furniture and is dropped: without the census its
// shingles alone would make a tenth of all n^2 / 2 pairs candidates (P(0.06) ~ 0.11 at b=32, r=2).
TEST(Pathological, BoilerplateLineUnderUniqueStoriesIsDiscounted) {
    const std::size_t n = corpus_docs();
    scratch_dir dir;
    std::mt19937 rng(17);
    std::uniform_int_distribution<int> letter('a', 'z');
    const auto words = [&](int count) {
        std::string out;
        for (int w = 0; w < count; ++w) {
            if (w > 0) out.push_back(' ');
            for (int c = 0; c < 6; ++c) out.push_back(static_cast<char>(letter(rng)));
        }
        return out;
    };
    const auto t = run_and_report("discounted", write_corpus(dir, n, [&](std::size_t) {
                                      return words(12) + "\\n" + boilerplate + "\\n" + words(12);
                                  }));
    const auto& r = t.result;
    EXPECT_EQ(r.stats.furniture_kinds, 1U);
    EXPECT_EQ(r.stats.furniture_dropped, n);
    EXPECT_EQ(t.counts.rejected, 0U);
    EXPECT_TRUE(r.clusters.empty());
    EXPECT_LE(r.stats.candidates, n / 100);
}

} // namespace
} // namespace wiredup::test
