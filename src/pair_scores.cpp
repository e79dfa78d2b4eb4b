// Scores of given text pairs: see pair_scores.hpp. Built from the pipeline's own stages
// (normalize, shingle, sign, tfidf), so a score here is the score dedup would give.
#include <wiredup/pair_scores.hpp>

#include <wiredup/error.hpp>
#include <wiredup/normalize.hpp>
#include <wiredup/tfidf.hpp>

#include <string_view>

namespace wiredup {

std::vector<double> score_table::column(std::size_t c) const {
    std::vector<double> out;
    out.reserve(rows());
    for (std::size_t i = 0; i < rows(); ++i) out.push_back(values[i * names.size() + c]);
    return out;
}

std::size_t score_table::find(const std::string& name) const noexcept {
    for (std::size_t c = 0; c < names.size(); ++c)
        if (names[c] == name) return c;
    return names.size();
}

score_table score_text_pairs(const std::vector<std::string>& text_a, const std::vector<std::string>& text_b,
                             const pair_score_options& options) {
    if (text_a.size() != text_b.size())
        throw error("score pairs: " + std::to_string(text_a.size()) + " first texts but " +
                    std::to_string(text_b.size()) + " second texts");
    const std::size_t n = text_a.size();
    std::vector<std::string> normalized(2 * n);
    for (std::size_t i = 0; i < n; ++i) {
        normalized[2 * i] = keep_content(normalize(text_a[i]), nullptr);
        normalized[2 * i + 1] = keep_content(normalize(text_b[i]), nullptr);
    }

    const shingler main(options.shingle);
    const minhasher signer(options.sign);
    std::vector<shingler> extra;
    score_table table;
    table.names = {"minhash", "jaccard", "containment_a", "containment_b", "cosine", "shared"};
    for (const std::size_t k : options.word_widths) {
        extra.emplace_back(shingle_options{shingle_kind::word, k, options.shingle.seed, false});
        table.names.push_back("word" + std::to_string(k));
    }
    for (const std::size_t k : options.char_widths) {
        extra.emplace_back(shingle_options{shingle_kind::chars, k, options.shingle.seed, false});
        table.names.push_back("char" + std::to_string(k));
    }
    const shingler words(shingle_options{shingle_kind::word, 1, options.shingle.seed, false});
    const shingler masked(shingle_options{shingle_kind::word, 1, options.shingle.seed, true});
    table.names.insert(table.names.end(),
                       {"word1_containment_a", "word1_containment_b", "word1_masked", "tokens_a", "tokens_b"});

    // The idf comes from every text of the input, as dedup takes it from the whole corpus.
    std::vector<term_counts> counts(2 * n);
    term_census census;
    for (std::size_t t = 0; t < 2 * n; ++t) {
        counts[t] = count_terms(normalized[t]);
        census.add(counts[t]);
    }
    census.finish();
    tfidf_vectors vectors(census);
    std::vector<doc_pair> pairs(n);
    for (std::size_t t = 0; t < 2 * n; ++t) vectors.add(static_cast<doc_index>(t), counts[t]);
    vectors.finish();
    for (std::size_t i = 0; i < n; ++i) pairs[i] = {static_cast<doc_index>(2 * i), static_cast<doc_index>(2 * i + 1)};
    const auto cosines = vectors.cosines(pairs);

    table.values.reserve(n * table.names.size());
    for (std::size_t i = 0; i < n; ++i) {
        const std::string_view a = normalized[2 * i], b = normalized[2 * i + 1];
        const shingle_set sa = main.shingle(a), sb = main.shingle(b);
        scored_pair p;
        score_sets(sa, sb, p);
        const double minhash = sa.empty() || sb.empty() ? 0.0 : estimate_jaccard(signer.sign(sa), signer.sign(sb));
        table.values.insert(table.values.end(), {minhash, p.jaccard, p.containment_a, p.containment_b, cosines[i],
                                                 static_cast<double>(p.shared)});
        for (const auto& s : extra) table.values.push_back(jaccard(s.shingle(a), s.shingle(b)));
        scored_pair unigrams;
        score_sets(words.shingle(a), words.shingle(b), unigrams);
        table.values.insert(table.values.end(),
                            {unigrams.containment_a, unigrams.containment_b, jaccard(masked.shingle(a), masked.shingle(b)),
                             static_cast<double>(words.units(a)), static_cast<double>(words.units(b))});
    }
    return table;
}

} // namespace wiredup
