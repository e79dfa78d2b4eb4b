// Stage 7, cluster: see cluster.hpp.
#include <wiredup/cluster.hpp>

#include <algorithm>
#include <cassert>
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
    std::vector<std::pair<doc_index, doc_index>> by_root;
    for (const auto& p : pairs) {
        by_root.emplace_back(sets.find(p.a), p.a);
        by_root.emplace_back(sets.find(p.b), p.b);
    }
    std::sort(by_root.begin(), by_root.end());
    by_root.erase(std::unique(by_root.begin(), by_root.end()), by_root.end());

    std::vector<cluster> clusters;
    for (std::size_t i = 0; i < by_root.size();) {
        cluster c;
        std::size_t j = i;
        for (; j < by_root.size() && by_root[j].first == by_root[i].first; ++j) c.members.push_back(by_root[j].second);
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
