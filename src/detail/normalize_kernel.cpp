// Private to stage 2, normalize: the ASCII block kernel, compiled once per Highway target
// (foreach_target.h re-includes this file) and dispatched at run time.
//
// A block becomes three 64-bit masks: word bytes (ASCII letters and digits), line breaks ('\n',
// '\r') and bytes >= 0x80. The rest is arithmetic on the masks:
// - a token starts at a word byte whose predecessor is not one;
// - each token start but a line's first is preceded by one separator, written over the byte
//   just before it: '\n' when the gap since the last token held a line break, else ' ';
// - which gaps held a break comes from one addition: adding the break bits to the gap bits
//   carries out of every gap run that holds a break, into the word byte after it.
// The writer's state (token_state) carries what a block leaves open into the next. The compress
// of the kept bytes is one instruction on AVX3_DL (VBMI2, which CMakeLists.txt asks Highway for)
// and Highway's 32-bit compress on AVX3; AVX2 and before shuffle 8 bytes at a time by pack8.
#include "detail/normalize_kernel.hpp"

#include <algorithm>
#include <bit>
#include <cstring>

#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "detail/normalize_kernel.cpp"
#include <hwy/foreach_target.h>  // must come before highway.h
#include <hwy/highway.h>

#ifndef WIREDUP_NORMALIZE_MASKS  // this file is compiled once per target; the mask logic only once
#define WIREDUP_NORMALIZE_MASKS
namespace wiredup::detail {

// The 64 bits of a block's mask, bit i for byte i, from the bytes StoreMaskBits wrote (lane i
// in bit i % 8 of byte i / 8), and back: one load or store on a little-endian machine.
inline std::uint64_t mask_word(const std::uint8_t (&bits)[8]) noexcept {
    std::uint64_t word = 0;
    if constexpr (std::endian::native == std::endian::little) {
        std::memcpy(&word, bits, sizeof word);
    } else {
        for (int i = 7; i >= 0; --i) word = (word << 8) | bits[i];
    }
    return word;
}

inline void mask_bytes(std::uint64_t word, std::uint8_t (&bits)[8]) noexcept {
    if constexpr (std::endian::native == std::endian::little) {
        std::memcpy(bits, &word, sizeof word);
    } else {
        for (int i = 0; i < 8; ++i) bits[i] = static_cast<std::uint8_t>(word >> (8 * i));
    }
}

// What one block writes, from its masks and the state before it: which bytes are kept, which of
// those become ' ' or '\n', and what goes before and after them.
struct block_plan {
    std::uint64_t keep = 0, space = 0, newline = 0;
    char before = 0;  // a separator for a token starting at byte 0, or 0
    char after = 0;   // a '\n' for a line break in the block's trailing gap, or 0
};

inline block_plan plan_block(std::uint64_t word, std::uint64_t line_break, token_state& state, std::size_t written) noexcept {
    block_plan plan;
    const std::uint64_t gap = ~word;
    const std::uint64_t starts = word & ~((word << 1) | (state.in_token ? 1 : 0));
    // A token on this line before the block: one going on, or one that ended with no break since.
    const bool line_open = state.in_token || state.line_has_tokens;
    const std::uint64_t separated = line_open ? starts : starts & (starts - 1);
    std::uint64_t sum = 0;
    const bool trailing_break = __builtin_add_overflow(gap, line_break, &sum);
    const std::uint64_t broken = sum & word;  // starts whose gap (its part in this block) held a break
    plan.space = (separated & ~broken) >> 1;
    plan.newline = (separated & broken) >> 1;
    plan.keep = word | plan.space | plan.newline;
    // A start at byte 0 continues a gap of the block before, which held no break (it would have
    // closed the line there): its separator is a space, written before the block.
    if (separated & 1) plan.before = ' ';
    if (word >> 63) {
        if (starts != 0) {
            const int last = 63 - std::countl_zero(starts);
            state.token_start = written + (plan.before != 0 ? 1 : 0) +
                                static_cast<std::size_t>(std::popcount(plan.keep & ((std::uint64_t{1} << last) - 1)));
            state.line_has_tokens = ((separated & ~broken) >> last) & 1;
        }
        state.in_token = true;
    } else {
        const bool token_before = word != 0 || line_open;
        if (token_before && trailing_break) plan.after = '\n';
        state.line_has_tokens = token_before && !trailing_break;
        state.in_token = false;
    }
    return plan;
}

// For each 8-bit mask, the byte shuffle that moves the lanes it keeps to the front, in order.
// Targets without a compress instruction for bytes pack a block 8 lanes at a time with it.
struct pack_table {
    alignas(64) std::uint8_t lanes[256][8] = {};
};

constexpr pack_table make_pack_table() noexcept {
    pack_table table;
    for (unsigned mask = 0; mask < 256; ++mask) {
        unsigned n = 0;
        for (unsigned lane = 0; lane < 8; ++lane)
            if ((mask >> lane) & 1) table.lanes[mask][n++] = static_cast<std::uint8_t>(lane);
    }
    return table;
}

inline constexpr pack_table pack8 = make_pack_table();

} // namespace wiredup::detail
#endif

HWY_BEFORE_NAMESPACE();
namespace wiredup::detail::HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

// The masks of one block of 64 bytes (bytes past the text's end are zero: neither word, other
// nor line break, as other would take them, so they are cleared after).
HWY_INLINE void block_masks(const unsigned char* block, std::uint64_t& word, std::uint64_t& other, std::uint64_t& line_break) {
#if HWY_TARGET == HWY_SCALAR
    (void)block, (void)word, (void)other, (void)line_break;
#else
    const hn::ScalableTag<std::uint8_t> d;
    const std::size_t lanes = hn::Lanes(d);
    std::uint8_t word_bits[8] = {}, ascii_bits[8] = {}, break_bits[8] = {};
    for (std::size_t k = 0; k < ascii_block; k += lanes) {
        const auto v = hn::LoadU(d, block + k);
        const auto letter = hn::Lt(hn::Sub(hn::Or(v, hn::Set(d, 0x20)), hn::Set(d, 'a')), hn::Set(d, 26));
        const auto digit = hn::Lt(hn::Sub(v, hn::Set(d, '0')), hn::Set(d, 10));
        hn::StoreMaskBits(d, hn::Or(letter, digit), word_bits + k / 8);
        hn::StoreMaskBits(d, hn::Eq(hn::And(v, hn::Set(d, 0x80)), hn::Zero(d)), ascii_bits + k / 8);
        const auto breaks = hn::Or(hn::Or(hn::Eq(v, hn::Set(d, '\n')), hn::Eq(v, hn::Set(d, '\r'))),
                                   hn::Or(hn::Eq(v, hn::Set(d, 0xC2)), hn::Eq(v, hn::Set(d, 0xE2))));
        hn::StoreMaskBits(d, breaks, break_bits + k / 8);
    }
    word = mask_word(word_bits);
    other = mask_word(ascii_bits) & ~word;
    line_break = mask_word(break_bits);
#endif
}

ascii_progress ascii_blocks(const unsigned char* in, std::size_t size, char* out, std::size_t written, token_state& state) {
    ascii_progress done{0, written};
#if HWY_TARGET == HWY_SCALAR  // one lane at a time is the byte loop's job
    (void)in, (void)size, (void)out, (void)state;
#else
    const hn::ScalableTag<std::uint8_t> d;
    const std::size_t lanes = hn::Lanes(d);
    if (lanes < 8 || ascii_block % lanes != 0) return done;
    // AVX3_DL compresses bytes in one instruction and AVX3 by Highway's 32-bit compress; AVX2
    // and before have no compress for bytes, and pack them with pack8 instead.
    constexpr bool compress_bytes = HWY_TARGET <= HWY_AVX3;
    const auto case_bit = hn::Set(d, 0x20);
    const auto space = hn::Set(d, ' ');
    const auto newline = hn::Set(d, '\n');
    auto* const to = reinterpret_cast<std::uint8_t*>(out);
    for (; done.read + ascii_block <= size; done.read += ascii_block) {
        const unsigned char* const block = in + done.read;
        std::uint64_t word = 0, other = 0, line_break = 0;
        block_masks(block, word, other, line_break);
        // Every byte is a letter or digit or other ASCII, or the block is refused; in a block of
        // ASCII, the bytes that may begin a line break are '\n' and '\r', which always do.
        if ((word | other) != ~std::uint64_t{0}) break;
        const block_plan plan = plan_block(word, line_break, state, done.written);
        if (plan.before != 0) to[done.written++] = static_cast<std::uint8_t>(plan.before);
        std::uint8_t keep_bits[8], space_bits[8], newline_bits[8];
        mask_bytes(plan.keep, keep_bits);
        mask_bytes(plan.space, space_bits);
        mask_bytes(plan.newline, newline_bits);
        alignas(64) std::uint8_t bytes_out[ascii_block];  // the block's bytes, where packed by pack8
        for (std::size_t k = 0; k < ascii_block; k += lanes) {
            const auto v = hn::LoadU(d, block + k);
            const auto upper = hn::Lt(hn::Sub(v, hn::Set(d, 'A')), hn::Set(d, 26));
            auto bytes = hn::Or(v, hn::IfThenElseZero(upper, case_bit));
            bytes = hn::IfThenElse(hn::LoadMaskBits(d, space_bits + k / 8), space, bytes);
            bytes = hn::IfThenElse(hn::LoadMaskBits(d, newline_bits + k / 8), newline, bytes);
            if constexpr (compress_bytes) {
                const auto keep = hn::LoadMaskBits(d, keep_bits + k / 8);
                // Compressed in a register and stored whole: a store that writes only the kept
                // lanes is microcoded and slow on some CPUs; the caller leaves room for the whole vector.
                hn::StoreU(hn::Compress(bytes, keep), d, to + done.written);
                done.written += hn::CountTrue(d, keep);
            } else {
                hn::Store(bytes, d, bytes_out + k);
            }
        }
        if constexpr (!compress_bytes) {
            // 8 lanes at a time by a shuffle from pack8. Highway's own Compress for bytes on these
            // targets copied its 2 KB table onto the stack at every call (Highway 1.0.3): 80% of
            // this kernel's time, 0.6 GB/s on AVX2.
            const hn::FixedTag<std::uint8_t, 8> d8;
            for (std::size_t k = 0; k < ascii_block; k += 8) {
                const unsigned kept = keep_bits[k / 8];
                const auto packed = hn::TableLookupBytes(hn::Load(d8, bytes_out + k), hn::Load(d8, pack8.lanes[kept]));
                hn::StoreU(packed, d8, to + done.written);  // 8 bytes, within the room the caller leaves
                done.written += static_cast<std::size_t>(std::popcount(kept));
            }
        }
        if (plan.after != 0) to[done.written++] = static_cast<std::uint8_t>(plan.after);
    }
#endif
    return done;
}

bool text_masks_lanes(const unsigned char* in, std::size_t size, std::uint64_t* word, std::uint64_t* other,
                      std::uint64_t* line_break) {
#if HWY_TARGET == HWY_SCALAR
    (void)in, (void)size, (void)word, (void)other, (void)line_break;
    return false;
#else
    const hn::ScalableTag<std::uint8_t> d;
    if (hn::Lanes(d) < 8 || ascii_block % hn::Lanes(d) != 0) return false;
    std::size_t w = 0;
    for (; (w + 1) * ascii_block <= size; ++w) block_masks(in + w * ascii_block, word[w], other[w], line_break[w]);
    if (w * ascii_block < size) {  // the last bytes, from a copy padded with zeros
        alignas(64) unsigned char tail[ascii_block] = {};
        const std::size_t n = size - w * ascii_block;
        std::memcpy(tail, in + w * ascii_block, n);
        block_masks(tail, word[w], other[w], line_break[w]);
        other[w] &= (std::uint64_t{1} << n) - 1;
    }
    return true;
#endif
}

std::size_t separator_lanes(const unsigned char* in, std::size_t blocks, std::uint64_t* separators) {
    std::size_t w = 0;
#if HWY_TARGET == HWY_SCALAR
    (void)in, (void)blocks, (void)separators;
#else
    const hn::ScalableTag<std::uint8_t> d;
    const std::size_t lanes = hn::Lanes(d);
    if (lanes < 8 || ascii_block % lanes != 0) return 0;
    const auto space = hn::Set(d, ' '), newline = hn::Set(d, '\n');
    for (; w < blocks; ++w) {
        std::uint8_t bits[8] = {};
        for (std::size_t k = 0; k < ascii_block; k += lanes) {
            const auto v = hn::LoadU(d, in + w * ascii_block + k);
            hn::StoreMaskBits(d, hn::Or(hn::Eq(v, space), hn::Eq(v, newline)), bits + k / 8);
        }
        separators[w] = mask_word(bits);
    }
#endif
    return w;
}

const char* normalize_target_name() { return hwy::TargetName(HWY_TARGET); }

} // namespace wiredup::detail::HWY_NAMESPACE
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
namespace wiredup::detail {

HWY_EXPORT(ascii_blocks);
HWY_EXPORT(text_masks_lanes);
HWY_EXPORT(separator_lanes);
HWY_EXPORT(normalize_target_name);

ascii_progress normalize_ascii_blocks(const unsigned char* in, std::size_t size, char* out, std::size_t written,
                                      token_state& state) noexcept {
    return HWY_DYNAMIC_DISPATCH(ascii_blocks)(in, size, out, written, state);
}

void text_masks_scalar(const unsigned char* in, std::size_t size, std::uint64_t* word, std::uint64_t* other,
                       std::uint64_t* line_break) noexcept {
    const std::size_t words = (size + ascii_block - 1) / ascii_block;
    std::fill(word, word + words, 0);
    std::fill(other, other + words, 0);
    std::fill(line_break, line_break + words, 0);
    for (std::size_t i = 0; i < size; ++i) {
        const unsigned char c = in[i];
        const bool is_word = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        const std::uint64_t bit = std::uint64_t{1} << (i % ascii_block);
        if (is_word) word[i / ascii_block] |= bit;
        else if (c < 0x80) other[i / ascii_block] |= bit;
        if (c == '\n' || c == '\r' || c == 0xC2 || c == 0xE2) line_break[i / ascii_block] |= bit;
    }
}

void text_masks(const unsigned char* in, std::size_t size, std::uint64_t* word, std::uint64_t* other,
                std::uint64_t* line_break) noexcept {
    if (!HWY_DYNAMIC_DISPATCH(text_masks_lanes)(in, size, word, other, line_break))
        text_masks_scalar(in, size, word, other, line_break);
}

void separator_masks(const unsigned char* in, std::size_t blocks, std::uint64_t* separators) noexcept {
    for (std::size_t w = HWY_DYNAMIC_DISPATCH(separator_lanes)(in, blocks, separators); w < blocks; ++w) {
        std::uint64_t bits = 0;
        for (std::size_t i = 0; i < ascii_block; ++i) {
            const unsigned char c = in[w * ascii_block + i];
            bits |= static_cast<std::uint64_t>(c == ' ' || c == '\n') << i;
        }
        separators[w] = bits;
    }
}

std::string_view normalize_target() noexcept { return HWY_DYNAMIC_DISPATCH(normalize_target_name)(); }

} // namespace wiredup::detail
#endif // HWY_ONCE
