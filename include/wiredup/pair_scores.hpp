// Every similarity the pipeline can compute, for given pairs of texts rather than candidates
// found in a corpus: what `wiredup score` reports. Short texts (sentences) have few word
// 5-shingles, so Jaccard is also taken over word 1..5-grams and character 3..5-grams.
#pragma once

#include <wiredup/minhash.hpp>
#include <wiredup/shingle.hpp>

#include <cstddef>
#include <span>
#include <string>
#include <vector>

namespace wiredup {

struct pair_score_options {
    shingle_options shingle;  ///< the pipeline's shingles: minhash, jaccard, containment, shared
    minhash_options sign;
    std::vector<std::size_t> word_widths{1, 2, 3, 4, 5};  ///< extra Jaccard columns word<k>
    std::vector<std::size_t> char_widths{3, 4, 5};        ///< extra Jaccard columns char<k>
};

/// Scores of many pairs as a table: named columns, one row per pair, row-major.
struct score_table {
    std::vector<std::string> names;
    std::vector<double> values;

    std::size_t rows() const noexcept { return names.empty() ? 0 : values.size() / names.size(); }
    std::span<const double> row(std::size_t i) const noexcept {
        return std::span(values).subspan(i * names.size(), names.size());
    }
    /// The values of one column, by index.
    std::vector<double> column(std::size_t c) const;
    /// Index of a column by name, or names.size() when absent.
    std::size_t find(const std::string& name) const noexcept;
};

/// Scores text_a[i] against text_b[i] for every i (equal sizes). Texts are normalized as dedup
/// does (furniture census aside). Columns: minhash, jaccard, containment_a, containment_b,
/// cosine, shared (as in pairs.tsv, over `shingle`); word<k> and char<k> Jaccard; the word
/// containments word1_containment_a and _b; word1_masked, the word Jaccard with every token that
/// holds a digit masked (numbers_changed's signal: it exceeds word1 when only numbers differ);
/// tokens_a and tokens_b, the word counts. The cosine's idf is taken over all 2n texts.
/// Throws wiredup::error for invalid options.
score_table score_text_pairs(const std::vector<std::string>& text_a, const std::vector<std::string>& text_b,
                             const pair_score_options& options = {});

} // namespace wiredup
