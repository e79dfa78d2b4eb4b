// The commands of the wiredup tool. Each registers its options on a subcommand and returns the
// function that runs it; main() parses, runs, and is the one place that picks exit codes.
#pragma once

#include <wiredup/pipeline.hpp>

#include <CLI/CLI.hpp>

#include <functional>

namespace wiredup::cli {

using command = std::function<int()>;

/// Options every pipeline command shares (reading, shingling, signing, banding, confirming).
void add_pipeline_options(CLI::App& app, pipeline_options& options);

command add_dedup_command(CLI::App& app);
command add_similarity_command(CLI::App& app);
command add_compare_command(CLI::App& app);
command add_explain_command(CLI::App& app);
command add_eval_command(CLI::App& app);
command add_score_command(CLI::App& app);

} // namespace wiredup::cli
