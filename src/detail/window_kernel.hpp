// Private to stage 3, shingle: the hash of every window of k token hashes, several windows at a
// time. A word shingle is XXH3 (64 bits, seeded) of its k token hashes' bytes; for 3 <= k <= 16
// that is XXH3's 17-to-128-byte path, a sum of 64x64->128-bit multiplies of consecutive words,
// which vectors compute across windows: lanes read neighbouring windows, whose words overlap,
// without a gather. The vector kernel is compiled for every Highway target and picked at run
// time; it gives what XXH3_64bits_withSeed() gives, bit for bit.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace wiredup::detail {

/// out[i] = XXH3_64bits_withSeed(&hashes[i], 8 * k, seed) for each window i of k hashes; out
/// has room for hashes.size() - k + 1 values (none when hashes.size() < k).
void hash_windows(std::span<const std::uint64_t> hashes, std::size_t k, std::uint64_t seed, std::uint64_t* out) noexcept;

/// The same by XXH3 itself, a window at a time: the reference the vector kernel is tested against.
void hash_windows_scalar(std::span<const std::uint64_t> hashes, std::size_t k, std::uint64_t seed,
                         std::uint64_t* out) noexcept;

/// Name of the Highway target hash_windows() runs on.
std::string_view window_target() noexcept;

} // namespace wiredup::detail
