// Corpus against corpus: planted trimmed, extended and embedded copies are found in the
// reference with the right label; Reuters split by date finds every cross-half near-copy.
#include <wiredup/compare.hpp>
#include <wiredup/exact.hpp>

#include "test_support.hpp"

#include <gtest/gtest.h>

#include <simdjson.h>

#include <fstream>
#include <map>
#include <set>

namespace wiredup::test {
namespace {

// Splits a generated corpus: originals and distinct stories are the reference, copies the query.
void split_by_role(const std::filesystem::path& dir, const truth& t) {
    std::ifstream in(dir / "corpus.jsonl");
    std::ofstream reference(dir / "reference.jsonl"), query(dir / "query.jsonl");
    std::string line;
    simdjson::dom::parser parser;
    while (std::getline(in, line)) {
        const std::string id{std::string_view(parser.parse(line)["id"])};
        (t.base.count(id) ? query : reference) << line << '\n';
    }
}

TEST(Compare, FindsPlantedCopiesWithTheRightLabel) {
    scratch_dir dir;
    if (!generate_corpus(dir.path(), 2000, 29)) GTEST_SKIP() << "python3 is not available";
    const truth t = read_truth(dir / "truth.jsonl");
    split_by_role(dir.path(), t);
    const auto r = compare({(dir / "reference.jsonl").string()}, {(dir / "query.jsonl").string()});
    ASSERT_EQ(r.queries.size(), r.run.documents.size() - r.first_query);
    EXPECT_EQ(r.new_stories + r.copied + r.partly_copied, r.queries.size());
    const std::map<std::string, std::string> expected{
        {"trimmed", "trimmed"}, {"extended", "extended"}, {"embedded", "extended"}};
    std::map<std::string, std::pair<int, int>> tally;  // kind -> (found with right label, all)
    for (const auto& q : r.queries) {
        const auto& id = r.run.documents[q.query].id;
        const auto kind = t.kind.at(id);
        if (!expected.count(kind)) continue;
        auto& k = tally[kind];
        ++k.second;
        for (const auto& m : q.matches)
            if (r.run.documents[m.a].id == t.base.at(id) && to_string(m.rel) == expected.at(kind)) ++k.first;
    }
    for (const auto& [kind, k] : tally) {
        std::printf("  %-9s found with the right label %d / %d\n", kind.c_str(), k.first, k.second);
        EXPECT_GE(static_cast<double>(k.first) / k.second, 0.95) << kind;
    }
    EXPECT_EQ(tally.size(), 3u);
}

TEST(Compare, IdsMayRepeatAcrossSides) {
    scratch_dir dir;
    const std::string text = "The harbour authority closed the northern port after a cargo ship ran aground in fog.";
    write_file(dir / "a.jsonl", "{\"id\": \"x\", \"text\": \"" + text + "\"}\n");
    write_file(dir / "b.jsonl", "{\"id\": \"x\", \"text\": \"" + text + "\"}\n{\"id\": \"y\", \"text\": \"Unrelated words about a football match that ended in a draw on Sunday.\"}\n");
    const auto r = compare({(dir / "a.jsonl").string()}, {(dir / "b.jsonl").string()});
    EXPECT_EQ(r.run.stats.rejected, 0u);
    ASSERT_EQ(r.queries.size(), 2u);
    EXPECT_EQ(r.queries[0].status, query_status::copied);
    EXPECT_EQ(r.queries[1].status, query_status::new_story);
    EXPECT_EQ(r.copied, 1u);
    EXPECT_EQ(r.new_stories, 1u);
}

// Reuters' date "26-FEB-1987 15:01:01.79" as 19870226.
int day_of(std::string_view date) {
    static const std::map<std::string_view, int> months{{"JAN", 1}, {"FEB", 2}, {"MAR", 3}, {"APR", 4},
                                                        {"MAY", 5}, {"JUN", 6}, {"JUL", 7}, {"AUG", 8},
                                                        {"SEP", 9}, {"OCT", 10}, {"NOV", 11}, {"DEC", 12}};
    if (date.size() < 11 || !months.count(date.substr(3, 3))) return 0;
    return std::stoi(std::string(date.substr(7, 4))) * 10000 + months.at(date.substr(3, 3)) * 100 +
           std::stoi(std::string(date.substr(0, 2)));
}

TEST(Compare, ReutersHalvesByDateFindEveryExactCrossPair) {
    const auto data = datasets_dir() / "reuters21578";
    if (!std::filesystem::exists(data / "reut2-000.sgm")) GTEST_SKIP() << "Reuters-21578 not present at " << data;
    scratch_dir dir;
    const auto all = dir / "reuters.jsonl";
    ASSERT_EQ(run("python3 '" + (source_dir() / "scripts" / "reuters_to_jsonl.py").string() + "' --dir '" +
                  data.string() + "' --out '" + all.string() + "' 2>/dev/null"),
              0);
    std::vector<std::pair<int, std::string>> lines;
    {
        std::ifstream in(all);
        std::string line;
        simdjson::dom::parser parser;
        while (std::getline(in, line)) lines.emplace_back(day_of(std::string_view(parser.parse(line)["date"])), line);
    }
    std::vector<int> days;
    for (const auto& l : lines) days.push_back(l.first);
    std::nth_element(days.begin(), days.begin() + days.size() / 2, days.end());
    const int middle = days[days.size() / 2];
    {
        std::ofstream early(dir / "early.jsonl"), late(dir / "late.jsonl");
        for (const auto& [day, line] : lines) (day < middle ? early : late) << line << '\n';
    }

    // The oracle: dedup --exact over the whole collection, pairs that cross the halves.
    pipeline_options exact;
    exact.exact = true;
    const auto oracle = dedup({all.string()}, exact);
    std::map<std::string, bool> is_early;
    for (const auto& [day, line] : lines) {
        simdjson::dom::parser parser;
        is_early[std::string{std::string_view(parser.parse(line)["id"])}] = day < middle;
    }
    std::set<std::pair<std::string, std::string>> wanted;
    for (const auto& p : oracle.pairs) {
        if (p.jaccard < 0.8f) continue;
        const auto& a = oracle.documents[p.a].id;
        const auto& b = oracle.documents[p.b].id;
        if (is_early.at(a) == is_early.at(b)) continue;
        wanted.insert(is_early.at(a) ? std::pair{a, b} : std::pair{b, a});
    }
    ASSERT_GT(wanted.size(), 10u);

    const auto r = compare({(dir / "early.jsonl").string()}, {(dir / "late.jsonl").string()});
    std::size_t found = 0;
    for (const auto& p : r.run.pairs)
        found += wanted.count({r.run.documents[p.a].id, r.run.documents[p.b].id});
    std::printf("  Reuters halves split at %d: %zu cross-half pairs with exact J >= 0.8, %zu found by compare\n",
                middle, wanted.size(), found);
    EXPECT_EQ(found, wanted.size());
}

} // namespace
} // namespace wiredup::test
