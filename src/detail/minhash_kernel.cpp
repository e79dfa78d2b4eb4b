// Private to stage 4, sign: the MinHash permutation kernel, compiled once per Highway target
// (foreach_target.h re-includes this file) and dispatched at run time. Vectors run across
// permutations: one pass over the parameters per block of lanes, all shingles inside it, so the
// parameters stay in registers and each minimum is stored once.
#include "detail/minhash_kernel.hpp"

#include "detail/hash.hpp"

#include <bit>
#include <cstring>

#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "detail/minhash_kernel.cpp"
#include <hwy/foreach_target.h>  // must come before highway.h
#include <hwy/highway.h>

#include "detail/wide_mul-inl.h"

HWY_BEFORE_NAMESPACE();
namespace wiredup::detail::HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

void sign_lanes(const minhash_tables& t, const std::uint64_t* shingles, std::size_t n, std::uint32_t* out) {
    std::size_t first = 0;
#if HWY_TARGET != HWY_SCALAR  // one lane cannot hold the even/odd split; the scalar tail does it all
    const hn::ScalableTag<std::uint32_t> d32;
    const hn::Repartition<std::uint64_t, decltype(d32)> d64;
    const std::size_t lanes = hn::Lanes(d32);
    constexpr std::size_t lo_half = std::endian::native == std::endian::little ? 0 : 1;
    for (; first + lanes <= t.num_perm; first += lanes) {
        const auto a_lo_even = hn::LoadU(d32, t.a_lo.data() + first);
        const auto a_lo_odd = hn::LoadU(d32, t.a_lo.data() + first + 1);
        const auto b_lo_even = hn::LoadU(d32, t.b_lo.data() + first);
        const auto b_lo_odd = hn::LoadU(d32, t.b_lo.data() + first + 1);
        const auto c_even = hn::LoadU(d64, t.c_even.data() + first / 2);
        const auto c_odd = hn::LoadU(d64, t.c_odd.data() + first / 2);
        const auto a_hi = hn::LoadU(d32, t.a_hi.data() + first);
        const auto b_hi = hn::LoadU(d32, t.b_hi.data() + first);
        const auto hash = [&](std::size_t i) HWY_ATTR {
            // Each half read on its own lets the compiler broadcast straight from memory.
            const auto* x = reinterpret_cast<const unsigned char*>(shingles + i);
            std::uint32_t lo32, hi32;
            std::memcpy(&lo32, x + 4 * lo_half, 4);
            std::memcpy(&hi32, x + 4 * (1 - lo_half), 4);
            const auto lo = hn::Set(d32, lo32);
            const auto hi = hn::Set(d32, hi32);
            const auto even = hn::Add(hn::Add(hn::MulEven(a_lo_even, lo), hn::MulEven(b_lo_even, hi)), c_even);
            const auto odd = hn::Add(hn::Add(hn::MulEven(a_lo_odd, lo), hn::MulEven(b_lo_odd, hi)), c_odd);
            // Top halves: the even permutations' move down into even lanes, the odd ones are in place.
            const auto top = hn::OddEven(hn::BitCast(d32, odd), hn::BitCast(d32, hn::ShiftRight<32>(even)));
            return hn::Add(top, hn::Add(hn::Mul(a_hi, lo), hn::Mul(b_hi, hi)));
        };
        // Two accumulators keep two shingles' work independent of each other's Min.
        auto min0 = hn::Set(d32, 0xFFFFFFFFu);
        auto min1 = min0;
        std::size_t i = 0;
        for (; i + 2 <= n; i += 2) {
            min0 = hn::Min(min0, hash(i));
            min1 = hn::Min(min1, hash(i + 1));
        }
        if (i < n) min0 = hn::Min(min0, hash(i));
        hn::StoreU(hn::Min(min0, min1), d32, out + first);
    }
#endif
    sign_permutations_scalar(t, {shingles, n}, {out, t.num_perm}, first);
}

std::size_t mix_lanes(const std::uint64_t* in, std::size_t n, std::uint64_t key, std::uint64_t* out) {
    std::size_t i = 0;
#if HWY_TARGET == HWY_SCALAR  // one lane is the scalar loop's job
    (void)in, (void)n, (void)key, (void)out;
#else
    const hn::ScalableTag<std::uint64_t> d;
    const std::size_t lanes = hn::Lanes(d);
    const auto k = hn::Set(d, key);
    for (; i + lanes <= n; i += lanes) {  // splitmix64::mix, lane by lane
        auto z = hn::Xor(hn::LoadU(d, in + i), k);
        z = mul_low(d, hn::Xor(z, hn::ShiftRight<30>(z)), 0xbf58476d1ce4e5b9ULL);
        z = mul_low(d, hn::Xor(z, hn::ShiftRight<27>(z)), 0x94d049bb133111ebULL);
        hn::StoreU(hn::Xor(z, hn::ShiftRight<31>(z)), d, out + i);
    }
#endif
    return i;
}

// Equal 4-bit halves of a[i], b[i] over whole vectors of bytes from the first; *done is how
// many bytes that took.
HWY_INLINE std::size_t count_nibbles(const std::uint8_t* a, const std::uint8_t* b, std::size_t n, std::size_t* done) {
    std::size_t count = 0, i = 0;
#if HWY_TARGET == HWY_SCALAR  // one lane is the scalar loop's job
    (void)a, (void)b, (void)n;
#else
    const hn::ScalableTag<std::uint8_t> d;
    const std::size_t lanes = hn::Lanes(d);
    const auto low = hn::Set(d, std::uint8_t{0x0F}), high = hn::Set(d, std::uint8_t{0xF0}), zero = hn::Zero(d);
    for (; i + lanes <= n; i += lanes) {
        const auto differ = hn::Xor(hn::LoadU(d, a + i), hn::LoadU(d, b + i));
        count += hn::CountTrue(d, hn::Eq(hn::And(differ, low), zero)) + hn::CountTrue(d, hn::Eq(hn::And(differ, high), zero));
    }
#endif
    *done = i;
    return count;
}

std::size_t nibble_lanes(const std::uint8_t* a, const std::uint8_t* b, std::size_t n, std::size_t* done) {
    return count_nibbles(a, b, n, done);
}

void nibble_pairs(const std::uint8_t* rows, std::size_t bytes, const doc_pair* pairs, std::size_t n, std::uint32_t* out) {
    // Both rows of the pair this far on are fetched ahead: in a bucket of two, each is a miss.
    constexpr std::size_t ahead = 16;
    for (std::size_t k = 0; k < n; ++k) {
        if (k + ahead < n)
            for (const doc_index doc : {pairs[k + ahead].a, pairs[k + ahead].b})
                for (std::size_t at = 0; at < bytes; at += 64) __builtin_prefetch(rows + std::size_t{doc} * bytes + at);
        const std::uint8_t* a = rows + std::size_t{pairs[k].a} * bytes;
        const std::uint8_t* b = rows + std::size_t{pairs[k].b} * bytes;
        std::size_t i = 0;
        std::size_t count = count_nibbles(a, b, bytes, &i);
        for (; i < bytes; ++i) {
            const unsigned differ = a[i] ^ b[i];
            count += ((differ & 0x0F) == 0 ? 1u : 0u) + ((differ & 0xF0) == 0 ? 1u : 0u);
        }
        out[k] = static_cast<std::uint32_t>(count);
    }
}

const char* target_name() { return hwy::TargetName(HWY_TARGET); }

} // namespace wiredup::detail::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
#include <cassert>

namespace wiredup::detail {

HWY_EXPORT(sign_lanes);
HWY_EXPORT(mix_lanes);
HWY_EXPORT(nibble_lanes);
HWY_EXPORT(nibble_pairs);
HWY_EXPORT(target_name);

minhash_tables::minhash_tables(std::size_t perms, std::uint64_t seed)
    : num_perm(perms), a(perms), b(perms), c(perms), a_lo(perms + 1), a_hi(perms), b_lo(perms + 1),
      b_hi(perms), c_even((perms + 1) / 2), c_odd(perms / 2) {
    splitmix64 rng(seed);
    for (std::size_t i = 0; i < perms; ++i) {
        a[i] = rng.next() | 1;
        b[i] = rng.next() | 1;
        c[i] = rng.next();
        a_lo[i] = static_cast<std::uint32_t>(a[i]);
        a_hi[i] = static_cast<std::uint32_t>(a[i] >> 32);
        b_lo[i] = static_cast<std::uint32_t>(b[i]);
        b_hi[i] = static_cast<std::uint32_t>(b[i] >> 32);
        (i % 2 == 0 ? c_even : c_odd)[i / 2] = c[i];
    }
}

void sign_permutations_scalar(const minhash_tables& t, std::span<const std::uint64_t> shingles,
                              std::span<std::uint32_t> out, std::size_t first) noexcept {
    assert(out.size() == t.num_perm && first <= t.num_perm);
    const std::uint64_t* a = t.a.data();
    const std::uint64_t* b = t.b.data();
    const std::uint64_t* c = t.c.data();
    std::uint32_t* sig = out.data();
    for (std::size_t i = first; i < t.num_perm; ++i) sig[i] = 0xFFFFFFFFu;
    for (const std::uint64_t x : shingles) {
        const std::uint64_t lo = x & 0xFFFFFFFFu;
        const std::uint64_t hi = x >> 32;
        for (std::size_t i = first; i < t.num_perm; ++i) {
            const auto h = static_cast<std::uint32_t>((a[i] * lo + b[i] * hi + c[i]) >> 32);
            sig[i] = h < sig[i] ? h : sig[i];
        }
    }
}

void sign_permutations(const minhash_tables& t, std::span<const std::uint64_t> shingles,
                       std::span<std::uint32_t> out) noexcept {
    assert(out.size() == t.num_perm);
    HWY_DYNAMIC_DISPATCH(sign_lanes)(t, shingles.data(), shingles.size(), out.data());
}

void mix_keyed(const std::uint64_t* in, std::size_t n, std::uint64_t key, std::uint64_t* out) noexcept {
    for (std::size_t i = HWY_DYNAMIC_DISPATCH(mix_lanes)(in, n, key, out); i < n; ++i) out[i] = splitmix64::mix(in[i] ^ key);
}

std::size_t equal_nibble_lanes(const std::uint8_t* a, const std::uint8_t* b, std::size_t n, std::size_t* done) noexcept {
    return HWY_DYNAMIC_DISPATCH(nibble_lanes)(a, b, n, done);
}

void equal_nibble_pairs(const std::uint8_t* rows, std::size_t bytes, const doc_pair* pairs, std::size_t n,
                        std::uint32_t* out) noexcept {
    HWY_DYNAMIC_DISPATCH(nibble_pairs)(rows, bytes, pairs, n, out);
}

std::string_view sign_permutations_target() noexcept { return HWY_DYNAMIC_DISPATCH(target_name)(); }

} // namespace wiredup::detail
#endif // HWY_ONCE
