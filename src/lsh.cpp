// Stage 5, band: see lsh.hpp. One band at a time is grouped by radix sort, so peak memory is the
// band-major key table, one band's packed keys and the distinct pairs, never a hash map of lists.
#include <wiredup/lsh.hpp>
#include <wiredup/error.hpp>

#include "detail/hash.hpp"
#include "detail/radix_sort.hpp"

#include <algorithm>
#include <bit>
#include <cassert>
#include <cmath>
#include <string>

namespace wiredup {

double collision_probability(double similarity, banding shape) noexcept {
    const double band_match = std::pow(similarity, static_cast<double>(shape.rows));
    return 1.0 - std::pow(1.0 - band_match, static_cast<double>(shape.bands));
}

namespace {

// Midpoint rule; the integrands are smooth and monotone, 256 steps are plenty.
template <typename Fn>
double integrate(Fn&& fn, double from, double to) {
    constexpr int steps = 256;
    const double h = (to - from) / steps;
    double sum = 0;
    for (int i = 0; i < steps; ++i) sum += fn(from + (i + 0.5) * h);
    return sum * h;
}

// Distinct pairs of positions, packed as (first << bits) | second. Pairs are appended band by
// band and repeats removed whenever the buffer doubles, so it never holds b copies of a pair.
class pair_set {
public:
    pair_set(int bits, std::size_t floor) : bits_(bits), compact_at_(floor) { pairs_.reserve(floor); }
    void add(std::uint32_t first, std::uint32_t second) { pairs_.push_back((std::uint64_t{first} << bits_) | second); }
    std::size_t size() const noexcept { return pairs_.size(); }
    std::size_t unscreened() const noexcept { return pairs_.size() - screened_; }
    void compact_if_full() {
        if (pairs_.size() > compact_at_) compact();
    }
    void compact() {
        detail::radix_sort(pairs_, scratch_, 0, 2 * bits_);
        pairs_.erase(std::unique(pairs_.begin(), pairs_.end()), pairs_.end());
        compact_at_ = std::max(compact_at_, 2 * pairs_.size());
        screened_ = std::min(screened_, pairs_.size());
    }
    /// Runs the pairs added since the last call through `keep`, a run of doc_pairs at a time,
    /// and removes those it drops; returns how many it dropped.
    std::size_t screen(const lsh_index::pair_filter& keep, std::span<const doc_index> docs) {
        const std::uint64_t mask = (std::uint64_t{1} << bits_) - 1;
        std::size_t write = screened_;
        std::vector<doc_pair> some;
        std::vector<char> kept;
        constexpr std::size_t run = std::size_t{1} << 16;
        for (std::size_t from = screened_; from < pairs_.size(); from += run) {
            const std::size_t to = std::min(pairs_.size(), from + run);
            some.clear();
            for (std::size_t i = from; i < to; ++i) some.push_back({docs[pairs_[i] >> bits_], docs[pairs_[i] & mask]});
            kept.assign(some.size(), 0);
            keep(some, kept);
            for (std::size_t i = from; i < to; ++i)
                if (kept[i - from]) pairs_[write++] = pairs_[i];
        }
        const std::size_t dropped = pairs_.size() - write;
        pairs_.resize(write);
        screened_ = write;
        return dropped;
    }
    /// The distinct pairs, sorted; the sort's scratch space is given back.
    std::span<const std::uint64_t> finish() {
        compact();
        scratch_ = {};
        return pairs_;
    }

private:
    int bits_;
    std::size_t compact_at_;
    std::size_t screened_ = 0;  // pairs_[0, screened_) have been through screen()
    std::vector<std::uint64_t> pairs_, scratch_;
};

} // namespace

banding choose_banding(double threshold, std::size_t num_perm, double fp_weight, double fn_weight) {
    banding best{1, 1};
    double best_error = INFINITY;
    for (std::size_t b = 1; b <= num_perm; ++b) {
        for (std::size_t r = 1; b * r <= num_perm; ++r) {
            const banding shape{b, r};
            const double fp = integrate([&](double s) { return collision_probability(s, shape); }, 0.0, threshold);
            const double fn = integrate([&](double s) { return 1.0 - collision_probability(s, shape); }, threshold, 1.0);
            const double weighted = fp_weight * fp + fn_weight * fn;
            if (weighted < best_error) {
                best_error = weighted;
                best = shape;
            }
        }
    }
    return best;
}

lsh_index::lsh_index(lsh_options options, std::size_t num_perm) : options_(options) {
    if (options_.bands == 0 && options_.rows == 0) {
        if (!(options_.threshold > 0.0 && options_.threshold < 1.0))
            throw error("lsh: threshold (" + std::to_string(options_.threshold) + ") must be inside (0, 1)");
        banding_ = choose_banding(options_.threshold, num_perm, options_.false_positive_weight,
                                  options_.false_negative_weight);
    } else {
        banding_ = {options_.bands, options_.rows};
        if (banding_.bands == 0 || banding_.rows == 0)
            throw error("lsh: bands (" + std::to_string(banding_.bands) + ") and rows (" +
                        std::to_string(banding_.rows) + ") must both be set, or neither");
        if (banding_.bands * banding_.rows > num_perm)
            throw error("lsh: bands (" + std::to_string(banding_.bands) + ") * rows (" +
                        std::to_string(banding_.rows) + ") = " + std::to_string(banding_.bands * banding_.rows) +
                        " exceeds num_perm (" + std::to_string(num_perm) + ")");
    }
    if (options_.max_bucket < 2) throw error("lsh: max_bucket (" + std::to_string(options_.max_bucket) + ") must be at least 2");
    if (options_.window == 0) throw error("lsh: window must be at least 1");
    keys_.resize(banding_.bands);
}

void lsh_index::band_keys(std::span<const std::uint32_t> signature, std::span<band_key> out) const {
    assert(out.size() == banding_.bands);
    assert(signature.size() >= banding_.bands * banding_.rows);
    const std::size_t bytes = banding_.rows * sizeof(std::uint32_t);
    for (std::size_t band = 0; band < banding_.bands; ++band)
        out[band] = static_cast<band_key>(detail::hash_bytes(signature.data() + band * banding_.rows, bytes, band) >> 32);
}

std::uint64_t lsh_index::bytes() const noexcept {
    std::uint64_t total = docs_.capacity() * sizeof(doc_index);
    for (const auto& band : keys_) total += band.capacity() * sizeof(band_key);
    return total;
}

void lsh_index::add(doc_index doc, std::span<const band_key> keys) {
    assert(keys.size() == banding_.bands);
    assert(docs_.empty() || docs_.back() < doc);
    detail::push_back_lean(docs_, doc);
    for (std::size_t band = 0; band < keys.size(); ++band) detail::push_back_lean(keys_[band], keys[band]);
}

std::vector<doc_pair> lsh_index::candidates(lsh_stats* stats, const pair_filter& keep) const {
    lsh_stats local;
    const std::size_t n = docs_.size();
    const std::size_t b = banding_.bands;
    local.documents = n;
    const int bits = std::max(1, static_cast<int>(std::bit_width(n)));
    pair_set pairs(bits, 4 * n + 1024);
    // Whole-signature fingerprints order the members of oversized buckets; computed on demand.
    std::vector<std::uint64_t> order;
    std::vector<char> have_order;
    std::vector<band_key> row(b);
    auto order_of = [&](std::uint32_t i) {
        if (order.empty()) {
            order.resize(n);
            have_order.assign(n, 0);
        }
        if (!have_order[i]) {
            for (std::size_t band = 0; band < b; ++band) row[band] = keys_[band][i];
            order[i] = detail::hash_bytes(row.data(), b * sizeof(band_key));
            have_order[i] = 1;
        }
        return order[i];
    };
    std::vector<std::uint32_t> ranked;
    detail::group_buffers buffers;
    std::vector<std::uint64_t> wide;  // one band's keys as the grouping takes them
    // With a filter, proposed pairs are screened in runs of about this many as buckets make
    // them, so that the pairs it drops are never sorted or held.
    constexpr std::size_t screen_run = std::size_t{1} << 18;
    for (std::size_t band = 0; band < b; ++band) {
        wide.assign(keys_[band].begin(), keys_[band].end());
        detail::for_each_group(wide, {}, buffers, [&](std::span<const std::uint32_t> members) {
            const std::size_t size = members.size();
            ++local.buckets;
            local.largest_bucket = std::max(local.largest_bucket, size);
            const std::size_t before = pairs.size();
            if (size <= options_.max_bucket) {
                // Positions come in increasing order, so every pair is already (smaller, larger).
                for (std::size_t i = 0; i < size; ++i)
                    for (std::size_t j = i + 1; j < size; ++j) pairs.add(members[i], members[j]);
            } else {
                ++local.oversized_buckets;
                // Documents increase with position, so (fingerprint, position) is (fingerprint, doc).
                ranked.assign(members.begin(), members.end());
                for (const std::uint32_t i : ranked) order_of(i);
                std::sort(ranked.begin(), ranked.end(), [&](std::uint32_t x, std::uint32_t y) {
                    return order[x] != order[y] ? order[x] < order[y] : x < y;
                });
                for (std::size_t i = 0; i < size; ++i)
                    for (std::size_t j = i + 1; j < size && j <= i + options_.window; ++j)
                        pairs.add(std::min(ranked[i], ranked[j]), std::max(ranked[i], ranked[j]));
            }
            local.bucket_pairs += pairs.size() - before;
            if (keep && pairs.unscreened() >= screen_run) local.screened += pairs.screen(keep, docs_);
        });
        if (keep) local.screened += pairs.screen(keep, docs_);
        pairs.compact_if_full();
    }
    const std::span<const std::uint64_t> distinct = pairs.finish();
    const std::uint64_t mask = (std::uint64_t{1} << bits) - 1;
    std::vector<doc_pair> result;
    result.reserve(distinct.size());
    for (const std::uint64_t p : distinct) result.push_back({docs_[p >> bits], docs_[p & mask]});
    local.candidates = result.size();
    if (stats != nullptr) *stats = local;
    return result;
}

} // namespace wiredup
