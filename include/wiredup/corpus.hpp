// Stage 1, read: input paths -> records, streamed one at a time so that a corpus larger than
// memory is never loaded whole. Directory trees of text files, JSON Lines, TSV and standard
// input, each optionally compressed (.gz, .bz2, .xz).
#pragma once

#include <wiredup/document.hpp>

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

namespace wiredup {

/// How the records of an input are laid out.
enum class input_format : std::uint8_t {
    automatic,  ///< by name: a directory, *.jsonl/*.ndjson/*.json, *.tsv, anything else one text file;
                ///< standard input is sniffed (a leading '{' means JSON Lines, otherwise TSV)
    text,       ///< the whole file (or each file of a directory tree) is one document
    jsonl,      ///< one JSON object per line with an id and a text field
    tsv,        ///< id<TAB>text per line; tabs inside the text are kept
};

struct corpus_options {
    input_format format = input_format::automatic;
    std::string id_field = "id";      ///< JSON Lines: the field holding the id (string or number)
    std::string text_field = "text";  ///< JSON Lines: the field holding the text
    std::size_t max_document_bytes = std::size_t{64} << 20;  ///< larger records are rejected as too_large
    bool keep_raw = false;            ///< fill record::raw with the line as it stood in the input
};

/// Streams the records of a list of inputs in a fixed order: inputs in the order given, a
/// directory's files sorted by relative path. Reading is restartable (rewind()), which the
/// pipeline uses for its passes; standard input ("-") is spooled to a temporary file on first
/// read so that it can be read again.
///
/// A file that cannot be opened or a compressed stream that breaks yields a rejected record
/// (reason unreadable / corrupt_stream) and reading goes on with the next input; only a path
/// that does not exist at all raises wiredup::error, from the constructor.
class corpus_reader {
public:
    corpus_reader(std::vector<std::string> inputs, corpus_options options = {});
    ~corpus_reader();
    corpus_reader(corpus_reader&&) noexcept;
    corpus_reader& operator=(corpus_reader&&) noexcept;

    /// Reads the next record into `out`; returns false at the end of the last input.
    bool next(record& out);

    /// What parse() still has to do to a record next_unparsed() gave.
    enum class pending : std::uint8_t { none, jsonl, tsv };

    /// Reads the next record as next() does, returning false at the end, but leaves two steps
    /// to the caller: a JSON Lines or TSV record comes back as its line, in `out.text`, with
    /// `how` saying which parse() it needs (pending::none: nothing to parse); and no record has
    /// been checked against the others yet. Every record then goes through parse(), on any
    /// thread, and settle(), in reading order, on one thread at a time, after which it is what
    /// next() would have given. The reading thread then only splits lines; the parsing, most of
    /// a pass's reading work, can run on others.
    bool next_unparsed(record& out, pending& how);

    /// Parses a record next_unparsed() left pending. Thread-safe, and safe alongside
    /// next_unparsed() and settle().
    void parse(record& r, pending how) const;

    /// Checks a parsed record against the records before it (a duplicate id is rejected). Safe
    /// alongside next_unparsed() on another thread.
    void settle(record& r);

    /// Frees the ids seen (bytes_held()) once a pass has checked every record, for a caller that
    /// keeps that pass's verdicts and reads again: records read after it are not checked against
    /// one another, and one whose id an earlier record used comes back readable. (The pipeline's
    /// second pass takes them from its first, and checks each record's id against the one read
    /// there at its place, which says more than the table did.)
    void forget_ids();

    /// Starts again from the first record of the first input.
    void rewind();

    /// Frees what the reader keeps for later passes (the ids seen, bytes_held()) once no pass
    /// will follow; next() and rewind() throw after it.
    void end_passes();

    /// Name of each source: a file path, or "-" for standard input. origin::source indexes this.
    /// Grows as directories are expanded; complete once the end has been reached.
    const std::vector<std::string>& sources() const noexcept;

    /// The format each source was read as (automatic resolved), parallel to sources().
    const std::vector<input_format>& source_formats() const noexcept;

    /// Decompressed input bytes consumed since the last rewind(), line ends and rejects included.
    std::uint64_t bytes_read() const noexcept;

    /// Bytes the reader keeps across passes: the ids seen so far, for the duplicate-id check
    /// (none after forget_ids()).
    std::uint64_t bytes_held() const noexcept;

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

} // namespace wiredup
