// A whole run: see pipeline.hpp. dedup() is the spine; each pass streams the corpus again, so
// memory holds per-document summaries (signatures, ids), never the corpus itself.
#include <wiredup/pipeline.hpp>

#include <wiredup/error.hpp>
#include <wiredup/exact.hpp>

#include "detail/confirm_store.hpp"
#include "detail/corpus_chain.hpp"
#include "detail/memory.hpp"
#include "detail/radix_sort.hpp"
#include "detail/run_across.hpp"
#include "detail/spill.hpp"
#include "detail/stream.hpp"
#include "detail/threads.hpp"

#include <oneapi/tbb/enumerable_thread_specific.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/parallel_sort.h>
#include <oneapi/tbb/task_arena.h>
#include <oneapi/tbb/task_group.h>
#include <sys/resource.h>

#include <algorithm>
#include <atomic>
#include <bit>
#include <chrono>
#include <functional>
#include <future>
#include <optional>
#include <thread>

namespace wiredup {
namespace {

// A document's content as every pass sees it: normalized, with furniture and repeats dropped.
struct prepared {
    std::string text;
    std::size_t units = 0;  // tokens (or code points) of text
    reject_reason reason = reject_reason::none;
    line_filter_stats lines;
    std::size_t invalid_bytes = 0;
};

// Prepares one record into `p`, whose text buffer is used again: a batch's documents are prepared
// into the buffers its last use grew, not into fresh allocations, two a document, freed on
// another thread (1M documents: malloc and free took some 4% of pass 2).
void prepare(const record& r, const line_census* census, const shingler& shingles, prepared& p) {
    thread_local normalized_text normalized;
    normalize(r.text, normalized);
    p.invalid_bytes = normalized.invalid_bytes;
    p.reason = reject_reason::none;
    keep_content(normalized, census, &p.lines, p.text);
    // Furniture is discounted so that unrelated stories do not look alike; a document with too
    // little besides recurring lines (a stock dividend notice, a bare template) has no other
    // content, so its lines are its content and identical ones must still match.
    const std::size_t width = shingles.options().width;
    p.units = shingles.units(p.text);
    if (census != nullptr && p.units < width) {
        keep_content(normalized, nullptr, &p.lines, p.text);
        p.units = shingles.units(p.text);
    }
    if (normalized.text.empty()) p.reason = reject_reason::empty;
    else if (p.units < width) p.reason = reject_reason::too_short;
    if (normalized.text.capacity() > detail::giant_buffer_bytes) normalized = {};  // a giant document's room is not kept
}

prepared prepare(const record& r, const line_census* census, const shingler& shingles) {
    prepared p;
    prepare(r, census, shingles, p);
    return p;
}

// Every pass reads the corpus again and finds its documents by their position. An input that
// grew, shrank or broke since the first pass (a crawl still being written) would pair one
// document's summary with another's text and index past the first pass's arrays, so a later
// pass checks that each record is the one the first pass read, and that none is missing.
[[noreturn]] void input_changed(const dedup_result& result, const record& r, const std::string& what) {
    const std::string source = r.where.source < result.sources.size() ? result.sources[r.where.source] : "the input";
    throw error("corpus: " + source + " changed while it was read (" + what +
                "); every pass of a run must read the same input");
}

void expect_same_record(const dedup_result& result, doc_index doc, const record& r) {
    const auto& docs = result.documents;
    if (doc >= docs.size())
        input_changed(result, r, "more than the " + std::to_string(docs.size()) + " records of the first pass");
    const reject_reason first = docs[doc].reason;  // empty and too_short were readable records
    const bool readable_then = first == reject_reason::none || first == reject_reason::empty ||
                               first == reject_reason::too_short;
    if (r.id != docs[doc].id || readable_then != (r.reason == reject_reason::none))
        input_changed(result, r, "record " + std::to_string(doc + 1) + " is not the one the first pass read");
}

void expect_all_records(const dedup_result& result, std::size_t seen) {
    if (seen != result.documents.size())
        throw error("corpus: the input changed while it was read (" + std::to_string(seen) + " records instead of " +
                    std::to_string(result.documents.size()) + "); every pass of a run must read the same input");
}

// Wall time and the process's CPU time (every thread's) since the watch was made.
class stopwatch {
public:
    struct cpu_time {
        double user = 0, kernel = 0;
    };

    double seconds() const {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    }
    cpu_time cpu() const {
        const cpu_time now = process_cpu();
        return {now.user - cpu_start_.user, now.kernel - cpu_start_.kernel};
    }

private:
    static cpu_time process_cpu() {
        rusage usage{};
        getrusage(RUSAGE_SELF, &usage);
        const auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) * 1e-6; };
        return {seconds(usage.ru_utime), seconds(usage.ru_stime)};
    }

    std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
    cpu_time cpu_start_ = process_cpu();
};

std::vector<corpus_reader> open_sides(const std::vector<std::vector<std::string>>& sides, const corpus_options& o) {
    std::vector<corpus_reader> readers;
    for (const auto& inputs : sides) readers.emplace_back(inputs, o);
    return readers;
}

shingle_options masking(shingle_options o) {
    o.mask_numbers = true;
    return o;
}

// Names the relation of a scored pair. `masked_shared` counts the shingles the two share once
// numbers are masked: more than they share as written means text that agrees but for numbers.
void label(scored_pair& p, std::size_t masked_shared, const confirm_options& o) {
    p.rel = classify(p, o);
    p.numbers_changed = masked_shared >= p.shared + o.numbers_changed_shingles;
}

// The band screen's sketch of a document: low_nibbles() of a one-permutation signature with twice
// the slots of the document's own, up to 256: num_perm bytes, as the low bytes of its own would
// take, 128 at most. Against the confirm rules' floor it keeps fewer unrelated pairs than those
// low bytes did (1M documents: 4.05M candidates against 14.2M, the same pairs confirmed), for
// one more pass of the set into bins (BM_MinHashSignOnePermutation/256: about 1.3 us). More
// slots would screen little better, and the screen's tables take time quadratic in them. Its own
// seed: its bins are not the signature's, whatever the scheme (--minhash classic included).
constexpr std::size_t most_sketch_slots = 256;
minhash_options sketch_options(const minhash_options& sign) {
    minhash_options o;
    o.num_perm = std::min(2 * sign.num_perm, most_sketch_slots);
    o.seed = sign.seed ^ 0x9E3779B97F4A7C15ULL;
    o.one_permutation = true;
    return o;
}

// Everything a run keeps in memory between passes.
struct run_state {
    const pipeline_options& options;
    const progress_fn& progress;
    detail::corpus_chain reader;  // one reader per side: the corpus, or reference then query
    bool across_sides;            // only pairs with one document on each side are candidates
    std::size_t first_query = 0;  // index of the first document of the second side
    shingler shingles;
    // The shingler's token hashes are the TF-IDF terms (token_hash with seed 0, nothing masked),
    // so a document is tokenized once for both.
    bool tokens_are_terms;
    minhasher signer;
    minhasher sketcher;  // the band screen's sketches (sketch_options)
    lsh_index index;
    containment_index inside;
    std::vector<shingle_set> exact_sets;  // every document's set, only with options.exact
    line_census furniture;
    term_census terms;
    std::size_t in_flight;
    // Documents x sketch bytes, each document's sketch (zeros for a rejected one), for the band
    // screen only: indexed by the document itself, so that its scattered reads need no lookup first.
    std::vector<std::uint8_t, detail::line_aligned<std::uint8_t>> sketches;  // rows on whole lines
    detail::spill_file spill;                  // what confirmation needs of each kept document
    std::vector<std::uint64_t> spill_at;       // per document, where its record starts (words); one more: the end
    std::vector<std::uint32_t> spill_sets;     // per document, the words of its record's header and sets
    std::vector<std::uint32_t> spill_terms;    // per document, the terms in its record
    dedup_result result;

    run_state(const std::vector<std::vector<std::string>>& sides, const pipeline_options& o, const progress_fn& p)
        : options(o), progress(p), reader(open_sides(sides, o.read)), across_sides(sides.size() > 1), shingles(o.shingle),
          tokens_are_terms(o.shingle.kind == shingle_kind::word && o.shingle.seed == 0 && !o.shingle.mask_numbers),
          signer(o.sign), sketcher(sketch_options(o.sign)), index(o.band, o.sign.num_perm), inside(o.contain), furniture(o.boilerplate),
          in_flight(2 * (o.threads == 0 ? std::max(1u, std::thread::hardware_concurrency()) : o.threads)) {}

    /// The odds both screens drop a candidate at (the band screen's sketches, then confirmation's
    /// sample); 0, both off, with options.exact: the oracle's pairs are all confirmed.
    double screen_odds() const noexcept { return options.exact ? 0.0 : options.screen_odds; }

    void tell(std::string_view stage, std::uint64_t done) const {
        if (progress) progress(stage, done);
    }
    void time(std::string_view stage, const stopwatch& clock, std::uint64_t bytes, std::uint64_t items) {
        detail::release_free_memory();
        rusage usage{};
        getrusage(RUSAGE_SELF, &usage);
        const auto peak = static_cast<std::uint64_t>(usage.ru_maxrss) * 1024;  // Linux counts KiB
        const stopwatch::cpu_time cpu = clock.cpu();
        result.stats.stages.push_back({stage, clock.seconds(), bytes, items, peak, cpu.user + cpu.kernel, cpu.kernel});
    }
};

// Pass 1, read + normalize: account for every record and count short lines across documents
// (only the lines that may be short are normalized here; pass 2 normalizes everything).
void read_and_count_lines(run_state& s) {
    struct census_batch : detail::unparsed_batch<detail::corpus_chain::unparsed> {
        line_census census;  // made anew by count() each use
    };
    // Records are parsed by the workers (detail::stream_unparsed): the line census is too little
    // work to keep up with one thread parsing the JSON of every record.
    const auto count = [&](census_batch& b) {
        b.census = line_census(s.options.boilerplate);
        for (const record& r : b.records)
            if (r.reason == reject_reason::none) b.census.add_raw(r.text);
    };
    // Twice pass 2's batches in flight: the reader and the in-order consumer are serial, and with
    // two batches a thread one of them often stood waiting on the other (both threads were busy
    // 84-90% of this pass). A batch holds at most 4 MB of text, and pass 1's peak is far below
    // the run's.
    stopwatch clock;
    detail::stream_unparsed<census_batch>(
        s.reader, 2 * s.in_flight, count,
        [&](census_batch& b) {
            if (b.rejected_late > 0) count(b);  // a duplicate id the workers counted: count again without it
            for (record& r : b.records) {
                s.result.documents.push_back(
                    {std::move(r.id), r.where, r.reason, std::move(r.detail), r.text.size(), 0, 0});
            }
            s.furniture.merge(std::move(b.census));
            s.tell("read", s.result.documents.size());
        });
    s.furniture.finish();
    // Every record's id is settled, and kept with its verdict in s.result.documents: pass 2
    // takes the verdicts from there, so the reader's table of ids goes now, before pass 2 grows
    // the run's memory.
    s.reader.forget_ids();
    s.first_query = s.reader.records_per_reader().front();
    s.result.sources = s.reader.sources();
    s.result.stats.bytes = s.reader.bytes_read();
    s.result.stats.furniture_threshold = s.furniture.threshold();
    s.result.stats.furniture_kinds = s.furniture.furniture_lines();
    s.time("read+normalize", clock, s.reader.bytes_read(), s.result.documents.size());
}

// The sample screen's cut: a quarter of the hash range. Chosen on the 1M corpus (2 threads)
// when the band screen still read 8-bit signature slots and kept 14.2M candidates: it dropped
// 12.47M of them, confirmation taking 9.0-10.4 s; a third dropped 12.99M but read a third more
// of each set (10.0-11.1 s); an eighth dropped only 7.43M (10.3-11.5 s). With the sketches it
// drops 2.55M of 4.05M. Pass 2 counts each record's shingles below it (spill.hpp).
constexpr std::uint32_t sample_cut = std::uint32_t{1} << 30;

// Pass 2, shingle + sign: one signature and one set of band keys per usable document.
void shingle_and_sign(run_state& s) {
    struct sign_batch : detail::batch {
        std::vector<prepared> content;
        std::vector<std::uint32_t> shingle_counts;
        std::vector<std::uint32_t> signatures;
        std::vector<std::uint8_t> low;  // the signatures' low bytes, as the spill keeps them
        std::vector<std::uint8_t> sketches;  // the band screen's (sketch_options)
        std::vector<band_key> keys;
        std::vector<std::uint64_t> prints;
        std::vector<std::uint32_t> print_counts;
        std::vector<shingle_set> sets;  // only with options.exact
        term_census terms;
        std::vector<std::uint64_t> spill;  // the kept documents' records for confirmation, in order
        std::vector<std::uint32_t> spill_words;
        std::vector<std::uint32_t> spill_sets;
        std::vector<std::uint32_t> spill_terms;

        void recycle() {  // empty again, with the room the last batch grew (detail::stream)
            for (prepared& p : content)  // kept, for their text buffers; work() resets each
                if (p.text.capacity() > detail::giant_buffer_bytes) p.text = {};
            shingle_counts.clear();
            signatures.clear();
            low.clear();
            sketches.clear();
            keys.clear();
            prints.clear();
            print_counts.clear();
            sets.clear();
            terms.clear();
            spill.clear();
            spill_words.clear();
            spill_sets.clear();
            spill_terms.clear();
        }
    };
    const std::size_t perms = s.signer.num_perm();
    const std::size_t sketch_bytes = s.sketcher.num_perm() / 2;
    const std::size_t bands = s.index.shape().bands;
    const bool words = s.shingles.options().kind == shingle_kind::word;
    s.spill_at.assign(s.result.documents.size() + 1, 0);
    s.spill_sets.assign(s.result.documents.size(), 0);
    s.spill_terms.assign(s.result.documents.size(), 0);
    s.sketches.assign(s.result.documents.size() * sketch_bytes, 0);
    s.index.reserve(s.result.documents.size());
    if (s.options.exact) s.exact_sets.resize(s.result.documents.size());
    std::size_t seen = 0;  // records of this pass
    std::vector<std::uint32_t> renumbered;  // a batch's term numbers -> the run's
    stopwatch clock;
    detail::stream<sign_batch>(
        s.reader, s.in_flight,
        [&](sign_batch& b) {
            // Buffers of one document after another: they grow once per batch, not per document.
            std::vector<std::uint64_t> tokens;
            std::vector<std::uint8_t> numeric;
            shingle_set set, numeric_set, masked;
            term_counts counts;
            std::vector<std::uint32_t> numbers;  // the terms' numbers in the batch's census
            std::vector<std::uint32_t> packed_all, packed_masked;
            std::vector<std::uint32_t> sketch(s.sketcher.num_perm());
            b.content.resize(b.records.size());
            b.shingle_counts.resize(b.records.size(), 0);
            if (s.options.exact) b.sets.resize(b.records.size());
            for (std::size_t i = 0; i < b.records.size(); ++i) {
                // The reader no longer checks ids (forget_ids): a repeated one stands rejected as
                // pass 1 found it. (The consumer checks each record's id against pass 1's.)
                const std::size_t doc = b.first + i;
                if (b.records[i].reason == reject_reason::none && doc < s.result.documents.size() &&
                    s.result.documents[doc].reason == reject_reason::duplicate_id)
                    b.records[i].reason = reject_reason::duplicate_id;
                if (b.records[i].reason != reject_reason::none) {
                    b.content[i] = {};
                    continue;
                }
                prepare(b.records[i], &s.furniture, s.shingles, b.content[i]);
                if (b.content[i].reason != reject_reason::none) continue;
                numeric_set.clear();
                masked.clear();
                if (words) {
                    tokens.clear();
                    numeric.clear();
                    s.shingles.tokens(b.content[i].text, tokens, &numeric);
                    s.shingles.shingle_tokens(tokens, numeric, set, numeric_set, masked);
                } else {
                    set = s.shingles.shingle(b.content[i].text);  // no numbers to mask in character n-grams
                }
                b.shingle_counts[i] = static_cast<std::uint32_t>(set.size());
                const std::size_t at = b.signatures.size();
                b.signatures.resize(at + perms);
                s.signer.sign(set, std::span(b.signatures).subspan(at, perms));
                b.keys.resize(b.keys.size() + bands);
                s.index.band_keys(std::span(b.signatures).subspan(at, perms),
                                  std::span(b.keys).subspan(b.keys.size() - bands, bands));
                if (s.tokens_are_terms) count_terms(tokens, counts);  // the tokens' order is not needed after this
                else counts = count_terms(b.content[i].text);
                numbers.resize(counts.size());
                b.terms.add(counts, numbers);
                detail::confirm_store::pack(set, numeric_set, masked, packed_all, packed_masked);
                b.low.resize(b.low.size() + perms);
                const auto low = std::span(b.low).subspan(b.low.size() - perms, perms);
                low_bytes(std::span(b.signatures).subspan(at, perms), low);
                s.sketcher.sign(set, sketch);
                b.sketches.resize(b.sketches.size() + sketch_bytes);
                low_nibbles(sketch, std::span(b.sketches).subspan(b.sketches.size() - sketch_bytes, sketch_bytes));
                const std::size_t spilled = b.spill.size();
                b.spill_sets.push_back(static_cast<std::uint32_t>(
                    detail::encode_spilled(b.spill, low, packed_all, packed_masked, numbers, counts, sample_cut)));
                b.spill_words.push_back(static_cast<std::uint32_t>(b.spill.size() - spilled));
                b.spill_terms.push_back(static_cast<std::uint32_t>(counts.size()));
                if (s.options.contain.enabled) {
                    const std::size_t prints = fingerprints(set, s.options.contain.sample_rate, b.prints);
                    b.print_counts.push_back(static_cast<std::uint32_t>(prints));
                }
                if (s.options.exact) b.sets[i] = set;
            }
        },
        [&](sign_batch& b) {
            // The batch's terms join the run's census; its records take their numbers there.
            s.terms.merge(b.terms, renumbered);
            for (std::size_t r = 0, at = 0; r < b.spill_words.size(); at += b.spill_words[r++])
                detail::renumber_spilled(b.spill.data() + at, renumbered);
            std::size_t row = 0;
            std::size_t print_at = 0;
            std::uint64_t spill_at = s.spill.append(b.spill);
            for (std::size_t i = 0; i < b.records.size(); ++i) {
                const doc_index doc = b.first + static_cast<doc_index>(i);
                expect_same_record(s.result, doc, b.records[i]);
                auto& info = s.result.documents[doc];
                s.spill_at[doc] = spill_at;  // a document without a record gets the next one's start
                const prepared& p = b.content[i];
                s.result.stats.invalid_bytes += p.invalid_bytes;
                s.result.stats.furniture_dropped += p.lines.furniture;
                s.result.stats.repeated_dropped += p.lines.repeated;
                if (info.reason != reject_reason::none) continue;
                info.tokens = static_cast<std::uint32_t>(p.units);
                if (p.reason != reject_reason::none) {
                    info.reason = p.reason;
                    continue;
                }
                info.shingles = b.shingle_counts[i];
                std::copy_n(b.sketches.begin() + static_cast<std::ptrdiff_t>(row * sketch_bytes), sketch_bytes,
                            s.sketches.begin() + static_cast<std::ptrdiff_t>(std::size_t{doc} * sketch_bytes));
                s.index.add(doc, std::span(b.keys).subspan(row * bands, bands));
                if (s.options.contain.enabled) {
                    const std::size_t n = b.print_counts[row];
                    s.inside.add(doc, std::span(b.prints).subspan(print_at, n));
                    print_at += n;
                }
                if (s.options.exact) s.exact_sets[doc] = std::move(b.sets[i]);
                s.spill_sets[doc] = b.spill_sets[row];
                s.spill_terms[doc] = b.spill_terms[row];
                spill_at += b.spill_words[row];
                ++row;
            }
            seen = b.first + b.records.size();
            s.tell("sign", seen);
        });
    expect_all_records(s.result, seen);
    s.terms.finish();  // every document is counted: the terms get their idf
    s.inside.shrink_to_fit();
    s.spill_at.back() = s.spill.words();
    s.result.stats.spill_bytes = s.spill.words() * sizeof(std::uint64_t);
    s.time("shingle+sign", clock, s.reader.bytes_read(), s.index.size());
    auto& memory = s.result.stats.memory;
    std::uint64_t document_bytes = s.result.documents.capacity() * sizeof(document_info);
    for (const auto& d : s.result.documents) document_bytes += d.id.capacity() > 15 ? d.id.capacity() + 1 : 0;
    memory.push_back({"documents", document_bytes});
    s.reader.end_passes();  // this was the last pass
    memory.push_back({"sketches", s.sketches.capacity()});
    memory.push_back({"spill offsets", s.spill_at.capacity() * sizeof(std::uint64_t) +
                                           (s.spill_sets.capacity() + s.spill_terms.capacity()) * sizeof(std::uint32_t)});
    memory.push_back({"band keys", s.index.bytes()});
    memory.push_back({"fingerprints", s.inside.bytes()});
    memory.push_back({"terms", s.terms.bytes()});
}

// Which candidates confirmation gets: a pair across the sides (when there are two), whose sketches
// do not make the lowest Jaccard the confirm rules accept for its sizes implausible
// (sketch_screen). Runs of pairs are screened in parallel.
class candidate_screen {
public:
    explicit candidate_screen(const run_state& s)
        : s_(s), bytes_(s.sketcher.num_perm() / 2), odds_(s.sketcher.num_perm(), s.screen_odds()),
          on_(s.screen_odds() > 0) {
        if (!on_) return;
        sizes_.resize(s.result.documents.size());  // 4 bytes a document instead of a document_info each
        for (std::size_t d = 0; d < sizes_.size(); ++d) sizes_[d] = s.result.documents[d].shingles;
    }

    void operator()(std::span<const doc_pair> pairs, std::span<char> keep) {
        constexpr std::size_t chunk = 1 << 12, ahead = 16;
        oneapi::tbb::parallel_for(std::size_t{0}, (pairs.size() + chunk - 1) / chunk, [&](std::size_t c) {
            const std::size_t from = c * chunk, to = std::min(pairs.size(), from + chunk);
            // The chunk's sketches compared in one call (which fetches both rows of a pair some
            // pairs ahead: in a bucket of two, the first is as new as the second), then judged.
            thread_local std::vector<std::uint32_t> equal;
            if (on_) {
                equal.resize(to - from);
                equal_nibbles(s_.sketches, bytes_, pairs.subspan(from, to - from), equal);
            }
            for (std::size_t i = from; i < to; ++i) {
                const doc_pair p = pairs[i];
                if (s_.across_sides && (p.a >= s_.first_query || p.b < s_.first_query)) continue;
                if (!on_) {
                    keep[i] = 1;
                    continue;
                }
                if (i + ahead < to) {
                    __builtin_prefetch(&sizes_[pairs[i + ahead].a]);
                    __builtin_prefetch(&sizes_[pairs[i + ahead].b]);
                }
                const std::size_t a = sizes_[p.a], b = sizes_[p.b];
                const bool plausible = odds_.plausible(equal[i - from], std::min(a, b),
                                                       lowest_confirmable_jaccard(a, b, s_.options.confirm));
                keep[i] = plausible ? 1 : 0;
            }
        });
    }

    /// Keeps what operator() keeps of `pairs`, in order; returns how many it dropped.
    std::size_t apply(std::vector<doc_pair>& pairs) {
        std::vector<char> keep(pairs.size(), 0);
        (*this)(pairs, keep);
        std::size_t kept = 0;
        for (std::size_t i = 0; i < pairs.size(); ++i)
            if (keep[i]) pairs[kept++] = pairs[i];
        const std::size_t dropped = pairs.size() - kept;
        pairs.resize(kept);
        return dropped;
    }

private:
    const run_state& s_;
    std::size_t bytes_;  // of a sketch
    sketch_screen odds_;
    bool on_;
    std::vector<std::uint32_t> sizes_;
};

// Band: documents sharing any band bucket become candidates (or, with options.exact, every
// pair above the threshold), and so do documents that share enough containment fingerprints.
std::vector<doc_pair> band(run_state& s) {
    stopwatch clock;
    // The screen's tables and sizes are made on one thread (some 0.06 s at 1M documents) while
    // containment's candidates are found on the others.
    std::optional<candidate_screen> made;
    oneapi::tbb::task_group making;
    making.run([&] { made.emplace(s); });
    const std::size_t indexed = s.index.size();
    // Each index gives back its memory as its candidates come out, containment's first: its
    // fingerprints are the larger, and are gone before the LSH pairs, the larger list, are held.
    std::vector<doc_pair> inside;
    if (s.options.contain.enabled) inside = std::move(s.inside).candidates(&s.result.stats.contain);
    making.wait();
    candidate_screen& screen = *made;
    if (s.options.contain.enabled) {
        s.result.stats.contain.screened = screen.apply(inside);
        s.result.stats.contain.candidates = inside.size();
        detail::release_free_memory();
    }
    std::vector<doc_pair> candidates;
    if (s.options.exact) {
        candidates = exact_pairs(s.exact_sets, s.options.band.threshold);
        detail::release(s.exact_sets);
        s.result.stats.band.screened = screen.apply(candidates);
        lsh_options shape = s.options.band;  // unused keys, freed; the same shape, not chosen again
        shape.bands = s.index.shape().bands;
        shape.rows = s.index.shape().rows;
        s.index = lsh_index(shape, s.options.sign.num_perm);
    } else {
        candidates = std::move(s.index).candidates(&s.result.stats.band, std::ref(screen));
    }
    s.result.stats.shape = s.index.shape();
    if (!inside.empty()) {
        std::vector<doc_pair> both;
        both.reserve(candidates.size() + inside.size());
        std::set_union(candidates.begin(), candidates.end(), inside.begin(), inside.end(), std::back_inserter(both));
        candidates = std::move(both);
    }
    s.result.stats.candidates = candidates.size();
    detail::release(s.sketches);  // the screen is done
    s.time("band", clock, 0, indexed);
    return candidates;
}

// Bytes the confirm stage will keep for a document: its signature bytes, shingle set and masked
// number windows (see confirm_store) and its TF-IDF row, from the counts pass 2 took.
std::uint64_t confirm_bytes(const document_info& d, std::size_t perms) {
    return std::uint64_t{d.shingles} * 5 + std::uint64_t{d.tokens} * 5 + 64 + perms;
}

// The fewest shingles two sets of these sizes must share for the confirm rules to accept them:
// Jaccard c / (a + b - c) reaches the lowest confirmable one, j, when c >= j (a + b) / (1 + j).
// Rounded down, and j is already a little under: never more than a pair needs.
std::size_t fewest_shared(std::size_t size_a, std::size_t size_b, const confirm_options& o) {
    const double j = lowest_confirmable_jaccard(size_a, size_b, o);
    return static_cast<std::size_t>(j * static_cast<double>(size_a + size_b) / (1.0 + j));
}

// Scores one candidate from the stored sets of its two documents, all but the cosine, which is
// left at 1, its highest: a pair is_duplicate() rejects even so needs no TF-IDF vectors. Nor
// does it need what only a confirmed pair reports (the MinHash estimate, the relation and the
// masked-number intersection), which is left unset for it: most candidates end here. Nothing
// when the shingles the two share in the sample (the bottom quarter of the hash range) show
// they cannot share what the rules need (sample_screen): most candidates are unrelated stories
// on one topic, and their sample is a quarter of the work of their whole sets.
std::optional<scored_pair> score_pair(const run_state& s, const sample_screen& screen, doc_pair pair,
                                      const detail::confirm_store::sets& a, const detail::confirm_store::sets& b) {
    const std::size_t below_a = a.sampled, below_b = b.sampled;
    detail::shared_shingles shared = detail::intersect_flagged(a.all.first(below_a), b.all.first(below_b));
    if (!screen.plausible(shared.all, fewest_shared(a.all.size(), b.all.size(), s.options.confirm))) return std::nullopt;
    const detail::shared_shingles above = detail::intersect_flagged(a.all.subspan(below_a), b.all.subspan(below_b));
    shared.all += above.all;
    shared.numeric += above.numeric;
    scored_pair p;
    p.a = pair.a;
    p.b = pair.b;
    score_shared(shared.all, a.all.size(), b.all.size(), p);
    p.cosine = 1.0f;
    if (!is_duplicate(p, s.options.confirm)) return p;
    p.minhash = static_cast<float>(estimate_jaccard_low_bytes(a.signature, b.signature));
    // The shingles the two would share with numbers masked: those without a number, as shared
    // now, plus the number windows shared once masked.
    label(p, shared.all - shared.numeric + intersection_size(a.masked, b.masked), s.options.confirm);
    return p;
}

// Starts loading the stored records of candidates some pairs ahead: partners lie anywhere in a
// block of a hundred megabytes and more, and their headers and samples would otherwise be cache
// misses each pair waits on. The header of the partner 24 pairs on, and the sample of the one 8
// pairs on, whose header has come in by then: its values below the cut, the first of its sorted
// set, as many as the header's count says (the record counts them, spill.hpp). (8 and 3 pairs on, or
// the whole set of the next pair, measured the same within this host's noise.)
class partner_prefetch {
public:
    explicit partner_prefetch(const detail::confirm_store& store) : store_(store) {}

    /// `partner(k)` is the stored document of pair k; pairs `to` and beyond are not looked at.
    template <typename Partner>
    void ahead_of(std::size_t i, std::size_t to, Partner&& partner) const {
        if (i + header_ahead < to) store_.prefetch(partner(i + header_ahead));
        if (i + sample_ahead >= to) return;
        const auto sets = store_.of(partner(i + sample_ahead));
        const auto set = sets.all;
        const std::size_t n = sets.sampled;
        if (n == 0) return;
        // By lines, not by 16 values from the first: a set starts anywhere in a line.
        constexpr std::uintptr_t line = 64;
        const auto first = reinterpret_cast<std::uintptr_t>(set.data()) / line * line;
        const auto last = reinterpret_cast<std::uintptr_t>(set.data() + n - 1);
        for (std::uintptr_t at = first; at <= last; at += line) __builtin_prefetch(reinterpret_cast<const void*>(at));
    }

private:
    static constexpr std::size_t header_ahead = 24, sample_ahead = 8;
    const detail::confirm_store& store_;
};

// Confirmation works through the documents in blocks, contiguous ranges whose held summaries
// fit options.confirm_memory; a candidate (a, b), a < b, belongs to the block of a. One block
// unless the corpus is large.
std::vector<std::pair<doc_index, doc_index>> confirm_blocks(const run_state& s, const std::vector<char>& needed) {
    std::vector<std::pair<doc_index, doc_index>> blocks;
    std::uint64_t bytes = 0;
    doc_index lo = 0;
    const auto n = static_cast<doc_index>(needed.size());
    for (doc_index d = 0; d < n; ++d) {
        if (!needed[d]) continue;
        const std::uint64_t more = confirm_bytes(s.result.documents[d], s.signer.num_perm());
        if (bytes > 0 && bytes + more > s.options.confirm_memory) {
            blocks.emplace_back(lo, d);
            lo = d;
            bytes = 0;
        }
        bytes += more;
    }
    blocks.emplace_back(lo, n);
    return blocks;
}

// One block: its documents' records are read back from the spill file and held (phase 1), and
// the candidates inside it scored; then the candidates reaching past it are scored against the
// records of their later documents, read one by one (phase 2), in parallel.
void confirm_block(run_state& s, std::pair<doc_index, doc_index> block, std::span<const doc_pair> pairs,
                   const sample_screen& screen, detail::confirm_store& store, tfidf_vectors& vectors,
                   std::vector<scored_pair>& confirmed, std::uint64_t& largest) {
    const doc_index lo = block.first, hi = block.second;  // not a structured binding: clang 14 cannot capture one
    std::vector<char> held(hi - lo, 0);
    std::vector<doc_pair> inside, reaching;  // reaching: sorted by b, then a
    // Reaching pairs are sorted as keys (b - hi, a - lo) by radix: at 1M documents a block has
    // some 1.7M of them, which std::sort took 4% of the stage over.
    const auto a_bits = static_cast<int>(std::bit_width(hi - lo));
    const auto b_bits = static_cast<int>(std::bit_width(s.result.documents.size() - hi));
    std::vector<std::uint64_t> keys;
    for (const auto& p : pairs) {
        held[p.a - lo] = 1;
        if (p.b < hi) {
            held[p.b - lo] = 1;
            inside.push_back(p);
        } else {
            keys.push_back((std::uint64_t{p.b - hi} << a_bits) | (p.a - lo));
        }
    }
    {
        std::vector<std::uint64_t> scratch(keys.size());
        const auto sorted = detail::radix_sort(std::span(keys), std::span(scratch), 0, a_bits + b_bits);
        const std::uint64_t a_mask = (std::uint64_t{1} << a_bits) - 1;
        reaching.reserve(sorted.size());
        for (const std::uint64_t key : sorted)
            reaching.push_back({lo + static_cast<doc_index>(key & a_mask), hi + static_cast<doc_index>(key >> a_bits)});
    }

    // What each held document keeps of its record, and the terms of its TF-IDF row, both known
    // from the record offsets: the store and the matrix are laid out before anything is read.
    std::vector<std::uint32_t> kept(hi - lo, 0);
    std::vector<doc_index> rows;
    std::vector<std::uint32_t> entries;
    for (doc_index d = lo; d < hi; ++d) {
        if (!held[d - lo]) continue;
        kept[d - lo] = s.spill_sets[d];
        rows.push_back(d);
        entries.push_back(s.spill_terms[d]);
    }
    store.reset(lo, kept);
    vectors.clear();
    vectors.place(rows, entries);
    // Phase 1: the block's part of the file in sweeps of two megabytes, each starting at a held
    // document; threads take sweeps, copy their documents' sets into the store and write their rows.
    constexpr std::uint64_t sweep_words = std::uint64_t{1} << 18;  // 2 MB a sweep, let go when done
    std::vector<std::pair<doc_index, doc_index>> sweeps;
    for (doc_index d = lo; d < hi;) {
        if (!held[d - lo]) {
            ++d;
            continue;
        }
        const std::uint64_t from = s.spill_at[d];
        doc_index end = d + 1;
        while (end < hi && s.spill_at[end + 1] - from <= sweep_words) ++end;
        sweeps.emplace_back(d, end);
        d = end;
    }
    struct sweep_buffers {
        std::vector<std::uint64_t> words;
        std::vector<std::uint32_t> counts;
    };
    oneapi::tbb::enumerable_thread_specific<sweep_buffers> buffers;
    oneapi::tbb::parallel_for(std::size_t{0}, sweeps.size(), [&](std::size_t k) {
        const doc_index first = sweeps[k].first, end = sweeps[k].second;
        const std::uint64_t from = s.spill_at[first];
        auto& [buffer, counts] = buffers.local();
        const std::span<const std::uint64_t> swept = s.spill.fetch(from, s.spill_at[end] - from, buffer);
        for (doc_index d = first; d < end; ++d) {
            if (!held[d - lo]) continue;
            const auto words = swept.subspan(s.spill_at[d] - from);
            const auto room = store.room(d);
            std::copy_n(words.begin(), room.size(), room.begin());
            const detail::spilled record = detail::decode_spilled(words);
            record.read_counts(counts);
            vectors.fill(d, record.terms, counts);
        }
        s.spill.forget(from, swept.size());
    });
    // The kernel maps cached pages around each one read (fault-around), between sweeps too.
    s.spill.forget(0, s.spill.words());
    // No block reads this one's records, or those before them, again: their cached pages go while
    // the candidates are scored, on a thread of its own rather than a TBB worker: where the file
    // system discards freed blocks at once (ext4 mounted with `discard`, as on this project's
    // machines), the punch waits on the device (0.59 s over the 15 blocks of 1M documents, up
    // to 0.1 s at a time), and a worker waiting there was one of the threads that score.
    auto letting_go = std::async(std::launch::async, [&s, hi] { s.spill.discard_before(s.spill_at[hi]); });
    vectors.finish();
    s.tell("confirm", hi);
    largest = std::max<std::uint64_t>(largest, store.bytes());
    ++s.result.stats.confirm_passes;

    // Candidates inside the block, in parallel over chunks.
    constexpr std::size_t chunk = 4096;
    std::vector<std::vector<scored_pair>> scored((inside.size() + chunk - 1) / chunk);  // per chunk, the pairs to confirm
    std::atomic<std::uint64_t> screened = 0;
    const partner_prefetch ahead(store);
    oneapi::tbb::parallel_for(std::size_t{0}, scored.size(), [&](std::size_t c) {
        const std::size_t from = c * chunk;
        const std::size_t to = std::min(inside.size(), from + chunk);
        std::vector<doc_pair> open;  // pairs the cosine decides or reports: still sorted by a
        std::uint64_t dropped = 0;
        for (std::size_t i = from; i < to; ++i) {
            ahead.ahead_of(i, to, [&](std::size_t k) { return inside[k].b; });
            const auto p = score_pair(s, screen, inside[i], store.of(inside[i].a), store.of(inside[i].b));
            if (!p) ++dropped;
            if (!p || !is_duplicate(*p, s.options.confirm)) continue;
            open.push_back(inside[i]);
            scored[c].push_back(*p);
        }
        std::vector<float> cosines(open.size());
        vectors.cosines(open, cosines);
        for (std::size_t k = 0; k < open.size(); ++k) scored[c][k].cosine = cosines[k];
        screened += dropped;
    });
    for (const auto& some : scored)
        for (const auto& p : some)
            if (is_duplicate(p, s.options.confirm)) confirmed.push_back(p);
    s.result.stats.sample_screened += screened.exchange(0);
    if (reaching.empty()) {
        letting_go.wait();
        return;
    }

    // Phase 2: candidates reaching past the block, a run of later documents per task; each
    // later document's record is read once for all its partners in the block.
    std::vector<std::size_t> starts;  // where each later document's run of pairs begins
    for (std::size_t i = 0; i < reaching.size(); ++i)
        if (i == 0 || reaching[i].b != reaching[i - 1].b) starts.push_back(i);
    starts.push_back(reaching.size());
    constexpr std::size_t documents_per_task = 256;
    const std::size_t tasks = (starts.size() - 1 + documents_per_task - 1) / documents_per_task;
    const auto task_groups = [&](std::size_t task) {
        return std::pair{task * documents_per_task, std::min(starts.size() - 1, (task + 1) * documents_per_task)};
    };
    // The threads take tasks in order as each comes free, with no wait between windows of the
    // file: a parallel_for a 32 MB window left a thread idle at each window's end (at 1M
    // documents the first block's later records span a hundred windows). Each task lets go of
    // its stretch of the file (from its first record to the next task's) once done, whatever
    // the other threads are at. Let go in order, once every task before some point was done, the
    // stretch behind a thread that fell behind stayed resident while the other read on: now and
    // then a run's peak grew by 35 to 316 MiB (1M documents), back within a tenth of a second.
    const auto task_from = [&](std::size_t task) { return s.spill_at[reaching[starts[task_groups(task).first]].b]; };
    const auto task_end = [&](std::size_t task) { return task + 1 < tasks ? task_from(task + 1) : s.spill.words(); };
    std::vector<std::vector<scored_pair>> found(tasks);
    std::atomic<std::size_t> next_task = 0;
    const auto score_later = [&] {
        std::vector<std::uint64_t> buffer;
        std::vector<std::uint32_t> counts;
        std::vector<scored_pair> open;  // pairs the cosine decides or reports
        std::vector<doc_index> partners;
        std::vector<float> cosines;
        for (std::size_t task = next_task++; task < tasks; task = next_task++) {
            std::uint64_t dropped = 0;
            const auto [g_first, g_last] = task_groups(task);
            for (std::size_t g = g_first; g < g_last; ++g) {
                // The sets first; the terms only if a pair still needs its cosine.
                const doc_index doc = reaching[starts[g]].b;
                const detail::spilled sets = detail::decode_spilled(s.spill.fetch(s.spill_at[doc], s.spill_sets[doc], buffer), true);
                const detail::confirm_store::sets later{sets.signature, sets.all, sets.masked, sets.sampled};
                open.clear();
                partners.clear();
                for (std::size_t i = starts[g]; i < starts[g + 1]; ++i) {
                    ahead.ahead_of(i, starts[g_last], [&](std::size_t k) { return reaching[k].a; });
                    const auto p = score_pair(s, screen, reaching[i], store.of(reaching[i].a), later);
                    if (!p) ++dropped;
                    if (!p || !is_duplicate(*p, s.options.confirm)) continue;
                    open.push_back(*p);
                    partners.push_back(p->a);
                }
                if (open.empty()) continue;
                const detail::spilled record =
                    detail::decode_spilled(s.spill.fetch(s.spill_at[doc], s.spill_at[doc + 1] - s.spill_at[doc], buffer));
                record.read_counts(counts);
                cosines.resize(partners.size());
                vectors.cosines_with(record.terms, counts, partners, cosines);
                for (std::size_t k = 0; k < open.size(); ++k) {
                    open[k].cosine = cosines[k];
                    if (is_duplicate(open[k], s.options.confirm)) found[task].push_back(open[k]);
                }
            }
            screened += dropped;
            s.spill.forget(task_from(task), task_end(task) - task_from(task));
        }
    };
    const auto threads = static_cast<std::size_t>(std::max(1, oneapi::tbb::this_task_arena::max_concurrency()));
    oneapi::tbb::parallel_for(std::size_t{0}, threads, [&](std::size_t) { score_later(); });
    s.spill.forget(0, s.spill.words());
    letting_go.wait();
    for (const auto& some : found) confirmed.insert(confirmed.end(), some.begin(), some.end());
    s.result.stats.sample_screened += screened;
    ++s.result.stats.confirm_passes;
}

// Confirm: read back what pass 2 kept of the documents that have a candidate, score every candidate exactly
// (Jaccard, containments, cosine), keep those that pass the rule, sorted by (a, b).
std::vector<scored_pair> confirm(run_state& s, const std::vector<doc_pair>& candidates) {
    stopwatch clock;
    std::vector<scored_pair> confirmed;
    std::vector<char> needed(s.result.documents.size(), 0);
    for (const auto& p : candidates) needed[p.a] = needed[p.b] = 1;
    std::uint64_t largest = 0;
    if (!candidates.empty()) {
        s.spill.map();
        // One store and one matrix for every block, in the memory the largest needs: blocks
        // that each faulted in their own touched some 4 GB of fresh pages at 1M documents.
        detail::confirm_store store;
        tfidf_vectors vectors(s.terms);
        const sample_screen screen(sample_cut, s.screen_odds());
        for (const auto& block : confirm_blocks(s, needed)) {
            // Candidates are sorted by a, so a block's are one run of them.
            const auto first = std::lower_bound(candidates.begin(), candidates.end(), block.first,
                                                [](const doc_pair& p, doc_index doc) { return p.a < doc; });
            const auto last = std::lower_bound(first, candidates.end(), block.second,
                                               [](const doc_pair& p, doc_index doc) { return p.a < doc; });
            if (first == last) continue;
            confirm_block(s, block, std::span<const doc_pair>(&*first, static_cast<std::size_t>(last - first)), screen,
                          store, vectors, confirmed, largest);
        }
    }
    // Each pair is confirmed once, so no two are equal in (a, b) and the parallel sort's order is
    // the only one. (std::sort of a million pairs on one thread, at the stage's end: 0.048 s in
    // isolation, the parallel sort 0.032 s.)
    oneapi::tbb::parallel_sort(confirmed.begin(), confirmed.end(),
                               [](const scored_pair& x, const scored_pair& y) { return x.a != y.a ? x.a < y.a : x.b < y.b; });
    s.result.stats.memory.push_back({"confirm sets", largest});
    s.time("confirm", clock, 0, candidates.size());
    return confirmed;
}

// Cluster: connected components of the confirmed pairs.
std::vector<cluster> group(run_state& s, const std::vector<scored_pair>& confirmed) {
    stopwatch clock;
    std::vector<doc_pair> links;
    links.reserve(confirmed.size());
    for (const auto& p : confirmed) links.push_back({p.a, p.b});
    std::vector<std::uint32_t> lengths;
    for (const auto& d : s.result.documents) lengths.push_back(d.shingles);
    auto clusters = make_clusters(s.result.documents.size(), links, s.options.keep, lengths);
    s.time("cluster", clock, 0, confirmed.size());
    return clusters;
}

void summarize(dedup_result& r) {
    auto& st = r.stats;
    st.records = r.documents.size();
    for (const auto& d : r.documents) {
        if (d.reason == reject_reason::none) continue;
        ++st.rejected;
        ++st.rejected_by_reason[static_cast<std::size_t>(d.reason)];
    }
    st.confirmed = r.pairs.size();
    st.clusters = r.clusters.size();
    for (const auto& c : r.clusters) st.duplicates += c.members.size() - 1;
}

// The spine: every run, a dedup or a comparison, goes through these stages in this order.
void run(run_state& s) {
    read_and_count_lines(s);                            // 1 read, 2 normalize (furniture census)
    shingle_and_sign(s);                                // 3 shingle, 4 sign
    const auto candidates = band(s);                    // 5 band
    s.result.pairs = confirm(s, candidates);            // 6 confirm
    // Confirmation's file is done with: the kernel lets it go with its cached pages (a third of a
    // second a million documents) on another thread, where there is one, while the clusters are
    // made (the one stage that runs on one thread).
    oneapi::tbb::task_group letting_go;
    letting_go.run([&s] { s.spill.release(); });
    if (!s.across_sides) s.result.clusters = group(s, s.result.pairs);  // 7 cluster
    summarize(s.result);
    letting_go.wait();
}

} // namespace

dedup_result dedup(const std::vector<std::string>& inputs, const pipeline_options& options,
                   const progress_fn& progress) {
    const auto limit = detail::thread_limit(options.threads);
    run_state s({inputs}, options, progress);
    run(s);
    return std::move(s.result);
}

namespace detail {

std::pair<dedup_result, std::size_t> run_across(const std::vector<std::string>& reference,
                                                const std::vector<std::string>& query,
                                                const pipeline_options& options, const progress_fn& progress) {
    const auto limit = detail::thread_limit(options.threads);
    run_state s({reference, query}, options, progress);
    run(s);
    return {std::move(s.result), s.first_query};
}

} // namespace detail

similarity_report similarity(std::string_view text_a, std::string_view text_b, const pipeline_options& options) {
    const shingler shingles(options.shingle);
    const minhasher signer(options.sign);
    record ra, rb;
    ra.text = text_a;
    rb.text = text_b;
    const prepared a = prepare(ra, nullptr, shingles);
    const prepared b = prepare(rb, nullptr, shingles);
    const shingle_set sa = shingles.shingle(a.text);
    const shingle_set sb = shingles.shingle(b.text);

    similarity_report report;
    report.scores.b = 1;
    report.shingles_a = sa.size();
    report.shingles_b = sb.size();
    report.common = intersection_size(sa, sb);
    if (!sa.empty() && !sb.empty())
        report.scores.minhash = static_cast<float>(estimate_jaccard(signer.sign(sa), signer.sign(sb)));
    score_sets(sa, sb, report.scores);

    const term_counts ca = count_terms(a.text);
    const term_counts cb = count_terms(b.text);
    term_census census;
    census.add(ca);
    census.add(cb);
    census.finish();
    tfidf_vectors vectors(census);
    vectors.add(0, ca);
    vectors.add(1, cb);
    vectors.finish();
    report.scores.cosine = vectors.cosines({{0, 1}}).front();
    const shingler masked(masking(options.shingle));
    label(report.scores, intersection_size(masked.shingle(a.text), masked.shingle(b.text)), options.confirm);
    report.duplicate = is_duplicate(report.scores, options.confirm);
    return report;
}

} // namespace wiredup
