// The one place wiredup's hashing comes from: XXH3 (xxHash) for bytes, SplitMix64 for seeded
// parameter streams. Every persisted value (line keys, shingles, signatures) is built on these,
// so golden tests pin them.
#pragma once

// Inlined from the packaged header: tokens and shingles are a few bytes each, so a call into
// the shared library costs as much as the hash. Same algorithm, same values.
#define XXH_INLINE_ALL
#include <xxhash.h>

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace wiredup::detail {

inline std::uint64_t hash_bytes(const void* data, std::size_t size, std::uint64_t seed = 0) noexcept {
    return XXH3_64bits_withSeed(data, size, seed);
}

inline std::uint64_t hash_bytes(std::string_view bytes, std::uint64_t seed = 0) noexcept {
    return hash_bytes(bytes.data(), bytes.size(), seed);
}

/// 128 bits of XXH3, where 64 would leave a collision among a few billion items plausible.
inline XXH128_hash_t hash_bytes128(std::string_view bytes) noexcept { return XXH3_128bits(bytes.data(), bytes.size()); }

/// SplitMix64 (Steele, Lea, Flood 2014): a seeded stream of well-mixed 64-bit values.
class splitmix64 {
public:
    explicit splitmix64(std::uint64_t seed) noexcept : state_(seed) {}
    std::uint64_t next() noexcept { return mix(state_ += 0x9e3779b97f4a7c15ULL); }

    /// SplitMix64's finalizer: a bijection of 64 bits in which every output bit depends on every
    /// input bit.
    static constexpr std::uint64_t mix(std::uint64_t z) noexcept {
        z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
        z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
        return z ^ (z >> 31);
    }

private:
    std::uint64_t state_;
};

} // namespace wiredup::detail
