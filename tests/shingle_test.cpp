// Stage 3, shingle: golden hash values, set semantics, word and character shingles, and the exact
// set measures (jaccard, intersection_size).
#include <wiredup/error.hpp>
#include <wiredup/shingle.hpp>

#include "../src/detail/hash.hpp"
#include "../src/detail/sort_hashes.hpp"
#include "../src/detail/xxh3_kernel.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <iterator>
#include <random>
#include <set>
#include <span>
#include <string>
#include <vector>

namespace wiredup {
namespace {

shingler make(shingle_kind kind, std::size_t width, std::uint64_t seed = 0) {
    shingle_options o;
    o.kind = kind;
    o.width = width;
    o.seed = seed;
    return shingler(o);
}

// GOLDEN VECTORS. These values were computed once with the current code and pinned. Every
// shingle set, signature and band key of every corpus ever processed derives from them: a change
// here changes every signature and must be deliberate (and announced), never a side effect.
TEST(TokenHash, GoldenValue) {
    EXPECT_EQ(token_hash("wire"), 0xce6f97fcfd639d03ULL);
    EXPECT_EQ(token_hash("wire", 7), 0xa22c24dc389c7e0eULL);
}

TEST(Shingler, GoldenWordShingles) {
    const shingle_set expected = {
        0x05b7930355bef1e2ULL, 0x55c11135f04b2970ULL, 0x6730af90f4328439ULL, 0x7b7575dc4dc86550ULL,
        0xbac72460d2926d8bULL, 0xdd2287144e58625fULL, 0xe585fa3775b8336aULL,
    };
    EXPECT_EQ(make(shingle_kind::word, 3).shingle("the quick brown fox jumps over the lazy dog"), expected);
}

TEST(Shingler, GoldenCharShingles) {
    const shingle_set expected = {
        0x26f0534957a4233bULL, 0x4720da41845f8ca9ULL, 0x8b1aefdd3be3cb3fULL,
        0xbe7e46f91cbb6f10ULL, 0xce6f97fcfd639d03ULL, 0xcea6a9c08ead0124ULL,
    };
    EXPECT_EQ(make(shingle_kind::chars, 4).shingle("wire news"), expected);
}

// Sets of 64 shingles and more are sorted by another path (bucketed by their top bits); this pins
// it on 3,000 words over a 50-word vocabulary, where repeats are common. GOLDEN sums, computed
// with the std::sort implementation; sizes from a brute-force count of the distinct k-grams.
TEST(Shingler, LargeSetsAreTheDistinctShingles) {
    std::mt19937 rng(2024);  // the standard fixes mt19937's output, so the text is the same everywhere
    std::vector<std::string> words;
    std::string text;
    for (int i = 0; i < 3000; ++i) {
        words.push_back(std::string("w").append(std::to_string(rng() % 50)));
        if (i > 0) text += i % 40 == 0 ? '\n' : ' ';
        text += words.back();
    }
    const std::pair<std::size_t, std::uint64_t> cases[] = {
        {1, 0x01220391b4bec280ULL}, {2, 0x2fd24b5cfe11bff8ULL}, {3, 0xe76a77ce7108e3e0ULL}, {5, 0xd7a840458f4f009aULL}};
    for (const auto& [k, golden_sum] : cases) {
        std::set<std::vector<std::string>> grams;
        for (std::size_t i = 0; i + k <= words.size(); ++i)
            grams.emplace(words.begin() + static_cast<std::ptrdiff_t>(i), words.begin() + static_cast<std::ptrdiff_t>(i + k));
        const auto set = make(shingle_kind::word, k).shingle(text);
        EXPECT_EQ(set.size(), grams.size()) << "k " << k;
        EXPECT_EQ(std::adjacent_find(set.begin(), set.end(), std::greater_equal<>()), set.end()) << "k " << k;
        std::uint64_t sum = 0;
        for (const auto v : set) sum += v;
        EXPECT_EQ(sum, golden_sum) << "k " << k;
    }
}

TEST(Shingler, OutputIsSortedAndUnique) {
    const auto set = make(shingle_kind::word, 2).shingle("a b c d e f a b c d e f g h");
    EXPECT_TRUE(std::is_sorted(set.begin(), set.end()));
    EXPECT_EQ(std::adjacent_find(set.begin(), set.end()), set.end());
}

TEST(Shingler, RepeatedPhraseCountsOnce) {
    const auto s = make(shingle_kind::word, 3);
    // "a b c" x3 has shingles abc, bca, cab only.
    EXPECT_EQ(s.shingle("a b c a b c a b c").size(), 3u);
    EXPECT_EQ(s.shingle("a b c a b c a b c"), s.shingle("a b c a b c a"));
}

TEST(Shingler, FewerThanWidthTokensGiveEmptySet) {
    const auto s = make(shingle_kind::word, 5);
    EXPECT_TRUE(s.shingle("one two three four").empty());
    EXPECT_TRUE(s.shingle("").empty());
    EXPECT_EQ(s.shingle("one two three four five").size(), 1u);
    EXPECT_TRUE(make(shingle_kind::chars, 4).shingle("abc").empty());
}

TEST(Shingler, ShinglesRunAcrossLineBreaks) {
    const auto s = make(shingle_kind::word, 2);
    EXPECT_EQ(s.shingle("a b\nc d"), s.shingle("a b c d"));
    const auto c = make(shingle_kind::chars, 3);
    EXPECT_EQ(c.shingle("ab\ncd"), c.shingle("ab cd"));
}

TEST(Shingler, SeedChangesEveryShingle) {
    const auto a = make(shingle_kind::word, 2, 0).shingle("one two three four");
    const auto b = make(shingle_kind::word, 2, 1).shingle("one two three four");
    ASSERT_EQ(a.size(), 3u);
    ASSERT_EQ(b.size(), 3u);
    EXPECT_EQ(intersection_size(a, b), 0u);
}

TEST(Shingler, WordShinglesAreOrderSensitive) {
    const auto s = make(shingle_kind::word, 2);
    EXPECT_NE(s.shingle("a b"), s.shingle("b a"));
}

TEST(Shingler, UnitsCountsTokensOrCodePoints) {
    EXPECT_EQ(make(shingle_kind::word, 5).units("one two\nthree"), 3u);
    EXPECT_EQ(make(shingle_kind::word, 5).units(""), 0u);
    EXPECT_EQ(make(shingle_kind::word, 5).units("one"), 1u);
    // chars: code points, the space and line break included; 東京 is 2 code points, 6 bytes.
    EXPECT_EQ(make(shingle_kind::chars, 4).units("\xE6\x9D\xB1\xE4\xBA\xAC ab\nc"), 7u);
    EXPECT_EQ(make(shingle_kind::chars, 4).units(""), 0u);
}

TEST(Shingler, CharShinglesOfCjkAreCodePointNgrams) {
    // 東京都庁舎: five code points of three bytes each, no spaces.
    const std::string text = "\xE6\x9D\xB1\xE4\xBA\xAC\xE9\x83\xBD\xE5\xBA\x81\xE8\x88\x8E";
    const auto set = make(shingle_kind::chars, 2).shingle(text);
    ASSERT_EQ(set.size(), 4u);  // 5 - 2 + 1 code-point bigrams, not 15 - 2 + 1 byte bigrams
    shingle_set expected;
    for (std::size_t i = 0; i + 6 <= text.size(); i += 3) expected.push_back(token_hash(text.substr(i, 6)));
    std::sort(expected.begin(), expected.end());
    EXPECT_EQ(set, expected);
}

TEST(Shingler, WidthOutOfRangeThrows) {
    EXPECT_THROW(make(shingle_kind::word, 0), error);
    EXPECT_THROW(make(shingle_kind::chars, 65), error);
    EXPECT_NO_THROW(make(shingle_kind::word, 1));
    EXPECT_NO_THROW(make(shingle_kind::word, 64));
    try {
        make(shingle_kind::word, 65);
        FAIL() << "width 65 accepted";
    } catch (const error& e) {
        EXPECT_NE(std::string(e.what()).find("65"), std::string::npos) << e.what();
    }
}

TEST(Jaccard, SmallHandMadeSets) {
    const shingle_set a = {1, 2, 3, 4};
    const shingle_set b = {3, 4, 5, 6};
    EXPECT_DOUBLE_EQ(jaccard(a, b), 2.0 / 6.0);
    EXPECT_DOUBLE_EQ(jaccard(b, a), 2.0 / 6.0);
    EXPECT_DOUBLE_EQ(jaccard(a, a), 1.0);
    EXPECT_DOUBLE_EQ(jaccard(a, {5, 6, 7}), 0.0);
    EXPECT_DOUBLE_EQ(jaccard({1, 2}, {1, 2, 3, 4, 5}), 2.0 / 5.0);
}

TEST(Jaccard, EmptySetsGiveZero) {
    EXPECT_DOUBLE_EQ(jaccard({}, {}), 0.0);
    EXPECT_DOUBLE_EQ(jaccard({}, {1, 2}), 0.0);
}

TEST(IntersectionSize, CountsCommonElements) {
    EXPECT_EQ(intersection_size({1, 3, 5, 7}, {2, 3, 4, 7, 9}), 2u);
    EXPECT_EQ(intersection_size({}, {1}), 0u);
    EXPECT_EQ(intersection_size({0, ~0ULL}, {0, ~0ULL}), 2u);
    EXPECT_EQ(intersection_size({1, 2, 3}, {4, 5, 6}), 0u);
}

// ---- tokens once, several sets ------------------------------------------------------------

// Random texts of a few words and numbers, so that windows repeat and numbers differ.
std::string random_text(std::mt19937_64& rng) {
    static const std::vector<std::string> words = {"the", "quake", "killed", "5", "7", "in", "city", "2020", "of", "x9"};
    std::string text;
    const std::size_t n = rng() % 40;
    for (std::size_t i = 0; i < n; ++i) text += (i ? (rng() % 5 ? " " : "\n") : "") + words[rng() % words.size()];
    return text;
}

TEST(Shingle, FromTokensEqualsFromText) {
    std::mt19937_64 rng(3);
    for (std::size_t width : {1, 2, 5}) {
        const shingler s = make(shingle_kind::word, width, 11);
        for (int round = 0; round < 200; ++round) {
            const std::string text = random_text(rng);
            std::vector<std::uint64_t> hashes;
            std::vector<std::uint8_t> numeric;
            s.tokens(text, hashes, &numeric);
            ASSERT_EQ(hashes.size(), numeric.size());
            EXPECT_EQ(s.shingle_tokens(hashes), s.shingle(text)) << text;
        }
    }
}

// tokens() finds separators 64 bytes at a time and hashes tokens in vector lanes, on every
// target. Its twin splits the text a byte at a time; tokens of every length at every offset,
// digits anywhere in them (and bytes just outside '0'..'9', and multi-byte characters) must give
// the same hashes and flags, with numbers masked and not.
TEST(Shingle, TokensEqualByteAtATimeTwin) {
    std::mt19937_64 rng(13);
    // Short texts with short tokens, and long texts (many blocks of 64 bytes) of which some have
    // few separators, so that tokens run past 16 bytes (XXH3's longer paths) and across blocks.
    const std::string alphabet = "ab/:09 \n", sparse = "abcdefghij/:09 ";
    const auto targets = hwy::SupportedAndGeneratedTargets();
    ASSERT_FALSE(targets.empty());
    for (const auto& [target, mask] : [&] {
             std::vector<std::pair<std::int64_t, bool>> runs;
             for (const std::int64_t t : targets) runs.insert(runs.end(), {{t, false}, {t, true}});
             return runs;
         }()) {
        const test::forced_target forced(target);
        shingle_options o;
        o.mask_numbers = mask;
        const shingler s(o);
        for (int round = 0; round < 2000; ++round) {
            const bool long_text = round % 4 == 3;
            const std::string& letters = long_text && round % 8 == 7 ? sparse : alphabet;
            std::string text;
            for (std::size_t n = rng() % (long_text ? 400 : 60); n > 0; --n)
                text += rng() % 16 == 0 ? std::string("\xC3\xA9") : std::string(1, letters[rng() % letters.size()]);
            std::vector<std::uint64_t> want_hashes;
            std::vector<std::uint8_t> want_numeric;
            std::string token;
            for (std::size_t i = 0; i <= text.size(); ++i) {
                if (i < text.size() && text[i] != ' ' && text[i] != '\n') {
                    token += text[i];
                    continue;
                }
                if (token.empty()) continue;
                const bool digit = token.find_first_of("0123456789") != std::string::npos;
                want_hashes.push_back(mask && digit ? token_hash("\x01#") : token_hash(token));
                want_numeric.push_back(digit ? 1 : 0);
                token.clear();
            }
            std::vector<std::uint64_t> hashes;
            std::vector<std::uint8_t> numeric;
            s.tokens(text, hashes, &numeric);
            ASSERT_EQ(hashes, want_hashes) << hwy::TargetName(target) << ": " << text;
            ASSERT_EQ(numeric, want_numeric) << hwy::TargetName(target) << ": " << text;
        }
    }
}

// What confirmation uses to flag an update: the shingles two texts share once numbers are
// masked, beyond those they share as written. numeric_windows() gets it from the number windows
// alone; it must agree with masking the whole texts.
TEST(Shingle, NumericWindowsGiveTheMaskedGainOfWholeSets) {
    std::mt19937_64 rng(5);
    for (std::size_t width : {1, 3, 5}) {
        shingle_options plain_options;
        plain_options.width = width;
        shingle_options masked_options = plain_options;
        masked_options.mask_numbers = true;
        const shingler plain(plain_options), masked(masked_options);
        for (int round = 0; round < 300; ++round) {
            const std::string a = random_text(rng), b = random_text(rng);
            const auto whole = static_cast<long>(intersection_size(masked.shingle(a), masked.shingle(b))) -
                               static_cast<long>(intersection_size(plain.shingle(a), plain.shingle(b)));
            shingle_set na, ma, nb, mb;
            std::vector<std::uint64_t> ha, hb;
            std::vector<std::uint8_t> da, db;
            plain.tokens(a, ha, &da);
            plain.tokens(b, hb, &db);
            plain.numeric_windows(ha, da, na, ma);
            plain.numeric_windows(hb, db, nb, mb);
            EXPECT_TRUE(std::is_sorted(na.begin(), na.end()) && std::is_sorted(ma.begin(), ma.end()));
            const auto windows = static_cast<long>(intersection_size(ma, mb)) - static_cast<long>(intersection_size(na, nb));
            EXPECT_EQ(windows, whole) << a << " | " << b;
        }
    }
}

// Pass 2 makes the set and the number windows in one call, which takes the windows' plain
// hashes from the set: it must give what the two steps give.
TEST(Shingle, SetWithNumberWindowsEqualsTwoSteps) {
    std::mt19937_64 rng(17);
    for (std::size_t width : {1, 3, 5}) {
        const shingler s = make(shingle_kind::word, width, 23);
        shingle_set set, plain, masked;
        for (int round = 0; round < 300; ++round) {
            const std::string text = random_text(rng);
            std::vector<std::uint64_t> hashes;
            std::vector<std::uint8_t> numeric;
            s.tokens(text, hashes, &numeric);
            s.shingle_tokens(hashes, numeric, set, plain, masked);
            shingle_set want_plain, want_masked;
            s.numeric_windows(hashes, numeric, want_plain, want_masked);
            EXPECT_EQ(set, s.shingle(text)) << text;
            EXPECT_EQ(plain, want_plain) << text;
            EXPECT_EQ(masked, want_masked) << text;
        }
    }
}

TEST(Shingle, IntersectionOf32BitSetsMatchesStd) {
    std::mt19937_64 rng(9);
    for (int round = 0; round < 500; ++round) {
        std::set<std::uint32_t> a, b;
        const std::uint32_t range = 1 + static_cast<std::uint32_t>(rng() % 200);
        for (std::size_t i = rng() % 100; i > 0; --i) a.insert(static_cast<std::uint32_t>(rng() % range));
        for (std::size_t i = rng() % 100; i > 0; --i) b.insert(static_cast<std::uint32_t>(rng() % range));
        const std::vector<std::uint32_t> va(a.begin(), a.end()), vb(b.begin(), b.end());
        std::vector<std::uint32_t> common;
        std::set_intersection(va.begin(), va.end(), vb.begin(), vb.end(), std::back_inserter(common));
        EXPECT_EQ(intersection_size(std::span<const std::uint32_t>(va), std::span<const std::uint32_t>(vb)), common.size());
    }
    const std::vector<std::uint32_t> edge{0, 0xFFFFFFFFu};
    EXPECT_EQ(intersection_size(std::span<const std::uint32_t>(edge), std::span<const std::uint32_t>(edge)), 2u);
}

// The buffers a thread keeps between sorts: kept for document-sized inputs, given back after a
// huge one, and the sort right either way.
// Every vector target hashes windows as XXH3 does, for every width (the vector path covers
// 3 to 16 words, XXH3's 17-to-128-byte path; the others go to XXH3 itself), at every count of
// windows around whole vectors, and for seeds that leave the secret's words unchanged or wrap.
TEST(WindowHashes, EveryTargetEqualsXxh3) {
    std::mt19937_64 rng(5);
    std::vector<std::uint64_t> hashes(60);
    for (auto& h : hashes) h = rng();
    hashes[7] = 0, hashes[8] = ~std::uint64_t{0};  // products at both ends of the range
    const auto targets = hwy::SupportedAndGeneratedTargets();
    ASSERT_FALSE(targets.empty());
    for (const std::int64_t target : targets) {
        const test::forced_target forced(target);
        ASSERT_EQ(detail::xxh3_target(), hwy::TargetName(target)) << "dispatch did not follow the forced target";
        for (const std::uint64_t seed : {std::uint64_t{0}, std::uint64_t{12345}, ~std::uint64_t{0}}) {
            for (std::size_t k = 1; k <= 20; ++k) {
                for (std::size_t n = 0; n <= hashes.size(); ++n) {
                    const std::span<const std::uint64_t> in(hashes.data(), n);
                    std::vector<std::uint64_t> got(n + 1, 0);
                    detail::hash_windows(in, k, seed, got.data());
                    for (std::size_t i = 0; i + k <= n; ++i)
                        ASSERT_EQ(got[i], detail::hash_bytes(hashes.data() + i, 8 * k, seed))
                            << hwy::TargetName(target) << " k " << k << " n " << n << " window " << i;
                    for (std::size_t i = n + 1 > k ? n + 1 - k : 0; i < got.size(); ++i)
                        ASSERT_EQ(got[i], 0u) << "wrote past the last window: k " << k << " n " << n;
                }
            }
        }
    }
}

TEST(Shingle, NumberFlagsMustMatchTheTokens) {
    const shingler s = make(shingle_kind::word, 3, 1);
    const std::vector<std::uint64_t> hashes{1, 2, 3, 4};
    const std::vector<std::uint8_t> numeric{0, 1, 0};
    shingle_set set, plain, masked;
    EXPECT_THROW(s.shingle_tokens(hashes, numeric, set, plain, masked), error);
    EXPECT_THROW(s.numeric_windows(hashes, numeric, plain, masked), error);
}

TEST(SortHashes, SortsAndGivesBackWhatAHugeInputGrew) {
    std::mt19937_64 rng(3);
    detail::sort_buffers buffers;
    for (const std::size_t n : {std::size_t{10}, std::size_t{1000}, std::size_t{200000}, std::size_t{500}}) {
        std::vector<std::uint64_t> hashes(n);
        for (auto& h : hashes) h = rng();
        for (std::size_t i = 0; i + 7 < n; i += 7) hashes[i + 3] = hashes[i];  // repeats
        auto expected = hashes;
        std::sort(expected.begin(), expected.end());
        detail::sort_hashes(hashes, buffers);
        EXPECT_EQ(hashes, expected) << n;
        if (n == 1000) {
            EXPECT_GE(buffers.values.capacity(), n);
        }
        if (n == 200000) {
            EXPECT_EQ(buffers.values.capacity(), 0u);
        }
    }
}

// Inputs unlike hash output: every value in one bucket and descending (the insertion pass runs
// out of budget and hands over to std::sort), runs of three to nine descending values within a
// bucket (the loop past the first step, within budget), all values equal, and sizes on either
// side of the smallest bucketed input.
TEST(SortHashes, SortsInputUnlikeHashes) {
    std::mt19937_64 rng(5);
    std::vector<std::vector<std::uint64_t>> inputs;
    std::vector<std::uint64_t> one_bucket(3000);
    for (std::size_t i = 0; i < one_bucket.size(); ++i) one_bucket[i] = one_bucket.size() - i;
    inputs.push_back(one_bucket);
    std::vector<std::uint64_t> runs;
    while (runs.size() < 5000) {
        const std::uint64_t top = rng() & 0xFFFF000000000000ULL;
        const std::size_t length = 3 + rng() % 7;
        for (std::size_t k = length; k > 0; --k) runs.push_back(top | k);
    }
    inputs.push_back(runs);
    inputs.emplace_back(1000, 42);
    for (const std::size_t n : {63, 64, 65, 127, 128}) {
        std::vector<std::uint64_t> v(n);
        for (auto& x : v) x = rng();
        inputs.push_back(v);
    }
    detail::sort_buffers buffers;
    for (auto& hashes : inputs) {
        auto expected = hashes;
        std::sort(expected.begin(), expected.end());
        detail::sort_hashes(hashes, buffers);
        EXPECT_EQ(hashes, expected) << hashes.size();
    }
}

} // namespace
} // namespace wiredup
