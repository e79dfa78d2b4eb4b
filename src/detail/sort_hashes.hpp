// Sorting 64-bit hash values in O(n): the shingle sets and the term counts of every document
// are sorted this way.
#pragma once

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace wiredup::detail {

// Hashes are uniform, so scattering them by their top bits into n/2 to n buckets leaves about
// one element per bucket out of place and one insertion pass finishes the sort in O(n), where a
// comparison sort spends most of its time on mispredicted branches. Repeats stay together; only
// input unlike hash output could make the pass quadratic, and a budget hands that to std::sort.
inline void sort_hashes(std::vector<std::uint64_t>& hashes, std::vector<std::uint64_t>& scratch) {
    const std::size_t n = hashes.size();
    constexpr std::size_t min_bucketed = 64;
    if (n < min_bucketed) {
        std::sort(hashes.begin(), hashes.end());
        return;
    }
    const std::size_t bits = std::min<std::size_t>(16, std::bit_width(n) - 1);
    const std::size_t shift = 64 - bits;
    std::vector<std::uint32_t> start((std::size_t{1} << bits) + 1);
    for (const std::uint64_t x : hashes) ++start[(x >> shift) + 1];
    for (std::size_t b = 1; b < start.size(); ++b) start[b] += start[b - 1];
    scratch.resize(n);
    for (const std::uint64_t x : hashes) scratch[start[x >> shift]++] = x;
    std::size_t moves = 0;
    for (std::size_t i = 1; i < n && moves <= 8 * n; ++i) {
        const std::uint64_t x = scratch[i];
        std::size_t j = i;
        for (; j > 0 && scratch[j - 1] > x; --j) scratch[j] = scratch[j - 1];
        scratch[j] = x;
        moves += i - j;
    }
    if (moves > 8 * n) std::sort(scratch.begin(), scratch.end());
    hashes.swap(scratch);
}

} // namespace wiredup::detail
