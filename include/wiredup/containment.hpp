// Stage 5b, band for containment: sampled shingles -> candidate pairs where one document may lie
// inside another (a short wire item inside a long article, a trimmed copy of a long story), which
// MinHash LSH misses because their Jaccard is low. Every shingle whose hash falls in a fixed 1/rate
// slice is a fingerprint (Manber 1994; Broder's "mod m" sampling); two documents sharing enough
// fingerprints, relative to the smaller one's, are candidates.
#pragma once

#include <wiredup/document.hpp>
#include <wiredup/shingle.hpp>

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace wiredup {

struct containment_options {
    bool enabled = true;
    std::uint32_t sample_rate = 8;  ///< keep one shingle in this many (a power of two)
    std::size_t min_common = 2;     ///< fingerprints a candidate pair must share
    /// ... and at least this share of the smaller document's fingerprints that are not stock
    /// phrases (which no pair can share), so that a candidate is a possible containment, not two
    /// long texts that share two rare phrases.
    double min_fraction = 0.4;
    /// A fingerprint in more documents than this is a stock phrase; it makes no candidates.
    std::size_t max_postings = 64;
    /// Co-occurrences counted at once (4 or 8 bytes each); more take more walks over the lists.
    std::size_t pair_budget = std::size_t{1} << 24;
};

/// The fingerprints of a shingle set: its hashes in the fixed 1/rate slice, sorted.
std::vector<std::uint64_t> fingerprints(const shingle_set& shingles, std::uint32_t sample_rate);
/// As above, appended to `out`; returns how many.
std::size_t fingerprints(const shingle_set& shingles, std::uint32_t sample_rate, std::vector<std::uint64_t>& out);

struct containment_stats {
    std::size_t documents = 0;
    std::size_t fingerprints = 0;
    std::size_t stock_phrases = 0;  ///< fingerprints skipped for being in > max_postings documents
    std::size_t candidates = 0;
    std::size_t screened = 0;  ///< candidates a caller's screen dropped afterwards (dedup's band screen)
};

/// Collects fingerprints and turns shared ones into candidate pairs. add() in increasing
/// document order from one thread; the fingerprints themselves can be computed anywhere.
class containment_index {
public:
    explicit containment_index(containment_options options);

    void add(doc_index doc, std::span<const std::uint64_t> fingerprints);

    /// Pairs sharing at least min_common fingerprints and min_fraction of the smaller document's
    /// (those not stock phrases), sorted and unique. Radix sorts throughout: linear in
    /// fingerprints plus co-occurring pairs.
    std::vector<doc_pair> candidates(containment_stats* stats = nullptr) const&;
    /// The same from an index that is spent afterwards (std::move(index).candidates(...)): each
    /// shard is freed once its postings are out, so the index gives back memory as they take it.
    /// The index is left empty.
    std::vector<doc_pair> candidates(containment_stats* stats = nullptr) &&;

    const containment_options& options() const noexcept { return options_; }

    /// Bytes the index holds on the heap, by capacity: what it costs a run's memory budget.
    std::uint64_t bytes() const noexcept;

    /// Gives back the room left unused in each shard's last block, once the last add() is done.
    void shrink_to_fit();

private:
    // Fingerprints are spread over shards by the low bits of a mix of their hash, so equal hashes
    // share a shard and each shard is grouped on its own, in cache. A shard keeps the mix's top 32
    // bits (a key) of each, and its document as the gap from the shard's previous one in LEB128
    // (documents come in increasing order; the gap is ~5 at 51 fingerprints a document, one byte):
    // about 5 bytes a fingerprint.
    //
    // A shard grows by blocks that never move, each half as large again as the one before up to
    // a cap: a vector grown in place copies itself each time and leaves the old copy as a hole in
    // the heap, which at 1M documents kept some 130 MiB more resident at the end of pass 2.
    struct shard {
        std::vector<std::vector<std::uint32_t>> keys;
        std::vector<std::vector<std::uint8_t>> gaps;  // each block holds whole gaps
        doc_index last = 0;
    };
    static constexpr std::size_t shard_count = 256;

    // Both candidates(): with `spend` (this index's shards_), each shard is freed once read.
    std::vector<doc_pair> collect(containment_stats* stats, std::vector<shard>* spend) const;

    containment_options options_;
    std::vector<shard> shards_;
    std::size_t fingerprints_ = 0;
    std::vector<std::uint32_t> counts_;  // fingerprints per document, indexed by doc
};

} // namespace wiredup
