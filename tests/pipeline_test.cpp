// End to end: dedup() over generated corpora with ground truth (pairwise precision and recall)
// and the accounting every run must add up to.
#include <wiredup/pipeline.hpp>

#include "test_support.hpp"

#include <gtest/gtest.h>

#include <sys/resource.h>

#include <map>
#include <set>
#include <tuple>

namespace wiredup::test {
namespace {

struct pairwise {
    double precision = 0;
    std::map<std::string, double> recall_by_level;  // recall of (copy, its cluster-mates) pairs
    std::size_t predicted = 0;
};

// Pairwise scores of predicted clusters against the truth: a predicted pair is right when both
// documents share a truth cluster; a truth pair is found when both share a predicted cluster.
pairwise score_clusters(const dedup_result& r, const truth& t) {
    std::vector<std::string> predicted(r.documents.size());
    for (std::size_t i = 0; i < r.documents.size(); ++i) predicted[i] = "single:" + std::to_string(i);
    std::size_t right = 0, all = 0;
    for (std::size_t c = 0; c < r.clusters.size(); ++c) {
        const auto& m = r.clusters[c].members;
        for (const auto d : m) predicted[d] = "cluster:" + std::to_string(c);
        for (std::size_t i = 0; i < m.size(); ++i)
            for (std::size_t j = i + 1; j < m.size(); ++j) {
                ++all;
                right += t.cluster.at(r.documents[m[i]].id) == t.cluster.at(r.documents[m[j]].id) ? 1 : 0;
            }
    }
    std::map<std::string, std::vector<std::size_t>> by_truth;
    for (std::size_t i = 0; i < r.documents.size(); ++i) by_truth[t.cluster.at(r.documents[i].id)].push_back(i);
    std::map<std::string, std::pair<std::size_t, std::size_t>> found;  // level -> (found, total)
    for (const auto& [cluster, docs] : by_truth)
        for (std::size_t i = 0; i < docs.size(); ++i)
            for (std::size_t j = i + 1; j < docs.size(); ++j) {
                const auto& a = r.documents[docs[i]].id;
                const auto& b = r.documents[docs[j]].id;
                // A pair's level is the heavier edit of its two documents.
                std::string level = std::max(t.level.at(a), t.level.at(b), [](const auto& x, const auto& y) {
                    auto rank = [](const std::string& l) { return l == "heavy" ? 3 : l == "medium" ? 2 : l == "light" ? 1 : 0; };
                    return rank(x) < rank(y);
                });
                if (t.kind.count(a) && t.kind.at(a) != "copy" && t.kind.at(a) != "original") level = t.kind.at(a);
                if (t.kind.count(b) && t.kind.at(b) != "copy" && t.kind.at(b) != "original") level = t.kind.at(b);
                auto& f = found[level];
                ++f.second;
                f.first += predicted[docs[i]] == predicted[docs[j]] ? 1 : 0;
            }
    pairwise p;
    p.predicted = all;
    p.precision = all == 0 ? 1.0 : static_cast<double>(right) / static_cast<double>(all);
    for (const auto& [level, f] : found) p.recall_by_level[level] = static_cast<double>(f.first) / static_cast<double>(f.second);
    return p;
}

void expect_accounted(const dedup_result& r) {
    const auto& s = r.stats;
    EXPECT_EQ(s.records, r.documents.size());
    std::size_t by_reason = 0;
    for (const auto n : s.rejected_by_reason) by_reason += n;
    EXPECT_EQ(by_reason, s.rejected);
    std::size_t grouped = 0;
    for (const auto& c : r.clusters) grouped += c.members.size();
    std::size_t rejected_in_clusters = 0;
    for (const auto& c : r.clusters)
        for (const auto m : c.members) rejected_in_clusters += r.documents[m].reason != reject_reason::none;
    EXPECT_EQ(rejected_in_clusters, 0u);
    EXPECT_LE(grouped + s.rejected, s.records);
    EXPECT_EQ(s.duplicates, grouped - r.clusters.size());
}

TEST(Pipeline, FindsLightAndMediumCopiesWithHighPrecision) {
    scratch_dir dir;
    if (!generate_corpus(dir.path(), 1500, 11)) GTEST_SKIP() << "python3 is not available";
    const truth t = read_truth(dir / "truth.jsonl");
    const auto r = dedup({(dir / "corpus.jsonl").string()});
    expect_accounted(r);
    const auto p = score_clusters(r, t);
    for (const auto& [level, recall] : p.recall_by_level)
        std::printf("  recall %-10s %.4f\n", level.c_str(), recall);
    std::printf("  precision %.4f over %zu predicted pairs\n", p.precision, p.predicted);
    EXPECT_GE(p.precision, 0.95);
    EXPECT_GE(p.recall_by_level.at("light"), 0.95);
    EXPECT_GE(p.recall_by_level.at("medium"), 0.95);
}

// The relation each planted kind should get, copy relative to its original.
std::string expected_relation(const truth& t, const std::string& id) {
    const auto& kind = t.kind.at(id);
    if (kind == "trimmed") return "trimmed";
    if (kind == "extended" || kind == "embedded") return "extended";
    if (kind == "update") return "identical";
    return t.level.at(id) == "light" ? "identical" : "rewrite";
}

TEST(Pipeline, LabelsHowEachCopyRelatesToItsOriginal) {
    scratch_dir dir;
    if (!generate_corpus(dir.path(), 2000, 23)) GTEST_SKIP() << "python3 is not available";
    const truth t = read_truth(dir / "truth.jsonl");
    const auto r = dedup({(dir / "corpus.jsonl").string()});
    std::unordered_map<std::string, doc_index> index;
    for (doc_index i = 0; i < r.documents.size(); ++i) index[r.documents[i].id] = i;
    std::map<std::pair<doc_index, doc_index>, const scored_pair*> pairs;
    for (const auto& p : r.pairs) pairs[{p.a, p.b}] = &p;
    std::map<std::string, std::pair<int, int>> by_kind;  // kind -> (right, all)
    int updates = 0, flagged = 0;
    for (const auto& [id, base] : t.base) {
        const doc_index copy = index.at(id), original = index.at(base);
        const auto found = pairs.find({std::min(copy, original), std::max(copy, original)});
        auto& tally = by_kind[t.kind.at(id) == "copy" ? t.level.at(id) : t.kind.at(id)];
        ++tally.second;
        if (found == pairs.end()) continue;
        std::string rel(to_string(found->second->rel));
        if (copy < original && rel != "identical" && rel != "rewrite") rel = rel == "trimmed" ? "extended" : "trimmed";
        tally.first += rel == expected_relation(t, id) ? 1 : 0;
        if (t.kind.at(id) == "update") {
            ++updates;
            flagged += found->second->numbers_changed ? 1 : 0;
        }
    }
    int right = 0, all = 0;
    for (const auto& [kind, tally] : by_kind) {
        std::printf("  %-9s labelled right %d / %d\n", kind.c_str(), tally.first, tally.second);
        right += tally.first;
        all += tally.second;
    }
    std::printf("  numbers_changed on %d / %d updates\n", flagged, updates);
    EXPECT_GE(static_cast<double>(right) / all, 0.90);
    EXPECT_GE(static_cast<double>(flagged) / updates, 0.90);
    for (const char* kind : {"trimmed", "extended", "embedded"})
        EXPECT_GE(static_cast<double>(by_kind[kind].first) / by_kind[kind].second, 0.90) << kind;
}

TEST(Pipeline, SameInputGivesSameResultWhateverTheThreads) {
    scratch_dir dir;
    if (!generate_corpus(dir.path(), 600, 5)) GTEST_SKIP() << "python3 is not available";
    pipeline_options one;
    one.threads = 1;
    pipeline_options many;
    many.threads = 4;
    const auto a = dedup({(dir / "corpus.jsonl").string()}, one);
    const auto b = dedup({(dir / "corpus.jsonl").string()}, many);
    ASSERT_EQ(a.pairs.size(), b.pairs.size());
    for (std::size_t i = 0; i < a.pairs.size(); ++i) {
        EXPECT_EQ(a.pairs[i].a, b.pairs[i].a);
        EXPECT_EQ(a.pairs[i].b, b.pairs[i].b);
        EXPECT_EQ(a.pairs[i].cosine, b.pairs[i].cosine);
        EXPECT_EQ(a.pairs[i].jaccard, b.pairs[i].jaccard);
    }
    ASSERT_EQ(a.clusters.size(), b.clusters.size());
    for (std::size_t i = 0; i < a.clusters.size(); ++i) EXPECT_EQ(a.clusters[i].members, b.clusters[i].members);
}

double process_cpu_seconds() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    const auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) * 1e-6; };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

// Each stage reports the CPU time spent during it alone: its share of the process's, the
// kernel's part within it, and the stages together no more than the run took.
TEST(Pipeline, StagesReportTheirOwnCpuTime) {
    scratch_dir dir;
    if (!generate_corpus(dir.path(), 1500, 13)) GTEST_SKIP() << "python3 is not available";
    pipeline_options o;
    o.threads = 2;
    const double before = process_cpu_seconds();
    const auto r = dedup({(dir / "corpus.jsonl").string()}, o);
    const double run = process_cpu_seconds() - before;
    ASSERT_EQ(r.stats.stages.size(), 5u);
    double stages = 0;
    for (const auto& t : r.stats.stages) {
        EXPECT_GE(t.kernel_seconds, 0.0) << t.stage;
        EXPECT_LE(t.kernel_seconds, t.cpu_seconds) << t.stage;
        stages += t.cpu_seconds;
    }
    EXPECT_EQ(r.stats.stages[1].stage, "shingle+sign");
    EXPECT_GT(r.stats.stages[1].cpu_seconds, 0.0);  // it signs 1,500 documents
    EXPECT_LE(stages, run + 1e-3);
}

// Every confirmed pair of two runs, field for field and bit for bit, and their clusters.
void expect_same_output(const dedup_result& a, const dedup_result& b) {
    ASSERT_EQ(a.pairs.size(), b.pairs.size());
    for (std::size_t i = 0; i < a.pairs.size(); ++i) {
        const auto& x = a.pairs[i];
        const auto& y = b.pairs[i];
        ASSERT_EQ(std::tie(x.a, x.b), std::tie(y.a, y.b)) << i;
        EXPECT_EQ(x.minhash, y.minhash);
        EXPECT_EQ(x.jaccard, y.jaccard);
        EXPECT_EQ(x.containment_a, y.containment_a);
        EXPECT_EQ(x.containment_b, y.containment_b);
        EXPECT_EQ(x.cosine, y.cosine) << x.a << " " << x.b;
        EXPECT_EQ(x.shared, y.shared);
        EXPECT_EQ(x.rel, y.rel);
        EXPECT_EQ(x.numbers_changed, y.numbers_changed);
    }
    ASSERT_EQ(a.clusters.size(), b.clusters.size());
    for (std::size_t i = 0; i < a.clusters.size(); ++i) EXPECT_EQ(a.clusters[i].members, b.clusters[i].members);
}

// A small confirm budget splits confirmation into blocks: candidates inside a block are scored
// from held documents, the others against their later document's record, read back by offset.
// Every score must be the one a single block gives, bit for bit.
TEST(Pipeline, ConfirmMemoryChangesPassesNotResults) {
    scratch_dir dir;
    if (!generate_corpus(dir.path(), 600, 7)) GTEST_SKIP() << "python3 is not available";
    const pipeline_options whole;
    pipeline_options blocks;
    blocks.confirm_memory = 64 << 10;  // a few dozen documents per block
    blocks.threads = 3;
    const auto a = dedup({(dir / "corpus.jsonl").string()}, whole);
    const auto b = dedup({(dir / "corpus.jsonl").string()}, blocks);
    EXPECT_EQ(a.stats.confirm_passes, 1u);
    EXPECT_GT(b.stats.confirm_passes, 10u);
    ASSERT_GT(a.pairs.size(), 100u);
    expect_same_output(a, b);
}

// The band screen (sketch_screen) drops candidates before they are scored, and the sample screen
// before their whole sets are intersected. On generated news, where unrelated stories on one
// topic share stock phrases, they drop many of them and none that confirmation would have kept:
// the output equals a run that confirms every candidate. The band screen's 4-bit sketches leave
// the sample screen a few dozen of the 1,500 candidates here.
TEST(Pipeline, SignatureScreenDropsCandidatesNotDuplicates) {
    scratch_dir dir;
    if (!generate_corpus(dir.path(), 1500, 11)) GTEST_SKIP() << "python3 is not available";
    pipeline_options all;
    all.screen_odds = 0;
    const auto screened = dedup({(dir / "corpus.jsonl").string()}, pipeline_options{});
    const auto confirmed = dedup({(dir / "corpus.jsonl").string()}, all);
    EXPECT_EQ(confirmed.stats.band.screened + confirmed.stats.contain.screened, 0u);
    // The buckets propose the same pairs; the screen drops some of them, and some of containment's.
    EXPECT_EQ(screened.stats.band.bucket_pairs, confirmed.stats.band.bucket_pairs);
    EXPECT_GT(screened.stats.band.screened, confirmed.stats.band.candidates / 5);
    EXPECT_LT(screened.stats.band.candidates, confirmed.stats.band.candidates);
    EXPECT_EQ(screened.stats.contain.candidates + screened.stats.contain.screened, confirmed.stats.contain.candidates);
    EXPECT_LT(screened.stats.candidates, confirmed.stats.candidates);
    EXPECT_EQ(confirmed.stats.sample_screened, 0u);
    EXPECT_GT(screened.stats.sample_screened, 0u);
    ASSERT_GT(screened.pairs.size(), 100u);
    expect_same_output(screened, confirmed);
}

// The band screen's sketch has twice the signature's slots up to 256, whatever --num-perm:
// the most slots a signature may have (4096) still runs, and one slot too.
TEST(Pipeline, SketchSlotsCappedAtEveryNumPerm) {
    scratch_dir dir;
    if (!generate_corpus(dir.path(), 300, 13)) GTEST_SKIP() << "python3 is not available";
    for (const std::size_t num_perm : {1, 4096}) {
        pipeline_options options;
        options.sign.num_perm = num_perm;
        const auto result = dedup({(dir / "corpus.jsonl").string()}, options);
        EXPECT_GT(result.pairs.size(), 20u) << num_perm;
    }
}

TEST(Pipeline, DiscountsFurnitureSharedByUnrelatedStories) {
    scratch_dir dir;
    std::string corpus;
    const std::vector<std::string> stories = {
        "The harbour authority closed the northern port after a cargo ship ran aground in thick fog overnight.",
        "Farmers in the valley began harvesting grapes two weeks early because of the long dry summer heat.",
        "The city council approved a plan to replace every diesel bus with electric models before the decade ends.",
        "A museum returned three bronze statues to the temple they were taken from more than a century ago.",
        "Striking nurses marched to the health ministry demanding safer staffing levels on night shifts.",
        "The national team named an uncapped goalkeeper in its squad for next month's qualifying matches."};
    for (std::size_t i = 0; i < stories.size(); ++i)
        corpus += "{\"id\": \"s" + std::to_string(i) +
                  "\", \"text\": \"Story highlights\\nFollow us on the Daily Wire for the latest news\\nmain img\\n" +
                  stories[i] + "\\nAdvertisement\\n(With inputs from agencies)\"}\n";
    write_file(dir / "c.jsonl", corpus);
    const auto r = dedup({(dir / "c.jsonl").string()});
    EXPECT_TRUE(r.clusters.empty()) << "furniture made unrelated stories look alike";
    EXPECT_EQ(r.stats.furniture_kinds, 5u);  // the five furniture lines, each in all six documents
    EXPECT_EQ(r.stats.rejected, 0u);
}

// The line census counts only the records the run keeps: a record rejected for its duplicate id
// (found in order, after the workers have counted its lines) is taken out again. Five documents
// (the threshold) carry a line when the three duplicates count, three when they do not.
TEST(Pipeline, CensusLeavesOutDuplicateIds) {
    scratch_dir dir;
    std::string corpus;
    for (int i = 0; i < 6; ++i) {
        const std::string id = i < 3 ? "s" + std::to_string(i) : "s" + std::to_string(i - 3);  // 3, 4, 5 repeat 0, 1, 2
        corpus += "{\"id\": \"" + id + "\", \"text\": \"Breaking wire desk\\nStory number " + std::to_string(i) +
                  " about something else entirely, told at some length for the shingles.\"}\n";
    }
    write_file(dir / "c.jsonl", corpus);
    for (const std::size_t threads : {1, 2}) {
        pipeline_options options;
        options.threads = threads;
        options.boilerplate.min_documents = 5;
        options.boilerplate.min_fraction = 0.0;
        const auto r = dedup({(dir / "c.jsonl").string()}, options);
        EXPECT_EQ(r.stats.rejected, 3u);
        EXPECT_EQ(r.stats.furniture_kinds, 0u) << "rejected duplicates were counted in the census";
        options.boilerplate.min_documents = 3;
        EXPECT_EQ(dedup({(dir / "c.jsonl").string()}, options).stats.furniture_kinds, 1u);
    }
}

TEST(Pipeline, RepeatedParagraphCountsOnce) {
    const std::string para = "North Korea conducted four missile tests in a matter of days at the start of the year.";
    const std::string other = "The talks collapsed in 2019 over the denuclearisation of the peninsula.";
    const auto r = similarity(para + "\n" + other + "\n" + para, para + "\n" + other);
    EXPECT_FLOAT_EQ(r.scores.jaccard, 1.0f);
}

TEST(Pipeline, ChangedNumbersLowerTheScore) {
    const auto r = similarity("Five people were killed when the bridge collapsed on Monday morning in the capital.",
                              "Seven people were killed when the bridge collapsed on Monday morning in the capital.");
    EXPECT_LT(r.scores.jaccard, 1.0f);
    const auto d = similarity("5 people were killed when the bridge collapsed on Monday morning in the capital.",
                              "7 people were killed when the bridge collapsed on Monday morning in the capital.");
    EXPECT_LT(d.scores.jaccard, 1.0f);
}

} // namespace
} // namespace wiredup::test
