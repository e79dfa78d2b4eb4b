// Seeded news-size text for the benchmarks: made-up words with Zipf frequencies, so that every
// benchmark measures the same kind of input without shipping a corpus.
#pragma once

#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace wiredup::bench {

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

} // namespace wiredup::bench
