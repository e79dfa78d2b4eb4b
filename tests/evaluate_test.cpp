// Evaluation measures: pairwise counts, ARI, recall by label, false merges, AUC, thresholds and
// cross-validation, against hand-computed examples and brute-force twins.
#include <wiredup/evaluate.hpp>

#include <wiredup/error.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <random>

namespace wiredup {
namespace {

// The brute-force twin: every pair of documents, one at a time.
confusion naive_pairs(const cluster_labels& truth, const cluster_labels& predicted) {
    confusion c;
    for (std::size_t i = 0; i < truth.size(); ++i)
        for (std::size_t j = i + 1; j < truth.size(); ++j) {
            const bool t = truth[i] == truth[j], p = predicted[i] == predicted[j];
            ++(t ? (p ? c.true_positive : c.false_negative) : (p ? c.false_positive : c.true_negative));
        }
    return c;
}

TEST(LabelsFromClusters, GivesSingletonsLabelsOfTheirOwn) {
    const auto labels = labels_from_clusters(5, std::vector<std::vector<doc_index>>{{1, 3}});
    EXPECT_EQ(labels, (cluster_labels{1, 0, 2, 0, 3}));
}

TEST(LabelsFromClusters, RejectsADocumentInTwoClusters) {
    EXPECT_THROW(labels_from_clusters(4, std::vector<std::vector<doc_index>>{{0, 1}, {1, 2}}), error);
    EXPECT_THROW(labels_from_clusters(2, std::vector<std::vector<doc_index>>{{0, 5}}), error);
}

TEST(CompareClusterings, HandComputedAri) {
    // sklearn's documented example: adjusted_rand_score([0, 0, 1, 1], [0, 0, 1, 2]) = 0.5714.
    // index = 1, a = 2, b = 1, expected = 2 * 1 / 6, max = 1.5: (1 - 1/3) / (1.5 - 1/3) = 4/7.
    const auto s = compare_clusterings({0, 0, 1, 1}, {0, 0, 1, 2});
    EXPECT_NEAR(s.adjusted_rand_index, 4.0 / 7.0, 1e-12);
    EXPECT_EQ(s.pairs.true_positive, 1u);
    EXPECT_EQ(s.pairs.false_positive, 0u);
    EXPECT_EQ(s.pairs.false_negative, 1u);
    EXPECT_EQ(s.pairs.true_negative, 4u);
    EXPECT_DOUBLE_EQ(s.pairs.precision(), 1.0);
    EXPECT_DOUBLE_EQ(s.pairs.recall(), 0.5);
    EXPECT_NEAR(s.pairs.f1(), 2.0 / 3.0, 1e-12);
}

TEST(CompareClusterings, HandComputedAriOfSixDocuments) {
    // truth {0,0,0,1,1,1}, predicted {0,0,1,1,2,2}: index = 2, a = 6, b = 3, C(6,2) = 15,
    // expected = 18 / 15 = 1.2, max = 4.5: ARI = 0.8 / 3.3.
    const auto s = compare_clusterings({0, 0, 0, 1, 1, 1}, {0, 0, 1, 1, 2, 2});
    EXPECT_NEAR(s.adjusted_rand_index, 0.8 / 3.3, 1e-12);
    EXPECT_EQ(s.pairs.true_positive, 2u);
    EXPECT_EQ(s.pairs.false_positive, 1u);
    EXPECT_EQ(s.pairs.false_negative, 4u);
}

TEST(CompareClusterings, IdenticalIsOneAndLabelNamesDoNotMatter) {
    const auto s = compare_clusterings({0, 0, 1, 2, 2, 2}, {7, 7, 3, 9, 9, 9});
    EXPECT_DOUBLE_EQ(s.adjusted_rand_index, 1.0);
    EXPECT_DOUBLE_EQ(s.pairs.f1(), 1.0);
    // All singletons on both sides: trivially equal.
    EXPECT_DOUBLE_EQ(compare_clusterings({0, 1, 2}, {5, 4, 3}).adjusted_rand_index, 1.0);
}

TEST(CompareClusterings, MatchesBruteForceOnRandomClusterings) {
    std::mt19937_64 rng(3);
    for (int round = 0; round < 20; ++round) {
        const std::size_t n = 1 + rng() % 60;
        std::uniform_int_distribution<std::uint32_t> t(0, 1 + static_cast<std::uint32_t>(rng() % 10));
        std::uniform_int_distribution<std::uint32_t> p(0, 1 + static_cast<std::uint32_t>(rng() % 10));
        cluster_labels truth(n), predicted(n);
        for (std::size_t i = 0; i < n; ++i) {
            truth[i] = t(rng);
            predicted[i] = p(rng);
        }
        const auto s = compare_clusterings(truth, predicted);
        const auto c = naive_pairs(truth, predicted);
        EXPECT_EQ(s.pairs.true_positive, c.true_positive);
        EXPECT_EQ(s.pairs.false_positive, c.false_positive);
        EXPECT_EQ(s.pairs.false_negative, c.false_negative);
        EXPECT_EQ(s.pairs.true_negative, c.true_negative);
        EXPECT_LE(s.adjusted_rand_index, 1.0 + 1e-12);
    }
}

TEST(CompareClusterings, RejectsDifferentSizes) { EXPECT_THROW(compare_clusterings({0, 1}, {0}), error); }

TEST(RecallByLabel, CountsAPairUnderTheRarerValue) {
    // Truth: {0 original, 1 light, 2 heavy} one story, {3 original, 4 light} another, 5 alone.
    // Predicted: 0, 1 together; 2 apart; 3, 4 together.
    const cluster_labels truth{0, 0, 0, 1, 1, 2};
    const cluster_labels predicted{0, 0, 1, 2, 2, 3};
    const std::vector<std::string> level{"none", "light", "heavy", "none", "light", "none"};
    // Counts: none 3, light 2, heavy 1. Pairs: (0,1) light found, (0,2) heavy missed,
    // (1,2) heavy missed, (3,4) light found.
    const auto r = recall_by_label(truth, predicted, level);
    ASSERT_EQ(r.size(), 2u);
    EXPECT_EQ(r[0].value, "heavy");
    EXPECT_EQ(r[0].found, 0u);
    EXPECT_EQ(r[0].total, 2u);
    EXPECT_EQ(r[1].value, "light");
    EXPECT_EQ(r[1].found, 2u);
    EXPECT_EQ(r[1].total, 2u);
    EXPECT_DOUBLE_EQ(r[1].recall(), 1.0);
}

TEST(RecallByLabel, MatchesBruteForceAndAddsUpToRecall) {
    std::mt19937_64 rng(5);
    const std::vector<std::string> names{"a", "b", "c", ""};
    for (int round = 0; round < 10; ++round) {
        const std::size_t n = 2 + rng() % 80;
        cluster_labels truth(n), predicted(n);
        std::vector<std::string> values(n);
        for (std::size_t i = 0; i < n; ++i) {
            truth[i] = static_cast<std::uint32_t>(rng() % 8);
            predicted[i] = static_cast<std::uint32_t>(rng() % 6);
            values[i] = names[rng() % names.size()];
        }
        std::map<std::string, std::size_t> count;
        for (const auto& v : values) ++count[v];
        auto rarer = [&](const std::string& x, const std::string& y) {
            if (x.empty()) return y;
            if (y.empty()) return x;
            return std::pair(count[x], x) < std::pair(count[y], y) ? x : y;
        };
        std::map<std::string, std::pair<std::uint64_t, std::uint64_t>> naive;
        for (std::size_t i = 0; i < n; ++i)
            for (std::size_t j = i + 1; j < n; ++j)
                if (truth[i] == truth[j]) {
                    auto& [found, total] = naive[rarer(values[i], values[j])];
                    ++total;
                    found += predicted[i] == predicted[j];
                }
        const auto r = recall_by_label(truth, predicted, values);
        ASSERT_EQ(r.size(), naive.size());
        std::uint64_t found = 0;
        for (const auto& x : r) {
            EXPECT_EQ(x.found, naive[x.value].first) << x.value;
            EXPECT_EQ(x.total, naive[x.value].second) << x.value;
            found += x.found;
        }
        EXPECT_EQ(found, compare_clusterings(truth, predicted).pairs.true_positive);
    }
}

TEST(FalseMerges, ListsClustersThatJoinStoriesWorstFirst) {
    // Predicted 0 joins truth 0 (2 docs) and truth 1 (1 doc): 2 wrong pairs. Predicted 1 joins
    // truth 2, 3, 4, 5 one doc each: 6 wrong pairs. Predicted 2 is right.
    const cluster_labels truth{0, 0, 1, 2, 3, 4, 5, 6, 6};
    const cluster_labels predicted{0, 0, 0, 1, 1, 1, 1, 2, 2};
    const auto merges = false_merges(truth, predicted, 10);
    ASSERT_EQ(merges.size(), 2u);
    EXPECT_EQ(merges[0].predicted, 1u);
    EXPECT_EQ(merges[0].wrong_pairs, 6u);
    EXPECT_EQ(merges[0].size, 4u);
    EXPECT_EQ(merges[1].predicted, 0u);
    EXPECT_EQ(merges[1].wrong_pairs, 2u);
    ASSERT_EQ(merges[1].parts.size(), 2u);
    EXPECT_EQ(merges[1].parts[0], (std::pair<std::uint32_t, std::size_t>{0, 2}));
    EXPECT_EQ(false_merges(truth, predicted, 1).size(), 1u);
}

TEST(RocAuc, HandComputedExamples) {
    // sklearn's documented example: roc_auc_score([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) = 0.75.
    const std::vector<double> scores{0.1, 0.4, 0.35, 0.8};
    const std::vector<std::uint8_t> labels{0, 0, 1, 1};
    EXPECT_DOUBLE_EQ(roc_auc(scores, labels), 0.75);
    // Ties: positives 0.5 and 0.9, negatives 0.5 and 0.5. Mean ranks: 0.5 -> 2, 0.9 -> 4;
    // U = (2 + 4) - 2 * 3 / 2 = 3; AUC = 3 / (2 * 2) = 0.75 (each tie counts one half).
    EXPECT_DOUBLE_EQ(roc_auc(std::vector<double>{0.5, 0.5, 0.5, 0.9}, std::vector<std::uint8_t>{0, 1, 0, 1}), 0.75);
    // All scores equal: chance.
    EXPECT_DOUBLE_EQ(roc_auc(std::vector<double>{1, 1, 1}, std::vector<std::uint8_t>{0, 1, 1}), 0.5);
    EXPECT_DOUBLE_EQ(roc_auc(std::vector<double>{0.1, 0.9}, std::vector<std::uint8_t>{0, 1}), 1.0);
    EXPECT_TRUE(std::isnan(roc_auc(std::vector<double>{0.1, 0.9}, std::vector<std::uint8_t>{1, 1})));
}

TEST(RocAuc, MatchesPairCountingOnRandomScores) {
    std::mt19937_64 rng(9);
    std::vector<double> scores(200);
    std::vector<std::uint8_t> labels(200);
    for (std::size_t i = 0; i < scores.size(); ++i) {
        scores[i] = static_cast<double>(rng() % 20) / 20;  // many ties
        labels[i] = static_cast<std::uint8_t>(rng() % 2);
    }
    double wins = 0, pairs = 0;
    for (std::size_t i = 0; i < scores.size(); ++i)
        for (std::size_t j = 0; j < scores.size(); ++j)
            if (labels[i] && !labels[j]) {
                ++pairs;
                wins += scores[i] > scores[j] ? 1.0 : scores[i] == scores[j] ? 0.5 : 0.0;
            }
    EXPECT_NEAR(roc_auc(scores, labels), wins / pairs, 1e-12);
}

TEST(ConfusionAt, CountsAtThreshold) {
    const std::vector<double> scores{0.1, 0.4, 0.35, 0.8};
    const std::vector<std::uint8_t> labels{0, 0, 1, 1};
    const auto c = confusion_at(scores, labels, 0.35);
    EXPECT_EQ(c.true_positive, 2u);
    EXPECT_EQ(c.false_positive, 1u);
    EXPECT_EQ(c.true_negative, 1u);
    EXPECT_EQ(c.false_negative, 0u);
    EXPECT_DOUBLE_EQ(c.accuracy(), 0.75);
    EXPECT_DOUBLE_EQ(c.f1(), 0.8);
}

TEST(ConfusionCurve, MatchesConfusionAtEachThreshold) {
    const std::vector<double> scores{0.1, 0.4, 0.35, 0.8, 0.4, 0.0};
    const std::vector<std::uint8_t> labels{0, 0, 1, 1, 1, 0};
    const std::vector<double> thresholds{-1, 0, 0.1, 0.35, 0.4, 0.5, 0.8, 2};
    const auto curve = confusion_curve(scores, labels, thresholds);
    for (std::size_t i = 0; i < thresholds.size(); ++i) {
        const auto c = confusion_at(scores, labels, thresholds[i]);
        EXPECT_EQ(curve[i].true_positive, c.true_positive) << thresholds[i];
        EXPECT_EQ(curve[i].false_positive, c.false_positive) << thresholds[i];
        EXPECT_EQ(curve[i].true_negative, c.true_negative) << thresholds[i];
        EXPECT_EQ(curve[i].false_negative, c.false_negative) << thresholds[i];
    }
}

TEST(BestAccuracyThreshold, PicksTheMiddleOfTheBestGap) {
    // Sorted: 0.1(0) 0.35(1) 0.4(0) 0.8(1). Accepting >= 0.8: 3/4; >= 0.35: 3/4; the higher wins,
    // halfway between 0.8 and 0.4.
    const auto best = best_accuracy_threshold(std::vector<double>{0.1, 0.4, 0.35, 0.8},
                                              std::vector<std::uint8_t>{0, 0, 1, 1});
    EXPECT_DOUBLE_EQ(best.accuracy, 0.75);
    EXPECT_DOUBLE_EQ(best.threshold, 0.6);
    // Separable: the threshold falls between the classes.
    const auto sep = best_accuracy_threshold(std::vector<double>{0.1, 0.2, 0.7, 0.9},
                                             std::vector<std::uint8_t>{0, 0, 1, 1});
    EXPECT_DOUBLE_EQ(sep.accuracy, 1.0);
    EXPECT_DOUBLE_EQ(sep.threshold, 0.45);
    // All positive: accept everything, the lowest score itself.
    const auto all = best_accuracy_threshold(std::vector<double>{0.3, 0.2}, std::vector<std::uint8_t>{1, 1});
    EXPECT_DOUBLE_EQ(all.accuracy, 1.0);
    EXPECT_DOUBLE_EQ(all.threshold, 0.2);
    // All negative: accept nothing.
    const auto none = best_accuracy_threshold(std::vector<double>{0.3, 0.2}, std::vector<std::uint8_t>{0, 0});
    EXPECT_DOUBLE_EQ(none.accuracy, 1.0);
    EXPECT_GT(none.threshold, 0.3);
}

TEST(CrossValidation, FoldsAreInterleavedAndValidated) {
    const auto plan = interleaved_folds(7, 3);
    EXPECT_EQ(plan.rounds, 3u);
    EXPECT_EQ(plan.fold, (std::vector<std::uint32_t>{0, 1, 2, 0, 1, 2, 0}));
    EXPECT_THROW(interleaved_folds(5, 1), error);
    EXPECT_THROW(interleaved_folds(2, 3), error);
    constexpr auto train = cv_plan::always_train;
    const auto split = holdout_split(4, 0.5);
    EXPECT_EQ(split.rounds, 1u);
    EXPECT_EQ(split.fold, (std::vector<std::uint32_t>{train, 0, train, 0}));
    EXPECT_EQ(holdout_split(8, 0.75).fold, (std::vector<std::uint32_t>{train, train, train, 0, train, train, train, 0}));
    EXPECT_THROW(holdout_split(4, 1.0), error);
    EXPECT_THROW(holdout_split(4, 0.0), error);
    EXPECT_THROW(holdout_split(1, 0.5), error);
}

TEST(CrossValidation, ChoosesOnTrainingFoldsOnly) {
    // Two folds. Fold 0 = items 0, 2, 4; fold 1 = items 1, 3, 5.
    // Round 0 trains on {0.15:0, 0.6:1, 0.9:1} -> threshold 0.375; tests {0.1:0, 0.5:1, 0.3:1} -> 2/3.
    // Round 1 trains on {0.1:0, 0.5:1, 0.3:1} -> threshold 0.2; tests {0.15:0, 0.6:1, 0.9:1} -> 3/3.
    const std::vector<double> scores{0.1, 0.15, 0.5, 0.6, 0.3, 0.9};
    const std::vector<std::uint8_t> labels{0, 0, 1, 1, 1, 1};
    const auto cv = cross_validate_threshold(scores, labels, interleaved_folds(6, 2));
    ASSERT_EQ(cv.rounds.size(), 2u);
    EXPECT_NEAR(cv.rounds[0].threshold, 0.375, 1e-12);
    EXPECT_NEAR(cv.rounds[1].threshold, 0.2, 1e-12);
    EXPECT_NEAR(cv.mean_accuracy, (2.0 / 3.0 + 1.0) / 2, 1e-12);
    EXPECT_EQ(cv.pooled.true_positive + cv.pooled.false_positive + cv.pooled.true_negative + cv.pooled.false_negative,
              6u);
}

} // namespace
} // namespace wiredup
