// A whole run: options, per-document accounting, statistics and the one-call dedup() whose body
// reads like the pipeline: read -> normalize -> shingle -> sign -> band -> confirm -> cluster.
#pragma once

#include <wiredup/cluster.hpp>
#include <wiredup/containment.hpp>
#include <wiredup/corpus.hpp>
#include <wiredup/document.hpp>
#include <wiredup/lsh.hpp>
#include <wiredup/minhash.hpp>
#include <wiredup/normalize.hpp>
#include <wiredup/shingle.hpp>
#include <wiredup/tfidf.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace wiredup {

struct pipeline_options {
    corpus_options read;
    boilerplate_options boilerplate;
    shingle_options shingle;
    minhash_options sign;
    lsh_options band;
    containment_options contain;
    /// Replace LSH by exact all-pairs Jaccard (prefix filtering) at band.threshold: the oracle
    /// that LSH recall is measured against. Keeps every shingle set in memory.
    bool exact = false;
    /// Drop a candidate whose sketches agree in so few slots that a pair at the lowest Jaccard
    /// the confirm rules could accept would agree that little with odds below this (see
    /// sketch_screen), and in confirmation one whose sets share too few shingles in a sample
    /// (sample_screen); 0 confirms every candidate. Unrelated stories on one topic make most
    /// LSH candidates, and this spares scoring them.
    double screen_odds = 1e-3;
    confirm_options confirm;
    /// Bytes the confirm stage may hold of document summaries at once (shingle sets, TF-IDF
    /// rows). A corpus whose candidates need more is confirmed in blocks, each a sweep of the
    /// temporary file pass 2 wrote; blocks cost little, so the default is modest.
    std::uint64_t confirm_memory = std::uint64_t{256} << 20;
    keep_policy keep = keep_policy::earliest;
    std::size_t threads = 0;  ///< worker threads; 0 uses every core. Output does not depend on it.
};

/// What happened to one input record.
struct document_info {
    std::string id;
    origin where;
    reject_reason reason = reject_reason::none;
    std::string detail;
    std::uint64_t bytes = 0;     ///< raw text bytes
    std::uint32_t tokens = 0;    ///< content tokens after furniture and repeats were dropped
    std::uint32_t shingles = 0;  ///< distinct shingles
};

struct stage_timing {
    std::string_view stage;
    double seconds = 0;
    std::uint64_t bytes = 0;  ///< input bytes the stage went through (0 when not byte-based)
    std::uint64_t items = 0;  ///< documents or pairs the stage went through
    std::uint64_t peak_rss = 0;  ///< the process's peak resident bytes so far when the stage ended
    /// CPU time of all the process's threads during the stage, user and kernel together (more
    /// than `seconds` when threads ran at once), and the kernel's part: system calls and page
    /// faults (first touches of memory, the spill file's writes).
    double cpu_seconds = 0;
    double kernel_seconds = 0;
};

/// Bytes one structure of a run held at its largest, for the memory budget per document.
struct memory_use {
    std::string_view what;
    std::uint64_t bytes = 0;
};

inline constexpr std::size_t reject_reason_count = 10;

struct run_stats {
    std::size_t records = 0;  ///< every input record: documents kept + rejected
    std::size_t rejected = 0;
    std::array<std::size_t, reject_reason_count> rejected_by_reason{};  ///< indexed by reject_reason
    std::uint64_t bytes = 0;
    std::uint64_t invalid_bytes = 0;          ///< bytes that were not UTF-8, replaced
    std::size_t furniture_threshold = 0;      ///< documents a short line needs to count as furniture
    std::size_t furniture_kinds = 0;          ///< distinct lines found to be furniture
    std::uint64_t furniture_dropped = 0;      ///< furniture line occurrences dropped
    std::uint64_t repeated_dropped = 0;       ///< lines dropped as repeats within a document
    banding shape;
    lsh_stats band;
    containment_stats contain;
    std::size_t confirm_passes = 0;  ///< sweeps of the spill file the confirm stage took (one per block, one more when pairs reach past it)
    std::size_t candidates = 0;  ///< distinct candidate pairs from LSH (or the exact oracle) and containment
                                 ///< that the band screen kept: the pairs confirmation scores
    std::size_t sample_screened = 0;  ///< candidates the sample screen dropped in confirmation (sample_screen)
    std::size_t confirmed = 0;   ///< candidate pairs that passed the rule
    std::size_t clusters = 0;
    std::size_t duplicates = 0;  ///< documents in a cluster that are not its canonical copy
    std::vector<stage_timing> stages;
    std::vector<memory_use> memory;  ///< what the run kept between passes, by structure
    std::uint64_t spill_bytes = 0;   ///< the temporary file of what confirmation needs of each document
};

struct dedup_result {
    std::vector<std::string> sources;        ///< origin::source indexes this
    std::vector<document_info> documents;    ///< one per input record, in input order
    std::vector<scored_pair> pairs;          ///< confirmed pairs, sorted by (a, b)
    std::vector<cluster> clusters;           ///< clusters of two or more, by first member
    run_stats stats;
};

/// Called from the calling thread as work advances: stage name, items done, items known so far.
using progress_fn = std::function<void(std::string_view stage, std::uint64_t done)>;

/// Groups the documents of `inputs` into clusters of near-duplicates. The result depends only on
/// the inputs and options, never on the thread count. Bad records are rejected and accounted for;
/// throws wiredup::error only for invalid options, inputs that do not exist, or an input that
/// changes between the passes that read it (a file still being written).
dedup_result dedup(const std::vector<std::string>& inputs, const pipeline_options& options = {},
                   const progress_fn& progress = {});

/// Every score of two texts, as dedup would compute it for a candidate pair (no corpus, so no
/// furniture census: idf is taken over the two texts).
struct similarity_report {
    scored_pair scores;
    bool duplicate = false;
    std::size_t shingles_a = 0, shingles_b = 0, common = 0;
};
similarity_report similarity(std::string_view text_a, std::string_view text_b,
                             const pipeline_options& options = {});

} // namespace wiredup
