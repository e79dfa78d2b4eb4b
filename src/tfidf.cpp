// Stage 6, confirm: see tfidf.hpp. Vectors live in one Eigen row-major sparse matrix; cosine is a
// scatter of row a into a dense accumulator and a gather of row b, not a merge of two lists.
#include <wiredup/tfidf.hpp>

#include <Eigen/Dense>
#include <Eigen/SparseCore>

#include <algorithm>
#include <cassert>
#include <cmath>
#include <unordered_map>

namespace wiredup {

bool is_duplicate(const scored_pair& p, const confirm_options& o) noexcept {
    // Thresholds are compared as floats, the type of the scores, so that a score equal to its
    // threshold passes however the threshold was written.
    auto at_least = [](float score, double threshold) { return score >= static_cast<float>(threshold); };
    if (at_least(p.jaccard, o.near_identical_jaccard)) return true;
    if (p.shared < o.min_shared) return false;
    const float containment = std::max(p.containment_a, p.containment_b);
    return at_least(p.jaccard, o.min_jaccard) ||
           (at_least(containment, o.min_containment) && at_least(p.jaccard, o.containment_min_jaccard)) ||
           (at_least(p.cosine, o.min_cosine) && at_least(p.jaccard, o.cosine_min_jaccard));
}

relation classify(const scored_pair& p, const confirm_options& o) noexcept {
    auto at_least = [](float score, double threshold) { return score >= static_cast<float>(threshold); };
    const float big = std::max(p.containment_a, p.containment_b);
    const float small = std::min(p.containment_a, p.containment_b);
    const bool inside = (at_least(big, o.inside_containment) ||
                         (at_least(big, o.embedded_containment) && small <= static_cast<float>(o.embedded_other))) &&
                        at_least(big - small, o.inside_margin);
    if (inside) return p.containment_a > p.containment_b ? relation::extended : relation::trimmed;
    if (at_least(p.jaccard, o.identical_jaccard)) return relation::identical;
    return relation::rewrite;
}

term_counts count_terms(std::string_view text) {
    std::vector<std::uint64_t> hashes;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= text.size(); ++i) {
        if (i == text.size() || text[i] == ' ' || text[i] == '\n') {
            if (i > start) hashes.push_back(token_hash(text.substr(start, i - start)));
            start = i + 1;
        }
    }
    std::sort(hashes.begin(), hashes.end());
    term_counts counts;
    for (std::size_t i = 0; i < hashes.size();) {
        std::size_t j = i;
        while (j < hashes.size() && hashes[j] == hashes[i]) ++j;
        counts.emplace_back(hashes[i], static_cast<std::uint32_t>(j - i));
        i = j;
    }
    return counts;
}

void term_census::add(const term_counts& doc) {
    ++documents_;
    for (const auto& [term, count] : doc) ++df_[term];
}

void term_census::merge(const term_census& other) {
    documents_ += other.documents_;
    for (const auto& [term, df] : other.df_) df_[term] += df;
}

std::size_t term_census::terms() const noexcept { return df_.size(); }

double term_census::idf(std::uint64_t term) const {
    const auto it = df_.find(term);
    const std::uint32_t df = it == df_.end() ? 0 : it->second;
    return std::log((1.0 + static_cast<double>(documents_)) / (1.0 + df)) + 1.0;
}

using sparse_matrix = Eigen::SparseMatrix<float, Eigen::RowMajor, int>;

struct tfidf_vectors::impl {
    explicit impl(const term_census& c) : census(c) {}
    const term_census& census;
    std::unordered_map<std::uint64_t, int> columns;          // term -> column
    std::unordered_map<doc_index, int> rows;                  // document -> row
    std::vector<Eigen::Triplet<float, int>> triplets;
    sparse_matrix matrix;
};

tfidf_vectors::tfidf_vectors(const term_census& census) : impl_(std::make_unique<impl>(census)) {}
tfidf_vectors::~tfidf_vectors() = default;
tfidf_vectors::tfidf_vectors(tfidf_vectors&&) noexcept = default;
tfidf_vectors& tfidf_vectors::operator=(tfidf_vectors&&) noexcept = default;

void tfidf_vectors::add(doc_index doc, const term_counts& counts) {
    const int row = static_cast<int>(impl_->rows.size());
    const bool inserted = impl_->rows.emplace(doc, row).second;
    assert(inserted);
    (void)inserted;
    double norm2 = 0;
    const std::size_t first = impl_->triplets.size();
    for (const auto& [term, count] : counts) {
        const auto col = impl_->columns.emplace(term, static_cast<int>(impl_->columns.size())).first->second;
        const double weight = (1.0 + std::log(static_cast<double>(count))) * impl_->census.idf(term);
        norm2 += weight * weight;
        impl_->triplets.emplace_back(row, col, static_cast<float>(weight));
    }
    const double scale = norm2 > 0 ? 1.0 / std::sqrt(norm2) : 0.0;
    for (std::size_t i = first; i < impl_->triplets.size(); ++i) {
        const auto& t = impl_->triplets[i];
        impl_->triplets[i] = {t.row(), t.col(), static_cast<float>(t.value() * scale)};
    }
}

void tfidf_vectors::finish() {
    impl_->matrix.resize(static_cast<int>(impl_->rows.size()), static_cast<int>(impl_->columns.size()));
    impl_->matrix.setFromTriplets(impl_->triplets.begin(), impl_->triplets.end());
    impl_->matrix.makeCompressed();
    impl_->triplets.clear();
    impl_->triplets.shrink_to_fit();
}

std::vector<float> tfidf_vectors::cosines(const std::vector<doc_pair>& pairs) const {
    const auto& m = impl_->matrix;
    std::vector<float> result(pairs.size(), 0.0f);
    Eigen::VectorXf dense = Eigen::VectorXf::Zero(m.cols());
    int scattered = -1;
    auto clear = [&](int row) {
        for (sparse_matrix::InnerIterator it(m, row); it; ++it) dense[it.index()] = 0.0f;
    };
    for (std::size_t i = 0; i < pairs.size(); ++i) {
        const auto a = impl_->rows.find(pairs[i].a);
        const auto b = impl_->rows.find(pairs[i].b);
        if (a == impl_->rows.end() || b == impl_->rows.end()) continue;
        if (a->second != scattered) {
            if (scattered >= 0) clear(scattered);
            for (sparse_matrix::InnerIterator it(m, a->second); it; ++it) dense[it.index()] = it.value();
            scattered = a->second;
        }
        float dot = 0.0f;
        for (sparse_matrix::InnerIterator it(m, b->second); it; ++it) dot += it.value() * dense[it.index()];
        result[i] = std::min(dot, 1.0f);
    }
    return result;
}

void score_sets(const shingle_set& a, const shingle_set& b, scored_pair& pair) noexcept {
    const auto shared = intersection_size(a, b);
    pair.shared = static_cast<std::uint32_t>(shared);
    const auto common = static_cast<double>(shared);
    const auto total = static_cast<double>(a.size() + b.size()) - common;
    pair.jaccard = total > 0 ? static_cast<float>(common / total) : 0.0f;
    pair.containment_a = a.empty() ? 0.0f : static_cast<float>(common / static_cast<double>(a.size()));
    pair.containment_b = b.empty() ? 0.0f : static_cast<float>(common / static_cast<double>(b.size()));
}

} // namespace wiredup
