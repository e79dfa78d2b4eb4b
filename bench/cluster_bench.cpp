// Stage 7, cluster: union-find and make_clusters() over confirmed pairs shaped like a news corpus:
// most stories alone, some in small clusters, a few syndicated to hundreds of outlets.
// Pairs are generated from a seeded std::mt19937_64.
#include <wiredup/cluster.hpp>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <vector>

namespace {

// Confirmed pairs over n documents: a third of them in clusters whose sizes follow a power law
// (2 to 499 members), each cluster linked by a random spanning set plus a few extra pairs.
std::vector<wiredup::doc_pair> clustered_pairs(std::size_t n) {
    std::mt19937_64 rng(51);
    std::vector<wiredup::doc_index> docs(n);
    for (std::size_t i = 0; i < n; ++i) docs[i] = static_cast<wiredup::doc_index>(i);
    std::shuffle(docs.begin(), docs.end(), rng);
    std::vector<wiredup::doc_pair> pairs;
    std::uniform_real_distribution<double> u(0.0, 1.0);
    for (std::size_t at = 0; at < n / 3;) {
        const double tail = std::min(498.0, std::pow(1.0 - u(rng), -1.5));  // Pareto, capped
        const auto size = std::min<std::size_t>(n / 3 - at, 1 + static_cast<std::size_t>(tail));
        for (std::size_t k = 1; k < size; ++k) {
            std::uniform_int_distribution<std::size_t> earlier(0, k - 1);
            auto a = docs[at + earlier(rng)], b = docs[at + k];
            if (b < a) std::swap(a, b);
            pairs.push_back({a, b});
        }
        at += size;
    }
    std::sort(pairs.begin(), pairs.end());
    return pairs;
}

void BM_ClusterUnionFind(benchmark::State& state) {
    const auto n = static_cast<std::size_t>(state.range(0));
    const auto pairs = clustered_pairs(n);
    for (auto _ : state) {
        wiredup::union_find sets(n);
        std::size_t joins = 0;
        for (const auto& p : pairs) joins += sets.unite(p.a, p.b) ? 1 : 0;
        benchmark::DoNotOptimize(joins);
    }
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(pairs.size()));
}
BENCHMARK(BM_ClusterUnionFind)->Arg(100'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond);

void BM_ClusterMakeClusters(benchmark::State& state) {
    const auto n = static_cast<std::size_t>(state.range(0));
    const auto pairs = clustered_pairs(n);
    std::mt19937_64 rng(52);
    std::uniform_int_distribution<std::uint32_t> length(50, 2000);
    std::vector<std::uint32_t> lengths(n);
    for (auto& l : lengths) l = length(rng);
    std::size_t clusters = 0, largest = 0;
    for (auto _ : state) {
        const auto result = wiredup::make_clusters(n, pairs, wiredup::keep_policy::longest, lengths);
        clusters = result.size();
        largest = 0;
        for (const auto& c : result) largest = std::max(largest, c.members.size());
        benchmark::DoNotOptimize(result.data());
    }
    state.SetItemsProcessed(state.iterations() * static_cast<std::int64_t>(pairs.size()));
    state.counters["pairs"] = static_cast<double>(pairs.size());
    state.counters["clusters"] = static_cast<double>(clusters);
    state.counters["largest_cluster"] = static_cast<double>(largest);
}
BENCHMARK(BM_ClusterMakeClusters)->Arg(100'000)->Arg(1'000'000)->Unit(benchmark::kMillisecond);

} // namespace
