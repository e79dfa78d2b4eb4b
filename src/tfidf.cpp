// Stage 6, confirm: see tfidf.hpp. Vectors live in one Eigen row-major sparse matrix; cosine is a
// scatter of row a into a dense accumulator and a gather of row b, not a merge of two lists.
// Terms are looked up in flat open-addressing tables keyed by their hash, never a node map.
#include <wiredup/tfidf.hpp>

#include <wiredup/error.hpp>

#include "detail/memory.hpp"
#include "detail/sort_hashes.hpp"

#include <Eigen/SparseCore>

#include <algorithm>
#include <array>
#include <bit>
#include <cassert>
#include <cmath>
#include <limits>
#include <string>

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

void term_table::clear() noexcept {
    std::fill(slots_.begin(), slots_.end(), slot{});
    size_ = 0;
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

std::uint32_t term_census::count(std::uint64_t term, std::uint32_t df) {
    const auto [value, inserted] = table_.emplace(term, static_cast<std::uint32_t>(terms_.size() + 1));
    const std::uint32_t number = value - 1;
    if (inserted) {
        terms_.push_back(term);
        df_.push_back(df);
    } else {
        df_[number] += df;
    }
    return number;
}

void term_census::clear() noexcept {
    table_.clear();
    terms_.clear();
    df_.clear();
    idf_.clear();
    documents_ = 0;
    finished_ = false;
}

void term_census::add(const term_counts& doc) { add(doc, {}); }

void term_census::add(const term_counts& doc, std::span<std::uint32_t> numbers) {
    assert(!finished_ && (numbers.empty() || numbers.size() == doc.size()));
    ++documents_;
    for (std::size_t i = 0; i < doc.size(); ++i) {
        if (i + lookahead < doc.size()) table_.prefetch(doc[i + lookahead].first);
        const std::uint32_t number = count(doc[i].first, 1);
        if (!numbers.empty()) numbers[i] = number;
    }
}

void term_census::merge(const term_census& other) { merge_into(other, nullptr); }

void term_census::merge(const term_census& other, std::vector<std::uint32_t>& renumbered) {
    merge_into(other, &renumbered);
}

// Document frequencies add up, so the merged census, and the columns finish() gives, depend only
// on the totals, not on the order in which shards are merged.
void term_census::merge_into(const term_census& other, std::vector<std::uint32_t>* renumbered) {
    assert(!finished_ && !other.finished_);
    documents_ += other.documents_;
    table_.reserve(std::max(table_.size(), other.table_.size()));
    const std::size_t n = other.terms_.size();
    if (renumbered != nullptr) renumbered->resize(n);
    for (std::size_t i = 0; i < n; ++i) {
        if (i + lookahead < n) table_.prefetch(other.terms_[i + lookahead]);
        const std::uint32_t number = count(other.terms_[i], other.df_[i]);
        if (renumbered != nullptr) (*renumbered)[i] = number;
    }
}

double term_census::idf_of_df(std::uint32_t df) const noexcept {
    return std::log((1.0 + static_cast<double>(documents_)) / (1.0 + df)) + 1.0;
}

double term_census::idf(std::uint64_t term) const {
    const std::uint32_t value = table_.find(term);
    if (!finished_) return idf_of_df(value != 0 ? df_[value - 1] : 0);
    return value != 0 ? idf_[value - 1] : idf_of_df(0);
}

void term_census::finish() {
    if (finished_) return;
    finished_ = true;
    idf_.resize(df_.size());
    for (std::size_t n = 0; n < df_.size(); ++n) idf_[n] = idf_of_df(df_[n]);
    detail::release(terms_);
    detail::release(df_);
}

using sparse_matrix = Eigen::SparseMatrix<float, Eigen::RowMajor, int>;

// The matrix is built CSR-style in plain arrays, which an Eigen::Map then reads without a copy.
// Columns are the census's numbers, frequent words mostly low (met first), so that the dense
// accumulator's busy part stays together; each row is in term order (see fill()).
struct tfidf_vectors::impl {
    explicit impl(const term_census& c) : census(c) {}
    const term_census& census;
    detail::term_table extra;              // terms the census lacks (add() only) -> column + 1
    std::vector<int> row_of_doc;           // document -> row, -1 when not added
    std::vector<int> starts{0};            // row r is entries starts[r] .. starts[r + 1]
    detail::raw_array<int> inner;          // column of each entry
    detail::raw_array<float> values;       // weight of each entry
    bool finished = false;

    int rows() const noexcept { return static_cast<int>(starts.size() - 1); }
    int row(doc_index doc) const noexcept { return doc < row_of_doc.size() ? row_of_doc[doc] : -1; }
    std::size_t columns() const noexcept { return census.terms() + extra.size(); }
    // The column of a term and its idf; column -1 for a term neither the census nor add() has seen.
    std::pair<int, double> column_of(std::uint64_t term) const noexcept {
        std::uint32_t c = census.column(term);
        if (c != 0) return {static_cast<int>(c) - 1, census.column_idf(c - 1)};
        c = extra.find(term);
        return {static_cast<int>(c) - 1, census.idf(term)};
    }
    // The weight of a term given by its census column, before the row is scaled; `caller` names
    // who asks, for the error a column the census lacks gets.
    double census_weight(std::uint32_t column, std::uint32_t count, const char* caller) const {
        if (column >= census.terms()) throw error(std::string("tfidf: ") + caller + " of a column the census lacks");
        return sublinear_tf(count) * census.column_idf(column);
    }
    Eigen::Map<const sparse_matrix> matrix() const {
        return {rows(), static_cast<int>(columns()), starts.back(), starts.data(), inner.data(), values.data()};
    }
    // The cosine of a row of (column, weight) pairs, whose squared weights sum to norm2, with each
    // of `docs`: the weights are scaled to unit length first; a column of -1 meets only zeros.
    void cosines_of_row(std::vector<std::pair<int, float>>& row, double norm2, std::span<const doc_index> docs,
                        std::span<float> out) const {
        const double scale = norm2 > 0 ? 1.0 / std::sqrt(norm2) : 0.0;
        for (auto& [column, value] : row) value = static_cast<float>(static_cast<double>(value) * scale);
        const auto m = matrix();
        using inner_iterator = Eigen::Map<const sparse_matrix>::InnerIterator;
        thread_local std::vector<float> dense;
        if (dense.size() < columns()) dense.resize(columns(), 0.0f);
        for (std::size_t i = 0; i < docs.size(); ++i) {
            out[i] = 0.0f;
            const int a = this->row(docs[i]);
            if (a < 0) continue;
            for (inner_iterator it(m, a); it; ++it) dense[it.index()] = it.value();
            float dot = 0.0f;
            for (const auto& [column, value] : row)
                if (column >= 0) dot += value * dense[column];
            out[i] = std::min(dot, 1.0f);
            for (inner_iterator it(m, a); it; ++it) dense[it.index()] = 0.0f;
        }
    }
    // Rows for `docs`, in that order, with room for `entries` each.
    void place(std::span<const doc_index> docs, std::span<const std::uint32_t> entries) {
        assert(!finished && docs.size() == entries.size());
        std::size_t total = static_cast<std::size_t>(starts.back());
        for (std::size_t i = 0; i < docs.size(); ++i) {
            if (docs[i] >= row_of_doc.size()) row_of_doc.resize(std::size_t{docs[i]} + 1, -1);
            assert(row_of_doc[docs[i]] < 0);
            row_of_doc[docs[i]] = rows();
            total += entries[i];
            if (total > static_cast<std::size_t>(std::numeric_limits<int>::max()))
                throw error("tfidf: more than 2^31 term entries in one matrix");
            starts.push_back(static_cast<int>(total));
        }
        inner.resize(total);
        values.resize(total);
    }
};

tfidf_vectors::tfidf_vectors(const term_census& census) : impl_(std::make_unique<impl>(census)) {
    if (!census.finished()) throw error("tfidf: the census must be finished before vectors are built");
}
tfidf_vectors::~tfidf_vectors() = default;
tfidf_vectors::tfidf_vectors(tfidf_vectors&&) noexcept = default;
tfidf_vectors& tfidf_vectors::operator=(tfidf_vectors&&) noexcept = default;

// Weights are rounded to float before they are scaled, and the norm taken of the unrounded
// ones, as when the matrix was built from Eigen triplets, so that scores stay bit for bit.
// Entries stay in the order of their terms' hashes, not of their columns, so that a dot
// product sums in the same order whatever the numbering; the iterator used by cosines() does
// not need sorted columns.
void tfidf_vectors::add(doc_index doc, const term_counts& counts) {
    impl& m = *impl_;
    assert(!m.finished);
    assert(std::is_sorted(counts.begin(), counts.end(), [](const auto& x, const auto& y) { return x.first < y.first; }));
    thread_local std::vector<std::pair<int, float>> row;
    row.clear();
    double norm2 = 0;
    for (std::size_t i = 0; i < counts.size(); ++i) {
        if (i + lookahead < counts.size()) m.census.prefetch(counts[i + lookahead].first);
        const auto [term, count] = counts[i];
        auto [column, idf] = m.column_of(term);
        if (column < 0) {
            column = static_cast<int>(m.columns());
            m.extra.emplace(term, static_cast<std::uint32_t>(column + 1));
        }
        const double weight = sublinear_tf(count) * idf;
        norm2 += weight * weight;
        row.emplace_back(column, static_cast<float>(weight));
    }
    const double scale = norm2 > 0 ? 1.0 / std::sqrt(norm2) : 0.0;
    // A term given twice adds up, as duplicate triplets do.
    std::size_t kept = 0;
    for (std::size_t i = 0; i < row.size(); ++i) {
        const auto value = static_cast<float>(row[i].second * scale);
        if (kept > 0 && row[kept - 1].first == row[i].first) {
            row[kept - 1].second += value;
        } else {
            row[kept++] = {row[i].first, value};
        }
    }
    const auto entries = static_cast<std::uint32_t>(kept);
    m.place(std::span(&doc, 1), std::span(&entries, 1));
    const auto at = static_cast<std::size_t>(m.starts[static_cast<std::size_t>(m.rows()) - 1]);
    for (std::size_t i = 0; i < kept; ++i) {
        m.inner[at + i] = row[i].first;
        m.values[at + i] = row[i].second;
    }
}

void tfidf_vectors::place(std::span<const doc_index> docs, std::span<const std::uint32_t> entries) {
    impl_->place(docs, entries);
}

void tfidf_vectors::fill(doc_index doc, std::span<const std::uint32_t> columns, std::span<const std::uint32_t> counts) {
    impl& m = *impl_;
    assert(!m.finished && columns.size() == counts.size());
    const int r = m.row(doc);
    if (r < 0 || static_cast<std::size_t>(m.starts[r + 1] - m.starts[r]) != columns.size())
        throw error("tfidf: fill() of a document without a row of its size");
    const auto at = static_cast<std::size_t>(m.starts[r]);
    int* const inner = m.inner.data() + at;
    float* const values = m.values.data() + at;
    double norm2 = 0;
    for (std::size_t i = 0; i < columns.size(); ++i) {
        const double weight = m.census_weight(columns[i], counts[i], "fill()");
        norm2 += weight * weight;
        inner[i] = static_cast<int>(columns[i]);
        values[i] = static_cast<float>(weight);
    }
    const double scale = norm2 > 0 ? 1.0 / std::sqrt(norm2) : 0.0;
    for (std::size_t i = 0; i < columns.size(); ++i) values[i] = static_cast<float>(values[i] * scale);
}

void tfidf_vectors::finish() {
    impl_->finished = true;
}

void tfidf_vectors::clear() {
    impl& m = *impl_;
    std::fill(m.row_of_doc.begin(), m.row_of_doc.end(), -1);
    m.starts.assign(1, 0);
    m.inner.resize(0);
    m.values.resize(0);
    m.extra = detail::term_table();
    m.finished = false;
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
    if (dense.size() < m.columns()) dense.resize(m.columns(), 0.0f);
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
    for (std::size_t i = 0; i < counts.size(); ++i) {
        if (i + lookahead < counts.size()) m.census.prefetch(counts[i + lookahead].first);
        const auto [column, idf] = m.column_of(counts[i].first);
        const double weight = sublinear_tf(counts[i].second) * idf;
        norm2 += weight * weight;
        row.emplace_back(column, static_cast<float>(weight));
    }
    m.cosines_of_row(row, norm2, docs, out);
}

void tfidf_vectors::cosines_with(std::span<const std::uint32_t> columns, std::span<const std::uint32_t> counts,
                                 std::span<const doc_index> docs, std::span<float> out) const {
    assert(out.size() == docs.size() && columns.size() == counts.size());
    const impl& m = *impl_;
    thread_local std::vector<std::pair<int, float>> row;
    row.clear();
    double norm2 = 0;
    for (std::size_t i = 0; i < columns.size(); ++i) {
        const double weight = m.census_weight(columns[i], counts[i], "cosines_with()");
        norm2 += weight * weight;
        row.emplace_back(static_cast<int>(columns[i]), static_cast<float>(weight));
    }
    m.cosines_of_row(row, norm2, docs, out);
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
