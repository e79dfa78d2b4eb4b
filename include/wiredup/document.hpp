// Vocabulary shared by every stage: documents, where they came from, why one was rejected,
// and the scored pairs that confirmation produces.
#pragma once

#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

namespace wiredup {

/// Position of a document in input order (0-based); the key every stage uses.
using doc_index = std::uint32_t;

/// Where a record came from: which input source (index into the reader's source list) and,
/// for line-oriented formats, which 1-based line. Whole-file documents have line 0.
struct origin {
    std::uint32_t source = 0;
    std::uint64_t line = 0;
};

/// Why a record was not used. Every input record ends up kept, grouped, or rejected with one of
/// these reasons; none disappears.
enum class reject_reason : std::uint8_t {
    none = 0,
    unreadable,      ///< the file or stream could not be opened or read
    corrupt_stream,  ///< a compressed stream ended early or failed its check
    malformed,       ///< a JSON line that is not a JSON object, a TSV line without a tab
    missing_id,      ///< the id field is absent, empty or not a string or number
    missing_text,    ///< the text field is absent or not a string
    duplicate_id,    ///< an earlier record already used this id
    too_large,       ///< larger than the configured maximum document size
    empty,           ///< no words at all after normalization
    too_short,       ///< fewer words than one shingle needs
};

/// Stable lower-case name of a reason, as written in rejects.tsv.
std::string_view to_string(reject_reason reason) noexcept;

/// One input record: a document, or the account of why it could not be one.
struct record {
    std::string id;
    std::string text;
    origin where;
    reject_reason reason = reject_reason::none;
    std::string detail;  ///< human-readable detail for a rejection ("expected ',' at byte 17")
    std::string raw;     ///< the record as it stood in the input (JSONL/TSV line), when asked for
};

/// Two documents, a < b in input order.
struct doc_pair {
    doc_index a = 0;
    doc_index b = 0;
    friend bool operator==(const doc_pair&, const doc_pair&) = default;
    friend auto operator<=>(const doc_pair&, const doc_pair&) = default;
};

/// How the later document of a confirmed pair relates to the earlier one.
enum class relation : std::uint8_t {
    identical,  ///< the same text but for light edits (headline, furniture, case, quotes)
    trimmed,    ///< b is a cut of a: most of b lies inside a, which has more
    extended,   ///< b adds material: most of a lies inside b, which has more
    rewrite,    ///< reworded: neither lies inside the other
};

/// Stable lower-case name of a relation, as written in pairs.tsv.
std::string_view to_string(relation rel) noexcept;

/// A pair of documents with every similarity the pipeline computes; a < b in input order.
struct scored_pair {
    doc_index a = 0;
    doc_index b = 0;
    float minhash = 0;        ///< Jaccard estimated from signatures
    float jaccard = 0;        ///< exact Jaccard of the two shingle sets
    float containment_a = 0;  ///< |A ∩ B| / |A|: how much of a lies inside b
    float containment_b = 0;  ///< |A ∩ B| / |B|: how much of b lies inside a
    float cosine = 0;         ///< TF-IDF cosine of the two word vectors
    std::uint32_t shared = 0; ///< |A ∩ B|: shingles the two have in common
    relation rel = relation::rewrite;
    bool numbers_changed = false;  ///< the texts agree but for numbers ("5 killed", "7 killed"): an update
};

} // namespace wiredup
