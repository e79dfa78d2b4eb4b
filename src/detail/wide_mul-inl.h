// Private to the vector kernels: 64-bit multiplies from the 32x32->64-bit ones every Highway
// target has (MulEven). A Highway "-inl" header: included after highway.h in a kernel source,
// once per target, as foreach_target.h toggles HWY_TARGET_TOGGLE.
#if defined(WIREDUP_WIDE_MUL_INL_H) == defined(HWY_TARGET_TOGGLE)
#ifdef WIREDUP_WIDE_MUL_INL_H
#undef WIREDUP_WIDE_MUL_INL_H
#else
#define WIREDUP_WIDE_MUL_INL_H
#endif

#include <hwy/highway.h>

#include <cstdint>

HWY_BEFORE_NAMESPACE();
namespace wiredup::detail::HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

#if HWY_TARGET != HWY_SCALAR
/// The low 64 bits of each 64-bit lane times a constant: three 32x32 products.
template <class D, class V>
HWY_INLINE V mul_low(D d, V a, std::uint64_t c) {
    const hn::Repartition<std::uint32_t, D> d32;
    const V b = hn::Set(d, c), b_hi = hn::Set(d, c >> 32);
    const V ll = hn::MulEven(hn::BitCast(d32, a), hn::BitCast(d32, b));
    const V cross = hn::Add(hn::MulEven(hn::BitCast(d32, a), hn::BitCast(d32, b_hi)),
                            hn::MulEven(hn::BitCast(d32, hn::ShiftRight<32>(a)), hn::BitCast(d32, b)));
    return hn::Add(ll, hn::ShiftLeft<32>(cross));
}

/// The low and high 64 bits of each lane's 128-bit product, xored (XXH3's fold64): four 32x32
/// products.
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
#endif

} // namespace wiredup::detail::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#endif // WIREDUP_WIDE_MUL_INL_H
