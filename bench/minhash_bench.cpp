// Stage 4, sign: signatures per second for 64-512 permutations over the shingle sets of news-size
// documents, and the cost of estimating Jaccard from two signatures. Input is generated from a
// seeded std::mt19937_64.
#include <wiredup/minhash.hpp>

#include <benchmark/benchmark.h>

#include <cmath>
#include <random>
#include <string>
#include <vector>

namespace {

// Normalized text (lower-case tokens, one line per ~40 words) of ~500 words drawn with Zipf
// frequencies from 4,000 made-up words.
class word_source {
public:
    explicit word_source(std::uint64_t seed) : rng_(seed) {
        static const char* const syllables[] = {"ka", "lo", "mi", "ren", "sa", "tor", "vel", "an", "bri", "cu",
                                                "dan", "el", "fo", "gri", "hu", "is", "jo", "lem", "nor", "ot"};
        std::uniform_int_distribution<int> count(1, 4), pick(0, 19);
        std::vector<double> weights;
        for (int i = 0; i < 4000; ++i) {
            std::string w;
            for (int s = count(rng_); s > 0; --s) w += syllables[pick(rng_)];
            vocabulary_.push_back(w);
            weights.push_back(1.0 / (i + 1));
        }
        zipf_ = std::discrete_distribution<std::size_t>(weights.begin(), weights.end());
    }

    std::vector<std::string> words(std::size_t n = 500) {
        std::vector<std::string> w(n);
        for (auto& x : w) x = vocabulary_[zipf_(rng_)];
        return w;
    }

    /// The words with a fraction replaced by fresh draws: a reworded copy.
    std::vector<std::string> mutate(std::vector<std::string> w, double fraction) {
        std::bernoulli_distribution change(fraction);
        for (auto& x : w)
            if (change(rng_)) x = vocabulary_[zipf_(rng_)];
        return w;
    }

    static std::string join(const std::vector<std::string>& w) {
        std::string text;
        for (std::size_t i = 0; i < w.size(); ++i) {
            if (i > 0) text += i % 40 == 0 ? '\n' : ' ';
            text += w[i];
        }
        return text;
    }

private:
    std::mt19937_64 rng_;
    std::vector<std::string> vocabulary_;
    std::discrete_distribution<std::size_t> zipf_;
};

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
void BM_MinHashSign(benchmark::State& state) {
    const auto corpus = shingled();
    wiredup::minhash_options options;
    options.num_perm = static_cast<std::size_t>(state.range(0));
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
BENCHMARK(BM_MinHashSign)->Arg(64)->Arg(128)->Arg(256)->Arg(512);

// Estimates for the document/copy pairs, with the quality of the estimate next to its speed.
void BM_MinHashEstimate(benchmark::State& state) {
    const auto corpus = shingled();
    const wiredup::minhasher hasher;
    std::vector<wiredup::signature> sigs;
    for (const auto& s : corpus.sets) sigs.push_back(hasher.sign(s));
    double error = 0;
    for (std::size_t p = 0; p + 1 < sigs.size(); p += 2)
        error += std::abs(wiredup::estimate_jaccard(sigs[p], sigs[p + 1]) -
                          wiredup::jaccard(corpus.sets[p], corpus.sets[p + 1]));
    std::size_t i = 0;
    for (auto _ : state) {
        const std::size_t p = 2 * (i++ % (sigs.size() / 2));
        benchmark::DoNotOptimize(wiredup::estimate_jaccard(sigs[p], sigs[p + 1]));
    }
    state.SetItemsProcessed(state.iterations());
    state.SetBytesProcessed(state.iterations() * 2 * static_cast<std::int64_t>(hasher.num_perm() * sizeof(std::uint32_t)));
    state.counters["mean_abs_error"] = error / static_cast<double>(sigs.size() / 2);
}
BENCHMARK(BM_MinHashEstimate);

} // namespace
