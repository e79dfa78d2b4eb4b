// Formatting shared by the commands: JSON strings, TSV fields, scores, and the files dedup writes.
#pragma once

#include <wiredup/pipeline.hpp>

#include <cstdio>
#include <filesystem>
#include <string>
#include <string_view>

namespace wiredup::cli {

/// `text` as a JSON string literal, quotes included.
std::string json_string(std::string_view text);
/// `text` safe for one TSV field: backslash, tab, CR and LF escaped as \\ \t \r \n.
std::string tsv_field(std::string_view text);
/// A score with four decimals, the same on every machine.
std::string score(double value);

/// The scores of a pair as TSV columns after the two ids, matching pairs_header().
std::string pair_columns(const scored_pair& pair);
std::string_view pairs_header() noexcept;

/// Writes clusters.jsonl, pairs.tsv and rejects.tsv of a run into `dir` (created if missing).
void write_dedup_outputs(const dedup_result& result, const std::filesystem::path& dir);

/// Peak resident memory of this process so far, in bytes.
std::uint64_t peak_rss_bytes();

} // namespace wiredup::cli
