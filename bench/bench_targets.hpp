// Benchmarks of one kernel on each instruction set: the dispatched figure shows only the best
// target the machine runs, so a slow fallback would go unseen.
#pragma once

#include <benchmark/benchmark.h>
#include <hwy/targets.h>

#include <cstdint>
#include <string>
#include <vector>

namespace wiredup::bench {

/// Registers `name`/<target> for every target this machine runs that the library was built
/// for: each runs body(state) with Highway's dispatch forced to that target, labelled with what
/// label() says the kernel ran on (the check that the forcing took). Returns the benchmarks, for
/// their arguments.
template <typename Body, typename Label>
std::vector<benchmark::internal::Benchmark*> register_per_target(const std::string& name, Body body, Label label) {
    std::vector<benchmark::internal::Benchmark*> registered;
    for (const std::int64_t target : hwy::SupportedAndGeneratedTargets())
        registered.push_back(benchmark::RegisterBenchmark(
            (name + "/" + hwy::TargetName(target)).c_str(), [=](benchmark::State& state) {
                hwy::SetSupportedTargetsForTest(target);
                state.SetLabel(std::string(label()));
                body(state);
                hwy::SetSupportedTargetsForTest(0);
            }));
    return registered;
}

} // namespace wiredup::bench
