// Stage 4, sign: shingle set -> MinHash signature (Broder 1997). By default one-permutation hashing
// with optimal densification (Shrivastava 2017): one hash per shingle, split into bins. The classic
// scheme simulates permutation i by the multiply-add-shift hash
// h_i(x) = (a_i * lo(x) + b_i * hi(x) + c_i) >> 32 (Dietzfelbinger 1996), with a_i, b_i, c_i drawn
// from SplitMix64(seed). Both are deterministic across runs, threads, machines and instruction sets.
#pragma once

#include <wiredup/document.hpp>
#include <wiredup/shingle.hpp>

#include <cstdint>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

namespace wiredup {

namespace detail {
struct minhash_tables;
}

inline constexpr std::size_t default_num_perm = 128;
inline constexpr std::uint64_t default_minhash_seed = 1;

struct minhash_options {
    std::size_t num_perm = default_num_perm;  ///< number of permutations (signature slots), k
    std::uint64_t seed = default_minhash_seed;
    /// One hash per shingle, split into num_perm bins, empty bins filled by optimal densification
    /// (Shrivastava, ICML 2017): O(|set| + num_perm) instead of O(|set| * num_perm), with the same
    /// estimator (mean error 0.033 against the classic scheme's 0.034 on news-size sets). false
    /// gives the classic scheme, one permutation per slot. The two schemes' signatures differ;
    /// never compare one with the other.
    bool one_permutation = true;
};

/// One 32-bit minimum per permutation (or per bin, with one_permutation).
using signature = std::vector<std::uint32_t>;

/// Signs shingle sets. Validates its options once; sign() is thread-safe. The classic scheme runs
/// on the widest SIMD instruction set of the CPU, chosen at run time, with identical results.
class minhasher {
public:
    explicit minhasher(minhash_options options = {});

    /// The signature of a set; an empty set gives every slot 0xFFFFFFFF.
    signature sign(const shingle_set& shingles) const;
    /// Writes the signature into `out`, which must have num_perm() slots.
    void sign(const shingle_set& shingles, std::span<std::uint32_t> out) const;

    std::size_t num_perm() const noexcept { return options_.num_perm; }
    const minhash_options& options() const noexcept { return options_; }

private:
    void sign_one_permutation(const shingle_set& shingles, std::span<std::uint32_t> out) const;

    minhash_options options_;
    std::shared_ptr<const detail::minhash_tables> tables_;  // classic scheme's parameters, shared by copies
    std::uint64_t bin_key_ = 0, densify_key_ = 0;           // one_permutation's hash keys
};

/// Fraction of equal slots: an unbiased estimate of the Jaccard similarity of the two sets, with
/// standard error sqrt(J(1-J)/num_perm). Both signatures must come from the same options.
double estimate_jaccard(std::span<const std::uint32_t> a, std::span<const std::uint32_t> b) noexcept;

/// b-bit minwise hashing (Li & König 2010) with b = 8: the low byte of each slot, a quarter of
/// the memory, for keeping a million signatures between passes.
void low_bytes(std::span<const std::uint32_t> signature, std::span<std::uint8_t> out) noexcept;
/// The Jaccard estimate from two such signatures: the fraction of equal bytes, less the 1/256
/// chance that two different slots share their low byte, rescaled to [0, 1]. Its error is a few
/// percent larger than estimate_jaccard()'s.
double estimate_jaccard_low_bytes(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b) noexcept;
/// How many slots of two such signatures are equal.
std::size_t equal_low_bytes(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b) noexcept;

/// b-bit minwise hashing with b = 4: the low four bits of each slot, two slots a byte (slot 2i
/// in the low half of byte i). `out` has half as many bytes as `signature` has slots. In the
/// same bytes as low_bytes() of k slots, 2k slots of 4 bits tell a pair at a low Jaccard from
/// one at the confirm rules' floor better (the band screen's sketches, see sketch_screen).
void low_nibbles(std::span<const std::uint32_t> signature, std::span<std::uint8_t> out) noexcept;
/// How many slots of two such signatures are equal.
std::size_t equal_nibbles(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b) noexcept;
/// The same for many pairs at once: out[k] for rows pairs[k].a and pairs[k].b of `rows`, where
/// row d is the `bytes` bytes from d * bytes (the band screen's sketches, end to end).
void equal_nibbles(std::span<const std::uint8_t> rows, std::size_t bytes, std::span<const doc_pair> pairs,
                   std::span<std::uint32_t> out) noexcept;

/// Tells from the equal slots of two b-bit signatures (low_bytes) whether the pair could reach a
/// Jaccard similarity. A pair at Jaccard j agrees in each slot with chance j + (1 - j) / 256, so
/// its number of equal slots is binomial; a pair that agrees in m slots is implausible at j when
/// a pair at j would agree in m slots or fewer with odds below `odds`. Candidates below what the
/// confirm rules can accept are dropped this way before they are scored.
class signature_screen {
public:
    /// `odds` 0 finds every Jaccard plausible. `bits` of each slot are kept (8: low_bytes, 4:
    /// low_nibbles): different slots agree with chance 1 / 2^bits.
    signature_screen(std::size_t slots, double odds, int bits = 8);

    /// Whether a pair with `equal` equal slots (of `slots`) could have Jaccard `jaccard` or more.
    bool plausible(std::size_t equal, double jaccard) const noexcept { return jaccard <= highest_[equal]; }
    /// The highest Jaccard plausible with `equal` equal slots.
    double highest(std::size_t equal) const noexcept { return highest_[equal]; }

private:
    std::vector<double> highest_;  // per count of equal slots, 0 .. slots
};

/// signature_screen for the band screen's sketches: low_nibbles() of a one-permutation signature
/// of `slots` slots. A set with fewer shingles than that leaves bins empty, which densification
/// fills from other bins, so its equal slots vary more than independent ones would and a plain
/// binomial would drop pairs at the floor more often than the odds say (for sets of 40 to 100
/// shingles, 2 to 4 times as often with 256 slots). So the slots count as fewer trials for a
/// smaller set: 1.5 times its size, rounded down to a table of 16, 24, 32, 48, 64, ... trials
/// (16 at least), the equal slots scaled to match and rounded up. Simulated pairs at the floor,
/// sets of 20 to 250 shingles, were then dropped at most half as often as the odds allow.
class sketch_screen {
public:
    /// `odds` 0 finds every Jaccard plausible.
    sketch_screen(std::size_t slots, double odds);

    /// Whether a pair with `equal` equal slots, the smaller of whose sets has `smaller` shingles,
    /// could have Jaccard `jaccard` or more.
    bool plausible(std::size_t equal, std::size_t smaller, double jaccard) const noexcept {
        const std::size_t table = smaller < table_of_size_.size() ? table_of_size_[smaller] : tables_ - 1;
        return jaccard <= highest_[table * (slots_ + 1) + equal];
    }

    std::size_t slots() const noexcept { return slots_; }

private:
    std::size_t slots_;
    std::size_t tables_ = 0;                   // by trials, ascending; the last counts every slot
    std::vector<double> highest_;              // per table, per equal slots 0 .. slots: the highest plausible Jaccard
    std::vector<std::uint8_t> table_of_size_;  // per smaller set size below where every slot counts
};

/// Tells from the values two sorted hash sets share below a cut (a fixed slice of the 32-bit
/// range, the sample) whether the sets could share `needed` values in all. Each shared value
/// falls below the cut with chance cut / 2^32, whatever the others do, so the shared values below
/// it are binomial; `seen` of them is implausible when sets sharing `needed` would show `seen` or
/// fewer with odds below `odds`. Against a floor of Jaccard 0.15, 128 signature slots of 8 bits
/// keep about a third of the pairs at 0.04 and the band screen's 256 of 4 bits about 8%; a
/// quarter of two sets of 450 shingles keeps about one in a hundred, at a quarter of the cost of
/// the whole intersection.
class sample_screen {
public:
    /// `odds` 0 finds every count plausible.
    sample_screen(std::uint32_t cut, double odds);

    /// Values below this are the sample.
    std::uint32_t cut() const noexcept { return cut_; }
    /// The sample's share of the range, cut / 2^32: the chance that a value falls in it.
    double share() const noexcept { return static_cast<double>(cut_) / 4294967296.0; }
    /// Whether sets sharing `seen` values below the cut could share `needed` or more in all.
    /// Needs beyond the table (very long documents) are always plausible.
    bool plausible(std::size_t seen, std::size_t needed) const noexcept {
        return needed >= fewest_->size() || seen >= (*fewest_)[needed];
    }

    /// How many entries the table has: needs up to this are screened.
    static constexpr std::size_t table_size = 2048;

private:
    std::uint32_t cut_;
    std::shared_ptr<const std::vector<std::uint32_t>> fewest_;  // per need: the fewest plausible values seen
};

/// The instruction set the classic scheme runs on here, as Highway names it ("AVX2", "SSE4",
/// "SCALAR"...): for benchmark reports.
std::string_view minhash_simd_target() noexcept;

} // namespace wiredup
