// Stage 4, sign: signatures per second for 64-512 permutations over the shingle sets of news-size
// documents, per instruction set and for one-permutation hashing, and the cost and error of
// estimating Jaccard from two signatures. Input is generated from a seeded std::mt19937_64.
#include <wiredup/minhash.hpp>
#include <wiredup/tfidf.hpp>

#include "bench_targets.hpp"
#include "bench_text.hpp"

#include <benchmark/benchmark.h>
#define XXH_INLINE_ALL  // the floor hashes as the library does, inlined
#include <xxhash.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <vector>

namespace {

using wiredup::bench::word_source;

struct signed_corpus {
    std::vector<wiredup::shingle_set> sets;
    std::int64_t text_bytes = 0;
};

// 64 documents, each followed by a copy with 10% of its words changed.
signed_corpus shingled() {
    word_source source(21);
    const wiredup::shingler shingler;
    signed_corpus c;
    for (int i = 0; i < 32; ++i) {
        const auto words = source.words();
        for (const auto& w : {words, source.mutate(words, 0.1)}) {
            const auto text = word_source::join(w);
            c.text_bytes += static_cast<std::int64_t>(text.size());
            c.sets.push_back(shingler.shingle(text));
        }
    }
    return c;
}

// Items are documents; bytes are the normalized text the signed shingles came from.
void sign_corpus(benchmark::State& state, const wiredup::minhash_options& options) {
    const auto corpus = shingled();
    const wiredup::minhasher hasher(options);
    wiredup::signature sig(hasher.num_perm());
    std::size_t i = 0;
    double shingles = 0;
    for (auto _ : state) {
        const auto& set = corpus.sets[i++ % corpus.sets.size()];
        hasher.sign(set, sig);
        benchmark::DoNotOptimize(sig.data());
        shingles += static_cast<double>(set.size());
    }
    state.SetItemsProcessed(state.iterations());
    state.SetBytesProcessed(corpus.text_bytes * static_cast<std::int64_t>(state.iterations()) /
                            static_cast<std::int64_t>(corpus.sets.size()));
    state.counters["shingles"] = benchmark::Counter(shingles, benchmark::Counter::kIsRate);
}

wiredup::minhash_options options_for(const benchmark::State& state, bool one_permutation = false) {
    wiredup::minhash_options options;
    options.num_perm = static_cast<std::size_t>(state.range(0));
    options.one_permutation = one_permutation;
    return options;
}

// The classic scheme on the instruction set chosen at run time (the label names it).
void BM_MinHashSign(benchmark::State& state) {
    state.SetLabel(std::string(wiredup::minhash_simd_target()));
    sign_corpus(state, options_for(state));
}
BENCHMARK(BM_MinHashSign)->Arg(64)->Arg(128)->Arg(256)->Arg(512);

// The classic scheme forced onto each instruction set this CPU runs and the library has code
// for: SCALAR is the plain 64-bit loop, the baseline the SIMD ratio is taken against.
[[maybe_unused]] const bool targets_registered = [] {
    for (auto* b : wiredup::bench::register_per_target(
             "BM_MinHashSignTarget", [](benchmark::State& state) { sign_corpus(state, options_for(state)); },
             [] { return wiredup::minhash_simd_target(); }))
        b->Arg(128);
    return true;
}();

// One-permutation hashing with optimal densification: one hash per shingle, not num_perm.
void BM_MinHashSignOnePermutation(benchmark::State& state) { sign_corpus(state, options_for(state, true)); }
BENCHMARK(BM_MinHashSignOnePermutation)->Arg(64)->Arg(128)->Arg(256)->Arg(512);

// Mean absolute error of the estimate against exact Jaccard over the document/copy pairs,
// averaged over 16 seeds so that the two schemes' figures are comparable.
double mean_abs_error(const signed_corpus& corpus, bool one_permutation) {
    double error = 0;
    std::size_t pairs = 0;
    for (std::uint64_t seed = 1; seed <= 16; ++seed) {
        wiredup::minhash_options options;
        options.seed = seed;
        options.one_permutation = one_permutation;
        const wiredup::minhasher hasher(options);
        for (std::size_t p = 0; p + 1 < corpus.sets.size(); p += 2, ++pairs)
            error += std::abs(wiredup::estimate_jaccard(hasher.sign(corpus.sets[p]), hasher.sign(corpus.sets[p + 1])) -
                              wiredup::jaccard(corpus.sets[p], corpus.sets[p + 1]));
    }
    return error / static_cast<double>(pairs);
}

// Estimates for the document/copy pairs, with the quality of both schemes next to the speed.
void BM_MinHashEstimate(benchmark::State& state) {
    const auto corpus = shingled();
    const wiredup::minhasher hasher;
    std::vector<wiredup::signature> sigs;
    for (const auto& s : corpus.sets) sigs.push_back(hasher.sign(s));
    std::size_t i = 0;
    for (auto _ : state) {
        const std::size_t p = 2 * (i++ % (sigs.size() / 2));
        benchmark::DoNotOptimize(wiredup::estimate_jaccard(sigs[p], sigs[p + 1]));
    }
    state.SetItemsProcessed(state.iterations());
    state.SetBytesProcessed(state.iterations() * 2 * static_cast<std::int64_t>(hasher.num_perm() * sizeof(std::uint32_t)));
    state.counters["mean_abs_error"] = mean_abs_error(corpus, false);
    state.counters["mean_abs_error_oph"] = mean_abs_error(corpus, true);
}
BENCHMARK(BM_MinHashEstimate);

// The band stage's screen of one proposed pair, with both sketches in cache: equal 4-bit slots,
// the lowest Jaccard the confirm rules accept for the two sizes, and the table lookup. At 1M
// documents it runs 99M times.
void BM_SignatureScreenPair(benchmark::State& state) {
    const auto corpus = shingled();
    wiredup::minhash_options wide;
    wide.num_perm = 2 * wiredup::default_num_perm;
    const wiredup::minhasher sketcher(wide);
    std::vector<std::vector<std::uint8_t>> sketches;
    for (const auto& s : corpus.sets) {
        sketches.emplace_back(sketcher.num_perm() / 2);
        wiredup::low_nibbles(sketcher.sign(s), sketches.back());
    }
    const wiredup::sketch_screen screen(sketcher.num_perm(), 1e-3);
    const wiredup::confirm_options rules;
    std::size_t i = 0, kept = 0;
    for (auto _ : state) {
        const std::size_t a = i % sketches.size(), b = (i * 7 + 3) % sketches.size();
        ++i;
        const std::size_t equal = wiredup::equal_nibbles(sketches[a], sketches[b]);
        const std::size_t size_a = corpus.sets[a].size(), size_b = corpus.sets[b].size();
        kept += screen.plausible(equal, std::min(size_a, size_b), wiredup::lowest_confirmable_jaccard(size_a, size_b, rules));
        benchmark::DoNotOptimize(kept);
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_SignatureScreenPair);

// The same screen as the band stage runs it: the sketches of a chunk of proposed pairs compared
// in one call (equal_nibbles of many pairs), then each pair judged. Pairs as a bucket of 64
// proposes them (each member with every later one), sketches in one array as the run keeps them.
void BM_SignatureScreenPairs(benchmark::State& state) {
    const auto corpus = shingled();
    wiredup::minhash_options wide;
    wide.num_perm = 2 * wiredup::default_num_perm;
    const wiredup::minhasher sketcher(wide);
    const std::size_t bytes = sketcher.num_perm() / 2;
    std::vector<std::uint8_t> rows(corpus.sets.size() * bytes);
    for (std::size_t d = 0; d < corpus.sets.size(); ++d)
        wiredup::low_nibbles(sketcher.sign(corpus.sets[d]), std::span(rows).subspan(d * bytes, bytes));
    std::vector<wiredup::doc_pair> pairs;
    const auto members = static_cast<wiredup::doc_index>(std::min<std::size_t>(64, corpus.sets.size()));
    for (wiredup::doc_index a = 0; a < members; ++a)
        for (wiredup::doc_index b = a + 1; b < members; ++b) pairs.push_back({a, b});
    const wiredup::sketch_screen screen(sketcher.num_perm(), 1e-3);
    const wiredup::confirm_options rules;
    std::vector<std::uint32_t> equal(pairs.size());
    std::size_t kept = 0;
    for (auto _ : state) {
        wiredup::equal_nibbles(rows, bytes, pairs, equal);
        for (std::size_t i = 0; i < pairs.size(); ++i) {
            const std::size_t size_a = corpus.sets[pairs[i].a].size(), size_b = corpus.sets[pairs[i].b].size();
            kept += screen.plausible(equal[i], std::min(size_a, size_b), wiredup::lowest_confirmable_jaccard(size_a, size_b, rules));
        }
        benchmark::DoNotOptimize(kept);
    }
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(pairs.size()));
}
BENCHMARK(BM_SignatureScreenPairs);

// ---- the signing path against its floor ---------------------------------------------------
// Both run over the same normalized texts and count their bytes. The floor only tokenizes and
// hashes (each token, then each window of 5 token hashes, as the shingler does) and keeps
// nothing; the path goes from text in memory to a finished signature (tokenize, hash, sort the
// set, MinHash). scripts/bench prints path / floor: how close signing is to what it cannot avoid.

std::vector<std::string> normalized_texts() {
    word_source source(21);
    std::vector<std::string> texts;
    for (int i = 0; i < 64; ++i) texts.push_back(word_source::join(source.words()));
    return texts;
}

std::int64_t total_bytes(const std::vector<std::string>& texts) {
    std::int64_t bytes = 0;
    for (const auto& t : texts) bytes += static_cast<std::int64_t>(t.size());
    return bytes;
}

void BM_SignFloorTokenizeHash(benchmark::State& state) {
    const auto texts = normalized_texts();
    const wiredup::shingler shingler;
    const std::size_t k = shingler.options().width;
    std::vector<std::uint64_t> tokens;
    for (auto _ : state) {
        for (const auto& text : texts) {
            tokens.clear();
            shingler.tokens(text, tokens);
            std::uint64_t x = 0;
            for (std::size_t i = 0; i + k <= tokens.size(); ++i)
                x ^= XXH3_64bits_withSeed(tokens.data() + i, k * sizeof(std::uint64_t), 0);
            benchmark::DoNotOptimize(x);
        }
    }
    state.SetBytesProcessed(total_bytes(texts) * static_cast<std::int64_t>(state.iterations()));
    state.SetItemsProcessed(static_cast<std::int64_t>(texts.size()) * static_cast<std::int64_t>(state.iterations()));
}
BENCHMARK(BM_SignFloorTokenizeHash);

void sign_from_text(benchmark::State& state, bool one_permutation) {
    const auto texts = normalized_texts();
    const wiredup::shingler shingler;
    wiredup::minhash_options options;
    options.one_permutation = one_permutation;
    const wiredup::minhasher hasher(options);
    wiredup::signature sig(hasher.num_perm());
    std::vector<std::uint64_t> tokens;
    for (auto _ : state) {
        for (const auto& text : texts) {
            tokens.clear();
            shingler.tokens(text, tokens);
            hasher.sign(shingler.shingle_tokens(tokens), sig);
            benchmark::DoNotOptimize(sig.data());
        }
    }
    state.SetLabel(one_permutation ? std::string("one permutation") : std::string(wiredup::minhash_simd_target()));
    state.SetBytesProcessed(total_bytes(texts) * static_cast<std::int64_t>(state.iterations()));
    state.SetItemsProcessed(static_cast<std::int64_t>(texts.size()) * static_cast<std::int64_t>(state.iterations()));
}
// The default scheme, one permutation, then the classic one (--minhash classic).
void BM_SignFromText(benchmark::State& state) { sign_from_text(state, true); }
BENCHMARK(BM_SignFromText);
void BM_SignFromTextClassic(benchmark::State& state) { sign_from_text(state, false); }
BENCHMARK(BM_SignFromTextClassic);

} // namespace
