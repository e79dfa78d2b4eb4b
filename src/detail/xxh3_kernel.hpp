// Private to stage 3, shingle: XXH3 (64 bits, seeded) of many short inputs at once, as vector
// lanes, for the two hashes every word of every document goes through:
// - tokens of 1 to 16 bytes, XXH3's three shortest paths, each lane computing all three and
//   keeping the one its length takes (a branch per token on its length was mispredicted about
//   once a token);
// - windows of k token hashes (a word shingle), XXH3's 17-to-128-byte path for 3 <= k <= 16:
//   a sum of 64x64->128-bit multiplies of consecutive words, so that neighbouring windows fill
//   the lanes from plain loads, without a gather.
// The vector kernels are compiled for every Highway target and picked at run time; they give
// what XXH3_64bits_withSeed() gives, bit for bit.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace wiredup::detail {

/// Short tokens as the vector kernel reads them, one entry per token: its first eight bytes, the
/// eight bytes that end it (both little-endian; the bytes outside the token may be anything), and
/// its length, 1 to 16.
struct short_tokens {
    const std::uint64_t* first;
    const std::uint64_t* last;
    const std::uint64_t* length;
    std::size_t count;
};

/// out[i] = XXH3_64bits_withSeed(token i, seed), for tokens of 1 to 16 bytes.
void hash_short_tokens(short_tokens tokens, std::uint64_t seed, std::uint64_t* out) noexcept;

/// The same, a token at a time, with XXH3's own code: the reference the kernel is tested against.
void hash_short_tokens_scalar(short_tokens tokens, std::uint64_t seed, std::uint64_t* out) noexcept;

/// out[i] = XXH3_64bits_withSeed(&hashes[i], 8 * k, seed) for each window i of k hashes; out
/// has room for hashes.size() - k + 1 values (none when hashes.size() < k).
void hash_windows(std::span<const std::uint64_t> hashes, std::size_t k, std::uint64_t seed, std::uint64_t* out) noexcept;

/// The same by XXH3 itself, a window at a time: the reference the vector kernel is tested against.
void hash_windows_scalar(std::span<const std::uint64_t> hashes, std::size_t k, std::uint64_t seed,
                         std::uint64_t* out) noexcept;

/// Name of the Highway target the kernels run on.
std::string_view xxh3_target() noexcept;

} // namespace wiredup::detail
