// The exact oracle: exact_pairs() (prefix filtering) must equal a brute-force O(n^2) loop over
// jaccard(), including pairs exactly at the threshold.
#include <wiredup/error.hpp>
#include <wiredup/exact.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

namespace wiredup {
namespace {

std::vector<doc_pair> brute_force(const std::vector<shingle_set>& sets, double threshold) {
    std::vector<doc_pair> pairs;
    for (doc_index a = 0; a < sets.size(); ++a)
        for (doc_index b = a + 1; b < sets.size(); ++b)
            if (jaccard(sets[a], sets[b]) >= threshold) pairs.push_back({a, b});
    return pairs;
}

// A few hundred sets over a small shingle universe (so unrelated sets overlap a little), with
// planted pairs and chains of edits spanning the whole Jaccard range, pairs at exact ratios
// (J = 3/10, 1/2, 4/5 and 1), tiny sets and empty sets.
std::vector<shingle_set> planted_sets() {
    std::mt19937_64 rng(1998);
    std::uniform_int_distribution<std::uint64_t> universe(0, 20000);
    std::uniform_int_distribution<std::size_t> size(1, 120);
    std::vector<shingle_set> sets;
    auto finish = [](shingle_set s) {
        std::sort(s.begin(), s.end());
        s.erase(std::unique(s.begin(), s.end()), s.end());
        return s;
    };
    for (int i = 0; i < 150; ++i) {
        shingle_set a(size(rng));
        for (auto& v : a) v = universe(rng);
        a = finish(a);
        sets.push_back(a);
        // A mutated copy: keep each shingle with probability p, add fresh ones.
        const double keep = std::uniform_real_distribution<double>(0.2, 1.0)(rng);
        shingle_set b;
        for (const auto v : a)
            if (std::bernoulli_distribution(keep)(rng)) b.push_back(v);
        const auto extra = static_cast<std::size_t>(static_cast<double>(a.size()) * std::uniform_real_distribution<double>(0, 0.5)(rng));
        for (std::size_t k = 0; k < extra; ++k) b.push_back(universe(rng));
        sets.push_back(finish(b));
    }
    // Exact ratios: |A ∩ B| / |A ∪ B| = 3/10, 5/10, 8/10, 10/10 with |A ∪ B| = 10.
    for (const std::uint64_t common : {3u, 5u, 8u, 10u}) {
        const std::uint64_t base = 1'000'000 + common * 100;
        shingle_set a, b;
        for (std::uint64_t i = 0; i < 10; ++i) (i < common || i % 2 == 0 ? a : b).push_back(base + i);
        for (std::uint64_t i = 0; i < common; ++i) b.push_back(base + i);
        sets.push_back(finish(a));
        sets.push_back(finish(b));
    }
    sets.push_back({});
    sets.push_back({});
    sets.push_back({42});
    sets.push_back({42});
    std::shuffle(sets.begin(), sets.end(), rng);
    return sets;
}

TEST(ExactPairs, EqualsBruteForce) {
    const auto sets = planted_sets();
    for (const double t : {0.3, 0.5, 0.8, 1.0}) {
        const auto expected = brute_force(sets, t);
        EXPECT_EQ(exact_pairs(sets, t), expected) << "threshold " << t;
        EXPECT_FALSE(expected.empty()) << "threshold " << t << " tests nothing";
    }
}

TEST(ExactPairs, EqualsBruteForceAtLowThresholds) {
    const auto sets = planted_sets();
    for (const double t : {0.01, 0.1, 0.2}) EXPECT_EQ(exact_pairs(sets, t), brute_force(sets, t)) << t;
}

TEST(ExactPairs, IncludesPairsExactlyAtThreshold) {
    const shingle_set a = {1, 2, 3, 4, 5, 6, 7, 8};
    const shingle_set b = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};  // J = 8/10
    EXPECT_EQ(exact_pairs({a, b}, 0.8), (std::vector<doc_pair>{{0, 1}}));
    EXPECT_TRUE(exact_pairs({a, b}, 0.81).empty());
}

TEST(ExactPairs, EmptySetsPairWithNothing) {
    const std::vector<shingle_set> sets = {{}, {}, {5, 6}, {}, {5, 6}};
    EXPECT_EQ(exact_pairs(sets, 1.0), (std::vector<doc_pair>{{2, 4}}));
    EXPECT_EQ(exact_pairs(sets, 0.01), (std::vector<doc_pair>{{2, 4}}));
    EXPECT_TRUE(exact_pairs({{}, {}}, 0.5).empty());
    EXPECT_TRUE(exact_pairs({}, 0.5).empty());
}

TEST(ExactPairs, OutputIsSortedWithSmallerFirst) {
    const auto pairs = exact_pairs(planted_sets(), 0.3);
    EXPECT_TRUE(std::is_sorted(pairs.begin(), pairs.end()));
    for (const auto& p : pairs) EXPECT_LT(p.a, p.b);
}

TEST(ExactPairs, ThresholdOutsideRangeThrows) {
    const std::vector<shingle_set> sets = {{1}, {1}};
    EXPECT_THROW(exact_pairs(sets, 0.0), error);
    EXPECT_THROW(exact_pairs(sets, 1.5), error);
    EXPECT_THROW(exact_pairs(sets, -0.5), error);
    EXPECT_THROW(exact_pairs(sets, std::nan("")), error);
    try {
        exact_pairs(sets, 1.5);
    } catch (const error& e) {
        EXPECT_NE(std::string(e.what()).find("1.5"), std::string::npos) << e.what();
    }
}

} // namespace
} // namespace wiredup
