// What the confirm stage holds of each document of a block, packed end to end in one array so
// that a million candidates cost one allocation, not millions:
// - the low bytes of its signature, for the MinHash estimate of a confirmed pair;
// - its shingle set, each hash cut to its top 31 bits, the lowest bit saying whether the
//   shingle's window holds a number (equal shingles have equal windows, so equal flags);
// - the shingles of those number windows with the numbers masked (shingler::numeric_windows).
// Shared shingles and shared number windows then come from one merge of the first sets. A 31-bit
// cut makes two different shingles of a pair look equal with odds of about |A| * |B| / 2^31
// (1 in 10,000 pairs of 450-shingle documents, one shingle at most), far below what the
// thresholds can see; the 64-bit hashes still sign and band.
#pragma once

#include <wiredup/document.hpp>
#include <wiredup/shingle.hpp>

#include "intersect_kernel.hpp"

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
    };

    /// Room for documents first .. first + documents - 1.
    explicit confirm_store(std::size_t documents, doc_index first = 0) : first_(first), slot_(documents, none) {}

    /// Room for this many values in all, so that a million documents do not regrow the array
    /// (a doubling vector holds up to twice its contents, three times while it moves).
    void reserve(std::size_t values, std::size_t documents) {
        values_.reserve(values);
        bounds_.reserve(4 * documents);
    }

    /// Packs a document's sets as the store keeps them (sorted 64-bit sets in, `numeric` a
    /// subset of `all`): `all` cut to its top 31 bits with the number flag in bit 0, `masked`
    /// cut to its top 32 bits, each sorted and unique again.
    static void pack(const shingle_set& all, const shingle_set& numeric, const shingle_set& masked,
                     std::vector<std::uint32_t>& packed_all, std::vector<std::uint32_t>& packed_masked) {
        packed_all.clear();
        packed_masked.clear();
        auto number = numeric.begin();
        for (const std::uint64_t h : all) {
            while (number != numeric.end() && *number < h) ++number;
            const bool flagged = number != numeric.end() && *number == h;
            packed_all.push_back((static_cast<std::uint32_t>(h >> 32) & ~1u) | (flagged ? 1u : 0u));
        }
        sort_unique(packed_all);
        for (const std::uint64_t h : masked) packed_masked.push_back(static_cast<std::uint32_t>(h >> 32));
        sort_unique(packed_masked);
    }

    /// Appends one document's signature bytes and sets, packed by pack(); each document at most
    /// once, from one thread.
    void add(doc_index doc, std::span<const std::uint8_t> signature, std::span<const std::uint32_t> all,
             std::span<const std::uint32_t> masked) {
        slot_[doc - first_] = static_cast<std::uint32_t>(bounds_.size() / 4);
        bounds_.push_back(values_.size());
        values_.insert(values_.end(), all.begin(), all.end());
        bounds_.push_back(values_.size());
        values_.insert(values_.end(), masked.begin(), masked.end());
        bounds_.push_back(values_.size());
        values_.resize(values_.size() + (signature.size() + 3) / 4, 0);  // the bytes, in whole values
        if (!signature.empty())
            std::memcpy(values_.data() + bounds_.back(), signature.data(), signature.size());
        bounds_.push_back(signature.size());
    }

    /// The signature bytes and sets of a document add() was given.
    sets of(doc_index doc) const {
        const std::uint64_t* b = bounds_.data() + std::size_t{slot_[doc - first_]} * 4;
        const std::span<const std::uint32_t> v(values_);
        return {{reinterpret_cast<const std::uint8_t*>(values_.data() + b[2]), b[3]},
                v.subspan(b[0], b[1] - b[0]),
                v.subspan(b[1], b[2] - b[1])};
    }

    std::size_t bytes() const noexcept {
        return values_.capacity() * sizeof(std::uint32_t) + bounds_.capacity() * sizeof(std::uint64_t) +
               slot_.capacity() * sizeof(std::uint32_t);
    }

private:
    // Sorted and unique again: cutting and flagging can only reorder or merge neighbours.
    static void sort_unique(std::vector<std::uint32_t>& values) {
        if (!std::is_sorted(values.begin(), values.end())) std::sort(values.begin(), values.end());
        values.erase(std::unique(values.begin(), values.end()), values.end());
    }

    static constexpr std::uint32_t none = static_cast<std::uint32_t>(-1);
    doc_index first_;
    std::vector<std::uint32_t> values_;
    std::vector<std::uint64_t> bounds_;  // 4 per stored document: where its 2 sets and signature start, signature bytes
    std::vector<std::uint32_t> slot_;    // per doc_index - first_: its place in bounds_ / 3, or none
};

} // namespace wiredup::detail
