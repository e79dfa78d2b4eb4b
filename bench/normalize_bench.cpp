// Stage 2, normalize: bytes per second of ASCII and accented news text, and the cost of the
// furniture census and of keep_content(). Input is generated from a seeded std::mt19937_64.
#include <wiredup/normalize.hpp>

#include <benchmark/benchmark.h>

#include "../src/detail/normalize_kernel.hpp"
#include "bench_targets.hpp"

#include <random>
#include <string>
#include <vector>

namespace {

// ~500-word news-like documents over 4,000 made-up words with Zipf frequencies: capitalized
// sentences, commas, paragraphs. `accented` turns about a third of the vocabulary non-ASCII.
class text_source {
public:
    text_source(std::uint64_t seed, bool accented) : rng_(seed) {
        static const char* const plain[] = {"ka", "lo", "mi", "ren", "sa", "tor", "vel", "an", "bri", "cu",
                                            "dan", "el", "fo", "gri", "hu", "is", "jo", "lem", "nor", "ot"};
        static const char* const marked[] = {"\xC3\xA9", "\xC3\xBC", "\xC3\x9F", "\xC3\xB8", "\xC4\x9F"};
        std::uniform_int_distribution<int> syllables(1, 4), pick(0, 19), mark(0, 4), coin(0, 2);
        std::vector<double> weights;
        for (int i = 0; i < 4000; ++i) {
            std::string w;
            for (int s = syllables(rng_); s > 0; --s) w += plain[pick(rng_)];
            if (accented && coin(rng_) == 0) w.insert(w.size() / 2, marked[mark(rng_)]);
            vocabulary_.push_back(w);
            weights.push_back(1.0 / (i + 1));
        }
        zipf_ = std::discrete_distribution<std::size_t>(weights.begin(), weights.end());
    }

    std::string document(std::size_t words = 500) {
        std::string text;
        std::uniform_int_distribution<int> sentence(8, 24), roll(0, 9);
        for (std::size_t n = 0; n < words;) {
            const int length = sentence(rng_);
            for (int i = 0; i < length && n < words; ++i, ++n) {
                std::string w = vocabulary_[zipf_(rng_)];
                if (i == 0 && w[0] >= 'a' && w[0] <= 'z') w[0] = static_cast<char>(w[0] - 'a' + 'A');
                text += w;
                text += i + 1 == length ? ". " : roll(rng_) == 0 ? ", " : " ";
            }
            if (roll(rng_) < 2) text += "\n\n";
        }
        return text;
    }

private:
    std::mt19937_64 rng_;
    std::vector<std::string> vocabulary_;
    std::discrete_distribution<std::size_t> zipf_;
};

std::vector<std::string> corpus(bool accented, std::size_t documents) {
    text_source source(accented ? 2 : 1, accented);
    std::vector<std::string> docs;
    for (std::size_t i = 0; i < documents; ++i) docs.push_back(source.document());
    return docs;
}

void normalize_documents(benchmark::State& state, bool accented) {
    const auto docs = corpus(accented, 64);
    std::size_t i = 0;
    std::int64_t bytes = 0;
    for (auto _ : state) {
        const auto& doc = docs[i++ % docs.size()];
        benchmark::DoNotOptimize(wiredup::normalize(doc));
        bytes += static_cast<std::int64_t>(doc.size());
    }
    state.SetBytesProcessed(bytes);
    state.SetItemsProcessed(state.iterations());
}

void BM_NormalizeAscii(benchmark::State& state) { normalize_documents(state, false); }
BENCHMARK(BM_NormalizeAscii);

// The same on each instruction set this machine runs: the block kernel packs the kept bytes by a
// different route where a target has no compress instruction for bytes (AVX2 and before).
[[maybe_unused]] const auto targets_registered = wiredup::bench::register_per_target(
    "BM_NormalizeAsciiTarget", [](benchmark::State& state) { normalize_documents(state, false); },
    [] { return wiredup::detail::normalize_target(); });

void BM_NormalizeUnicode(benchmark::State& state) { normalize_documents(state, true); }
BENCHMARK(BM_NormalizeUnicode);

// Documents as read, each carrying a few of 20 recurring furniture lines.
std::vector<std::string> furnished_raw(std::size_t documents) {
    const auto docs = corpus(false, documents);
    std::mt19937_64 rng(3);
    std::uniform_int_distribution<int> line(0, 19);
    std::vector<std::string> out;
    for (const auto& d : docs) {
        out.push_back("Share this story\nMenu " + std::to_string(line(rng)) + "\n" + d + "\nRelated " +
                      std::to_string(line(rng)) + "\nSubscribe now");
    }
    return out;
}

// The same, normalized.
std::vector<wiredup::normalized_text> furnished(std::size_t documents) {
    std::vector<wiredup::normalized_text> out;
    for (const auto& raw : furnished_raw(documents)) out.push_back(wiredup::normalize(raw));
    return out;
}

// One census of `docs` per iteration, each document given to it by add(census, doc), which
// returns the bytes it took.
template <typename Docs, typename Add>
void census_documents(benchmark::State& state, const Docs& docs, Add&& add) {
    std::size_t furniture = 0;
    std::int64_t bytes = 0;
    for (auto _ : state) {
        wiredup::line_census census;
        for (const auto& d : docs) bytes += static_cast<std::int64_t>(add(census, d));
        census.finish();
        furniture = census.furniture_lines();
    }
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(docs.size()));
    state.SetBytesProcessed(bytes);
    state.counters["furniture_lines"] = static_cast<double>(furniture);
}

void BM_NormalizeLineCensus(benchmark::State& state) {
    census_documents(state, furnished(static_cast<std::size_t>(state.range(0))),
                     [](wiredup::line_census& census, const wiredup::normalized_text& d) {
                         census.add(d);
                         return d.text.size();
                     });
}
BENCHMARK(BM_NormalizeLineCensus)->Arg(1000)->Unit(benchmark::kMillisecond);

// The census as the first pass takes it: text as read, its paragraphs skipped unnormalized once
// their first words show them too long to be furniture.
void BM_NormalizeLineCensusRaw(benchmark::State& state) {
    census_documents(state, furnished_raw(static_cast<std::size_t>(state.range(0))),
                     [](wiredup::line_census& census, const std::string& d) {
                         census.add_raw(d);
                         return d.size();
                     });
}
BENCHMARK(BM_NormalizeLineCensusRaw)->Arg(1000)->Unit(benchmark::kMillisecond);

void BM_NormalizeKeepContent(benchmark::State& state) {
    const auto docs = furnished(1000);
    wiredup::line_census census;
    for (const auto& d : docs) census.add(d);
    census.finish();
    std::size_t i = 0;
    std::int64_t bytes = 0;
    wiredup::line_filter_stats stats;
    double dropped = 0;
    for (auto _ : state) {
        const auto& d = docs[i++ % docs.size()];
        benchmark::DoNotOptimize(wiredup::keep_content(d, &census, &stats));
        bytes += static_cast<std::int64_t>(d.text.size());
        dropped += static_cast<double>(stats.furniture);
    }
    state.SetBytesProcessed(bytes);
    state.SetItemsProcessed(state.iterations());
    state.counters["furniture_per_doc"] = dropped / static_cast<double>(state.iterations());
}
BENCHMARK(BM_NormalizeKeepContent);

} // namespace
