// Stage 4, sign: shingle set -> MinHash signature (Broder 1997). Permutation i is simulated by the
// multiply-add-shift hash h_i(x) = (a_i * lo(x) + b_i * hi(x) + c_i) >> 32 (Dietzfelbinger 1996),
// with a_i, b_i, c_i drawn from SplitMix64(seed): deterministic across runs, threads and machines.
#pragma once

#include <wiredup/shingle.hpp>

#include <cstdint>
#include <span>
#include <vector>

namespace wiredup {

inline constexpr std::size_t default_num_perm = 128;
inline constexpr std::uint64_t default_minhash_seed = 1;

struct minhash_options {
    std::size_t num_perm = default_num_perm;  ///< number of permutations (signature slots)
    std::uint64_t seed = default_minhash_seed;
};

/// One 32-bit minimum per permutation.
using signature = std::vector<std::uint32_t>;

/// Signs shingle sets. Validates its options once; sign() is thread-safe.
class minhasher {
public:
    explicit minhasher(minhash_options options = {});

    /// The signature of a set; an empty set gives every slot 0xFFFFFFFF.
    signature sign(const shingle_set& shingles) const;
    /// Writes the signature into `out`, which must have num_perm() slots.
    void sign(const shingle_set& shingles, std::span<std::uint32_t> out) const;

    std::size_t num_perm() const noexcept { return a_.size(); }

private:
    std::vector<std::uint64_t> a_, b_, c_;
};

/// Fraction of equal slots: an unbiased estimate of the Jaccard similarity of the two sets, with
/// standard error sqrt(J(1-J)/num_perm).
double estimate_jaccard(std::span<const std::uint32_t> a, std::span<const std::uint32_t> b) noexcept;

} // namespace wiredup
