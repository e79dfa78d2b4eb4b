// Streams a corpus through a three-step TBB pipeline: batches are read in order by one thread,
// worked on in parallel, and handed to a consumer in input order again, so what the consumer
// sees never depends on the thread count. At most `in_flight` batches exist at once, so the
// corpus is never resident.
#pragma once

#include <wiredup/corpus.hpp>
#include <wiredup/document.hpp>

#include "memory.hpp"

#include <oneapi/tbb/parallel_pipeline.h>

#include <cstddef>
#include <memory>
#include <mutex>
#include <vector>

namespace wiredup::detail {

/// Records of one batch; `first` is the index of records[0] in input order. Work adds its own
/// results in a derived type.
struct batch {
    doc_index first = 0;
    std::vector<record> records;
    /// Records of the batch's last use, to be filled again: the reader writes into the buffers
    /// they grew instead of allocating two or three a record.
    std::vector<record> spare;

    /// A record to fill: a spare one if there is one, else a new one.
    record take_spare() {
        if (spare.empty()) return {};
        record r = std::move(spare.back());
        spare.pop_back();
        return r;
    }

    /// Moves the records to the spares, but for a giant record's buffers, which are let go.
    void spare_records() {
        for (record& r : records)
            if (r.text.capacity() <= giant_buffer_bytes && r.raw.capacity() <= giant_buffer_bytes)
                spare.push_back(std::move(r));
        records.clear();
    }
};

inline constexpr std::size_t batch_records = 256;
inline constexpr std::size_t batch_bytes = std::size_t{4} << 20;

/// The pipeline both functions below run: batches filled in order by add(Batch&), which reads one
/// record into the batch and returns false at the end; work(Batch&) in parallel; consume(Batch&)
/// in input order, on one thread at a time. When Batch has a recycle() (which empties it but
/// keeps the room its buffers grew), a consumed batch is used again for a later one: a batch's
/// buffers then grow once, not once a batch.
template <typename Batch, typename Add, typename Work, typename Consume>
void stream_batches(std::size_t in_flight, Add&& add, Work&& work, Consume&& consume) {
    doc_index next_index = 0;
    std::mutex pool_mutex;
    std::vector<std::shared_ptr<Batch>> pool;  // consumed batches
    auto read = [&](oneapi::tbb::flow_control& fc) -> std::shared_ptr<Batch> {
        std::shared_ptr<Batch> b;
        {
            const std::lock_guard lock(pool_mutex);
            if (!pool.empty()) {
                b = std::move(pool.back());
                pool.pop_back();
            }
        }
        if constexpr (requires { b->recycle(); }) {
            if (b != nullptr) b->recycle();
        } else {
            b = nullptr;
        }
        if (b == nullptr) b = std::make_shared<Batch>();
        b->spare_records();
        b->first = next_index;
        std::size_t bytes = 0;
        while (b->records.size() < batch_records && bytes < batch_bytes && add(*b)) bytes += b->records.back().text.size();
        if (b->records.empty()) {
            fc.stop();
            return nullptr;
        }
        next_index += static_cast<doc_index>(b->records.size());
        return b;
    };
    auto run = [&](std::shared_ptr<Batch> b) {
        work(*b);
        return b;
    };
    auto take = [&](std::shared_ptr<Batch> b) {
        consume(*b);
        const std::lock_guard lock(pool_mutex);
        pool.push_back(std::move(b));
    };
    using oneapi::tbb::filter_mode;
    using oneapi::tbb::make_filter;
    oneapi::tbb::parallel_pipeline(
        in_flight,
        make_filter<void, std::shared_ptr<Batch>>(filter_mode::serial_in_order, read) &
            make_filter<std::shared_ptr<Batch>, std::shared_ptr<Batch>>(filter_mode::parallel, run) &
            make_filter<std::shared_ptr<Batch>, void>(filter_mode::serial_in_order, take));
}

/// Reads the whole of `reader` (a corpus_reader or anything with its next() and rewind()) from
/// its start in batches of type Batch (derived from batch), as stream_batches() runs them.
template <typename Batch, typename Reader, typename Work, typename Consume>
void stream(Reader& reader, std::size_t in_flight, Work&& work, Consume&& consume) {
    reader.rewind();
    stream_batches<Batch>(
        in_flight,
        [&](Batch& b) {
            record r = b.take_spare();
            if (!reader.next(r)) return false;
            b.records.push_back(std::move(r));
            return true;
        },
        work, consume);
}

/// A batch read by stream_unparsed(): each record's ticket for its reader's parse() and settle(),
/// and how many records settle() rejected (duplicate ids) after work() had seen them accepted.
template <typename Ticket>
struct unparsed_batch : batch {
    std::vector<Ticket> tickets;
    std::size_t rejected_late = 0;

    /// Empty again for its next use (stream_batches), its records kept as spares.
    void recycle() {
        tickets.clear();
        rejected_late = 0;
    }
};

/// As stream(), but the reading thread only splits records (Reader::next_unparsed): each batch's
/// records are parsed on the worker that takes it, before work(Batch&), and settled (duplicate
/// ids) in input order before consume(Batch&). work() therefore sees records as next() gives them
/// but for a duplicate id; consume() sees them exactly so, with b.rejected_late counting those
/// work() took for accepted. For a pass whose own work is light, reading is then no longer one
/// thread's parsing. Batch derives from unparsed_batch<typename Reader::unparsed>.
template <typename Batch, typename Reader, typename Work, typename Consume>
void stream_unparsed(Reader& reader, std::size_t in_flight, Work&& work, Consume&& consume) {
    reader.rewind();
    stream_batches<Batch>(
        in_flight,
        [&](Batch& b) {
            record r = b.take_spare();
            typename Reader::unparsed ticket;
            if (!reader.next_unparsed(r, ticket)) return false;
            b.records.push_back(std::move(r));
            b.tickets.push_back(ticket);
            return true;
        },
        [&](Batch& b) {
            for (std::size_t i = 0; i < b.records.size(); ++i) reader.parse(b.records[i], b.tickets[i]);
            work(b);
        },
        [&](Batch& b) {
            for (std::size_t i = 0; i < b.records.size(); ++i) {
                const bool accepted = b.records[i].reason == reject_reason::none;
                reader.settle(b.records[i], b.tickets[i]);
                if (accepted && b.records[i].reason != reject_reason::none) ++b.rejected_late;
            }
            consume(b);
        });
}

} // namespace wiredup::detail
