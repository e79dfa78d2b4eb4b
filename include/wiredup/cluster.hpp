// Stage 7, cluster: confirmed pairs -> clusters, by union-find (Tarjan 1975) with path halving
// and union by size. Partial union-finds of shards merge by replaying their links.
#pragma once

#include <wiredup/document.hpp>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace wiredup {

/// Which member of a cluster is kept as its canonical copy.
enum class keep_policy : std::uint8_t {
    earliest,  ///< the first in input order
    longest,   ///< the one with the most shingles (ties: the earliest)
};

struct cluster {
    doc_index canonical = 0;
    std::vector<doc_index> members;  ///< all members, canonical included, in input order
};

/// Disjoint sets over documents 0..n-1.
class union_find {
public:
    explicit union_find(std::size_t n);
    doc_index find(doc_index x) noexcept;
    /// Joins the sets of a and b; returns false when they were already one.
    bool unite(doc_index a, doc_index b) noexcept;
    std::size_t size() const noexcept { return parent_.size(); }

private:
    std::vector<doc_index> parent_;
    std::vector<std::uint32_t> size_;
};

/// Clusters of two or more documents linked by the pairs, ordered by their first member.
/// `lengths` (one per document) is read only for keep_policy::longest.
std::vector<cluster> make_clusters(std::size_t documents, const std::vector<doc_pair>& pairs,
                                   keep_policy keep, const std::vector<std::uint32_t>& lengths = {});

} // namespace wiredup
