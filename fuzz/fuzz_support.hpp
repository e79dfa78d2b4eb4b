// Shared by the fuzz targets: a scratch file each input is written to (the reader opens paths),
// and the invariants every record the reader hands out must satisfy, whatever the bytes.
#pragma once

#include <wiredup/corpus.hpp>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <unordered_set>
#include <vector>

#include <sys/mman.h>
#include <unistd.h>

/// Aborts with the failed condition, which libFuzzer reports as a crash and saves the input.
#define FUZZ_CHECK(cond)                                                                   \
    do {                                                                                   \
        if (!(cond)) {                                                                     \
            std::fprintf(stderr, "fuzz check failed: %s (%s:%d)\n", #cond, __FILE__, __LINE__); \
            std::abort();                                                                  \
        }                                                                                  \
    } while (0)

namespace wiredup::fuzz {

/// A file whose name the reader sees (its suffix picks format and codec) and whose bytes live in
/// memory: a symbolic link in a private temporary directory to a memfd, rewritten for every
/// input. A disk file truncated and rewritten thousands of times a second would make the file
/// system, not the code, the bottleneck. libFuzzer runs one input at a time per process.
class scratch_file {
public:
    explicit scratch_file(const std::string& name) {
        const auto base = std::filesystem::temp_directory_path();
        std::string dir = (base / "wiredup-fuzz-XXXXXX").string();
        FUZZ_CHECK(::mkdtemp(dir.data()) != nullptr);
        dir_ = dir;
        path_ = (dir_ / name).string();
        fd_ = ::memfd_create(name.c_str(), MFD_CLOEXEC);
        FUZZ_CHECK(fd_ >= 0);
        std::filesystem::create_symlink("/proc/" + std::to_string(::getpid()) + "/fd/" + std::to_string(fd_), path_);
    }
    ~scratch_file() {
        ::close(fd_);
        std::error_code ec;
        std::filesystem::remove_all(dir_, ec);
    }
    scratch_file(const scratch_file&) = delete;
    scratch_file& operator=(const scratch_file&) = delete;

    /// Replaces the file's content; returns its path.
    const std::string& write(const std::uint8_t* data, std::size_t size) const {
        FUZZ_CHECK(::ftruncate(fd_, 0) == 0);
        for (std::size_t done = 0; done < size;) {
            const ssize_t n = ::pwrite(fd_, data + done, size - done, static_cast<off_t>(done));
            FUZZ_CHECK(n > 0);
            done += static_cast<std::size_t>(n);
        }
        return path_;
    }

private:
    std::filesystem::path dir_;
    std::string path_;
    int fd_ = -1;
};

inline bool same(const record& a, const record& b) {
    return a.id == b.id && a.text == b.text && a.where.source == b.where.source && a.where.line == b.where.line &&
           a.reason == b.reason && a.detail == b.detail && a.raw == b.raw;
}

/// Reads every record of `inputs` twice (the second time after rewind()) and checks what any
/// input must give: a used record has an id, a text within the limit and an id not used
/// before; a rejected one has no text and says why; line numbers only grow within a source;
/// nothing follows a broken stream in its source; the second pass equals the first.
inline std::vector<record> read_checked(const std::vector<std::string>& inputs, const corpus_options& options) {
    corpus_reader reader(inputs, options);
    std::vector<record> first;
    std::unordered_set<std::string> ids;
    record r;
    while (reader.next(r)) {
        FUZZ_CHECK(r.where.source < reader.sources().size());
        if (r.reason == reject_reason::none) {
            FUZZ_CHECK(!r.id.empty());
            FUZZ_CHECK(r.text.size() <= options.max_document_bytes);
            FUZZ_CHECK(ids.insert(r.id).second);
        } else {
            FUZZ_CHECK(r.text.empty());
            FUZZ_CHECK(!r.detail.empty());
        }
        if (!first.empty() && first.back().where.source == r.where.source) {
            const record& before = first.back();
            FUZZ_CHECK(before.where.line < r.where.line);
            FUZZ_CHECK(before.reason != reject_reason::corrupt_stream && before.reason != reject_reason::unreadable);
        }
        first.push_back(r);
    }
    reader.rewind();
    std::size_t i = 0;
    while (reader.next(r)) {
        FUZZ_CHECK(i < first.size());
        FUZZ_CHECK(same(r, first[i]));
        ++i;
    }
    FUZZ_CHECK(i == first.size());
    return first;
}

} // namespace wiredup::fuzz
