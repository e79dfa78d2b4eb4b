// Stage 3, shingle: normalized text -> the sorted set of 64-bit shingle hashes. Word k-shingles
// by default; character n-grams for scripts written without spaces. A set, not a bag: a phrase
// that occurs twice counts once.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace wiredup {

enum class shingle_kind : std::uint8_t {
    word,  ///< k consecutive word tokens
    chars, ///< k consecutive code points of the text, tokens joined by one space
};

inline constexpr std::size_t default_shingle_width = 5;

struct shingle_options {
    shingle_kind kind = shingle_kind::word;
    std::size_t width = default_shingle_width;  ///< k: tokens (word) or code points (chars)
    std::uint64_t seed = 0;                     ///< changes every shingle hash
    /// Hash every token that holds a digit as one placeholder, so that texts that differ only
    /// in their numbers ("5 killed", "7 killed") have equal shingles. Word shingles only.
    bool mask_numbers = false;
};

/// Hashes of shingles, sorted ascending and unique.
using shingle_set = std::vector<std::uint64_t>;

/// Hash of one word token (XXH3); also the term id of the TF-IDF stage.
std::uint64_t token_hash(std::string_view token, std::uint64_t seed = 0) noexcept;

/// Makes shingle sets. Validates its options once; thread-safe.
class shingler {
public:
    explicit shingler(shingle_options options = {});

    /// The shingle set of a normalized text (see normalize.hpp); lines are joined, so shingles
    /// run across line breaks. A text shorter than one shingle gives an empty set.
    shingle_set shingle(std::string_view normalized) const;

    /// Word shingles in two steps, for callers that need more than the set from one pass over
    /// the text: tokens() appends the hash of each token (numbers masked when the options say
    /// so) and, when `numeric` is given, 1 for each token that holds a digit, 0 otherwise;
    /// shingle_tokens() makes the set from the hashes, equal to shingle() of the same text.
    void tokens(std::string_view normalized, std::vector<std::uint64_t>& hashes,
                std::vector<std::uint8_t>* numeric = nullptr) const;
    shingle_set shingle_tokens(std::span<const std::uint64_t> hashes) const;
    /// As above, into `set` (its contents replaced), for a caller that makes one set after
    /// another and keeps the buffer.
    void shingle_tokens(std::span<const std::uint64_t> hashes, shingle_set& set) const;
    /// The shingles of the windows that hold a token with a digit, as written (`plain`) and with
    /// every such token masked (`masked`), each sorted and unique. Texts whose numbers differ
    /// share more masked than plain ones; all other shingles are the same either way, so these
    /// two small sets are all it takes to tell an update from a copy. `numeric` holds a flag
    /// for each hash, as tokens() gives them; any other count throws wiredup::error.
    void numeric_windows(std::span<const std::uint64_t> hashes, std::span<const std::uint8_t> numeric,
                         shingle_set& plain, shingle_set& masked) const;
    /// shingle_tokens() and numeric_windows() together, into the caller's buffers (contents
    /// replaced): a number window's shingle as written is then hashed once, not twice.
    void shingle_tokens(std::span<const std::uint64_t> hashes, std::span<const std::uint8_t> numeric,
                        shingle_set& set, shingle_set& plain, shingle_set& masked) const;

    /// Number of tokens (word) or code points (chars) the text has, to tell "too short" apart.
    std::size_t units(std::string_view normalized) const noexcept;

    const shingle_options& options() const noexcept { return options_; }

private:
    shingle_options options_;
};

/// Exact Jaccard |A ∩ B| / |A ∪ B| of two shingle sets (0 when both are empty).
double jaccard(const shingle_set& a, const shingle_set& b) noexcept;

/// |A ∩ B| of two sorted sets, by merging.
std::size_t intersection_size(const shingle_set& a, const shingle_set& b) noexcept;

/// |A ∩ B| of two sorted, unique 32-bit sets (shingle hashes cut to their top half, as the
/// confirm stage keeps them), by a branch-free merge.
std::size_t intersection_size(std::span<const std::uint32_t> a, std::span<const std::uint32_t> b) noexcept;

} // namespace wiredup
