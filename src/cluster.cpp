// Stage 7, cluster: see cluster.hpp.
#include <wiredup/cluster.hpp>

#include "detail/radix_sort.hpp"

#include <algorithm>
#include <bit>
#include <cassert>
#include <cstdint>
#include <numeric>

namespace wiredup {

union_find::union_find(std::size_t n) : parent_(n), size_(n, 1) {
    std::iota(parent_.begin(), parent_.end(), doc_index{0});
}

doc_index union_find::find(doc_index x) noexcept {
    assert(x < parent_.size());
    while (parent_[x] != x) {
        parent_[x] = parent_[parent_[x]];
        x = parent_[x];
    }
    return x;
}

bool union_find::unite(doc_index a, doc_index b) noexcept {
    a = find(a);
    b = find(b);
    if (a == b) return false;
    if (size_[a] < size_[b]) std::swap(a, b);
    parent_[b] = a;
    size_[a] += size_[b];
    return true;
}

std::vector<cluster> make_clusters(std::size_t documents, const std::vector<doc_pair>& pairs, keep_policy keep,
                                   const std::vector<std::uint32_t>& lengths) {
    assert(keep != keep_policy::longest || lengths.size() == documents);
    union_find sets(documents);
    for (const auto& p : pairs) sets.unite(p.a, p.b);

    // Documents sorted by (root, index): each cluster is a run, members already in input order.
    // Both are document indices, so (root, index) packs into one key, radix sorted: std::sort of
    // pairs took most of the stage (two million members at 1M documents) on one thread.
    const int bits = std::max(1, static_cast<int>(std::bit_width(documents > 0 ? documents - 1 : 0)));
    const std::uint64_t index_mask = (std::uint64_t{1} << bits) - 1;
    std::vector<std::uint64_t> by_root, scratch;
    by_root.reserve(2 * pairs.size());
    for (const auto& p : pairs) {
        by_root.push_back(std::uint64_t{sets.find(p.a)} << bits | p.a);
        by_root.push_back(std::uint64_t{sets.find(p.b)} << bits | p.b);
    }
    detail::radix_sort(by_root, scratch, 0, 2 * bits);
    by_root.erase(std::unique(by_root.begin(), by_root.end()), by_root.end());
    const auto root = [&](std::size_t i) { return by_root[i] >> bits; };
    const auto member = [&](std::size_t i) { return static_cast<doc_index>(by_root[i] & index_mask); };

    std::vector<cluster> clusters;
    for (std::size_t i = 0; i < by_root.size();) {
        cluster c;
        std::size_t j = i;
        for (; j < by_root.size() && root(j) == root(i); ++j) c.members.push_back(member(j));
        c.canonical = c.members.front();
        if (keep == keep_policy::longest)
            for (const doc_index m : c.members)
                if (lengths[m] > lengths[c.canonical]) c.canonical = m;
        clusters.push_back(std::move(c));
        i = j;
    }
    std::sort(clusters.begin(), clusters.end(),
              [](const cluster& x, const cluster& y) { return x.members.front() < y.members.front(); });
    return clusters;
}

} // namespace wiredup
