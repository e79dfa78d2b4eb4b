// Byte tests eight bytes at a time in a 64-bit word ("SIMD within a register"), for the text
// scans of normalize and shingle: most of their input is short ASCII tokens, and testing a
// word instead of each byte saves the branch per byte. Every result is exact for every byte:
// the sums stay within their byte, so no carry reaches a neighbour.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace wiredup::detail {

inline constexpr std::uint64_t high_bits = 0x8080808080808080ULL;
inline constexpr std::uint64_t low_bits = 0x7F7F7F7F7F7F7F7FULL;
inline constexpr std::uint64_t ones = 0x0101010101010101ULL;

/// Eight bytes from p, the first in the low byte on a little-endian machine.
inline std::uint64_t load_word(const void* p) noexcept {
    std::uint64_t word;
    std::memcpy(&word, p, sizeof word);
    return word;
}

/// The high bit of each byte of `word` that is 0.
constexpr std::uint64_t zero_bytes(std::uint64_t word) noexcept {
    return ~(((word & low_bits) + low_bits) | word | low_bits);
}

/// The high bit of each byte of `word` equal to c.
constexpr std::uint64_t bytes_equal(std::uint64_t word, unsigned char c) noexcept { return zero_bytes(word ^ (c * ones)); }

/// For a word of bytes <= 0x7F: the high bit of each byte >= lo (lo <= 0x80). Other bits are noise.
constexpr std::uint64_t bytes_at_least(std::uint64_t word, unsigned char lo) noexcept {
    return word + static_cast<std::uint64_t>(0x80 - lo) * ones;
}

/// How many bytes of `mask` have their high bit set, for a mask of high bits only: a sum of
/// the bytes' flags (std::popcount is a library call on a baseline x86-64 build).
constexpr std::size_t count_high_bits(std::uint64_t mask) noexcept {
    return static_cast<std::size_t>(((mask >> 7) * ones) >> 56);
}

/// The set bits of a word, by sums of neighbouring counts (std::popcount is a library call on a
/// baseline x86-64 build).
constexpr std::size_t count_bits(std::uint64_t x) noexcept {
    x -= (x >> 1) & 0x5555555555555555ULL;
    x = (x & 0x3333333333333333ULL) + ((x >> 2) & 0x3333333333333333ULL);
    x = (x + (x >> 4)) & 0x0F0F0F0F0F0F0F0FULL;
    return static_cast<std::size_t>((x * ones) >> 56);
}

} // namespace wiredup::detail
