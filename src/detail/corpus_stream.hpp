// Private to the read stage: one input file opened for sequential reading, decompressed on the
// fly according to its name (.gz, .bz2, .xz), read line by line or whole. Nothing here throws
// on bad input: a failure is reported as a status and a message, so that the reader can turn it
// into a rejected record.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace wiredup::detail {

enum class compression : std::uint8_t { none, gzip, bzip2, xz };

/// The compression a file name's suffix announces (.gz, .bz2, .xz, in any letter case).
compression compression_of(std::string_view name) noexcept;

/// `name` without its compression suffix, if it has one.
std::string_view without_compression_suffix(std::string_view name) noexcept;

/// What one read produced.
enum class read_status : std::uint8_t {
    ok,        ///< a line, or the whole text
    overlong,  ///< longer than the limit: consumed, not kept
    end,       ///< no more data
    failed,    ///< could not be opened, read or decompressed; error() says why
};

class corpus_stream {
public:
    /// Opens `path`; a failure to open shows as opened() == false, never as an exception.
    corpus_stream(const std::string& path, compression kind);
    ~corpus_stream();
    corpus_stream(const corpus_stream&) = delete;
    corpus_stream& operator=(const corpus_stream&) = delete;

    /// The next line into `line`, without its terminator ("\n" or "\r\n") and, on the first
    /// line, without a UTF-8 byte order mark. A line longer than `max_line` bytes is consumed
    /// but not kept (overlong; `line` is then empty). A last line without "\n" counts.
    /// After a failure the partial line is dropped: only complete lines are handed out.
    read_status read_line(std::string& line, std::size_t max_line);

    /// The rest of the stream into `text`, without a leading byte order mark. Stops reading
    /// once the text certainly exceeds `max_bytes`, whatever the mark (overlong; `text` is then
    /// unspecified); a complete text may still be a few bytes over `max_bytes`.
    read_status read_all(std::string& text, std::size_t max_bytes);

    bool opened() const noexcept;
    const std::string& error() const noexcept;
    /// Lines handed out so far (ok or overlong); a failure happened on line_number() + 1.
    std::uint64_t line_number() const noexcept { return lines_; }
    /// Length of the last line handed out, terminator excluded, even if it was overlong.
    std::uint64_t last_line_bytes() const noexcept { return last_line_bytes_; }
    /// Decompressed bytes consumed so far (read ahead but not yet handed out excluded).
    std::uint64_t bytes() const noexcept { return bytes_ - (end_ - pos_); }

private:
    bool fill();
    read_status finish_line(std::string& line, bool overlong);

    struct device;
    std::unique_ptr<device> device_;
    std::vector<char> buffer_;
    std::size_t pos_ = 0;
    std::size_t end_ = 0;
    bool done_ = false;
    bool failed_ = false;
    std::string error_;
    std::uint64_t lines_ = 0;
    std::uint64_t last_line_bytes_ = 0;
    std::uint64_t bytes_ = 0;
};

} // namespace wiredup::detail
