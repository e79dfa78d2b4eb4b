// Real newswire: all 21,578 Reuters-21578 stories (read from ../shared/datasets, never copied).
// The pairs whose exact word-5-shingle Jaccard is >= 0.8 (the exact oracle over the raw bodies)
// must be found, and every story must be accounted for.
#include <wiredup/exact.hpp>
#include <wiredup/normalize.hpp>
#include <wiredup/pipeline.hpp>

#include "test_support.hpp"

#include <gtest/gtest.h>

#include <simdjson.h>

#include <fstream>

namespace wiredup::test {
namespace {

std::vector<std::string> read_texts(const std::filesystem::path& jsonl) {
    std::vector<std::string> texts;
    std::ifstream in(jsonl);
    std::string line;
    simdjson::dom::parser parser;
    while (std::getline(in, line)) texts.emplace_back(std::string_view(parser.parse(line)["text"]));
    return texts;
}

TEST(Reuters, FindsPairsAboveEightyPercentJaccard) {
    const auto data = datasets_dir() / "reuters21578";
    if (!std::filesystem::exists(data / "reut2-000.sgm")) GTEST_SKIP() << "Reuters-21578 not present at " << data;
    scratch_dir dir;
    const auto jsonl = dir / "reuters.jsonl";
    ASSERT_EQ(run("python3 '" + (source_dir() / "scripts" / "reuters_to_jsonl.py").string() + "' --dir '" +
                  data.string() + "' --out '" + jsonl.string() + "' 2>/dev/null"),
              0);

    const auto r = dedup({jsonl.string()});
    ASSERT_EQ(r.stats.records, 21578u);
    std::size_t grouped = 0;
    for (const auto& c : r.clusters) grouped += c.members.size();
    EXPECT_EQ(r.stats.records - r.stats.rejected - grouped + grouped, r.stats.records - r.stats.rejected);
    EXPECT_EQ(r.stats.rejected_by_reason[static_cast<std::size_t>(reject_reason::empty)], 2535u);  // no <BODY>

    // The oracle: exact word-5-shingle Jaccard over the whole bodies, no furniture discount.
    const auto texts = read_texts(jsonl);
    const shingler five({shingle_kind::word, 5, 0});
    std::vector<shingle_set> sets;
    for (const auto& t : texts) sets.push_back(five.shingle(normalize(t).text));
    const auto truth = exact_pairs(sets, 0.8);
    ASSERT_GT(truth.size(), 450u);

    std::vector<std::size_t> cluster_of(r.documents.size(), static_cast<std::size_t>(-1));
    for (std::size_t c = 0; c < r.clusters.size(); ++c)
        for (const auto m : r.clusters[c].members) cluster_of[m] = c;
    std::size_t found = 0;
    for (const auto& p : truth) found += cluster_of[p.a] != static_cast<std::size_t>(-1) && cluster_of[p.a] == cluster_of[p.b];
    const double recall = static_cast<double>(found) / static_cast<double>(truth.size());
    std::printf("  Reuters: %zu oracle pairs at J5 >= 0.8, %zu found (recall %.4f); %zu clusters, %zu confirmed pairs\n",
                truth.size(), found, recall, r.clusters.size(), r.pairs.size());
    EXPECT_GE(recall, 0.99);
}

} // namespace
} // namespace wiredup::test
