// Stage 3, shingle: see shingle.hpp. Tokens are hashed once; a word shingle hashes the k token
// hashes, so no shingle string is ever built.
#include <wiredup/shingle.hpp>
#include <wiredup/error.hpp>

#include "detail/hash.hpp"

#include <algorithm>
#include <string>

namespace wiredup {
namespace {

constexpr std::size_t max_width = 64;

bool has_digit(std::string_view token) noexcept {
    return std::any_of(token.begin(), token.end(), [](char c) { return c >= '0' && c <= '9'; });
}

// Token hashes of a normalized text, whose tokens are separated by ' ' or '\n'.
void token_hashes(std::string_view text, std::uint64_t seed, bool mask_numbers, std::vector<std::uint64_t>& out) {
    const std::uint64_t number = token_hash("\x01#", seed);  // no normalized token contains \x01
    std::size_t start = 0;
    for (std::size_t i = 0; i <= text.size(); ++i) {
        if (i == text.size() || text[i] == ' ' || text[i] == '\n') {
            if (i > start) {
                const auto token = text.substr(start, i - start);
                out.push_back(mask_numbers && has_digit(token) ? number : token_hash(token, seed));
            }
            start = i + 1;
        }
    }
}

bool is_continuation(char c) noexcept { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// Byte offsets where each code point of the text begins, line breaks read as spaces.
void code_point_starts(std::string_view text, std::vector<std::uint32_t>& out) {
    for (std::size_t i = 0; i < text.size(); ++i)
        if (!is_continuation(text[i])) out.push_back(static_cast<std::uint32_t>(i));
}

void sort_unique(shingle_set& set) {
    std::sort(set.begin(), set.end());
    set.erase(std::unique(set.begin(), set.end()), set.end());
}

} // namespace

std::uint64_t token_hash(std::string_view token, std::uint64_t seed) noexcept {
    return detail::hash_bytes(token, seed);
}

shingler::shingler(shingle_options options) : options_(options) {
    if (options_.width == 0 || options_.width > max_width)
        throw error("shingle: width (" + std::to_string(options_.width) + ") must be between 1 and " +
                    std::to_string(max_width));
}

shingle_set shingler::shingle(std::string_view normalized) const {
    const std::size_t k = options_.width;
    shingle_set set;
    if (options_.kind == shingle_kind::word) {
        std::vector<std::uint64_t> tokens;
        token_hashes(normalized, options_.seed, options_.mask_numbers, tokens);
        if (tokens.size() < k) return set;
        set.reserve(tokens.size() - k + 1);
        for (std::size_t i = 0; i + k <= tokens.size(); ++i)
            set.push_back(detail::hash_bytes(tokens.data() + i, k * sizeof(std::uint64_t), options_.seed));
    } else {
        std::string text(normalized);
        std::replace(text.begin(), text.end(), '\n', ' ');
        std::vector<std::uint32_t> starts;
        code_point_starts(text, starts);
        if (starts.size() < k) return set;
        starts.push_back(static_cast<std::uint32_t>(text.size()));
        set.reserve(starts.size() - k);
        for (std::size_t i = 0; i + k < starts.size(); ++i)
            set.push_back(detail::hash_bytes(text.data() + starts[i], starts[i + k] - starts[i], options_.seed));
    }
    sort_unique(set);
    return set;
}

std::size_t shingler::units(std::string_view normalized) const noexcept {
    if (options_.kind == shingle_kind::chars)
        return static_cast<std::size_t>(std::count_if(normalized.begin(), normalized.end(),
                                                      [](char c) { return !is_continuation(c); }));
    if (normalized.empty()) return 0;
    return static_cast<std::size_t>(std::count_if(normalized.begin(), normalized.end(),
                                                  [](char c) { return c == ' ' || c == '\n'; })) + 1;
}

std::size_t intersection_size(const shingle_set& a, const shingle_set& b) noexcept {
    std::size_t common = 0;
    auto i = a.begin();
    auto j = b.begin();
    while (i != a.end() && j != b.end()) {
        if (*i < *j) ++i;
        else if (*j < *i) ++j;
        else { ++common; ++i; ++j; }
    }
    return common;
}

double jaccard(const shingle_set& a, const shingle_set& b) noexcept {
    const std::size_t common = intersection_size(a, b);
    const std::size_t total = a.size() + b.size() - common;
    return total == 0 ? 0.0 : static_cast<double>(common) / static_cast<double>(total);
}

} // namespace wiredup
