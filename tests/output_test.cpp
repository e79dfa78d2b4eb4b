// The formatting the commands write with (src/cli/output.hpp): scores as printf("%.4f") prints
// them, ties and all, and ids escaped for JSON and TSV.
#include "../src/cli/output.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <random>
#include <string>

namespace wiredup::cli {
namespace {

std::string printf_score(double value) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.4f", value);
    return buf;
}

// Scores are ratios of shingle counts: many are exact binary fractions, some exactly halfway
// between two four-decimal numbers (1/32 = 0.03125), where a formatter that rounded ties its own
// way would change outputs written before it.
TEST(Score, PrintsWhatPrintfPrints) {
    std::size_t ties = 0;
    for (int bits = 1; bits <= 20; ++bits) {
        const double step = std::ldexp(1.0, -bits);
        for (double v = 0; v <= 1.0; v += step * (bits > 14 ? 37 : 1)) {
            ASSERT_EQ(score(v), printf_score(v)) << v;
            const double scaled = v * 1e5;
            ties += scaled == std::floor(scaled) && static_cast<long long>(scaled) % 10 == 5;
        }
    }
    EXPECT_GT(ties, 10u);  // the halfway cases were among them
    std::mt19937_64 rng(3);
    std::uniform_real_distribution<float> unit(0.0f, 1.0f);
    for (int i = 0; i < 200000; ++i) {
        const float v = unit(rng);
        ASSERT_EQ(score(v), printf_score(v)) << v;
        const float near = std::nextafter(static_cast<float>(std::round(v * 1e4) / 1e4 + 5e-5), 0.0f);
        ASSERT_EQ(score(near), printf_score(near)) << near;
    }
    for (const double v : {0.0, 1.0, 0.99995, 0.00005, 123.45675, 1e-9})
        EXPECT_EQ(score(v), printf_score(v)) << v;
    std::string appended = "x";
    append_score(appended, 0.03125);
    EXPECT_EQ(appended, "x0.0312");
}

TEST(JsonString, EscapesQuotesBackslashesAndControls) {
    EXPECT_EQ(json_string("plain id/2023-10-07"), "\"plain id/2023-10-07\"");
    EXPECT_EQ(json_string(""), "\"\"");
    EXPECT_EQ(json_string("a\"b\\c\nd\re\tf"), "\"a\\\"b\\\\c\\nd\\re\\tf\"");
    EXPECT_EQ(json_string(std::string("x\x01y\x1f", 4)), "\"x\\u0001y\\u001f\"");
    EXPECT_EQ(json_string("\xc3\xa9t\xc3\xa9"), "\"\xc3\xa9t\xc3\xa9\"");  // UTF-8 as it is
    std::string out = "[";
    append_json_string(out, "\"");
    EXPECT_EQ(out, "[\"\\\"\"");
}

TEST(TsvField, EscapesBackslashTabAndLineBreaks) {
    EXPECT_EQ(tsv_field("plain"), "plain");
    EXPECT_EQ(tsv_field("a\\b\tc\nd\re"), "a\\\\b\\tc\\nd\\re");
    EXPECT_EQ(tsv_field("\t"), "\\t");
    EXPECT_EQ(tsv_field(""), "");
}

TEST(PairColumns, MatchTheHeader) {
    scored_pair p;
    p.minhash = 0.5f;
    p.jaccard = 0.03125f;
    p.containment_a = 1.0f;
    p.containment_b = 0.25f;
    p.cosine = 0.1f;
    p.shared = 1234;
    p.rel = relation::rewrite;
    p.numbers_changed = true;
    EXPECT_EQ(pair_columns(p), "0.5000\t0.0312\t1.0000\t0.2500\t0.1000\t1234\trewrite\tyes");
    std::size_t tabs = 0;
    for (const char c : pairs_header()) tabs += c == '\t';
    EXPECT_EQ(tabs, 9u);  // two ids and the eight columns above
}

} // namespace
} // namespace wiredup::cli
