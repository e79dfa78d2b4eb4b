// Corpus against corpus: for every query document (today's crawl, a site), its near-duplicates in
// a reference corpus (the archive, the wire feed), best first, and whether the query document is
// new, a copy, or partly copied. Built on the dedup pipeline, keeping only pairs across the sides.
#pragma once

#include <wiredup/pipeline.hpp>

#include <cstddef>
#include <string>
#include <vector>

namespace wiredup {

/// What a query document is, judged by its best match.
enum class query_status : std::uint8_t {
    new_story,      ///< no confirmed match in the reference
    copied,         ///< most of it lies inside one reference document
    partly_copied,  ///< it matches a reference document but adds or rewords much of its own
};

std::string_view to_string(query_status status) noexcept;

struct compare_options {
    std::size_t top_k = 5;  ///< matches kept per query document
    /// A query document is copied when at least this share of it lies inside its best match.
    double copied_containment = 0.8;
};

struct query_matches {
    doc_index query = 0;
    query_status status = query_status::new_story;
    std::vector<scored_pair> matches;  ///< a = reference document, b = query document; best first
};

struct compare_result {
    /// documents[0, first_query) are the reference side, the rest the query side; pairs are every
    /// confirmed pair across the sides (a reference, b query), sorted; clusters stay empty.
    dedup_result run;
    std::size_t first_query = 0;
    std::vector<query_matches> queries;  ///< one per used query document, in input order
    std::size_t new_stories = 0, copied = 0, partly_copied = 0;
};

/// Finds, for every document of `query`, its near-duplicates in `reference`. Furniture and idf are
/// counted over both sides. Ids need to be unique within a side only. Matches are ranked by the
/// share of the query inside the reference document, then Jaccard, then reference input order.
compare_result compare(const std::vector<std::string>& reference, const std::vector<std::string>& query,
                       const pipeline_options& options = {}, const compare_options& compare = {},
                       const progress_fn& progress = {});

} // namespace wiredup
