// Stage 6, confirm: see tfidf.hpp. Vectors live in one Eigen row-major sparse matrix; cosine is a
// scatter of row a into a dense accumulator and a gather of row b, not a merge of two lists.
// Terms are looked up in flat open-addressing tables keyed by their hash, never a node map.
#include <wiredup/tfidf.hpp>

#include "detail/memory.hpp"
#include "detail/sort_hashes.hpp"

#include <Eigen/SparseCore>

#include <algorithm>
#include <array>
#include <bit>
#include <cassert>
#include <cmath>
#include <limits>

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

double lowest_confirmable_jaccard(std::size_t size_a, std::size_t size_b, const confirm_options& o) noexcept {
    // Each rule of is_duplicate() as a floor on the Jaccard; the pair needs the lowest of them.
    // Sets of sizes s <= l sharing c have Jaccard c / (s + l - c), which rises with c.
    const auto small = static_cast<double>(std::min(size_a, size_b));
    const auto large = static_cast<double>(std::max(size_a, size_b));
    auto jaccard_sharing = [&](double common) { return common / (small + large - common); };
    if (small == 0) return 0.0;  // empty sets: leave them to the rules
    double floor = o.near_identical_jaccard;
    const double shared = static_cast<double>(o.min_shared);
    if (shared <= small) {  // else every other rule needs more shingles than there are
        // Containment of the smaller set is c / s; the rule needs c >= min_containment * s.
        const double by_containment = o.min_containment > 1.0
                                          ? o.near_identical_jaccard
                                          : std::max(o.containment_min_jaccard, jaccard_sharing(o.min_containment * small));
        const double other_rules = std::min({o.min_jaccard, by_containment, o.cosine_min_jaccard});
        floor = std::min(floor, std::max(jaccard_sharing(shared), other_rules));
    }
    // Scores are compared as floats: stay a little under, never over, the exact floor.
    return std::max(0.0, floor - 1e-6);
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

namespace {

// ln(count) for small counts, where nearly every term count falls; the same values std::log gives.
const std::array<double, 256> small_logs = [] {
    std::array<double, 256> l{};
    for (std::size_t i = 1; i < l.size(); ++i) l[i] = std::log(static_cast<double>(i));
    return l;
}();

double sublinear_tf(std::uint32_t count) noexcept {
    return 1.0 + (count < small_logs.size() ? small_logs[count] : std::log(static_cast<double>(count)));
}

} // namespace

term_counts count_terms(std::string_view text) {
    std::vector<std::uint64_t> hashes;
    hashes.reserve(text.size() / 4 + 1);  // news averages five to six bytes a word with its space
    std::size_t start = 0;
    for (std::size_t i = 0; i <= text.size(); ++i) {
        if (i == text.size() || text[i] == ' ' || text[i] == '\n') {
            if (i > start) hashes.push_back(token_hash(text.substr(start, i - start)));
            start = i + 1;
        }
    }
    return count_terms(std::move(hashes));
}

term_counts count_terms(std::vector<std::uint64_t> hashes) {
    term_counts counts;
    count_terms(hashes, counts);
    return counts;
}

void count_terms(std::vector<std::uint64_t>& hashes, term_counts& counts) {
    thread_local detail::sort_buffers buffers;
    detail::sort_hashes(hashes, buffers);
    std::size_t distinct = 0;
    for (std::size_t i = 0; i < hashes.size(); ++i) distinct += i == 0 || hashes[i] != hashes[i - 1];
    counts.clear();
    counts.reserve(distinct);  // exact for a fresh vector: returned counts are often kept
    counts.resize(distinct);
    // Without a branch on whether a hash repeats the last one: in running text that is a coin
    // toss (a scan for the end of each run mispredicted about once a term).
    std::size_t at = 0;
    for (std::size_t i = 0; i < hashes.size(); ++i) {
        const bool repeat = i > 0 && hashes[i] == hashes[i - 1];
        at += repeat || i == 0 ? 0 : 1;
        counts[at].first = hashes[i];
        counts[at].second = counts[at].second * static_cast<std::uint32_t>(repeat) + 1;  // a multiply, not a branch
    }
}

namespace detail {

std::uint32_t term_table::find(std::uint64_t term) const noexcept {
    if (slots_.empty()) return 0;
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = term & mask;; i = (i + 1) & mask) {
        const slot& s = slots_[i];
        if (s.value == 0 || s.term == term) return s.value;
    }
}

std::pair<std::uint32_t&, bool> term_table::emplace(std::uint64_t term, std::uint32_t value) {
    assert(value != 0);
    if (2 * (size_ + 1) > slots_.size()) grow(size_ + 1);
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = term & mask;; i = (i + 1) & mask) {
        slot& s = slots_[i];
        if (s.value == 0) {
            s = {term, value};
            ++size_;
            return {s.value, true};
        }
        if (s.term == term) return {s.value, false};
    }
}

void term_table::prefetch(std::uint64_t term) const noexcept {
#if defined(__GNUC__) || defined(__clang__)
    if (!slots_.empty()) __builtin_prefetch(&slots_[term & (slots_.size() - 1)]);
#else
    (void)term;
#endif
}

void term_table::reserve(std::size_t terms) {
    if (2 * terms > slots_.size()) grow(terms);
}

void term_table::grow(std::size_t terms) {
    constexpr std::size_t min_slots = 16;
    std::vector<slot> old(std::max(min_slots, std::bit_ceil(2 * terms)));
    old.swap(slots_);
    const std::size_t mask = slots_.size() - 1;
    for (const slot& s : old) {
        if (s.value == 0) continue;
        std::size_t i = s.term & mask;
        while (slots_[i].value != 0) i = (i + 1) & mask;
        slots_[i] = s;
    }
}

} // namespace detail

namespace {
// How many terms ahead of a lookup its slot is prefetched: enough misses in flight to cover a
// memory access, few enough that a slot is still cached when its turn comes (measured:
// BM_TfidfVectorsAdd with a large vocabulary).
constexpr std::size_t lookahead = 8;
} // namespace

void term_census::add(const term_counts& doc) {
    ++documents_;
    for (std::size_t i = 0; i < doc.size(); ++i) {
        if (i + lookahead < doc.size()) df_.prefetch(doc[i + lookahead].first);
        auto [df, inserted] = df_.emplace(doc[i].first, 1);
        if (!inserted) ++df;
    }
}

// Document frequencies add up, so the merged census depends only on the totals, not the order
// in which shards are merged.
void term_census::merge(const term_census& other) {
    documents_ += other.documents_;
    df_.reserve(std::max(df_.size(), other.df_.size()));
    other.df_.for_each([&](std::uint64_t term, std::uint32_t df) {
        auto [total, inserted] = df_.emplace(term, df);
        if (!inserted) total += df;
    });
}

double term_census::idf(std::uint64_t term) const {
    const std::uint32_t df = df_.find(term);
    return std::log((1.0 + static_cast<double>(documents_)) / (1.0 + df)) + 1.0;
}

using sparse_matrix = Eigen::SparseMatrix<float, Eigen::RowMajor, int>;

// The matrix is built CSR-style in plain arrays, which an Eigen::Map then reads without a copy.
// Columns are numbered in order of first appearance, so frequent words get low, nearby columns
// and the dense accumulator stays in cache; each row is in term order (see add()).
struct tfidf_vectors::impl {
    explicit impl(const term_census& c) : census(c) {}
    const term_census& census;
    detail::term_table columns;            // term -> column + 1
    std::vector<double> idf;               // per column, from the census once per distinct term
    std::vector<int> row_of_doc;           // document -> row, -1 when not added
    std::vector<int> starts{0};            // row r is entries starts[r] .. starts[r + 1]
    std::vector<int> inner;                // column of each entry
    std::vector<float> values;             // weight of each entry
    std::vector<std::uint64_t> pending;    // (column, float weight bits) of the row being added
    bool finished = false;

    int rows() const noexcept { return static_cast<int>(starts.size() - 1); }
    int row(doc_index doc) const noexcept { return doc < row_of_doc.size() ? row_of_doc[doc] : -1; }
    Eigen::Map<const sparse_matrix> matrix() const {
        return {rows(), static_cast<int>(idf.size()), static_cast<int>(values.size()), starts.data(), inner.data(),
                values.data()};
    }
};

tfidf_vectors::tfidf_vectors(const term_census& census) : impl_(std::make_unique<impl>(census)) {}
tfidf_vectors::~tfidf_vectors() = default;
tfidf_vectors::tfidf_vectors(tfidf_vectors&&) noexcept = default;
tfidf_vectors& tfidf_vectors::operator=(tfidf_vectors&&) noexcept = default;

void tfidf_vectors::add(doc_index doc, const term_counts& counts) {
    impl& m = *impl_;
    assert(!m.finished);
    if (doc >= m.row_of_doc.size()) m.row_of_doc.resize(static_cast<std::size_t>(doc) + 1, -1);
    assert(m.row_of_doc[doc] < 0);
    m.row_of_doc[doc] = m.rows();
    // Weights are rounded to float before they are scaled, and the norm taken of the unrounded
    // ones, as when the matrix was built from Eigen triplets, so that scores stay bit for bit.
    double norm2 = 0;
    m.pending.clear();
    for (std::size_t i = 0; i < counts.size(); ++i) {
        if (i + lookahead < counts.size()) m.columns.prefetch(counts[i + lookahead].first);
        const auto [term, count] = counts[i];
        const auto [column, inserted] = m.columns.emplace(term, static_cast<std::uint32_t>(m.idf.size() + 1));
        if (inserted) m.idf.push_back(m.census.idf(term));
        const double weight = sublinear_tf(count) * m.idf[column - 1];
        norm2 += weight * weight;
        m.pending.push_back(std::uint64_t{column - 1} << 32 | std::bit_cast<std::uint32_t>(static_cast<float>(weight)));
    }
    // Entries stay in the order of their terms' hashes (count_terms sorts by hash), not of their
    // columns: a column is numbered by first appearance, so it depends on which documents were
    // added, and a dot product summed in column order would round differently when the confirm
    // stage loads its candidates in several groups. In term order every score is the same
    // whatever the grouping. The iterator used by cosines() does not need sorted columns.
    assert(std::is_sorted(counts.begin(), counts.end(), [](const auto& x, const auto& y) { return x.first < y.first; }));
    const double scale = norm2 > 0 ? 1.0 / std::sqrt(norm2) : 0.0;
    for (const std::uint64_t e : m.pending) {
        const int column = static_cast<int>(e >> 32);
        const auto value = static_cast<float>(std::bit_cast<float>(static_cast<std::uint32_t>(e)) * scale);
        // A term given twice adds up, as duplicate triplets do.
        if (static_cast<int>(m.inner.size()) > m.starts.back() && m.inner.back() == column) {
            m.values.back() += value;
        } else {
            m.inner.push_back(column);
            m.values.push_back(value);
        }
    }
    assert(m.inner.size() <= static_cast<std::size_t>(std::numeric_limits<int>::max()));
    m.starts.push_back(static_cast<int>(m.inner.size()));
}

void tfidf_vectors::reserve(std::size_t rows, std::size_t entries) {
    impl& m = *impl_;
    m.starts.reserve(rows + 1);
    m.inner.reserve(entries);
    m.values.reserve(entries);
}

void tfidf_vectors::finish() {
    impl& m = *impl_;
    m.finished = true;
    // The term table stays: cosines_with() looks the terms of a document outside the matrix up.
    // The entries are not shrunk to fit: the copy would hold them twice, and what lies past
    // them was never touched.
    detail::release(m.pending);
}

std::vector<float> tfidf_vectors::cosines(const std::vector<doc_pair>& pairs) const {
    std::vector<float> result(pairs.size());
    cosines(pairs, result);
    return result;
}

void tfidf_vectors::cosines(std::span<const doc_pair> pairs, std::span<float> out) const {
    assert(out.size() == pairs.size());
    const impl& m = *impl_;
    const auto matrix = m.matrix();
    using inner_iterator = Eigen::Map<const sparse_matrix>::InnerIterator;
    // One accumulator per thread, all zeros between calls, so that a caller scoring a few
    // thousand pairs at a time does not clear a vector of the whole vocabulary each time.
    thread_local std::vector<float> dense;
    if (dense.size() < m.idf.size()) dense.resize(m.idf.size(), 0.0f);
    int scattered = -1;
    for (std::size_t i = 0; i < pairs.size(); ++i) {
        const int a = m.row(pairs[i].a);
        const int b = m.row(pairs[i].b);
        out[i] = 0.0f;
        if (a < 0 || b < 0) continue;
        if (a != scattered) {
            if (scattered >= 0)
                for (inner_iterator it(matrix, scattered); it; ++it) dense[it.index()] = 0.0f;
            for (inner_iterator it(matrix, a); it; ++it) dense[it.index()] = it.value();
            scattered = a;
        }
        float dot = 0.0f;
        for (inner_iterator it(matrix, b); it; ++it) dot += it.value() * dense[it.index()];
        out[i] = std::min(dot, 1.0f);
    }
    if (scattered >= 0)
        for (inner_iterator it(matrix, scattered); it; ++it) dense[it.index()] = 0.0f;
}

void tfidf_vectors::cosines_with(const term_counts& counts, std::span<const doc_index> docs,
                                 std::span<float> out) const {
    assert(out.size() == docs.size());
    const impl& m = *impl_;
    // The row add() would make of these counts, each weight rounded as there, with this matrix's
    // columns; a term the matrix lacks (column -1) still counts in the norm but meets only zeros.
    thread_local std::vector<std::pair<int, float>> row;
    row.clear();
    double norm2 = 0;
    for (const auto& [term, count] : counts) {
        const std::uint32_t column = m.columns.find(term);
        const double idf = column != 0 ? m.idf[column - 1] : m.census.idf(term);
        const double weight = sublinear_tf(count) * idf;
        norm2 += weight * weight;
        row.emplace_back(static_cast<int>(column) - 1, static_cast<float>(weight));
    }
    const double scale = norm2 > 0 ? 1.0 / std::sqrt(norm2) : 0.0;
    for (auto& [column, value] : row) value = static_cast<float>(static_cast<double>(value) * scale);

    const auto matrix = m.matrix();
    using inner_iterator = Eigen::Map<const sparse_matrix>::InnerIterator;
    thread_local std::vector<float> dense;
    if (dense.size() < m.idf.size()) dense.resize(m.idf.size(), 0.0f);
    for (std::size_t i = 0; i < docs.size(); ++i) {
        out[i] = 0.0f;
        const int a = m.row(docs[i]);
        if (a < 0) continue;
        for (inner_iterator it(matrix, a); it; ++it) dense[it.index()] = it.value();
        float dot = 0.0f;
        for (const auto& [column, value] : row)
            if (column >= 0) dot += value * dense[column];
        out[i] = std::min(dot, 1.0f);
        for (inner_iterator it(matrix, a); it; ++it) dense[it.index()] = 0.0f;
    }
}

void score_sets(const shingle_set& a, const shingle_set& b, scored_pair& pair) noexcept {
    score_shared(intersection_size(a, b), a.size(), b.size(), pair);
}

void score_shared(std::size_t shared, std::size_t size_a, std::size_t size_b, scored_pair& pair) noexcept {
    pair.shared = static_cast<std::uint32_t>(shared);
    const auto common = static_cast<double>(shared);
    const auto total = static_cast<double>(size_a + size_b) - common;
    pair.jaccard = total > 0 ? static_cast<float>(common / total) : 0.0f;
    pair.containment_a = size_a == 0 ? 0.0f : static_cast<float>(common / static_cast<double>(size_a));
    pair.containment_b = size_b == 0 ? 0.0f : static_cast<float>(common / static_cast<double>(size_b));
}

} // namespace wiredup
