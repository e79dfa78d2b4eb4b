// Logistic regression for combining similarity scores into one: a few features, thousands of
// labelled pairs, fitted by Newton's method (iteratively reweighted least squares) with an L2
// penalty on standardized features. Deterministic: no random start, no sampling.
#pragma once

#include <wiredup/evaluate.hpp>

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace wiredup {

struct logistic_options {
    /// Penalty (l2 / 2) |w|^2 on the weights, not the intercept, added to the mean log-loss:
    /// small enough to leave a few thousand items almost unshrunk, enough to keep separable data finite.
    double l2 = 1e-4;
    std::size_t max_iterations = 100;
    double tolerance = 1e-10;        ///< stop when no weight moves more than this
};

/// P(y = 1 | x) = 1 / (1 + exp(-(w0 + sum_j w_j z_j))), z_j = (x_j - mean_j) / sd_j.
class logistic_model {
public:
    /// Fits `labels.size()` items whose features are row-major in `features` (dims per row).
    /// Throws wiredup::error when the sizes disagree, dims is 0 or there are no items.
    static logistic_model fit(std::span<const double> features, std::size_t dims, std::span<const std::uint8_t> labels,
                              const logistic_options& options = {});

    /// Probability of label 1 for one row of `dims()` features.
    double probability(std::span<const double> row) const noexcept;
    /// probability() of every row of a row-major matrix.
    std::vector<double> probabilities(std::span<const double> features) const;

    std::size_t dims() const noexcept { return mean_.size(); }
    /// Intercept, then one weight per standardized feature: comparable magnitudes.
    const std::vector<double>& weights() const noexcept { return weights_; }
    std::size_t iterations() const noexcept { return iterations_; }

private:
    std::vector<double> mean_, scale_, weights_;
    std::size_t iterations_ = 0;
};

struct logistic_cv_result {
    cv_result cv;                      ///< thresholds are on the probability
    std::vector<double> held_out;      ///< per item: probability from the round that held it out (NaN if none)
};

/// Cross-validates the combination: each round fits on its training items, chooses the
/// probability threshold of best training accuracy, and tests on its held-out items.
logistic_cv_result cross_validate_logistic(std::span<const double> features, std::size_t dims,
                                           std::span<const std::uint8_t> labels, const cv_plan& plan,
                                           const logistic_options& options = {});

} // namespace wiredup
