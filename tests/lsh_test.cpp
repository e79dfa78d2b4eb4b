// Stage 5, band: the S-curve and its tuning, option validation, and recall measured against the
// exact all-pairs oracle (the brute-force twin) bucket by bucket of true Jaccard.
#include <wiredup/cluster.hpp>
#include <wiredup/error.hpp>
#include <wiredup/exact.hpp>
#include <wiredup/lsh.hpp>
#include <wiredup/minhash.hpp>

#include "../src/detail/radix_sort.hpp"

#include <gtest/gtest.h>
#define XXH_INLINE_ALL  // the reference below needs XXH3 for its whole-signature order
#include <xxhash.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <limits>
#include <map>
#include <numeric>
#include <random>
#include <set>
#include <string>
#include <tuple>

namespace wiredup {
namespace {

lsh_options fixed(std::size_t bands, std::size_t rows) {
    lsh_options o;
    o.bands = bands;
    o.rows = rows;
    return o;
}

std::string message_of(const lsh_options& o, std::size_t num_perm) {
    try {
        lsh_index index(o, num_perm);
    } catch (const error& e) {
        return e.what();
    }
    return "(no error)";
}

TEST(CollisionProbability, MatchesFormula) {
    EXPECT_DOUBLE_EQ(collision_probability(0.8, {1, 1}), 0.8);
    EXPECT_NEAR(collision_probability(0.5, {32, 4}), 1 - std::pow(1 - 0.0625, 32), 1e-12);
    EXPECT_NEAR(collision_probability(0.7, {14, 9}), 1 - std::pow(1 - std::pow(0.7, 9), 14), 1e-12);
    EXPECT_DOUBLE_EQ(collision_probability(0.0, {20, 5}), 0.0);
    EXPECT_DOUBLE_EQ(collision_probability(1.0, {20, 5}), 1.0);
}

TEST(ChooseBanding, FitsNumPermAndShapesTheCurve) {
    const banding b = choose_banding(0.5, 128, 0.1, 0.9);
    EXPECT_TRUE(b.bands >= 1 && b.rows >= 1 && b.bands * b.rows <= 128) << b.bands << "x" << b.rows;
    EXPECT_GE(collision_probability(0.8, b), 0.999);
    EXPECT_GE(collision_probability(0.5, b), 0.8);
    EXPECT_LE(collision_probability(0.2, b), 0.1);
}

TEST(ChooseBanding, RecallWeightsRaiseProbabilityAtThreshold) {
    const banding equal = choose_banding(0.8, 128, 0.5, 0.5);
    const banding recall = choose_banding(0.8, 128, 0.1, 0.9);
    EXPECT_LT(collision_probability(0.8, equal), collision_probability(0.8, recall));
}

TEST(LshIndex, ChoosesBandingFromThreshold) {
    lsh_options o;
    o.threshold = 0.5;
    const lsh_index index(o, 128);
    const banding expected = choose_banding(0.5, 128, o.false_positive_weight, o.false_negative_weight);
    EXPECT_EQ(index.shape().bands, expected.bands);
    EXPECT_EQ(index.shape().rows, expected.rows);
    EXPECT_EQ(lsh_index(fixed(16, 8), 128).shape().bands, 16u);
}

TEST(LshIndex, InvalidOptionsThrowNamingValues) {
    const std::string too_many = message_of(fixed(20, 7), 128);
    for (const char* v : {"20", "7", "140", "128"}) EXPECT_NE(too_many.find(v), std::string::npos) << too_many;
    const std::string bands_only = message_of(fixed(16, 0), 128);
    EXPECT_NE(bands_only.find("16"), std::string::npos) << bands_only;
    EXPECT_NE(bands_only.find("rows"), std::string::npos) << bands_only;
    EXPECT_NE(message_of(fixed(0, 4), 128), "(no error)");
    lsh_options o;
    for (const double t : {0.0, 1.0, 1.5, -0.2, std::nan("")}) {
        o.threshold = t;
        EXPECT_THROW(lsh_index(o, 128), error) << t;
    }
    o.threshold = 1.5;
    const std::string threshold = message_of(o, 128);
    EXPECT_NE(threshold.find("1.5"), std::string::npos) << threshold;
    o = fixed(16, 8);
    o.max_bucket = 1;
    EXPECT_NE(message_of(o, 128).find("max_bucket"), std::string::npos);
    o.max_bucket = 128;
    o.window = 0;
    EXPECT_NE(message_of(o, 128).find("window"), std::string::npos);
}

// GOLDEN VECTOR, computed once and pinned: band keys are the top 32 bits of XXH3 of each band's
// slots seeded by the band number. A change here silently splits every stored bucket; it must be
// deliberate.
TEST(LshIndex, GoldenBandKeys) {
    const lsh_index index(fixed(32, 4), 128);
    std::vector<std::uint32_t> sig(128);
    std::iota(sig.begin(), sig.end(), 0u);
    std::vector<band_key> keys(32);
    index.band_keys(sig, keys);
    EXPECT_EQ(keys[0], 0xa1d0bd89u);
    EXPECT_EQ(keys[1], 0xc4261402u);
    EXPECT_EQ(keys[2], 0x0d56bc55u);
}

TEST(LshIndex, CandidatesUseDocumentIndices) {
    lsh_index index(fixed(4, 2), 8);
    const std::vector<band_key> shared = {1, 2, 3, 4}, other = {5, 6, 7, 8};
    for (const doc_index d : {10u, 20u, 30u, 40u}) index.add(d, d == 20 ? other : shared);
    EXPECT_EQ(index.candidates(), (std::vector<doc_pair>{{10, 30}, {10, 40}, {30, 40}}));
    EXPECT_EQ(index.size(), 4u);
}

// Pairs are packed by document number: the largest numbers there are still come back whole.
TEST(LshIndex, CandidatesKeepTheLargestDocumentIndices) {
    lsh_index index(fixed(4, 2), 8);
    const std::vector<band_key> shared = {1, 2, 3, 4};
    const doc_index last = std::numeric_limits<doc_index>::max();
    for (const doc_index d : {doc_index{7}, last - 2, last}) index.add(d, shared);
    EXPECT_EQ(index.candidates(), (std::vector<doc_pair>{{7, last - 2}, {7, last}, {last - 2, last}}));
}

// ---- recall against the exact oracle ------------------------------------------------------

struct planted_corpus {
    std::vector<shingle_set> sets;
    std::vector<signature> signatures;
    std::vector<doc_pair> oracle;       // exact pairs with J >= 0.3
    std::vector<double> oracle_jaccard;  // their exact Jaccard
};

// 1,500 pairs whose Jaccard is drawn uniformly from [0.3, 1], 50 exact copies and 1,000 unrelated
// sets: 4,100 sets of 50-200 random 64-bit shingles. Unrelated random sets have Jaccard 0.
const planted_corpus& corpus() {
    static const planted_corpus c = [] {
        planted_corpus p;
        std::mt19937_64 rng(5150);
        std::uniform_int_distribution<std::size_t> size(50, 200);
        std::uniform_real_distribution<double> target(0.3, 1.0);
        auto random_set = [&](std::size_t m) {
            shingle_set s(m);
            for (auto& v : s) v = rng();
            return s;
        };
        auto plant = [&](double j) {
            const std::size_t m = size(rng);
            const shingle_set a = random_set(m);
            // |A| = |B| = m with c common: J = c / (2m - c), so c = 2mJ / (1 + J).
            const auto common = static_cast<std::size_t>(std::lround(2.0 * static_cast<double>(m) * j / (1.0 + j)));
            shingle_set b(a.begin(), a.begin() + static_cast<std::ptrdiff_t>(common));
            for (std::size_t i = common; i < m; ++i) b.push_back(rng());
            p.sets.push_back(a);
            p.sets.push_back(b);
        };
        for (int i = 0; i < 1500; ++i) plant(target(rng));
        for (int i = 0; i < 50; ++i) plant(1.0);
        for (int i = 0; i < 1000; ++i) p.sets.push_back(random_set(size(rng)));
        for (auto& s : p.sets) std::sort(s.begin(), s.end());
        const minhasher h;
        for (const auto& s : p.sets) p.signatures.push_back(h.sign(s));
        p.oracle = exact_pairs(p.sets, 0.3);
        for (const auto& pair : p.oracle) p.oracle_jaccard.push_back(jaccard(p.sets[pair.a], p.sets[pair.b]));
        return p;
    }();
    return c;
}

std::vector<doc_pair> lsh_candidates(const lsh_options& options) {
    const auto& c = corpus();
    lsh_index index(options, default_num_perm);
    std::vector<band_key> keys(index.shape().bands);
    for (std::size_t d = 0; d < c.signatures.size(); ++d) {
        index.band_keys(c.signatures[d], keys);
        index.add(static_cast<doc_index>(d), keys);
    }
    return index.candidates();
}

// For every bucket of true Jaccard, the number of oracle pairs LSH finds is at least the S-curve
// prediction summed over the bucket's pairs, minus three binomial standard deviations.
void expect_recall_follows_s_curve(const lsh_options& options) {
    const auto& c = corpus();
    const auto candidates = lsh_candidates(options);
    ASSERT_TRUE(std::is_sorted(candidates.begin(), candidates.end()));
    ASSERT_EQ(std::adjacent_find(candidates.begin(), candidates.end()), candidates.end());
    for (const auto& p : candidates) ASSERT_LT(p.a, p.b);
    const std::set<doc_pair> found(candidates.begin(), candidates.end());
    const banding shape = lsh_index(options, default_num_perm).shape();

    ASSERT_GE(c.oracle.size(), 1500u);
    constexpr int buckets = 8;  // [0.3,0.4) ... [0.9,1.0), then J == 1 on its own
    std::vector<double> expected(buckets), variance(buckets), pairs(buckets), hits(buckets);
    for (std::size_t i = 0; i < c.oracle.size(); ++i) {
        const doc_pair p = c.oracle[i];
        const double j = c.oracle_jaccard[i];
        const int bucket = j >= 1.0 ? buckets - 1 : std::min(buckets - 2, static_cast<int>((j - 0.3) * 10));
        const double prob = collision_probability(j, shape);
        expected[bucket] += prob;
        variance[bucket] += prob * (1 - prob);
        pairs[bucket] += 1;
        hits[bucket] += found.count(p) != 0 ? 1 : 0;
    }
    for (int k = 0; k < buckets; ++k) {
        EXPECT_GE(pairs[k], 20) << "bucket " << k << " too thin to test";
        EXPECT_GE(hits[k], expected[k] - 3 * std::sqrt(variance[k]) - 1e-9)
            << "bucket " << k << " (J from " << 0.3 + 0.1 * k << "): " << hits[k] << " of " << pairs[k]
            << " found, S-curve of " << shape.bands << "x" << shape.rows << " predicts " << expected[k];
    }
    EXPECT_EQ(hits[buckets - 1], pairs[buckets - 1]) << "identical sets must always collide";
}

TEST(LshIndex, RecallFollowsSCurveForChosenBanding) {
    for (const double t : {lsh_options{}.threshold, 0.5, 0.8}) {
        SCOPED_TRACE("threshold " + std::to_string(t));
        lsh_options o;
        o.threshold = t;
        expect_recall_follows_s_curve(o);
    }
}

TEST(LshIndex, RecallFollowsSCurveForFixedBanding) { expect_recall_follows_s_curve(fixed(8, 16)); }

// ---- oversized buckets --------------------------------------------------------------------

TEST(LshIndex, OversizedBucketPairsByWindowAndStaysConnected) {
    constexpr std::size_t n = 5000;
    lsh_options o = fixed(32, 4);
    o.max_bucket = 128;
    o.window = 4;
    lsh_index index(o, 128);
    const signature same(128, 12345u);
    std::vector<band_key> keys(32);
    index.band_keys(same, keys);
    for (std::size_t d = 0; d < n; ++d) index.add(static_cast<doc_index>(d), keys);
    lsh_stats stats;
    const auto candidates = index.candidates(&stats);
    EXPECT_LT(candidates.size(), n * (o.window + 1));
    EXPECT_GE(candidates.size(), n - 1);
    union_find sets(n);
    std::size_t joins = 0;
    for (const auto& p : candidates) joins += sets.unite(p.a, p.b) ? 1 : 0;
    EXPECT_EQ(joins, n - 1) << "every copy must end up in one set";
    EXPECT_EQ(stats.documents, n);
    EXPECT_EQ(stats.oversized_buckets, 32u);
    EXPECT_EQ(stats.buckets, 32u);
    EXPECT_EQ(stats.largest_bucket, n);
    EXPECT_EQ(stats.candidates, candidates.size());
    EXPECT_GE(stats.bucket_pairs, stats.candidates);
}

// An oversized bucket pairs its members by the order of their whole band keys, whether the
// documents are numbered densely (the fingerprints kept by document) or sparsely (by position,
// found by bisection): numbered 3d + 2^31, the same documents make the same pairs.
TEST(LshIndex, OversizedBucketOrderDoesNotDependOnHowDocumentsAreNumbered) {
    constexpr std::size_t n = 600;
    lsh_options o = fixed(4, 2);
    o.max_bucket = 16;
    o.window = 3;
    lsh_index dense(o, 8), sparse(o, 8);
    std::mt19937 rng(8);
    const auto renumber = [](doc_index d) { return static_cast<doc_index>(3 * d + (doc_index{1} << 31)); };
    for (doc_index d = 0; d < n; ++d) {
        // Band 0 shared by all (one oversized bucket), the others from a few values: more buckets,
        // some oversized, and fingerprints that differ.
        const std::vector<band_key> keys = {7, static_cast<band_key>(rng() % 20), static_cast<band_key>(rng() % 50),
                                            static_cast<band_key>(rng())};
        dense.add(d, keys);
        sparse.add(renumber(d), keys);
    }
    lsh_stats stats;
    std::vector<doc_pair> expected = dense.candidates(&stats);
    EXPECT_GE(stats.oversized_buckets, 2u);
    for (auto& p : expected) p = {renumber(p.a), renumber(p.b)};
    EXPECT_EQ(sparse.candidates(), expected);
}

// A filter sees every pair as buckets propose it (here each pair four times, once per band), in
// runs, and the result is what it kept, in order: the same as filtering the unfiltered candidates.
TEST(LshIndex, FilterKeepsExactlyWhatItSaysInOrder) {
    constexpr std::size_t n = 1500;  // 1500 * 1499 / 2 pairs in one bucket: several runs
    lsh_options o = fixed(4, 2);
    o.max_bucket = n;
    lsh_index index(o, 8);
    const signature same(8, 7u);
    std::vector<band_key> keys(4);
    index.band_keys(same, keys);
    for (std::size_t d = 0; d < n; ++d) index.add(static_cast<doc_index>(d * 2), keys);  // gaps in doc numbers
    const auto all = index.candidates();
    std::atomic<std::size_t> seen = 0;  // bands are screened from several threads at once
    lsh_stats stats;
    const auto kept = index.candidates(&stats, [&](std::span<const doc_pair> pairs, std::span<char> keep) {
        ASSERT_EQ(pairs.size(), keep.size());
        seen += pairs.size();
        for (std::size_t i = 0; i < pairs.size(); ++i) keep[i] = (pairs[i].a + 3 * pairs[i].b) % 7 == 0 ? 1 : 0;
    });
    std::vector<doc_pair> expected;
    for (const auto& p : all)
        if ((p.a + 3 * p.b) % 7 == 0) expected.push_back(p);
    EXPECT_EQ(all.size(), n * (n - 1) / 2);
    EXPECT_EQ(seen.load(), 4 * all.size());
    EXPECT_EQ(stats.bucket_pairs, seen.load());
    EXPECT_EQ(stats.screened, 4 * (all.size() - expected.size()));
    ASSERT_EQ(kept.size(), expected.size());
    EXPECT_TRUE(std::equal(kept.begin(), kept.end(), expected.begin(),
                           [](const doc_pair& x, const doc_pair& y) { return x.a == y.a && x.b == y.b; }));
    EXPECT_EQ(stats.candidates, kept.size());
}

TEST(LshIndex, BucketAtMaxSizeIsPairedAllAgainstAll) {
    lsh_options o = fixed(2, 2);
    o.max_bucket = 6;
    lsh_index index(o, 4);
    const std::vector<band_key> keys = {7, 8};
    for (doc_index d = 0; d < 6; ++d) index.add(d, keys);
    lsh_stats stats;
    EXPECT_EQ(index.candidates(&stats).size(), 15u);  // 6 choose 2
    EXPECT_EQ(stats.oversized_buckets, 0u);
    EXPECT_EQ(stats.bucket_pairs, 30u);  // the same 15 pairs from each of the two bands
}

// ---- radix sort and exact grouping ---------------------------------------------------------

template <typename T>
std::vector<std::vector<T>> radix_inputs(std::size_t n) {
    std::mt19937_64 rng(77);
    std::vector<std::vector<T>> inputs;
    std::vector<T> random(n), small(n), high(n);
    for (auto& v : random) v = static_cast<T>(rng());
    for (auto& v : small) v = static_cast<T>(rng() % 5);
    for (auto& v : high) v = static_cast<T>(static_cast<T>(rng() % 3) << (sizeof(T) * 8 - 2));
    std::vector<T> sorted = random, reversed = random;
    std::sort(sorted.begin(), sorted.end());
    std::sort(reversed.rbegin(), reversed.rend());
    inputs = {random, small, high, sorted, reversed, std::vector<T>(n, T{42}), std::vector<T>(n, T(~T{0})), {}, {T{9}}};
    return inputs;
}

template <typename T>
void expect_radix_matches_std_sort() {
    for (const std::size_t n : {std::size_t{3}, std::size_t{1000}, std::size_t{70000}}) {
        for (const auto& input : radix_inputs<T>(n)) {
            std::vector<T> expected = input, data = input, scratch;
            std::sort(expected.begin(), expected.end());
            detail::radix_sort(data, scratch);
            ASSERT_EQ(data, expected) << "n " << n;
        }
    }
}

TEST(RadixSort, MatchesStdSort) {
    expect_radix_matches_std_sort<std::uint32_t>();
    expect_radix_matches_std_sort<std::uint64_t>();
}

// Sorting by some bits only is stable: values equal in those bits keep their input order.
TEST(RadixSort, BitRangeIsStable) {
    for (const auto& [low, high] : {std::pair{0, 17}, std::pair{40, 64}, std::pair{13, 14}, std::pair{5, 5}}) {
        for (const auto& input : radix_inputs<std::uint64_t>(20000)) {
            const auto key = [&](std::uint64_t v) { return high - low == 64 ? v : (v >> low) & ((std::uint64_t{1} << (high - low)) - 1); };
            std::vector<std::uint64_t> expected = input, data = input, scratch;
            std::stable_sort(expected.begin(), expected.end(), [&](auto x, auto y) { return key(x) < key(y); });
            detail::radix_sort(data, scratch, low, high);
            ASSERT_EQ(data, expected) << "bits " << low << ".." << high;
        }
    }
}

// The inverse of detail::mix64, to make keys whose mixes agree in their top bits.
std::uint64_t unmix64(std::uint64_t x) {
    const auto inverse = [](std::uint64_t a) {
        std::uint64_t y = a;  // Newton's iteration doubles the correct low bits each step
        for (int i = 0; i < 6; ++i) y *= 2 - a * y;
        return y;
    };
    x ^= x >> 33;
    x *= inverse(0xc4ceb9fe1a85ec53ULL);
    x ^= x >> 33;
    x *= inverse(0xff51afd7ed558ccdULL);
    x ^= x >> 33;
    return x;
}

std::map<std::uint64_t, std::vector<std::uint32_t>> reference_groups(const std::vector<std::uint64_t>& keys) {
    std::map<std::uint64_t, std::vector<std::uint32_t>> groups;
    for (std::uint32_t i = 0; i < keys.size(); ++i) groups[keys[i]].push_back(i);
    std::erase_if(groups, [](const auto& g) { return g.second.size() < 2; });
    return groups;
}

std::map<std::uint64_t, std::vector<std::uint32_t>> radix_groups(const std::vector<std::uint64_t>& keys) {
    std::map<std::uint64_t, std::vector<std::uint32_t>> groups;
    detail::group_buffers buffers;
    detail::for_each_group(std::span<const std::uint64_t>(keys), {}, buffers, [&](std::span<const std::uint32_t> members) {
        auto& g = groups[keys[members[0]]];
        EXPECT_TRUE(g.empty()) << "a key reported twice";
        g.assign(members.begin(), members.end());
    });
    return groups;
}

// Keys whose mixes share the sorted top bits but differ below them must still be told apart.
TEST(ForEachGroup, GroupsByWholeKeyEvenWhenTopBitsCollide) {
    std::mt19937_64 rng(78);
    std::vector<std::uint64_t> keys;
    for (int i = 0; i < 3000; ++i) {
        const std::uint64_t top = (rng() % 40) << 40;            // few distinct top bits
        keys.push_back(unmix64(top | (rng() % 3 << 8) | (rng() & 0x3)));  // low bits differ
    }
    for (int i = 0; i < 2000; ++i) keys.push_back(rng() % 700);  // small integers
    for (int i = 0; i < 500; ++i) keys.push_back(keys[rng() % keys.size()]);
    std::shuffle(keys.begin(), keys.end(), rng);
    EXPECT_EQ(radix_groups(keys), reference_groups(keys));
    const std::vector<std::uint64_t> same(5000, 0x1234);
    EXPECT_EQ(radix_groups(same), reference_groups(same));
    std::vector<std::uint64_t> distinct(5000);
    std::iota(distinct.begin(), distinct.end(), 0);
    EXPECT_TRUE(radix_groups(distinct).empty());
}

// The inverse of detail::mix32.
std::uint32_t unmix32(std::uint32_t x) {
    const auto inverse = [](std::uint32_t a) {
        std::uint32_t y = a;
        for (int i = 0; i < 5; ++i) y *= 2 - a * y;
        return y;
    };
    x ^= x >> 16;
    x *= inverse(0xc2b2ae35U);
    x ^= (x >> 13) ^ (x >> 26);
    x *= inverse(0x85ebca6bU);
    x ^= x >> 16;
    return x;
}

// Keys of 32 bits travel in one word with their values: groups hold the values, in input order,
// exactly by whole key, also when many keys' mixes agree in the sorted top bits.
TEST(ForEachGroup, ThirtyTwoBitKeysCarryTheirValues) {
    std::mt19937 rng(79);
    const auto draw = [&](std::uint32_t below) { return static_cast<std::uint32_t>(rng() % below); };
    for (std::uint32_t k = 0; k < 1000; ++k) ASSERT_EQ(unmix32(detail::mix32(k * 2654435761U)), k * 2654435761U);
    std::vector<std::uint32_t> keys, values;
    for (int i = 0; i < 4000; ++i)  // few distinct top bits, the low ones differing
        keys.push_back(unmix32((draw(30) << 24) | (draw(3) << 4) | draw(4)));
    for (int i = 0; i < 2000; ++i) keys.push_back(draw(900));  // small integers
    for (int i = 0; i < 300; ++i) keys.push_back(keys[draw(static_cast<std::uint32_t>(keys.size()))]);
    std::shuffle(keys.begin(), keys.end(), rng);
    // Distinct values (an odd multiplier is a bijection), in no order.
    for (std::uint32_t i = 0; i < keys.size(); ++i) values.push_back(i * 2654435761U);
    std::map<std::uint32_t, std::vector<std::uint32_t>> expected, got;
    for (std::size_t i = 0; i < keys.size(); ++i) expected[keys[i]].push_back(values[i]);
    std::erase_if(expected, [](const auto& g) { return g.second.size() < 2; });
    std::map<std::uint32_t, std::uint32_t> key_of_value;
    for (std::size_t i = 0; i < keys.size(); ++i) key_of_value[values[i]] = keys[i];
    detail::group_buffers buffers;
    detail::for_each_group(std::span<const std::uint32_t>(keys), values, buffers, [&](std::span<const std::uint32_t> members) {
        auto& g = got[key_of_value.at(members[0])];
        EXPECT_TRUE(g.empty()) << "a key reported twice";
        g.assign(members.begin(), members.end());
    });
    EXPECT_EQ(got, expected);
}

// ---- candidates against a straightforward twin --------------------------------------------

// The original algorithm: per band, a map of key -> (whole-signature fingerprint, doc), every
// pair of a bucket, or a window over the fingerprint order for an oversized one.
std::vector<doc_pair> reference_candidates(const std::vector<doc_index>& docs, const std::vector<band_key>& keys,
                                           std::size_t b, const lsh_options& o, lsh_stats& stats) {
    stats = {};
    stats.documents = docs.size();
    std::set<doc_pair> pairs;
    for (std::size_t band = 0; band < b; ++band) {
        std::map<band_key, std::vector<std::pair<std::uint64_t, doc_index>>> buckets;
        for (std::size_t i = 0; i < docs.size(); ++i)
            buckets[keys[i * b + band]].push_back({XXH3_64bits(keys.data() + i * b, b * sizeof(band_key)), docs[i]});
        for (auto& [key, members] : buckets) {
            if (members.size() < 2) continue;
            std::sort(members.begin(), members.end());
            ++stats.buckets;
            stats.largest_bucket = std::max(stats.largest_bucket, members.size());
            const bool oversized = members.size() > o.max_bucket;
            stats.oversized_buckets += oversized ? 1 : 0;
            const std::size_t reach = oversized ? o.window : members.size();
            for (std::size_t i = 0; i < members.size(); ++i)
                for (std::size_t j = i + 1; j < members.size() && j <= i + reach; ++j) {
                    ++stats.bucket_pairs;
                    const auto [x, y] = std::minmax(members[i].second, members[j].second);
                    pairs.insert({x, y});
                }
        }
    }
    stats.candidates = pairs.size();
    return {pairs.begin(), pairs.end()};
}

void expect_same_as_reference(const std::vector<doc_index>& docs, const std::vector<band_key>& keys,
                              const lsh_options& o) {
    lsh_index index(o, o.bands * o.rows);
    for (std::size_t i = 0; i < docs.size(); ++i)
        index.add(docs[i], std::span(keys).subspan(i * o.bands, o.bands));
    lsh_stats got, expected;
    const auto candidates = index.candidates(&got);
    ASSERT_EQ(candidates, reference_candidates(docs, keys, o.bands, o, expected));
    EXPECT_EQ(got.documents, expected.documents);
    EXPECT_EQ(got.buckets, expected.buckets);
    EXPECT_EQ(got.oversized_buckets, expected.oversized_buckets);
    EXPECT_EQ(got.largest_bucket, expected.largest_bucket);
    EXPECT_EQ(got.bucket_pairs, expected.bucket_pairs);
    EXPECT_EQ(got.candidates, expected.candidates);
    // Spent (keys freed band by band, the window order taken first): the same pairs and counts,
    // and an empty index that takes documents again.
    lsh_stats spent_stats;
    EXPECT_EQ(std::move(index).candidates(&spent_stats), candidates);
    EXPECT_EQ(spent_stats.bucket_pairs, got.bucket_pairs);
    EXPECT_EQ(spent_stats.oversized_buckets, got.oversized_buckets);
    EXPECT_EQ(index.size(), 0u);  // spent: specified empty
    EXPECT_TRUE(index.candidates().empty());
    index.add(docs[0], std::span(keys).subspan(0, o.bands));
    EXPECT_EQ(index.size(), 1u);
}

// Buckets of every size, oversized ones with many distinct fingerprints (so the window order
// matters), sparse document numbers, and both hashed and adversarial small-integer keys.
TEST(LshIndex, CandidatesMatchStraightforwardTwin) {
    std::mt19937_64 rng(90);
    for (const bool small_keys : {false, true}) {
        lsh_options o = fixed(6, 1);
        o.max_bucket = 10;
        o.window = 3;
        std::vector<doc_index> docs;
        std::vector<band_key> keys;
        doc_index doc = 5;
        for (int i = 0; i < 2000; ++i) {
            doc += 1 + static_cast<doc_index>(rng() % 3);
            docs.push_back(doc);
            for (std::size_t band = 0; band < o.bands; ++band) {
                // Band 0: a few huge buckets; band 1: buckets of ~8-12; others: mostly unique.
                const std::uint64_t value = band == 0 ? rng() % 8 : band == 1 ? rng() % 200 : rng() % 100000;
                keys.push_back(static_cast<band_key>(small_keys ? value : XXH3_64bits_withSeed(&value, sizeof value, band) >> 32));
            }
        }
        SCOPED_TRACE(small_keys ? "small keys" : "hashed keys");
        expect_same_as_reference(docs, keys, o);
        o.max_bucket = 1000000;  // nothing oversized
        expect_same_as_reference(docs, keys, o);
    }
}

TEST(LshIndex, EmptyAndSingleDocumentHaveNoCandidates) {
    lsh_index index(fixed(4, 2), 8);
    lsh_stats stats;
    EXPECT_TRUE(index.candidates(&stats).empty());
    EXPECT_EQ(stats.documents, 0u);
    index.add(3, std::vector<band_key>{1, 2, 3, 4});
    EXPECT_TRUE(index.candidates(&stats).empty());
    EXPECT_EQ(stats.documents, 1u);
}

} // namespace
} // namespace wiredup
