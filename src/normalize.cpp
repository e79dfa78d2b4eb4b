// Stage 2, normalize: see normalize.hpp. ASCII takes a fast path, a table lookup per byte and
// whole runs of letters at a time; only tokens with other code points go through utf8proc, so
// English news pays almost nothing for Unicode.
#include <wiredup/normalize.hpp>

#include "detail/hash.hpp"
#include "detail/memory.hpp"
#include "detail/normalize_kernel.hpp"
#include "detail/radix_sort.hpp"
#include "detail/swar.hpp"

#include <oneapi/tbb/parallel_for.h>
#include <utf8proc.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cassert>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <span>

namespace wiredup {
namespace {

enum class char_class { word, separator, line_break };

char_class classify(utf8proc_int32_t cp) noexcept {
    if (cp == 0x2028 || cp == 0x2029 || cp == 0x85) return char_class::line_break;
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
    case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
        return char_class::word;
    default:
        return char_class::separator;
    }
}

// What normalize() does with each byte: an ASCII letter or digit maps to itself lower-cased
// (all of them >= '0'); every other byte maps to one of the codes below '0'.
enum : unsigned char { ascii_separator = 0, ascii_line_break = 1, not_ascii = 2 };
constexpr std::array<unsigned char, 256> byte_table = [] {
    std::array<unsigned char, 256> t{};
    for (int c = 0x80; c < 0x100; ++c) t[c] = not_ascii;
    t['\n'] = t['\r'] = ascii_line_break;
    for (int c = '0'; c <= '9'; ++c) t[c] = static_cast<unsigned char>(c);
    for (int c = 'a'; c <= 'z'; ++c) t[c] = static_cast<unsigned char>(c);
    for (int c = 'A'; c <= 'Z'; ++c) t[c] = static_cast<unsigned char>(c + ('a' - 'A'));
    return t;
}();

// Which bytes of a word are ASCII letters or digits (`word`) and which of those are upper-case
// letters, each as the high bit of its byte.
struct ascii_word_bytes {
    std::uint64_t word, upper;
};
constexpr ascii_word_bytes classify_ascii(std::uint64_t bytes) noexcept {
    using detail::bytes_at_least, detail::high_bits;
    const std::uint64_t x = bytes & detail::low_bits;
    const std::uint64_t folded = x | 0x2020202020202020ULL;  // 'A'..'Z' onto 'a'..'z', nothing else onto them
    const std::uint64_t letter = bytes_at_least(folded, 'a') & ~bytes_at_least(folded, 'z' + 1);
    const std::uint64_t digit = bytes_at_least(x, '0') & ~bytes_at_least(x, '9' + 1);
    const std::uint64_t word = (letter | digit) & ~bytes & high_bits;  // bytes >= 0x80 are not ASCII
    const std::uint64_t upper = letter & ~bytes_at_least(x, 'a') & word;
    return {word, upper};
}

// Writes tokens straight into the output, so that separators collapse and empty lines vanish
// without a copy per token. The output string is used as a buffer of size >= len_ and cut to
// len_ at the end; ASCII runs are copied by a local pointer the compiler can keep in a register.
class token_writer {
public:
    token_writer(std::string& out, std::size_t expected_size) : out_(out) { out_.resize(expected_size); }

    /// Appends the ASCII letters and digits from bytes[i], lower-cased, and on a little-endian
    /// machine the ASCII tokens after them that single spaces separate. Returns where it
    /// stopped, the last token still open.
    std::size_t ascii_run(const unsigned char* bytes, std::size_t i, std::size_t size) {
        begin_token();
        // Also room for the whole words written past a run's end (i + 8 <= size when one is):
        // output never outgrows the input it comes from, a byte for a byte.
        reserve(size - i);
        if constexpr (std::endian::native == std::endian::little) {
            // Token after token while one space separates them, the common case, without going
            // back to normalize()'s byte loop for the space.
            for (;;) {
                i = ascii_words(bytes, i, size);
                if (!ascii_only_ || i + 1 >= size || bytes[i] != ' ' || byte_table[bytes[i + 1]] < '0') break;
                end_token();
                begin_token();
                ++i;
            }
        }
        char* const begin = out_.data() + len_;
        char* w = begin;
        for (unsigned char c; i < size && (c = byte_table[bytes[i]]) >= '0'; ++i) *w++ = static_cast<char>(c);
        len_ += static_cast<std::size_t>(w - begin);
        return i;
    }
    /// Writes the whole blocks of ASCII from bytes[i] at once (normalize_kernel.hpp) and returns
    /// where they end: at a block with a byte >= 0x80, or fewer than 64 bytes before the end.
    /// Nothing inside a token that holds other bytes, whose case fold needs it whole.
    std::size_t ascii_blocks(const unsigned char* bytes, std::size_t i, std::size_t size) {
        if (!ascii_only_) return i;
        reserve(size - i + 2 * detail::ascii_block);
        detail::token_state state{in_token_, line_has_tokens_, token_start_};
        const detail::ascii_progress done = detail::normalize_ascii_blocks(bytes + i, size - i, out_.data(), len_, state);
        in_token_ = state.in_token;
        line_has_tokens_ = state.line_has_tokens;
        token_start_ = state.token_start;
        len_ = done.written;
        return i + done.read;
    }
    void unicode(const char* bytes, std::size_t n) {
        begin_token();
        append(bytes, n);
        ascii_only_ = false;
    }
    void end_token() {
        if (!in_token_) return;
        in_token_ = false;
        if (!ascii_only_) {
            ascii_only_ = true;
            fold_unicode();
            if (len_ == token_start_) {  // nothing of the token was a word: take back its space
                len_ = token_start_ - (line_has_tokens_ ? 1 : 0);
                return;
            }
        }
        line_has_tokens_ = true;
    }
    void end_line() {
        end_token();
        if (line_has_tokens_) append("\n", 1);
        line_has_tokens_ = false;
    }
    void finish() {
        end_line();
        if (len_ > 0) --len_;  // no trailing '\n'
        out_.resize(len_);
    }

private:
    // The ASCII letters and digits from bytes[i], eight at a time, lower-cased; stops at the
    // first other byte, or where fewer than eight remain. Most tokens fit in one word, so a token
    // costs one exit branch instead of one per byte. Whole words are written: the bytes after the
    // run are overwritten by whatever comes next, or cut by finish().
    std::size_t ascii_words(const unsigned char* bytes, std::size_t i, std::size_t size) {
        char* const begin = out_.data() + len_;
        char* w = begin;
        for (; i + 8 <= size; i += 8, w += 8) {
            const std::uint64_t word = detail::load_word(bytes + i);
            const ascii_word_bytes c = classify_ascii(word);
            const std::uint64_t lowered = word | (c.upper >> 2);  // 0x80 >> 2: the case bit
            std::memcpy(w, &lowered, sizeof lowered);
            if (c.word != detail::high_bits) {
                const auto n = static_cast<std::size_t>(std::countr_zero(~c.word & detail::high_bits)) / 8;
                i += n;
                w += n;
                break;
            }
        }
        len_ += static_cast<std::size_t>(w - begin);
        return i;
    }

    void begin_token() {
        if (in_token_) return;
        in_token_ = true;
        if (line_has_tokens_) append(" ", 1);
        token_start_ = len_;
    }
    void reserve(std::size_t n) {
        if (out_.size() - len_ < n) out_.resize(std::max(2 * out_.size(), len_ + n));
    }
    void append(const char* bytes, std::size_t n) {
        reserve(n);
        std::memcpy(out_.data() + len_, bytes, n);
        len_ += n;
    }

    // Replaces the token (its ASCII part lower-cased, the rest as read) by its NFKC case fold.
    void fold_unicode() {
        utf8proc_uint8_t* mapped = nullptr;
        const auto options = static_cast<utf8proc_option_t>(
            UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_COMPAT | UTF8PROC_CASEFOLD | UTF8PROC_IGNORE);
        const auto len = utf8proc_map(reinterpret_cast<const utf8proc_uint8_t*>(out_.data() + token_start_),
                                      static_cast<utf8proc_ssize_t>(len_ - token_start_), &mapped, options);
        if (len < 0) return;  // keep the raw token: it was validated, so this cannot happen
        std::unique_ptr<utf8proc_uint8_t, decltype(&std::free)> owner(mapped, &std::free);
        // Compatibility mappings can introduce separators ("¼" -> "1⁄4"); keep only word runs.
        len_ = token_start_;
        for (utf8proc_ssize_t i = 0; i < len;) {
            utf8proc_int32_t cp = 0;
            const auto n = utf8proc_iterate(mapped + i, len - i, &cp);
            if (n <= 0) break;
            if (classify(cp) == char_class::word) append(reinterpret_cast<char*>(mapped + i), static_cast<std::size_t>(n));
            i += n;
        }
    }

    std::string& out_;
    std::size_t len_ = 0;          // bytes of out_ written
    std::size_t token_start_ = 0;  // where the current token's bytes begin in out_
    bool in_token_ = false;
    bool ascii_only_ = true;
    bool line_has_tokens_ = false;
};

} // namespace

normalized_text normalize(std::string_view raw) {
    normalized_text result;
    normalize(raw, result);
    return result;
}

void normalize(std::string_view raw, normalized_text& result) {
    result.text.clear();
    result.invalid_bytes = 0;
    // ASCII output is never longer than its input (plus the '\n' that finish() takes back); only
    // NFKC expansions make the buffer grow.
    token_writer writer(result.text, raw.size() + 1);
    const auto* bytes = reinterpret_cast<const unsigned char*>(raw.data());
    const std::size_t size = raw.size();
    // Whole blocks of ASCII go to the vector kernel; the byte loop takes the rest, and a block
    // the kernel refused up to its first byte >= 0x80 (and the token that byte is in).
    std::size_t blocks_from = 0;
    for (std::size_t i = 0; i < size;) {
        if (i >= blocks_from && i + detail::ascii_block <= size) {
            i = writer.ascii_blocks(bytes, i, size);
            if (i == size) break;
            // Refused at i: the next block holds a byte >= 0x80, or a token holding one is open.
            // The byte loop takes over up to that byte and past it.
            const std::size_t end = std::min(size, i + detail::ascii_block);
            blocks_from = i + 1;
            while (blocks_from < end && bytes[blocks_from - 1] < 0x80) ++blocks_from;
        }
        const unsigned char code = byte_table[bytes[i]];
        if (code >= '0') {
            i = writer.ascii_run(bytes, i, size);
            continue;
        }
        if (code != not_ascii) {
            if (code == ascii_line_break) writer.end_line();
            else writer.end_token();
            ++i;
            continue;
        }
        utf8proc_int32_t cp = 0;
        const auto n = utf8proc_iterate(bytes + i, static_cast<utf8proc_ssize_t>(size - i), &cp);
        if (n <= 0) {  // invalid byte: replaced by U+FFFD, which is a separator
            ++result.invalid_bytes;
            writer.end_token();
            ++i;
            continue;
        }
        switch (classify(cp)) {
        case char_class::word: writer.unicode(raw.data() + i, static_cast<std::size_t>(n)); break;
        case char_class::separator: writer.end_token(); break;
        case char_class::line_break: writer.end_line(); break;
        }
        i += static_cast<std::size_t>(n);
    }
    writer.finish();
}

std::uint64_t line_key(std::string_view normalized_line) noexcept {
    return detail::hash_bytes(normalized_line, 0x6c696e65);  // "line"
}

namespace {

// Calls fn(line) for each line of a normalized text.
template <typename Fn>
void for_each_line(std::string_view text, Fn&& fn) {
    while (!text.empty()) {
        const auto end = text.find('\n');
        fn(text.substr(0, end));
        if (end == std::string_view::npos) break;
        text.remove_prefix(end + 1);
    }
}

std::size_t count_tokens(std::string_view line) noexcept {
    return line.empty() ? 0 : static_cast<std::size_t>(std::count(line.begin(), line.end(), ' ')) + 1;
}

} // namespace

line_census::line_census(boilerplate_options options) : options_(options) {}

void line_census::add(const normalized_text& doc) {
    assert(!finished_);
    ++documents_;
    if (!options_.enabled) return;
    const auto first = keys_.size();
    for_each_line(doc.text, [&](std::string_view line) {
        if (count_tokens(line) <= options_.max_tokens) keys_.push_back(line_key(line));
    });
    // A line counts once per document, however often the document repeats it.
    std::sort(keys_.begin() + static_cast<std::ptrdiff_t>(first), keys_.end());
    keys_.erase(std::unique(keys_.begin() + static_cast<std::ptrdiff_t>(first), keys_.end()), keys_.end());
}

void line_census::add_raw(std::string_view raw) {
    assert(!finished_);
    ++documents_;
    if (!options_.enabled) return;
    const auto first = keys_.size();
    const auto* bytes = reinterpret_cast<const unsigned char*>(raw.data());
    const std::size_t size = raw.size();
    // The text's bytes as bitmaps (normalize_kernel.hpp), 64 to a word: lines are found, and
    // their tokens counted, a word at a time.
    thread_local detail::raw_array<std::uint64_t> masks;
    if (masks.capacity() > (std::size_t{1} << 16)) masks = {};  // a giant document's room is not kept
    const std::size_t words = (size + detail::ascii_block - 1) / detail::ascii_block;
    masks.resize(3 * words + 1);
    std::uint64_t* const word = masks.data();
    std::uint64_t* const other = word + words;
    std::uint64_t* const may_break = other + words;
    detail::text_masks(bytes, size, word, other, may_break);
    // Where a line break of normalize() begins at i, its length in bytes; 0 elsewhere. The lead
    // bytes C2 and E2 never continue another sequence, so this agrees with a decoder's reading.
    const auto line_break_at = [&](std::size_t i) -> std::size_t {
        const unsigned char c = bytes[i];
        if (c == '\n' || c == '\r') return 1;
        if (c == 0xC2 && i + 1 < size && bytes[i + 1] == 0x85) return 2;
        if (c == 0xE2 && i + 2 < size && bytes[i + 1] == 0x80 && (bytes[i + 2] == 0xA8 || bytes[i + 2] == 0xA9))
            return 3;
        return 0;
    };
    // The first line break at or after i (size when none), its length in brk.
    const auto next_line_break = [&](std::size_t i, std::size_t& brk) {
        while (i < size) {
            std::size_t w = i / detail::ascii_block;
            std::uint64_t candidates = may_break[w] & (~std::uint64_t{0} << (i % detail::ascii_block));
            while (candidates == 0 && ++w < words) candidates = may_break[w];
            if (candidates == 0) break;
            i = w * detail::ascii_block + static_cast<std::size_t>(std::countr_zero(candidates));
            if ((brk = line_break_at(i)) != 0) return i;
            ++i;  // the lead byte of another character
        }
        brk = 0;
        return size;
    };
    // A lower bound on the tokens of bytes [from, to): each ASCII letter or digit directly
    // followed by another ASCII byte ends a token of its own, whatever the rest normalizes to.
    // The byte before `from` (a line break's last, when there is one) is never a letter or digit.
    const auto token_ends = [&](std::size_t from, std::size_t to) {
        std::size_t ends = 0;
        for (std::size_t w = from / detail::ascii_block; w * detail::ascii_block < to; ++w) {
            const std::uint64_t carried = w > from / detail::ascii_block ? word[w - 1] >> 63 : 0;
            std::uint64_t bits = other[w] & ((word[w] << 1) | carried);
            if (w == from / detail::ascii_block) bits &= ~std::uint64_t{0} << (from % detail::ascii_block);
            if ((w + 1) * detail::ascii_block > to) bits &= (std::uint64_t{1} << (to % detail::ascii_block)) - 1;
            ends += detail::count_bits(bits);
        }
        return ends;
    };
    // Most lines are paragraphs far above max_tokens: counted from the bitmaps, they are skipped
    // without being normalized. The others are normalized into one buffer, filled again for each.
    thread_local normalized_text line;
    if (line.text.capacity() > (std::size_t{1} << 16)) line = {};  // a giant line's room is not kept
    for (std::size_t start = 0; start < size;) {
        std::size_t brk = 0;
        const std::size_t end = next_line_break(start, brk);
        if (token_ends(start, end) <= options_.max_tokens) {
            normalize(raw.substr(start, end - start), line);
            if (!line.text.empty() && count_tokens(line.text) <= options_.max_tokens) keys_.push_back(line_key(line.text));
        }
        start = end + (brk == 0 ? 1 : brk);
    }
    std::sort(keys_.begin() + static_cast<std::ptrdiff_t>(first), keys_.end());
    keys_.erase(std::unique(keys_.begin() + static_cast<std::ptrdiff_t>(first), keys_.end()), keys_.end());
}

void line_census::merge(line_census&& other) {
    assert(!finished_ && !other.finished_);
    documents_ += other.documents_;
    keys_.insert(keys_.end(), other.keys_.begin(), other.keys_.end());
    other.keys_.clear();
    other.keys_.shrink_to_fit();
}

void line_census::finish() {
    assert(!finished_);
    finished_ = true;
    const auto relative = static_cast<std::size_t>(std::ceil(options_.min_fraction * static_cast<double>(documents_)));
    threshold_ = std::max(options_.min_documents, relative);
    // The keys are split by their top bits into parts, each radix sorted and scanned for runs on
    // its own, in parallel: at 1M documents there are some 5.6M keys, which std::sort took 0.29 s
    // over and one radix sort 0.15 s, on one thread while the other waited at the end of pass 1.
    // Parts follow one another in key order, so the furniture comes out sorted.
    constexpr int part_bits = 6;
    constexpr std::size_t parts = std::size_t{1} << part_bits;
    constexpr int shift = 64 - part_bits;
    std::vector<std::size_t> start(parts + 1, 0);
    for (const std::uint64_t key : keys_) ++start[(key >> shift) + 1];
    for (std::size_t p = 0; p < parts; ++p) start[p + 1] += start[p];
    std::vector<std::uint64_t> split(keys_.size());
    {
        std::vector<std::size_t> next(start.begin(), start.end() - 1);
        for (const std::uint64_t key : keys_) split[next[key >> shift]++] = key;
    }
    std::vector<std::vector<std::uint64_t>> found(parts);
    oneapi::tbb::parallel_for(std::size_t{0}, parts, [&](std::size_t p) {
        const std::size_t from = start[p], size = start[p + 1] - start[p];
        // keys_, copied into `split`, is the sort's second buffer.
        const auto sorted = detail::radix_sort(std::span(split).subspan(from, size), std::span(keys_).subspan(from, size), 0, shift);
        for (std::size_t i = 0; i < sorted.size();) {
            std::size_t j = i;
            while (j < sorted.size() && sorted[j] == sorted[i]) ++j;
            if (j - i >= threshold_) found[p].push_back(sorted[i]);
            i = j;
        }
    });
    for (const auto& some : found) furniture_.insert(furniture_.end(), some.begin(), some.end());
    detail::release(keys_);
}

bool line_census::is_furniture(std::uint64_t key) const noexcept {
    assert(finished_);
    return std::binary_search(furniture_.begin(), furniture_.end(), key);
}

std::string keep_content(const normalized_text& doc, const line_census* census, line_filter_stats* stats) {
    std::string kept;
    keep_content(doc, census, stats, kept);
    return kept;
}

void keep_content(const normalized_text& doc, const line_census* census, line_filter_stats* stats, std::string& kept) {
    line_filter_stats local;
    // Lines by key, then by position: the first of each run of equal keys is the occurrence kept.
    // The lists are a thread's own, kept from one document to the next.
    thread_local std::vector<std::string_view> lines;
    thread_local std::vector<std::pair<std::uint64_t, std::uint32_t>> keys;
    thread_local std::vector<char> keep;
    lines.clear();
    keys.clear();
    for_each_line(doc.text, [&](std::string_view line) {
        keys.emplace_back(line_key(line), static_cast<std::uint32_t>(lines.size()));
        lines.push_back(line);
    });
    local.lines = lines.size();
    keep.assign(lines.size(), 0);
    std::sort(keys.begin(), keys.end());
    for (std::size_t i = 0; i < keys.size(); ++i) {
        if (census != nullptr && census->is_furniture(keys[i].first)) {
            ++local.furniture;
        } else if (i > 0 && keys[i - 1].first == keys[i].first) {
            ++local.repeated;
        } else {
            keep[keys[i].second] = 1;
        }
    }
    kept.clear();
    kept.reserve(doc.text.size());
    for (std::size_t i = 0; i < lines.size(); ++i) {
        if (!keep[i]) continue;
        if (!kept.empty()) kept.push_back('\n');
        kept += lines[i];
    }
    if (stats != nullptr) *stats = local;
    if (lines.capacity() > (std::size_t{1} << 16)) {  // a giant document's room is not kept
        lines = {};
        keys = {};
        keep = {};
    }
}

bool is_word_code_point(char32_t code_point) noexcept {
    if (code_point < 0x80)
        return (code_point >= 'a' && code_point <= 'z') || (code_point >= 'A' && code_point <= 'Z') ||
               (code_point >= '0' && code_point <= '9');
    return classify(static_cast<utf8proc_int32_t>(code_point)) == char_class::word;
}

} // namespace wiredup
