// Stage 5, band: band keys per second and candidate generation on corpora with planted
// near-duplicates, with recall against the exact oracle (exact_pairs) and candidates per document
// next to the speed. Input is generated from a seeded std::mt19937_64.
#include <wiredup/containment.hpp>
#include <wiredup/exact.hpp>
#include <wiredup/lsh.hpp>
#include <wiredup/minhash.hpp>

#include "bench_text.hpp"

#include <benchmark/benchmark.h>

#include <algorithm>
#include <map>
#include <random>
#include <span>
#include <string>
#include <vector>

namespace {

using wiredup::bench::word_source;

struct planted_corpus {
    std::vector<wiredup::shingle_set> sets;
    std::vector<wiredup::signature> signatures;
    std::map<int, std::vector<wiredup::doc_pair>> truth;  // exact pairs by threshold in percent
};

// n documents of ~500 words: 80% originals, 20% copies of a random original with 0-15% of the
// words changed (Jaccard of 5-shingles from 1 down to about 0.3), in shuffled order.
planted_corpus& corpus(std::size_t n) {
    static std::map<std::size_t, planted_corpus> cache;
    auto [it, inserted] = cache.try_emplace(n);
    planted_corpus& c = it->second;
    if (!inserted) return c;
    word_source source(31);
    std::mt19937_64 rng(32);
    std::vector<std::vector<std::string>> originals, docs;
    for (std::size_t i = 0; i < n * 4 / 5; ++i) originals.push_back(source.words());
    docs = originals;
    std::uniform_int_distribution<std::size_t> pick(0, originals.size() - 1);
    std::uniform_real_distribution<double> fraction(0.0, 0.15);
    while (docs.size() < n) docs.push_back(source.mutate(originals[pick(rng)], fraction(rng)));
    std::shuffle(docs.begin(), docs.end(), rng);
    const wiredup::shingler shingler;
    const wiredup::minhasher hasher;
    for (const auto& d : docs) {
        c.sets.push_back(shingler.shingle(word_source::join(d)));
        c.signatures.push_back(hasher.sign(c.sets.back()));
    }
    return c;
}

const std::vector<wiredup::doc_pair>& truth(std::size_t n, int percent) {
    auto& c = corpus(n);
    auto [it, inserted] = c.truth.try_emplace(percent);
    if (inserted) it->second = wiredup::exact_pairs(c.sets, percent / 100.0);
    return it->second;
}

wiredup::lsh_options options_for(int percent) {
    wiredup::lsh_options o;
    o.threshold = percent / 100.0;
    return o;
}

void BM_LshBandKeys(benchmark::State& state) {
    const auto& c = corpus(1000);
    const wiredup::lsh_index index(options_for(static_cast<int>(state.range(0))), wiredup::default_num_perm);
    std::vector<wiredup::band_key> keys(index.shape().bands);
    std::size_t i = 0;
    for (auto _ : state) {
        index.band_keys(c.signatures[i++ % c.signatures.size()], keys);
        benchmark::DoNotOptimize(keys.data());
    }
    state.SetItemsProcessed(state.iterations());
    state.SetBytesProcessed(state.iterations() * static_cast<std::int64_t>(wiredup::default_num_perm * 4));
    state.counters["bands"] = static_cast<double>(index.shape().bands);
    state.counters["rows"] = static_cast<double>(index.shape().rows);
}
BENCHMARK(BM_LshBandKeys)->Arg(50)->Arg(80);

// Adding every document's band keys and producing the candidates; keys are computed beforehand.
void BM_LshCandidates(benchmark::State& state) {
    const auto n = static_cast<std::size_t>(state.range(0));
    const int percent = static_cast<int>(state.range(1));
    const auto& c = corpus(n);
    const auto& exact = truth(n, percent);
    const auto options = options_for(percent);
    const wiredup::lsh_index shape(options, wiredup::default_num_perm);
    const std::size_t bands = shape.shape().bands;
    std::vector<wiredup::band_key> keys(n * bands);
    for (std::size_t d = 0; d < n; ++d)
        shape.band_keys(c.signatures[d], std::span<wiredup::band_key>(keys).subspan(d * bands, bands));
    std::vector<wiredup::doc_pair> candidates;
    wiredup::lsh_stats stats;
    for (auto _ : state) {
        wiredup::lsh_index index(options, wiredup::default_num_perm);
        for (std::size_t d = 0; d < n; ++d)
            index.add(static_cast<wiredup::doc_index>(d), std::span<const wiredup::band_key>(keys).subspan(d * bands, bands));
        candidates = index.candidates(&stats);
        benchmark::DoNotOptimize(candidates.data());
    }
    std::vector<wiredup::doc_pair> found;
    std::set_intersection(exact.begin(), exact.end(), candidates.begin(), candidates.end(), std::back_inserter(found));
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(n));
    state.counters["recall"] = exact.empty() ? 1.0 : static_cast<double>(found.size()) / static_cast<double>(exact.size());
    state.counters["precision"] =
        candidates.empty() ? 1.0 : static_cast<double>(found.size()) / static_cast<double>(candidates.size());
    state.counters["candidates_per_doc"] = static_cast<double>(candidates.size()) / static_cast<double>(n);
    state.counters["true_pairs"] = static_cast<double>(exact.size());
    state.counters["largest_bucket"] = static_cast<double>(stats.largest_bucket);
    state.counters["bands"] = static_cast<double>(bands);
    state.counters["rows"] = static_cast<double>(shape.shape().rows);
}
BENCHMARK(BM_LshCandidates)
    ->Args({1000, 50})
    ->Args({1000, 80})
    ->Args({5000, 50})
    ->Args({5000, 80})
    ->Unit(benchmark::kMillisecond);

// A news-like run: n documents of ~500 words, 78% originals, 20% reworded copies (0-15% of the
// words changed) and 2% copies of four wire stories republished hundreds of times (oversized
// buckets). Only signatures and containment fingerprints are kept, so 100k documents fit.
struct large_corpus {
    std::vector<wiredup::signature> signatures;
    std::vector<std::vector<std::uint64_t>> prints;  // containment fingerprints, 1 in 8 shingles
};

const large_corpus& news_corpus(std::size_t n) {
    static std::map<std::size_t, large_corpus> cache;
    auto [it, inserted] = cache.try_emplace(n);
    large_corpus& c = it->second;
    if (!inserted) return c;
    word_source source(41);
    std::mt19937_64 rng(42);
    std::vector<std::vector<std::string>> originals;
    for (std::size_t i = 0; i < n * 39 / 50; ++i) originals.push_back(source.words());
    std::vector<std::size_t> plan(n);  // < originals: that original; else a copy (resolved below)
    for (std::size_t i = 0; i < n; ++i) plan[i] = i;
    std::shuffle(plan.begin(), plan.end(), rng);
    std::uniform_int_distribution<std::size_t> pick(0, originals.size() - 1);
    std::uniform_int_distribution<std::size_t> wire(0, 3);
    std::uniform_real_distribution<double> fraction(0.0, 0.15), light(0.0, 0.01);
    const wiredup::shingler shingler;
    const wiredup::minhasher hasher;
    for (std::size_t i = 0; i < n; ++i) {
        const std::size_t k = plan[i];
        std::vector<std::string> words;
        if (k < originals.size()) words = originals[k];
        else if (k < n * 49 / 50) words = source.mutate(originals[pick(rng)], fraction(rng));
        else words = source.mutate(originals[wire(rng)], light(rng));
        const auto set = shingler.shingle(word_source::join(words));
        c.signatures.push_back(hasher.sign(set));
        c.prints.push_back(wiredup::fingerprints(set, 8));
    }
    return c;
}

// lsh_index::candidates() alone on 100k documents (b, r chosen for the default threshold).
void BM_LshCandidatesNews(benchmark::State& state) {
    const auto n = static_cast<std::size_t>(state.range(0));
    const auto& c = news_corpus(n);
    const wiredup::lsh_options options;
    wiredup::lsh_index index(options, wiredup::default_num_perm);
    std::vector<wiredup::band_key> keys(index.shape().bands);
    for (std::size_t d = 0; d < n; ++d) {
        index.band_keys(c.signatures[d], keys);
        index.add(static_cast<wiredup::doc_index>(d), keys);
    }
    std::vector<wiredup::doc_pair> candidates;
    wiredup::lsh_stats stats;
    for (auto _ : state) {
        candidates = index.candidates(&stats);
        benchmark::DoNotOptimize(candidates.data());
    }
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(n));
    state.counters["candidates_per_doc"] = static_cast<double>(stats.candidates) / static_cast<double>(n);
    state.counters["bucket_pairs_per_doc"] = static_cast<double>(stats.bucket_pairs) / static_cast<double>(n);
    state.counters["largest_bucket"] = static_cast<double>(stats.largest_bucket);
    state.counters["oversized"] = static_cast<double>(stats.oversized_buckets);
    state.counters["bands"] = static_cast<double>(index.shape().bands);
    state.counters["rows"] = static_cast<double>(index.shape().rows);
}
BENCHMARK(BM_LshCandidatesNews)->Arg(100000)->Unit(benchmark::kMillisecond);

// containment_index::candidates() alone on the same documents.
void BM_ContainmentCandidatesNews(benchmark::State& state) {
    const auto n = static_cast<std::size_t>(state.range(0));
    const auto& c = news_corpus(n);
    wiredup::containment_index index({});
    for (std::size_t d = 0; d < n; ++d) index.add(static_cast<wiredup::doc_index>(d), c.prints[d]);
    std::vector<wiredup::doc_pair> candidates;
    wiredup::containment_stats stats;
    for (auto _ : state) {
        candidates = index.candidates(&stats);
        benchmark::DoNotOptimize(candidates.data());
    }
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(n));
    state.counters["fingerprints_per_doc"] = static_cast<double>(stats.fingerprints) / static_cast<double>(n);
    state.counters["candidates_per_doc"] = static_cast<double>(stats.candidates) / static_cast<double>(n);
    state.counters["stock_phrases"] = static_cast<double>(stats.stock_phrases);
    state.counters["bytes_per_fingerprint"] =
        static_cast<double>(index.bytes()) / static_cast<double>(stats.fingerprints);
}
BENCHMARK(BM_ContainmentCandidatesNews)->Arg(100000)->Unit(benchmark::kMillisecond);

// containment_index::add() of the same documents' fingerprints into a fresh index.
void BM_ContainmentAddNews(benchmark::State& state) {
    const auto n = static_cast<std::size_t>(state.range(0));
    const auto& c = news_corpus(n);
    std::size_t prints = 0;
    for (const auto& p : c.prints) prints += p.size();
    std::uint64_t bytes = 0;
    for (auto _ : state) {
        wiredup::containment_index index({});
        for (std::size_t d = 0; d < n; ++d) index.add(static_cast<wiredup::doc_index>(d), c.prints[d]);
        bytes = index.bytes();
        benchmark::DoNotOptimize(bytes);
    }
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(prints));
    state.counters["bytes_per_fingerprint"] = static_cast<double>(bytes) / static_cast<double>(prints);
}
BENCHMARK(BM_ContainmentAddNews)->Arg(100000)->Unit(benchmark::kMillisecond);

} // namespace
