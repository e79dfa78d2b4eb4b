// LSD radix sort of unsigned integers by a range of their bits, and exact grouping of 64-bit keys
// built on it, for the band stage (LSH buckets, containment postings, candidate pair lists).
// Stable, so values equal in the sorted bits keep their input order; a pass whose digit is the
// same for every value is skipped.
#pragma once

#include <algorithm>
#include <array>
#include <bit>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <span>
#include <type_traits>
#include <vector>

namespace wiredup::detail {

/// Widest digit of a radix sort pass. 11 measured faster than 8 on the band stage's data: the
/// pass saved outweighs the L1 misses of 2^11 write streams.
inline constexpr int digit_bits = 11;

/// Sorts `data` by bits [low_bit, high_bit) of each value, stably, using `scratch` (same size)
/// as the second buffer. Returns whichever of the two holds the result, after
/// ceil((high_bit - low_bit) / digit_bits) passes at most.
template <typename T>
std::span<T> radix_sort(std::span<T> data, std::span<T> scratch, int low_bit = 0, int high_bit = sizeof(T) * 8) {
    static_assert(std::is_unsigned_v<T>);
    assert(0 <= low_bit && low_bit <= high_bit && high_bit <= static_cast<int>(sizeof(T) * 8));
    assert(scratch.size() >= data.size());
    constexpr int max_digit = digit_bits;
    constexpr std::size_t radix = std::size_t{1} << max_digit;
    constexpr int max_passes = (sizeof(T) * 8 + max_digit - 1) / max_digit;
    const int bits = high_bit - low_bit;
    if (bits == 0 || data.size() < 2) return data;
    const int passes = (bits + max_digit - 1) / max_digit;
    const int width = (bits + passes - 1) / passes;  // equal digits, none wider than needed
    // The last digit may be narrower, so that no bit above high_bit takes part.
    std::array<int, max_passes> shifts{};
    std::array<T, max_passes> masks{};
    for (int p = 0; p < passes; ++p) {
        shifts[p] = low_bit + p * width;
        masks[p] = static_cast<T>((std::uint64_t{1} << std::min(width, high_bit - shifts[p])) - 1);
    }
    // One read of the data fills every pass's histogram.
    std::vector<std::size_t> counts(static_cast<std::size_t>(passes) * radix, 0);
    for (const T v : data)
        for (int p = 0; p < passes; ++p) ++counts[p * radix + ((v >> shifts[p]) & masks[p])];
    std::span<T> in = data, out = scratch.first(data.size());
    std::array<std::size_t, radix> offsets{};
    for (int p = 0; p < passes; ++p) {
        const std::size_t* c = counts.data() + p * radix;
        const int shift = shifts[p];
        const T mask = masks[p];
        if (c[(in.front() >> shift) & mask] == in.size()) continue;  // every digit equal
        std::size_t sum = 0;
        for (std::size_t d = 0; d <= mask; ++d) {
            offsets[d] = sum;
            sum += c[d];
        }
        T* o = out.data();
        for (const T v : in) o[offsets[(v >> shift) & mask]++] = v;
        std::swap(in, out);
    }
    return in;
}

/// The same on vectors: `data` ends up holding the result (the vectors may be swapped).
template <typename T>
void radix_sort(std::vector<T>& data, std::vector<T>& scratch, int low_bit = 0, int high_bit = sizeof(T) * 8) {
    scratch.resize(data.size());
    if (radix_sort(std::span<T>(data), std::span<T>(scratch), low_bit, high_bit).data() != data.data())
        data.swap(scratch);
}

/// A bijective 64-bit mix (MurmurHash3's finalizer): equal after mixing iff equal before, so
/// grouping by mixed keys is grouping by keys, while any input spreads over the top bits.
constexpr std::uint64_t mix64(std::uint64_t x) noexcept {
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    x *= 0xc4ceb9fe1a85ec53ULL;
    x ^= x >> 33;
    return x;
}

/// The same for 32-bit keys (MurmurHash3's 32-bit finalizer), also a bijection.
constexpr std::uint32_t mix32(std::uint32_t x) noexcept {
    x ^= x >> 16;
    x *= 0x85ebca6bU;
    x ^= x >> 13;
    x *= 0xc2b2ae35U;
    x ^= x >> 16;
    return x;
}

/// Buffers for for_each_group, kept across calls so a loop over bands or shards allocates once.
struct group_buffers {
    std::vector<std::uint64_t> packed, scratch, seen, repeated, kept_keys;
    std::vector<std::uint32_t> kept_values, members;
};

/// The filter both groupings start with: buf.packed[i] = word(i) for each of m keys, and in
/// buf.repeated the slots (the top slot_bits of a word, the mixed key's) met more than once, so
/// that most keys that occur once are dropped (kept_slot()) before anything is sorted.
template <typename Word>
void pack_and_mark(std::size_t m, int slot_bits, group_buffers& buf, Word&& word) {
    buf.seen.assign(std::size_t{1} << std::max(0, slot_bits - 6), 0);
    buf.repeated.assign(buf.seen.size(), 0);
    buf.packed.resize(m);
    for (std::size_t i = 0; i < m; ++i) {
        const std::uint64_t w = word(i);
        buf.packed[i] = w;
        const std::uint64_t slot = w >> (64 - slot_bits);
        const std::uint64_t bit = std::uint64_t{1} << (slot & 63);
        buf.repeated[slot >> 6] |= buf.seen[slot >> 6] & bit;
        buf.seen[slot >> 6] |= bit;
    }
}

/// 1 when the slot of `word` was met more than once by pack_and_mark(), else 0: added to a
/// count, not branched on (which keys are kept is data, and a mispredicted branch costs more
/// than a copy).
inline std::size_t kept_slot(const group_buffers& buf, std::uint64_t word, int slot_bits) noexcept {
    const std::uint64_t slot = word >> (64 - slot_bits);
    return (buf.repeated[slot >> 6] >> (slot & 63)) & 1;
}

/// for_each_group() (below) of keys of 32 bits or fewer: each is mixed (mix32, a bijection)
/// into the top half of a word whose bottom half is the member's value (or its index), so the
/// sorted words carry whole keys and members and a group is found and reported without looking
/// anything up (the LSH bands' keys and containment's; looking up each member's value and key by
/// its index was most of the grouping's cache misses). The same filter of keys that occur once
/// as for_each_group64, the same sort of as few top bits as the keys' number needs; a run of
/// equal sorted bits whose whole keys differ is split, stably, by them.
template <typename Key, typename Fn>
void for_each_group32(std::span<const Key> keys, std::span<const std::uint32_t> values, group_buffers& buf, Fn&& fn) {
    static_assert(std::is_unsigned_v<Key> && sizeof(Key) <= sizeof(std::uint32_t));
    const std::size_t m = keys.size();
    assert(values.empty() || values.size() == m);
    if (m < 2) return;
    assert(m <= (std::size_t{1} << 32));
    // The filter's slot is the top bits of the mixed key alone (32 at most), never the value's.
    const int slot_bits = std::min(32, static_cast<int>(std::bit_width(m - 1)) + 3);
    pack_and_mark(m, slot_bits, buf, [&](std::size_t i) {
        const std::uint64_t value = values.empty() ? i : values[i];
        return (std::uint64_t{mix32(static_cast<std::uint32_t>(keys[i]))} << 32) | value;
    });
    std::size_t kept = 0;
    for (std::size_t i = 0; i < m; ++i) {
        const std::uint64_t word = buf.packed[i];
        buf.packed[kept] = word;
        kept += kept_slot(buf, word, slot_bits);
    }
    if (kept < 2) return;
    buf.scratch.resize(kept);
    const int needed = static_cast<int>(std::bit_width(kept)) + 4;
    const int sort_bits = std::min(32, (needed + digit_bits - 1) / digit_bits * digit_bits);
    const int shift = 64 - sort_bits;
    const auto sorted = radix_sort(std::span<std::uint64_t>(buf.packed).first(kept), std::span<std::uint64_t>(buf.scratch), shift, 64);
    auto& members = buf.members;
    const auto report = [&](std::span<const std::uint64_t> run) {
        members.clear();
        for (const std::uint64_t word : run) members.push_back(static_cast<std::uint32_t>(word));
        fn(std::span<const std::uint32_t>(members));
    };
    std::vector<std::uint64_t> split;  // a run whose whole keys differ
    for (std::size_t lo = 0; lo < kept;) {
        const std::uint64_t top = sorted[lo] >> shift;
        std::size_t hi = lo + 1;
        while (hi < kept && (sorted[hi] >> shift) == top) ++hi;
        if (hi - lo >= 2) {
            const std::uint64_t first = sorted[lo] >> 32;
            bool same = true;
            for (std::size_t j = lo + 1; j < hi; ++j) same = same && (sorted[j] >> 32) == first;
            if (same) {
                report(sorted.subspan(lo, hi - lo));
            } else {
                // Stable: members of one key stay in input order.
                split.assign(sorted.begin() + static_cast<std::ptrdiff_t>(lo), sorted.begin() + static_cast<std::ptrdiff_t>(hi));
                std::stable_sort(split.begin(), split.end(), [](std::uint64_t x, std::uint64_t y) { return (x >> 32) < (y >> 32); });
                for (std::size_t a = 0; a < split.size();) {
                    std::size_t b = a + 1;
                    while (b < split.size() && (split[b] >> 32) == (split[a] >> 32)) ++b;
                    if (b - a >= 2) report(std::span<const std::uint64_t>(split).subspan(a, b - a));
                    a = b;
                }
            }
        }
        lo = hi;
    }
}

/// for_each_group() of 64-bit keys. Keys are mixed; a bitmap of 8 bits a key over the top mixed
/// bits drops most keys that occur once before anything is sorted. The rest are copied aside (so
/// later reads are sequential, not cache misses), packed with their copy's index into one word,
/// and only the top bits that their number needs are radix sorted; a run of equal top bits is
/// checked against the whole keys and split when they differ (rare for keys that are hashes).
template <typename Fn>
void for_each_group64(std::span<const std::uint64_t> keys, std::span<const std::uint32_t> values, group_buffers& buf, Fn&& fn) {
    const std::size_t m = keys.size();
    assert(values.empty() || values.size() == m);
    if (m < 2) return;
    assert(m <= (std::size_t{1} << 32));
    const int position_bits = static_cast<int>(std::bit_width(m - 1));
    const std::uint64_t position_mask = (std::uint64_t{1} << position_bits) - 1;
    const int slot_bits = position_bits + 3;
    pack_and_mark(m, slot_bits, buf, [&](std::size_t i) { return mix64(keys[i]); });
    auto& kept_keys = buf.kept_keys;
    auto& kept_values = buf.kept_values;
    kept_keys.resize(m);
    kept_values.resize(m);
    std::size_t kept = 0;
    for (std::size_t i = 0; i < m; ++i) {
        const std::uint64_t mixed = buf.packed[i];
        buf.packed[kept] = (mixed & ~position_mask) | kept;
        kept_keys[kept] = keys[i];
        kept_values[kept] = values.empty() ? static_cast<std::uint32_t>(i) : values[i];
        kept += kept_slot(buf, mixed, slot_bits);
    }
    if (kept < 2) return;
    buf.scratch.resize(kept);
    // At least four bits beyond log2(kept), so few runs of distinct keys share top bits, then
    // as many as the passes needed for those cover.
    const int needed = static_cast<int>(std::bit_width(kept)) + 4;
    const int sort_bits = std::min(64 - position_bits, (needed + digit_bits - 1) / digit_bits * digit_bits);
    const int shift = 64 - sort_bits;
    const auto sorted = radix_sort(std::span<std::uint64_t>(buf.packed).first(kept), std::span<std::uint64_t>(buf.scratch), shift, 64);
    auto& members = buf.members;
    std::vector<std::uint32_t> at;  // copy indices of a run whose keys differ
    for (std::size_t lo = 0; lo < kept;) {
        const std::uint64_t top = sorted[lo] >> shift;
        std::size_t hi = lo + 1;
        while (hi < kept && (sorted[hi] >> shift) == top) ++hi;
        if (hi - lo >= 2) {
            members.clear();
            const std::uint64_t first = kept_keys[sorted[lo] & position_mask];
            bool same = true;
            for (std::size_t j = lo; j < hi; ++j) {
                const auto k = static_cast<std::uint32_t>(sorted[j] & position_mask);
                members.push_back(kept_values[k]);
                same = same && kept_keys[k] == first;
            }
            if (same) {
                fn(std::span<const std::uint32_t>(members));
            } else {
                at.clear();
                for (std::size_t j = lo; j < hi; ++j) at.push_back(static_cast<std::uint32_t>(sorted[j] & position_mask));
                // Copies are in input order, so (key, copy index) is (key, i).
                std::sort(at.begin(), at.end(), [&](std::uint32_t x, std::uint32_t y) {
                    return kept_keys[x] != kept_keys[y] ? kept_keys[x] < kept_keys[y] : x < y;
                });
                for (std::size_t a = 0; a < at.size();) {
                    std::size_t b = a + 1;
                    while (b < at.size() && kept_keys[at[b]] == kept_keys[at[a]]) ++b;
                    if (b - a >= 2) {
                        members.clear();
                        for (std::size_t j = a; j < b; ++j) members.push_back(kept_values[at[j]]);
                        fn(std::span<const std::uint32_t>(members));
                    }
                    a = b;
                }
            }
        }
        lo = hi;
    }
}

/// Calls fn(std::span<const std::uint32_t>) once for every group of two or more equal keys with
/// the values of its members (values[i] for key i, or i itself when values is empty), in
/// increasing order of i. Groups are exact, by the whole key: keys of 32 bits or fewer go
/// through for_each_group32 (key and member in one word), wider ones through for_each_group64.
template <typename Key, typename Fn>
void for_each_group(std::span<const Key> keys, std::span<const std::uint32_t> values, group_buffers& buf, Fn&& fn) {
    static_assert(std::is_unsigned_v<Key> && sizeof(Key) <= sizeof(std::uint64_t));
    if constexpr (sizeof(Key) <= sizeof(std::uint32_t))
        for_each_group32(keys, values, buf, fn);
    else
        for_each_group64(keys, values, buf, fn);
}

/// push_back growing by half instead of doubling: an index that holds most of a run's
/// memory should not carry up to 2x of unused capacity.
template <typename T>
void push_back_lean(std::vector<T>& v, const T& value) {
    if (v.size() == v.capacity()) v.reserve(v.capacity() + v.capacity() / 2 + 16);
    v.push_back(value);
}

} // namespace wiredup::detail
