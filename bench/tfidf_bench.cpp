// Stage 6, confirm: term counting, building the TF-IDF matrix, cosines of candidate pairs and the
// set scores of each pair. Input is generated from a seeded std::mt19937_64: news-size documents,
// every fifth one a reworded copy of the one before it.
#include <wiredup/tfidf.hpp>

#include "bench_text.hpp"

#include <benchmark/benchmark.h>

#include <algorithm>
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

// The census and the L2-normalized sparse matrix of all 2,000 documents.
void BM_TfidfBuildVectors(benchmark::State& state) {
    const auto& c = corpus();
    for (auto _ : state) {
        wiredup::term_census census;
        for (const auto& t : c.counts) census.add(t);
        wiredup::tfidf_vectors vectors(census);
        for (std::size_t d = 0; d < c.counts.size(); ++d) vectors.add(static_cast<wiredup::doc_index>(d), c.counts[d]);
        vectors.finish();
        benchmark::DoNotOptimize(vectors);
    }
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(c.counts.size()));
    state.SetBytesProcessed(state.iterations() * c.bytes);
}
BENCHMARK(BM_TfidfBuildVectors)->Unit(benchmark::kMillisecond);

void BM_TfidfCosines(benchmark::State& state) {
    const auto& c = corpus();
    wiredup::term_census census;
    for (const auto& t : c.counts) census.add(t);
    wiredup::tfidf_vectors vectors(census);
    for (std::size_t d = 0; d < c.counts.size(); ++d) vectors.add(static_cast<wiredup::doc_index>(d), c.counts[d]);
    vectors.finish();
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
BENCHMARK(BM_TfidfCosines)->Unit(benchmark::kMillisecond);

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
