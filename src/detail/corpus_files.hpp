// Private to the read stage: the file-system side of reading. Listing a directory tree in a
// fixed order, and spooling a stream that can be read only once (standard input, a pipe) to a
// temporary file so that it can be read again.
#pragma once

#include <string>
#include <vector>

namespace wiredup::detail {

/// One entry of a directory tree: a file to read, or something that cannot be read.
struct tree_entry {
    std::string relative;  ///< path relative to the root, '/'-separated; empty for the root itself
    std::string path;      ///< the root joined with the relative path
    std::string error;     ///< why the entry cannot be read; empty for a regular file
};

/// Every regular file under `root`, recursively, sorted by relative path (byte order).
/// Symbolic links to files are followed, links to directories are not (a link loop is
/// harmless); a broken link, a subdirectory that cannot be listed and anything that is not a
/// regular file (a FIFO, a socket) come back with an error instead of being skipped unseen.
std::vector<tree_entry> list_tree(const std::string& root);

/// A temporary copy of a stream that can be read only once; the file is removed on destruction.
class spool_file {
public:
    /// Copies `source` ("-" for standard input, else a path, typically a FIFO) to the end.
    explicit spool_file(const std::string& source);
    ~spool_file();
    spool_file(const spool_file&) = delete;
    spool_file& operator=(const spool_file&) = delete;

    /// The temporary file; empty if it could not be created.
    const std::string& path() const noexcept { return path_; }
    /// Why the copy failed or is incomplete; empty on success.
    const std::string& error() const noexcept { return error_; }

private:
    void copy_from(int fd);

    std::string path_;
    std::string error_;
};

/// Whether a file's first non-blank character, after a byte order mark, is '{'.
bool looks_like_json_lines(const std::string& path);

} // namespace wiredup::detail
