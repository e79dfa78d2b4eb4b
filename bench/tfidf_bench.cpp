// Stage 6, confirm: term counting, building the TF-IDF matrix, cosines of candidate pairs, the
// set scores of each pair and the set intersection kernel. Input is generated from a seeded std::mt19937_64: news-size documents,
// every fifth one a reworded copy of the one before it.
#include <wiredup/tfidf.hpp>

#include "bench_text.hpp"
#include "../src/detail/intersect_kernel.hpp"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <map>
#include <random>
#include <string>
#include <vector>

namespace {

using wiredup::bench::word_source;

struct confirm_corpus {
    std::vector<std::string> texts;
    std::vector<wiredup::term_counts> counts;
    std::vector<wiredup::shingle_set> shingles;
    std::vector<wiredup::doc_pair> pairs;  // each document with its next 4, grouped by the first
    std::int64_t bytes = 0;
};

const confirm_corpus& corpus() {
    static const confirm_corpus c = [] {
        constexpr std::size_t n = 2000;
        confirm_corpus out;
        word_source source(41);
        const wiredup::shingler shingler;
        std::vector<std::string> last;
        for (std::size_t i = 0; i < n; ++i) {
            last = i % 5 == 4 ? source.mutate(last, 0.1) : source.words();
            out.texts.push_back(word_source::join(last));
            out.bytes += static_cast<std::int64_t>(out.texts.back().size());
            out.counts.push_back(wiredup::count_terms(out.texts.back()));
            out.shingles.push_back(shingler.shingle(out.texts.back()));
            for (std::size_t j = 1; j <= 4 && i >= j; ++j)
                out.pairs.push_back({static_cast<wiredup::doc_index>(i - j), static_cast<wiredup::doc_index>(i)});
        }
        std::sort(out.pairs.begin(), out.pairs.end());
        return out;
    }();
    return c;
}

void BM_TfidfCountTerms(benchmark::State& state) {
    const auto& c = corpus();
    std::size_t i = 0;
    std::int64_t bytes = 0;
    for (auto _ : state) {
        const auto& text = c.texts[i++ % c.texts.size()];
        benchmark::DoNotOptimize(wiredup::count_terms(text));
        bytes += static_cast<std::int64_t>(text.size());
    }
    state.SetBytesProcessed(bytes);
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_TfidfCountTerms);

// Term counts of 2,000 documents: argument 0 is the text corpus above (a few thousand distinct
// words, every table fits in L1); any other argument is a Zipf vocabulary of that many random
// term hashes, 500 draws a document, every fifth document a reworded copy of the one before, so
// that the tables are as large as those of a big news corpus.
const std::vector<wiredup::term_counts>& counts_of(std::int64_t vocabulary) {
    if (vocabulary == 0) return corpus().counts;
    static std::map<std::int64_t, std::vector<wiredup::term_counts>> cache;
    auto& out = cache[vocabulary];
    if (!out.empty()) return out;
    std::mt19937_64 rng(47);
    std::vector<std::uint64_t> words(static_cast<std::size_t>(vocabulary));
    std::vector<double> weights(words.size());
    for (std::size_t i = 0; i < words.size(); ++i) words[i] = rng(), weights[i] = 1.0 / static_cast<double>(i + 1);
    std::discrete_distribution<std::size_t> zipf(weights.begin(), weights.end());
    std::bernoulli_distribution change(0.1);
    std::vector<std::uint64_t> last(500);
    for (std::size_t d = 0; d < corpus().counts.size(); ++d) {
        for (auto& w : last)
            if (d % 5 != 4 || change(rng)) w = words[zipf(rng)];
        auto sorted = last;
        std::sort(sorted.begin(), sorted.end());
        wiredup::term_counts counts;
        for (const std::uint64_t w : sorted) {
            if (counts.empty() || counts.back().first != w) counts.emplace_back(w, 0);
            ++counts.back().second;
        }
        out.push_back(std::move(counts));
    }
    return out;
}

std::int64_t total_terms(const std::vector<wiredup::term_counts>& counts) {
    std::int64_t n = 0;
    for (const auto& t : counts) n += static_cast<std::int64_t>(t.size());
    return n;
}

wiredup::term_census census_of(const std::vector<wiredup::term_counts>& counts) {
    wiredup::term_census census;
    for (const auto& t : counts) census.add(t);
    return census;
}

// The census as the confirm stage reads it: finished, its terms numbered.
wiredup::term_census finished_census_of(const std::vector<wiredup::term_counts>& counts) {
    auto census = census_of(counts);
    census.finish();
    return census;
}

wiredup::tfidf_vectors vectors_of(const wiredup::term_census& census, const std::vector<wiredup::term_counts>& counts) {
    wiredup::tfidf_vectors vectors(census);
    for (std::size_t d = 0; d < counts.size(); ++d) vectors.add(static_cast<wiredup::doc_index>(d), counts[d]);
    vectors.finish();
    return vectors;
}

// Items are (document, term) entries counted into the census.
void BM_TfidfCensusAdd(benchmark::State& state) {
    const auto& counts = counts_of(state.range(0));
    for (auto _ : state) benchmark::DoNotOptimize(census_of(counts));
    state.SetItemsProcessed(state.iterations() * total_terms(counts));
}
BENCHMARK(BM_TfidfCensusAdd)->ArgName("vocabulary")->Arg(0)->Arg(1 << 20)->Unit(benchmark::kMillisecond);

// Items are (shard, term) entries merged: the corpus counted in 8 shards, as threads count it, then merged.
void BM_TfidfCensusMerge(benchmark::State& state) {
    const auto& counts = counts_of(state.range(0));
    std::vector<wiredup::term_census> shards(8);
    for (std::size_t d = 0; d < counts.size(); ++d) shards[d * shards.size() / counts.size()].add(counts[d]);
    std::int64_t entries = 0;
    for (const auto& s : shards) entries += static_cast<std::int64_t>(s.terms());
    for (auto _ : state) {
        wiredup::term_census total;
        for (const auto& s : shards) total.merge(s);
        benchmark::DoNotOptimize(total);
    }
    state.SetItemsProcessed(state.iterations() * entries);
}
BENCHMARK(BM_TfidfCensusMerge)->ArgName("vocabulary")->Arg(0)->Arg(1 << 20)->Unit(benchmark::kMillisecond);

// Items are idf lookups, every (document, term) entry of the corpus in document order.
void BM_TfidfCensusIdf(benchmark::State& state) {
    const auto& counts = counts_of(state.range(0));
    const auto census = finished_census_of(counts);
    for (auto _ : state) {
        double sum = 0;
        for (const auto& t : counts)
            for (const auto& [term, count] : t) sum += census.idf(term);
        benchmark::DoNotOptimize(sum);
    }
    state.SetItemsProcessed(state.iterations() * total_terms(counts));
    state.counters["distinct_terms"] = static_cast<double>(census.terms());
}
BENCHMARK(BM_TfidfCensusIdf)->ArgName("vocabulary")->Arg(0)->Arg(1 << 20)->Unit(benchmark::kMillisecond);

// Items are (document, term) entries added to the matrix, finish() included; the census is built once.
void BM_TfidfVectorsAdd(benchmark::State& state) {
    const auto& counts = counts_of(state.range(0));
    const auto census = finished_census_of(counts);
    for (auto _ : state) benchmark::DoNotOptimize(vectors_of(census, counts));
    state.SetItemsProcessed(state.iterations() * total_terms(counts));
}
BENCHMARK(BM_TfidfVectorsAdd)->ArgName("vocabulary")->Arg(0)->Arg(1 << 20)->Unit(benchmark::kMillisecond);

// The census and the L2-normalized sparse matrix of all 2,000 documents.
void BM_TfidfBuildVectors(benchmark::State& state) {
    const auto& c = corpus();
    for (auto _ : state) {
        const auto census = finished_census_of(c.counts);
        benchmark::DoNotOptimize(vectors_of(census, c.counts));
    }
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(c.counts.size()));
    state.SetBytesProcessed(state.iterations() * c.bytes);
}
BENCHMARK(BM_TfidfBuildVectors)->Unit(benchmark::kMillisecond);

// Items are candidate pairs scored, all in one call.
void BM_TfidfCosines(benchmark::State& state) {
    const auto& c = corpus();
    const auto& counts = counts_of(state.range(0));
    const auto census = finished_census_of(counts);
    const auto vectors = vectors_of(census, counts);
    std::vector<float> cosines;
    for (auto _ : state) {
        cosines = vectors.cosines(c.pairs);
        benchmark::DoNotOptimize(cosines.data());
    }
    double copies = 0, others = 0;
    std::size_t n_copies = 0;
    for (std::size_t i = 0; i < c.pairs.size(); ++i) {
        const bool copy = c.pairs[i].b % 5 == 4 && c.pairs[i].a + 1 == c.pairs[i].b;
        (copy ? copies : others) += cosines[i];
        n_copies += copy ? 1 : 0;
    }
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(c.pairs.size()));
    state.counters["mean_cosine_copies"] = copies / static_cast<double>(n_copies);
    state.counters["mean_cosine_others"] = others / static_cast<double>(c.pairs.size() - n_copies);
}
BENCHMARK(BM_TfidfCosines)->ArgName("vocabulary")->Arg(0)->Arg(1 << 20)->Unit(benchmark::kMillisecond);

// As the pipeline calls it: one call per slice of 4,096 pairs. The argument is the number of
// extra columns, terms of one document that is in no pair, to show what the vocabulary size
// costs each call (a large news corpus has a few hundred thousand distinct words).
void BM_TfidfCosinesChunked(benchmark::State& state) {
    const auto& c = corpus();
    auto counts = c.counts;
    wiredup::term_counts padding(static_cast<std::size_t>(state.range(0)));
    std::mt19937_64 rng(43);
    for (auto& [term, count] : padding) term = rng(), count = 1;
    std::sort(padding.begin(), padding.end());
    counts.push_back(padding);
    const auto census = finished_census_of(counts);
    const auto vectors = vectors_of(census, counts);
    constexpr std::size_t chunk = 4096;
    for (auto _ : state) {
        for (std::size_t lo = 0; lo < c.pairs.size(); lo += chunk) {
            const std::vector<wiredup::doc_pair> slice(
                c.pairs.begin() + static_cast<std::ptrdiff_t>(lo),
                c.pairs.begin() + static_cast<std::ptrdiff_t>(std::min(c.pairs.size(), lo + chunk)));
            benchmark::DoNotOptimize(vectors.cosines(slice));
        }
    }
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(c.pairs.size()));
}
BENCHMARK(BM_TfidfCosinesChunked)->Arg(0)->Arg(1 << 18)->Arg(1 << 21)->Unit(benchmark::kMillisecond);

void BM_TfidfScoreSets(benchmark::State& state) {
    const auto& c = corpus();
    std::size_t i = 0;
    std::int64_t bytes = 0;
    wiredup::scored_pair scored;
    for (auto _ : state) {
        const auto& p = c.pairs[i++ % c.pairs.size()];
        wiredup::score_sets(c.shingles[p.a], c.shingles[p.b], scored);
        benchmark::DoNotOptimize(scored);
        bytes += static_cast<std::int64_t>((c.shingles[p.a].size() + c.shingles[p.b].size()) * sizeof(std::uint64_t));
    }
    state.SetItemsProcessed(state.iterations());
    state.SetBytesProcessed(bytes);
}
BENCHMARK(BM_TfidfScoreSets);

} // namespace

namespace {

// The confirm stage's set intersection: pairs of 450-shingle sets (31-bit, flagged) sharing 5%,
// like the unrelated same-topic candidates that make most of its work, and 60%, like copies.
void intersect_pairs(benchmark::State& state, bool vector_kernel) {
    std::mt19937_64 rng(3);
    constexpr std::size_t pairs = 512, size = 450;
    const auto shared_percent = static_cast<std::uint64_t>(state.range(0));
    std::vector<std::vector<std::uint32_t>> a(pairs), b(pairs);
    for (std::size_t p = 0; p < pairs; ++p) {
        for (std::size_t i = 0; i < size; ++i) {
            a[p].push_back(static_cast<std::uint32_t>(rng()));
            b[p].push_back(rng() % 100 < shared_percent ? a[p].back() : static_cast<std::uint32_t>(rng()));
        }
        for (auto* v : {&a[p], &b[p]}) {
            std::sort(v->begin(), v->end());
            v->erase(std::unique(v->begin(), v->end()), v->end());
        }
    }
    std::size_t total = 0;
    for (auto _ : state) {
        for (std::size_t p = 0; p < pairs; ++p) {
            const auto s = vector_kernel ? wiredup::detail::intersect_flagged(a[p], b[p])
                                         : wiredup::detail::intersect_flagged_scalar(a[p], b[p]);
            total += s.all + s.numeric;
        }
    }
    benchmark::DoNotOptimize(total);
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * pairs));
    state.SetLabel(vector_kernel ? std::string(wiredup::detail::intersect_target()) : "scalar merge");
}
void BM_IntersectFlagged(benchmark::State& state) { intersect_pairs(state, true); }
void BM_IntersectFlaggedScalar(benchmark::State& state) { intersect_pairs(state, false); }
BENCHMARK(BM_IntersectFlagged)->ArgName("shared_percent")->Arg(5)->Arg(60);
BENCHMARK(BM_IntersectFlaggedScalar)->ArgName("shared_percent")->Arg(5)->Arg(60);

} // namespace
