// Private to stage 4, sign: the permutation parameters laid out for 32-bit SIMD lanes, and the
// kernels that evaluate all permutations over a shingle set. The vector kernel is compiled for
// every Highway target and picked at run time; it gives the same integers as the scalar one.
#pragma once

#include <wiredup/document.hpp>

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace wiredup::detail {

/// The family h_i(x) = (a_i * lo(x) + b_i * hi(x) + c_i) >> 32 (mod 2^64), and the same numbers
/// split so that vectors without a 64x64-bit multiply can evaluate it exactly:
/// (a * lo) mod 2^64 = a_lo * lo + ((a_hi * lo) mod 2^32) << 32, so the top half of the sum is
/// top32(a_lo*lo + b_lo*hi + c) + (a_hi*lo + b_hi*hi) mod 2^32.
struct minhash_tables {
    explicit minhash_tables(std::size_t num_perm, std::uint64_t seed);

    std::size_t num_perm;
    std::vector<std::uint64_t> a, b, c;
    // One padding slot at the end: the kernel loads a_lo/b_lo one lane further on to bring the
    // odd permutations into even lanes (MulEven reads even lanes only).
    std::vector<std::uint32_t> a_lo, a_hi, b_lo, b_hi;
    std::vector<std::uint64_t> c_even, c_odd;  ///< c of permutations 0, 2, 4... and 1, 3, 5...
};

/// Minima of the permutations [first, num_perm) over the set into out[first...]: the plain
/// 64-bit formula, the reference every vector target is tested against.
void sign_permutations_scalar(const minhash_tables& t, std::span<const std::uint64_t> shingles,
                              std::span<std::uint32_t> out, std::size_t first = 0) noexcept;

/// The same minima for every permutation, on the best instruction set of this CPU.
void sign_permutations(const minhash_tables& t, std::span<const std::uint64_t> shingles,
                       std::span<std::uint32_t> out) noexcept;

/// out[i] = splitmix64::mix(in[i] ^ key) for i < n, several at a time on the best instruction set
/// of this CPU: the one-permutation scheme's bin and value of each shingle.
void mix_keyed(const std::uint64_t* in, std::size_t n, std::uint64_t key, std::uint64_t* out) noexcept;

/// How many 4-bit halves of the bytes a[i], b[i] are equal, over whole vectors of bytes from the
/// first, on the best instruction set of this CPU; *done is how many bytes that took, the rest
/// the caller's to count. The band screen's comparison of two sketches, for every pair a
/// bucket proposes: 128 bytes in two AVX-512 steps where 16-byte vectors took eight.
std::size_t equal_nibble_lanes(const std::uint8_t* a, const std::uint8_t* b, std::size_t n, std::size_t* done) noexcept;

/// out[k] = the equal 4-bit halves of rows pairs[k].a and pairs[k].b, each row `bytes` bytes
/// from rows + doc * bytes, for k < n: the band screen's comparisons in one call, not one a
/// pair (which cost about as much again as the comparison), both rows fetched some pairs ahead.
void equal_nibble_pairs(const std::uint8_t* rows, std::size_t bytes, const doc_pair* pairs, std::size_t n,
                        std::uint32_t* out) noexcept;

/// Name of the Highway target sign_permutations(), mix_keyed() and equal_nibble_lanes() run on
/// ("AVX2", "SSE4", "SCALAR"...).
std::string_view sign_permutations_target() noexcept;

} // namespace wiredup::detail
