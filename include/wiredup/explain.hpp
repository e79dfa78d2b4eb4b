// Why two documents matched: the passages they share, aligned, the share of each document the
// passages cover, what each has alone, and every score. Passages are found by greedy string
// tiling (Wise 1993) of the normalized words, no shorter than one shingle.
#pragma once

#include <wiredup/pipeline.hpp>

#include <cstddef>
#include <string_view>
#include <vector>

namespace wiredup {

/// Bytes [begin, end) of a raw text.
struct text_span {
    std::size_t begin = 0;
    std::size_t end = 0;
};

/// A run of words that both documents hold, where it stands in each.
struct shared_passage {
    text_span a, b;
    std::size_t words = 0;
};

struct explanation {
    similarity_report scores;
    std::size_t words_a = 0, words_b = 0;
    double covered_a = 0, covered_b = 0;  ///< share of each document's words inside shared passages
    std::vector<shared_passage> shared;   ///< in the order they appear in b
    std::vector<text_span> only_a, only_b;  ///< runs of words outside every shared passage
};

/// Aligns two raw texts. Passages have at least `options.shingle.width` words (word shingles) and
/// each word of either text belongs to one passage at most. Quadratic only in the repeats of a
/// phrase, so it is meant for pairs, not corpora.
explanation explain(std::string_view text_a, std::string_view text_b, const pipeline_options& options = {});

} // namespace wiredup
