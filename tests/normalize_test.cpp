// Stage 2, normalize: token folding, Unicode (case folding, NFKC), invalid bytes, line breaks,
// and the furniture census with keep_content().
#include <wiredup/normalize.hpp>

#include "../src/detail/normalize_kernel.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>

#include <array>
#include <cctype>
#include <random>

#include <string>
#include <vector>

namespace wiredup {
namespace {

std::string norm(std::string_view raw) { return normalize(raw).text; }

normalized_text doc(std::string text) { return {std::move(text), 0}; }

TEST(Normalize, LowerCasesAscii) { EXPECT_EQ(norm("WiReD Up"), "wired up"); }

TEST(Normalize, FoldsPunctuationAndWhitespace) {
    EXPECT_EQ(norm("Hello,   World!"), "hello world");
    EXPECT_EQ(norm("  \t(leading) and trailing...  "), "leading and trailing");
}

TEST(Normalize, KeepsDigits) {
    EXPECT_EQ(norm("5 killed"), "5 killed");
    EXPECT_NE(norm("5 killed"), norm("7 killed"));
}

TEST(Normalize, CurlyQuotesAndDashesAreSeparators) {
    EXPECT_EQ(norm("\xE2\x80\x9Cquoted\xE2\x80\x9D\xE2\x80\x94" "dash\xE2\x80\x93x"), "quoted dash x");
    EXPECT_EQ(norm("it\xE2\x80\x99s"), "it s");
}

TEST(Normalize, FoldsUnicodeCase) {
    EXPECT_EQ(norm("STRASSE"), norm("stra\xC3\x9F" "e"));
    EXPECT_EQ(norm("stra\xC3\x9F" "e"), "strasse");
    // ΣΊΣΥΦΟΣ and σίσυφος: capital, medial and final sigma all fold to σ.
    EXPECT_EQ(norm("\xCE\xA3\xCE\x8A\xCE\xA3\xCE\xA5\xCE\xA6\xCE\x9F\xCE\xA3"),
              norm("\xCF\x83\xCE\xAF\xCF\x83\xCF\x85\xCF\x86\xCE\xBF\xCF\x82"));
    EXPECT_EQ(norm("CAF\xC3\x89"), "caf\xC3\xA9");
}

TEST(Normalize, AppliesNfkc) {
    EXPECT_EQ(norm("\xEF\xBC\xB7\xEF\xBC\xA9\xEF\xBC\xB2\xEF\xBC\xA5"), "wire");  // full-width ＷＩＲＥ
    EXPECT_EQ(norm("\xEF\xAC\x81nal"), "final");                                 // ligature ﬁ
    EXPECT_EQ(norm("cafe\xCC\x81"), norm("caf\xC3\xA9"));                        // combining acute composes
}

TEST(Normalize, InvalidBytesAreCountedAndSeparate) {
    struct sample {
        std::string raw;
        std::size_t invalid;
    };
    const std::vector<sample> samples = {
        {"abc\xC0\xAF" "def", 2},      // overlong '/'
        {"abc\xE0\x80\xAF" "def", 3},  // overlong 3-byte
        {"abc\x80" "def", 1},          // lone continuation byte
        {"abc\xE2\x82" " def", 2},     // truncated euro sign
        {"abc\xED\xA0\x80" "def", 3},  // UTF-16 surrogate D800 encoded in UTF-8
        {"abc\xF4\x90\x80\x80" "def", 4},  // beyond U+10FFFF
    };
    for (const auto& s : samples) {
        const auto n = normalize(s.raw);
        EXPECT_EQ(n.text, "abc def") << testing::PrintToString(s.raw);
        EXPECT_EQ(n.invalid_bytes, s.invalid) << testing::PrintToString(s.raw);
    }
}

TEST(Normalize, TruncatedSequenceAtEndIsCounted) {
    const auto n = normalize("abc\xE2\x82");
    EXPECT_EQ(n.text, "abc");
    EXPECT_EQ(n.invalid_bytes, 2u);
}

TEST(Normalize, ValidTextHasNoInvalidBytes) {
    EXPECT_EQ(normalize("na\xC3\xAFve \xE6\x9D\xB1\xE4\xBA\xAC").invalid_bytes, 0u);
}

TEST(Normalize, NulIsSeparator) {
    EXPECT_EQ(norm(std::string_view("a\0b", 3)), "a b");
}

TEST(Normalize, LineBreaksEndLines) {
    EXPECT_EQ(norm("one\r\ntwo"), "one\ntwo");
    EXPECT_EQ(norm("one\rtwo"), "one\ntwo");
    EXPECT_EQ(norm("one\xE2\x80\xA8two"), "one\ntwo");  // U+2028 LINE SEPARATOR
    EXPECT_EQ(norm("one\xE2\x80\xA9two"), "one\ntwo");  // U+2029 PARAGRAPH SEPARATOR
}

TEST(Normalize, BlankLinesVanishWithoutTrailingNewline) {
    EXPECT_EQ(norm("\n\n a \n \t \n\n b\n\n"), "a\nb");
    EXPECT_EQ(norm("--- !!! ---\n...\n"), "");
    EXPECT_EQ(norm(""), "");
}

// The brute-force twin of normalize() for text of ASCII bytes, U+2019 (a separator), U+00E9
// (a letter that NFKC case folding keeps) and U+2028 (a line break), a character at a time:
// tokens are runs of letters and digits, lower-cased; '\n', '\r' and U+2028 end lines; empty
// lines vanish.
const std::string apostrophe = "\xE2\x80\x99", e_acute = "\xC3\xA9", line_separator = "\xE2\x80\xA8";

std::string normalize_slowly(const std::vector<std::string>& characters) {
    std::vector<std::vector<std::string>> lines(1);
    std::string token;
    auto end_token = [&] {
        if (!token.empty()) lines.back().push_back(token);
        token.clear();
    };
    for (const std::string& c : characters) {
        if (c == e_acute) {
            token += c;
        } else if (c.size() == 1 && std::isalnum(static_cast<unsigned char>(c[0]))) {
            token += static_cast<char>(std::tolower(static_cast<unsigned char>(c[0])));
        } else {
            end_token();
            if (c == "\n" || c == "\r" || c == line_separator) lines.emplace_back();
        }
    }
    end_token();
    std::string out;
    for (const auto& line : lines) {
        if (line.empty()) continue;
        if (!out.empty()) out += '\n';
        for (std::size_t i = 0; i < line.size(); ++i) out += (i > 0 ? " " : "") + line[i];
    }
    return out;
}

// normalize() reads ASCII a word (eight bytes) at a time, token after token: every byte value
// below 0x80, at every offset of a word, next to multi-byte characters and at the text's end,
// must come out as the character-at-a-time reading has it.
TEST(Normalize, EqualsCharacterAtATimeTwin) {
    std::mt19937_64 rng(7);
    const std::string common = "aZ9 \n\r.,'-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789   ";
    for (int n = 0; n < 4000; ++n) {
        std::vector<std::string> characters(rng() % 80);
        for (auto& c : characters) {
            // Mostly letters, digits and separators, so that runs of every length occur, and now
            // and then any ASCII byte, including the neighbours of each range ('/', ':', '@', '[',
            // '`', '{'), or a two- or three-byte character.
            const auto roll = rng() % 32;
            c = roll == 0 ? apostrophe
                : roll == 1 ? e_acute
                : roll < 10 ? std::string(1, static_cast<char>(rng() % 0x80))
                            : std::string(1, common[rng() % common.size()]);
        }
        std::string raw;
        for (const auto& c : characters) raw += c;
        EXPECT_EQ(norm(raw), normalize_slowly(characters)) << raw;
    }
}

// Texts of many blocks of 64 bytes, for the vector kernel: blocks of plain ASCII next to blocks
// with other characters, tokens and gaps (with and without a line break) longer than a block,
// lines that a gap ends in one block and a token begins in the next.
std::vector<std::string> block_text(std::mt19937_64& rng) {
    const std::string common = "aZ9 \n\r.,'-AbCdEfGhIjKlMnOpQrStUvWxYz0123456789     ";
    std::vector<std::string> characters;
    const std::size_t length = rng() % 700;
    const auto rare = rng() % 4 == 0 ? 16 : 400;  // some texts with other characters every few blocks
    while (characters.size() < length) {
        const auto roll = rng() % rare;
        const auto run = 40 + rng() % 100;
        if (roll == 0) characters.push_back(apostrophe);
        else if (roll == 1) characters.push_back(e_acute);
        else if (roll == 2) characters.push_back(line_separator);
        else if (roll == 3) for (std::size_t i = 0; i < run; ++i) characters.push_back(std::string(1, "aB7"[i % 3]));
        else if (roll == 4) for (std::size_t i = 0; i < run; ++i) characters.push_back(i == run / 2 ? "\n" : " ");
        else if (roll == 5) for (std::size_t i = 0; i < run; ++i) characters.push_back(i % 7 == 0 ? "." : " ");
        else if (roll < 12) characters.push_back(std::string(1, static_cast<char>(rng() % 0x80)));
        else characters.push_back(std::string(1, common[rng() % common.size()]));
    }
    return characters;
}

// Every vector target (and the byte loop alone, where a target has no vectors) writes what the
// character-at-a-time reading does.
TEST(Normalize, EveryTargetEqualsTheTwinAcrossBlocks) {
    const auto targets = hwy::SupportedAndGeneratedTargets();
    ASSERT_FALSE(targets.empty());
    for (const std::int64_t target : targets) {
        const test::forced_target forced(target);
        ASSERT_EQ(detail::normalize_target(), hwy::TargetName(target)) << "dispatch did not follow the forced target";
        std::mt19937_64 rng(11);
        for (int n = 0; n < 1500; ++n) {
            const auto characters = block_text(rng);
            std::string raw;
            for (const auto& c : characters) raw += c;
            ASSERT_EQ(norm(raw), normalize_slowly(characters)) << hwy::TargetName(target) << ": " << raw;
        }
    }
}

// ---- line census -------------------------------------------------------------------------

boilerplate_options census_options(std::size_t min_documents, double min_fraction = 0.0) {
    boilerplate_options o;
    o.min_documents = min_documents;
    o.min_fraction = min_fraction;
    return o;
}

TEST(LineCensus, LineInThresholdDocumentsIsFurniture) {
    line_census census(census_options(3));
    census.add(doc("subscribe now\nstory one"));
    census.add(doc("subscribe now\nstory two"));
    census.add(doc("subscribe now\nstory three\nstory one"));
    census.finish();
    EXPECT_EQ(census.threshold(), 3u);
    EXPECT_TRUE(census.is_furniture(line_key("subscribe now")));
    EXPECT_FALSE(census.is_furniture(line_key("story one")));  // two documents, below threshold
    EXPECT_EQ(census.furniture_lines(), 1u);
}

TEST(LineCensus, LongLineIsNeverFurniture) {
    boilerplate_options o = census_options(2);
    o.max_tokens = 3;
    line_census census(o);
    for (int i = 0; i < 5; ++i) census.add(doc("a b c\na b c d"));
    census.finish();
    EXPECT_TRUE(census.is_furniture(line_key("a b c")));      // exactly max_tokens
    EXPECT_FALSE(census.is_furniture(line_key("a b c d")));   // one more
}

TEST(LineCensus, RepeatInsideDocumentCountsOnce) {
    line_census census(census_options(2));
    census.add(doc("share this\nbody\nshare this\nshare this"));
    census.add(doc("other body"));
    census.finish();
    EXPECT_FALSE(census.is_furniture(line_key("share this")));
}

TEST(LineCensus, ThresholdIsMaxOfAbsoluteAndRelative) {
    line_census relative(census_options(2, 0.5));
    for (int i = 0; i < 7; ++i) relative.add(doc("x"));
    relative.finish();
    EXPECT_EQ(relative.threshold(), 4u);  // ceil(0.5 * 7)

    line_census absolute(census_options(5, 0.1));
    for (int i = 0; i < 7; ++i) absolute.add(doc("x"));
    absolute.finish();
    EXPECT_EQ(absolute.threshold(), 5u);  // ceil(0.7) = 1 < 5
    EXPECT_EQ(absolute.documents(), 7u);
}

TEST(LineCensus, MergeEqualsOneCensus) {
    const std::vector<std::string> texts = {"menu\nhome\nstory a", "menu\nstory b",   "menu\nhome\nstory c",
                                            "home\nstory d",       "menu\nstory a",   "footer\nstory e"};
    line_census whole(census_options(3));
    line_census left(census_options(3));
    line_census right(census_options(3));
    for (std::size_t i = 0; i < texts.size(); ++i) {
        whole.add(doc(texts[i]));
        (i < 2 ? left : right).add(doc(texts[i]));
    }
    left.merge(std::move(right));
    whole.finish();
    left.finish();
    EXPECT_EQ(left.documents(), whole.documents());
    EXPECT_EQ(left.threshold(), whole.threshold());
    EXPECT_EQ(left.furniture_lines(), whole.furniture_lines());
    for (const char* line : {"menu", "home", "story a", "footer"})
        EXPECT_EQ(left.is_furniture(line_key(line)), whole.is_furniture(line_key(line))) << line;
    EXPECT_TRUE(whole.is_furniture(line_key("menu")));
    EXPECT_TRUE(whole.is_furniture(line_key("home")));
}

TEST(LineCensus, DisabledMarksNothing) {
    boilerplate_options o = census_options(1);
    o.enabled = false;
    line_census census(o);
    for (int i = 0; i < 10; ++i) census.add(doc("menu"));
    census.finish();
    EXPECT_EQ(census.documents(), 10u);
    EXPECT_EQ(census.furniture_lines(), 0u);
    EXPECT_FALSE(census.is_furniture(line_key("menu")));
}

// add_raw() skips long lines before normalizing them; it must count exactly the lines add()
// counts after normalizing the whole text, whatever the bytes (line breaks of every kind, bytes
// that are not UTF-8, NFKC expansions that split a token, punctuation-only runs).
TEST(LineCensus, AddRawCountsTheSameLinesAsAdd) {
    const std::vector<std::string> pieces = {
        "wire", "Story", "HIGHLIGHTS", "42", "a", " ", "  ", ", ", "--", "...", "\n", "\r\n", "\r", "\n\n",
        "\xE2\x80\xA8", "\xE2\x80\xA9", "\xC2\x85", "\xE2\x80", "\xC2", "\xFF", "\xF0\x9F", "caf\xC3\xA9",
        "\xEF\xAC\x81", "\xC2\xBD", "\xEF\xBC\xA1\xEF\xBC\xA2", "\xE2\x80\x94", "x\xC3\xA9y", "\t", "#"};
    // Texts of up to a few hundred pieces span several blocks of 64 bytes, where the count of a
    // line's tokens carries from one bitmap word to the next; on every target.
    std::mt19937_64 rng(7);
    for (const std::int64_t target : hwy::SupportedAndGeneratedTargets()) {
        const test::forced_target forced(target);
        for (int round = 0; round < 1200; ++round) {
            boilerplate_options o = census_options(1, 0.0);
            o.max_tokens = std::array<std::size_t, 4>{1, 3, 16, 40}[round % 4];
            std::string raw;
            const std::size_t n = rng() % (round % 8 < 4 ? 80 : 300);
            for (std::size_t i = 0; i < n; ++i) raw += pieces[rng() % pieces.size()];
            line_census cooked(o), scanned(o);
            const normalized_text normalized = normalize(raw);
            cooked.add(normalized);
            scanned.add_raw(raw);
            cooked.finish();
            scanned.finish();
            ASSERT_EQ(scanned.furniture_lines(), cooked.furniture_lines()) << testing::PrintToString(raw);
            std::string_view rest = normalized.text;
            while (!rest.empty()) {
                const auto end = rest.find('\n');
                const auto line = rest.substr(0, end);
                EXPECT_EQ(scanned.is_furniture(line_key(line)), cooked.is_furniture(line_key(line)))
                    << testing::PrintToString(raw);
                rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end + 1);
            }
        }
    }
}

// The census's bitmaps, on every target, against the byte-at-a-time reference: every byte value
// at every position of a block, and every length around whole blocks.
TEST(LineCensus, TextMasksOfEveryTargetEqualTheReference) {
    std::mt19937_64 rng(3);
    std::vector<unsigned char> text(300);
    for (const std::int64_t target : hwy::SupportedAndGeneratedTargets()) {
        const test::forced_target forced(target);
        ASSERT_EQ(detail::normalize_target(), hwy::TargetName(target)) << "dispatch did not follow the forced target";
        for (int round = 0; round < 200; ++round) {
            for (auto& c : text) c = static_cast<unsigned char>(round < 4 ? (round * 64 + (&c - text.data())) % 256 : rng());
            const std::size_t size = round < 4 ? 256 : rng() % text.size();
            const std::size_t words = (size + 63) / 64;
            std::vector<std::uint64_t> got(3 * words + 1, 7), want(3 * words + 1, 7);
            detail::text_masks(text.data(), size, got.data(), got.data() + words, got.data() + 2 * words);
            detail::text_masks_scalar(text.data(), size, want.data(), want.data() + words, want.data() + 2 * words);
            ASSERT_EQ(got, want) << hwy::TargetName(target) << ", " << size << " bytes, round " << round;
        }
    }
}

TEST(Normalize, IntoAUsedBufferEqualsAFreshOne) {
    const std::vector<std::string> texts = {std::string(200, 'A') + " Long\nFirst Line", "Short \xFF",
                                            "\xC3\x89T\xC3\x89 caf\xC3\xA9", "", "x"};
    normalized_text used;
    for (const std::string& text : texts) {
        normalize(text, used);
        const normalized_text fresh = normalize(text);
        EXPECT_EQ(used.text, fresh.text) << text;
        EXPECT_EQ(used.invalid_bytes, fresh.invalid_bytes) << text;
    }
}

// ---- keep_content ------------------------------------------------------------------------

TEST(KeepContent, DropsFurnitureAndRepeatsInOrder) {
    line_census census(census_options(2));
    census.add(doc("menu\nfirst"));
    census.add(doc("menu\nsecond"));
    census.finish();
    line_filter_stats stats;
    const auto kept = keep_content(doc("menu\nthird\nalpha\nthird\nmenu\nbeta"), &census, &stats);
    EXPECT_EQ(kept, "third\nalpha\nbeta");
    EXPECT_EQ(stats.lines, 6u);
    EXPECT_EQ(stats.furniture, 2u);
    EXPECT_EQ(stats.repeated, 1u);
}

TEST(KeepContent, WithoutCensusDropsOnlyRepeats) {
    line_filter_stats stats;
    EXPECT_EQ(keep_content(doc("b\na\nb\nc\na"), nullptr, &stats), "b\na\nc");
    EXPECT_EQ(stats.lines, 5u);
    EXPECT_EQ(stats.furniture, 0u);
    EXPECT_EQ(stats.repeated, 2u);
}

TEST(KeepContent, IntoAUsedBufferEqualsAFreshOne) {
    std::string used = "left over from a longer document\nof two lines";
    line_filter_stats stats;
    for (const std::string text : {"b\na\nb", "", "one line"}) {
        keep_content(doc(text), nullptr, &stats, used);
        EXPECT_EQ(used, keep_content(doc(text), nullptr)) << text;
    }
}

TEST(KeepContent, EmptyDocumentKeepsNothing) {
    line_filter_stats stats;
    EXPECT_EQ(keep_content(doc(""), nullptr, &stats), "");
    EXPECT_EQ(stats.lines, 0u);
}

} // namespace
} // namespace wiredup
