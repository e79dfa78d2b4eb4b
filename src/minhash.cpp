// Stage 4, sign: see minhash.hpp. The classic scheme's kernel is in detail/minhash_kernel.cpp
// (Highway, one build per instruction set); one-permutation hashing is scalar, since it does one
// hash per shingle instead of num_perm.
#include <wiredup/minhash.hpp>
#include <wiredup/error.hpp>

#include "detail/hash.hpp"
#include "detail/memory.hpp"
#include "detail/minhash_kernel.hpp"

#include <algorithm>
#include <array>
#include <cassert>
#include <cmath>
#include <cstring>
#include <limits>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <tuple>

namespace wiredup {

namespace {

constexpr std::size_t max_num_perm = 4096;

// SplitMix64's finalizer, in which the top half (the bin) and the bottom half (the value) of
// a shingle's mix are independent.
std::uint64_t mix64(std::uint64_t z) noexcept { return detail::splitmix64::mix(z); }

// Maps 32 random bits onto [0, n) by multiplication instead of division (Lemire 2019).
std::size_t fast_range(std::uint64_t bits32, std::size_t n) noexcept {
    return static_cast<std::size_t>((bits32 * n) >> 32);
}

// Which bins a shingle fell into: a byte a bin, not a bit, so that marking one is a plain store.
// Bits of a shared word made each mark a load of the word the last mark stored, a chain through
// memory of a few cycles a shingle (BM_MinHashSignOnePermutation/128: 1.18 us, 450 shingles).
// Only the signature's k bytes are cleared, not all max_num_perm.
class bin_set {
public:
    explicit bin_set(std::size_t k) noexcept { std::memset(filled_.data(), 0, k); }
    void insert(std::size_t i) noexcept { filled_[i] = 1; }
    bool contains(std::size_t i) const noexcept { return filled_[i] != 0; }

private:
    std::array<std::uint8_t, max_num_perm> filled_;
};

} // namespace

minhasher::minhasher(minhash_options options) : options_(options) {
    if (options.num_perm == 0 || options.num_perm > max_num_perm)
        throw error("minhash: num_perm (" + std::to_string(options.num_perm) + ") must be between 1 and " +
                    std::to_string(max_num_perm));
    if (options.one_permutation) {
        detail::splitmix64 rng(options.seed);
        bin_key_ = rng.next();
        densify_key_ = rng.next();
    } else {
        tables_ = std::make_shared<const detail::minhash_tables>(options.num_perm, options.seed);
    }
}

signature minhasher::sign(const shingle_set& shingles) const {
    signature sig(num_perm());
    sign(shingles, sig);
    return sig;
}

void minhasher::sign(const shingle_set& shingles, std::span<std::uint32_t> out) const {
    assert(out.size() == num_perm());
    if (options_.one_permutation) sign_one_permutation(shingles, out);
    else detail::sign_permutations(*tables_, shingles, out);
}

// Bin i holds the least value among the shingles hashed into it. An empty bin i borrows the
// value of the first non-empty bin in its own seeded probe sequence h(i, 1), h(i, 2)...: the
// "optimal densification" that keeps P[slot i agrees] = J for every slot, with variance close to
// that of k independent permutations.
void minhasher::sign_one_permutation(const shingle_set& shingles, std::span<std::uint32_t> out) const {
    const std::size_t k = num_perm();
    std::fill(out.begin(), out.end(), 0xFFFFFFFFu);
    bin_set filled(k);
    // The mixes first, several shingles at a time (minhash_kernel.hpp), then the bins.
    thread_local detail::raw_array<std::uint64_t> mixed;
    if (mixed.capacity() > (std::size_t{1} << 16)) mixed = {};  // a giant document's room is not kept
    mixed.resize(shingles.size());
    detail::mix_keyed(shingles.data(), shingles.size(), bin_key_, mixed.data());
    for (std::size_t s = 0; s < shingles.size(); ++s) {
        const std::uint64_t h = mixed[s];
        const std::size_t bin = fast_range(h >> 32, k);
        out[bin] = std::min(out[bin], static_cast<std::uint32_t>(h));
        filled.insert(bin);
    }
    if (shingles.empty()) return;
    // A probe finds a filled bin with chance >= 1/k, so 64k probes fail with chance < e^-64; the
    // scan after them only makes termination certain.
    const std::uint64_t max_probes = 64 * static_cast<std::uint64_t>(k);
    for (std::size_t i = 0; i < k; ++i) {
        if (filled.contains(i)) continue;
        std::size_t source = k;
        for (std::uint64_t probe = 1; probe <= max_probes && source == k; ++probe) {
            const std::size_t r = fast_range(mix64(densify_key_ ^ (std::uint64_t{i} << 32 | probe)) >> 32, k);
            if (filled.contains(r)) source = r;
        }
        for (std::size_t step = 1; source == k; ++step)
            if (filled.contains((i + step) % k)) source = (i + step) % k;
        out[i] = out[source];
    }
}

double estimate_jaccard(std::span<const std::uint32_t> a, std::span<const std::uint32_t> b) noexcept {
    assert(a.size() == b.size());
    if (a.empty()) return 0.0;
    std::size_t equal = 0;
    for (std::size_t i = 0; i < a.size(); ++i) equal += a[i] == b[i] ? 1 : 0;
    return static_cast<double>(equal) / static_cast<double>(a.size());
}

void low_bytes(std::span<const std::uint32_t> slots, std::span<std::uint8_t> out) noexcept {
    assert(slots.size() == out.size());
    for (std::size_t i = 0; i < slots.size(); ++i) out[i] = static_cast<std::uint8_t>(slots[i]);
}

double estimate_jaccard_low_bytes(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b) noexcept {
    assert(a.size() == b.size());
    if (a.empty()) return 0.0;
    constexpr double chance = 1.0 / 256;
    const double f = static_cast<double>(equal_low_bytes(a, b)) / static_cast<double>(a.size());
    return std::clamp((f - chance) / (1.0 - chance), 0.0, 1.0);
}

namespace {

using byte_lanes = std::uint8_t __attribute__((vector_size(16)));
using word_lanes = std::uint64_t __attribute__((vector_size(16)));

} // namespace

std::size_t equal_low_bytes(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b) noexcept {
    // Sixteen bytes a step, in a vector of byte counters (GCC and Clang vector extensions: a few
    // instructions a step on any x86-64; a compare's all-ones lane is -1). The counters are
    // summed every 31 steps, before a half of the vector could add up past 255, by one multiply
    // a half (the top byte of the product sums its eight bytes). A byte loop had the compiler
    // widen every count to 64 bits.
    assert(a.size() == b.size());
    constexpr std::size_t lanes = sizeof(byte_lanes), most = 255 / 8;
    constexpr std::uint64_t ones = 0x0101010101010101ULL;
    const std::size_t n = a.size();
    std::size_t count = 0, i = 0;
    while (n - i >= lanes) {
        byte_lanes counts = {};
        const std::size_t end = i + std::min((n - i) / lanes, most) * lanes;
        for (; i < end; i += lanes) {
            byte_lanes x, y;
            std::memcpy(&x, a.data() + i, lanes);
            std::memcpy(&y, b.data() + i, lanes);
            counts -= reinterpret_cast<byte_lanes>(x == y);
        }
        const word_lanes halves = reinterpret_cast<word_lanes>(counts);
        count += ((halves[0] * ones) >> 56) + ((halves[1] * ones) >> 56);
    }
    for (; i < n; ++i) count += a[i] == b[i] ? 1u : 0u;
    return count;
}

void low_nibbles(std::span<const std::uint32_t> slots, std::span<std::uint8_t> out) noexcept {
    assert(slots.size() == 2 * out.size());
    for (std::size_t i = 0; i < out.size(); ++i)
        out[i] = static_cast<std::uint8_t>((slots[2 * i] & 0xF) | ((slots[2 * i + 1] & 0xF) << 4));
}

std::size_t equal_nibbles(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b) noexcept {
    assert(a.size() == b.size());
    std::size_t i = 0;
    std::size_t count = detail::equal_nibble_lanes(a.data(), b.data(), a.size(), &i);
    for (; i < a.size(); ++i) {
        const unsigned differ = a[i] ^ b[i];
        count += ((differ & 0x0F) == 0 ? 1u : 0u) + ((differ & 0xF0) == 0 ? 1u : 0u);
    }
    return count;
}

void equal_nibbles(std::span<const std::uint8_t> rows, std::size_t bytes, std::span<const doc_pair> pairs,
                   std::span<std::uint32_t> out) noexcept {
    assert(out.size() == pairs.size());
    assert(std::all_of(pairs.begin(), pairs.end(), [&](doc_pair p) {
        return (std::size_t{std::max(p.a, p.b)} + 1) * bytes <= rows.size();
    }));
    if (!pairs.empty()) detail::equal_nibble_pairs(rows.data(), bytes, pairs.data(), pairs.size(), out.data());
}

namespace {

// P(X <= m) for X binomial with n trials of chance p: terms by their ratio, in logs, since near
// p = 1 (or for large n) the first ones underflow a double.
double binomial_at_most(std::size_t m, std::size_t n, double p) {
    if (m >= n) return 1.0;
    if (p <= 0.0) return 1.0;
    if (p >= 1.0) return 0.0;
    const double odds_step = std::log(p) - std::log1p(-p);
    double log_term = static_cast<double>(n) * std::log1p(-p);
    double sum = 0.0;
    for (std::size_t k = 0;; ++k) {
        sum += std::exp(log_term);
        if (k == m) break;
        log_term += std::log(static_cast<double>(n - k) / static_cast<double>(k + 1)) + odds_step;
    }
    return std::min(sum, 1.0);
}

// The table of signature_screen, worked out by bisection once per (slots, odds) in a process.
std::shared_ptr<const std::vector<double>> highest_plausible(std::size_t slots, double odds, int bits) {
    static std::mutex lock;
    static std::map<std::tuple<std::size_t, double, int>, std::shared_ptr<const std::vector<double>>> made;
    const std::lock_guard<std::mutex> hold(lock);
    auto& table = made[{slots, odds, bits}];
    if (table) return table;
    auto highest = std::make_shared<std::vector<double>>(slots + 1, 1.0);
    const double chance = std::ldexp(1.0, -bits);  // two different slots with the same low bits
    for (std::size_t m = 0; m < slots; ++m) {
        if (binomial_at_most(m, slots, chance) < odds) {
            (*highest)[m] = 0.0;  // even unrelated sets agree more often than this
            continue;
        }
        // The odds fall as j rises: bisect for the j where they cross `odds`.
        double lo = 0.0, hi = 1.0;
        for (int step = 0; step < 50; ++step) {
            const double mid = (lo + hi) / 2;
            (binomial_at_most(m, slots, mid + (1 - mid) * chance) >= odds ? lo : hi) = mid;
        }
        (*highest)[m] = lo;
    }
    table = std::move(highest);
    return table;
}

// The table of sample_screen, once per (cut, odds) in a process: for each need n, the fewest
// values seen below the cut that are plausible, the least s with P(X <= s) >= odds for X
// binomial with n trials of chance cut / 2^32. It never falls as n rises.
std::shared_ptr<const std::vector<std::uint32_t>> fewest_plausible(std::uint32_t cut, double chance, double odds) {
    static std::mutex lock;
    static std::map<std::pair<std::uint32_t, double>, std::shared_ptr<const std::vector<std::uint32_t>>> made;
    const std::lock_guard<std::mutex> hold(lock);
    auto& table = made[{cut, odds}];
    if (table) return table;
    auto fewest = std::make_shared<std::vector<std::uint32_t>>(sample_screen::table_size, 0);
    std::uint32_t seen = 0;
    for (std::size_t need = 0; need < fewest->size(); ++need) {
        if (odds > 0)
            while (binomial_at_most(seen, need, chance) < odds) ++seen;
        (*fewest)[need] = seen;
    }
    table = std::move(fewest);
    return table;
}

} // namespace

sample_screen::sample_screen(std::uint32_t cut, double odds) : cut_(cut), fewest_(fewest_plausible(cut, share(), odds)) {}

signature_screen::signature_screen(std::size_t slots, double odds, int bits) {
    if (odds <= 0) {
        highest_.assign(slots + 1, std::numeric_limits<double>::infinity());
        return;
    }
    highest_ = *highest_plausible(slots, odds, bits);
}

sketch_screen::sketch_screen(std::size_t slots, double odds) : slots_(slots) {
    if (slots == 0) throw error("sketch_screen: no slots");
    // 16, 24, 32, 48, 64, 96, ... below `slots`, then `slots` itself.
    std::vector<std::size_t> trials;
    for (std::size_t t = 16; t < slots; t = (t & (t - 1)) == 0 ? t + t / 2 : t / 3 * 4) trials.push_back(t);
    trials.push_back(slots);
    tables_ = trials.size();
    // Each table looked up by the equal slots as counted, scaled to its trials and rounded up
    // beforehand: a lookup a pair, no division.
    highest_.resize(tables_ * (slots + 1));
    for (std::size_t k = 0; k < tables_; ++k) {
        const signature_screen screen(trials[k], odds, 4);
        for (std::size_t equal = 0; equal <= slots; ++equal)
            highest_[k * (slots + 1) + equal] = screen.highest((equal * trials[k] + slots - 1) / slots);
    }
    // A set of n shingles counts as 1.5 n trials; from (2 slots + 2) / 3 on, as all of them.
    table_of_size_.resize((2 * slots + 2) / 3);
    std::size_t k = 0;
    for (std::size_t n = 0; n < table_of_size_.size(); ++n) {
        while (k + 1 < tables_ && trials[k + 1] <= n + n / 2) ++k;
        table_of_size_[n] = static_cast<std::uint8_t>(k);
    }
}

std::string_view minhash_simd_target() noexcept { return detail::sign_permutations_target(); }

} // namespace wiredup
