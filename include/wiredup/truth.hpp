// Reading what evaluation compares: a ground truth (documents and their clusters, or labelled
// pairs), wiredup's own outputs (clusters.jsonl, pairs.tsv), and labelled pairs of texts in the
// MSRP layout (one TSV) or the PAN layout (parallel files). A malformed line raises
// wiredup::error naming the file and line: a truth with holes would give wrong figures.
#pragma once

#include <wiredup/document.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace wiredup {

/// A clustering truth: one row per document, from JSON Lines {"id": ..., "cluster": ..., ...}.
struct truth_table {
    std::vector<std::string> ids;       ///< in file order, unique
    std::vector<std::string> clusters;  ///< parallel to ids
    /// Every other field holding a string, integer or boolean is a label column, named in order
    /// of first appearance; values[c][doc] is "" where a document lacks column c.
    std::vector<std::string> columns;
    std::vector<std::vector<std::string>> values;

    /// Index of a column by name, or columns.size() when absent.
    std::size_t column(const std::string& name) const noexcept;
};

/// Reads a truth in JSON Lines; ids and clusters may be strings or integers.
truth_table read_truth_jsonl(const std::string& path);

/// A truth given as pairs: label 1 (same story) or 0, and two ids.
struct labelled_pair {
    std::string id_a, id_b;
    bool positive = false;
};

/// Reads `label<TAB>id_a<TAB>id_b[<TAB>...]` lines; a first line whose label is not 0 or 1 is a
/// header, and a UTF-8 byte-order mark is skipped.
std::vector<labelled_pair> read_labelled_pairs(const std::string& path);

/// Whether a truth file holds JSON Lines (its first non-blank byte is '{') or labelled pairs.
bool is_jsonl_file(const std::string& path);

/// One cluster of clusters.jsonl as dedup writes it.
struct id_cluster {
    std::string name;                  ///< its cluster_id, or its line number when absent
    std::vector<std::string> members;  ///< ids
};
std::vector<id_cluster> read_clusters_jsonl(const std::string& path);

/// One row of pairs.tsv as dedup writes it: the two ids (TSV escapes undone) and the scores.
struct id_scored_pair {
    std::string id_a, id_b;
    scored_pair scores;  ///< a and b left 0: the ids say which documents
};
/// Reads pairs.tsv by its header's column names (id_a, id_b, minhash, jaccard, containment_a,
/// containment_b, cosine, shared; other columns are ignored).
std::vector<id_scored_pair> read_pairs_tsv(const std::string& path);

/// Pairs of texts to score, with labels when known.
struct text_pairs {
    std::vector<std::string> id_a, id_b, text_a, text_b;
    std::vector<std::uint8_t> labels;  ///< 1 or 0 per pair; empty when unlabelled
    std::size_t size() const noexcept { return text_a.size(); }
};

/// MSRP layout: `label<TAB>id1<TAB>id2<TAB>text1<TAB>text2`, a header row (any first line whose
/// label is not 0 or 1), UTF-8 byte-order mark allowed. Fields are split on tabs only: quotes are text.
text_pairs read_msrp_pairs(const std::string& path);

/// PAN layout: line i of `first` and of `second` form pair i (ids are the 1-based line numbers);
/// `labels` (may be empty: unlabelled) holds one 0 or 1 per line.
text_pairs read_parallel_pairs(const std::string& first, const std::string& second, const std::string& labels);

} // namespace wiredup
