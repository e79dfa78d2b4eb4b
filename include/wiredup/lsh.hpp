// Stage 5, band (LSH): signatures -> candidate pairs. A signature is cut into b bands of r rows
// (Indyk & Motwani 1998; Leskovec, Rajaraman, Ullman, "Mining of Massive Datasets", ch. 3); two
// documents are candidates when any band agrees, which happens with probability
// P(s) = 1 - (1 - s^r)^b for Jaccard s. Buckets are grouped by radix sorting band keys.
#pragma once

#include <wiredup/document.hpp>

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <vector>

namespace wiredup {

struct lsh_options {
    double threshold = 0.3;  ///< Jaccard similarity the banding is tuned for (t)
    /// Weights of the false-positive area (below t) and false-negative area (above t) of the
    /// S-curve when (b, r) is chosen. Weighted towards recall: confirmation removes false positives.
    double false_positive_weight = 0.1;
    double false_negative_weight = 0.9;
    std::size_t bands = 0;  ///< b; 0 with rows 0 chooses (b, r) from the threshold
    std::size_t rows = 0;   ///< r
    /// A bucket with more members than this (thousands of copies of one text, say) is not paired
    /// all against all: its members, ordered by their whole signature, pair with their next
    /// `window` neighbours, which keeps identical documents connected at linear cost.
    std::size_t max_bucket = 128;
    std::size_t window = 4;
};

/// Number of bands b and rows per band r.
struct banding {
    std::size_t bands = 0;
    std::size_t rows = 0;
};

/// P(s) = 1 - (1 - s^r)^b: the probability that two documents of Jaccard s become candidates.
double collision_probability(double similarity, banding banding) noexcept;

/// The (b, r) with b * r <= num_perm that minimizes the weighted false-positive area (integral
/// of P over [0, t]) plus false-negative area (integral of 1 - P over [t, 1]).
banding choose_banding(double threshold, std::size_t num_perm, double false_positive_weight,
                       double false_negative_weight);

struct lsh_stats {
    std::size_t documents = 0;
    std::size_t buckets = 0;            ///< buckets with two or more members
    std::size_t oversized_buckets = 0;  ///< buckets paired by window instead of all pairs
    std::size_t largest_bucket = 0;
    std::size_t bucket_pairs = 0;       ///< pairs emitted before removing repeats across bands
    std::size_t screened = 0;           ///< bucket pairs the filter dropped, repeats included
    std::size_t candidates = 0;         ///< distinct candidate pairs (those the filter kept, with one)
};

/// A band's key: 32 bits of the hash of its r slots. Two documents whose bands differ share a
/// key with odds 2^-32 a pair and band, which at a million documents proposes a few thousand
/// spurious pairs among the tens of millions the buckets propose; the screen and exact
/// confirmation that follow judge them like any other. Half of 64-bit keys: the band keys are,
/// with the fingerprints, most of what a run holds per document.
using band_key = std::uint32_t;

/// Collects the band keys of documents and turns them into candidate pairs.
/// add() calls must come in increasing document order from one thread; band_keys() is
/// thread-safe, so keys can be computed in parallel (or on other machines) and added in order.
class lsh_index {
public:
    lsh_index(lsh_options options, std::size_t num_perm);

    /// The b band keys of a signature (the top 32 bits of XXH3 of each band's r slots, seeded by the band number).
    void band_keys(std::span<const std::uint32_t> signature, std::span<band_key> out) const;

    /// Records the band keys of a document.
    void add(doc_index doc, std::span<const band_key> keys);

    /// Makes room for this many documents at once, so that growing leaves no slack.
    void reserve(std::size_t documents);

    /// Decides which of a run of pairs to keep: keep[i] for pairs[i], each 0 or 1. It must
    /// decide a pair the same way every time it sees it.
    using pair_filter = std::function<void(std::span<const doc_pair> pairs, std::span<char> keep)>;

    /// Every pair of documents that share a band bucket, sorted and unique; with `keep`, only
    /// those it keeps. The filter sees pairs as buckets propose them, repeats across bands
    /// included, so dropped pairs are never sorted or held; it is called from several threads at
    /// once. O(n b) time with radix sorts, bands grouped in parallel; memory beyond the keys is
    /// one band's worth a thread plus the distinct pairs kept.
    std::vector<doc_pair> candidates(lsh_stats* stats = nullptr, const pair_filter& keep = {}) const&;
    /// The same from an index that is spent afterwards (std::move(index).candidates(...)): each
    /// band's keys are freed once grouped, so the keys give back memory as the pairs take it.
    /// The index is left empty.
    std::vector<doc_pair> candidates(lsh_stats* stats = nullptr, const pair_filter& keep = {}) &&;

    banding shape() const noexcept { return banding_; }
    std::size_t size() const noexcept { return docs_.size(); }
    /// Bytes held by the keys and document numbers (capacities).
    std::uint64_t bytes() const noexcept;

private:
    // Both candidates(): with `spend` (this index's keys_), each band's keys are freed once grouped.
    std::vector<doc_pair> collect(lsh_stats* stats, const pair_filter& keep,
                                  std::vector<std::vector<band_key>>* spend) const;

    lsh_options options_;
    banding banding_;
    std::vector<doc_index> docs_;
    std::vector<std::vector<band_key>> keys_;  // bands x docs_.size(): one band is contiguous
};

} // namespace wiredup
