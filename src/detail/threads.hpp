// How many threads a run may use: every TBB algorithm started while the limit lives, the run's
// stages and the writing of its outputs alike.
#pragma once

#include <oneapi/tbb/global_control.h>
#include <oneapi/tbb/info.h>

#include <cstddef>

namespace wiredup::detail {

/// Holds TBB to `threads` (0: every core) while it lives.
inline oneapi::tbb::global_control thread_limit(std::size_t threads) {
    return oneapi::tbb::global_control(oneapi::tbb::global_control::max_allowed_parallelism,
                                       threads == 0 ? static_cast<std::size_t>(oneapi::tbb::info::default_concurrency())
                                                    : threads);
}

} // namespace wiredup::detail
