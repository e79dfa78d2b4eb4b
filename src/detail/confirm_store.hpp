// What the confirm stage keeps of each document it re-reads: its shingle set and the two small
// sets of its number-holding windows (see shingler::numeric_windows), cut to 32 bits and packed
// end to end in one array, so that a million candidates cost one allocation, not three million.
// A 32-bit cut makes two different shingles of a pair look equal with odds of about
// |A| * |B| / 2^32 (1 in 20,000 pairs of 450-shingle documents, one shingle at most), far below
// what the thresholds can see; the 64-bit hashes still sign and band.
#pragma once

#include <wiredup/document.hpp>
#include <wiredup/shingle.hpp>

#include <cstdint>
#include <span>
#include <vector>

namespace wiredup::detail {

class confirm_store {
public:
    struct sets {
        std::span<const std::uint32_t> all;      ///< every shingle
        std::span<const std::uint32_t> numeric;  ///< shingles of windows holding a number, as written
        std::span<const std::uint32_t> masked;   ///< the same windows with their numbers masked
    };

    explicit confirm_store(std::size_t documents) : slot_(documents, none) {}

    /// Appends one document's sets; each document at most once, from one thread.
    void add(doc_index doc, const shingle_set& all, const shingle_set& numeric, const shingle_set& masked) {
        slot_[doc] = static_cast<std::uint32_t>(bounds_.size() / 4);
        for (const shingle_set* set : {&all, &numeric, &masked}) {
            const std::size_t start = values_.size();
            bounds_.push_back(start);
            for (const std::uint64_t h : *set) {
                const auto top = static_cast<std::uint32_t>(h >> 32);  // sorted in, sorted out
                if (values_.size() == start || values_.back() != top) values_.push_back(top);
            }
        }
        bounds_.push_back(values_.size());
    }

    /// The sets of a document add() was given.
    sets of(doc_index doc) const {
        const std::uint64_t* b = bounds_.data() + std::size_t{slot_[doc]} * 4;
        const std::span<const std::uint32_t> v(values_);
        return {v.subspan(b[0], b[1] - b[0]), v.subspan(b[1], b[2] - b[1]), v.subspan(b[2], b[3] - b[2])};
    }

    std::size_t bytes() const noexcept {
        return values_.capacity() * sizeof(std::uint32_t) + bounds_.capacity() * sizeof(std::uint64_t) +
               slot_.capacity() * sizeof(std::uint32_t);
    }

private:
    static constexpr std::uint32_t none = static_cast<std::uint32_t>(-1);
    std::vector<std::uint32_t> values_;
    std::vector<std::uint64_t> bounds_;  // 4 per stored document: where its 3 sets start, and end
    std::vector<std::uint32_t> slot_;    // per doc_index: its place in bounds_ / 4, or none
};

} // namespace wiredup::detail
