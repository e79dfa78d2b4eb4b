// Stage 3, shingle: word and character shingling of normalized news-size documents, and exact
// Jaccard of near-duplicate shingle sets. Input is generated from a seeded std::mt19937_64.
#include <wiredup/shingle.hpp>

#include "../src/detail/sort_hashes.hpp"
#include "bench_text.hpp"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

namespace {

using wiredup::bench::word_source;

std::vector<std::string> documents(std::size_t n) {
    word_source source(11);
    std::vector<std::string> docs;
    for (std::size_t i = 0; i < n; ++i) docs.push_back(word_source::join(source.words()));
    return docs;
}

void shingle_documents(benchmark::State& state, wiredup::shingle_kind kind) {
    const auto docs = documents(64);
    wiredup::shingle_options options;
    options.kind = kind;
    options.width = static_cast<std::size_t>(state.range(0));
    const wiredup::shingler shingler(options);
    std::size_t i = 0;
    std::int64_t bytes = 0;
    double shingles = 0;
    for (auto _ : state) {
        const auto& doc = docs[i++ % docs.size()];
        const auto set = shingler.shingle(doc);
        benchmark::DoNotOptimize(set.data());
        bytes += static_cast<std::int64_t>(doc.size());
        shingles += static_cast<double>(set.size());
    }
    state.SetBytesProcessed(bytes);
    state.SetItemsProcessed(state.iterations());
    state.counters["shingles_per_doc"] = shingles / static_cast<double>(state.iterations());
}

void BM_ShingleWords(benchmark::State& state) { shingle_documents(state, wiredup::shingle_kind::word); }
BENCHMARK(BM_ShingleWords)->Arg(3)->Arg(5)->Arg(8);

void BM_ShingleChars(benchmark::State& state) { shingle_documents(state, wiredup::shingle_kind::chars); }
BENCHMARK(BM_ShingleChars)->Arg(5)->Arg(10);

// Pass 2's word shingling: token hashes with their number flags, then the set and the number
// windows, as written and with their numbers masked, in one call. One word in 25 is a number
// (news runs about that: at 1M generated documents, 77 of 424 windows a document hold one).
void BM_ShingleTokensNumbers(benchmark::State& state) {
    word_source source(13);
    std::mt19937_64 rng(13);
    std::vector<std::string> docs;
    for (int d = 0; d < 64; ++d) {
        auto words = source.words();
        for (auto& w : words)
            if (rng() % 25 == 0) w = std::to_string(rng() % 3000);
        docs.push_back(word_source::join(words));
    }
    const wiredup::shingler shingler;
    std::vector<std::uint64_t> hashes;
    std::vector<std::uint8_t> numeric;
    wiredup::shingle_set set, plain, masked;
    std::size_t i = 0;
    std::int64_t bytes = 0;
    double windows = 0;
    for (auto _ : state) {
        const auto& doc = docs[i++ % docs.size()];
        hashes.clear();
        numeric.clear();
        shingler.tokens(doc, hashes, &numeric);
        shingler.shingle_tokens(hashes, numeric, set, plain, masked);
        benchmark::DoNotOptimize(masked.data());
        bytes += static_cast<std::int64_t>(doc.size());
        windows += static_cast<double>(plain.size());
    }
    state.SetBytesProcessed(bytes);
    state.SetItemsProcessed(state.iterations());
    state.counters["number_windows_per_doc"] = windows / static_cast<double>(state.iterations());
}
BENCHMARK(BM_ShingleTokensNumbers);

void BM_ShingleJaccard(benchmark::State& state) {
    // Pairs of a document and a copy with 10% of its words changed.
    word_source source(12);
    const wiredup::shingler shingler;
    std::vector<std::pair<wiredup::shingle_set, wiredup::shingle_set>> pairs;
    for (int i = 0; i < 64; ++i) {
        const auto words = source.words();
        pairs.emplace_back(shingler.shingle(word_source::join(words)),
                           shingler.shingle(word_source::join(source.mutate(words, 0.1))));
    }
    std::size_t i = 0;
    std::int64_t bytes = 0;
    double total = 0;
    for (auto _ : state) {
        const auto& [a, b] = pairs[i++ % pairs.size()];
        const double j = wiredup::jaccard(a, b);
        benchmark::DoNotOptimize(j);
        total += j;
        bytes += static_cast<std::int64_t>((a.size() + b.size()) * sizeof(std::uint64_t));
    }
    state.SetItemsProcessed(state.iterations());
    state.SetBytesProcessed(bytes);
    state.counters["mean_jaccard"] = total / static_cast<double>(state.iterations());
}
BENCHMARK(BM_ShingleJaccard);

// Sorting a document's hashes, as pass 2 does twice a document (its shingle set and its token
// hashes, about 450 of each in news): uniform 64-bit values, some repeated. A million values in
// all, in a thousand inputs and more: a few dozen, sorted over and over, let the branch
// predictor learn them, which flattered a sort that branches on its data.
void BM_SortHashes(benchmark::State& state) {
    const auto n = static_cast<std::size_t>(state.range(0));
    std::mt19937_64 rng(11);
    std::vector<std::vector<std::uint64_t>> inputs(std::max<std::size_t>(64, (std::size_t{1} << 20) / n));
    for (auto& v : inputs) {
        for (std::size_t i = 0; i < n; ++i) v.push_back(i % 4 == 3 ? v[rng() % v.size()] : rng());
    }
    wiredup::detail::sort_buffers buffers;
    std::vector<std::uint64_t> work;
    std::size_t k = 0;
    for (auto _ : state) {
        const auto& input = inputs[k++ % inputs.size()];
        work.assign(input.begin(), input.end());
        wiredup::detail::sort_hashes(work, buffers);
        benchmark::DoNotOptimize(work.data());
    }
    state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_SortHashes)->Arg(100)->Arg(450)->Arg(2000)->Arg(20000);

} // namespace
