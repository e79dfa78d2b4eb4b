// Private to stage 2, normalize: whole blocks of 64 ASCII bytes normalized at once. Letters and
// digits are classified and lower-cased in vectors, and the bytes kept (the tokens, and one
// separator between two tokens) are packed by a compress, so that a block costs no branch per
// token. The vector kernel is compiled for every Highway target and picked at run time; it
// writes what normalize()'s byte loop writes, byte for byte.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

namespace wiredup::detail {

inline constexpr std::size_t ascii_block = 64;

/// Where normalize()'s writer stands between two bytes: inside a token or not; whether a token
/// ended on the current line (so that the next token is preceded by ' '); and where in the output
/// the current token begins. Only valid outside a token with non-ASCII bytes, whose case fold
/// the writer does at its end.
struct token_state {
    bool in_token = false;
    bool line_has_tokens = false;
    std::size_t token_start = 0;
};

/// What normalize_ascii_blocks() did: bytes of input read, and the output's length after it.
struct ascii_progress {
    std::size_t read = 0;
    std::size_t written = 0;
};

/// Normalizes the blocks of 64 bytes at the start of in[0, size) up to the first block that holds
/// a byte >= 0x80 (or fewer than 64 bytes left), continuing `state`, and writes them on from
/// out[written]. Needs room in out for written + size + 128 bytes: output never outgrows its
/// input, and each vector is stored whole, its bytes past the ones kept overwritten by what comes
/// next. token_state::token_start is a position in out. A target without vectors reads nothing.
ascii_progress normalize_ascii_blocks(const unsigned char* in, std::size_t size, char* out, std::size_t written,
                                      token_state& state) noexcept;

/// Bitmaps of a text for the line census (line_census::add_raw), bit i % 64 of word i / 64 for
/// byte i: ASCII letters and digits (`word`), the other ASCII bytes (`other`), and the bytes that
/// may begin one of normalize()'s line breaks: '\n', '\r', and the lead bytes 0xC2 (of U+0085)
/// and 0xE2 (of U+2028 and U+2029) (`line_break`). Each array has room for (size + 63) / 64 words.
void text_masks(const unsigned char* in, std::size_t size, std::uint64_t* word, std::uint64_t* other,
                std::uint64_t* line_break) noexcept;

/// The same a byte at a time: the reference the vector kernel is tested against.
void text_masks_scalar(const unsigned char* in, std::size_t size, std::uint64_t* word, std::uint64_t* other,
                       std::uint64_t* line_break) noexcept;

/// The bitmap of the separators of normalized text (' ' and '\n'), bit i % 64 of word i / 64 for
/// byte i, for the shingler's tokenizer: `blocks` words from the bytes in[0, 64 * blocks), all of
/// which must be readable.
void separator_masks(const unsigned char* in, std::size_t blocks, std::uint64_t* separators) noexcept;

/// Name of the Highway target normalize_ascii_blocks(), text_masks() and separator_masks() run on.
std::string_view normalize_target() noexcept;

} // namespace wiredup::detail
