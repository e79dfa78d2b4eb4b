// Stage 3, shingle: see shingle.hpp. Tokens are hashed once; a word shingle hashes the k token
// hashes, so no shingle string is ever built.
#include <wiredup/shingle.hpp>
#include <wiredup/error.hpp>

#include "detail/hash.hpp"
#include "detail/memory.hpp"
#include "detail/normalize_kernel.hpp"
#include "detail/sort_hashes.hpp"
#include "detail/swar.hpp"
#include "detail/xxh3_kernel.hpp"

#include <algorithm>
#include <bit>
#include <cstring>
#include <string>

namespace wiredup {
namespace {

constexpr std::size_t max_width = 64;

// The high bit of each byte of `word` that is ' ' or '\n'.
constexpr std::uint64_t separator_bits(std::uint64_t word) noexcept {
    return detail::bytes_equal(word, ' ') | detail::bytes_equal(word, '\n');
}

// The high bit of each byte of `word` that is an ASCII digit.
constexpr std::uint64_t digit_bits(std::uint64_t word) noexcept {
    const std::uint64_t x = word & detail::low_bits;
    return detail::bytes_at_least(x, '0') & ~detail::bytes_at_least(x, '9' + 1) & ~word & detail::high_bits;
}

// What every token holding a digit hashes to when numbers are masked.
std::uint64_t number_hash(std::uint64_t seed) noexcept {
    return token_hash("\x01#", seed);  // no normalized token contains \x01
}

// A text's tokens as the vector hash reads them (xxh3_kernel.hpp), kept from one document to
// the next (a thread's own): the text is copied with room on both sides, so that every token's
// first and last eight bytes, and every block of 64 bytes through the last token's end, load
// without a test of where they lie.
struct token_scan {
    static constexpr std::size_t before = 8, after = 80;
    detail::raw_array<char> text;
    detail::raw_array<std::uint64_t> first, last, length;
    detail::raw_array<std::uint8_t> digits;
    detail::raw_array<std::uint64_t> separators;  // a bitmap of the text's separators
    std::vector<std::pair<std::size_t, std::string_view>> long_tokens;  // of more than 16 bytes: number, token
};

// Token hashes of a normalized text, whose tokens are separated by ' ' or '\n', appended to out
// (and whether each holds an ASCII digit, to numeric). Separators are found 64 bytes at a time,
// as a mask whose bits are walked, so that a token costs no branch of its own; the hashes are
// then made several tokens at a time.
void token_hashes(std::string_view text, std::uint64_t seed, bool mask_numbers, std::vector<std::uint64_t>& out,
                  std::vector<std::uint8_t>* numeric) {
    thread_local token_scan scan;
    if (scan.text.capacity() > (std::size_t{1} << 22)) scan = token_scan{};  // a giant text's room is not kept
    const std::size_t n = text.size();
    scan.text.resize(token_scan::before + n + token_scan::after);
    char* const padded = scan.text.data() + token_scan::before;
    std::memset(scan.text.data(), ' ', token_scan::before);
    std::memcpy(padded, text.data(), n);
    std::memset(padded + n, ' ', token_scan::after);  // a separator ends the last token
    const std::size_t most = n / 2 + 2;  // tokens, each but the last followed by a separator, and room for an empty one
    scan.first.resize(most);
    scan.last.resize(most);
    scan.length.resize(most);
    scan.long_tokens.clear();
    const bool want_digits = mask_numbers || numeric != nullptr;
    const std::size_t blocks = n / 64 + 1;  // through byte n, the separator that ends the last token
    scan.separators.resize(blocks);
    detail::separator_masks(reinterpret_cast<const unsigned char*>(padded), blocks, scan.separators.data());
    std::size_t count = 0, start = 0;
    for (std::size_t base = 0; base <= n; base += 64) {
        std::uint64_t separators = scan.separators[base / 64];
        if (n - base < 64) separators &= (std::uint64_t{2} << (n - base)) - 1;  // none past the one at n
        for (; separators != 0; separators &= separators - 1) {
            const std::size_t end = base + static_cast<std::size_t>(std::countr_zero(separators));
            const std::size_t length = end - start;
            // Written whatever the length; an empty token (two separators in a row) is then
            // overwritten by the next, as count does not move.
            scan.first[count] = detail::load_word(padded + start);
            scan.last[count] = detail::load_word(padded + end - 8);
            scan.length[count] = length;
            if (length > 16) [[unlikely]] scan.long_tokens.emplace_back(count, std::string_view(padded + start, length));
            count += length != 0;
            start = end + 1;
        }
    }
    const std::size_t at = out.size();
    out.resize(at + count);
    std::uint64_t* const hashes = out.data() + at;
    detail::hash_short_tokens({scan.first.data(), scan.last.data(), scan.length.data(), count}, seed, hashes);
    for (const auto& [i, token] : scan.long_tokens) hashes[i] = token_hash(token, seed);
    if (!want_digits) return;
    // Whether a token holds a digit, from its last eight bytes (those of the token) and, beyond
    // eight bytes, its first eight; a longer token is read whole.
    scan.digits.resize(count);
    for (std::size_t i = 0; i < count; ++i) {
        const std::size_t length = std::min<std::uint64_t>(scan.length[i], 8);
        // The token's bytes of its last word: the top ones as loaded on a little-endian machine.
        const std::uint64_t own = std::endian::native == std::endian::little
                                      ? ~std::uint64_t{0} << (8 * (8 - length))
                                      : ~std::uint64_t{0} >> (8 * (8 - length));
        const std::uint64_t first = scan.length[i] > 8 ? digit_bits(scan.first[i]) : 0;
        scan.digits[i] = ((digit_bits(scan.last[i]) & own) | first) != 0;
    }
    for (const auto& [i, token] : scan.long_tokens) {
        scan.digits[i] = std::any_of(token.begin(), token.end(), [](char c) { return c >= '0' && c <= '9'; });
    }
    if (numeric != nullptr) numeric->insert(numeric->end(), scan.digits.data(), scan.digits.data() + count);
    if (mask_numbers) {
        const std::uint64_t number = number_hash(seed);
        for (std::size_t i = 0; i < count; ++i) hashes[i] = scan.digits[i] ? number : hashes[i];
    }
}

bool is_continuation(char c) noexcept { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// Byte offsets where each code point of the text begins, line breaks read as spaces.
void code_point_starts(std::string_view text, std::vector<std::uint32_t>& out) {
    for (std::size_t i = 0; i < text.size(); ++i)
        if (!is_continuation(text[i])) out.push_back(static_cast<std::uint32_t>(i));
}

// Sorted and unique, in place.
void sort_unique(shingle_set& set) {
    thread_local detail::sort_buffers buffers;
    detail::sort_hashes(set, buffers);
    set.erase(std::unique(set.begin(), set.end()), set.end());
}

// The hash of each window of k token hashes, in window order (xxh3_kernel.hpp).
void window_hashes(std::span<const std::uint64_t> hashes, std::size_t k, std::uint64_t seed, shingle_set& windows) {
    windows.clear();
    if (hashes.size() < k) return;
    windows.resize(hashes.size() - k + 1);
    detail::hash_windows(hashes, k, seed, windows.data());
}

// Calls fn(first) for each window [first, first + k) that holds a token with a digit, of the
// tokens whose hashes are `hashes`.
template <typename Fn>
void for_each_number_window(std::span<const std::uint64_t> hashes, std::span<const std::uint8_t> numeric, std::size_t k,
                            Fn&& fn) {
    if (numeric.size() != hashes.size())
        throw error("shingle: " + std::to_string(numeric.size()) + " number flags for " + std::to_string(hashes.size()) +
                    " token hashes; tokens() gives one of each per token");
    if (numeric.size() < k) return;
    std::size_t digits = 0;  // tokens with a digit in the current window
    for (std::size_t i = 0; i < numeric.size(); ++i) {
        digits += numeric[i];
        if (i >= k) digits -= numeric[i - k];
        if (i + 1 < k || digits == 0) continue;
        fn(i + 1 - k);
    }
}

// The hash of a window with each token that holds a digit replaced by `number`. Flattened, as
// token_hashes() is: a call into XXH3 per window cost as much as the hash.
[[gnu::flatten]] std::uint64_t masked_window_hash(std::span<const std::uint64_t> window, std::span<const std::uint8_t> numeric,
                                 std::uint64_t number, std::uint64_t seed) {
    std::uint64_t masked[max_width];
    for (std::size_t j = 0; j < window.size(); ++j) {
        // By a mask, not a branch: which tokens hold digits is a coin toss the predictor loses.
        const std::uint64_t digits = std::uint64_t{0} - numeric[j];
        masked[j] = (number & digits) | (window[j] & ~digits);
    }
    return detail::hash_bytes(masked, window.size() * sizeof(std::uint64_t), seed);
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
        std::vector<std::uint64_t> hashes;
        token_hashes(normalized, options_.seed, options_.mask_numbers, hashes, nullptr);
        return shingle_tokens(hashes);
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

void shingler::tokens(std::string_view normalized, std::vector<std::uint64_t>& hashes,
                      std::vector<std::uint8_t>* numeric) const {
    token_hashes(normalized, options_.seed, options_.mask_numbers, hashes, numeric);
}

shingle_set shingler::shingle_tokens(std::span<const std::uint64_t> hashes) const {
    shingle_set set;
    shingle_tokens(hashes, set);
    return set;
}

void shingler::shingle_tokens(std::span<const std::uint64_t> hashes, shingle_set& set) const {
    window_hashes(hashes, options_.width, options_.seed, set);
    sort_unique(set);
}

void shingler::numeric_windows(std::span<const std::uint64_t> hashes, std::span<const std::uint8_t> numeric,
                               shingle_set& plain, shingle_set& masked) const {
    plain.clear();
    masked.clear();
    const std::size_t k = options_.width;
    const std::uint64_t number = number_hash(options_.seed);
    for_each_number_window(hashes, numeric, k, [&](std::size_t first) {
        plain.push_back(detail::hash_bytes(hashes.data() + first, k * sizeof(std::uint64_t), options_.seed));
        masked.push_back(masked_window_hash(hashes.subspan(first, k), numeric.subspan(first, k), number, options_.seed));
    });
    sort_unique(plain);
    sort_unique(masked);
}

void shingler::shingle_tokens(std::span<const std::uint64_t> hashes, std::span<const std::uint8_t> numeric,
                              shingle_set& set, shingle_set& plain, shingle_set& masked) const {
    plain.clear();
    masked.clear();
    const std::size_t k = options_.width;
    const std::uint64_t number = number_hash(options_.seed);
    window_hashes(hashes, k, options_.seed, set);
    // A number window's shingle as written is the window's hash, already in `set` (still in
    // window order): taken from there, each window is hashed once.
    for_each_number_window(hashes, numeric, k, [&](std::size_t first) {
        plain.push_back(set[first]);
        masked.push_back(masked_window_hash(hashes.subspan(first, k), numeric.subspan(first, k), number, options_.seed));
    });
    sort_unique(set);
    sort_unique(plain);
    sort_unique(masked);
}

std::size_t shingler::units(std::string_view normalized) const noexcept {
    if (options_.kind == shingle_kind::chars)
        return static_cast<std::size_t>(std::count_if(normalized.begin(), normalized.end(),
                                                      [](char c) { return !is_continuation(c); }));
    if (normalized.empty()) return 0;
    // Separators counted eight bytes at a time, as for_each_token() finds them.
    std::size_t separators = 0, i = 0;
    const std::size_t n = normalized.size();
    if constexpr (std::endian::native == std::endian::little) {
        for (; i + 8 <= n; i += 8) {
            std::uint64_t word;
            std::memcpy(&word, normalized.data() + i, sizeof word);
            separators += detail::count_high_bits(separator_bits(word));
        }
    }
    for (; i < n; ++i) separators += normalized[i] == ' ' || normalized[i] == '\n';
    return separators + 1;
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

std::size_t intersection_size(std::span<const std::uint32_t> a, std::span<const std::uint32_t> b) noexcept {
    // Both cursors move by comparisons, not branches: a shingle set intersection is a coin toss
    // at every step, which a predicted branch gets wrong half the time.
    std::size_t common = 0, i = 0, j = 0;
    while (i < a.size() && j < b.size()) {
        const std::uint32_t x = a[i], y = b[j];
        common += x == y;
        i += x <= y;
        j += y <= x;
    }
    return common;
}

double jaccard(const shingle_set& a, const shingle_set& b) noexcept {
    const std::size_t common = intersection_size(a, b);
    const std::size_t total = a.size() + b.size() - common;
    return total == 0 ? 0.0 : static_cast<double>(common) / static_cast<double>(total);
}

} // namespace wiredup
