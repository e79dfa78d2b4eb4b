// Stage 5, band: see lsh.hpp. One band at a time is sorted, so peak memory is the document-major
// key table plus one band's (key, document) entries, never a hash map of lists.
#include <wiredup/lsh.hpp>
#include <wiredup/error.hpp>

#include "detail/hash.hpp"

#include <algorithm>
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

struct bucket_entry {
    std::uint64_t key;
    std::uint64_t order;  // ties within a bucket: whole-signature fingerprint, then document
    doc_index doc;
    bool operator<(const bucket_entry& o) const noexcept {
        return key != o.key ? key < o.key : order != o.order ? order < o.order : doc < o.doc;
    }
};

std::uint64_t pack(doc_index a, doc_index b) noexcept {
    if (b < a) std::swap(a, b);
    return (std::uint64_t{a} << 32) | b;
}

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
}

void lsh_index::band_keys(std::span<const std::uint32_t> signature, std::span<std::uint64_t> out) const {
    assert(out.size() == banding_.bands);
    assert(signature.size() >= banding_.bands * banding_.rows);
    const std::size_t bytes = banding_.rows * sizeof(std::uint32_t);
    for (std::size_t band = 0; band < banding_.bands; ++band)
        out[band] = detail::hash_bytes(signature.data() + band * banding_.rows, bytes, band);
}

void lsh_index::add(doc_index doc, std::span<const std::uint64_t> keys) {
    assert(keys.size() == banding_.bands);
    assert(docs_.empty() || docs_.back() < doc);
    docs_.push_back(doc);
    keys_.insert(keys_.end(), keys.begin(), keys.end());
}

std::vector<doc_pair> lsh_index::candidates(lsh_stats* stats) const {
    lsh_stats local;
    local.documents = docs_.size();
    const std::size_t b = banding_.bands;
    std::vector<std::uint64_t> fingerprints(docs_.size());
    for (std::size_t i = 0; i < docs_.size(); ++i)
        fingerprints[i] = detail::hash_bytes(keys_.data() + i * b, b * sizeof(std::uint64_t));

    std::vector<std::uint64_t> pairs;
    std::vector<bucket_entry> entries(docs_.size());
    std::size_t compact_at = std::size_t{1} << 24;
    for (std::size_t band = 0; band < b; ++band) {
        for (std::size_t i = 0; i < docs_.size(); ++i) entries[i] = {keys_[i * b + band], fingerprints[i], docs_[i]};
        std::sort(entries.begin(), entries.end());
        for (std::size_t lo = 0; lo < entries.size();) {
            std::size_t hi = lo + 1;
            while (hi < entries.size() && entries[hi].key == entries[lo].key) ++hi;
            const std::size_t size = hi - lo;
            if (size >= 2) {
                ++local.buckets;
                local.largest_bucket = std::max(local.largest_bucket, size);
                const bool oversized = size > options_.max_bucket;
                local.oversized_buckets += oversized ? 1 : 0;
                const std::size_t reach = oversized ? options_.window : size;
                const std::size_t before = pairs.size();
                for (std::size_t i = lo; i < hi; ++i)
                    for (std::size_t j = i + 1; j < hi && j <= i + reach; ++j)
                        pairs.push_back(pack(entries[i].doc, entries[j].doc));
                local.bucket_pairs += pairs.size() - before;
            }
            lo = hi;
        }
        // Repeats across bands are removed as we go, so the buffer never holds b copies of a pair.
        if (pairs.size() > compact_at || band + 1 == b) {
            std::sort(pairs.begin(), pairs.end());
            pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
            compact_at = std::max(compact_at, 2 * pairs.size());
        }
    }
    std::vector<doc_pair> result;
    result.reserve(pairs.size());
    for (const std::uint64_t p : pairs) result.push_back({static_cast<doc_index>(p >> 32), static_cast<doc_index>(p)});
    local.candidates = result.size();
    if (stats != nullptr) *stats = local;
    return result;
}

} // namespace wiredup
