// The exact oracle: see exact.hpp. Shingles are renamed to ranks by rising document frequency,
// so every prefix holds a document's rarest shingles and candidate lists stay short.
#include <wiredup/exact.hpp>
#include <wiredup/error.hpp>

#include <algorithm>
#include <cmath>
#include <string>
#include <unordered_map>

namespace wiredup {
namespace {

using rank_set = std::vector<std::uint32_t>;

// Each set rewritten as sorted ranks, rank 0 the rarest shingle of the collection.
std::vector<rank_set> rank_by_frequency(const std::vector<shingle_set>& sets) {
    std::unordered_map<std::uint64_t, std::uint32_t> df;
    for (const auto& s : sets)
        for (const auto h : s) ++df[h];
    std::vector<std::pair<std::uint32_t, std::uint64_t>> order;
    order.reserve(df.size());
    for (const auto& [h, n] : df) order.emplace_back(n, h);
    std::sort(order.begin(), order.end());
    std::unordered_map<std::uint64_t, std::uint32_t> rank;
    rank.reserve(order.size());
    for (std::uint32_t i = 0; i < order.size(); ++i) rank.emplace(order[i].second, i);
    std::vector<rank_set> ranked(sets.size());
    for (std::size_t d = 0; d < sets.size(); ++d) {
        ranked[d].reserve(sets[d].size());
        for (const auto h : sets[d]) ranked[d].push_back(rank.at(h));
        std::sort(ranked[d].begin(), ranked[d].end());
    }
    return ranked;
}

std::size_t overlap(const rank_set& a, const rank_set& b) noexcept {
    std::size_t common = 0;
    for (auto i = a.begin(), j = b.begin(); i != a.end() && j != b.end();) {
        if (*i < *j) ++i;
        else if (*j < *i) ++j;
        else { ++common; ++i; ++j; }
    }
    return common;
}

// Smallest overlap two sets of these sizes need for Jaccard >= t: o >= t/(1+t) * (|a| + |b|).
bool passes(std::size_t common, std::size_t a, std::size_t b, double t) noexcept {
    return static_cast<double>(common) >= t * static_cast<double>(a + b - common) - 1e-9;
}

} // namespace

std::vector<doc_pair> exact_pairs(const std::vector<shingle_set>& sets, double threshold) {
    if (!(threshold > 0.0 && threshold <= 1.0))
        throw error("exact: threshold (" + std::to_string(threshold) + ") must be inside (0, 1]");
    const auto ranked = rank_by_frequency(sets);
    std::vector<std::vector<doc_index>> index;  // rank -> documents whose prefix holds it
    std::vector<doc_pair> result;
    std::vector<doc_index> candidates;
    for (doc_index x = 0; x < ranked.size(); ++x) {
        const auto& xs = ranked[x];
        if (xs.empty()) continue;
        const auto size = static_cast<double>(xs.size());
        const auto prefix = xs.size() - static_cast<std::size_t>(std::ceil(threshold * size - 1e-9)) + 1;
        candidates.clear();
        for (std::size_t i = 0; i < prefix && i < xs.size(); ++i) {
            if (xs[i] >= index.size()) continue;
            for (const doc_index y : index[xs[i]])
                if (static_cast<double>(ranked[y].size()) >= threshold * size - 1e-9) candidates.push_back(y);
        }
        std::sort(candidates.begin(), candidates.end());
        candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());
        for (const doc_index y : candidates)
            if (passes(overlap(ranked[y], xs), ranked[y].size(), xs.size(), threshold)) result.push_back({y, x});
        for (std::size_t i = 0; i < prefix && i < xs.size(); ++i) {
            if (xs[i] >= index.size()) index.resize(xs[i] + 1);
            index[xs[i]].push_back(x);
        }
    }
    std::sort(result.begin(), result.end());
    return result;
}

} // namespace wiredup
