// Private to stage 3, shingle: the window hash kernel, compiled once per Highway target
// (foreach_target.h re-includes this file) and dispatched at run time.
//
// XXH3_64bits_withSeed of len = 8k bytes, 16 < len <= 128, as xxhash.h computes it:
//   acc = len * PRIME64_1 + sum of mix16B over 2, 4, 6 or 8 pairs of (input, secret) offsets
//   mix16B(in, s) = fold64((in[0] ^ (s[0] + seed)) * (in[1] ^ (s[1] - seed)))
//   fold64(p) = low 64 bits of the 128-bit product p ^ its high 64 bits
//   result = avalanche(acc): h ^= h >> 37; h *= 0x165667919E3779F9; h ^= h >> 32
// Every offset is a multiple of 8 here, so each mix16B takes two whole token hashes. Vectors
// hold only 32x32->64-bit multiplies, so each 64x64 product is made of four.
#include "detail/window_kernel.hpp"

#include "detail/hash.hpp"

#include <bit>

#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "detail/window_kernel.cpp"
#include <hwy/foreach_target.h>  // must come before highway.h
#include <hwy/highway.h>

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

inline bool vector_windows(std::size_t k) noexcept {
    return std::endian::native == std::endian::little && k >= 3 && k <= 16;
}

} // namespace wiredup::detail
#endif

HWY_BEFORE_NAMESPACE();
namespace wiredup::detail::HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

#if HWY_TARGET != HWY_SCALAR
// Low and high 64 bits of each lane's 128-bit product, from four 32x32->64-bit multiplies, folded
// by xor.
template <class D, class V>
HWY_INLINE V mul128_fold(D d, V a, V b) {
    const hn::Repartition<std::uint32_t, D> d32;
    const V a_hi = hn::ShiftRight<32>(a), b_hi = hn::ShiftRight<32>(b);
    const V ll = hn::MulEven(hn::BitCast(d32, a), hn::BitCast(d32, b));
    const V lh = hn::MulEven(hn::BitCast(d32, a), hn::BitCast(d32, b_hi));
    const V hl = hn::MulEven(hn::BitCast(d32, a_hi), hn::BitCast(d32, b));
    const V hh = hn::MulEven(hn::BitCast(d32, a_hi), hn::BitCast(d32, b_hi));
    const V low32 = hn::Set(d, 0xFFFFFFFFu);
    const V mid = hn::Add(hn::Add(hn::ShiftRight<32>(ll), hn::And(lh, low32)), hn::And(hl, low32));
    const V lo = hn::Or(hn::And(ll, low32), hn::ShiftLeft<32>(mid));
    const V hi = hn::Add(hn::Add(hh, hn::ShiftRight<32>(lh)), hn::Add(hn::ShiftRight<32>(hl), hn::ShiftRight<32>(mid)));
    return hn::Xor(lo, hi);
}

// The low 64 bits of each lane times a constant.
template <class D, class V>
HWY_INLINE V mul_low(D d, V a, std::uint64_t c) {
    const hn::Repartition<std::uint32_t, D> d32;
    const V b = hn::Set(d, c), b_hi = hn::Set(d, c >> 32);
    const V ll = hn::MulEven(hn::BitCast(d32, a), hn::BitCast(d32, b));
    const V cross = hn::Add(hn::MulEven(hn::BitCast(d32, a), hn::BitCast(d32, b_hi)),
                            hn::MulEven(hn::BitCast(d32, hn::ShiftRight<32>(a)), hn::BitCast(d32, b)));
    return hn::Add(ll, hn::ShiftLeft<32>(cross));
}
#endif

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

const char* window_target_name() { return hwy::TargetName(HWY_TARGET); }

} // namespace wiredup::detail::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace wiredup::detail {

HWY_EXPORT(windows_lanes);
HWY_EXPORT(window_target_name);

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

std::string_view window_target() noexcept { return HWY_DYNAMIC_DISPATCH(window_target_name)(); }

} // namespace wiredup::detail
#endif // HWY_ONCE
