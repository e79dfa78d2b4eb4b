// Private to stage 6, confirm: how many values two sorted, unique 32-bit sets share, and how
// many of those have their lowest bit set (confirm_store's number flag). The vector kernel is
// compiled for every Highway target and picked at run time; it counts what the scalar merge does.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace wiredup::detail {

/// Shingles two flagged sets share, and how many of those are number windows.
struct shared_shingles {
    std::size_t all = 0;
    std::size_t numeric = 0;
};

/// The plain merge, the reference every vector target is tested against.
shared_shingles intersect_flagged_scalar(std::span<const std::uint32_t> a, std::span<const std::uint32_t> b) noexcept;

/// The same counts on the best instruction set of this CPU.
shared_shingles intersect_flagged(std::span<const std::uint32_t> a, std::span<const std::uint32_t> b) noexcept;

/// Name of the Highway target intersect_flagged() runs on.
std::string_view intersect_target() noexcept;

} // namespace wiredup::detail
