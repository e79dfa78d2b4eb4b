// Stage 4, sign: see minhash.hpp. The slot loop is branch-free and independent per slot so that
// compilers vectorize it; the result is the same integer arithmetic on every instruction set.
#include <wiredup/minhash.hpp>
#include <wiredup/error.hpp>

#include "detail/hash.hpp"

#include <algorithm>
#include <cassert>
#include <string>

namespace wiredup {

namespace {
constexpr std::size_t max_num_perm = 4096;
}

minhasher::minhasher(minhash_options options) {
    if (options.num_perm == 0 || options.num_perm > max_num_perm)
        throw error("minhash: num_perm (" + std::to_string(options.num_perm) + ") must be between 1 and " +
                    std::to_string(max_num_perm));
    detail::splitmix64 rng(options.seed);
    a_.resize(options.num_perm);
    b_.resize(options.num_perm);
    c_.resize(options.num_perm);
    for (std::size_t i = 0; i < options.num_perm; ++i) {
        a_[i] = rng.next() | 1;
        b_[i] = rng.next() | 1;
        c_[i] = rng.next();
    }
}

signature minhasher::sign(const shingle_set& shingles) const {
    signature sig(num_perm());
    sign(shingles, sig);
    return sig;
}

void minhasher::sign(const shingle_set& shingles, std::span<std::uint32_t> out) const {
    assert(out.size() == num_perm());
    std::fill(out.begin(), out.end(), 0xFFFFFFFFu);
    const std::size_t n = num_perm();
    const std::uint64_t* a = a_.data();
    const std::uint64_t* b = b_.data();
    const std::uint64_t* c = c_.data();
    std::uint32_t* sig = out.data();
    for (const std::uint64_t x : shingles) {
        const std::uint64_t lo = x & 0xFFFFFFFFu;
        const std::uint64_t hi = x >> 32;
        for (std::size_t i = 0; i < n; ++i) {
            const auto h = static_cast<std::uint32_t>((a[i] * lo + b[i] * hi + c[i]) >> 32);
            sig[i] = std::min(sig[i], h);
        }
    }
}

double estimate_jaccard(std::span<const std::uint32_t> a, std::span<const std::uint32_t> b) noexcept {
    assert(a.size() == b.size());
    if (a.empty()) return 0.0;
    std::size_t equal = 0;
    for (std::size_t i = 0; i < a.size(); ++i) equal += a[i] == b[i] ? 1 : 0;
    return static_cast<double>(equal) / static_cast<double>(a.size());
}

} // namespace wiredup
