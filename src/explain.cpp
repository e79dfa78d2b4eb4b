// Why two documents matched: see explain.hpp. Words keep the byte range of the raw run they came
// from, so passages can be shown in the original text.
#include <wiredup/explain.hpp>
#include <wiredup/normalize.hpp>
#include <wiredup/shingle.hpp>

#include "detail/hash.hpp"

#include <utf8proc.h>

#include <algorithm>
#include <unordered_map>

namespace wiredup {
namespace {

struct word {
    std::uint64_t hash;
    text_span where;
};

// The normalized words of a raw text, each with the raw run it came from.
std::vector<word> words_of(std::string_view raw) {
    std::vector<word> words;
    const auto* bytes = reinterpret_cast<const utf8proc_uint8_t*>(raw.data());
    std::size_t run = 0;
    bool in_run = false;
    auto close = [&](std::size_t end) {
        if (!in_run) return;
        in_run = false;
        const std::string folded = normalize(raw.substr(run, end - run)).text;
        std::size_t start = 0;
        for (std::size_t i = 0; i <= folded.size(); ++i)
            if (i == folded.size() || folded[i] == ' ' || folded[i] == '\n') {
                if (i > start) words.push_back({token_hash(std::string_view(folded).substr(start, i - start)), {run, end}});
                start = i + 1;
            }
    };
    for (std::size_t i = 0; i < raw.size();) {
        utf8proc_int32_t cp = -1;
        auto n = utf8proc_iterate(bytes + i, static_cast<utf8proc_ssize_t>(raw.size() - i), &cp);
        const bool word_char = n > 0 && is_word_code_point(static_cast<char32_t>(cp));
        if (n <= 0) n = 1;
        if (word_char && !in_run) {
            run = i;
            in_run = true;
        } else if (!word_char) {
            close(i);
        }
        i += static_cast<std::size_t>(n);
    }
    close(raw.size());
    return words;
}

std::uint64_t gram_key(const std::vector<word>& w, std::size_t at, std::size_t k) {
    std::uint64_t hashes[64];
    for (std::size_t i = 0; i < k; ++i) hashes[i] = w[at + i].hash;
    return detail::hash_bytes(hashes, k * sizeof(std::uint64_t));
}

// Maximal runs of unmarked words as raw byte spans.
std::vector<text_span> unmarked_runs(const std::vector<word>& w, const std::vector<char>& marked) {
    std::vector<text_span> runs;
    for (std::size_t i = 0; i < w.size();) {
        if (marked[i]) {
            ++i;
            continue;
        }
        std::size_t j = i;
        while (j + 1 < w.size() && !marked[j + 1]) ++j;
        runs.push_back({w[i].where.begin, w[j].where.end});
        i = j + 1;
    }
    return runs;
}

double share(const std::vector<char>& marked) {
    if (marked.empty()) return 0.0;
    return static_cast<double>(std::count(marked.begin(), marked.end(), 1)) / static_cast<double>(marked.size());
}

} // namespace

explanation explain(std::string_view text_a, std::string_view text_b, const pipeline_options& options) {
    explanation e;
    e.scores = similarity(text_a, text_b, options);
    const auto a = words_of(text_a);
    const auto b = words_of(text_b);
    e.words_a = a.size();
    e.words_b = b.size();
    const std::size_t k = std::clamp<std::size_t>(options.shingle.width, 1, 64);
    std::vector<char> marked_a(a.size(), 0), marked_b(b.size(), 0);

    std::unordered_map<std::uint64_t, std::vector<std::size_t>> starts;  // k-gram of a -> positions
    for (std::size_t i = 0; i + k <= a.size(); ++i) starts[gram_key(a, i, k)].push_back(i);
    for (std::size_t j = 0; j + k <= b.size();) {
        std::size_t best_len = 0, best_at = 0;
        if (const auto found = starts.find(gram_key(b, j, k)); found != starts.end()) {
            for (const std::size_t i : found->second) {
                std::size_t len = 0;
                while (i + len < a.size() && j + len < b.size() && !marked_a[i + len] && a[i + len].hash == b[j + len].hash)
                    ++len;
                if (len > best_len) {
                    best_len = len;
                    best_at = i;
                }
            }
        }
        if (best_len < k) {
            ++j;
            continue;
        }
        std::fill_n(marked_a.begin() + static_cast<std::ptrdiff_t>(best_at), best_len, 1);
        std::fill_n(marked_b.begin() + static_cast<std::ptrdiff_t>(j), best_len, 1);
        e.shared.push_back({{a[best_at].where.begin, a[best_at + best_len - 1].where.end},
                            {b[j].where.begin, b[j + best_len - 1].where.end},
                            best_len});
        j += best_len;
    }
    e.covered_a = share(marked_a);
    e.covered_b = share(marked_b);
    e.only_a = unmarked_runs(a, marked_a);
    e.only_b = unmarked_runs(b, marked_b);
    return e;
}

} // namespace wiredup
