// Stage 5, band: see lsh.hpp. One band at a time is grouped by radix sort, so peak memory is the
// band-major key table, one band's packed keys and the distinct pairs, never a hash map of lists.
#include <wiredup/lsh.hpp>
#include <wiredup/error.hpp>

#include "detail/hash.hpp"
#include "detail/memory.hpp"
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
// band and repeats removed whenever a buffer doubles, so it never holds b copies of a pair.
// The pairs are split by the top bits of `first` into parts that are sorted and compacted on
// their own: the sort's scratch is one part's size, not the whole set's, and finish() hands
// the parts over in order, freeing each as it goes.
class pair_set {
public:
    pair_set(int bits, std::size_t floor)
        : bits_(bits), part_shift_(2 * bits - std::min(bits, part_bits)), parts_(std::size_t{1} << std::min(bits, part_bits)) {
        for (part& p : parts_) p.compact_at = floor / parts_.size() + 1024;
    }
    void add(std::uint32_t first, std::uint32_t second) {
        const std::uint64_t packed = (std::uint64_t{first} << bits_) | second;
        detail::push_back_lean(parts_[packed >> part_shift_].pairs, packed);
        ++added_;
        ++unscreened_;
    }
    /// Pairs added so far, repeats and screened ones included.
    std::size_t added() const noexcept { return added_; }
    std::size_t unscreened() const noexcept { return unscreened_; }
    void compact_if_full() {
        for (part& p : parts_)
            if (p.pairs.size() > p.compact_at) compact(p);
    }
    /// Runs the pairs added since the last call through `keep`, a run of doc_pairs at a time,
    /// and removes those it drops; returns how many it dropped.
    std::size_t screen(const lsh_index::pair_filter& keep, std::span<const doc_index> docs) {
        const std::uint64_t mask = (std::uint64_t{1} << bits_) - 1;
        some_.clear();
        for (const part& p : parts_)
            for (std::size_t i = p.screened; i < p.pairs.size(); ++i)
                some_.push_back({docs[p.pairs[i] >> bits_], docs[p.pairs[i] & mask]});
        kept_.assign(some_.size(), 0);
        constexpr std::size_t run = std::size_t{1} << 16;
        for (std::size_t from = 0; from < some_.size(); from += run) {
            const std::size_t to = std::min(some_.size(), from + run);
            keep(std::span<const doc_pair>(some_).subspan(from, to - from), std::span<char>(kept_).subspan(from, to - from));
        }
        std::size_t k = 0, dropped = 0;
        for (part& p : parts_) {
            std::size_t write = p.screened;
            for (std::size_t i = p.screened; i < p.pairs.size(); ++i)
                if (kept_[k++]) p.pairs[write++] = p.pairs[i];
            dropped += p.pairs.size() - write;
            p.pairs.resize(write);
            p.screened = write;
        }
        unscreened_ = 0;
        return dropped;
    }
    /// The distinct pairs in order, as doc_pairs; the parts are freed as they are converted.
    std::vector<doc_pair> finish(std::span<const doc_index> docs) {
        std::size_t total = 0;
        for (part& p : parts_) {
            compact(p);
            p.pairs.shrink_to_fit();
            total += p.pairs.size();
        }
        detail::release(scratch_);
        detail::release(some_);
        detail::release(kept_);
        const std::uint64_t mask = (std::uint64_t{1} << bits_) - 1;
        std::vector<doc_pair> result;
        result.reserve(total);
        for (part& p : parts_) {
            for (const std::uint64_t packed : p.pairs) result.push_back({docs[packed >> bits_], docs[packed & mask]});
            detail::release(p.pairs);
        }
        return result;
    }

private:
    static constexpr int part_bits = 6;
    struct part {
        std::vector<std::uint64_t> pairs;
        std::size_t screened = 0;  // pairs[0, screened) have been through screen()
        std::size_t compact_at = 0;
    };
    void compact(part& p) {
        detail::radix_sort(p.pairs, scratch_, 0, part_shift_);  // a part's pairs agree above part_shift_
        p.pairs.erase(std::unique(p.pairs.begin(), p.pairs.end()), p.pairs.end());
        p.compact_at = std::max(p.compact_at, 2 * p.pairs.size());
        p.screened = std::min(p.screened, p.pairs.size());
    }

    int bits_;
    int part_shift_;
    std::vector<part> parts_;
    std::size_t added_ = 0, unscreened_ = 0;
    std::vector<std::uint64_t> scratch_;
    std::vector<doc_pair> some_;
    std::vector<char> kept_;
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

void lsh_index::reserve(std::size_t documents) {
    docs_.reserve(documents);
    for (auto& band : keys_) band.reserve(documents);
}

void lsh_index::add(doc_index doc, std::span<const band_key> keys) {
    assert(keys.size() == banding_.bands);
    assert(docs_.empty() || docs_.back() < doc);
    detail::push_back_lean(docs_, doc);
    for (std::size_t band = 0; band < keys.size(); ++band) detail::push_back_lean(keys_[band], keys[band]);
}

std::vector<doc_pair> lsh_index::candidates(lsh_stats* stats, const pair_filter& keep) const& {
    return collect(stats, keep, nullptr);
}

std::vector<doc_pair> lsh_index::candidates(lsh_stats* stats, const pair_filter& keep) && {
    std::vector<doc_pair> result = collect(stats, keep, &keys_);
    detail::release(docs_);
    return result;
}

std::vector<doc_pair> lsh_index::collect(lsh_stats* stats, const pair_filter& keep,
                                         std::vector<std::vector<band_key>>* spend) const {
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
    // Keys that will be freed band by band cannot be read back for the order later: take every
    // document's now (8 bytes a document, less than one band of keys it lets go of).
    if (spend != nullptr)
        for (std::uint32_t i = 0; i < n; ++i) order_of(i);
    std::vector<std::uint32_t> ranked;
    detail::group_buffers buffers;
    std::vector<std::uint64_t> wide;  // one band's keys as the grouping takes them
    // With a filter, proposed pairs are screened in runs of about this many as buckets make
    // them, so that the pairs it drops are never sorted or held.
    constexpr std::size_t screen_run = std::size_t{1} << 18;
    for (std::size_t band = 0; band < b; ++band) {
        wide.assign(keys_[band].begin(), keys_[band].end());
        if (spend != nullptr) detail::release((*spend)[band]);
        detail::for_each_group(wide, {}, buffers, [&](std::span<const std::uint32_t> members) {
            const std::size_t size = members.size();
            ++local.buckets;
            local.largest_bucket = std::max(local.largest_bucket, size);
            const std::size_t before = pairs.added();
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
            local.bucket_pairs += pairs.added() - before;
            if (keep && pairs.unscreened() >= screen_run) local.screened += pairs.screen(keep, docs_);
        });
        if (keep) local.screened += pairs.screen(keep, docs_);
        pairs.compact_if_full();
    }
    // The grouping's buffers and the window order are spent: give them back before the pairs
    // become the candidate list, the stage's peak.
    detail::release(order);
    detail::release(have_order);
    detail::release(ranked);
    buffers = {};
    detail::release(wide);
    std::vector<doc_pair> result = pairs.finish(docs_);
    local.candidates = result.size();
    if (stats != nullptr) *stats = local;
    return result;
}

} // namespace wiredup
