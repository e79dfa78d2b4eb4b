// Stage 6, confirm: candidate pairs -> scored pairs. Each candidate gets the exact Jaccard of the
// two shingle sets, the containment of each in the other, and the cosine of their TF-IDF word
// vectors (sublinear tf, smoothed idf from the corpus being processed; Salton & Buckley 1988);
// a pair is a duplicate when its scores pass the confirmation rule.
#pragma once

#include <wiredup/document.hpp>
#include <wiredup/shingle.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>
#include <utility>
#include <vector>

namespace wiredup {

/// The confirmation rule. A candidate is a duplicate when
///   jaccard >= near_identical_jaccard                        (a near-identical copy, any length)
/// or, when the two share at least min_shared shingles, any of
///   jaccard >= min_jaccard                                   (a lightly edited copy)
///   max(containment_a, containment_b) >= min_containment
///       and jaccard >= containment_min_jaccard               (a trimmed or extended copy)
///   cosine >= min_cosine and jaccard >= cosine_min_jaccard   (a reworded copy)
/// Cosine alone never confirms: same-topic stories share vocabulary, not phrases. And on short
/// texts a few shared phrases are a template ("Qtly div 20 cts vs 20 cts prior"), not a copy.
struct confirm_options {
    double near_identical_jaccard = 0.8;
    std::size_t min_shared = 8;
    double min_jaccard = 0.3;
    double min_containment = 0.5;
    double containment_min_jaccard = 0.05;
    double min_cosine = 0.8;
    double cosine_min_jaccard = 0.15;

    // How a confirmed pair is labelled (relation in document.hpp); measured on generated corpora,
    // see docs/quality.md. One document lies inside the other when its containment is at least
    // inside_containment, or at least embedded_containment while the other's is at most
    // embedded_other (a short item in a long article), and exceeds the other's by inside_margin.
    double identical_jaccard = 0.75;
    double inside_containment = 0.75;
    double embedded_containment = 0.5;
    double embedded_other = 0.25;
    double inside_margin = 0.15;
    std::size_t numbers_changed_shingles = 3;  ///< shingles equal but for a number, for numbers_changed
};

/// Whether a scored pair passes the rule.
bool is_duplicate(const scored_pair& pair, const confirm_options& options) noexcept;

/// The lowest Jaccard similarity at which sets of these sizes could pass is_duplicate, whatever
/// their cosine: no pair below it passes. Used to drop candidates before confirmation.
inline double lowest_confirmable_jaccard(std::size_t size_a, std::size_t size_b, const confirm_options& o) noexcept {
    // Each rule of is_duplicate() as a floor on the Jaccard; the pair needs the lowest of them.
    // Sets of sizes s <= l sharing c have Jaccard c / (s + l - c), which rises with c.
    const auto small = static_cast<double>(std::min(size_a, size_b));
    const auto large = static_cast<double>(std::max(size_a, size_b));
    auto jaccard_sharing = [&](double common) { return common / (small + large - common); };
    if (small == 0) return 0.0;  // empty sets: leave them to the rules
    double floor = o.near_identical_jaccard;
    const double shared = static_cast<double>(o.min_shared);
    if (shared <= small) {  // else every other rule needs more shingles than there are
        // Containment of the smaller set is c / s; the rule needs c >= min_containment * s.
        const double by_containment = o.min_containment > 1.0
                                          ? o.near_identical_jaccard
                                          : std::max(o.containment_min_jaccard, jaccard_sharing(o.min_containment * small));
        const double other_rules = std::min({o.min_jaccard, by_containment, o.cosine_min_jaccard});
        floor = std::min(floor, std::max(jaccard_sharing(shared), other_rules));
    }
    // Scores are compared as floats: stay a little under, never over, the exact floor.
    return std::max(0.0, floor - 1e-6);
}

/// How b relates to a, from the Jaccard and the two containments: trimmed or extended when one
/// lies inside the other, else identical when Jaccard is high, else a rewrite.
relation classify(const scored_pair& pair, const confirm_options& options) noexcept;

/// Word counts of a normalized text: (token hash, count), sorted by hash; the hash is
/// token_hash(token), seed 0.
using term_counts = std::vector<std::pair<std::uint64_t, std::uint32_t>>;
term_counts count_terms(std::string_view normalized);
/// The same from the token hashes of the text (token_hash(token) of each token, in any order),
/// for a caller that has hashed the tokens already.
term_counts count_terms(std::vector<std::uint64_t> token_hashes);
/// As above, with the caller's buffers, for one document after another: sorts `token_hashes`
/// in place (their order is lost) and replaces the contents of `counts`.
void count_terms(std::vector<std::uint64_t>& token_hashes, term_counts& counts);

namespace detail {

/// Open-addressing map from a term hash to a nonzero 32-bit value: power-of-two capacity, linear
/// probing, at most half full. Term hashes are uniform, so a slot is the low bits of the key
/// itself; a value of 0 marks an empty slot, so every 64-bit key, 0 included, is a valid key.
class term_table {
public:
    std::size_t size() const noexcept { return size_; }
    /// The value of a term, 0 when absent.
    std::uint32_t find(std::uint64_t term) const noexcept;
    /// Inserts the term with `value` (nonzero) unless present. Returns its value, which the caller
    /// may change but must keep nonzero, and whether it was inserted. The reference is valid
    /// until the next insertion.
    std::pair<std::uint32_t&, bool> emplace(std::uint64_t term, std::uint32_t value);
    /// Makes room for `terms` entries without growing again.
    void reserve(std::size_t terms);
    /// Removes every entry, keeping the room.
    void clear() noexcept;
    /// Bytes held by the slots.
    std::uint64_t bytes() const noexcept { return slots_.capacity() * sizeof(slot); }
    /// Starts loading the slot of a term that will be looked up soon: in a large table every
    /// lookup is a cache miss, and a few of them in flight at once hide most of the wait.
    void prefetch(std::uint64_t term) const noexcept;
    /// Calls fn(term, value) for every entry, in no particular order.
    template <typename Fn>
    void for_each(Fn&& fn) const {
        for (const auto& s : slots_)
            if (s.value != 0) fn(s.term, s.value);
    }
    /// Replaces every value v by fn(v), which must be nonzero.
    template <typename Fn>
    void transform_values(Fn&& fn) {
        for (auto& s : slots_)
            if (s.value != 0) s.value = fn(s.value);
    }

private:
    struct slot {
        std::uint64_t term = 0;
        std::uint32_t value = 0;
    };
    void grow(std::size_t terms);
    std::vector<slot> slots_;
    std::size_t size_ = 0;
};

} // namespace detail

/// Document frequency of every term over a corpus, for the idf. Censuses of disjoint shards merge,
/// in any order, to the census of their union. A term's number, given when the census first
/// meets it, is its column in tfidf_vectors once finish() has worked out the idf.
class term_census {
public:
    void add(const term_counts& doc);
    /// As above, and writes the number of each of the document's terms in this census into
    /// `numbers` (numbers.size() == doc.size(); empty: none written): terms are numbered 0, 1,
    /// ... as first met.
    void add(const term_counts& doc, std::span<std::uint32_t> numbers);
    void merge(const term_census& other);
    /// As above, and gives each of the other census's term numbers its number in this one:
    /// `renumbered[n]` for the other's term n. The other's terms are taken in their order, so
    /// shards merged in one order number the terms in one way.
    void merge(const term_census& other, std::vector<std::uint32_t>& renumbered);
    /// Back to an empty census, keeping the room its table and lists grew: a census per batch of
    /// documents then grows once, not once a batch.
    void clear() noexcept;
    std::size_t documents() const noexcept { return documents_; }
    std::size_t terms() const noexcept { return table_.size(); }
    /// Smoothed inverse document frequency ln((1 + N) / (1 + df)) + 1; unseen terms get df 0.
    double idf(std::uint64_t term) const;

    /// Works out every term's idf once; the census takes no more documents or shards after
    /// this, and tfidf_vectors needs it done. The terms' columns are their numbers, 0 ..
    /// terms() - 1, so numbers kept with a document (add() with `numbers`) index the matrix as
    /// they are. Frequent words are met early and get low numbers, which keeps the busy part of
    /// a cosine's dense accumulator together. Columns never change a score: a dot product sums
    /// in the order of a row's terms, whatever their columns.
    void finish();
    bool finished() const noexcept { return finished_; }
    /// After finish(): the column (number) of a term plus one, 0 when the census lacks it.
    std::uint32_t column(std::uint64_t term) const noexcept { return table_.find(term); }
    /// After finish(): the idf of the term in `column`.
    double column_idf(std::size_t column) const noexcept { return idf_[column]; }
    /// Starts loading the entry of a term looked up soon (see term_table::prefetch).
    void prefetch(std::uint64_t term) const noexcept { table_.prefetch(term); }
    /// Bytes held by the table, the numbering and the idf.
    std::uint64_t bytes() const noexcept {
        return table_.bytes() + terms_.capacity() * sizeof(std::uint64_t) +
               df_.capacity() * sizeof(std::uint32_t) + idf_.capacity() * sizeof(double);
    }

private:
    double idf_of_df(std::uint32_t df) const noexcept;
    // The number of `term`, counted in `df` documents more; a new term gets the next number.
    std::uint32_t count(std::uint64_t term, std::uint32_t df);
    void merge_into(const term_census& other, std::vector<std::uint32_t>* renumbered);

    detail::term_table table_;            // term -> number (its column) + 1
    std::vector<std::uint64_t> terms_;    // by number, until finish()
    std::vector<std::uint32_t> df_;       // by number, until finish()
    std::vector<double> idf_;             // by number, after finish()
    std::size_t documents_ = 0;
    bool finished_ = false;
};

/// L2-normalized TF-IDF vectors of the documents being confirmed, held as one sparse matrix
/// whose columns are the terms as the census numbered them.
class tfidf_vectors {
public:
    /// The census must be finished (term_census::finish) and outlive the vectors.
    explicit tfidf_vectors(const term_census& census);
    ~tfidf_vectors();
    tfidf_vectors(tfidf_vectors&&) noexcept;
    tfidf_vectors& operator=(tfidf_vectors&&) noexcept;

    /// Adds the vector of one document; documents may come in any order, each once. A term the
    /// census lacks gets a column of its own, with the idf of a term seen in no document.
    void add(doc_index doc, const term_counts& counts);

    /// The parallel way to add rows: place() lays out rows for `docs` (each not yet added),
    /// `entries[i]` for docs[i], one thread at a time; fill() then writes them, from any number
    /// of threads at once, one document each. What they build is what add() builds.
    void place(std::span<const doc_index> docs, std::span<const std::uint32_t> entries);
    /// Writes the row place() laid out for `doc`: the columns of its terms (census columns,
    /// throws for one the census lacks) in the order of the terms' hashes, distinct, as many as
    /// placed, with their counts.
    void fill(doc_index doc, std::span<const std::uint32_t> columns, std::span<const std::uint32_t> counts);
    /// Builds the matrix; call once after the last add().
    void finish();
    /// Forgets every row, keeping the memory for the rows added or placed next: a caller that
    /// builds one matrix after another (a block of documents at a time) touches fresh pages once.
    void clear();
    /// Cosine of each pair, in the order given; 0 for a pair with a document never added. Pairs
    /// grouped by `a` are fastest: each first document is scattered into a dense accumulator once
    /// and every partner gathered from it. Safe to call from several threads after finish().
    std::vector<float> cosines(const std::vector<doc_pair>& pairs) const;
    /// As above, into `out` (out.size() == pairs.size()), for callers that score a slice of a
    /// larger candidate list without copying it.
    void cosines(std::span<const doc_pair> pairs, std::span<float> out) const;
    /// Cosine of a document that is not in the matrix, given by its term counts, with each of
    /// `docs` (documents of the matrix), into out: equal to what cosines() would give had it been
    /// added. Lets a caller score documents streaming past against the ones it holds.
    void cosines_with(const term_counts& counts, std::span<const doc_index> docs, std::span<float> out) const;
    /// The same for a document given by its terms' census columns (in the order of their
    /// hashes, as fill() takes them) and counts.
    void cosines_with(std::span<const std::uint32_t> columns, std::span<const std::uint32_t> counts,
                      std::span<const doc_index> docs, std::span<float> out) const;

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

/// Fills jaccard and both containments of a pair from its two shingle sets.
void score_sets(const shingle_set& a, const shingle_set& b, scored_pair& pair) noexcept;
/// The same from the number of shingles the two share and the sizes of their sets.
void score_shared(std::size_t shared, std::size_t size_a, std::size_t size_b, scored_pair& pair) noexcept;

} // namespace wiredup
