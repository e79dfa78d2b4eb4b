// Logistic regression: see logistic.hpp. Eigen solves the Newton steps and stays in this file.
#include <wiredup/logistic.hpp>

#include <wiredup/error.hpp>

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

namespace wiredup {
namespace {

double sigmoid(double t) noexcept { return t >= 0 ? 1 / (1 + std::exp(-t)) : std::exp(t) / (1 + std::exp(t)); }

} // namespace

logistic_model logistic_model::fit(std::span<const double> features, std::size_t dims,
                                   std::span<const std::uint8_t> labels, const logistic_options& options) {
    const std::size_t n = labels.size();
    if (dims == 0 || n == 0 || features.size() != n * dims)
        throw error("logistic regression: " + std::to_string(features.size()) + " feature values for " +
                    std::to_string(n) + " items of " + std::to_string(dims) + " features");
    logistic_model m;
    m.mean_.assign(dims, 0);
    m.scale_.assign(dims, 1);
    for (std::size_t i = 0; i < n; ++i)
        for (std::size_t j = 0; j < dims; ++j) m.mean_[j] += features[i * dims + j] / static_cast<double>(n);
    for (std::size_t j = 0; j < dims; ++j) {
        double var = 0;
        for (std::size_t i = 0; i < n; ++i) var += std::pow(features[i * dims + j] - m.mean_[j], 2);
        const double sd = std::sqrt(var / static_cast<double>(n));
        // A constant feature carries nothing; scale 1 keeps its standardized value at 0 (its
        // computed spread is rounding noise, which dividing by would blow up).
        m.scale_[j] = sd > 1e-9 * std::max(1.0, std::abs(m.mean_[j])) ? sd : 1;
    }

    const auto d = static_cast<Eigen::Index>(dims + 1);
    Eigen::MatrixXd x(static_cast<Eigen::Index>(n), d);
    Eigen::VectorXd y(static_cast<Eigen::Index>(n));
    for (std::size_t i = 0; i < n; ++i) {
        const auto r = static_cast<Eigen::Index>(i);
        x(r, 0) = 1;
        for (std::size_t j = 0; j < dims; ++j)
            x(r, static_cast<Eigen::Index>(j + 1)) = (features[i * dims + j] - m.mean_[j]) / m.scale_[j];
        y(r) = labels[i] ? 1.0 : 0.0;
    }
    Eigen::VectorXd penalty = Eigen::VectorXd::Constant(d, options.l2);
    penalty(0) = 0;  // the intercept is not shrunk
    Eigen::VectorXd w = Eigen::VectorXd::Zero(d);
    const double inv_n = 1.0 / static_cast<double>(n);
    for (m.iterations_ = 0; m.iterations_ < options.max_iterations; ++m.iterations_) {
        const Eigen::VectorXd p = (x * w).unaryExpr([](double t) { return sigmoid(t); });
        const Eigen::VectorXd s = p.cwiseProduct(Eigen::VectorXd::Ones(p.size()) - p);
        const Eigen::VectorXd gradient = inv_n * (x.transpose() * (p - y)) + penalty.cwiseProduct(w);
        Eigen::MatrixXd hessian = inv_n * (x.transpose() * s.asDiagonal() * x);
        hessian.diagonal() += penalty + Eigen::VectorXd::Constant(d, 1e-12);
        const Eigen::VectorXd step = hessian.ldlt().solve(gradient);
        w -= step;
        if (step.cwiseAbs().maxCoeff() < options.tolerance) {
            ++m.iterations_;
            break;
        }
    }
    m.weights_.assign(w.data(), w.data() + w.size());
    return m;
}

double logistic_model::probability(std::span<const double> row) const noexcept {
    double t = weights_.empty() ? 0 : weights_[0];
    for (std::size_t j = 0; j < mean_.size() && j < row.size(); ++j)
        t += weights_[j + 1] * (row[j] - mean_[j]) / scale_[j];
    return sigmoid(t);
}

std::vector<double> logistic_model::probabilities(std::span<const double> features) const {
    std::vector<double> out;
    if (dims() == 0) return out;
    out.reserve(features.size() / dims());
    for (std::size_t at = 0; at + dims() <= features.size(); at += dims())
        out.push_back(probability(features.subspan(at, dims())));
    return out;
}

logistic_cv_result cross_validate_logistic(std::span<const double> features, std::size_t dims,
                                           std::span<const std::uint8_t> labels, const cv_plan& plan,
                                           const logistic_options& options) {
    const std::size_t n = labels.size();
    if (plan.fold.size() != n || features.size() != n * dims)
        throw error("logistic cross-validation: plan, features and labels disagree in size");
    logistic_cv_result result;
    result.held_out.assign(n, std::numeric_limits<double>::quiet_NaN());
    std::vector<cv_round> rounds;
    for (std::uint32_t r = 0; r < plan.rounds; ++r) {
        std::vector<double> train_x, test_x;
        std::vector<std::uint8_t> train_y, test_y;
        std::vector<std::size_t> test_items;
        for (std::size_t i = 0; i < n; ++i) {
            const bool test = plan.fold[i] == r;
            auto& to = test ? test_x : train_x;
            to.insert(to.end(), features.begin() + static_cast<std::ptrdiff_t>(i * dims),
                      features.begin() + static_cast<std::ptrdiff_t>((i + 1) * dims));
            (test ? test_y : train_y).push_back(labels[i]);
            if (test) test_items.push_back(i);
        }
        const auto model = logistic_model::fit(train_x, dims, train_y, options);
        cv_round round;
        round.threshold = best_accuracy_threshold(model.probabilities(train_x), train_y).threshold;
        const auto held_out = model.probabilities(test_x);
        round.test = confusion_at(held_out, test_y, round.threshold);
        for (std::size_t k = 0; k < test_items.size(); ++k) result.held_out[test_items[k]] = held_out[k];
        rounds.push_back(round);
    }
    result.cv = summarize_rounds(std::move(rounds));
    return result;
}

} // namespace wiredup
