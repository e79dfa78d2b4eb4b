// Stage 4, sign: golden signature, determinism, and the accuracy of estimate_jaccard() against
// the exact Jaccard of random set pairs (the standard error sqrt(J(1-J)/k) of Broder 1997).
#include <wiredup/error.hpp>
#include <wiredup/minhash.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

namespace wiredup {
namespace {

const shingle_set golden_set = {1, 2, 3, 0x0123456789ABCDEFULL, 0xFFFFFFFFFFFFFFFFULL};

// GOLDEN VECTOR, computed once with the current code and pinned: the permutation parameters come
// from SplitMix64(seed 1). A change of these values changes every signature (and every band key
// and stored index built from them); it must be deliberate, never a side effect.
TEST(Minhasher, GoldenSignature) {
    const auto sig = minhasher().sign(golden_set);
    ASSERT_EQ(sig.size(), default_num_perm);
    const std::uint32_t expected[8] = {0x1695a277U, 0x14bfc8cfU, 0x0a4af1b7U, 0x31838d69U,
                                       0x4ff35c99U, 0x2598ba7dU, 0x1c6f6b2aU, 0x345ba79fU};
    for (std::size_t i = 0; i < 8; ++i) EXPECT_EQ(sig[i], expected[i]) << "slot " << i;
}

TEST(Minhasher, SameSeedSameSignature) {
    minhash_options o;
    o.seed = 42;
    EXPECT_EQ(minhasher(o).sign(golden_set), minhasher(o).sign(golden_set));
}

TEST(Minhasher, DifferentSeedDifferentSignature) {
    minhash_options a, b;
    a.seed = 42;
    b.seed = 43;
    const auto sa = minhasher(a).sign(golden_set);
    const auto sb = minhasher(b).sign(golden_set);
    EXPECT_NE(sa, sb);
    EXPECT_LT(estimate_jaccard(sa, sb), 0.1);  // unrelated permutations agree by chance only
}

TEST(Minhasher, SpanOverloadMatchesVectorOverload) {
    const minhasher h;
    std::vector<std::uint32_t> out(h.num_perm(), 7);
    h.sign(golden_set, out);
    EXPECT_EQ(out, h.sign(golden_set));
}

TEST(Minhasher, EmptySetGivesAllOnes) {
    const auto sig = minhasher().sign({});
    ASSERT_EQ(sig.size(), default_num_perm);
    EXPECT_TRUE(std::all_of(sig.begin(), sig.end(), [](std::uint32_t v) { return v == 0xFFFFFFFFu; }));
}

TEST(Minhasher, NumPermSetsSignatureSize) {
    minhash_options o;
    o.num_perm = 4096;
    EXPECT_EQ(minhasher(o).sign(golden_set).size(), 4096u);
    o.num_perm = 1;
    EXPECT_EQ(minhasher(o).num_perm(), 1u);
}

TEST(Minhasher, NumPermOutOfRangeThrows) {
    minhash_options o;
    o.num_perm = 0;
    EXPECT_THROW(minhasher{o}, error);
    o.num_perm = 5000;
    EXPECT_THROW(minhasher{o}, error);
}

TEST(EstimateJaccard, IdenticalSetsEstimateOne) {
    const minhasher h;
    EXPECT_DOUBLE_EQ(estimate_jaccard(h.sign(golden_set), h.sign(golden_set)), 1.0);
}

TEST(EstimateJaccard, CountsEqualSlots) {
    const std::vector<std::uint32_t> a = {1, 2, 3, 4};
    const std::vector<std::uint32_t> b = {1, 9, 3, 9};
    EXPECT_DOUBLE_EQ(estimate_jaccard(a, b), 0.5);
}

// A pair of random sets of 100-1000 distinct 64-bit values with a Jaccard drawn uniformly from
// [0, 1]: `common` values shared, the rest split between the two sides.
std::pair<shingle_set, shingle_set> random_pair(std::mt19937_64& rng) {
    std::uniform_int_distribution<std::size_t> union_size(100, 1000);
    std::uniform_real_distribution<double> target(0.0, 1.0);
    const std::size_t u = union_size(rng);
    const auto common = static_cast<std::size_t>(std::lround(target(rng) * static_cast<double>(u)));
    shingle_set a, b;
    for (std::size_t i = 0; i < u; ++i) {
        const std::uint64_t v = rng();
        if (i < common) {
            a.push_back(v);
            b.push_back(v);
        } else {
            (i % 2 == 0 ? a : b).push_back(v);
        }
    }
    std::sort(a.begin(), a.end());
    std::sort(b.begin(), b.end());
    return {a, b};
}

TEST(EstimateJaccard, WithinStandardErrorOfExactJaccard) {
    constexpr std::size_t pairs = 500;
    const minhasher h;  // 128 permutations
    const double k = static_cast<double>(h.num_perm());
    std::mt19937_64 rng(20240601);
    double total_error = 0;
    std::size_t outliers = 0;
    for (std::size_t i = 0; i < pairs; ++i) {
        const auto [a, b] = random_pair(rng);
        const double exact = jaccard(a, b);
        const double estimate = estimate_jaccard(h.sign(a), h.sign(b));
        const double error = std::abs(estimate - exact);
        total_error += error;
        // One slot of slack keeps the discrete estimate of J near 0 or 1 from counting as an outlier.
        const double standard_error = std::sqrt(exact * (1 - exact) / k);
        outliers += error > 4 * standard_error + 1.0 / k ? 1 : 0;
    }
    const double mean_error = total_error / pairs;
    EXPECT_LT(mean_error, 0.04);
    EXPECT_GT(mean_error, 0.0);  // an estimator that is never wrong is not estimating
    EXPECT_LE(outliers, pairs / 100);
}

TEST(EstimateJaccard, UnbiasedOverManyPairs) {
    // Mean signed error over pairs of J = 0.5: bias well below the per-pair standard error.
    const minhasher h;
    std::mt19937_64 rng(7);
    double signed_error = 0;
    constexpr int pairs = 300;
    for (int i = 0; i < pairs; ++i) {
        shingle_set a, b;
        for (int j = 0; j < 300; ++j) {
            const std::uint64_t v = rng();
            a.push_back(v);
            if (j < 200) b.push_back(v);  // |A ∩ B| = 200, |A ∪ B| = 400 after b's extra 100
        }
        for (int j = 0; j < 100; ++j) b.push_back(rng());
        std::sort(a.begin(), a.end());
        std::sort(b.begin(), b.end());
        signed_error += estimate_jaccard(h.sign(a), h.sign(b)) - jaccard(a, b);
    }
    // Standard error of the mean: sqrt(0.25 / 128 / 300) = 0.0026.
    EXPECT_LT(std::abs(signed_error / pairs), 0.0026 * 4);
}

TEST(EstimateJaccard, DisjointSetsRarelyAgree) {
    // Large disjoint sets have tiny minima; only a hash of full 32-bit resolution keeps two of
    // them from agreeing by chance (14-bit slots would agree in about 3% of the slots).
    const minhasher h;
    std::mt19937_64 rng(99);
    double total = 0;
    for (int i = 0; i < 100; ++i) {
        shingle_set a(1000), b(1000);
        for (auto& v : a) v = rng();
        for (auto& v : b) v = rng();
        std::sort(a.begin(), a.end());
        std::sort(b.begin(), b.end());
        total += estimate_jaccard(h.sign(a), h.sign(b));
    }
    EXPECT_LT(total / 100, 0.002);
}

} // namespace
} // namespace wiredup
