// Evaluation: how far a result agrees with a ground truth. Clusterings are compared pair by pair
// (precision, recall, F1) and by the Adjusted Rand Index (Hubert & Arabie 1985); scored pairs with
// labels by accuracy and F1 at a threshold, ROC AUC, and thresholds chosen on training folds only.
#pragma once

#include <wiredup/cluster.hpp>
#include <wiredup/document.hpp>

#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <vector>

namespace wiredup {

/// A clustering of documents 0..n-1 as one label per document; equal labels, one cluster.
using cluster_labels = std::vector<std::uint32_t>;

/// Labels for `documents` documents: members of clusters[i] get label i, every other document a
/// label of its own (a singleton). Throws wiredup::error when a document is in two clusters.
cluster_labels labels_from_clusters(std::size_t documents, const std::vector<std::vector<doc_index>>& clusters);
cluster_labels labels_from_clusters(std::size_t documents, const std::vector<cluster>& clusters);

/// Counts of a binary decision: pairs of documents (same cluster or not) or labelled pairs.
struct confusion {
    std::uint64_t true_positive = 0;
    std::uint64_t false_positive = 0;
    std::uint64_t false_negative = 0;
    std::uint64_t true_negative = 0;

    double precision() const noexcept;  ///< 1 when nothing is predicted positive
    double recall() const noexcept;     ///< 1 when there is nothing to find
    double f1() const noexcept;         ///< harmonic mean of the two; 0 when both are 0
    double accuracy() const noexcept;   ///< 1 when empty
};

struct clustering_scores {
    std::size_t documents = 0;
    confusion pairs;  ///< over all n(n-1)/2 document pairs; positive = in one cluster
    double adjusted_rand_index = 0;
};

/// Pairwise counts and ARI of `predicted` against `truth` (equal sizes), from the contingency
/// table in O(n log n). ARI is 1 when both clusterings are trivial in the same way.
clustering_scores compare_clusterings(const cluster_labels& truth, const cluster_labels& predicted);

/// Recall of the truth's pairs for one value of a label column (an edit level, say).
struct label_recall {
    std::string value;
    std::uint64_t found = 0;  ///< truth pairs that the prediction also puts together
    std::uint64_t total = 0;  ///< truth pairs counted under this value
    double recall() const noexcept { return total == 0 ? 1.0 : static_cast<double>(found) / static_cast<double>(total); }
};

/// Recall of truth pairs broken down by `values` (one per document; "" = missing). A pair counts
/// under the rarer of its two members' values across all documents (ties: the smaller string;
/// a missing value never wins), so an original ("none", common) and its heavy copy ("heavy",
/// rare) count as "heavy". Ordered rarest first.
std::vector<label_recall> recall_by_label(const cluster_labels& truth, const cluster_labels& predicted,
                                          const std::vector<std::string>& values);

/// A predicted cluster that joins documents of several truth clusters.
struct false_merge {
    std::uint32_t predicted = 0;      ///< the cluster's label in `predicted`
    std::size_t size = 0;
    std::uint64_t wrong_pairs = 0;    ///< pairs inside the cluster that the truth keeps apart
    /// (truth label, members) of each truth cluster it joins, most members first.
    std::vector<std::pair<std::uint32_t, std::size_t>> parts;
};

/// The `top` predicted clusters with the most wrong pairs (ties: larger, then smaller label).
std::vector<false_merge> false_merges(const cluster_labels& truth, const cluster_labels& predicted, std::size_t top);

// --- Scored pairs with labels (1 = duplicate or paraphrase, 0 = not) ---------------------------

/// Counts at a decision rule "positive when score >= threshold". Scores must not be NaN.
confusion confusion_at(std::span<const double> scores, std::span<const std::uint8_t> labels, double threshold);

/// confusion_at() for each threshold, sorting once: O((n + t) log n).
std::vector<confusion> confusion_curve(std::span<const double> scores, std::span<const std::uint8_t> labels,
                                       std::span<const double> thresholds);

/// Area under the ROC curve by the rank-sum (Mann-Whitney U) formula, tied scores sharing their
/// mean rank: the probability that a random positive outscores a random negative, ties counting
/// one half. NaN when either class is empty.
double roc_auc(std::span<const double> scores, std::span<const std::uint8_t> labels);

struct threshold_choice {
    double threshold = std::numeric_limits<double>::infinity();
    double accuracy = 0;
};

/// The threshold of highest accuracy: halfway between the lowest score it accepts and the next
/// lower score, so that it sits in the middle of its gap when applied to other data. Among equal
/// accuracies the highest threshold wins. Empty input gives +infinity.
threshold_choice best_accuracy_threshold(std::span<const double> scores, std::span<const std::uint8_t> labels);

/// Which items each round of a cross-validation holds out for testing.
struct cv_plan {
    static constexpr std::uint32_t always_train = std::numeric_limits<std::uint32_t>::max();
    std::vector<std::uint32_t> fold;  ///< per item: the round that tests on it, or always_train
    std::size_t rounds = 0;
};

/// k-fold cross-validation with item i in fold i mod k: deterministic, no shuffling.
/// Throws wiredup::error unless 2 <= k <= n.
cv_plan interleaved_folds(std::size_t n, std::size_t k);

/// One round: train on `train_fraction` of the items and test on the rest, the test items spread
/// evenly through the input (with 0.5, every second item) so that a file sorted by label still
/// splits fairly. Throws wiredup::error unless both sides get items.
cv_plan holdout_split(std::size_t n, double train_fraction);

struct cv_round {
    double threshold = 0;  ///< chosen on the training items
    confusion test;        ///< on the held-out items
};

struct cv_result {
    std::vector<cv_round> rounds;
    double mean_accuracy = 0;  ///< mean over rounds of held-out accuracy
    double mean_f1 = 0;
    confusion pooled;          ///< all held-out decisions together
};

/// Means and pooled counts of rounds already run (by any model).
cv_result summarize_rounds(std::vector<cv_round> rounds);

/// Cross-validates a threshold on one score: each round picks best_accuracy_threshold() on its
/// training items and applies it to its held-out items.
cv_result cross_validate_threshold(std::span<const double> scores, std::span<const std::uint8_t> labels,
                                   const cv_plan& plan);

} // namespace wiredup
