// Stage 6, confirm: term counting, the idf census, TF-IDF cosines, set scores and the confirmation
// rule clause by clause.
#include <wiredup/tfidf.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>

namespace wiredup {
namespace {

const std::vector<std::string> texts = {
    "the storm hit the coast on monday",       // 0
    "the storm hit the coast on monday",       // 1: same as 0
    "markets rallied after the central bank",  // 2: only "the" in common with 0
    "quantum lattice enzyme",                  // 3: disjoint from every other
    "storm hit coast monday evening",          // 4: overlaps 0
};

term_census census_of(const std::vector<std::string>& docs) {
    term_census census;
    for (const auto& t : docs) census.add(count_terms(t));
    return census;
}

TEST(CountTerms, CountsAndSortsByHash) {
    const auto counts = count_terms("b a b\nc b a");
    const term_counts expected = [] {
        term_counts e = {{token_hash("a"), 2}, {token_hash("b"), 3}, {token_hash("c"), 1}};
        std::sort(e.begin(), e.end());
        return e;
    }();
    EXPECT_EQ(counts, expected);
    EXPECT_TRUE(count_terms("").empty());
}

TEST(TermCensus, IdfIsSmoothed) {
    const auto census = census_of({"a b", "a c", "a"});
    EXPECT_EQ(census.documents(), 3u);
    EXPECT_EQ(census.terms(), 3u);
    EXPECT_DOUBLE_EQ(census.idf(token_hash("a")), std::log(4.0 / 4.0) + 1.0);
    EXPECT_DOUBLE_EQ(census.idf(token_hash("b")), std::log(4.0 / 2.0) + 1.0);
    EXPECT_DOUBLE_EQ(census.idf(token_hash("unseen")), std::log(4.0 / 1.0) + 1.0);
    EXPECT_DOUBLE_EQ(term_census().idf(token_hash("a")), 1.0);  // ln(1/1) + 1
}

TEST(TermCensus, RepeatedTermCountsOncePerDocument) {
    const auto census = census_of({"a a a a", "b"});
    EXPECT_DOUBLE_EQ(census.idf(token_hash("a")), std::log(3.0 / 2.0) + 1.0);
}

TEST(TermCensus, MergeEqualsSingleCensus) {
    const auto whole = census_of(texts);
    auto left = census_of({texts[0], texts[1]});
    left.merge(census_of({texts[2], texts[3], texts[4]}));
    left.merge(term_census());
    EXPECT_EQ(left.documents(), whole.documents());
    EXPECT_EQ(left.terms(), whole.terms());
    for (const auto& t : texts)
        for (const auto& [term, count] : count_terms(t)) EXPECT_DOUBLE_EQ(left.idf(term), whole.idf(term));
}

// A census is a value: adding to a copy must not change the original (the table was once held
// by a shared_ptr that the implicit copy shared).
TEST(TermCensus, CopyIsIndependent) {
    auto original = census_of({"a b"});
    const double before = original.idf(token_hash("a"));
    term_census copy = original;
    copy.add(count_terms("a c"));
    EXPECT_EQ(original.terms(), 2u);
    EXPECT_DOUBLE_EQ(original.idf(token_hash("a")), before);
}

tfidf_vectors vectors_of(const term_census& census, const std::vector<std::string>& docs,
                         const std::vector<doc_index>& order) {
    tfidf_vectors v(census);
    for (const doc_index d : order) v.add(d, count_terms(docs[d]));
    v.finish();
    return v;
}

TEST(TfidfVectors, CosineOfIdenticalAndDisjointTexts) {
    const auto census = census_of(texts);
    const auto v = vectors_of(census, texts, {0, 1, 2, 3, 4});
    const auto c = v.cosines({{0, 1}, {0, 3}, {2, 3}, {0, 4}, {0, 2}});
    EXPECT_NEAR(c[0], 1.0f, 1e-5f);
    EXPECT_EQ(c[1], 0.0f);
    EXPECT_EQ(c[2], 0.0f);
    EXPECT_GT(c[3], 0.3f);
    EXPECT_LT(c[3], 1.0f);
    EXPECT_GT(c[3], c[4]);  // four shared content words beat one shared "the"
    EXPECT_GT(c[4], 0.0f);
}

TEST(TfidfVectors, CosineMatchesSublinearTfIdfFormula) {
    const std::vector<std::string> docs = {"a a a b", "a c", "a", "a", "b"};
    const auto census = census_of(docs);
    const auto v = vectors_of(census, docs, {0, 1});
    const double ia = census.idf(token_hash("a")), ib = census.idf(token_hash("b")), ic = census.idf(token_hash("c"));
    const double wa = (1 + std::log(3.0)) * ia;  // tf 3 -> 1 + ln 3
    const double expected = wa * ia / std::sqrt((wa * wa + ib * ib) * (ia * ia + ic * ic));
    EXPECT_NEAR(v.cosines({{0, 1}})[0], expected, 1e-6);
    EXPECT_LT(ia, ib);  // "a" is in every document: the smallest weight
}

TEST(TfidfVectors, CosineIsSymmetric) {
    const auto census = census_of(texts);
    const auto v = vectors_of(census, texts, {0, 1, 2, 3, 4});
    const auto c = v.cosines({{0, 4}, {4, 0}, {2, 4}, {4, 2}});
    EXPECT_FLOAT_EQ(c[0], c[1]);
    EXPECT_FLOAT_EQ(c[2], c[3]);
}

TEST(TfidfVectors, PairOrderDoesNotChangeScores) {
    const auto census = census_of(texts);
    const auto v = vectors_of(census, texts, {0, 1, 2, 3, 4});
    const std::vector<doc_pair> grouped = {{0, 1}, {0, 2}, {0, 4}, {1, 4}, {2, 4}, {3, 4}};
    const std::vector<doc_pair> mixed = {{2, 4}, {0, 4}, {3, 4}, {0, 1}, {1, 4}, {0, 2}};
    const auto a = v.cosines(grouped);
    const auto b = v.cosines(mixed);
    for (std::size_t i = 0; i < grouped.size(); ++i) {
        const auto j = static_cast<std::size_t>(std::find(mixed.begin(), mixed.end(), grouped[i]) - mixed.begin());
        EXPECT_FLOAT_EQ(a[i], b[j]) << grouped[i].a << "," << grouped[i].b;
    }
}

TEST(TfidfVectors, DocumentOrderDoesNotChangeScores) {
    const auto census = census_of(texts);
    const std::vector<doc_pair> pairs = {{0, 1}, {0, 2}, {0, 4}, {1, 4}, {2, 4}, {3, 4}};
    const auto a = vectors_of(census, texts, {0, 1, 2, 3, 4}).cosines(pairs);
    const auto b = vectors_of(census, texts, {4, 2, 0, 3, 1}).cosines(pairs);
    ASSERT_EQ(a.size(), b.size());
    for (std::size_t i = 0; i < a.size(); ++i) EXPECT_NEAR(a[i], b[i], 1e-6f) << i;
}

TEST(TfidfVectors, OnlyAddedDocumentsAreScored) {
    const auto census = census_of(texts);
    const auto v = vectors_of(census, texts, {0, 4});
    const auto c = v.cosines({{0, 4}, {0, 1}});
    EXPECT_GT(c[0], 0.0f);
    EXPECT_EQ(c[1], 0.0f);  // document 1 was never added
}

// ---- score_sets and the confirmation rule -------------------------------------------------

TEST(ScoreSets, ContainmentInBothDirections) {
    scored_pair p;
    score_sets({1, 2, 3, 4}, {1, 2, 3, 4, 5, 6, 7, 8}, p);
    EXPECT_FLOAT_EQ(p.jaccard, 0.5f);
    EXPECT_FLOAT_EQ(p.containment_a, 1.0f);  // all of a lies inside b
    EXPECT_FLOAT_EQ(p.containment_b, 0.5f);
    EXPECT_EQ(p.shared, 4u);
    score_sets({1, 2, 3, 4, 5, 6, 7, 8}, {7, 8, 9}, p);
    EXPECT_FLOAT_EQ(p.jaccard, 2.0f / 9.0f);
    EXPECT_FLOAT_EQ(p.containment_a, 0.25f);
    EXPECT_FLOAT_EQ(p.containment_b, 2.0f / 3.0f);
    EXPECT_EQ(p.shared, 2u);
    score_sets({}, {1}, p);
    EXPECT_EQ(p.jaccard, 0.0f);
    EXPECT_EQ(p.containment_a, 0.0f);
    EXPECT_EQ(p.containment_b, 0.0f);
    EXPECT_EQ(p.shared, 0u);
}

scored_pair scores(float jaccard, float containment_a, float containment_b, float cosine, std::uint32_t shared = 50) {
    scored_pair p;
    p.jaccard = jaccard;
    p.containment_a = containment_a;
    p.containment_b = containment_b;
    p.cosine = cosine;
    p.shared = shared;
    return p;
}

// Explicit thresholds, so that these tests check the logic of the rule, not its tuned defaults.
confirm_options rule() {
    confirm_options o;
    o.near_identical_jaccard = 0.8;
    o.min_shared = 8;
    o.min_jaccard = 0.5;
    o.min_containment = 0.75;
    o.containment_min_jaccard = 0.2;
    o.min_cosine = 0.9;
    o.cosine_min_jaccard = 0.25;
    return o;
}

TEST(IsDuplicate, EachClauseConfirmsOnItsOwn) {
    const confirm_options o = rule();
    EXPECT_TRUE(is_duplicate(scores(0.85f, 0.85f, 0.85f, 0.1f, 3), o));  // near-identical, few shingles
    EXPECT_TRUE(is_duplicate(scores(0.6f, 0.6f, 0.6f, 0.1f), o));        // jaccard
    EXPECT_TRUE(is_duplicate(scores(0.3f, 0.85f, 0.3f, 0.1f), o));       // containment of a
    EXPECT_TRUE(is_duplicate(scores(0.3f, 0.3f, 0.85f, 0.1f), o));       // containment of b
    EXPECT_TRUE(is_duplicate(scores(0.3f, 0.4f, 0.4f, 0.95f), o));       // cosine
}

TEST(IsDuplicate, FailingEveryClauseIsNotDuplicate) {
    const confirm_options o = rule();
    EXPECT_FALSE(is_duplicate(scores(0.45f, 0.7f, 0.7f, 0.89f), o));
    EXPECT_FALSE(is_duplicate(scores(0.1f, 0.2f, 0.2f, 1.0f), o));   // cosine alone never confirms
    EXPECT_FALSE(is_duplicate(scores(0.15f, 1.0f, 0.2f, 0.5f), o));  // containment needs some jaccard
    EXPECT_FALSE(is_duplicate(scores(0.2f, 0.3f, 0.3f, 0.95f), o));  // cosine needs some jaccard
    EXPECT_FALSE(is_duplicate(scores(0.7f, 1.0f, 1.0f, 1.0f, 7), o));  // too few shared shingles
}

TEST(IsDuplicate, BoundaryValuesPass) {
    const confirm_options o = rule();
    EXPECT_TRUE(is_duplicate(scores(0.8f, 0, 0, 0, 0), o));
    EXPECT_TRUE(is_duplicate(scores(0.5f, 0, 0, 0, 8), o));
    EXPECT_TRUE(is_duplicate(scores(0.2f, 0.75f, 0, 0), o));
    EXPECT_TRUE(is_duplicate(scores(0.25f, 0, 0, 1.0f), o));
    EXPECT_FALSE(is_duplicate(scores(std::nextafter(0.5f, 0.0f), 0, 0, 0), o));
    EXPECT_FALSE(is_duplicate(scores(std::nextafter(0.8f, 0.0f), 0, 0, 0, 7), o));
}

// The rule is ">=": a pair whose score equals the threshold is a duplicate. Scores are floats and
// thresholds doubles, so a threshold that is not exactly representable in float (0.7, 0.9) must
// still admit the float nearest to it.
TEST(IsDuplicate, ScoreEqualToThresholdPasses) {
    confirm_options o = rule();
    o.near_identical_jaccard = 2.0;  // only the clause under test can confirm
    o.min_shared = 1;
    o.min_jaccard = 0.7;
    o.min_containment = 2.0;
    scored_pair p;
    score_sets({1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, {1, 2, 3, 4, 5, 6, 7}, p);  // J = 7/10 exactly
    EXPECT_TRUE(is_duplicate(p, o)) << "jaccard " << p.jaccard << " vs min_jaccard 0.7";
    o.min_jaccard = 2.0;
    EXPECT_TRUE(is_duplicate(scores(0.25f, 0, 0, 0.9f), o)) << "cosine 0.9f vs min_cosine 0.9";
}

} // namespace
} // namespace wiredup
