// Stage 6, confirm: term counting, the idf census, TF-IDF cosines, set scores and the confirmation
// rule clause by clause.
#include <wiredup/tfidf.hpp>

#include <wiredup/error.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <random>
#include <string>
#include <thread>

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

// The census as vectors need it: finished, its terms numbered.
term_census finished_census_of(const std::vector<std::string>& docs) {
    auto census = census_of(docs);
    census.finish();
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

// The pipeline hashes tokens once for shingles and terms: counting from the hashes, given in
// any order, must give what counting from the text gives.
TEST(CountTerms, FromTokenHashesEqualsFromText) {
    const std::string text = "rescue teams searched\nthe rubble the teams 5 5 5 rescue";
    std::vector<std::uint64_t> hashes;
    for (const char* t : {"5", "rescue", "teams", "searched", "the", "rubble", "the", "teams", "5", "5", "rescue"})
        hashes.push_back(token_hash(t));
    EXPECT_EQ(count_terms(hashes), count_terms(text));
    EXPECT_TRUE(count_terms(std::vector<std::uint64_t>{}).empty());
}

// The brute-force twin of count_terms: every token hashed, counted in an ordered map.
term_counts count_terms_slowly(std::string_view text) {
    std::map<std::uint64_t, std::uint32_t> counts;
    std::string token;
    for (const char c : std::string(text) + ' ') {
        if (c != ' ' && c != '\n') {
            token += c;
        } else if (!token.empty()) {
            ++counts[token_hash(token)];
            token.clear();
        }
    }
    return {counts.begin(), counts.end()};
}

TEST(CountTerms, MatchesBruteForceOnLongTexts) {
    std::mt19937_64 rng(5);
    std::vector<std::string> words;
    for (int i = 0; i < 3000; ++i) words.push_back(std::string("w").append(std::to_string(rng() % 100000)));
    // Short texts take the comparison sort; long ones the bucket scatter, up to its 2^16 buckets.
    for (const std::size_t n : {1u, 10u, 63u, 64u, 65u, 500u, 5000u, 200000u}) {
        std::string text = n % 2 ? "  " : "";
        for (std::size_t i = 0; i < n; ++i) {
            text += words[rng() % (i % 3 == 0 ? 10 : words.size())];  // some words repeat a lot
            text += rng() % 7 == 0 ? "\n" : rng() % 11 == 0 ? "  " : " ";
        }
        EXPECT_EQ(count_terms(text), count_terms_slowly(text)) << n << " words";
    }
    EXPECT_EQ(count_terms(" \n a  a\n"), (term_counts{{token_hash("a"), 2}}));
}

// ---- the flat table under the census and the vectors --------------------------------------

TEST(TermTable, KeepsKeysThatShareTheirSlotAndExtremeKeys) {
    detail::term_table table;
    std::vector<std::uint64_t> keys = {0, 1, std::numeric_limits<std::uint64_t>::max()};
    // Keys alike in their low bits all want the same slot; those of the last slot wrap to slot 0.
    for (std::uint64_t i = 1; i < 300; ++i) keys.push_back(i << 40 | 0xABCDEF);
    for (std::uint64_t i = 1; i < 300; ++i) keys.push_back(std::numeric_limits<std::uint64_t>::max() - (i << 40));
    for (std::size_t i = 0; i < keys.size(); ++i) {
        const auto [value, inserted] = table.emplace(keys[i], static_cast<std::uint32_t>(i + 1));
        EXPECT_TRUE(inserted) << keys[i];
        EXPECT_EQ(value, i + 1);
    }
    EXPECT_EQ(table.size(), keys.size());
    for (std::size_t i = 0; i < keys.size(); ++i) EXPECT_EQ(table.find(keys[i]), i + 1) << keys[i];
    EXPECT_EQ(table.find(300ULL << 40 | 0xABCDEF), 0u);  // absent, at the end of a long run
    EXPECT_EQ(table.find(2), 0u);

    auto [value, inserted] = table.emplace(0, 99);
    EXPECT_FALSE(inserted);
    EXPECT_EQ(value, 1u);  // the first value stays
    value = 7;
    EXPECT_EQ(table.find(0), 7u);
    EXPECT_EQ(table.size(), keys.size());

    std::map<std::uint64_t, std::uint32_t> seen;
    table.for_each([&](std::uint64_t k, std::uint32_t v) { EXPECT_TRUE(seen.emplace(k, v).second) << k; });
    EXPECT_EQ(seen.size(), keys.size());
    EXPECT_EQ(seen[0], 7u);
}

TEST(TermTable, FindsEveryKeyAfterGrowing) {
    detail::term_table table;
    EXPECT_EQ(table.find(0), 0u);  // an empty table has no slots at all
    std::mt19937_64 rng(11);
    std::map<std::uint64_t, std::uint32_t> expected;
    for (std::uint32_t i = 1; i <= 20000; ++i) {
        const std::uint64_t key = rng();
        expected.emplace(key, i);
        table.emplace(key, i);
    }
    EXPECT_EQ(table.size(), expected.size());
    for (const auto& [key, value] : expected) ASSERT_EQ(table.find(key), value) << key;
    for (int i = 0; i < 1000; ++i) EXPECT_EQ(table.find(rng()), 0u);
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

TEST(TermCensus, ZeroAndMaxHashesAreOrdinaryTerms) {
    const std::uint64_t zero = 0, max = std::numeric_limits<std::uint64_t>::max();
    term_census census;
    census.add({{zero, 1}, {max, 2}});
    census.add({{zero, 5}});
    census.add({});
    EXPECT_EQ(census.documents(), 3u);
    EXPECT_EQ(census.terms(), 2u);
    EXPECT_DOUBLE_EQ(census.idf(zero), std::log(4.0 / 3.0) + 1.0);
    EXPECT_DOUBLE_EQ(census.idf(max), std::log(4.0 / 2.0) + 1.0);
    EXPECT_DOUBLE_EQ(census.idf(1), std::log(4.0 / 1.0) + 1.0);
}

// Shards are merged in whatever order threads finish; the idf must not depend on it, bit for bit.
TEST(TermCensus, MergeOrderDoesNotMatter) {
    std::mt19937_64 rng(13);
    std::vector<std::uint64_t> vocabulary(2000);
    for (auto& t : vocabulary) t = rng();
    vocabulary[0] = 0;
    std::vector<term_counts> docs(300);
    for (auto& d : docs) {
        std::map<std::uint64_t, std::uint32_t> m;
        for (int i = 0; i < 50; ++i) ++m[vocabulary[rng() % (i % 2 ? 40 : vocabulary.size())]];
        d.assign(m.begin(), m.end());
    }
    std::vector<term_census> shards(4);
    term_census whole;
    for (std::size_t i = 0; i < docs.size(); ++i) {
        shards[i * shards.size() / docs.size()].add(docs[i]);
        whole.add(docs[i]);
    }
    term_census forward, backward, nested;
    for (const auto& s : shards) forward.merge(s);
    for (auto s = shards.rbegin(); s != shards.rend(); ++s) backward.merge(*s);
    term_census left = shards[2], right = shards[1];
    left.merge(shards[0]);
    right.merge(shards[3]);
    right.merge(left);
    nested = right;
    for (const term_census* c : {&forward, &backward, &nested}) {
        EXPECT_EQ(c->documents(), whole.documents());
        EXPECT_EQ(c->terms(), whole.terms());
        for (const std::uint64_t t : vocabulary) ASSERT_EQ(c->idf(t), whole.idf(t)) << t;
    }
}

// Tables hand out their terms in slot order, so a merge inserts keys in an order correlated with
// their slots; and a document's terms come sorted. Neither may pile keys into one run.
TEST(TermCensus, MergesLargeShardsAndSortedDocuments) {
    std::mt19937_64 rng(19);
    term_counts big(100000);
    for (auto& [term, count] : big) term = rng(), count = 1;
    std::sort(big.begin(), big.end());
    term_census shard, other;
    shard.add(big);
    other.add({big[5], {rng(), 1}});
    term_census total;
    total.merge(shard);
    total.merge(other);
    EXPECT_EQ(total.documents(), 2u);
    EXPECT_EQ(total.terms(), big.size() + 1);
    EXPECT_DOUBLE_EQ(total.idf(big[5].first), std::log(3.0 / 3.0) + 1.0);
    EXPECT_DOUBLE_EQ(total.idf(big[6].first), std::log(3.0 / 2.0) + 1.0);
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
    const auto census = finished_census_of(texts);
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
    const auto census = finished_census_of(docs);
    const auto v = vectors_of(census, docs, {0, 1});
    const double ia = census.idf(token_hash("a")), ib = census.idf(token_hash("b")), ic = census.idf(token_hash("c"));
    const double wa = (1 + std::log(3.0)) * ia;  // tf 3 -> 1 + ln 3
    const double expected = wa * ia / std::sqrt((wa * wa + ib * ib) * (ia * ia + ic * ic));
    EXPECT_NEAR(v.cosines({{0, 1}})[0], expected, 1e-6);
    EXPECT_LT(ia, ib);  // "a" is in every document: the smallest weight
}

TEST(TfidfVectors, CosineIsSymmetric) {
    const auto census = finished_census_of(texts);
    const auto v = vectors_of(census, texts, {0, 1, 2, 3, 4});
    const auto c = v.cosines({{0, 4}, {4, 0}, {2, 4}, {4, 2}});
    EXPECT_FLOAT_EQ(c[0], c[1]);
    EXPECT_FLOAT_EQ(c[2], c[3]);
}

TEST(TfidfVectors, PairOrderDoesNotChangeScores) {
    const auto census = finished_census_of(texts);
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
    const auto census = finished_census_of(texts);
    const std::vector<doc_pair> pairs = {{0, 1}, {0, 2}, {0, 4}, {1, 4}, {2, 4}, {3, 4}};
    const auto a = vectors_of(census, texts, {0, 1, 2, 3, 4}).cosines(pairs);
    const auto b = vectors_of(census, texts, {4, 2, 0, 3, 1}).cosines(pairs);
    ASSERT_EQ(a.size(), b.size());
    for (std::size_t i = 0; i < a.size(); ++i) EXPECT_NEAR(a[i], b[i], 1e-6f) << i;
}

TEST(TfidfVectors, OnlyAddedDocumentsAreScored) {
    const auto census = finished_census_of(texts);
    const auto v = vectors_of(census, texts, {0, 4});
    const auto c = v.cosines({{0, 4}, {0, 1}});
    EXPECT_GT(c[0], 0.0f);
    EXPECT_EQ(c[1], 0.0f);  // document 1 was never added
}

TEST(TfidfVectors, EmptyDocumentScoresZero) {
    const auto census = finished_census_of({"a b", ""});
    tfidf_vectors v(census);
    v.add(0, count_terms("a b"));
    v.add(1, {});
    v.finish();
    const auto c = v.cosines({{0, 1}, {1, 1}, {0, 0}});
    EXPECT_EQ(c[0], 0.0f);
    EXPECT_EQ(c[1], 0.0f);
    EXPECT_NEAR(c[2], 1.0f, 1e-6f);
}

// The brute-force twin: both vectors built densely in double from the formula, without tables.
double cosine_slowly(const term_census& census, const term_counts& a, const term_counts& b) {
    std::map<std::uint64_t, double> wa, wb;
    double na = 0, nb = 0;
    for (const auto& [t, n] : a) na += std::pow(wa[t] = (1 + std::log(double(n))) * census.idf(t), 2);
    for (const auto& [t, n] : b) nb += std::pow(wb[t] = (1 + std::log(double(n))) * census.idf(t), 2);
    double dot = 0;
    for (const auto& [t, w] : wa)
        if (wb.count(t)) dot += w * wb[t];
    return na > 0 && nb > 0 ? dot / std::sqrt(na * nb) : 0.0;
}

TEST(TfidfVectors, CosinesMatchBruteForceOnRandomVectors) {
    std::mt19937_64 rng(17);
    std::vector<std::uint64_t> vocabulary(500);
    for (auto& t : vocabulary) t = rng();
    vocabulary[0] = 0;                                             // the hash a table might reserve
    for (int i = 1; i < 20; ++i) vocabulary[i] = static_cast<std::uint64_t>(i) << 48 | 0x1234;  // one slot
    constexpr std::size_t n = 200;
    std::vector<term_counts> docs(n);
    for (std::size_t d = 0; d < n; ++d) {
        std::map<std::uint64_t, std::uint32_t> m;
        const std::size_t words = rng() % 120;
        for (std::size_t i = 0; i < words; ++i) ++m[vocabulary[rng() % (i % 3 ? vocabulary.size() : 25)]];
        if (d % 10 == 0) m[vocabulary[1]] += 300;      // past the table of small logarithms
        if (d % 10 == 5) m[vocabulary[2]] += static_cast<std::uint32_t>(100 + d);  // on both sides of its end
        docs[d].assign(m.begin(), m.end());
    }
    term_census census;
    for (std::size_t d = 0; d + 20 < n; ++d) census.add(docs[d]);  // the last few have unseen terms
    census.finish();
    docs[n - 10].emplace_back(0xFEEDULL, 2);                       // a term of no vocabulary word
    std::sort(docs[n - 10].begin(), docs[n - 10].end());
    std::vector<doc_index> order(n - 5);  // documents n-5.. are never added
    for (std::size_t d = 0; d < order.size(); ++d) order[d] = static_cast<doc_index>(d);
    std::shuffle(order.begin(), order.end(), rng);
    tfidf_vectors v(census);
    for (const doc_index d : order) v.add(d, docs[d]);
    v.finish();
    std::vector<doc_pair> pairs;
    for (std::size_t i = 0; i < 5000; ++i) {
        const auto a = static_cast<doc_index>(rng() % n);
        pairs.push_back({a, static_cast<doc_index>(rng() % 4 ? rng() % n : a)});
    }
    std::sort(pairs.begin(), pairs.begin() + 2500);  // half grouped by a, half in random order
    const auto c = v.cosines(pairs);
    ASSERT_EQ(c.size(), pairs.size());
    for (std::size_t i = 0; i < pairs.size(); ++i) {
        const auto [a, b] = pairs[i];
        const double expected = a >= order.size() || b >= order.size() ? 0.0 : cosine_slowly(census, docs[a], docs[b]);
        ASSERT_NEAR(c[i], expected, 2e-6) << a << "," << b;
    }
    std::vector<float> out(2000, -1.0f);
    v.cosines(std::span(pairs).subspan(1000, 2000), out);
    for (std::size_t i = 0; i < out.size(); ++i) ASSERT_EQ(out[i], c[1000 + i]) << i;
}

// finish() keeps every idf, and each term's column is its number: the order it was first met.
TEST(TermCensus, FinishKeepsTheIdfAndColumnsAreNumbers) {
    auto census = census_of({"a b", "a c", "a c", "d"});
    const std::vector<std::uint64_t> terms = {token_hash("a"), token_hash("b"), token_hash("c"), token_hash("d"),
                                              token_hash("unseen")};
    std::vector<double> before;
    for (const auto t : terms) before.push_back(census.idf(t));
    EXPECT_FALSE(census.finished());
    census.finish();
    EXPECT_TRUE(census.finished());
    EXPECT_EQ(census.terms(), 4u);
    for (std::size_t i = 0; i < terms.size(); ++i) EXPECT_EQ(census.idf(terms[i]), before[i]) << i;
    const bool a_first = token_hash("a") < token_hash("b");  // one document's terms: by hash
    EXPECT_EQ(census.column(token_hash("a")), a_first ? 1u : 2u);
    EXPECT_EQ(census.column(token_hash("b")), a_first ? 2u : 1u);
    EXPECT_EQ(census.column(token_hash("c")), 3u);
    EXPECT_EQ(census.column(token_hash("d")), 4u);
    EXPECT_EQ(census.column(token_hash("unseen")), 0u);
    for (std::size_t i = 0; i < 4; ++i) EXPECT_EQ(census.column_idf(census.column(terms[i]) - 1), before[i]) << i;
}

TEST(TfidfVectors, NeedAFinishedCensus) {
    const auto census = census_of(texts);
    EXPECT_THROW(tfidf_vectors v(census), error);
}

// The confirm stage lays rows out with place() and fills them from several threads, with the
// numbers the census gave each document's terms as it counted them (in shards, renumbered as
// they merge) as columns; scores must be what add() gives, bit for bit, in any order of
// filling. fill() refuses what it cannot place.
TEST(TfidfVectors, ParallelFillBuildsWhatAddBuilds) {
    std::mt19937_64 rng(23);
    std::vector<std::uint64_t> vocabulary(3000);
    for (auto& t : vocabulary) t = rng();
    constexpr std::size_t n = 400, shard_size = 90;
    std::vector<term_counts> docs(n);
    std::vector<std::vector<std::uint32_t>> numbers(n);
    term_census census;
    std::vector<std::uint32_t> renumbered;
    for (std::size_t first = 0; first < n; first += shard_size) {
        term_census shard;
        const std::size_t last = std::min(n, first + shard_size);
        for (std::size_t d = first; d < last; ++d) {
            std::map<std::uint64_t, std::uint32_t> m;
            const std::size_t words = rng() % 300;
            for (std::size_t i = 0; i < words; ++i) ++m[vocabulary[rng() % (i % 2 ? vocabulary.size() : 30)]];
            docs[d].assign(m.begin(), m.end());
            numbers[d].resize(docs[d].size());
            shard.add(docs[d], numbers[d]);
        }
        census.merge(shard, renumbered);
        for (std::size_t d = first; d < last; ++d)
            for (auto& number : numbers[d]) number = renumbered[number];
    }
    census.finish();
    for (std::size_t d = 0; d < n; ++d)
        for (std::size_t t = 0; t < docs[d].size(); ++t)
            ASSERT_EQ(numbers[d][t] + 1, census.column(docs[d][t].first));
    const auto columns_of = [&](std::size_t d) { return numbers[d]; };
    const auto counts_of = [&](std::size_t d) {
        std::vector<std::uint32_t> counts;
        for (const auto& [term, count] : docs[d]) counts.push_back(count);
        return counts;
    };
    std::vector<doc_index> rows;  // every document but the multiples of 7, in a shuffled order
    for (std::size_t d = 0; d < n; ++d)
        if (d % 7 != 0) rows.push_back(static_cast<doc_index>(d));
    std::shuffle(rows.begin(), rows.end(), rng);
    tfidf_vectors added(census), filled(census);
    std::vector<std::uint32_t> entries;
    for (const doc_index d : rows) {
        added.add(d, docs[d]);
        entries.push_back(static_cast<std::uint32_t>(docs[d].size()));
    }
    filled.place(rows, entries);
    std::vector<std::thread> threads;
    for (std::size_t t = 0; t < 4; ++t) {
        threads.emplace_back([&, t] {
            for (std::size_t i = rows.size(); i-- > 0;)
                if (i % 4 == t) filled.fill(rows[i], columns_of(rows[i]), counts_of(rows[i]));
        });
    }
    for (auto& t : threads) t.join();
    added.finish();
    filled.finish();
    std::vector<doc_pair> pairs;
    for (std::size_t i = 0; i < 20000; ++i) pairs.push_back({static_cast<doc_index>(rng() % n), static_cast<doc_index>(rng() % n)});
    std::sort(pairs.begin(), pairs.begin() + 10000);
    const auto a = added.cosines(pairs), b = filled.cosines(pairs);
    for (std::size_t i = 0; i < pairs.size(); ++i) ASSERT_EQ(a[i], b[i]) << pairs[i].a << "," << pairs[i].b;
    std::vector<doc_index> partners(rows.begin(), rows.begin() + 50);
    std::vector<float> with_added(partners.size()), with_filled(partners.size()), by_columns(partners.size());
    added.cosines_with(docs[7], partners, with_added);
    filled.cosines_with(docs[7], partners, with_filled);
    filled.cosines_with(columns_of(7), counts_of(7), partners, by_columns);
    EXPECT_EQ(with_added, with_filled);
    EXPECT_EQ(with_added, by_columns);
    EXPECT_GT(*std::max_element(with_added.begin(), with_added.end()), 0.0f);

    // Cleared and built again from half the rows (the confirm stage's next block), in its memory:
    // the rows it holds score as before, the rows it dropped as absent.
    filled.clear();
    const std::vector<doc_index> half(rows.begin(), rows.begin() + static_cast<std::ptrdiff_t>(rows.size() / 2));
    filled.place(half, std::span(entries).first(half.size()));
    for (const doc_index d : half) filled.fill(d, columns_of(d), counts_of(d));
    filled.finish();
    const auto again = filled.cosines(pairs);
    const auto held = [&](doc_index d) { return std::find(half.begin(), half.end(), d) != half.end(); };
    for (std::size_t i = 0; i < pairs.size(); ++i)
        ASSERT_EQ(again[i], held(pairs[i].a) && held(pairs[i].b) ? a[i] : 0.0f) << pairs[i].a << "," << pairs[i].b;

    tfidf_vectors refusing(census);
    const std::vector<doc_index> three = {3};
    const std::vector<std::uint32_t> two = {2}, ones = {1, 1}, triple = {1, 1, 1};
    refusing.place(three, two);
    const std::vector<std::uint32_t> known = {0, 1, 2};
    const std::vector<std::uint32_t> lacking = {0, static_cast<std::uint32_t>(census.terms())};
    EXPECT_THROW(refusing.fill(3, lacking, ones), error);  // a column the census lacks
    EXPECT_THROW(refusing.fill(4, std::span(known).first(2), ones), error);  // a document never placed
    EXPECT_THROW(refusing.fill(3, known, triple), error);  // not the size placed
    refusing.fill(3, std::span(known).first(2), ones);
    std::vector<float> out(1);
    EXPECT_THROW(refusing.cosines_with(lacking, ones, three, out), error);
}

// Numbers are given in the order terms are first met, and merging renumbers a shard's terms
// into the total's; the idf finish() works out depends on the counts alone.
TEST(TermCensus, NumbersTermsAsFirstMetAndIdfByCounts) {
    term_census census;
    std::vector<std::uint32_t> numbers(3);
    census.add({{5, 1}, {9, 2}, {20, 1}}, numbers);
    EXPECT_EQ(numbers, (std::vector<std::uint32_t>{0, 1, 2}));
    numbers.resize(2);
    census.add({{9, 1}, {30, 4}}, numbers);
    EXPECT_EQ(numbers, (std::vector<std::uint32_t>{1, 3}));
    term_census shard;
    numbers.resize(2);
    shard.add({{30, 1}, {40, 1}}, numbers);
    EXPECT_EQ(numbers, (std::vector<std::uint32_t>{0, 1}));
    std::vector<std::uint32_t> renumbered;
    census.merge(shard, renumbered);
    EXPECT_EQ(renumbered, (std::vector<std::uint32_t>{3, 4}));
    EXPECT_EQ(census.terms(), 5u);
    EXPECT_EQ(census.documents(), 3u);
    // Before finish(): idf from the summed document frequencies.
    EXPECT_DOUBLE_EQ(census.idf(9), std::log(4.0 / 3.0) + 1.0);
    EXPECT_DOUBLE_EQ(census.idf(30), std::log(4.0 / 3.0) + 1.0);
    EXPECT_DOUBLE_EQ(census.idf(77), std::log(4.0) + 1.0);
    // Terms merged in the other order get other numbers, their columns, and the same idf.
    term_census other;
    other.merge(shard);
    other.add({{9, 1}, {30, 4}});
    other.add({{5, 1}, {9, 2}, {20, 1}});
    census.finish();
    other.finish();
    const std::uint64_t by_number[] = {5, 9, 20, 30, 40}, other_by_number[] = {30, 40, 9, 5, 20};
    for (std::uint32_t number = 0; number < 5; ++number) {
        EXPECT_EQ(census.column(by_number[number]), number + 1);
        EXPECT_EQ(other.column(other_by_number[number]), number + 1);
        EXPECT_EQ(other.idf(by_number[number]), census.idf(by_number[number]));
        EXPECT_EQ(census.column_idf(number), census.idf(by_number[number]));
    }
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

// The floor the band screen uses: no pair of sets of these sizes below it passes the rule,
// whatever its cosine, and the floor is tight: a pair sharing a shingle or two more than it
// needs passes.
TEST(LowestConfirmableJaccard, NoPairBelowItPassesAndOneJustAbovePasses) {
    std::vector<confirm_options> rules(3, rule());
    rules[1].min_shared = 40;
    rules[2].min_containment = 2.0;  // containment rule off
    rules[2].cosine_min_jaccard = 0.4;
    for (const confirm_options& o : rules) {
        for (const std::size_t a : {1u, 5u, 9u, 30u, 120u, 400u, 2000u}) {
            for (const std::size_t b : {1u, 8u, 50u, 400u, 900u, 5000u}) {
                const double floor = lowest_confirmable_jaccard(a, b, o);
                bool passed = false;
                for (std::size_t shared = 0; shared <= std::min(a, b); ++shared) {
                    scored_pair p;
                    score_shared(shared, a, b, p);
                    p.cosine = 1.0f;
                    if (!is_duplicate(p, o)) continue;
                    EXPECT_GE(p.jaccard, floor) << a << " " << b << " shared " << shared;
                    if (!passed) {
                        EXPECT_LT(p.jaccard, floor + 2.0 / static_cast<double>(std::max(a, b)) + 1e-5)
                            << a << " " << b << ": the first passing pair is far above the floor";
                    }
                    passed = true;
                }
            }
        }
    }
}

// With the rule switched off (near_identical 0, as `wiredup eval` runs it) every pair passes,
// and the floor is 0.
TEST(LowestConfirmableJaccard, PermissiveRuleHasNoFloor) {
    confirm_options o = rule();
    o.near_identical_jaccard = 0;
    EXPECT_EQ(lowest_confirmable_jaccard(400, 500, o), 0.0);
    EXPECT_EQ(lowest_confirmable_jaccard(0, 500, rule()), 0.0);
}

} // namespace
} // namespace wiredup
