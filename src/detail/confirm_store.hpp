// What the confirm stage holds of each document of a block: the front of its spill record
// (spill.hpp), copied as read, end to end in one array so that a million candidates cost one
// allocation, not millions, and a block is loaded by threads in parallel:
// - the low bytes of its signature, for the MinHash estimate of a confirmed pair;
// - its shingle set, each hash cut to its top 31 bits, the lowest bit saying whether the
//   shingle's window holds a number (equal shingles have equal windows, so equal flags);
// - the shingles of those number windows with the numbers masked (shingler::numeric_windows).
// Shared shingles and shared number windows then come from one merge of the first sets. A 31-bit
// cut makes two different shingles of a pair look equal with odds of about |A| * |B| / 2^31
// (1 in 10,000 pairs of 450-shingle documents, one shingle at most), far below what the
// thresholds can see; the 64-bit hashes still sign and band. pack() makes these sets in pass 2.
#pragma once

#include <wiredup/document.hpp>
#include <wiredup/shingle.hpp>

#include "intersect_kernel.hpp"
#include "memory.hpp"
#include "spill.hpp"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <span>
#include <vector>

namespace wiredup::detail {

class confirm_store {
public:
    struct sets {
        std::span<const std::uint8_t> signature;  ///< the low byte of each signature slot
        std::span<const std::uint32_t> all;     ///< every shingle, flagged when its window holds a number
        std::span<const std::uint32_t> masked;  ///< the number windows with their numbers masked
        std::size_t sampled = 0;  ///< how many of `all` lie below the sample screen's cut (spill.hpp)
    };

    confirm_store() = default;
    /// Room for the documents first .. first + words.size() - 1: words[i] is what document
    /// first + i keeps, the front of its spill record (spilled_sets_words), 0 for one not kept.
    confirm_store(doc_index first, std::span<const std::uint32_t> words) { reset(first, words); }

    /// The same for another block of documents, in the memory the last one took: each block
    /// would otherwise fault in its hundreds of megabytes afresh.
    void reset(doc_index first, std::span<const std::uint32_t> words) {
        first_ = first;
        at_.resize(words.size() + 1);
        std::uint64_t total = 0;
        for (std::size_t i = 0; i < words.size(); ++i) {
            at_[i] = total;
            total += words[i];
        }
        at_.back() = total;
        words_.resize(total);
    }

    /// Where the front of a kept document's record goes: fill it, from any thread, one per
    /// document, before of() reads it.
    std::span<std::uint64_t> room(doc_index doc) {
        const std::size_t i = doc - first_;
        return {words_.data() + at_[i], static_cast<std::size_t>(at_[i + 1] - at_[i])};
    }

    /// Packs a document's sets as the store keeps them (sorted 64-bit sets in, `numeric` a
    /// subset of `all`): `all` cut to its top 31 bits with the number flag in bit 0, `masked`
    /// cut to its top 32 bits, each sorted and unique again.
    static void pack(const shingle_set& all, const shingle_set& numeric, const shingle_set& masked,
                     std::vector<std::uint32_t>& packed_all, std::vector<std::uint32_t>& packed_masked) {
        packed_all.resize(all.size());
        packed_masked.clear();
        // Both sets are sorted and unique, and every number window is in `all`: the next one not
        // yet met is either this shingle or a later one. A step by comparison, not a loop: whether
        // a shingle is a number window is a coin toss the branch predictor lost.
        const std::size_t numbers = numeric.size();
        bool increasing = true;  // then sorted and unique already, as nearly always
        for (std::size_t i = 0, j = 0; i < all.size(); ++i) {
            const std::uint64_t h = all[i];
            const bool flagged = j < numbers && numeric[j < numbers ? j : 0] == h;
            j += flagged;
            packed_all[i] = (static_cast<std::uint32_t>(h >> 32) & ~1u) | static_cast<std::uint32_t>(flagged);
            increasing &= i == 0 || packed_all[i] > packed_all[i - 1];
        }
        if (!increasing) sort_unique(packed_all);  // two shingles alike in their top 31 bits
        for (const std::uint64_t h : masked) packed_masked.push_back(static_cast<std::uint32_t>(h >> 32));
        sort_unique(packed_masked);
    }

    /// The signature bytes and sets of a kept document, and how many of its shingles lie below
    /// the sample cut, as its record gives them.
    sets of(doc_index doc) const {
        const std::size_t i = doc - first_;
        const std::uint64_t* front = words_.data() + at_[i];
        const spilled record =
            decode_spilled(std::span<const std::uint64_t>(front, static_cast<std::size_t>(at_[i + 1] - at_[i])), true);
        return {record.signature, record.all, record.masked, record.sampled};
    }

    /// Starts loading the line that holds a kept document's header.
    void prefetch(doc_index doc) const noexcept { __builtin_prefetch(words_.data() + at_[doc - first_]); }

    std::size_t bytes() const noexcept {
        return words_.capacity() * sizeof(std::uint64_t) + at_.capacity() * sizeof(std::uint64_t);
    }

private:
    // Sorted and unique again: cutting and flagging can only reorder or merge neighbours.
    static void sort_unique(std::vector<std::uint32_t>& values) {
        if (!std::is_sorted(values.begin(), values.end())) std::sort(values.begin(), values.end());
        values.erase(std::unique(values.begin(), values.end()), values.end());
    }

    doc_index first_ = 0;
    std::vector<std::uint64_t> at_;  // per doc_index - first_: where its front starts in words_; one more: the end
    raw_array<std::uint64_t> words_;  // the fronts, end to end; filled in parallel, so not zeroed first
};

} // namespace wiredup::detail
