// Which document ids a corpus has used, and where each was first used: the reader's duplicate-id
// check, kept across passes. A million news ids (URL-like, ~90 bytes) cost ~180 bytes each as
// an unordered_map of strings; here an id is its 128-bit XXH3 and where it was first seen, ~45
// bytes. Two different ids collide with odds n^2 / 2^129, about 1e-27 for a million documents.
#pragma once

#include <wiredup/document.hpp>

#include "hash.hpp"
#include "radix_sort.hpp"  // push_back_lean

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

namespace wiredup::detail {

class id_table {
public:
    /// Where `id` was first used: `where` itself when it is new (and recorded), else the origin
    /// recorded then; the bool says whether it was new.
    std::pair<origin, bool> find_or_add(std::string_view id, origin where) {
        const XXH128_hash_t h = hash_bytes128(id);
        if ((entries_.size() + 1) * 4 > slots_.size() * 3) grow();
        const std::size_t mask = slots_.size() - 1;
        for (std::size_t i = h.low64 & mask;; i = (i + 1) & mask) {
            const std::uint32_t at = slots_[i];
            if (at == 0) {
                push_back_lean(entries_, entry{h.low64, h.high64, where.line, where.source});
                slots_[i] = static_cast<std::uint32_t>(entries_.size());
                return {where, true};
            }
            const entry& e = entries_[at - 1];
            if (e.low == h.low64 && e.high == h.high64) return {origin{e.source, e.line}, false};
        }
    }

    std::size_t size() const noexcept { return entries_.size(); }
    std::uint64_t bytes() const noexcept {
        return entries_.capacity() * sizeof(entry) + slots_.capacity() * sizeof(std::uint32_t);
    }

private:
    struct entry {
        std::uint64_t low, high;
        std::uint64_t line;
        std::uint32_t source;
    };

    // Open addressing with linear probing over entry numbers (0: empty), at most 3/4 full.
    void grow() {
        std::vector<std::uint32_t> slots(slots_.empty() ? 1024 : 2 * slots_.size(), 0);
        const std::size_t mask = slots.size() - 1;
        for (std::size_t k = 0; k < entries_.size(); ++k) {
            std::size_t i = entries_[k].low & mask;
            while (slots[i] != 0) i = (i + 1) & mask;
            slots[i] = static_cast<std::uint32_t>(k + 1);
        }
        slots_ = std::move(slots);
    }

    std::vector<entry> entries_;
    std::vector<std::uint32_t> slots_;
};

} // namespace wiredup::detail
