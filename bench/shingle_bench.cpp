// Stage 3, shingle: word and character shingling of normalized news-size documents, and exact
// Jaccard of near-duplicate shingle sets. Input is generated from a seeded std::mt19937_64.
#include <wiredup/shingle.hpp>

#include <benchmark/benchmark.h>

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

} // namespace
