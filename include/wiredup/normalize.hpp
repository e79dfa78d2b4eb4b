// Stage 2, normalize: raw text -> lines of normalized word tokens. UTF-8 is validated (bad bytes
// replaced and counted), tokens are NFKC case-folded, punctuation and whitespace fold to single
// separators, digits stay (a changed number is a signal). Page furniture that recurs across the
// corpus is discounted with a line census, and a line repeated inside one document counts once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace wiredup {

/// Text after normalization: word tokens joined by ' ', lines joined by '\n', no empty lines.
struct normalized_text {
    std::string text;
    std::size_t invalid_bytes = 0;  ///< bytes of the input that were not valid UTF-8
};

/// Turns raw text into normalized_text. Stateless and thread-safe.
///
/// A token is a maximal run of letters, digits and combining marks (Unicode categories L, N, M);
/// everything else separates tokens. Tokens with only ASCII bytes are lower-cased in place;
/// others go through NFKC with case folding (utf8proc). Lines end at '\n', '\r', U+2028, U+2029.
normalized_text normalize(std::string_view raw);

/// The same into `out`, whose buffer is used again: a caller normalizing document after document
/// allocates once, not once a document. `raw` must not lie in `out`.
void normalize(std::string_view raw, normalized_text& out);

/// Whether a code point belongs to a token (Unicode categories L, N, M), as normalize() decides.
bool is_word_code_point(char32_t code_point) noexcept;

/// 64-bit key of one normalized line (XXH3 of its bytes); what the line census counts.
std::uint64_t line_key(std::string_view normalized_line) noexcept;

struct boilerplate_options {
    bool enabled = true;
    /// Only lines of at most this many tokens can be furniture: a recurring long paragraph is
    /// wire copy shared by real duplicates, not page furniture.
    std::size_t max_tokens = 16;
    /// A line is furniture when at least max(min_documents, ceil(min_fraction * documents))
    /// documents contain it.
    std::size_t min_documents = 5;
    double min_fraction = 0.001;
};

/// Counts, for every short line, how many documents contain it; afterwards tells which lines
/// are furniture. Censuses of disjoint shards can be merged, so the count can be distributed.
class line_census {
public:
    explicit line_census(boilerplate_options options = {});

    /// Counts the distinct short lines of one normalized document.
    void add(const normalized_text& doc);
    /// Counts the same lines as add(normalize(raw)), but normalizes only the lines that may be
    /// short: a line that plainly holds more than max_tokens tokens is skipped after one scan.
    void add_raw(std::string_view raw);
    /// Adds the counts of another census (of a disjoint set of documents).
    void merge(line_census&& other);
    /// Fixes the furniture set; call once after the last add()/merge().
    void finish();

    bool is_furniture(std::uint64_t key) const noexcept;
    std::size_t documents() const noexcept { return documents_; }
    std::size_t furniture_lines() const noexcept { return furniture_.size(); }
    std::size_t threshold() const noexcept { return threshold_; }

private:
    boilerplate_options options_;
    std::vector<std::uint64_t> keys_;       // one entry per (document, distinct short line)
    std::vector<std::uint64_t> furniture_;  // sorted after finish()
    std::size_t documents_ = 0;
    std::size_t threshold_ = 0;
    bool finished_ = false;
};

/// What keep_content() dropped from one document.
struct line_filter_stats {
    std::size_t lines = 0;
    std::size_t furniture = 0;  ///< lines dropped as corpus-wide furniture
    std::size_t repeated = 0;   ///< lines dropped because they already occurred in this document
};

/// Keeps the content lines of a normalized document: drops furniture (when a census is given)
/// and every repeat of a line already seen in the document. Returns the kept text.
std::string keep_content(const normalized_text& doc, const line_census* census,
                         line_filter_stats* stats = nullptr);

/// The same into `kept`, whose buffer is used again (see normalize(raw, out)).
void keep_content(const normalized_text& doc, const line_census* census, line_filter_stats* stats, std::string& kept);

} // namespace wiredup
