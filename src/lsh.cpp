// Stage 5, band: see lsh.hpp. Each band is grouped by radix sort, a band a thread at a time, so
// peak memory is the band-major key table, a band's packed keys a thread and the distinct pairs,
// never a hash map of lists.
#include <wiredup/lsh.hpp>
#include <wiredup/error.hpp>

#include "detail/hash.hpp"
#include "detail/memory.hpp"
#include "detail/radix_sort.hpp"

#include <oneapi/tbb/blocked_range.h>
#include <oneapi/tbb/enumerable_thread_specific.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/parallel_pipeline.h>
#include <oneapi/tbb/task_arena.h>

#include <algorithm>
#include <bit>
#include <cassert>
#include <cmath>
#include <memory>
#include <string>
#include <utility>

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

// Distinct pairs of documents, packed as (first << bits) | second. Pairs are appended band by
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
    /// Adds a pair packed as (first << bits) | second.
    void add(std::uint64_t packed) { detail::push_back_lean(parts_[packed >> part_shift_].pairs, packed); }
    void compact_if_full() {
        for (part& p : parts_)
            if (p.pairs.size() > p.compact_at) compact(p);
    }
    /// The distinct pairs in order, as doc_pairs; the parts are freed as they are converted.
    /// Parts are compacted and converted in parallel (on one thread, the band stage's last
    /// tenth of a second at 1M documents left the other idle).
    std::vector<doc_pair> finish() {
        detail::release(scratch_);
        oneapi::tbb::enumerable_thread_specific<std::vector<std::uint64_t>> scratches;
        oneapi::tbb::parallel_for(std::size_t{0}, parts_.size(), [&](std::size_t k) {
            auto& scratch = scratches.local();
            compact(parts_[k], scratch);
            parts_[k].pairs.shrink_to_fit();
            if (scratch.capacity() > 2 * parts_[k].pairs.size() + 1024) detail::release(scratch);
        });
        scratches.clear();
        std::vector<std::size_t> at(parts_.size() + 1, 0);
        for (std::size_t k = 0; k < parts_.size(); ++k) at[k + 1] = at[k] + parts_[k].pairs.size();
        const std::uint64_t mask = (std::uint64_t{1} << bits_) - 1;
        std::vector<doc_pair> result(at.back());
        oneapi::tbb::parallel_for(std::size_t{0}, parts_.size(), [&](std::size_t k) {
            doc_pair* out = result.data() + at[k];
            for (const std::uint64_t packed : parts_[k].pairs)
                *out++ = {static_cast<doc_index>(packed >> bits_), static_cast<doc_index>(packed & mask)};
            detail::release(parts_[k].pairs);
        });
        return result;
    }

private:
    static constexpr int part_bits = 6;
    struct part {
        std::vector<std::uint64_t> pairs;
        std::size_t compact_at = 0;
    };
    void compact(part& p) { compact(p, scratch_); }
    void compact(part& p, std::vector<std::uint64_t>& scratch) {
        detail::radix_sort(p.pairs, scratch, 0, part_shift_);  // a part's pairs agree above part_shift_
        p.pairs.erase(std::unique(p.pairs.begin(), p.pairs.end()), p.pairs.end());
        p.compact_at = std::max(p.compact_at, 2 * p.pairs.size());
    }

    int bits_;
    int part_shift_;
    std::vector<part> parts_;
    std::vector<std::uint64_t> scratch_;
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
    const std::size_t n = docs_.size();
    const std::size_t b = banding_.bands;
    // Pairs are packed by document (docs_ increases, so in the order of their positions).
    const int bits = std::max(1, static_cast<int>(std::bit_width(docs_.empty() ? doc_index{0} : docs_.back())));
    // Whole-signature fingerprints order the members of oversized buckets. Bands are grouped in
    // parallel, and a spent band's keys are gone: every document's is taken first (8 bytes a
    // document, less than one band of keys it lets go of). Buckets name their members by
    // document: the fingerprints are kept by document too while documents are dense (numbers
    // up to twice their count, as in any corpus read), else by position, found by bisection.
    const bool by_doc = n > 0 && docs_.back() / 2 < n;
    std::vector<std::uint64_t> order(by_doc ? std::size_t{docs_.back()} + 1 : n);
    oneapi::tbb::parallel_for(oneapi::tbb::blocked_range<std::size_t>(0, n, 1 << 14), [&](const auto& range) {
        std::vector<band_key> row(b);
        for (std::size_t i = range.begin(); i < range.end(); ++i) {
            for (std::size_t band = 0; band < b; ++band) row[band] = keys_[band][i];
            order[by_doc ? docs_[i] : i] = detail::hash_bytes(row.data(), b * sizeof(band_key));
        }
    });
    const auto order_of = [&](doc_index doc) {
        return order[by_doc ? doc : static_cast<std::size_t>(std::lower_bound(docs_.begin(), docs_.end(), doc) - docs_.begin())];
    };

    // One band: its buckets' pairs, screened in runs as they are made, so that the pairs the
    // filter drops are never held; what it keeps, packed, for the pair set.
    struct band_pairs {
        detail::raw_array<std::uint64_t> kept;
        lsh_stats stats;
    };
    // With a filter, proposed pairs are screened in runs of about this many.
    constexpr std::size_t screen_run = std::size_t{1} << 16;
    const auto pair_band = [&](std::size_t band, band_pairs& out) {
        std::vector<band_key> spent;  // a spent index's keys of this band, freed when it is grouped
        if (spend != nullptr) spent.swap((*spend)[band]);
        const std::span<const band_key> band_keys = spend != nullptr ? spent : keys_[band];
        std::vector<doc_pair> run;  // the run being made
        std::vector<char> verdicts;
        const auto pack = [&](doc_pair p) { return (std::uint64_t{p.a} << bits) | p.b; };
        const auto screen = [&] {
            std::size_t end = out.kept.size();
            out.kept.resize(end + run.size());
            if (!keep) {
                for (const doc_pair p : run) out.kept[end++] = pack(p);
            } else if (!run.empty()) {
                verdicts.assign(run.size(), 0);
                keep(run, verdicts);
                // Without a branch on each pair's verdict (about one in seven is kept, in no order
                // a predictor can learn): every pair is written, and the end moves past the kept.
                for (std::size_t i = 0; i < run.size(); ++i) {
                    out.kept[end] = pack(run[i]);
                    end += verdicts[i] != 0 ? 1 : 0;
                }
                out.stats.screened += out.kept.size() - end;
            }
            out.kept.resize(end);
            run.clear();
        };
        const auto propose = [&](doc_index first, doc_index second) { run.push_back({first, second}); };
        std::vector<std::pair<std::uint64_t, doc_index>> ranked;  // (fingerprint, document)
        detail::group_buffers buffers;
        // Members named by their documents, taken as the keys are (in order), rather than by
        // their positions, looked up for each pair proposed: in the many buckets of two or
        // three, each lookup was a cache miss (most of the proposing's time at 1M documents).
        detail::for_each_group(band_keys, docs_, buffers, [&](std::span<const std::uint32_t> members) {
            const std::size_t size = members.size();
            ++out.stats.buckets;
            out.stats.largest_bucket = std::max(out.stats.largest_bucket, size);
            if (size <= options_.max_bucket) {
                // Members come in increasing order, so every pair is already (smaller, larger).
                for (std::size_t i = 0; i < size; ++i)
                    for (std::size_t j = i + 1; j < size; ++j) propose(members[i], members[j]);
                out.stats.bucket_pairs += size * (size - 1) / 2;
            } else {
                ++out.stats.oversized_buckets;
                ranked.clear();
                for (const doc_index doc : members) ranked.emplace_back(order_of(doc), doc);
                std::sort(ranked.begin(), ranked.end());
                for (std::size_t i = 0; i < size; ++i)
                    for (std::size_t j = i + 1; j < size && j <= i + options_.window; ++j) {
                        propose(std::min(ranked[i].second, ranked[j].second), std::max(ranked[i].second, ranked[j].second));
                        ++out.stats.bucket_pairs;
                    }
            }
            if (run.size() >= screen_run) screen();
        });
        screen();
    };

    // Bands are grouped and screened in parallel, as many at once as there are threads (each
    // holds a copy of its keys and the grouping's buffers); the pair set takes what they keep
    // one band at a time, in band order.
    lsh_stats local;
    local.documents = n;
    pair_set pairs(bits, 4 * n + 1024);
    std::size_t next = 0;
    const auto in_flight = static_cast<std::size_t>(std::max(1, oneapi::tbb::this_task_arena::max_concurrency()));
    oneapi::tbb::parallel_pipeline(
        in_flight,
        oneapi::tbb::make_filter<void, std::size_t>(oneapi::tbb::filter_mode::serial_in_order,
                                                    [&](oneapi::tbb::flow_control& control) -> std::size_t {
                                                        if (next == b) control.stop();
                                                        return next++;
                                                    }) &
            oneapi::tbb::make_filter<std::size_t, std::shared_ptr<band_pairs>>(
                oneapi::tbb::filter_mode::parallel,
                [&](std::size_t band) {
                    auto out = std::make_shared<band_pairs>();
                    pair_band(band, *out);
                    return out;
                }) &
            oneapi::tbb::make_filter<std::shared_ptr<band_pairs>, void>(
                oneapi::tbb::filter_mode::serial_in_order, [&](const std::shared_ptr<band_pairs>& done) {
                    const lsh_stats& st = done->stats;
                    local.buckets += st.buckets;
                    local.oversized_buckets += st.oversized_buckets;
                    local.largest_bucket = std::max(local.largest_bucket, st.largest_bucket);
                    local.bucket_pairs += st.bucket_pairs;
                    local.screened += st.screened;
                    for (std::size_t i = 0; i < done->kept.size(); ++i) pairs.add(done->kept[i]);
                    pairs.compact_if_full();
                }));
    // The window order is spent: give it back before the pairs become the candidate list, the
    // stage's peak.
    detail::release(order);
    std::vector<doc_pair> result = pairs.finish();
    local.candidates = result.size();
    if (stats != nullptr) *stats = local;
    return result;
}

} // namespace wiredup
