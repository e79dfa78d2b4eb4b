// The exact oracle: every pair of shingle sets with Jaccard >= t, found without approximation by
// prefix filtering (Bayardo, Ma, Srikant, "Scaling Up All Pairs Similarity Search", WWW 2007).
// It is the brute-force twin that LSH recall is measured against.
#pragma once

#include <wiredup/document.hpp>
#include <wiredup/shingle.hpp>

#include <vector>

namespace wiredup {

/// Pairs (a < b, indices into `sets`) whose exact Jaccard is at least `threshold` (0 < t <= 1),
/// sorted. Empty sets pair with nothing. Memory is about 3x the total set sizes.
std::vector<doc_pair> exact_pairs(const std::vector<shingle_set>& sets, double threshold);

} // namespace wiredup
