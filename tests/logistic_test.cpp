// Logistic regression: recovers a known model, is deterministic, and its cross-validation tests
// only on held-out items.
#include <wiredup/logistic.hpp>

#include <wiredup/error.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace wiredup {
namespace {

// Items drawn from P(y=1|x) = sigmoid(-1 + 3 x0 - 2 x1), x uniform on [0, 1]^2, plus a constant.
void draw(std::size_t n, std::vector<double>& x, std::vector<std::uint8_t>& y) {
    std::mt19937_64 rng(17);
    std::uniform_real_distribution<double> u(0, 1);
    for (std::size_t i = 0; i < n; ++i) {
        const double a = u(rng), b = u(rng);
        x.insert(x.end(), {a, b, 0.5});
        y.push_back(u(rng) < 1 / (1 + std::exp(-(-1 + 3 * a - 2 * b))) ? 1 : 0);
    }
}

TEST(LogisticModel, RecoversTheGeneratingModel) {
    std::vector<double> x;
    std::vector<std::uint8_t> y;
    draw(20000, x, y);
    const auto m = logistic_model::fit(x, 3, y, {.l2 = 0});
    // Back on the raw scale: slope_j = w_j / sd_j, sd of U(0,1) = 0.2887.
    const double sd = std::sqrt(1.0 / 12);
    EXPECT_NEAR(m.weights()[1] / sd, 3.0, 0.25);
    EXPECT_NEAR(m.weights()[2] / sd, -2.0, 0.25);
    EXPECT_NEAR(m.weights()[3], 0.0, 1e-9);  // the constant feature carries nothing
    const std::vector<double> row{0.5, 0.5, 0.5};
    EXPECT_NEAR(m.probability(row), 1 / (1 + std::exp(-(-1 + 1.5 - 1.0))), 0.03);
    EXPECT_LT(m.iterations(), 30u);
}

TEST(LogisticModel, IsDeterministicAndSurvivesSeparableData) {
    const std::vector<double> x{0.1, 0.2, 0.3, 0.7, 0.8, 0.9};
    const std::vector<std::uint8_t> y{0, 0, 0, 1, 1, 1};
    const auto a = logistic_model::fit(x, 1, y);
    const auto b = logistic_model::fit(x, 1, y);
    EXPECT_EQ(a.weights(), b.weights());
    EXPECT_TRUE(std::isfinite(a.weights()[1]));
    EXPECT_GT(a.probability(std::vector<double>{0.9}), 0.5);
    EXPECT_LT(a.probability(std::vector<double>{0.1}), 0.5);
}

TEST(LogisticModel, RejectsMismatchedSizes) {
    EXPECT_THROW(logistic_model::fit(std::vector<double>{1, 2, 3}, 2, std::vector<std::uint8_t>{0, 1}), error);
    EXPECT_THROW(logistic_model::fit(std::vector<double>{}, 1, std::vector<std::uint8_t>{}), error);
}

TEST(CrossValidateLogistic, EveryItemIsHeldOutOnceAndAccuracyIsSane) {
    std::vector<double> x;
    std::vector<std::uint8_t> y;
    draw(2000, x, y);
    const auto r = cross_validate_logistic(x, 3, y, interleaved_folds(y.size(), 10));
    ASSERT_EQ(r.cv.rounds.size(), 10u);
    for (const double p : r.held_out) EXPECT_FALSE(std::isnan(p));
    EXPECT_EQ(r.cv.pooled.true_positive + r.cv.pooled.false_positive + r.cv.pooled.true_negative +
                  r.cv.pooled.false_negative,
              y.size());
    // The Bayes rate of this model is about 0.68; cross-validation should be close, not above 0.75.
    EXPECT_GT(r.cv.mean_accuracy, 0.62);
    EXPECT_LT(r.cv.mean_accuracy, 0.75);
    EXPECT_GT(roc_auc(r.held_out, y), 0.65);
}

} // namespace
} // namespace wiredup
