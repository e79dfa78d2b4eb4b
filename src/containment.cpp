// Stage 5b, band for containment: see containment.hpp. Postings are grouped shard by shard with
// radix sorts; co-occurrences are counted by radix sorting packed pairs, block by block of the
// first document, so that most runs pack a pair into 32 bits.
#include <wiredup/containment.hpp>
#include <wiredup/error.hpp>

#include "detail/memory.hpp"
#include "detail/radix_sort.hpp"

#include <oneapi/tbb/enumerable_thread_specific.h>
#include <oneapi/tbb/parallel_for.h>
#include <oneapi/tbb/parallel_pipeline.h>
#include <oneapi/tbb/task_arena.h>

#include <algorithm>
#include <atomic>
#include <bit>
#include <cassert>
#include <limits>
#include <memory>
#include <string>

namespace wiredup {

std::vector<std::uint64_t> fingerprints(const shingle_set& shingles, std::uint32_t sample_rate) {
    std::vector<std::uint64_t> kept;
    fingerprints(shingles, sample_rate, kept);
    return kept;
}

std::size_t fingerprints(const shingle_set& shingles, std::uint32_t sample_rate, std::vector<std::uint64_t>& out) {
    // The top bits pick the slice: the low bits already feed the MinHash permutations. The slice
    // is the hashes whose top bits are 0, the smallest ones: a prefix of the sorted set, found
    // by bisection instead of a test of every shingle.
    const int shift = 64 - std::countr_zero(sample_rate);
    const auto end = sample_rate == 1 ? shingles.end()
                                      : std::lower_bound(shingles.begin(), shingles.end(), std::uint64_t{1} << shift);
    out.insert(out.end(), shingles.begin(), end);
    return static_cast<std::size_t>(end - shingles.begin());
}

containment_index::containment_index(containment_options options) : options_(options) {
    if (options_.sample_rate == 0 || !std::has_single_bit(options_.sample_rate))
        throw error("containment: sample_rate (" + std::to_string(options_.sample_rate) + ") must be a power of two");
    if (options_.min_common == 0) throw error("containment: min_common must be at least 1");
    if (options_.pair_budget == 0) throw error("containment: pair_budget must be at least 1");
    if (options_.max_postings < 2)
        throw error("containment: max_postings (" + std::to_string(options_.max_postings) + ") must be at least 2");
    shards_.resize(shard_count);
}

namespace {

constexpr std::size_t first_block = 64, largest_block = 16384;  // elements
constexpr std::size_t longest_gap = 5;                            // bytes of a 32-bit LEB128 value

// The last block of `blocks` with room for n more elements, a new one if it has not: half as
// large again as the one before, from first_block up to largest_block.
template <typename T>
std::vector<T>& block_with_room(std::vector<std::vector<T>>& blocks, std::size_t n) {
    if (blocks.empty() || blocks.back().capacity() - blocks.back().size() < n) {
        const std::size_t previous = blocks.empty() ? 0 : blocks.back().capacity();
        blocks.emplace_back().reserve(std::clamp(previous + previous / 2, first_block, largest_block));
    }
    return blocks.back();
}

// LEB128: seven bits a byte, low first, the top bit set on all but the last. `bytes` has room.
void append_gap(std::vector<std::uint8_t>& bytes, std::uint32_t gap) {
    for (; gap >= 0x80; gap >>= 7) bytes.push_back(static_cast<std::uint8_t>(gap | 0x80));
    bytes.push_back(static_cast<std::uint8_t>(gap));
}

// The documents of the gaps in `blocks`, into docs (which has one slot a gap).
void decode_gaps(const std::vector<std::vector<std::uint8_t>>& blocks, std::span<doc_index> docs) {
    doc_index doc = 0;
    std::size_t i = 0;
    for (const auto& block : blocks) {
        const std::uint8_t* p = block.data();
        const std::uint8_t* const end = p + block.size();
        while (p < end) {
            std::uint32_t gap = *p++;
            if (gap >= 0x80) {  // rare: one byte holds gaps up to 127
                gap &= 0x7f;
                for (int shift = 7;; shift += 7) {
                    const std::uint32_t b = *p++;
                    gap |= (b & 0x7f) << shift;
                    if (b < 0x80) break;
                }
            }
            doc += gap;
            docs[i++] = doc;
        }
    }
    assert(i == docs.size());
}

} // namespace

void containment_index::add(doc_index doc, std::span<const std::uint64_t> hashes) {
    assert(counts_.size() <= doc);
    if (counts_.size() <= doc) counts_.resize(doc + 1, 0);
    counts_[doc] = static_cast<std::uint32_t>(hashes.size());
    for (const auto h : hashes) {
        // The low bits of the mix pick the shard and its top 32 bits are kept, so the two together
        // tell fingerprints apart by 40 bits of a bijective mix. Bits of h itself would not do:
        // fingerprints share their top bits (the sampled slice), and hashes that are small numbers
        // their whole top half.
        const std::uint64_t mixed = detail::mix64(h);
        shard& s = shards_[mixed % shard_count];
        block_with_room(s.keys, 1).push_back(static_cast<std::uint32_t>(mixed >> 32));
        append_gap(block_with_room(s.gaps, longest_gap), doc - s.last);
        s.last = doc;
    }
    fingerprints_ += hashes.size();
}

void containment_index::shrink_to_fit() {
    for (shard& s : shards_) {
        if (!s.keys.empty()) s.keys.back().shrink_to_fit();
        if (!s.gaps.empty()) s.gaps.back().shrink_to_fit();
        s.keys.shrink_to_fit();
        s.gaps.shrink_to_fit();
    }
    counts_.shrink_to_fit();
}

std::uint64_t containment_index::bytes() const noexcept {
    std::uint64_t total = shards_.capacity() * sizeof(shard) + counts_.capacity() * sizeof(std::uint32_t);
    for (const shard& s : shards_) {
        total += (s.keys.capacity() + s.gaps.capacity()) * sizeof(std::vector<std::uint8_t>);
        for (const auto& block : s.keys) total += block.capacity() * sizeof(std::uint32_t);
        for (const auto& block : s.gaps) total += block.capacity();
    }
    return total;
}

namespace {

// Postings of the fingerprints that make pairs: members' documents, increasing within a list.
struct postings {
    std::vector<doc_index> docs;
    std::vector<std::size_t> ends;
};

// Every co-occurring pair (a, b), a < b, once per fingerprint they share, a row at a time:
// `row(a, partners)` for each member a of a list, partners being the later members other than
// a, in list order. A list's documents increase (a document twice in one list, two of its
// fingerprints alike in their kept bits, pairs with neither copy), so a member's partners are
// the rest of the list past its run: a row is counted by its length, not a pair at a time.
// Only the members a in [from, to), one run of a list's first members, found by bisection;
// only the lists [first_list, last_list).
template <typename Row>
void for_each_row(const postings& lists, std::size_t first_list, std::size_t last_list, std::uint64_t from,
                  std::uint64_t to, Row&& row) {
    const auto* docs = lists.docs.data();
    std::size_t lo = first_list == 0 ? 0 : lists.ends[first_list - 1];
    for (std::size_t list = first_list; list < last_list; ++list) {
        const std::size_t hi = lists.ends[list];
        std::size_t i = from == 0 ? lo : static_cast<std::size_t>(std::lower_bound(docs + lo, docs + hi, from) - docs);
        while (i < hi && docs[i] < to) {
            std::size_t past = i + 1;  // past the run of docs[i]
            while (past < hi && docs[past] == docs[i]) ++past;
            const std::span<const doc_index> partners(docs + past, hi - past);
            for (; i < past; ++i) row(docs[i], partners);
        }
        lo = hi;
    }
}

// Counts the co-occurrences of each pair and keeps those that `keep(a, b, common)`. Pairs are
// bucketed by the top bits of a, so within a block a pair packs as (low bits of a, b) into a
// Word; each block is radix sorted alone, and blocks in order give pairs in order. Runs of
// blocks are filled and counted a chunk of at most `budget` words at a time (the lists are
// walked once more per chunk), so the co-occurrences, which at a million documents outnumber
// the fingerprints, are never all held at once.
template <typename Word, typename Keep>
std::vector<doc_pair> count_pairs(const postings& lists, int doc_bits, std::size_t budget, Keep&& keep) {
    const int low_bits = static_cast<int>(sizeof(Word) * 8) - doc_bits;
    const std::size_t blocks = low_bits >= doc_bits ? 1 : std::size_t{1} << (doc_bits - low_bits);
    const auto block_of = [&](doc_index a) { return low_bits >= doc_bits ? 0 : a >> low_bits; };
    const Word low_mask = static_cast<Word>((std::uint64_t{1} << low_bits) - 1);
    // The lists in parts walked in parallel: part p counts its pairs of each block, then writes
    // them where the parts before it leave off. A block's pairs are sorted before they are
    // counted, so what the parts write, in whatever order, comes out the same.
    constexpr std::size_t parts = 64;
    const std::size_t n_lists = lists.ends.size();
    const auto part_lists = [&](std::size_t p) { return std::pair{n_lists * p / parts, n_lists * (p + 1) / parts}; };
    std::vector<std::size_t> part_sizes(parts * blocks, 0);  // part p's pairs of block k at p * blocks + k
    constexpr auto all = std::numeric_limits<std::uint64_t>::max();
    oneapi::tbb::parallel_for(std::size_t{0}, parts, [&](std::size_t p) {
        std::size_t* const counted = part_sizes.data() + p * blocks;
        const auto [first_list, last_list] = part_lists(p);
        for_each_row(lists, first_list, last_list, 0, all, [&](doc_index a, std::span<const doc_index> partners) {
            counted[block_of(a)] += partners.size();
        });
    });
    std::vector<std::size_t> sizes(blocks, 0);
    for (std::size_t p = 0; p < parts; ++p)
        for (std::size_t k = 0; k < blocks; ++k) sizes[k] += part_sizes[p * blocks + k];
    std::vector<std::size_t> part_next(parts * blocks, 0);
    std::vector<Word> pairs;
    oneapi::tbb::enumerable_thread_specific<std::vector<Word>> scratches;
    std::vector<std::vector<doc_pair>> found;  // per block of a chunk
    std::vector<std::size_t> starts(blocks + 1, 0);
    std::vector<doc_pair> result;
    const Word b_mask = static_cast<Word>((std::uint64_t{1} << doc_bits) - 1);
    for (std::size_t first = 0; first < blocks;) {
        // Blocks [first, last): as many as fit the budget, at least one.
        std::size_t last = first, words = 0;
        while (last < blocks && (last == first || words + sizes[last] <= budget)) words += sizes[last++];
        starts[first] = 0;  // where each block of the chunk starts in the buffer
        for (std::size_t k = first; k < last; ++k) starts[k + 1] = starts[k] + sizes[k];
        for (std::size_t k = first; k < last; ++k) {
            std::size_t at = starts[k];
            for (std::size_t p = 0; p < parts; ++p) {
                part_next[p * blocks + k] = at;
                at += part_sizes[p * blocks + k];
            }
        }
        pairs.resize(words);
        const std::uint64_t from = low_bits >= doc_bits ? 0 : std::uint64_t{first} << low_bits;
        const std::uint64_t to = low_bits >= doc_bits ? all : std::uint64_t{last} << low_bits;
        oneapi::tbb::parallel_for(std::size_t{0}, parts, [&](std::size_t p) {
            std::size_t* const next = part_next.data() + p * blocks;
            const auto [first_list, last_list] = part_lists(p);
            for_each_row(lists, first_list, last_list, from, to, [&](doc_index a, std::span<const doc_index> partners) {
                const auto high = static_cast<Word>((Word{a} & low_mask) << doc_bits);
                std::size_t& at = next[block_of(a)];
                Word* const out = pairs.data() + at;
                for (std::size_t j = 0; j < partners.size(); ++j) out[j] = high | static_cast<Word>(partners[j]);
                at += partners.size();
            });
        });
        // The chunk's blocks are sorted and counted in parallel; their pairs join the result in
        // block order, so it comes out sorted whatever the threads.
        found.resize(last - first);
        oneapi::tbb::parallel_for(first, last, [&](std::size_t k) {
            auto& out = found[k - first];
            out.clear();
            const std::span<Word> block(pairs.data() + starts[k], sizes[k]);
            if (block.empty()) return;
            auto& scratch = scratches.local();
            scratch.resize(std::max(scratch.size(), block.size()));
            const auto sorted = detail::radix_sort(block, std::span<Word>(scratch), 0, low_bits + doc_bits);
            const auto high = static_cast<doc_index>(low_bits >= doc_bits ? 0 : k << low_bits);
            for (std::size_t lo = 0; lo < sorted.size();) {
                std::size_t hi = lo + 1;
                while (hi < sorted.size() && sorted[hi] == sorted[lo]) ++hi;
                const auto a = static_cast<doc_index>(high | static_cast<doc_index>(sorted[lo] >> doc_bits));
                const auto b = static_cast<doc_index>(sorted[lo] & b_mask);
                if (keep(a, b, hi - lo)) out.push_back({a, b});
                lo = hi;
            }
        });
        for (auto& out : found) {
            result.insert(result.end(), out.begin(), out.end());
            detail::release(out);
        }
        first = last;
    }
    return result;
}

} // namespace

std::vector<doc_pair> containment_index::candidates(containment_stats* stats) const& { return collect(stats, nullptr); }

std::vector<doc_pair> containment_index::candidates(containment_stats* stats) && {
    std::vector<doc_pair> result = collect(stats, &shards_);
    *this = containment_index(options_);
    return result;
}

std::vector<doc_pair> containment_index::collect(containment_stats* stats, std::vector<shard>* spend) const {
    containment_stats local;
    local.fingerprints = fingerprints_;
    local.documents = static_cast<std::size_t>(std::count_if(counts_.begin(), counts_.end(), [](auto c) { return c > 0; }));
    postings lists;
    // Room for every fingerprint, which no list can outgrow: a doubling vector would hold two
    // copies while it moves; room never written costs no memory.
    lists.docs.reserve(fingerprints_);
    lists.ends.reserve(fingerprints_ / 2);
    // Two fingerprints of a shard whose keys agree (about n^2 / 2^33 pairs among a shard's n
    // distinct ones: some 1,200 in 51M fingerprints at 1M documents, 256 shards) are grouped as
    // one, merging their posting lists: the documents of one list gain one spurious co-occurrence
    // with those of the other, which min_common, min_fraction and the exact scoring of candidates
    // absorb, or the merged list passes max_postings and is skipped as a stock phrase.
    //
    // Shards are grouped in parallel, a few at a time (each with its keys and the grouping's
    // buffers), and their lists join in shard order, the same whatever the threads: one after
    // another, the shards took 0.6 s at 1M documents with the other thread idle.
    struct grouping {
        std::vector<std::uint32_t> keys;  // as kept: 32 bits, grouped with their documents in one word
        std::vector<doc_index> docs;
        detail::group_buffers buffers;
    };
    struct shard_lists {
        std::vector<doc_index> docs;      // the shard's lists, end to end
        std::vector<std::size_t> sizes;  // their lengths
        std::size_t stock_phrases = 0;
    };
    oneapi::tbb::enumerable_thread_specific<grouping> scratch;
    // Per document, its fingerprints that are stock phrases: they can make no candidate, so
    // min_fraction is taken of the rest. Counted by either thread; sums do not depend on order.
    std::vector<std::atomic<std::uint32_t>> stock(counts_.size());
    const auto group_shard = [&](std::size_t k) {
        auto out = std::make_shared<shard_lists>();
        auto& [keys, shard_docs, buffers] = scratch.local();
        const shard& s = shards_[k];
        keys.clear();
        for (const auto& block : s.keys) keys.insert(keys.end(), block.begin(), block.end());
        shard_docs.resize(keys.size());
        decode_gaps(s.gaps, shard_docs);
        if (spend != nullptr) (*spend)[k] = {};
        detail::for_each_group(std::span<const std::uint32_t>(keys), shard_docs, buffers, [&](std::span<const std::uint32_t> docs) {
            if (docs.size() > options_.max_postings) {
                ++out->stock_phrases;
                for (const doc_index doc : docs) stock[doc].fetch_add(1, std::memory_order_relaxed);
                return;
            }
            out->docs.insert(out->docs.end(), docs.begin(), docs.end());
            out->sizes.push_back(docs.size());
        });
        return out;
    };
    std::size_t next = 0, joined = 0;
    // Four shards in flight a thread: the join, which first-touches the lists' pages, kept a
    // thread waiting a quarter of the time with one (grouping at 1M documents: 0.54-0.64 s,
    // 0.44-0.49 s so).
    const auto in_flight = static_cast<std::size_t>(4 * std::max(1, oneapi::tbb::this_task_arena::max_concurrency()));
    oneapi::tbb::parallel_pipeline(
        in_flight,
        oneapi::tbb::make_filter<void, std::size_t>(oneapi::tbb::filter_mode::serial_in_order,
                                                    [&](oneapi::tbb::flow_control& control) -> std::size_t {
                                                        if (next == shards_.size()) control.stop();
                                                        return next++;
                                                    }) &
            oneapi::tbb::make_filter<std::size_t, std::shared_ptr<shard_lists>>(oneapi::tbb::filter_mode::parallel,
                                                                                group_shard) &
            oneapi::tbb::make_filter<std::shared_ptr<shard_lists>, void>(
                oneapi::tbb::filter_mode::serial_in_order, [&](const std::shared_ptr<shard_lists>& done) {
                    local.stock_phrases += done->stock_phrases;
                    std::size_t end = lists.docs.size();
                    lists.docs.insert(lists.docs.end(), done->docs.begin(), done->docs.end());
                    for (const std::size_t size : done->sizes) lists.ends.push_back(end += size);
                    // The shards' blocks are small, so the heap keeps them once freed: give them
                    // back every so often, while the lists take their place.
                    if (spend != nullptr && ++joined % 32 == 0) detail::release_free_memory();
                }));
    const auto keep = [&](doc_index a, doc_index b, std::size_t common) {
        const double smaller = std::min(counts_[a] - stock[a].load(std::memory_order_relaxed),
                                        counts_[b] - stock[b].load(std::memory_order_relaxed));
        return common >= options_.min_common && static_cast<double>(common) >= options_.min_fraction * smaller;
    };
    const int doc_bits = std::max(1, static_cast<int>(std::bit_width(counts_.size())));
    // 32-bit words while there are at most 2^20 blocks of the first document.
    std::vector<doc_pair> result = 2 * doc_bits <= 32 + 20 ? count_pairs<std::uint32_t>(lists, doc_bits, options_.pair_budget, keep)
                                                           : count_pairs<std::uint64_t>(lists, doc_bits, options_.pair_budget, keep);
    local.candidates = result.size();
    if (stats != nullptr) *stats = local;
    return result;
}

} // namespace wiredup
