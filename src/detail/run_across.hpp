// The pipeline run over two sides, keeping only pairs across them; compare() is built on it.
#pragma once

#include <wiredup/pipeline.hpp>

#include <utility>

namespace wiredup::detail {

/// Runs read -> ... -> confirm over reference then query; returns the run and the index of the
/// first query document. Clusters are not made.
std::pair<dedup_result, std::size_t> run_across(const std::vector<std::string>& reference,
                                                const std::vector<std::string>& query,
                                                const pipeline_options& options, const progress_fn& progress);

} // namespace wiredup::detail
