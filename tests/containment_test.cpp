// Stage 5b: fingerprints and the containment candidates they make; relation labels.
#include <wiredup/containment.hpp>
#include <wiredup/error.hpp>
#include <wiredup/tfidf.hpp>

#include "../src/detail/radix_sort.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <map>
#include <random>
#include <tuple>
#include <utility>

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


// In a large crawl many of a short item's fingerprints are stock phrases, which no pair can
// share: the share min_fraction asks for is of the item's other fingerprints. An item of 10,
// 7 of them stock phrases, inside a long article: 3 shared of 3 usable, where 3 of all 10 would
// fall short of 40%. Two articles sharing only stock phrases and one rare fingerprint are not
// candidates (min_common).
TEST(ContainmentIndex, MinFractionLeavesStockPhrasesOut) {
    containment_options options;
    options.max_postings = 4;
    options.sample_rate = 1;
    options.min_common = 2;
    options.min_fraction = 0.4;
    containment_index index(options);
    const std::vector<std::uint64_t> stock{101, 102, 103, 104, 105, 106, 107};
    std::vector<std::uint64_t> item = stock;
    item.insert(item.end(), {1, 2, 3});
    std::vector<std::uint64_t> article = item;
    for (std::uint64_t h = 1000; h < 1030; ++h) article.push_back(h);
    std::sort(item.begin(), item.end());
    std::sort(article.begin(), article.end());
    index.add(0, item);
    index.add(1, article);
    // Five more documents carry the stock phrases (7 lists of 7 documents > max_postings); one
    // shares a rare fingerprint with the item, two another with each other: one each, too few.
    for (doc_index d = 2; d < 7; ++d) {
        std::vector<std::uint64_t> prints = stock;
        prints.push_back(d < 4 ? 4 : 2000 + d);
        if (d == 2) prints.push_back(1);
        std::sort(prints.begin(), prints.end());
        index.add(d, prints);
    }
    containment_stats stats;
    const auto candidates = index.candidates(&stats);
    EXPECT_EQ(stats.stock_phrases, 7u);
    EXPECT_EQ(candidates, (std::vector<doc_pair>{{0, 1}}));
}
TEST(ContainmentIndex, RejectsInvalidOptions) {
    containment_options o;
    o.sample_rate = 6;
    EXPECT_THROW(containment_index{o}, error);
    o = {};
    o.max_postings = 1;
    EXPECT_THROW(containment_index{o}, error);
    o = {};
    o.pair_budget = 0;
    EXPECT_THROW(containment_index{o}, error);
}

using doc_prints = std::vector<std::pair<doc_index, std::vector<std::uint64_t>>>;

// The original algorithm as a twin: postings as a map of hash -> documents, pair counts as a map.
std::vector<doc_pair> reference_candidates(const doc_prints& docs,
                                           const containment_options& o, containment_stats& stats) {
    stats = {};
    std::map<std::uint64_t, std::vector<doc_index>> postings;
    std::map<doc_index, std::size_t> counts;
    for (const auto& [doc, prints] : docs) {
        counts[doc] = prints.size();
        stats.documents += prints.empty() ? 0 : 1;
        stats.fingerprints += prints.size();
        for (const auto h : prints) postings[h].push_back(doc);
    }
    std::map<doc_pair, std::size_t> common;
    for (auto& [hash, list] : postings) {
        if (list.size() > o.max_postings) {
            ++stats.stock_phrases;
            for (const doc_index doc : list) --counts[doc];  // min_fraction is of the rest
            continue;
        }
        std::sort(list.begin(), list.end());
        for (std::size_t i = 0; i < list.size(); ++i)
            for (std::size_t j = i + 1; j < list.size(); ++j)
                if (list[i] != list[j]) ++common[{list[i], list[j]}];
    }
    std::vector<doc_pair> result;
    for (const auto& [p, c] : common) {
        const double smaller = static_cast<double>(std::min(counts[p.a], counts[p.b]));
        if (c >= o.min_common && static_cast<double>(c) >= o.min_fraction * smaller) result.push_back(p);
    }
    stats.candidates = result.size();
    return result;
}

// Shared fingerprints drawn from pools of every size (some above max_postings), documents of
// 0-80 fingerprints with sparse numbers, a third holding most of an earlier one's, a repeated
// hash inside a document, and hashes that are small integers as well as full 64-bit values.
TEST(ContainmentIndex, CandidatesMatchStraightforwardTwin) {
    std::mt19937_64 rng(91);
    for (const bool small_hashes : {false, true}) {
        SCOPED_TRACE(small_hashes ? "small hashes" : "64-bit hashes");
        containment_options o;
        o.max_postings = 12;
        o.min_common = 2;
        o.min_fraction = 0.3;
        std::vector<std::pair<doc_index, std::vector<std::uint64_t>>> docs;
        doc_index doc = 0;
        for (int i = 0; i < 3000; ++i) {
            doc += 1 + static_cast<doc_index>(rng() % 2);
            std::vector<std::uint64_t> prints;
            for (std::size_t k = rng() % 81; k > 0; --k) {
                const std::uint64_t pool = rng() % 4;  // shared by many, by some, by few, by none
                const std::uint64_t value = pool == 0 ? rng() % 50 : pool == 1 ? 1000 + rng() % 3000
                                          : pool == 2 ? 100000 + rng() % 40000 : rng();
                prints.push_back(small_hashes ? value : value * 0x9e3779b97f4a7c15ULL);
            }
            if (i > 0 && rng() % 3 == 0) {  // much of an earlier document: a containment candidate
                const auto& earlier = docs[rng() % docs.size()].second;
                for (const auto h : earlier)
                    if (rng() % 4 != 0) prints.push_back(h);
            }
            if (i % 97 == 0 && !prints.empty()) prints.push_back(prints.front());
            docs.push_back({doc, prints});
        }
        containment_index index(o);
        for (const auto& [d, prints] : docs) index.add(d, prints);
        containment_stats got, expected;
        const auto candidates = index.candidates(&got);
        ASSERT_EQ(candidates, reference_candidates(docs, o, expected));
        EXPECT_GT(candidates.size(), 100u) << "the test must exercise counting";
        EXPECT_EQ(got.documents, expected.documents);
        EXPECT_EQ(got.fingerprints, expected.fingerprints);
        EXPECT_EQ(got.stock_phrases, expected.stock_phrases);
        EXPECT_EQ(got.candidates, expected.candidates);
    }
}

// Brute force over all pairs: common(a, b) = sum over non-stock hashes h of (copies of h in a) *
// (copies of h in b), which is what one posting list per hash makes of repeats; min_fraction is
// of the smaller document's fingerprints that are not stock phrases.
std::vector<doc_pair> all_pairs_candidates(const doc_prints& docs, const containment_options& o) {
    std::map<std::uint64_t, std::size_t> postings;
    for (const auto& [doc, prints] : docs)
        for (const auto h : prints) ++postings[h];
    std::vector<std::map<std::uint64_t, std::size_t>> copies(docs.size());
    for (std::size_t i = 0; i < docs.size(); ++i)
        for (const auto h : docs[i].second)
            if (postings[h] <= o.max_postings) ++copies[i][h];
    std::vector<doc_pair> result;
    for (std::size_t i = 0; i < docs.size(); ++i)
        for (std::size_t j = i + 1; j < docs.size(); ++j) {
            std::size_t common = 0;
            for (const auto& [h, n] : copies[i])
                if (const auto it = copies[j].find(h); it != copies[j].end()) common += n * it->second;
            const auto usable = [&](std::size_t k) {
                std::size_t n = 0;
                for (const auto& [h, copies_of_h] : copies[k]) n += copies_of_h;
                return n;
            };
            const double smaller = static_cast<double>(std::min(usable(i), usable(j)));
            if (common >= o.min_common && static_cast<double>(common) >= o.min_fraction * smaller)
                result.push_back({docs[i].first, docs[j].first});
        }
    std::sort(result.begin(), result.end());
    return result;
}

// n distinct hashes (fixed | random bits of free) that all land in the index's shard number
// `shard` (detail::mix64(h) % 256).
std::vector<std::uint64_t> hashes_in_shard(std::mt19937_64& rng, std::size_t n, std::uint64_t shard,
                                           std::uint64_t fixed, std::uint64_t free) {
    std::vector<std::uint64_t> out;
    while (out.size() < n) {
        const std::uint64_t h = fixed | (rng() & free);
        if (detail::mix64(h) % 256 == shard && std::find(out.begin(), out.end(), h) == out.end()) out.push_back(h);
    }
    return out;
}

// A few hundred documents whose numbers leap (gaps past 127, 16383 and 2^21, so a shard's
// document gaps take every encoded length), sharing fingerprints with documents near and far:
// contained copies, partial copies around min_fraction, stock phrases past max_postings, 40
// fingerprints of one document in one shard, and pairs made by hashes that share a shard and
// their top or bottom 32 bits with others (which a key of those bits would merge into a stock phrase).
TEST(ContainmentIndex, CandidatesMatchAllPairsBruteForceAcrossLargeDocumentGaps) {
    std::mt19937_64 rng(2024);
    containment_options o;
    o.max_postings = 10;
    o.min_common = 2;
    o.min_fraction = 0.4;
    const std::vector<std::uint64_t> stock{rng() >> 3, rng() >> 3, rng() >> 3};
    const std::uint64_t high = 0xffffffff00000000ULL, low = 0xffffffffULL;
    const auto same_shard = hashes_in_shard(rng, 40, 7, 0, ~std::uint64_t{0} >> 3);
    const auto alike_top = hashes_in_shard(rng, 8, 3, rng() & high, low);
    const auto alike_bottom = hashes_in_shard(rng, 8, 5, rng() & low, high);
    doc_prints docs;
    doc_index doc = 0;
    // (first gap, later gaps, documents): consecutive, then 200 apart, a leap of 3M, 20000 apart,
    // a leap of 2.2M, consecutive again.
    const std::vector<std::tuple<doc_index, doc_index, int>> runs{
        {0, 1, 80}, {200, 200, 80}, {3000000, 20000, 80}, {2200000, 1, 80}};
    for (const auto& [leap, gap, count] : runs)
        for (int i = 0; i < count; ++i) {
            doc += i == 0 ? leap : gap;
            std::vector<std::uint64_t> prints;
            for (std::size_t k = 3 + rng() % 30; k > 0; --k) prints.push_back(rng() >> 3);
            const auto kind = docs.empty() ? 9 : rng() % 10;
            const auto& earlier = docs.empty() ? prints : docs[rng() % docs.size()].second;
            if (kind < 3) {  // contains an earlier document, near or far
                prints.insert(prints.end(), earlier.begin(), earlier.end());
            } else if (kind < 6) {  // some of an earlier document: around min_fraction
                for (const auto h : earlier)
                    if (rng() % 2 == 0) prints.push_back(h);
            } else if (kind == 6) {  // a stock phrase
                prints.push_back(stock[rng() % stock.size()]);
            } else if (kind == 7) {  // a small document paired with others by two alike hashes
                const auto k = rng() % alike_top.size();
                prints = {rng() >> 3, alike_top[k], alike_bottom[k]};
            } else if (kind == 8) {  // a repeated hash
                prints.push_back(prints.front());
            }
            if (i % 20 == 0)  // many fingerprints of one document in one shard
                for (std::size_t k = 0; k < same_shard.size(); k += 1 + i / 20 % 2)
                    prints.push_back(same_shard[k]);
            std::sort(prints.begin(), prints.end());
            docs.push_back({doc, prints});
        }
    containment_index index(o);
    for (const auto& [d, prints] : docs) index.add(d, prints);
    containment_stats stats, twin_stats;
    const auto candidates = index.candidates(&stats);
    ASSERT_EQ(candidates, all_pairs_candidates(docs, o));
    EXPECT_EQ(candidates, reference_candidates(docs, o, twin_stats));
    // Counted a few blocks at a time (a block alone when it exceeds the budget): the same pairs.
    for (const std::size_t budget : {std::size_t{1}, std::size_t{37}, std::size_t{500}}) {
        containment_options chunked = o;
        chunked.pair_budget = budget;
        containment_index small(chunked);
        for (const auto& [d, prints] : docs) small.add(d, prints);
        EXPECT_EQ(small.candidates(), candidates) << budget;
    }
    // Spent (each shard freed once read): the same pairs, and an empty index left behind.
    containment_stats spent_stats;
    EXPECT_EQ(std::move(index).candidates(&spent_stats), candidates);
    EXPECT_EQ(spent_stats.stock_phrases, stats.stock_phrases);
    EXPECT_EQ(index.bytes(), containment_index(o).bytes());  // spent: specified empty
    EXPECT_TRUE(index.candidates().empty());
    EXPECT_EQ(stats.stock_phrases, twin_stats.stock_phrases);
    EXPECT_GT(stats.stock_phrases, 0u);
    // Not trivially equal: many pairs, some of them between the first run and the last.
    EXPECT_GT(candidates.size(), 150u);
    EXPECT_TRUE(std::any_of(candidates.begin(), candidates.end(),
                            [&](const doc_pair& p) { return p.a < 100 && p.b > 5000000; }));
    const auto has = [&](doc_index d, std::uint64_t h) {
        const auto& prints = std::find_if(docs.begin(), docs.end(), [&](const auto& x) { return x.first == d; })->second;
        return std::binary_search(prints.begin(), prints.end(), h);
    };
    const auto alike_pair = [&](const doc_pair& p) {
        return std::any_of(alike_top.begin(), alike_top.end(), [&](auto h) { return has(p.a, h) && has(p.b, h); });
    };
    EXPECT_GE(std::count_if(candidates.begin(), candidates.end(), alike_pair), 10);
}

// Some 200k fingerprints of 4000 news-sized documents (400 shingles, ~50 fingerprints each, as
// at 1M documents the gap between a shard's documents is ~5): 4 bytes of key and ~1 of document
// each, plus the blocks' own vectors and the room left in each shard's last block (none once
// shrunk to fit), against 12 bytes of hash and document before.
TEST(ContainmentIndex, HoldsAboutFiveBytesAFingerprint) {
    std::mt19937_64 rng(5);
    containment_index index({});
    std::size_t prints = 0;
    for (doc_index d = 0; d < 4000; ++d) {
        const auto p = fingerprints(random_set(rng, 400), 8);
        index.add(d, p);
        prints += p.size();
    }
    ASSERT_GT(prints, 190000u);
    const double per_print = static_cast<double>(index.bytes()) / static_cast<double>(prints);
    EXPECT_GE(per_print, 5.0) << "under the 4 + 1 bytes held: bytes() misses something";
    EXPECT_LE(per_print, 6.5) << "5 bytes, under 30% on top; it was 12";
    index.shrink_to_fit();
    const double shrunk = static_cast<double>(index.bytes()) / static_cast<double>(prints);
    EXPECT_GE(shrunk, 5.0);
    EXPECT_LE(shrunk, 5.6) << "the blocks' own vectors: a few blocks a shard";
    EXPECT_LT(shrunk, per_print);
    std::printf("containment index: %.2f bytes a fingerprint, %.2f shrunk to fit\n", per_print, shrunk);
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
