// Stage 5b, band for containment: see containment.hpp. Postings are grouped by sorting
// (hash, document) entries; co-occurrences are counted by sorting packed pairs.
#include <wiredup/containment.hpp>
#include <wiredup/error.hpp>

#include <algorithm>
#include <bit>
#include <cassert>
#include <string>

namespace wiredup {

std::vector<std::uint64_t> fingerprints(const shingle_set& shingles, std::uint32_t sample_rate) {
    // The top bits pick the slice: the low bits already feed the MinHash permutations.
    const int shift = 64 - std::countr_zero(sample_rate);
    std::vector<std::uint64_t> kept;
    for (const std::uint64_t h : shingles)
        if (sample_rate == 1 || (h >> shift) == 0) kept.push_back(h);
    return kept;  // a subsequence of a sorted set is sorted
}

containment_index::containment_index(containment_options options) : options_(options) {
    if (options_.sample_rate == 0 || !std::has_single_bit(options_.sample_rate))
        throw error("containment: sample_rate (" + std::to_string(options_.sample_rate) + ") must be a power of two");
    if (options_.min_common == 0) throw error("containment: min_common must be at least 1");
    if (options_.max_postings < 2)
        throw error("containment: max_postings (" + std::to_string(options_.max_postings) + ") must be at least 2");
}

void containment_index::add(doc_index doc, std::span<const std::uint64_t> hashes) {
    if (counts_.size() <= doc) counts_.resize(doc + 1, 0);
    counts_[doc] = static_cast<std::uint32_t>(hashes.size());
    for (const auto h : hashes) entries_.push_back({h, doc});
}

std::vector<doc_pair> containment_index::candidates(containment_stats* stats) const {
    containment_stats local;
    local.fingerprints = entries_.size();
    local.documents = static_cast<std::size_t>(std::count_if(counts_.begin(), counts_.end(), [](auto c) { return c > 0; }));
    std::vector<entry> sorted = entries_;
    std::sort(sorted.begin(), sorted.end(),
              [](const entry& x, const entry& y) { return x.hash != y.hash ? x.hash < y.hash : x.doc < y.doc; });
    std::vector<std::uint64_t> pairs;
    for (std::size_t lo = 0; lo < sorted.size();) {
        std::size_t hi = lo + 1;
        while (hi < sorted.size() && sorted[hi].hash == sorted[lo].hash) ++hi;
        if (hi - lo > options_.max_postings) {
            ++local.stock_phrases;
        } else {
            for (std::size_t i = lo; i < hi; ++i)
                for (std::size_t j = i + 1; j < hi; ++j)
                    if (sorted[i].doc != sorted[j].doc)
                        pairs.push_back((std::uint64_t{sorted[i].doc} << 32) | sorted[j].doc);
        }
        lo = hi;
    }
    std::sort(pairs.begin(), pairs.end());
    std::vector<doc_pair> result;
    for (std::size_t lo = 0; lo < pairs.size();) {
        std::size_t hi = lo + 1;
        while (hi < pairs.size() && pairs[hi] == pairs[lo]) ++hi;
        const auto a = static_cast<doc_index>(pairs[lo] >> 32);
        const auto b = static_cast<doc_index>(pairs[lo]);
        const std::size_t common = hi - lo;
        const double smaller = std::min(counts_[a], counts_[b]);
        if (common >= options_.min_common && static_cast<double>(common) >= options_.min_fraction * smaller)
            result.push_back({a, b});
        lo = hi;
    }
    local.candidates = result.size();
    if (stats != nullptr) *stats = local;
    return result;
}

} // namespace wiredup
