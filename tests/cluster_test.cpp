// Stage 7, cluster: union-find and make_clusters() (membership, order, canonical choice).
#include <wiredup/cluster.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

namespace wiredup {
namespace {

TEST(UnionFind, StartsAsSingletons) {
    union_find sets(5);
    EXPECT_EQ(sets.size(), 5u);
    for (doc_index i = 0; i < 5; ++i) EXPECT_EQ(sets.find(i), i);
}

TEST(UnionFind, UniteJoinsAndReportsNewLinks) {
    union_find sets(6);
    EXPECT_TRUE(sets.unite(0, 1));
    EXPECT_TRUE(sets.unite(2, 3));
    EXPECT_FALSE(sets.unite(1, 0));
    EXPECT_EQ(sets.find(0), sets.find(1));
    EXPECT_NE(sets.find(0), sets.find(2));
    EXPECT_TRUE(sets.unite(1, 3));
    EXPECT_FALSE(sets.unite(0, 2));
    EXPECT_EQ(sets.find(0), sets.find(3));
    EXPECT_NE(sets.find(4), sets.find(5));
    EXPECT_EQ(sets.find(4), 4u);
}

TEST(UnionFind, MatchesNaiveLabelling) {
    constexpr std::size_t n = 300;
    std::mt19937_64 rng(11);
    std::uniform_int_distribution<doc_index> pick(0, n - 1);
    union_find sets(n);
    std::vector<std::size_t> label(n);
    for (std::size_t i = 0; i < n; ++i) label[i] = i;
    for (int k = 0; k < 200; ++k) {
        const doc_index a = pick(rng), b = pick(rng);
        const bool joined = label[a] != label[b];
        EXPECT_EQ(sets.unite(a, b), joined);
        const std::size_t from = label[b], to = label[a];
        for (auto& l : label)
            if (l == from) l = to;
    }
    for (doc_index a = 0; a < n; ++a)
        for (doc_index b = a + 1; b < n; b += 7) EXPECT_EQ(sets.find(a) == sets.find(b), label[a] == label[b]);
}

TEST(MakeClusters, NoPairsNoClusters) {
    EXPECT_TRUE(make_clusters(10, {}, keep_policy::earliest).empty());
}

TEST(MakeClusters, SingletonsAreExcluded) {
    const auto clusters = make_clusters(6, {{1, 4}}, keep_policy::earliest);
    ASSERT_EQ(clusters.size(), 1u);
    EXPECT_EQ(clusters[0].members, (std::vector<doc_index>{1, 4}));
}

TEST(MakeClusters, MembersInInputOrderClustersByFirstMember) {
    // Pairs given out of order; the cluster {2, 5, 7} should come before {3, 8} and after {0, 9}.
    const std::vector<doc_pair> pairs = {{5, 7}, {3, 8}, {2, 7}, {0, 9}};
    const auto clusters = make_clusters(10, pairs, keep_policy::earliest);
    ASSERT_EQ(clusters.size(), 3u);
    EXPECT_EQ(clusters[0].members, (std::vector<doc_index>{0, 9}));
    EXPECT_EQ(clusters[1].members, (std::vector<doc_index>{2, 5, 7}));
    EXPECT_EQ(clusters[2].members, (std::vector<doc_index>{3, 8}));
}

TEST(MakeClusters, TransitiveChainsMerge) {
    const std::vector<doc_pair> pairs = {{0, 1}, {1, 2}, {2, 3}, {3, 4}, {6, 7}, {5, 6}};
    const auto clusters = make_clusters(8, pairs, keep_policy::earliest);
    ASSERT_EQ(clusters.size(), 2u);
    EXPECT_EQ(clusters[0].members, (std::vector<doc_index>{0, 1, 2, 3, 4}));
    EXPECT_EQ(clusters[1].members, (std::vector<doc_index>{5, 6, 7}));
}

TEST(MakeClusters, RepeatedPairsDoNotRepeatMembers) {
    const auto clusters = make_clusters(4, {{0, 2}, {0, 2}, {0, 2}}, keep_policy::earliest);
    ASSERT_EQ(clusters.size(), 1u);
    EXPECT_EQ(clusters[0].members, (std::vector<doc_index>{0, 2}));
}

TEST(MakeClusters, CanonicalEarliest) {
    const auto clusters = make_clusters(6, {{4, 5}, {2, 4}}, keep_policy::earliest);
    ASSERT_EQ(clusters.size(), 1u);
    EXPECT_EQ(clusters[0].canonical, 2u);
}

TEST(MakeClusters, CanonicalLongest) {
    const std::vector<std::uint32_t> lengths = {10, 50, 30, 70, 5};
    const auto clusters = make_clusters(5, {{0, 1}, {1, 2}, {3, 4}}, keep_policy::longest, lengths);
    ASSERT_EQ(clusters.size(), 2u);
    EXPECT_EQ(clusters[0].canonical, 1u);
    EXPECT_EQ(clusters[1].canonical, 3u);
    EXPECT_EQ(clusters[0].members, (std::vector<doc_index>{0, 1, 2}));
}

TEST(MakeClusters, CanonicalLongestTiesGoToEarliest) {
    const std::vector<std::uint32_t> lengths = {10, 40, 20, 40, 40};
    const auto clusters = make_clusters(5, {{3, 4}, {1, 4}, {0, 3}}, keep_policy::longest, lengths);
    ASSERT_EQ(clusters.size(), 1u);
    EXPECT_EQ(clusters[0].canonical, 1u);
}

TEST(MakeClusters, EveryLinkedDocumentInExactlyOneCluster) {
    constexpr std::size_t n = 2000;
    std::mt19937_64 rng(3);
    std::uniform_int_distribution<doc_index> pick(0, n - 1);
    std::vector<doc_pair> pairs;
    for (int k = 0; k < 1200; ++k) {
        doc_index a = pick(rng), b = pick(rng);
        if (a == b) continue;
        if (b < a) std::swap(a, b);
        pairs.push_back({a, b});
    }
    const auto clusters = make_clusters(n, pairs, keep_policy::earliest);
    std::vector<int> seen(n, 0);
    doc_index previous_first = 0;
    for (std::size_t c = 0; c < clusters.size(); ++c) {
        const auto& members = clusters[c].members;
        ASSERT_GE(members.size(), 2u);
        EXPECT_TRUE(std::is_sorted(members.begin(), members.end()));
        EXPECT_EQ(clusters[c].canonical, members.front());
        if (c > 0) {
            EXPECT_LT(previous_first, members.front());
        }
        previous_first = members.front();
        for (const doc_index m : members) ++seen[m];
    }
    std::vector<int> linked(n, 0);
    for (const auto& p : pairs) linked[p.a] = linked[p.b] = 1;
    for (std::size_t d = 0; d < n; ++d) EXPECT_EQ(seen[d], linked[d]) << d;
}

} // namespace
} // namespace wiredup
