// Sorting 64-bit hash values in O(n): the shingle sets and the term counts of every document
// are sorted this way.
#pragma once

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <vector>

#include "memory.hpp"

namespace wiredup::detail {

/// What sort_hashes() works in. Kept by the caller from one call to the next (a thread_local
/// per sorting site): a sort per document that allocated and zero-filled its buffers each time
/// spent a third of its time in malloc and memset.
struct sort_buffers {
    std::vector<std::uint64_t> values;
    std::vector<std::uint32_t> starts;

    /// Gives back what a huge input grew, so that one giant document does not hold its size per
    /// thread for the rest of a run.
    void trim() {
        constexpr std::size_t kept_values = std::size_t{1} << 16;
        if (values.capacity() > kept_values) release(values);
    }
};

// Hashes are uniform, so scattering them by their top bits into n to 2n buckets leaves at most
// one element per bucket on average, and one insertion pass finishes the sort in O(n), where a
// comparison sort spends most of its time on mispredicted branches. Repeats stay together; only
// input unlike hash output could make the pass quadratic, and a budget hands that to std::sort.
inline void sort_hashes(std::vector<std::uint64_t>& hashes, sort_buffers& buffers) {
    const std::size_t n = hashes.size();
    constexpr std::size_t min_bucketed = 64;
    if (n < min_bucketed) {
        std::sort(hashes.begin(), hashes.end());
        return;
    }
    const std::size_t bits = std::min<std::size_t>(16, std::bit_width(n));
    const std::size_t shift = 64 - bits;
    auto& start = buffers.starts;
    start.assign((std::size_t{1} << bits) + 1, 0);
    for (const std::uint64_t x : hashes) ++start[(x >> shift) + 1];
    for (std::size_t b = 1; b < start.size(); ++b) start[b] += start[b - 1];
    // The input is copied aside and scattered back, so that `hashes` keeps its own buffer (a
    // swap would hand the caller's set a buffer sized for the largest document so far).
    if (buffers.values.size() < n) buffers.values.resize(n);
    std::memcpy(buffers.values.data(), hashes.data(), n * sizeof(std::uint64_t));
    std::uint64_t* const sorted = hashes.data();
    for (std::size_t i = 0; i < n; ++i) {
        const std::uint64_t x = buffers.values[i];
        sorted[start[x >> shift]++] = x;
    }
    // The insertion pass. Whether an element steps back once is a coin toss (two in a bucket
    // are out of order half the time), so that step is taken without a branch, by a min and a
    // max; only an element that goes back further, the smallest of three or more in a bucket,
    // takes the loop. With a branch on the first step, and half the buckets, 450 hashes took
    // 2.55 us (BM_SortHashes, inputs too many for the branch predictor to learn); 1.6-1.9 us so.
    std::size_t moves = 0;
    std::uint64_t last = sorted[0];  // sorted[i - 1], held in a register: the running maximum
    for (std::size_t i = 1; i < n; ++i) {
        const std::uint64_t x = sorted[i];
        // Two conditional moves on one comparison (GCC turns std::min and std::max here back
        // into a branch). `last` depends on the step before through the comparison and one
        // move; a mask made of the comparison (negate, and, or) was a chain twice as long, and
        // the sort of 450 hashes took 10-20% longer.
        const bool back = x < last;
        const std::uint64_t low = back ? x : last;
        last = back ? last : x;
        sorted[i - 1] = low;
        sorted[i] = last;
        if (i >= 2 && sorted[i - 2] > low) [[unlikely]] {
            std::size_t j = i - 1;
            for (; j > 0 && sorted[j - 1] > low; --j) sorted[j] = sorted[j - 1];
            sorted[j] = low;
            moves += i - j;
            if (moves > 8 * n) break;
        }
    }
    if (moves > 8 * n) std::sort(hashes.begin(), hashes.end());
    buffers.trim();
}

} // namespace wiredup::detail
