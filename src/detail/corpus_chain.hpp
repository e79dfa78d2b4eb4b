// Several corpus readers read one after another as one stream, each keeping its own duplicate-id
// check: the two sides of a comparison may share ids. Sources are numbered across readers.
#pragma once

#include <wiredup/corpus.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace wiredup::detail {

class corpus_chain {
public:
    explicit corpus_chain(std::vector<corpus_reader> readers) : readers_(std::move(readers)) {
        counts_.assign(readers_.size(), 0);
    }

    /// The next record of the current reader, or of the next one; origin::source is global.
    bool next(record& out) {
        while (current_ < readers_.size()) {
            if (readers_[current_].next(out)) {
                out.where.source += static_cast<std::uint32_t>(offset_);
                ++counts_[current_];
                return true;
            }
            offset_ += readers_[current_].sources().size();
            ++current_;
        }
        return false;
    }

    /// Which reader a record next_unparsed() gave came from, and what it still needs.
    struct unparsed {
        corpus_reader::pending how = corpus_reader::pending::none;
        std::uint32_t reader = 0;
        std::uint32_t offset = 0;  // of the reader's sources among all
    };

    /// As next(), through corpus_reader::next_unparsed(): then parse() and settle() each record.
    bool next_unparsed(record& out, unparsed& ticket) {
        while (current_ < readers_.size()) {
            if (readers_[current_].next_unparsed(out, ticket.how)) {
                ticket.reader = static_cast<std::uint32_t>(current_);
                ticket.offset = static_cast<std::uint32_t>(offset_);
                out.where.source += ticket.offset;
                ++counts_[current_];
                return true;
            }
            offset_ += readers_[current_].sources().size();
            ++current_;
        }
        return false;
    }

    /// corpus_reader::parse() by the record's own reader; thread-safe.
    void parse(record& r, const unparsed& ticket) const { readers_[ticket.reader].parse(r, ticket.how); }

    /// corpus_reader::settle() by the record's own reader, which knows its sources by their own
    /// numbers; in reading order.
    void settle(record& r, const unparsed& ticket) {
        r.where.source -= ticket.offset;
        readers_[ticket.reader].settle(r);
        r.where.source += ticket.offset;
    }

    void rewind() {
        for (auto& r : readers_) r.rewind();
        current_ = 0;
        offset_ = 0;
        counts_.assign(readers_.size(), 0);
    }

    void end_passes() {
        for (auto& r : readers_) r.end_passes();
    }

    void forget_ids() {
        for (auto& r : readers_) r.forget_ids();
    }

    /// Every source of every reader, in order; complete once the end has been reached.
    std::vector<std::string> sources() const {
        std::vector<std::string> all;
        for (const auto& r : readers_) all.insert(all.end(), r.sources().begin(), r.sources().end());
        return all;
    }

    std::uint64_t bytes_read() const noexcept {
        std::uint64_t total = 0;
        for (const auto& r : readers_) total += r.bytes_read();
        return total;
    }

    std::uint64_t bytes_held() const noexcept {
        std::uint64_t total = 0;
        for (const auto& r : readers_) total += r.bytes_held();
        return total;
    }

    /// Records each reader has given since the last rewind().
    const std::vector<std::size_t>& records_per_reader() const noexcept { return counts_; }

private:
    std::vector<corpus_reader> readers_;
    std::vector<std::size_t> counts_;
    std::size_t current_ = 0;
    std::size_t offset_ = 0;
};

} // namespace wiredup::detail
