// Stage 5b: fingerprints and the containment candidates they make; relation labels.
#include <wiredup/containment.hpp>
#include <wiredup/error.hpp>
#include <wiredup/tfidf.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

namespace wiredup {
namespace {

shingle_set random_set(std::mt19937_64& rng, std::size_t n) {
    shingle_set s(n);
    for (auto& v : s) v = rng();
    std::sort(s.begin(), s.end());
    return s;
}

shingle_set merged(const shingle_set& a, const shingle_set& b) {
    shingle_set m;
    std::set_union(a.begin(), a.end(), b.begin(), b.end(), std::back_inserter(m));
    return m;
}

TEST(Fingerprints, KeepAboutOneInRateAndStaySorted) {
    std::mt19937_64 rng(1);
    const auto set = random_set(rng, 80000);
    const auto prints = fingerprints(set, 8);
    EXPECT_NEAR(static_cast<double>(prints.size()), 10000.0, 400.0);
    EXPECT_TRUE(std::is_sorted(prints.begin(), prints.end()));
    EXPECT_EQ(fingerprints(set, 1), set);
    // A subset's fingerprints are the superset's fingerprints that it holds: sampling is consistent.
    const shingle_set half(set.begin(), set.begin() + 40000);
    const auto half_prints = fingerprints(half, 8);
    EXPECT_TRUE(std::includes(prints.begin(), prints.end(), half_prints.begin(), half_prints.end()));
}

TEST(ContainmentIndex, FindsShortItemsInsideLongArticles) {
    std::mt19937_64 rng(2);
    containment_index index({});
    std::vector<shingle_set> docs;
    // 40 short wire items, each embedded in a long article ten times its size, plus noise.
    for (int i = 0; i < 40; ++i) {
        const auto item = random_set(rng, 60);
        docs.push_back(item);
        docs.push_back(merged(item, random_set(rng, 600)));
    }
    for (int i = 0; i < 200; ++i) docs.push_back(random_set(rng, 300));
    for (doc_index d = 0; d < docs.size(); ++d) index.add(d, fingerprints(docs[d], 8));
    containment_stats stats;
    const auto candidates = index.candidates(&stats);
    std::size_t found = 0;
    for (doc_index i = 0; i < 80; i += 2)
        found += std::binary_search(candidates.begin(), candidates.end(), doc_pair{i, i + 1}) ? 1 : 0;
    EXPECT_GE(found, 38u);  // an item of 60 shingles has ~7.5 fingerprints; rarely fewer than 2
    EXPECT_LE(candidates.size(), 45u) << "random documents share no fingerprints";
    EXPECT_EQ(stats.candidates, candidates.size());
}

TEST(ContainmentIndex, SkipsStockPhrasesInManyDocuments) {
    containment_options options;
    options.max_postings = 4;
    options.sample_rate = 1;
    containment_index index(options);
    const std::vector<std::uint64_t> stock{1, 2, 3};
    for (doc_index d = 0; d < 10; ++d) index.add(d, stock);
    containment_stats stats;
    EXPECT_TRUE(index.candidates(&stats).empty());
    EXPECT_EQ(stats.stock_phrases, 3u);
}

TEST(ContainmentIndex, RejectsInvalidOptions) {
    containment_options o;
    o.sample_rate = 6;
    EXPECT_THROW(containment_index{o}, error);
    o = {};
    o.max_postings = 1;
    EXPECT_THROW(containment_index{o}, error);
}

scored_pair pair_with(float jaccard, float containment_a, float containment_b) {
    scored_pair p;
    p.jaccard = jaccard;
    p.containment_a = containment_a;
    p.containment_b = containment_b;
    return p;
}

TEST(Classify, NamesHowTheLaterDocumentRelates) {
    const confirm_options o;
    EXPECT_EQ(classify(pair_with(0.9f, 0.95f, 0.94f), o), relation::identical);
    EXPECT_EQ(classify(pair_with(0.6f, 0.95f, 0.62f), o), relation::extended);  // a lies inside b
    EXPECT_EQ(classify(pair_with(0.4f, 0.44f, 0.89f), o), relation::trimmed);   // b lies inside a
    EXPECT_EQ(classify(pair_with(0.12f, 0.74f, 0.13f), o), relation::extended); // a short item in a long b
    EXPECT_EQ(classify(pair_with(0.6f, 0.75f, 0.76f), o), relation::rewrite);   // reworded, no side inside
    EXPECT_EQ(classify(pair_with(0.34f, 0.44f, 0.61f), o), relation::rewrite);  // heavy rewrite
}

} // namespace
} // namespace wiredup
