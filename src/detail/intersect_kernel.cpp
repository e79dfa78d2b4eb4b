// Private to stage 6, confirm: the set intersection kernel, compiled once per Highway target
// (foreach_target.h re-includes this file) and dispatched at run time. Blocks of one vector from
// each set are compared all against all (each value of b's block broadcast against a's block);
// the block with the smaller last value moves on, both when the last values are equal. Sets are
// unique, so a value of a meets its equal in b in exactly one pair of blocks; what is left when
// either set has less than a block goes to the scalar merge.
#include "detail/intersect_kernel.hpp"

#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "detail/intersect_kernel.cpp"
#include <hwy/foreach_target.h>  // must come before highway.h
#include <hwy/highway.h>

#ifndef WIREDUP_INTERSECT_MERGE  // this file is compiled once per target; the merge only once
#define WIREDUP_INTERSECT_MERGE
namespace wiredup::detail {

// The merge both kernels finish with, from given positions.
inline shared_shingles merge_from(const std::uint32_t* a, std::size_t na, const std::uint32_t* b, std::size_t nb,
                                  std::size_t i, std::size_t j, shared_shingles shared) noexcept {
    // Both cursors move by comparisons, not branches: a shingle set intersection is a coin toss
    // at every step, which a predicted branch gets wrong half the time.
    while (i < na && j < nb) {
        const std::uint32_t x = a[i], y = b[j];
        const std::size_t equal = x == y;
        shared.all += equal;
        shared.numeric += equal & x;
        i += x <= y;
        j += y <= x;
    }
    return shared;
}

} // namespace wiredup::detail
#endif

HWY_BEFORE_NAMESPACE();
namespace wiredup::detail::HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

shared_shingles intersect_lanes(const std::uint32_t* a, std::size_t na, const std::uint32_t* b, std::size_t nb) {
    shared_shingles shared;
    std::size_t i = 0, j = 0;
#if HWY_TARGET != HWY_SCALAR
    const hn::ScalableTag<std::uint32_t> d;
    const std::size_t lanes = hn::Lanes(d);
    const auto one = hn::Set(d, 1u);
    while (i + lanes <= na && j + lanes <= nb) {
        const auto block = hn::LoadU(d, a + i);
        auto equal = hn::Eq(block, hn::Set(d, b[j]));
        for (std::size_t k = 1; k < lanes; ++k) equal = hn::Or(equal, hn::Eq(block, hn::Set(d, b[j + k])));
        shared.all += hn::CountTrue(d, equal);
        shared.numeric += hn::CountTrue(d, hn::And(equal, hn::Eq(hn::And(block, one), one)));
        const std::uint32_t last_a = a[i + lanes - 1], last_b = b[j + lanes - 1];
        i += last_a <= last_b ? lanes : 0;
        j += last_b <= last_a ? lanes : 0;
    }
#endif
    return merge_from(a, na, b, nb, i, j, shared);
}

const char* intersect_target_name() { return hwy::TargetName(HWY_TARGET); }

} // namespace wiredup::detail::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace wiredup::detail {

HWY_EXPORT(intersect_lanes);
HWY_EXPORT(intersect_target_name);

shared_shingles intersect_flagged_scalar(std::span<const std::uint32_t> a, std::span<const std::uint32_t> b) noexcept {
    return merge_from(a.data(), a.size(), b.data(), b.size(), 0, 0, {});
}

shared_shingles intersect_flagged(std::span<const std::uint32_t> a, std::span<const std::uint32_t> b) noexcept {
    return HWY_DYNAMIC_DISPATCH(intersect_lanes)(a.data(), a.size(), b.data(), b.size());
}

std::string_view intersect_target() noexcept { return HWY_DYNAMIC_DISPATCH(intersect_target_name)(); }

} // namespace wiredup::detail
#endif // HWY_ONCE
