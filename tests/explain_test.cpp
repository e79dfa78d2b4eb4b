// explain(): shared passages aligned in the raw texts, coverage, and what each side has alone.
#include <wiredup/explain.hpp>

#include <gtest/gtest.h>

#include <string>

namespace wiredup {
namespace {

std::string_view cut(std::string_view text, text_span s) { return text.substr(s.begin, s.end - s.begin); }

const std::string wire =
    "Rescue teams searched the rubble of the collapsed market on Tuesday after the quake struck the city.\n\n"
    "Officials said at least 12 people were killed and dozens more were taken to the main hospital.";

TEST(Explain, IdenticalTextsShareOnePassage) {
    const auto e = explain(wire, wire);
    ASSERT_EQ(e.shared.size(), 1u);
    EXPECT_DOUBLE_EQ(e.covered_a, 1.0);
    EXPECT_DOUBLE_EQ(e.covered_b, 1.0);
    EXPECT_TRUE(e.only_a.empty());
    EXPECT_TRUE(e.only_b.empty());
    EXPECT_EQ(e.shared[0].words, e.words_a);
}

TEST(Explain, PassagesPointIntoTheRawTexts) {
    const std::string site = "Story highlights\n\nRESCUE TEAMS searched the rubble of the collapsed market on "
                             "Tuesday after the quake struck the city!\n\nWatch: the aftermath\n\n"
                             "Officials said at least 12 people were killed and dozens more were taken to the main hospital.";
    const auto e = explain(wire, site);
    ASSERT_EQ(e.shared.size(), 2u);
    EXPECT_EQ(cut(site, e.shared[0].b),
              "RESCUE TEAMS searched the rubble of the collapsed market on Tuesday after the quake struck the city");
    EXPECT_EQ(cut(wire, e.shared[0].a),
              "Rescue teams searched the rubble of the collapsed market on Tuesday after the quake struck the city");
    EXPECT_DOUBLE_EQ(e.covered_a, 1.0);
    EXPECT_LT(e.covered_b, 1.0);
    ASSERT_EQ(e.only_b.size(), 2u);
    EXPECT_EQ(cut(site, e.only_b[0]), "Story highlights");
    EXPECT_EQ(cut(site, e.only_b[1]), "Watch: the aftermath");
}

TEST(Explain, AChangedNumberSplitsThePassage) {
    std::string update = wire;
    update.replace(update.find("12"), 2, "17");
    const auto e = explain(wire, update);
    ASSERT_EQ(e.shared.size(), 2u);
    ASSERT_EQ(e.only_a.size(), 1u);
    EXPECT_EQ(cut(wire, e.only_a[0]), "12");
    EXPECT_EQ(cut(update, e.only_b[0]), "17");
    EXPECT_TRUE(e.scores.scores.numbers_changed);
}

TEST(Explain, UnrelatedTextsShareNothing) {
    const auto e = explain(wire, "The central bank left its main interest rate unchanged for a third month running.");
    EXPECT_TRUE(e.shared.empty());
    EXPECT_DOUBLE_EQ(e.covered_a, 0.0);
    EXPECT_EQ(e.only_a.size(), 1u);
    EXPECT_FALSE(e.scores.duplicate);
}

TEST(Explain, RunsShorterThanAShingleAreNotPassages) {
    const auto e = explain("the quake struck the old city at dawn", "after the quake struck a city");
    EXPECT_TRUE(e.shared.empty());
}

} // namespace
} // namespace wiredup
