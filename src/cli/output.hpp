// Formatting shared by the commands: JSON strings, TSV fields, scores, and the files dedup writes.
#pragma once

#include <wiredup/pipeline.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

namespace wiredup::cli {

/// `text` as a JSON string literal, quotes included.
std::string json_string(std::string_view text);
void append_json_string(std::string& out, std::string_view text);
/// `text` safe for one TSV field: backslash, tab, CR and LF escaped as \\ \t \r \n.
std::string tsv_field(std::string_view text);
void append_tsv_field(std::string& out, std::string_view text);
/// A score with four decimals, as printf("%.4f") gives it: the same on every machine.
std::string score(double value);
void append_score(std::string& out, double value);

/// The scores of a pair as TSV columns after the two ids, matching pairs_header().
std::string pair_columns(const scored_pair& pair);
void append_pair_columns(std::string& out, const scored_pair& pair);
std::string_view pairs_header() noexcept;

/// Writes clusters.jsonl, pairs.tsv and rejects.tsv of a run into `dir` (created if missing).
void write_dedup_outputs(const dedup_result& result, const std::filesystem::path& dir);

/// Creates `dir` if missing.
void make_output_dir(const std::filesystem::path& dir);
/// pairs.tsv: header, then one row per confirmed pair.
void write_pairs(const dedup_result& result, const std::filesystem::path& path);
/// rejects.tsv: header, then one row per rejected record.
void write_rejects(const dedup_result& result, const std::filesystem::path& path);

/// The whole of a file, or wiredup::error naming it.
std::string read_file(const std::string& path);

/// Opens a file for writing or throws wiredup::error naming it.
std::ofstream open_for_writing(const std::filesystem::path& path);
/// Closes a written file or throws wiredup::error naming it.
void close_checked(std::ofstream& out, const std::filesystem::path& path);

/// Peak resident memory of this process so far, in bytes.
std::uint64_t peak_rss_bytes();

} // namespace wiredup::cli
