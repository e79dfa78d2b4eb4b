// What confirmation needs of each kept document, worked out once in pass 2 and kept on disk
// until the confirm stage reads it back: the low bytes of its signature (for the MinHash
// estimate of a confirmed pair), the shingle set cut to 31 bits with its number flag, the masked
// number windows (both as confirm_store keeps them) and the term counts. Confirming then costs
// reads by offset, not another parse and preparation of the corpus per block, and the
// signatures need not stay in memory through it.
//
// The file is an anonymous temporary (std::tmpfile, in TMPDIR), removed however the run ends.
// A record is a header of four 32-bit counts, the signature bytes padded to 4, the flagged
// shingles and the masked windows (32-bit each), padded to 8 bytes, then the term hashes
// (64-bit) and the term counts (32-bit), padded: sets first, so that a pair decided without
// its cosine needs only the front.
#pragma once

#include <wiredup/error.hpp>
#include <wiredup/shingle.hpp>
#include <wiredup/tfidf.hpp>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include <unistd.h>

namespace wiredup::detail {

/// One document's record as read back: views into the buffer it was read into.
struct spilled {
    std::span<const std::uint8_t> signature;  ///< the low byte of each signature slot
    std::span<const std::uint32_t> all;     ///< flagged 31-bit shingles (see confirm_store)
    std::span<const std::uint32_t> masked;  ///< masked number windows, 31-bit
    std::span<const std::uint64_t> terms;   ///< term hashes, sorted (empty when only the sets were read)
    std::span<const std::uint32_t> counts;  ///< their counts
};

/// The 32-bit words a signature of this many bytes takes in a record.
inline std::size_t signature_words32(std::size_t signature) { return (signature + 3) / 4; }

/// The words of a record's header, signature and sets, the part every candidate needs: a
/// reader that decides a pair without its cosine reads no further.
inline std::size_t spilled_sets_words(std::size_t signature, std::size_t all, std::size_t masked) {
    return (4 + signature_words32(signature) + all + masked + 1) / 2;
}

/// The terms of a record from its words after the sets: each takes a 64-bit hash and half a
/// word of count, the counts padded to a whole word.
inline std::size_t spilled_terms(std::size_t words_after_sets) { return 2 * words_after_sets / 3; }

/// Appends one record to `out`; `all` and `masked` come packed by confirm_store::pack.
/// Returns the record's sets words (spilled_sets_words).
inline std::size_t encode_spilled(std::vector<std::uint64_t>& out, std::span<const std::uint8_t> signature,
                                  std::span<const std::uint32_t> all, std::span<const std::uint32_t> masked,
                                  const term_counts& counts) {
    const std::size_t sets = spilled_sets_words(signature.size(), all.size(), masked.size());
    const std::size_t at = out.size();
    out.resize(at + sets + counts.size() + (counts.size() + 1) / 2, 0);
    auto* bytes = reinterpret_cast<char*>(out.data() + at);
    const std::uint32_t header[4] = {static_cast<std::uint32_t>(all.size()), static_cast<std::uint32_t>(masked.size()),
                                     static_cast<std::uint32_t>(counts.size()),
                                     static_cast<std::uint32_t>(signature.size())};
    std::memcpy(bytes, header, sizeof header);
    bytes += sizeof header;
    if (!signature.empty()) std::memcpy(bytes, signature.data(), signature.size());
    bytes += 4 * signature_words32(signature.size());
    if (!all.empty()) std::memcpy(bytes, all.data(), all.size_bytes());  // an empty span's data() may be null
    bytes += all.size_bytes();
    if (!masked.empty()) std::memcpy(bytes, masked.data(), masked.size_bytes());
    bytes = reinterpret_cast<char*>(out.data() + at + sets);
    for (const auto& [term, count] : counts) {
        std::memcpy(bytes, &term, sizeof term);
        bytes += sizeof term;
    }
    for (const auto& [term, count] : counts) {
        std::memcpy(bytes, &count, sizeof count);
        bytes += sizeof count;
    }
    return sets;
}

/// Reads the record at the start of `words` (8-byte aligned, as read from the file): all of it,
/// or with `sets_only` just its first spilled_sets_words, leaving terms and counts empty.
inline spilled decode_spilled(std::span<const std::uint64_t> words, bool sets_only = false) {
    const auto* header = reinterpret_cast<const std::uint32_t*>(words.data());
    const std::size_t all = header[0], masked = header[1], terms = sets_only ? 0 : header[2], signature = header[3];
    const auto* sets = header + 4 + signature_words32(signature);
    const auto* hashes = words.data() + spilled_sets_words(signature, all, masked);
    const auto* counts = reinterpret_cast<const std::uint32_t*>(hashes + terms);
    return {{reinterpret_cast<const std::uint8_t*>(header + 4), signature},
            {sets, all},
            {sets + all, masked},
            {hashes, terms},
            {counts, terms}};
}

/// The record's size in 64-bit words, from its header.
inline std::size_t spilled_words(const std::uint64_t* header_word) {
    const auto* header = reinterpret_cast<const std::uint32_t*>(header_word);
    return spilled_sets_words(header[3], header[0], header[1]) + header[2] + (std::size_t{header[2]} + 1) / 2;
}

class spill_file {
public:
    spill_file() : file_(std::tmpfile(), &std::fclose) {
        if (!file_) throw error(std::string("confirm: cannot create a temporary file: ") + std::strerror(errno));
    }

    /// Appends records (whole 64-bit words), unbuffered: callers append a batch at a time.
    /// Returns the offset, in words, where they start.
    std::uint64_t append(std::span<const std::uint64_t> words) {
        const std::uint64_t at = words_;
        const auto* bytes = reinterpret_cast<const char*>(words.data());
        std::size_t left = words.size_bytes();
        while (left > 0) {
            const ssize_t n = ::write(fileno(file_.get()), bytes, left);
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
            const ssize_t n = ::pread(fileno(file_.get()), bytes, left, at);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) fail("read");
            bytes += n;
            left -= static_cast<std::size_t>(n);
            at += n;
        }
    }

    std::uint64_t words() const noexcept { return words_; }

private:
    [[noreturn]] static void fail(const char* what) {
        throw error(std::string("confirm: cannot ") + what + " the temporary file of document summaries (TMPDIR): " +
                    std::strerror(errno));
    }

    std::unique_ptr<std::FILE, decltype(&std::fclose)> file_;
    std::uint64_t words_ = 0;
};

} // namespace wiredup::detail
