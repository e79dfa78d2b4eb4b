// The whole run on the bundled sample corpus: documents and bytes per second end to end.
#include <wiredup/pipeline.hpp>

#include <benchmark/benchmark.h>

#include <filesystem>

namespace {

void BM_PipelineDedupSample(benchmark::State& state) {
    const std::filesystem::path sample = std::filesystem::path(WIREDUP_SOURCE_DIR) / "corpora" / "sample.jsonl";
    if (!std::filesystem::exists(sample)) {
        state.SkipWithError("corpora/sample.jsonl is missing");
        return;
    }
    wiredup::pipeline_options options;
    options.threads = static_cast<std::size_t>(state.range(0));
    std::size_t documents = 0;
    std::uint64_t bytes = 0;
    std::size_t pairs = 0;
    for (auto _ : state) {
        const auto result = wiredup::dedup({sample.string()}, options);
        documents += result.stats.records;
        bytes += result.stats.bytes;
        pairs = result.pairs.size();
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(documents));
    state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
    state.counters["pairs"] = static_cast<double>(pairs);
}
BENCHMARK(BM_PipelineDedupSample)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

} // namespace
