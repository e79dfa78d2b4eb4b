// Stage 4, sign: golden signatures, determinism, every compiled SIMD target against the scalar
// formula, and the accuracy of estimate_jaccard() against the exact Jaccard of random set pairs
// (the standard error sqrt(J(1-J)/k) of Broder 1997), for both the classic and the
// one-permutation scheme.
#include <wiredup/error.hpp>
#include <wiredup/minhash.hpp>

#include "../src/detail/hash.hpp"
#include "../src/detail/minhash_kernel.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>
#include <hwy/targets.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <vector>

namespace wiredup {
namespace {

const shingle_set golden_set = {1, 2, 3, 0x0123456789ABCDEFULL, 0xFFFFFFFFFFFFFFFFULL};

minhash_options classic_options() {
    minhash_options o;
    o.one_permutation = false;
    return o;
}

minhasher classic() { return minhasher(classic_options()); }

TEST(Minhasher, OnePermutationIsTheDefault) {
    EXPECT_TRUE(minhash_options().one_permutation);
    EXPECT_TRUE(minhasher().options().one_permutation);
}

// GOLDEN VECTOR, computed once with the current code and pinned: the permutation parameters come
// from SplitMix64(seed 1). A change of these values changes every signature (and every band key
// and stored index built from them); it must be deliberate, never a side effect.
TEST(Minhasher, GoldenSignature) {
    const auto sig = classic().sign(golden_set);
    ASSERT_EQ(sig.size(), default_num_perm);
    const std::uint32_t expected[8] = {0x1695a277U, 0x14bfc8cfU, 0x0a4af1b7U, 0x31838d69U,
                                       0x4ff35c99U, 0x2598ba7dU, 0x1c6f6b2aU, 0x345ba79fU};
    for (std::size_t i = 0; i < 8; ++i) EXPECT_EQ(sig[i], expected[i]) << "slot " << i;
}

TEST(Minhasher, SameSeedSameSignature) {
    minhash_options o = classic_options();
    o.seed = 42;
    EXPECT_EQ(minhasher(o).sign(golden_set), minhasher(o).sign(golden_set));
}

TEST(Minhasher, DifferentSeedDifferentSignature) {
    minhash_options a = classic_options(), b = classic_options();
    a.seed = 42;
    b.seed = 43;
    const auto sa = minhasher(a).sign(golden_set);
    const auto sb = minhasher(b).sign(golden_set);
    EXPECT_NE(sa, sb);
    EXPECT_LT(estimate_jaccard(sa, sb), 0.1);  // unrelated permutations agree by chance only
}

TEST(Minhasher, SpanOverloadMatchesVectorOverload) {
    const minhasher h = classic();
    std::vector<std::uint32_t> out(h.num_perm(), 7);
    h.sign(golden_set, out);
    EXPECT_EQ(out, h.sign(golden_set));
}

TEST(Minhasher, EmptySetGivesAllOnes) {
    const auto sig = classic().sign({});
    ASSERT_EQ(sig.size(), default_num_perm);
    EXPECT_TRUE(std::all_of(sig.begin(), sig.end(), [](std::uint32_t v) { return v == 0xFFFFFFFFu; }));
}

TEST(Minhasher, NumPermSetsSignatureSize) {
    minhash_options o = classic_options();
    o.num_perm = 4096;
    EXPECT_EQ(minhasher(o).sign(golden_set).size(), 4096u);
    o.num_perm = 1;
    EXPECT_EQ(minhasher(o).num_perm(), 1u);
}

TEST(Minhasher, NumPermOutOfRangeThrows) {
    minhash_options o = classic_options();
    o.num_perm = 0;
    EXPECT_THROW(minhasher{o}, error);
    o.num_perm = 5000;
    EXPECT_THROW(minhasher{o}, error);
}

TEST(EstimateJaccard, IdenticalSetsEstimateOne) {
    const minhasher h = classic();
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
    const minhasher h = classic();  // 128 permutations
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
    const minhasher h = classic();
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
    const minhasher h = classic();
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

// The brute-force twin of the classic scheme: the header's formula in plain 64-bit arithmetic,
// its parameters drawn from SplitMix64 (Steele, Lea, Flood 2014) exactly as documented.
signature reference_signature(const shingle_set& set, std::size_t num_perm, std::uint64_t seed) {
    std::uint64_t state = seed;
    const auto next = [&state] {
        std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    };
    signature sig(num_perm, 0xFFFFFFFFu);
    for (std::size_t i = 0; i < num_perm; ++i) {
        const std::uint64_t a = next() | 1, b = next() | 1, c = next();
        for (const std::uint64_t x : set)
            sig[i] = std::min(sig[i], static_cast<std::uint32_t>((a * (x & 0xFFFFFFFFu) + b * (x >> 32) + c) >> 32));
    }
    return sig;
}

// Random sets of 0-2000 values, half of them with a 32-bit half of all zeros or all ones, where
// the split multiply's carries are most likely to go wrong.
std::vector<shingle_set> random_sets(std::size_t count, std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::uniform_int_distribution<std::size_t> size(0, 2000);
    std::vector<shingle_set> sets;
    for (std::size_t i = 0; i < count; ++i) {
        shingle_set set(i < 3 ? i : size(rng));
        for (auto& v : set) {
            v = rng();
            switch (rng() % 8) {
            case 0: v |= 0xFFFFFFFFULL; break;
            case 1: v &= ~0xFFFFFFFFULL; break;
            case 2: v |= ~0xFFFFFFFFULL; break;
            case 3: v &= 0xFFFFFFFFULL; break;
            default: break;
            }
        }
        std::sort(set.begin(), set.end());
        set.erase(std::unique(set.begin(), set.end()), set.end());
        sets.push_back(std::move(set));
    }
    return sets;
}

TEST(Minhasher, ReferenceTwinMatchesGoldenSignature) {
    EXPECT_EQ(reference_signature(golden_set, default_num_perm, default_minhash_seed), classic().sign(golden_set));
}

TEST(Minhasher, EveryCompiledTargetMatchesScalarReference) {
    // Lane counts 1 to 16 leave every kind of tail: sizes below, at and above whole vectors.
    const std::size_t perms[] = {1, 2, 3, 7, 8, 9, 15, 16, 17, 33, 100, 128, 131};
    const auto sets = random_sets(60, 5);
    const auto targets = hwy::SupportedAndGeneratedTargets();
    ASSERT_FALSE(targets.empty());
    for (const std::int64_t target : targets) {
        const test::forced_target forced(target);
        ASSERT_EQ(minhash_simd_target(), hwy::TargetName(target)) << "dispatch did not follow the forced target";
        for (const std::size_t k : perms) {
            minhash_options o = classic_options();
            o.num_perm = k;
            o.seed = k;
            const minhasher h(o);
            for (std::size_t s = 0; s < sets.size(); ++s)
                ASSERT_EQ(h.sign(sets[s]), reference_signature(sets[s], k, o.seed))
                    << hwy::TargetName(target) << ", num_perm " << k << ", set " << s << " of " << sets[s].size();
        }
    }
}

// The one-permutation scheme's mixes, several shingles at a time on every target, against
// SplitMix64's finalizer a shingle at a time: every count around whole vectors, both ends of
// the range.
TEST(OnePermutation, EveryCompiledTargetMixesAsTheFinalizer) {
    std::mt19937_64 rng(9);
    std::vector<std::uint64_t> shingles(40);
    for (auto& x : shingles) x = rng();
    shingles[3] = 0, shingles[4] = ~std::uint64_t{0};
    for (const std::int64_t target : hwy::SupportedAndGeneratedTargets()) {
        const test::forced_target forced(target);
        ASSERT_EQ(minhash_simd_target(), hwy::TargetName(target)) << "dispatch did not follow the forced target";
        for (std::size_t n = 0; n <= shingles.size(); ++n) {
            std::vector<std::uint64_t> mixed(n + 1, 7);
            detail::mix_keyed(shingles.data(), n, 0x0123456789ABCDEFULL, mixed.data());
            for (std::size_t i = 0; i < n; ++i)
                ASSERT_EQ(mixed[i], detail::splitmix64::mix(shingles[i] ^ 0x0123456789ABCDEFULL))
                    << hwy::TargetName(target) << ", " << n << " shingles, shingle " << i;
            ASSERT_EQ(mixed[n], 7u) << "wrote past the last shingle";
        }
    }
}

TEST(Minhasher, DispatchesToACompiledTarget) {
    const auto targets = hwy::SupportedAndGeneratedTargets();
    const auto here = minhash_simd_target();
    EXPECT_TRUE(std::any_of(targets.begin(), targets.end(), [&](std::int64_t t) { return here == hwy::TargetName(t); }))
        << here;
}

minhasher one_permutation(std::size_t num_perm = default_num_perm, std::uint64_t seed = default_minhash_seed) {
    minhash_options o = classic_options();
    o.num_perm = num_perm;
    o.seed = seed;
    o.one_permutation = true;
    return minhasher(o);
}

// GOLDEN VECTORS of the one-permutation scheme, pinned like the classic one: a set of 5 shingles
// (123 of its 128 bins are densified) and a set of 1000 (every bin filled).
TEST(OnePermutation, GoldenSignature) {
    const auto sparse = one_permutation().sign(golden_set);
    ASSERT_EQ(sparse.size(), default_num_perm);
    const std::uint32_t expected_sparse[8] = {1424578761U, 2370955643U, 2370955643U, 3431599396U,
                                              2005232499U, 1424578761U, 2005232499U, 2370955643U};
    for (std::size_t i = 0; i < 8; ++i) EXPECT_EQ(sparse[i], expected_sparse[i]) << "slot " << i;

    shingle_set dense(1000);
    for (std::size_t i = 0; i < dense.size(); ++i) dense[i] = (i + 1) * 0x9E3779B97F4A7C15ULL;
    std::sort(dense.begin(), dense.end());
    const auto full = one_permutation().sign(dense);
    const std::uint32_t expected_dense[8] = {276576483U, 359459328U, 111174605U, 991677142U,
                                             1421445345U, 605400626U, 1270362462U, 186874081U};
    for (std::size_t i = 0; i < 8; ++i) EXPECT_EQ(full[i], expected_dense[i]) << "slot " << i;
}

TEST(OnePermutation, EmptySetGivesAllOnes) {
    const auto sig = one_permutation().sign({});
    EXPECT_TRUE(std::all_of(sig.begin(), sig.end(), [](std::uint32_t v) { return v == 0xFFFFFFFFu; }));
}

TEST(OnePermutation, EmptyBinsBorrowFromFilledBins) {
    // One shingle fills one bin; densification copies its value into every other slot.
    const auto one = one_permutation().sign({42});
    EXPECT_TRUE(std::all_of(one.begin(), one.end(), [&](std::uint32_t v) { return v == one[0]; }));
    EXPECT_NE(one[0], 0xFFFFFFFFu);
    // Three shingles: at most three distinct values, and at least two bins used in 4096.
    auto three = one_permutation(4096).sign({1, 2, 3});
    std::sort(three.begin(), three.end());
    three.erase(std::unique(three.begin(), three.end()), three.end());
    EXPECT_GE(three.size(), 2u);
    EXPECT_LE(three.size(), 3u);
}

TEST(OnePermutation, DiffersFromClassicAndBySeed) {
    const auto classic_sig = classic().sign(golden_set);
    const auto oph = one_permutation().sign(golden_set);
    EXPECT_LT(estimate_jaccard(classic_sig, oph), 0.1);
    EXPECT_LT(estimate_jaccard(oph, one_permutation(default_num_perm, 2).sign(golden_set)), 0.1);
    EXPECT_EQ(oph, one_permutation().sign(golden_set));
}

TEST(OnePermutation, CopiesShareTheirOptions) {
    const auto h = one_permutation(64, 9);
    const minhasher copy = h;
    EXPECT_TRUE(copy.options().one_permutation);
    EXPECT_EQ(copy.sign(golden_set), h.sign(golden_set));
}

// Mean absolute error of estimate_jaccard() against the exact Jaccard over `pairs` random pairs
// whose union has `min_union` to `max_union` shingles.
double mean_abs_error(const minhasher& h, std::size_t pairs, std::size_t min_union, std::size_t max_union,
                      std::uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::uniform_int_distribution<std::size_t> union_size(min_union, max_union);
    std::uniform_real_distribution<double> target(0.0, 1.0);
    double total = 0;
    for (std::size_t p = 0; p < pairs; ++p) {
        const std::size_t u = union_size(rng);
        const auto common = static_cast<std::size_t>(std::lround(target(rng) * static_cast<double>(u)));
        shingle_set a, b;
        for (std::size_t i = 0; i < u; ++i) {
            const std::uint64_t v = rng();
            if (i < common || i % 2 == 0) a.push_back(v);
            if (i < common || i % 2 == 1) b.push_back(v);
        }
        std::sort(a.begin(), a.end());
        std::sort(b.begin(), b.end());
        total += std::abs(estimate_jaccard(h.sign(a), h.sign(b)) - jaccard(a, b));
    }
    return total / static_cast<double>(pairs);
}

TEST(EstimateJaccard, OnePermutationAsAccurateAsClassic) {
    // Same pairs for both schemes, 2,000 per size range: each mean has a standard error near
    // 0.0005. 128 slots at uniform J average sqrt(J(1-J)/128) ~ 0.028. Measured mean absolute
    // error, classic / one-permutation: unions of 5-20: 0.0261 / 0.0315; 20-100: 0.0273 / 0.0296;
    // 100-1000: 0.0279 / 0.0245; 1000-3000: 0.0277 / 0.0271. Densified bins copy a few filled
    // ones, so sets much smaller than num_perm lose accuracy; filled bins sample without
    // replacement, so sets of a few num_perm gain it.
    const minhasher classic_scheme = classic();
    const auto oph = one_permutation();
    struct size_range {
        std::size_t min_union, max_union;
        double max_ratio;  // one-permutation error / classic error
    };
    for (const auto& r : {size_range{20, 100, 1.15}, size_range{100, 1000, 0.95}, size_range{1000, 3000, 1.05}}) {
        const double classic_error = mean_abs_error(classic_scheme, 2000, r.min_union, r.max_union, 3);
        const double oph_error = mean_abs_error(oph, 2000, r.min_union, r.max_union, 3);
        EXPECT_LT(classic_error, 0.03) << "union " << r.min_union << "-" << r.max_union;
        EXPECT_LT(oph_error, 0.03) << "union " << r.min_union << "-" << r.max_union;
        EXPECT_LT(oph_error, classic_error * r.max_ratio)
            << "union " << r.min_union << "-" << r.max_union << ": classic " << classic_error << ", one-permutation "
            << oph_error;
    }
}

TEST(EstimateJaccard, OnePermutationUnbiased) {
    // As UnbiasedOverManyPairs, for sets of 30 (most bins densified) and of 300 shingles.
    for (const int size : {30, 300}) {
        const auto h = one_permutation();
        std::mt19937_64 rng(11);
        double signed_error = 0;
        constexpr int pairs = 300;
        for (int i = 0; i < pairs; ++i) {
            shingle_set a, b;
            for (int j = 0; j < size; ++j) {
                const std::uint64_t v = rng();
                a.push_back(v);
                if (j < size * 2 / 3) b.push_back(v);
            }
            for (int j = 0; j < size / 3; ++j) b.push_back(rng());
            std::sort(a.begin(), a.end());
            std::sort(b.begin(), b.end());
            signed_error += estimate_jaccard(h.sign(a), h.sign(b)) - jaccard(a, b);
        }
        EXPECT_LT(std::abs(signed_error / pairs), 0.0026 * 4) << "sets of " << size;
    }
}

// The low-byte signatures a run keeps between passes estimate what the full ones do, within
// the error b-bit hashing adds.
TEST(MinHash, LowByteEstimateTracksTheFullEstimate) {
    std::mt19937_64 rng(17);
    const minhasher hasher = classic();
    for (int round = 0; round < 50; ++round) {
        shingle_set a, b;
        for (int i = 0; i < 400; ++i) {
            const std::uint64_t x = rng();
            a.push_back(x);
            if (i % 4 != 0 || round % 2 == 0) b.push_back(x);  // J = 1 or 0.75
            else b.push_back(rng());
        }
        std::sort(a.begin(), a.end());
        std::sort(b.begin(), b.end());
        const signature sa = hasher.sign(a), sb = hasher.sign(b);
        std::vector<std::uint8_t> la(sa.size()), lb(sb.size());
        low_bytes(sa, la);
        low_bytes(sb, lb);
        const double full = estimate_jaccard(sa, sb);
        const double low = estimate_jaccard_low_bytes(la, lb);
        if (round % 2 == 0) {
            EXPECT_EQ(low, 1.0);
        }
        EXPECT_NEAR(low, full, 0.05);
    }
    // Unrelated sets: the chance matches are taken out, and the estimate never goes below 0.
    std::vector<std::uint8_t> x(128), y(128);
    for (auto& v : x) v = static_cast<std::uint8_t>(rng());
    for (auto& v : y) v = static_cast<std::uint8_t>(rng());
    const double unrelated = estimate_jaccard_low_bytes(x, y);
    EXPECT_GE(unrelated, 0.0);
    EXPECT_LT(unrelated, 0.05);
}

// The vector count agrees with a byte-by-byte one at every length: the tail past the last
// sixteen bytes, and runs long enough that the byte counters are flushed (over 255 steps).
TEST(LowBytes, EqualBytesCountsEveryLength) {
    std::mt19937 rng(41);
    std::vector<std::size_t> lengths;
    for (std::size_t n = 0; n <= 70; ++n) lengths.push_back(n);
    for (const std::size_t n : {127, 128, 129, 4079, 4080, 4081, 4096, 9000}) lengths.push_back(n);
    for (const std::size_t n : lengths) {
        for (const bool alike : {false, true}) {
            std::vector<std::uint8_t> a(n), b(n);
            for (std::size_t i = 0; i < n; ++i) {
                a[i] = static_cast<std::uint8_t>(rng());
                b[i] = alike && rng() % 8 != 0 ? a[i] : static_cast<std::uint8_t>(rng());
            }
            std::size_t expected = 0;
            for (std::size_t i = 0; i < n; ++i) expected += a[i] == b[i];
            EXPECT_EQ(equal_low_bytes(a, b), expected) << n;
            EXPECT_EQ(equal_low_bytes(a, a), n) << n;
        }
    }
}

// The screen's odds hold: of pairs whose Jaccard is exactly j, about `odds` of them, not more,
// look implausible at j; unrelated pairs look implausible at the Jaccard the confirm rules need.
// Both schemes: the screen assumes independent slots, which densified bins only approach.
TEST(SignatureScreen, DropsPairsAtAJaccardWithTheStatedOdds) {
  for (const minhasher& hasher : {classic(), minhasher()}) {
    SCOPED_TRACE(hasher.options().one_permutation ? "one permutation" : "classic");
    std::mt19937_64 rng(23);
    const double odds = 0.05;
    const signature_screen screen(hasher.num_perm(), odds);
    for (const double j : {0.05, 0.15, 0.3}) {
        const int pairs = 2000;
        int dropped = 0, unrelated_kept = 0;
        for (int round = 0; round < pairs; ++round) {
            // |A| = |B| = 400 sharing c: Jaccard c / (800 - c).
            const auto common = static_cast<std::size_t>(std::lround(800 * j / (1 + j)));
            shingle_set a, b, c;
            for (std::size_t i = 0; i < 400; ++i) {
                const std::uint64_t x = rng();
                a.push_back(x);
                b.push_back(i < common ? x : rng());
                c.push_back(rng());
            }
            std::sort(a.begin(), a.end());
            std::sort(b.begin(), b.end());
            std::sort(c.begin(), c.end());
            std::vector<std::uint8_t> la(hasher.num_perm()), lb(la.size()), lc(la.size());
            low_bytes(hasher.sign(a), la);
            low_bytes(hasher.sign(b), lb);
            low_bytes(hasher.sign(c), lc);
            const double exact = jaccard(a, b);
            dropped += screen.plausible(equal_low_bytes(la, lb), exact) ? 0 : 1;
            unrelated_kept += screen.plausible(equal_low_bytes(la, lc), j) ? 1 : 0;
        }
        // Binomial(2000, 0.05): mean 100, sd 10; the count is discrete, so the odds are at most 0.05.
        EXPECT_LT(dropped, 140) << "j " << j;
        EXPECT_GT(dropped, 20) << "j " << j << ": the screen should use the odds it is given";
        EXPECT_LT(unrelated_kept, j < 0.1 ? pairs / 2 : pairs / 100) << "j " << j;
    }
  }
}

TEST(SignatureScreen, HighestPlausibleJaccardRisesWithAgreement) {
    const signature_screen screen(128, 1e-3);
    EXPECT_LT(screen.highest(0), 0.06);
    for (std::size_t m = 1; m <= 128; ++m) EXPECT_GT(screen.highest(m), screen.highest(m - 1)) << m;
    EXPECT_EQ(screen.highest(128), 1.0);
    EXPECT_TRUE(screen.plausible(128, 1.0));
    // Odds 0: everything is plausible.
    const signature_screen off(128, 0.0);
    EXPECT_TRUE(off.plausible(0, 1.0));
}

// The nibble count agrees with one nibble at a time at every length, around whole vectors of
// every compiled target and past them (the tail); the packing puts slot 2i in the low half of
// byte i.
TEST(LowNibbles, EqualNibblesCountsEveryLengthOnEveryTarget) {
    std::mt19937 rng(43);
    std::vector<std::size_t> lengths;
    for (std::size_t n = 0; n <= 200; ++n) lengths.push_back(n);
    for (const std::size_t n : {2031, 2032, 2033, 4096, 5000}) lengths.push_back(n);
    for (const std::int64_t target : hwy::SupportedAndGeneratedTargets()) {
        const test::forced_target forced(target);
        ASSERT_EQ(minhash_simd_target(), hwy::TargetName(target)) << "dispatch did not follow the forced target";
        for (const std::size_t n : lengths) {
            std::vector<std::uint32_t> x(2 * n), y(2 * n);
            for (std::size_t i = 0; i < x.size(); ++i) {
                x[i] = static_cast<std::uint32_t>(rng());
                y[i] = rng() % 3 != 0 ? x[i] ^ (static_cast<std::uint32_t>(rng()) & 0xFFFFFFF0u)
                                      : static_cast<std::uint32_t>(rng());
            }
            std::vector<std::uint8_t> a(n), b(n);
            low_nibbles(x, a);
            low_nibbles(y, b);
            std::size_t expected = 0;
            for (std::size_t i = 0; i < x.size(); ++i) expected += (x[i] & 0xF) == (y[i] & 0xF);
            ASSERT_EQ(equal_nibbles(a, b), expected) << hwy::TargetName(target) << ", " << n << " bytes";
            ASSERT_EQ(equal_nibbles(a, a), 2 * n) << hwy::TargetName(target) << ", " << n << " bytes";
            if (n > 0) {
                EXPECT_EQ(a[0], (x[0] & 0xF) | ((x[1] & 0xF) << 4));
            }
        }
    }
}

// Many pairs at once count what one pair at a time counts, on every target, for rows of every
// length around whole vectors, pairs in any order (a row with itself, the last row, a row
// against many), and more pairs than the kernel fetches ahead.
TEST(LowNibbles, EqualNibblesOfManyPairsMatchesOneAtATime) {
    std::mt19937 rng(47);
    for (const std::int64_t target : hwy::SupportedAndGeneratedTargets()) {
        const test::forced_target forced(target);
        for (const std::size_t bytes : {1, 15, 16, 17, 31, 32, 33, 64, 100, 128, 129}) {
            const std::size_t docs = 40;
            std::vector<std::uint8_t> rows(docs * bytes);
            for (auto& v : rows) v = static_cast<std::uint8_t>(rng());
            for (std::size_t d = 1; d < docs; d += 3)  // rows much like an earlier one
                for (std::size_t i = 0; i < bytes; ++i)
                    if (rng() % 4 != 0) rows[d * bytes + i] = rows[(d - 1) * bytes + i];
            std::vector<doc_pair> pairs;
            for (doc_index a = 0; a < docs; a += 7)
                for (doc_index b = 0; b < docs; ++b) pairs.push_back({a, b});
            pairs.push_back({docs - 1, docs - 1});
            std::vector<std::uint32_t> got(pairs.size(), 12345);
            equal_nibbles(rows, bytes, pairs, got);
            const auto row = [&](doc_index d) { return std::span<const std::uint8_t>(rows).subspan(d * bytes, bytes); };
            for (std::size_t k = 0; k < pairs.size(); ++k)
                ASSERT_EQ(got[k], equal_nibbles(row(pairs[k].a), row(pairs[k].b)))
                    << hwy::TargetName(target) << ", " << bytes << " bytes, pair " << k;
            std::vector<std::uint32_t> none;
            equal_nibbles(rows, bytes, std::span<const doc_pair>(), none);  // no pairs: nothing read or written
        }
    }
}

// The band screen's odds hold for sets of every size: of pairs whose Jaccard is exactly j, not
// much more than `odds` look implausible at j, small sets included, whose densified bins vary
// more than independent slots; and it drops most unrelated pairs of news-size sets at the
// Jaccard the confirm rules need, keeping under two-thirds as many as 8-bit slots in the same
// bytes (63 against 136 of 1,500 pairs at a Jaccard of 0.06 against 0.15).
TEST(SketchScreen, DropsPairsAtAJaccardWithTheStatedOddsAtEverySize) {
    minhash_options wide;
    wide.num_perm = 256;
    const minhasher sketcher(wide), signer;
    const double odds = 0.02;
    const sketch_screen screen(sketcher.num_perm(), odds);
    const signature_screen bytes(signer.num_perm(), odds);
    std::mt19937_64 rng(29);
    for (const std::size_t size : {20, 60, 150, 400}) {
        for (const double j : {0.15, 0.3}) {
            const int pairs = 1500;
            int dropped = 0, unrelated_kept = 0, unrelated_kept_bytes = 0;
            const auto common = static_cast<std::size_t>(std::lround(2.0 * static_cast<double>(size) * j / (1 + j)));
            for (int round = 0; round < pairs; ++round) {
                shingle_set a, b, c;
                for (std::size_t i = 0; i < size; ++i) {
                    const std::uint64_t x = rng();
                    a.push_back(x);
                    b.push_back(i < common ? x : rng());
                    // Unrelated but for a few shingles: a Jaccard of about 0.06.
                    c.push_back(i < size / 9 ? x : rng());
                }
                std::sort(a.begin(), a.end());
                std::sort(b.begin(), b.end());
                std::sort(c.begin(), c.end());
                std::vector<std::uint8_t> sa(128), sb(128), sc(128);
                low_nibbles(sketcher.sign(a), sa);
                low_nibbles(sketcher.sign(b), sb);
                low_nibbles(sketcher.sign(c), sc);
                dropped += screen.plausible(equal_nibbles(sa, sb), size, jaccard(a, b)) ? 0 : 1;
                unrelated_kept += screen.plausible(equal_nibbles(sa, sc), size, j) ? 1 : 0;
                std::vector<std::uint8_t> la(128), lc(128);
                low_bytes(signer.sign(a), la);
                low_bytes(signer.sign(c), lc);
                unrelated_kept_bytes += bytes.plausible(equal_low_bytes(la, lc), j) ? 1 : 0;
            }
            // Binomial(1500, 0.02): mean 30, sd 5.4.
            EXPECT_LT(dropped, 50) << "size " << size << " j " << j;
            if (size == 400) {
                EXPECT_GT(dropped, 5) << "j " << j << ": the screen should use the odds it is given";
                EXPECT_LT(unrelated_kept, j < 0.2 ? pairs / 10 : pairs / 100) << "j " << j;
                if (j < 0.2) {
                    EXPECT_LT(3 * unrelated_kept, 2 * unrelated_kept_bytes) << unrelated_kept << " " << unrelated_kept_bytes;
                }
            }
        }
    }
}

TEST(SketchScreen, SmallSetsCountAsFewerTrials) {
    const sketch_screen screen(256, 1e-3);
    // A pair agreeing in a third of its slots is plausible at Jaccard 0.15 whatever its size;
    // one agreeing in a tenth (about what unrelated sets show) is not for news-size sets, and is
    // left to confirmation for sets of a dozen shingles, too few to tell.
    EXPECT_TRUE(screen.plausible(85, 400, 0.15));
    EXPECT_TRUE(screen.plausible(85, 12, 0.15));
    EXPECT_FALSE(screen.plausible(26, 400, 0.15));
    EXPECT_TRUE(screen.plausible(26, 12, 0.15));
    EXPECT_TRUE(screen.plausible(256, 400, 1.0));
    const sketch_screen off(256, 0.0);
    EXPECT_TRUE(off.plausible(0, 400, 1.0));
    EXPECT_EQ(off.slots(), 256u);
}

// Sets sharing exactly `need` values show few enough of them below the cut to look implausible
// with the stated odds, not more often; sets sharing a third of that nearly always look so.
TEST(SampleScreen, DropsSetsSharingTheNeedWithTheStatedOdds) {
    std::mt19937 rng(31);
    const double odds = 0.05;
    const sample_screen screen(std::uint32_t{1} << 30, odds);  // a quarter of the range
    for (const std::size_t need : {12, 40, 115, 300}) {
        const int pairs = 2000;
        int dropped = 0, fewer_kept = 0;
        for (int round = 0; round < pairs; ++round) {
            std::size_t seen = 0, seen_fewer = 0;
            for (std::size_t i = 0; i < need; ++i) {
                seen += rng() < screen.cut() ? 1 : 0;
                if (i < need / 3) seen_fewer += rng() < screen.cut() ? 1 : 0;
            }
            dropped += screen.plausible(seen, need) ? 0 : 1;
            fewer_kept += screen.plausible(seen_fewer, need) ? 1 : 0;
        }
        // Binomial(2000, 0.05): mean 100, sd 10; the count is discrete, so the odds are at most 0.05.
        EXPECT_LT(dropped, 140) << "need " << need;
        EXPECT_GT(dropped, need < 20 ? 0 : 20) << "need " << need << ": the screen should use the odds it is given";
        EXPECT_LT(fewer_kept, need < 20 ? pairs : need < 100 ? pairs / 2 : pairs / 20) << "need " << need;
    }
}

TEST(SampleScreen, FewestPlausibleIsTheBinomialQuantile) {
    // Half the range, a need of 4: P(X <= 0) = 1/16 is under odds 0.1, P(X <= 1) = 5/16 is not.
    const sample_screen half(std::uint32_t{1} << 31, 0.1);
    EXPECT_FALSE(half.plausible(0, 4));
    EXPECT_TRUE(half.plausible(1, 4));
    EXPECT_TRUE(half.plausible(0, 0));  // nothing needed: anything goes
    // The fewest plausible never falls as the need rises, and stays under it.
    const sample_screen quarter(std::uint32_t{1} << 30, 1e-3);
    std::size_t fewest = 0;
    for (std::size_t need = 0; need < sample_screen::table_size; ++need) {
        while (!quarter.plausible(fewest, need)) ++fewest;
        EXPECT_TRUE(fewest == 0 || !quarter.plausible(fewest - 1, need)) << need;
        EXPECT_LE(fewest, need) << need;
    }
    EXPECT_GT(fewest, sample_screen::table_size / 8);
    // Needs past the table, and odds 0, are always plausible.
    EXPECT_TRUE(quarter.plausible(0, sample_screen::table_size));
    const sample_screen off(std::uint32_t{1} << 30, 0.0);
    EXPECT_TRUE(off.plausible(0, 1000));
}

} // namespace
} // namespace wiredup
