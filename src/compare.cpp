// Corpus against corpus: see compare.hpp.
#include <wiredup/compare.hpp>

#include "detail/run_across.hpp"

#include <algorithm>

namespace wiredup {

std::string_view to_string(query_status status) noexcept {
    switch (status) {
    case query_status::new_story: return "new";
    case query_status::copied: return "copied";
    case query_status::partly_copied: return "partly_copied";
    }
    return "unknown";
}

namespace {

bool better(const scored_pair& x, const scored_pair& y) noexcept {
    if (x.containment_b != y.containment_b) return x.containment_b > y.containment_b;
    if (x.jaccard != y.jaccard) return x.jaccard > y.jaccard;
    return x.a < y.a;
}

} // namespace

compare_result compare(const std::vector<std::string>& reference, const std::vector<std::string>& query,
                       const pipeline_options& options, const compare_options& compare,
                       const progress_fn& progress) {
    compare_result result;
    std::tie(result.run, result.first_query) = detail::run_across(reference, query, options, progress);
    const auto& docs = result.run.documents;

    std::vector<std::vector<scored_pair>> by_query(docs.size() - result.first_query);
    for (const auto& p : result.run.pairs) by_query[p.b - result.first_query].push_back(p);
    for (std::size_t i = 0; i < by_query.size(); ++i) {
        const auto q = static_cast<doc_index>(result.first_query + i);
        if (docs[q].reason != reject_reason::none) continue;
        query_matches m;
        m.query = q;
        auto& found = by_query[i];
        std::sort(found.begin(), found.end(), better);
        if (found.size() > compare.top_k) found.resize(compare.top_k);
        if (found.empty()) {
            ++result.new_stories;
        } else if (found.front().containment_b >= static_cast<float>(compare.copied_containment) ||
                   found.front().rel == relation::identical) {
            m.status = query_status::copied;
            ++result.copied;
        } else {
            m.status = query_status::partly_copied;
            ++result.partly_copied;
        }
        m.matches = std::move(found);
        result.queries.push_back(std::move(m));
    }
    return result;
}

} // namespace wiredup
