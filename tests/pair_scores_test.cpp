// Scores of given text pairs: columns, agreement with the pipeline's similarity(), short texts.
#include <wiredup/pair_scores.hpp>

#include <wiredup/error.hpp>
#include <wiredup/pipeline.hpp>

#include <gtest/gtest.h>

namespace wiredup {
namespace {

TEST(ScoreTextPairs, HasTheNamedColumnsInOrder) {
    const auto t = score_text_pairs({"a b c"}, {"a b d"});
    EXPECT_EQ(t.names, (std::vector<std::string>{"minhash", "jaccard", "containment_a", "containment_b", "cosine",
                                                 "shared", "word1", "word2", "word3", "word4", "word5", "char3",
                                                 "char4", "char5", "word1_containment_a", "word1_containment_b",
                                                 "word1_masked", "tokens_a", "tokens_b"}));
    EXPECT_EQ(t.rows(), 1u);
    EXPECT_EQ(t.find("word2"), 7u);
    EXPECT_EQ(t.find("nope"), t.names.size());
}

TEST(ScoreTextPairs, ShortSentencesStillGetWordAndCharacterJaccard) {
    const auto t = score_text_pairs({"The cat sat.", "Nothing alike"}, {"the CAT sat!", "quite different words"});
    const auto r0 = t.row(0);
    EXPECT_DOUBLE_EQ(r0[t.find("word1")], 1.0);
    EXPECT_DOUBLE_EQ(r0[t.find("char3")], 1.0);
    EXPECT_DOUBLE_EQ(r0[t.find("jaccard")], 0.0);  // fewer words than one 5-shingle
    EXPECT_NEAR(r0[t.find("cosine")], 1.0, 1e-6);
    EXPECT_DOUBLE_EQ(t.row(1)[t.find("word1")], 0.0);
    // a b c vs a b d: unigrams 2 / 4, bigrams 1 / 3.
    const auto u = score_text_pairs({"a b c"}, {"a b d"});
    EXPECT_DOUBLE_EQ(u.row(0)[u.find("word1")], 0.5);
    EXPECT_NEAR(u.row(0)[u.find("word1_containment_a")], 2.0 / 3.0, 1e-6);
    EXPECT_DOUBLE_EQ(u.row(0)[u.find("tokens_b")], 3.0);
    EXPECT_NEAR(u.row(0)[u.find("word2")], 1.0 / 3.0, 1e-12);
}

TEST(ScoreTextPairs, AgreesWithSimilarityOnLongTexts) {
    const std::string a = "Rescue teams searched the rubble of the collapsed market on Tuesday after the quake "
                          "struck the northern province, officials said, as the toll rose to 68.";
    const std::string b = "Rescue teams searched the rubble of the collapsed market on Tuesday after a quake "
                          "struck the northern province, officials said.";
    const auto t = score_text_pairs({a}, {b});
    const auto s = similarity(a, b);
    const auto r = t.row(0);
    EXPECT_FLOAT_EQ(static_cast<float>(r[t.find("jaccard")]), s.scores.jaccard);
    EXPECT_FLOAT_EQ(static_cast<float>(r[t.find("containment_a")]), s.scores.containment_a);
    EXPECT_FLOAT_EQ(static_cast<float>(r[t.find("containment_b")]), s.scores.containment_b);
    EXPECT_FLOAT_EQ(static_cast<float>(r[t.find("minhash")]), s.scores.minhash);
    EXPECT_DOUBLE_EQ(r[t.find("shared")], static_cast<double>(s.scores.shared));
    EXPECT_FLOAT_EQ(static_cast<float>(r[t.find("word5")]), static_cast<float>(r[t.find("jaccard")]));
}

TEST(ScoreTextPairs, MaskedJaccardIgnoresChangedNumbers) {
    const auto t = score_text_pairs({"the toll rose to 68 on tuesday"}, {"the toll rose to 75 on tuesday"});
    EXPECT_DOUBLE_EQ(t.row(0)[t.find("word1_masked")], 1.0);
    EXPECT_LT(t.row(0)[t.find("word1")], 1.0);
}

TEST(ScoreTextPairs, RejectsUnequalInputs) { EXPECT_THROW(score_text_pairs({"a"}, {}), error); }

} // namespace
} // namespace wiredup
