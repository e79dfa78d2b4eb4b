// Private to stage 3, shingle: the XXH3 kernels, compiled once per Highway target
// (foreach_target.h re-includes this file) and dispatched at run time. Each follows xxhash.h's
// own code for its lengths (XXH3_len_1to3_64b, 4to8, 9to16 and 17to128):
// - 1 to 3 bytes: XXH64_avalanche of the first, middle and last byte and the length, keyed;
// - 4 to 8: rrmxmx of the first and last four bytes, keyed, and the length;
// - 9 to 16: XXH3_avalanche of len + bswap(lo) + hi + fold64(lo * hi), lo and hi the first and
//   last eight bytes, keyed;
// - 17 to 128 (8k bytes of k token hashes): XXH3_avalanche of len * PRIME64_1 plus a sum of
//   mix16B over 2, 4, 6 or 8 pairs of (input, secret) offsets, where
//   mix16B(in, s) = fold64((in[0] ^ (s[0] + seed)) * (in[1] ^ (s[1] - seed))). Every offset is a
//   multiple of 8 here, so each mix16B takes two whole token hashes.
// fold64 is the xor of the low and high 64 bits of a 128-bit product. Vectors hold only
// 32x32->64-bit multiplies, so each 64x64 product is made of three or four.
#include "detail/xxh3_kernel.hpp"

#include "detail/hash.hpp"

#include <algorithm>
#include <bit>
#include <cstring>

#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "detail/xxh3_kernel.cpp"
#include <hwy/foreach_target.h>  // must come before highway.h
#include <hwy/highway.h>

#include "detail/wide_mul-inl.h"

#ifndef WIREDUP_WINDOW_PLAN  // this file is compiled once per target; the plan only once
#define WIREDUP_WINDOW_PLAN
namespace wiredup::detail {

// One mix16B of a window: the first of its two words, and the two secret words with the seed in.
struct window_round {
    std::size_t word;
    std::uint64_t key_lo, key_hi;
};

// The rounds of XXH3_len_17to128_64b for windows of k words (3 <= k <= 16), in its order.
struct window_plan {
    window_round rounds[8];
    std::size_t count = 0;
    std::uint64_t start = 0;  // len * PRIME64_1

    window_plan(std::size_t k, std::uint64_t seed) {
        const std::size_t len = 8 * k;
        start = len * XXH_PRIME64_1;
        const auto add = [&](std::size_t input, std::size_t secret) {
            rounds[count++] = {input / 8, XXH_readLE64(XXH3_kSecret + secret) + seed,
                               XXH_readLE64(XXH3_kSecret + secret + 8) - seed};
        };
        if (len > 96) add(48, 96), add(len - 64, 112);
        if (len > 64) add(32, 64), add(len - 48, 80);
        if (len > 32) add(16, 32), add(len - 32, 48);
        add(0, 0), add(len - 16, 16);
    }
};

// The keys of XXH3's three short paths for one seed, from the default secret.
struct short_keys {
    std::uint64_t one_to_3, four_to_8, lo_9to16, hi_9to16;

    explicit short_keys(std::uint64_t seed) {
        one_to_3 = (XXH_readLE32(XXH3_kSecret) ^ XXH_readLE32(XXH3_kSecret + 4)) + seed;
        const std::uint64_t swapped = seed ^ (std::uint64_t{XXH_swap32(static_cast<std::uint32_t>(seed))} << 32);
        four_to_8 = (XXH_readLE64(XXH3_kSecret + 8) ^ XXH_readLE64(XXH3_kSecret + 16)) - swapped;
        lo_9to16 = (XXH_readLE64(XXH3_kSecret + 24) ^ XXH_readLE64(XXH3_kSecret + 32)) + seed;
        hi_9to16 = (XXH_readLE64(XXH3_kSecret + 40) ^ XXH_readLE64(XXH3_kSecret + 48)) - seed;
    }
};

inline bool vector_windows(std::size_t k) noexcept {
    return std::endian::native == std::endian::little && k >= 3 && k <= 16;
}

} // namespace wiredup::detail
#endif

HWY_BEFORE_NAMESPACE();
namespace wiredup::detail::HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;


std::size_t tokens_lanes(const std::uint64_t* first, const std::uint64_t* last, const std::uint64_t* length,
                         std::size_t count, std::uint64_t seed, std::uint64_t* out) {
    std::size_t i = 0;
#if HWY_TARGET == HWY_SCALAR  // one token at a time is XXH3's own job
    (void)first, (void)last, (void)length, (void)count, (void)seed, (void)out;
#else
    if (std::endian::native != std::endian::little) return 0;
    const hn::ScalableTag<std::uint64_t> d;
    const hn::RebindToSigned<decltype(d)> di;
    const hn::Repartition<std::uint8_t, decltype(d)> d8;
    const std::size_t lanes = hn::Lanes(d);
    const short_keys keys(seed);
    const auto byte = hn::Set(d, 0xFF);
    // Byte indices that reverse each 8-byte lane, for a table lookup within 16-byte blocks.
    alignas(64) static constexpr std::uint8_t reverse_bytes[64] = {
        7, 6, 5, 4, 3, 2, 1, 0, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 15, 14, 13, 12, 11, 10, 9, 8,
        7, 6, 5, 4, 3, 2, 1, 0, 15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 15, 14, 13, 12, 11, 10, 9, 8};
    if (hn::Lanes(d8) > sizeof reverse_bytes) return 0;
    const auto reverse = hn::Load(d8, reverse_bytes);
    for (; i + lanes <= count; i += lanes) {
        const auto f = hn::LoadU(d, first + i);
        const auto l = hn::LoadU(d, last + i);
        const auto len = hn::LoadU(d, length + i);
        // 1 to 3 bytes: { last byte, length, first byte, middle byte } from the low byte up.
        const auto middle = hn::IfThenElse(hn::RebindMask(d, hn::Gt(hn::BitCast(di, len), hn::Set(di, 1))),
                                           hn::And(hn::ShiftRight<8>(f), byte), hn::And(f, byte));
        const auto combined = hn::Or(hn::Or(hn::ShiftRight<56>(l), hn::ShiftLeft<8>(len)),
                                     hn::Or(hn::ShiftLeft<16>(hn::And(f, byte)), hn::ShiftLeft<24>(middle)));
        auto h1 = hn::Xor(combined, hn::Set(d, keys.one_to_3));
        h1 = hn::Xor(h1, hn::ShiftRight<33>(h1));
        h1 = mul_low(d, h1, XXH_PRIME64_2);
        h1 = hn::Xor(h1, hn::ShiftRight<29>(h1));
        h1 = mul_low(d, h1, XXH_PRIME64_3);
        h1 = hn::Xor(h1, hn::ShiftRight<32>(h1));
        // 4 to 8 bytes: the first four above the last four.
        auto h2 = hn::Xor(hn::Add(hn::ShiftRight<32>(l), hn::ShiftLeft<32>(f)), hn::Set(d, keys.four_to_8));
        h2 = hn::Xor(h2, hn::Xor(hn::RotateRight<15>(h2), hn::RotateRight<40>(h2)));  // rotl 49, rotl 24
        h2 = mul_low(d, h2, 0x9FB21C651E98DF25ULL);
        h2 = hn::Xor(h2, hn::Add(hn::ShiftRight<35>(h2), len));
        h2 = mul_low(d, h2, 0x9FB21C651E98DF25ULL);
        h2 = hn::Xor(h2, hn::ShiftRight<28>(h2));
        // 9 to 16 bytes.
        const auto lo = hn::Xor(f, hn::Set(d, keys.lo_9to16));
        const auto hi = hn::Xor(l, hn::Set(d, keys.hi_9to16));
        const auto swapped = hn::BitCast(d, hn::TableLookupBytes(hn::BitCast(d8, lo), reverse));
        auto h3 = hn::Add(hn::Add(len, swapped), hn::Add(hi, mul128_fold(d, lo, hi)));
        h3 = hn::Xor(h3, hn::ShiftRight<37>(h3));
        h3 = mul_low(d, h3, 0x165667919E3779F9ULL);
        h3 = hn::Xor(h3, hn::ShiftRight<32>(h3));
        const auto over_8 = hn::RebindMask(d, hn::Gt(hn::BitCast(di, len), hn::Set(di, 8)));
        const auto over_3 = hn::RebindMask(d, hn::Gt(hn::BitCast(di, len), hn::Set(di, 3)));
        hn::StoreU(hn::IfThenElse(over_8, h3, hn::IfThenElse(over_3, h2, h1)), d, out + i);
    }
#endif
    return i;
}

std::size_t windows_lanes(const std::uint64_t* hashes, std::size_t windows, std::size_t k, std::uint64_t seed,
                          std::uint64_t* out) {
    std::size_t i = 0;
#if HWY_TARGET == HWY_SCALAR  // one window at a time is XXH3's own job
    (void)hashes, (void)windows, (void)k, (void)seed, (void)out;
#else
    const hn::ScalableTag<std::uint64_t> d;
    const std::size_t lanes = hn::Lanes(d);
    const window_plan plan(k, seed);
    for (; i + lanes <= windows; i += lanes) {
        auto acc = hn::Set(d, plan.start);
        for (std::size_t r = 0; r < plan.count; ++r) {
            const window_round& round = plan.rounds[r];
            const auto lo = hn::Xor(hn::LoadU(d, hashes + i + round.word), hn::Set(d, round.key_lo));
            const auto hi = hn::Xor(hn::LoadU(d, hashes + i + round.word + 1), hn::Set(d, round.key_hi));
            acc = hn::Add(acc, mul128_fold(d, lo, hi));
        }
        acc = hn::Xor(acc, hn::ShiftRight<37>(acc));
        acc = mul_low(d, acc, 0x165667919E3779F9ULL);
        acc = hn::Xor(acc, hn::ShiftRight<32>(acc));
        hn::StoreU(acc, d, out + i);
    }
#endif
    return i;
}

const char* xxh3_target_name() { return hwy::TargetName(HWY_TARGET); }

} // namespace wiredup::detail::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace wiredup::detail {

HWY_EXPORT(tokens_lanes);
HWY_EXPORT(windows_lanes);
HWY_EXPORT(xxh3_target_name);

namespace {
void scalar_from(std::span<const std::uint64_t> hashes, std::size_t k, std::uint64_t seed, std::uint64_t* out,
                 std::size_t first) noexcept {
    for (std::size_t i = first; i + k <= hashes.size(); ++i)
        out[i] = hash_bytes(hashes.data() + i, k * sizeof(std::uint64_t), seed);
}
} // namespace

void hash_windows_scalar(std::span<const std::uint64_t> hashes, std::size_t k, std::uint64_t seed,
                         std::uint64_t* out) noexcept {
    scalar_from(hashes, k, seed, out, 0);
}

void hash_windows(std::span<const std::uint64_t> hashes, std::size_t k, std::uint64_t seed, std::uint64_t* out) noexcept {
    if (hashes.size() < k) return;
    std::size_t done = 0;
    if (vector_windows(k)) done = HWY_DYNAMIC_DISPATCH(windows_lanes)(hashes.data(), hashes.size() - k + 1, k, seed, out);
    scalar_from(hashes, k, seed, out, done);
}

void hash_short_tokens_scalar(short_tokens tokens, std::uint64_t seed, std::uint64_t* out) noexcept {
    for (std::size_t i = 0; i < tokens.count; ++i) {
        // The token's bytes back from its words: the last eight end it, the first eight begin a
        // longer one.
        unsigned char bytes[16];
        const std::size_t n = std::clamp<std::size_t>(tokens.length[i], 1, 16);
        if (n > 16) __builtin_unreachable();  // so that GCC sees XXH3's longer paths are not taken
        std::memcpy(bytes + 8, &tokens.last[i], 8);
        if (n > 8) std::memcpy(bytes + 16 - n, &tokens.first[i], 8);
        out[i] = hash_bytes(bytes + 16 - n, n, seed);
    }
}

void hash_short_tokens(short_tokens tokens, std::uint64_t seed, std::uint64_t* out) noexcept {
    const std::size_t done = HWY_DYNAMIC_DISPATCH(tokens_lanes)(tokens.first, tokens.last, tokens.length, tokens.count, seed, out);
    hash_short_tokens_scalar({tokens.first + done, tokens.last + done, tokens.length + done, tokens.count - done}, seed,
                             out + done);
}

std::string_view xxh3_target() noexcept { return HWY_DYNAMIC_DISPATCH(xxh3_target_name)(); }

} // namespace wiredup::detail
#endif // HWY_ONCE
