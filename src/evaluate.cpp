// Evaluation: see evaluate.hpp. Every clustering measure comes from sorting documents by their
// (truth, predicted) labels, so nothing is quadratic in the size of a cluster.
#include <wiredup/evaluate.hpp>

#include <wiredup/error.hpp>

#include <algorithm>
#include <cassert>
#include <cmath>
#include <map>
#include <numeric>
#include <string>
#include <tuple>

namespace wiredup {
namespace {

std::uint64_t pairs_of(std::uint64_t n) noexcept { return n < 2 ? 0 : n * (n - 1) / 2; }

double ratio(std::uint64_t num, std::uint64_t den, double if_empty) noexcept {
    return den == 0 ? if_empty : static_cast<double>(num) / static_cast<double>(den);
}

// Lengths of the runs of equal keys in a sorted sequence.
template <typename It, typename Key>
void for_each_run(It first, It last, Key key, auto&& visit) {
    while (first != last) {
        It end = first;
        while (end != last && key(*end) == key(*first)) ++end;
        visit(first, end);
        first = end;
    }
}

void check_sizes(std::size_t a, std::size_t b, const char* what) {
    if (a != b)
        throw error(std::string(what) + ": sizes differ (" + std::to_string(a) + " and " + std::to_string(b) + ")");
}

} // namespace

double confusion::precision() const noexcept { return ratio(true_positive, true_positive + false_positive, 1.0); }
double confusion::recall() const noexcept { return ratio(true_positive, true_positive + false_negative, 1.0); }
double confusion::f1() const noexcept {
    const double p = precision(), r = recall();
    return p + r == 0 ? 0.0 : 2 * p * r / (p + r);
}
double confusion::accuracy() const noexcept {
    return ratio(true_positive + true_negative, true_positive + false_positive + false_negative + true_negative, 1.0);
}

cluster_labels labels_from_clusters(std::size_t documents, const std::vector<std::vector<doc_index>>& clusters) {
    constexpr auto unset = std::numeric_limits<std::uint32_t>::max();
    cluster_labels labels(documents, unset);
    for (std::size_t c = 0; c < clusters.size(); ++c) {
        for (const doc_index d : clusters[c]) {
            if (d >= documents) throw error("clusters: document " + std::to_string(d) + " out of range");
            if (labels[d] != unset)
                throw error("clusters: document " + std::to_string(d) + " is in clusters " + std::to_string(labels[d]) +
                            " and " + std::to_string(c));
            labels[d] = static_cast<std::uint32_t>(c);
        }
    }
    auto next = static_cast<std::uint32_t>(clusters.size());
    for (auto& l : labels)
        if (l == unset) l = next++;
    return labels;
}

cluster_labels labels_from_clusters(std::size_t documents, const std::vector<cluster>& clusters) {
    std::vector<std::vector<doc_index>> members;
    members.reserve(clusters.size());
    for (const auto& c : clusters) members.push_back(c.members);
    return labels_from_clusters(documents, members);
}

clustering_scores compare_clusterings(const cluster_labels& truth, const cluster_labels& predicted) {
    check_sizes(truth.size(), predicted.size(), "compare_clusterings");
    const std::size_t n = truth.size();
    std::vector<std::pair<std::uint32_t, std::uint32_t>> cells(n);
    for (std::size_t i = 0; i < n; ++i) cells[i] = {truth[i], predicted[i]};
    std::sort(cells.begin(), cells.end());
    std::uint64_t together = 0, truth_pairs = 0, predicted_pairs = 0;
    for_each_run(cells.begin(), cells.end(), [](const auto& c) { return c; },
                 [&](auto a, auto b) { together += pairs_of(static_cast<std::uint64_t>(b - a)); });
    for_each_run(cells.begin(), cells.end(), [](const auto& c) { return c.first; },
                 [&](auto a, auto b) { truth_pairs += pairs_of(static_cast<std::uint64_t>(b - a)); });
    cluster_labels sorted = predicted;
    std::sort(sorted.begin(), sorted.end());
    for_each_run(sorted.begin(), sorted.end(), [](std::uint32_t l) { return l; },
                 [&](auto a, auto b) { predicted_pairs += pairs_of(static_cast<std::uint64_t>(b - a)); });

    clustering_scores s;
    s.documents = n;
    s.pairs.true_positive = together;
    s.pairs.false_positive = predicted_pairs - together;
    s.pairs.false_negative = truth_pairs - together;
    s.pairs.true_negative = pairs_of(n) - truth_pairs - predicted_pairs + together;
    // Hubert & Arabie: (index - expected) / (max - expected), expected = a b / C(n, 2).
    const double index = static_cast<double>(together);
    const double a = static_cast<double>(truth_pairs), b = static_cast<double>(predicted_pairs);
    const double expected = n < 2 ? 0.0 : a * b / static_cast<double>(pairs_of(n));
    const double maximum = (a + b) / 2;
    s.adjusted_rand_index = maximum == expected ? 1.0 : (index - expected) / (maximum - expected);
    return s;
}

std::vector<label_recall> recall_by_label(const cluster_labels& truth, const cluster_labels& predicted,
                                          const std::vector<std::string>& values) {
    check_sizes(truth.size(), predicted.size(), "recall_by_label");
    check_sizes(truth.size(), values.size(), "recall_by_label");
    // Rank the values rarest first; a pair counts under the smaller rank of its two members.
    std::map<std::string, std::uint64_t> counts;
    for (const auto& v : values) ++counts[v];
    std::vector<std::pair<std::uint64_t, std::string>> order;
    for (const auto& [v, c] : counts) order.emplace_back(v.empty() ? std::numeric_limits<std::uint64_t>::max() : c, v);
    std::sort(order.begin(), order.end());
    std::map<std::string, std::uint32_t> rank;
    for (std::uint32_t r = 0; r < order.size(); ++r) rank[order[r].second] = r;

    std::vector<std::tuple<std::uint32_t, std::uint32_t, std::uint32_t>> docs(truth.size());
    for (std::size_t i = 0; i < truth.size(); ++i) docs[i] = {truth[i], predicted[i], rank[values[i]]};
    std::sort(docs.begin(), docs.end());

    // In a group sorted by rank, the pairs labelled with rank u are C(n_u, 2) among themselves plus
    // n_u times the members of higher rank.
    auto count_group = [&](auto first, auto last, std::vector<std::uint64_t>& into) {
        auto remaining = static_cast<std::uint64_t>(last - first);
        for_each_run(first, last, [](const auto& d) { return std::get<2>(d); }, [&](auto a, auto b) {
            const auto nu = static_cast<std::uint64_t>(b - a);
            remaining -= nu;
            into[std::get<2>(*a)] += pairs_of(nu) + nu * remaining;
        });
    };
    std::vector<std::uint64_t> total(order.size(), 0), found(order.size(), 0);
    for_each_run(docs.begin(), docs.end(), [](const auto& d) { return std::get<0>(d); }, [&](auto a, auto b) {
        // Re-sort the truth cluster by rank alone for the totals; the sort above groups by predicted.
        std::vector<std::tuple<std::uint32_t, std::uint32_t, std::uint32_t>> by_rank(a, b);
        std::sort(by_rank.begin(), by_rank.end(),
                  [](const auto& x, const auto& y) { return std::get<2>(x) < std::get<2>(y); });
        count_group(by_rank.begin(), by_rank.end(), total);
        for_each_run(a, b, [](const auto& d) { return std::get<1>(d); },
                     [&](auto pa, auto pb) { count_group(pa, pb, found); });
    });

    std::vector<label_recall> out;
    for (std::size_t r = 0; r < order.size(); ++r)
        if (total[r] > 0) out.push_back({order[r].second, found[r], total[r]});
    return out;
}

std::vector<false_merge> false_merges(const cluster_labels& truth, const cluster_labels& predicted, std::size_t top) {
    check_sizes(truth.size(), predicted.size(), "false_merges");
    std::vector<std::pair<std::uint32_t, std::uint32_t>> cells(truth.size());
    for (std::size_t i = 0; i < truth.size(); ++i) cells[i] = {predicted[i], truth[i]};
    std::sort(cells.begin(), cells.end());
    std::vector<false_merge> merges;
    for_each_run(cells.begin(), cells.end(), [](const auto& c) { return c.first; }, [&](auto a, auto b) {
        false_merge m;
        m.predicted = a->first;
        m.size = static_cast<std::size_t>(b - a);
        std::uint64_t right = 0;
        for_each_run(a, b, [](const auto& c) { return c.second; }, [&](auto ta, auto tb) {
            m.parts.emplace_back(ta->second, static_cast<std::size_t>(tb - ta));
            right += pairs_of(static_cast<std::uint64_t>(tb - ta));
        });
        m.wrong_pairs = pairs_of(m.size) - right;
        if (m.wrong_pairs == 0) return;
        std::stable_sort(m.parts.begin(), m.parts.end(), [](const auto& x, const auto& y) { return x.second > y.second; });
        merges.push_back(std::move(m));
    });
    std::sort(merges.begin(), merges.end(), [](const false_merge& x, const false_merge& y) {
        return std::tie(y.wrong_pairs, y.size, x.predicted) < std::tie(x.wrong_pairs, x.size, y.predicted);
    });
    if (merges.size() > top) merges.resize(top);
    return merges;
}

confusion confusion_at(std::span<const double> scores, std::span<const std::uint8_t> labels, double threshold) {
    check_sizes(scores.size(), labels.size(), "confusion_at");
    confusion c;
    for (std::size_t i = 0; i < scores.size(); ++i) {
        assert(!std::isnan(scores[i]));
        const bool predicted = scores[i] >= threshold;
        if (labels[i]) ++(predicted ? c.true_positive : c.false_negative);
        else ++(predicted ? c.false_positive : c.true_negative);
    }
    return c;
}

std::vector<confusion> confusion_curve(std::span<const double> scores, std::span<const std::uint8_t> labels,
                                       std::span<const double> thresholds) {
    check_sizes(scores.size(), labels.size(), "confusion_curve");
    // Positives and negatives at or above each score, from sorted scores and suffix counts.
    std::vector<std::size_t> order(scores.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) { return scores[x] < scores[y]; });
    std::vector<double> sorted(order.size());
    std::vector<std::uint64_t> pos_above(order.size() + 1, 0), neg_above(order.size() + 1, 0);
    for (std::size_t i = order.size(); i-- > 0;) {
        sorted[i] = scores[order[i]];
        pos_above[i] = pos_above[i + 1] + (labels[order[i]] ? 1 : 0);
        neg_above[i] = neg_above[i + 1] + (labels[order[i]] ? 0 : 1);
    }
    std::vector<confusion> out;
    out.reserve(thresholds.size());
    for (const double t : thresholds) {
        const auto at = static_cast<std::size_t>(std::lower_bound(sorted.begin(), sorted.end(), t) - sorted.begin());
        confusion c;
        c.true_positive = pos_above[at];
        c.false_positive = neg_above[at];
        c.false_negative = pos_above[0] - pos_above[at];
        c.true_negative = neg_above[0] - neg_above[at];
        out.push_back(c);
    }
    return out;
}

double roc_auc(std::span<const double> scores, std::span<const std::uint8_t> labels) {
    check_sizes(scores.size(), labels.size(), "roc_auc");
    std::vector<std::size_t> order(scores.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) { return scores[x] < scores[y]; });
    double positive_rank_sum = 0;
    std::uint64_t positives = 0;
    for_each_run(order.begin(), order.end(), [&](std::size_t i) { return scores[i]; }, [&](auto a, auto b) {
        // 1-based ranks first+1 .. last of a run of ties share their mean.
        const auto lo = static_cast<double>(a - order.begin()) + 1;
        const auto hi = static_cast<double>(b - order.begin());
        const double mid = (lo + hi) / 2;
        for (auto it = a; it != b; ++it)
            if (labels[*it]) {
                positive_rank_sum += mid;
                ++positives;
            }
    });
    const std::uint64_t negatives = scores.size() - positives;
    if (positives == 0 || negatives == 0) return std::numeric_limits<double>::quiet_NaN();
    const double p = static_cast<double>(positives), q = static_cast<double>(negatives);
    return (positive_rank_sum - p * (p + 1) / 2) / (p * q);
}

threshold_choice best_accuracy_threshold(std::span<const double> scores, std::span<const std::uint8_t> labels) {
    check_sizes(scores.size(), labels.size(), "best_accuracy_threshold");
    threshold_choice best;
    if (scores.empty()) return best;
    std::vector<std::size_t> order(scores.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) { return scores[x] > scores[y]; });
    const auto positives = static_cast<std::uint64_t>(std::count(labels.begin(), labels.end(), std::uint8_t{1}));
    const double n = static_cast<double>(scores.size());
    // Accepting nothing: every negative is right.
    std::uint64_t right = scores.size() - positives;
    best.accuracy = static_cast<double>(right) / n;
    best.threshold = std::nextafter(scores[order.front()], std::numeric_limits<double>::infinity());
    for (std::size_t i = 0; i < order.size();) {
        const double value = scores[order[i]];
        for (; i < order.size() && scores[order[i]] == value; ++i) {
            if (labels[order[i]]) ++right;
            else --right;
        }
        const double accuracy = static_cast<double>(right) / n;
        if (accuracy > best.accuracy) {
            best.accuracy = accuracy;
            best.threshold = i < order.size() ? (value + scores[order[i]]) / 2 : value;
        }
    }
    return best;
}

cv_plan interleaved_folds(std::size_t n, std::size_t k) {
    if (k < 2 || k > n)
        throw error("cross-validation: folds (" + std::to_string(k) + ") must be between 2 and the number of items (" +
                    std::to_string(n) + ")");
    cv_plan plan;
    plan.rounds = k;
    plan.fold.resize(n);
    for (std::size_t i = 0; i < n; ++i) plan.fold[i] = static_cast<std::uint32_t>(i % k);
    return plan;
}

cv_plan holdout_split(std::size_t n, double train_fraction) {
    cv_plan plan;
    plan.rounds = 1;
    plan.fold.assign(n, cv_plan::always_train);
    // Item i is tested when the running count of test items, (i + 1) * (1 - f), passes an integer.
    const double test_fraction = 1 - train_fraction;
    std::size_t tested = 0;
    for (std::size_t i = 0; i < n && train_fraction > 0 && train_fraction < 1; ++i) {
        const auto due = static_cast<std::size_t>(std::floor(static_cast<double>(i + 1) * test_fraction + 1e-9));
        if (due > tested) {
            plan.fold[i] = 0;
            tested = due;
        }
    }
    if (tested == 0 || tested == n)
        throw error("holdout split: train fraction (" + std::to_string(train_fraction) +
                    ") must leave items on both sides of " + std::to_string(n));
    return plan;
}

cv_result summarize_rounds(std::vector<cv_round> rounds) {
    cv_result result;
    result.rounds = std::move(rounds);
    const auto n = static_cast<double>(result.rounds.size());
    for (const auto& round : result.rounds) {
        result.mean_accuracy += round.test.accuracy() / n;
        result.mean_f1 += round.test.f1() / n;
        result.pooled.true_positive += round.test.true_positive;
        result.pooled.false_positive += round.test.false_positive;
        result.pooled.false_negative += round.test.false_negative;
        result.pooled.true_negative += round.test.true_negative;
    }
    return result;
}

cv_result cross_validate_threshold(std::span<const double> scores, std::span<const std::uint8_t> labels,
                                   const cv_plan& plan) {
    check_sizes(scores.size(), labels.size(), "cross_validate_threshold");
    check_sizes(scores.size(), plan.fold.size(), "cross_validate_threshold");
    std::vector<cv_round> rounds;
    for (std::uint32_t r = 0; r < plan.rounds; ++r) {
        std::vector<double> train_scores, test_scores;
        std::vector<std::uint8_t> train_labels, test_labels;
        for (std::size_t i = 0; i < scores.size(); ++i) {
            const bool test = plan.fold[i] == r;
            (test ? test_scores : train_scores).push_back(scores[i]);
            (test ? test_labels : train_labels).push_back(labels[i]);
        }
        cv_round round;
        round.threshold = best_accuracy_threshold(train_scores, train_labels).threshold;
        round.test = confusion_at(test_scores, test_labels, round.threshold);
        rounds.push_back(round);
    }
    return summarize_rounds(std::move(rounds));
}

} // namespace wiredup
