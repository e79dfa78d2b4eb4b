// What confirmation needs of each kept document, worked out once in pass 2 and kept on disk
// until the confirm stage reads it back: the low bytes of its signature (for the MinHash
// estimate of a confirmed pair), the shingle set cut to 31 bits with its number flag, the masked
// number windows (both as confirm_store keeps them) and the term counts. Confirming then costs
// reads by offset, not another parse and preparation of the corpus per block, and the
// signatures need not stay in memory through it.
//
// The file is an unnamed temporary in TMPDIR (/tmp when unset), removed however the run ends.
// Confirmation maps it and reads records where they lie, letting the pages go as it moves on.
// A record is a header of six 32-bit counts (of its shingles, masked windows, terms, signature
// bytes and large counts, and how many of its shingles lie below the sample screen's cut,
// counted here once rather than searched for by every block that reads the record), the
// signature bytes padded to 4, the flagged shingles and the masked windows (32-bit each),
// padded to 8 bytes: sets first, so that a pair decided without its cosine needs only the
// front. Then the terms: their numbers in the run's term census (32-bit, in the order of their
// hashes), the counts of 255 or more (32-bit) and a byte of count each (255 for a count of 255
// or more), padded. A term takes 5 bytes, where its 64-bit hash and 32-bit count took 12: the
// terms were most of a record.
#pragma once

#include <wiredup/error.hpp>
#include <wiredup/shingle.hpp>
#include <wiredup/tfidf.hpp>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

namespace wiredup::detail {

/// One document's record as read back: views into the buffer it was read into.
struct spilled {
    std::span<const std::uint8_t> signature;  ///< the low byte of each signature slot
    std::span<const std::uint32_t> all;     ///< flagged 31-bit shingles (see confirm_store)
    std::span<const std::uint32_t> masked;  ///< masked number windows, 31-bit
    std::span<const std::uint32_t> terms;   ///< the terms' census numbers (empty when only the sets were read)
    std::span<const std::uint8_t> counts;   ///< their counts, 255 standing for one in `large`
    std::span<const std::uint32_t> large;   ///< the counts of 255 or more, in the terms' order
    std::size_t sampled = 0;  ///< how many of `all` (the first ones) lie below the cut given encode_spilled()

    /// The terms' counts into `out`.
    void read_counts(std::vector<std::uint32_t>& out) const {
        out.resize(counts.size());
        std::size_t next = 0;
        for (std::size_t i = 0; i < counts.size(); ++i) out[i] = counts[i] != large_count ? counts[i] : large[next++];
    }

    static constexpr std::uint8_t large_count = 255;
};

/// The 32-bit words a signature of this many bytes takes in a record.
inline std::size_t signature_words32(std::size_t signature) { return (signature + 3) / 4; }

inline constexpr std::size_t spilled_header_words32 = 6;

/// The words of a record's header, signature and sets, the part every candidate needs: a
/// reader that decides a pair without its cosine reads no further.
inline std::size_t spilled_sets_words(std::size_t signature, std::size_t all, std::size_t masked) {
    return (spilled_header_words32 + signature_words32(signature) + all + masked + 1) / 2;
}

/// The words of a record's terms: numbers, large counts and count bytes.
inline std::size_t spilled_terms_words(std::size_t terms, std::size_t large) {
    return (5 * terms + 4 * large + 7) / 8;
}

/// Appends one record to `out`; `all` and `masked` come packed by confirm_store::pack, and
/// numbers[i] is the census number of the term of counts[i]; the record counts the values of
/// `all` (sorted) below `sample_cut`. Returns the record's sets words (spilled_sets_words).
inline std::size_t encode_spilled(std::vector<std::uint64_t>& out, std::span<const std::uint8_t> signature,
                                  std::span<const std::uint32_t> all, std::span<const std::uint32_t> masked,
                                  std::span<const std::uint32_t> numbers, const term_counts& counts,
                                  std::uint32_t sample_cut) {
    const std::size_t sets = spilled_sets_words(signature.size(), all.size(), masked.size());
    const std::size_t terms = counts.size();
    const auto large = static_cast<std::size_t>(std::count_if(
        counts.begin(), counts.end(), [](const auto& c) { return c.second >= spilled::large_count; }));
    const std::size_t at = out.size();
    out.resize(at + sets + spilled_terms_words(terms, large), 0);
    auto* bytes = reinterpret_cast<char*>(out.data() + at);
    const std::uint32_t header[spilled_header_words32] = {
        static_cast<std::uint32_t>(all.size()), static_cast<std::uint32_t>(masked.size()),
        static_cast<std::uint32_t>(terms), static_cast<std::uint32_t>(signature.size()),
        static_cast<std::uint32_t>(large),
        static_cast<std::uint32_t>(std::lower_bound(all.begin(), all.end(), sample_cut) - all.begin())};
    std::memcpy(bytes, header, sizeof header);
    bytes += sizeof header;
    if (!signature.empty()) std::memcpy(bytes, signature.data(), signature.size());
    bytes += 4 * signature_words32(signature.size());
    if (!all.empty()) std::memcpy(bytes, all.data(), all.size_bytes());  // an empty span's data() may be null
    bytes += all.size_bytes();
    if (!masked.empty()) std::memcpy(bytes, masked.data(), masked.size_bytes());
    bytes = reinterpret_cast<char*>(out.data() + at + sets);
    if (terms > 0) std::memcpy(bytes, numbers.data(), terms * sizeof(std::uint32_t));
    bytes += terms * sizeof(std::uint32_t);
    auto* small = reinterpret_cast<unsigned char*>(bytes + large * sizeof(std::uint32_t));
    for (std::size_t i = 0; i < terms; ++i) {
        const std::uint32_t count = counts[i].second;
        small[i] = static_cast<unsigned char>(std::min<std::uint32_t>(count, spilled::large_count));
        if (count >= spilled::large_count) {
            std::memcpy(bytes, &count, sizeof count);
            bytes += sizeof count;
        }
    }
    return sets;
}

/// Reads the record at the start of `words` (8-byte aligned, as read from the file): all of it,
/// or with `sets_only` just its first spilled_sets_words, leaving the terms empty.
inline spilled decode_spilled(std::span<const std::uint64_t> words, bool sets_only = false) {
    const auto* header = reinterpret_cast<const std::uint32_t*>(words.data());
    const std::size_t all = header[0], masked = header[1], terms = sets_only ? 0 : header[2], signature = header[3],
                      large = sets_only ? 0 : header[4];
    const auto* sets = header + spilled_header_words32 + signature_words32(signature);
    const auto* numbers = reinterpret_cast<const std::uint32_t*>(words.data() + spilled_sets_words(signature, all, masked));
    const auto* large_counts = numbers + terms;
    const auto* counts = reinterpret_cast<const std::uint8_t*>(large_counts + large);
    return {{reinterpret_cast<const std::uint8_t*>(header + spilled_header_words32), signature},
            {sets, all},
            {sets + all, masked},
            {numbers, terms},
            {counts, terms},
            {large_counts, large},
            header[5]};
}

/// The record's size in 64-bit words, from its header.
inline std::size_t spilled_words(const std::uint64_t* header_word) {
    const auto* header = reinterpret_cast<const std::uint32_t*>(header_word);
    return spilled_sets_words(header[3], header[0], header[1]) + spilled_terms_words(header[2], header[4]);
}

/// Replaces the term numbers of the record at `record` (numbers of a shard's census) by
/// renumbered[number] (their numbers in the census the shard merged into).
inline void renumber_spilled(std::uint64_t* record, std::span<const std::uint32_t> renumbered) {
    const auto* header = reinterpret_cast<const std::uint32_t*>(record);
    auto* numbers = reinterpret_cast<std::uint32_t*>(record + spilled_sets_words(header[3], header[0], header[1]));
    for (std::size_t i = 0, n = header[2]; i < n; ++i) numbers[i] = renumbered[numbers[i]];
}

class spill_file {
public:
    /// An unnamed file in `directory`, or where TMPDIR says (/tmp if it is unset or not a directory).
    explicit spill_file(std::filesystem::path directory = temporary_directory()) : directory_(std::move(directory)) {
        // Unnamed from the start where the file system can (O_TMPFILE); else named, and unlinked
        // at once. std::tmpfile() looked in /tmp whatever TMPDIR said.
        fd_ = ::open(directory_.c_str(), O_RDWR | O_TMPFILE | O_CLOEXEC, 0600);
        if (fd_ < 0 && (errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL)) {
            std::string name = (directory_ / "wiredup-spill-XXXXXX").string();
            fd_ = ::mkostemp(name.data(), O_CLOEXEC);
            if (fd_ >= 0) ::unlink(name.c_str());
        }
        if (fd_ < 0) fail("create");
    }

    /// TMPDIR when it names a directory, else /tmp.
    static std::filesystem::path temporary_directory() {
        std::error_code ec;
        std::filesystem::path dir = std::filesystem::temp_directory_path(ec);
        return ec ? std::filesystem::path("/tmp") : dir;
    }

    /// The directory the file is in.
    const std::filesystem::path& directory() const noexcept { return directory_; }

    /// Appends records (whole 64-bit words), unbuffered: callers append a batch at a time.
    /// Returns the offset, in words, where they start.
    std::uint64_t append(std::span<const std::uint64_t> words) {
        if (mapped_ != nullptr) throw error("confirm: the temporary file is mapped and takes no more records");
        const std::uint64_t at = words_;
        const auto* bytes = reinterpret_cast<const char*>(words.data());
        std::size_t left = words.size_bytes();
        while (left > 0) {
            const ssize_t n = ::write(fd_, bytes, left);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) fail("write");
            bytes += n;
            left -= static_cast<std::size_t>(n);
        }
        words_ += words.size();
        return at;
    }

    /// Reads `out.size()` words from `offset` (in words). Thread-safe once appending is over.
    void read(std::uint64_t offset, std::span<std::uint64_t> out) const {
        auto* bytes = reinterpret_cast<char*>(out.data());
        std::size_t left = out.size_bytes();
        auto at = static_cast<off_t>(offset * sizeof(std::uint64_t));
        while (left > 0) {
            const ssize_t n = ::pread(fd_, bytes, left, at);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) fail("read");
            bytes += n;
            left -= static_cast<std::size_t>(n);
            at += n;
        }
    }

    std::uint64_t words() const noexcept { return words_; }

    /// Maps the file for reading, once appending is over: records are then read where they lie,
    /// without a copy or a call each. Where mapping fails, fetch() goes on reading.
    void map() {
        if (mapped_ != nullptr || words_ == 0) return;
        void* at = ::mmap(nullptr, words_ * sizeof(std::uint64_t), PROT_READ, MAP_SHARED, fd_, 0);
        if (at != MAP_FAILED) mapped_ = static_cast<const std::uint64_t*>(at);
    }

    /// The `count` words from `offset`: where the file is mapped, a view of them; else read into
    /// `buffer`. Thread-safe once appending is over.
    std::span<const std::uint64_t> fetch(std::uint64_t offset, std::size_t count, std::vector<std::uint64_t>& buffer) const {
        if (offset + count > words_) throw error("confirm: a record past the end of the temporary file was asked for");
        if (mapped_ != nullptr) return {mapped_ + offset, count};
        buffer.resize(count);
        read(offset, buffer);
        return buffer;
    }

    /// Lets the mapped pages of `count` words from `offset` go from the process's resident
    /// memory; they stay cached, and a later fetch() maps them again. A mapped page counts as
    /// resident once read, and confirmation reads the whole file: without this, the file
    /// would join the peak.
    void forget(std::uint64_t offset, std::uint64_t count) const noexcept {
        if (mapped_ == nullptr || count == 0) return;
        static const auto page = static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));
        const std::uint64_t from = offset * sizeof(std::uint64_t) / page * page;
        const std::uint64_t to = std::min((offset + count) * sizeof(std::uint64_t), words_ * sizeof(std::uint64_t));
        // Whole pages: a neighbour's part of a page another thread still reads is mapped again
        // on its next access, from the cache.
        ::madvise(const_cast<char*>(reinterpret_cast<const char*>(mapped_)) + from, to - from, MADV_DONTNEED);
    }

    /// Gives back for good the cached pages of the file's whole pages before word `end`, which
    /// no one reads again: a hole is punched there. Confirmation lets each block's part go once
    /// it is done with it, on whichever thread is free; closing the file let all 3.3 GB of a
    /// million documents go at once, at the end of the run, for about half a second (waiting
    /// on pages the kernel was still writing out). Where the file system cannot punch holes,
    /// the pages stay until release(). Thread-safe with fetch() of words at or past `end`.
    void discard_before(std::uint64_t end) noexcept {
        static const auto page = static_cast<std::uint64_t>(::sysconf(_SC_PAGESIZE));
        const std::uint64_t to = std::min(end, words_) * sizeof(std::uint64_t) / page * page;
        std::uint64_t from = discarded_.load(std::memory_order_relaxed);
        while (from < to && !discarded_.compare_exchange_weak(from, to, std::memory_order_relaxed)) {
        }
        if (from >= to || fd_ < 0) return;
        ::fallocate(fd_, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, static_cast<off_t>(from),
                    static_cast<off_t>(to - from));
    }

    /// Unmaps and closes the file, which the kernel then removes with its cached pages (about a
    /// third of a second for the 3.3 GB of a million documents). Nothing may be read after it.
    void release() noexcept {
        if (mapped_ != nullptr) ::munmap(const_cast<std::uint64_t*>(mapped_), words_ * sizeof(std::uint64_t));
        if (fd_ >= 0) ::close(fd_);
        mapped_ = nullptr;
        fd_ = -1;
    }

    ~spill_file() { release(); }
    spill_file(const spill_file&) = delete;
    spill_file& operator=(const spill_file&) = delete;

private:
    [[noreturn]] void fail(const char* what) const {
        const int code = errno;  // before the message's allocations
        throw error(std::string("confirm: cannot ") + what + " the temporary file of document summaries in " +
                    directory_.string() + " (TMPDIR): " + std::strerror(code));
    }

    std::filesystem::path directory_;
    int fd_ = -1;
    std::uint64_t words_ = 0;
    const std::uint64_t* mapped_ = nullptr;  // the whole file, after map()
    std::atomic<std::uint64_t> discarded_ = 0;  // bytes before this are a hole (discard_before)
};

} // namespace wiredup::detail
