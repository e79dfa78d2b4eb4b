// Stage 1, read: input paths -> records. Inputs are expanded into sources lazily and in a fixed
// order, each source is read by its format, and the checks every format shares (size, duplicate
// ids) are applied last. Every failure becomes a rejected record; only a missing path throws.
#include <wiredup/corpus.hpp>
#include <wiredup/error.hpp>

#include "detail/corpus_files.hpp"
#include "detail/corpus_stream.hpp"
#include "detail/id_table.hpp"
#include "detail/json_read.hpp"
#include "detail/memory.hpp"

#include <cassert>
#include <cstdint>
#include <filesystem>
#include <mutex>
#include <string_view>
#include <utility>

namespace wiredup {
namespace {

namespace fs = std::filesystem;
using detail::compression;
using detail::read_status;

// A JSON line may spell its text with escapes longer than the text ("\u00e9" is six bytes for
// two), so lines are kept up to twice the document limit plus room for the other fields. A
// longer line can only hold an acceptable text if it is mostly escapes: it is rejected unread
// rather than held whole in memory.
constexpr std::size_t line_slack = std::size_t{64} << 10;
constexpr std::size_t utf8_bom_bytes = 3;

std::size_t line_limit(std::size_t max_document_bytes) noexcept {
    if (max_document_bytes > (SIZE_MAX - line_slack) / 2) return SIZE_MAX;
    return 2 * max_document_bytes + line_slack;
}

/// How to read one source.
struct source_plan {
    std::string open_path;  ///< differs from the source name for a spooled stream
    std::string id;         ///< the document id if the source is one text document
    std::string error;      ///< non-empty: the source is a single unreadable record
    compression packing = compression::none;
};

bool ends_with(std::string_view name, std::string_view suffix) noexcept {
    return name.size() >= suffix.size() && name.substr(name.size() - suffix.size()) == suffix;
}

input_format format_by_name(const std::string& path) {
    std::string name(detail::without_compression_suffix(fs::path(path).filename().string()));
    for (char& c : name) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    }
    if (ends_with(name, ".jsonl") || ends_with(name, ".ndjson") || ends_with(name, ".json")) return input_format::jsonl;
    if (ends_with(name, ".tsv")) return input_format::tsv;
    return input_format::text;
}

bool is_blank(std::string_view line) noexcept { return line.find_first_not_of(" \t\r\n\f\v") == std::string_view::npos; }

void reset(record& r) noexcept {
    r.id.clear();
    r.text.clear();
    r.where = {};
    r.reason = reject_reason::none;
    r.detail.clear();
    r.raw.clear();
}

std::string too_large_detail(std::uint64_t size, std::size_t max) {
    return std::to_string(size) + " bytes exceeds max_document_bytes (" + std::to_string(max) + ")";
}

} // namespace

struct corpus_reader::impl {
    impl(std::vector<std::string> inputs, corpus_options options);

    bool next(record& out);
    bool next_unparsed(record& out, corpus_reader::pending& how);
    void parse(record& r, corpus_reader::pending how) const;
    void check_id(record& out);
    void rewind();
    void end_passes();
    void forget_ids() {
        seen_ids_ = {};
        ids_forgotten_ = true;
    }
    std::uint64_t bytes_read() const noexcept;
    std::uint64_t bytes_held() const noexcept { return seen_ids_.bytes(); }
    bool passes_ended() const noexcept { return passes_ended_; }

    std::vector<std::string> sources_;
    std::vector<input_format> formats_;

private:
    bool expand_next_input();
    void expand_directory(const std::string& input);
    void expand_spooled(const std::string& input);
    void add_source(std::string name, input_format format, source_plan plan);
    bool start_source(std::uint32_t source, record& out);
    void read_text_document(std::uint32_t source, record& out);
    bool next_line_record(record& out, corpus_reader::pending& how);
    void check_size(record& out) const;  // the checks of a record on its own; check_id() those against others
    void close_stream();

    std::vector<std::string> inputs_;
    corpus_options options_;
    std::vector<source_plan> plans_;
    std::vector<std::unique_ptr<detail::spool_file>> spools_;
    detail::spool_file* stdin_spool_ = nullptr;
    std::size_t inputs_expanded_ = 0;
    std::size_t next_source_ = 0;
    std::unique_ptr<detail::corpus_stream> stream_;  // the line-oriented source being read
    std::uint32_t stream_source_ = 0;
    std::string line_;
    detail::id_table seen_ids_;  // where each id was first used, for the detail
    mutable std::mutex sources_mutex_;  // sources_ grows on the reading thread while settle() may read it
    bool passes_ended_ = false;
    bool ids_forgotten_ = false;  // forget_ids(): records are no longer checked against one another
    std::uint64_t closed_bytes_ = 0;
};

corpus_reader::impl::impl(std::vector<std::string> inputs, corpus_options options)
    : inputs_(std::move(inputs)), options_(std::move(options)) {
    if (options_.id_field.empty()) throw error("corpus: id_field must not be empty");
    if (options_.text_field.empty()) throw error("corpus: text_field must not be empty");
    if (options_.max_document_bytes == 0) throw error("corpus: max_document_bytes (0) must be at least 1");
    for (const std::string& input : inputs_) {
        if (input == "-") continue;
        std::error_code ec;
        if (fs::status(input, ec).type() == fs::file_type::not_found) {
            throw error("corpus: input '" + input + "' does not exist");
        }
    }
}

bool corpus_reader::impl::next(record& out) {
    corpus_reader::pending how = corpus_reader::pending::none;
    if (!next_unparsed(out, how)) return false;
    parse(out, how);
    check_id(out);
    return true;
}

bool corpus_reader::impl::next_unparsed(record& out, corpus_reader::pending& how) {
    if (passes_ended_) throw error("corpus: next() after end_passes(): the ids of the earlier passes are gone");
    reset(out);
    how = corpus_reader::pending::none;
    for (;;) {
        if (stream_) {
            if (next_line_record(out, how)) return true;
            continue;  // the stream ended and was closed
        }
        if (next_source_ == sources_.size() && !expand_next_input()) return false;
        if (next_source_ < sources_.size() && start_source(static_cast<std::uint32_t>(next_source_++), out)) {
            return true;
        }
    }
}

void corpus_reader::impl::rewind() {
    if (passes_ended_) throw error("corpus: rewind() after end_passes(): the ids of the earlier passes are gone");
    // Sources already expanded are kept, not listed again, so every pass sees the same sources
    // in the same order even if the tree changes meanwhile.
    stream_.reset();
    next_source_ = 0;
    closed_bytes_ = 0;
    // seen_ids_ stays: a later pass finds each id where it was first used, with no allocation
    // (rebuilding a million-entry table per pass cost more than reading the input).
}

void corpus_reader::impl::end_passes() {
    passes_ended_ = true;
    if (stream_) close_stream();
    seen_ids_ = {};
}

std::uint64_t corpus_reader::impl::bytes_read() const noexcept {
    return closed_bytes_ + (stream_ ? stream_->bytes() : 0);
}

bool corpus_reader::impl::expand_next_input() {
    if (inputs_expanded_ == inputs_.size()) return false;
    const std::string& input = inputs_[inputs_expanded_++];
    std::error_code ec;
    const fs::file_status status = input == "-" ? fs::file_status() : fs::status(input, ec);
    if (input == "-" || fs::is_fifo(status)) {
        expand_spooled(input);
    } else if (fs::is_directory(status)) {
        expand_directory(input);
    } else {
        const input_format format = options_.format == input_format::automatic ? format_by_name(input) : options_.format;
        std::string error = ec ? "cannot examine: " + ec.message() : std::string();
        add_source(input, format, {input, input, std::move(error), detail::compression_of(input)});
    }
    return true;
}

void corpus_reader::impl::expand_directory(const std::string& input) {
    // An explicit format applies to every file of the tree; by default each file is one document.
    const input_format format = options_.format == input_format::automatic ? input_format::text : options_.format;
    for (detail::tree_entry& entry : detail::list_tree(input)) {
        const compression packing = detail::compression_of(entry.relative);
        if (entry.relative.empty()) {  // the root itself could not be listed
            add_source(input, format, {input, input, std::move(entry.error), packing});
            continue;
        }
        std::string name = entry.path;
        add_source(std::move(name), format, {std::move(entry.path), std::move(entry.relative), std::move(entry.error), packing});
    }
}

void corpus_reader::impl::expand_spooled(const std::string& input) {
    // Standard input can be read once only, so later passes reread the first pass's copy.
    detail::spool_file* spool = input == "-" ? stdin_spool_ : nullptr;
    if (spool == nullptr) {
        spool = spools_.emplace_back(std::make_unique<detail::spool_file>(input)).get();
        if (input == "-") stdin_spool_ = spool;
    }
    const compression packing = input == "-" ? compression::none : detail::compression_of(input);
    input_format format = options_.format;
    if (format == input_format::automatic) format = input == "-" ? input_format::text : format_by_name(input);
    if (format == input_format::text && options_.format == input_format::automatic) {
        format = detail::looks_like_json_lines(spool->path()) ? input_format::jsonl : input_format::tsv;
    }
    add_source(input, format, {spool->path(), input, spool->error(), packing});
}

void corpus_reader::impl::add_source(std::string name, input_format format, source_plan plan) {
    assert(sources_.size() < UINT32_MAX);
    {
        const std::lock_guard lock(sources_mutex_);  // settle() may be naming a source on another thread
        sources_.push_back(std::move(name));
    }
    formats_.push_back(format);
    plans_.push_back(std::move(plan));
}

bool corpus_reader::impl::start_source(std::uint32_t source, record& out) {
    const source_plan& plan = plans_[source];
    out.where = {source, 0};
    if (!plan.error.empty()) {
        out.id = plan.id;
        out.reason = reject_reason::unreadable;
        out.detail = plan.error;
        return true;
    }
    if (formats_[source] == input_format::text) {
        read_text_document(source, out);
        return true;
    }
    stream_ = std::make_unique<detail::corpus_stream>(plan.open_path, plan.packing);
    stream_source_ = source;
    if (stream_->opened()) return false;
    out.id = plan.id;
    out.reason = reject_reason::unreadable;
    out.detail = stream_->error();
    close_stream();
    return true;
}

void corpus_reader::impl::read_text_document(std::uint32_t source, record& out) {
    const source_plan& plan = plans_[source];
    const std::size_t max = options_.max_document_bytes;
    out.id = plan.id;
    std::error_code ec;
    const std::uintmax_t size = plan.packing == compression::none ? fs::file_size(plan.open_path, ec) : 0;
    if (!ec && size > max && size - max > utf8_bom_bytes) {
        out.reason = reject_reason::too_large;
        out.detail = too_large_detail(size, max);
        return;
    }
    detail::corpus_stream in(plan.open_path, plan.packing);
    const read_status status = in.read_all(out.text, max);
    closed_bytes_ += in.bytes();
    if (status == read_status::overlong) {
        out.reason = reject_reason::too_large;
        out.detail = "more than max_document_bytes (" + std::to_string(max) + ")";
    } else if (status == read_status::failed) {
        const bool corrupt = in.opened() && plan.packing != compression::none;
        out.reason = corrupt ? reject_reason::corrupt_stream : reject_reason::unreadable;
        out.detail = in.error();
    }
    check_size(out);
}

bool corpus_reader::impl::next_line_record(record& out, corpus_reader::pending& how) {
    for (;;) {
        const read_status status = stream_->read_line(line_, line_limit(options_.max_document_bytes));
        out.where = {stream_source_, stream_->line_number()};
        switch (status) {
        case read_status::end:
            close_stream();
            return false;
        case read_status::failed:
            // Records completed before the break stand; the rest of this source is lost.
            out.where.line = stream_->line_number() + 1;
            out.reason = plans_[stream_source_].packing == compression::none ? reject_reason::unreadable
                                                                              : reject_reason::corrupt_stream;
            out.detail = stream_->error();
            close_stream();
            return true;
        case read_status::overlong:
            out.reason = reject_reason::too_large;
            out.detail = "line of " + std::to_string(stream_->last_line_bytes()) + " bytes exceeds the line limit (" +
                         std::to_string(line_limit(options_.max_document_bytes)) + ")";
            return true;
        case read_status::ok: break;
        }
        // Blank lines are layout, not records: they are skipped without being counted or
        // rejected, though they still advance the line numbers of the records after them.
        if (is_blank(line_)) continue;
        // The line itself, handed over without a copy (read_line fills line_ afresh).
        out.text.swap(line_);
        how = formats_[stream_source_] == input_format::jsonl ? corpus_reader::pending::jsonl
                                                              : corpus_reader::pending::tsv;
        return true;
    }
}

void corpus_reader::impl::parse(record& r, corpus_reader::pending how) const {
    if (how == corpus_reader::pending::none) return;
    // The line is set aside in a thread's own buffer, and the text written into the one that
    // buffer held: no allocation a record once the buffers have grown.
    thread_local std::string line;
    line.swap(r.text);
    r.text.clear();
    if (how == corpus_reader::pending::jsonl) {
        // A thread's own parser, its buffers kept from one record to the next, but for a giant
        // record's: simdjson's grow with the largest line parsed, and every thread has one.
        thread_local auto json = std::make_unique<detail::json_line_parser>();
        detail::json_fields fields = json->parse(line, options_.id_field, options_.text_field);
        r.reason = fields.reason;
        r.detail = std::move(fields.detail);
        r.id.assign(fields.id);
        r.text.assign(fields.text);
        if (line.size() > (std::size_t{16} << 20)) json = std::make_unique<detail::json_line_parser>();
    } else {
        const std::size_t tab = line.find('\t');
        if (tab == std::string::npos) {
            r.reason = reject_reason::malformed;
            r.detail = "no tab between id and text";
        } else if (tab == 0) {
            r.reason = reject_reason::missing_id;
            r.detail = "empty id";
        } else {
            r.id.assign(line, 0, tab);
            r.text.assign(line, tab + 1);
        }
    }
    check_size(r);
    if (options_.keep_raw) r.raw.swap(line);
    if (line.capacity() > detail::giant_buffer_bytes) line = {};  // a giant record's room is not kept
}

void corpus_reader::impl::check_size(record& out) const {
    if (out.reason == reject_reason::none && out.text.size() > options_.max_document_bytes) {
        out.reason = reject_reason::too_large;
        out.detail = too_large_detail(out.text.size(), options_.max_document_bytes);
    }
    if (out.reason != reject_reason::none) out.text.clear();
}

void corpus_reader::impl::check_id(record& out) {
    if (out.reason == reject_reason::none && !ids_forgotten_) {
        const auto [first, inserted] = seen_ids_.find_or_add(out.id, out.where);
        const bool same_record = first.source == out.where.source && first.line == out.where.line;
        if (!inserted && !same_record) {
            out.reason = reject_reason::duplicate_id;
            const std::lock_guard lock(sources_mutex_);
            out.detail = "id already used in " + sources_[first.source];
            if (first.line != 0) out.detail += " line " + std::to_string(first.line);
        }
    }
    if (out.reason != reject_reason::none) out.text.clear();
}

void corpus_reader::impl::close_stream() {
    closed_bytes_ += stream_->bytes();
    stream_.reset();
}

corpus_reader::corpus_reader(std::vector<std::string> inputs, corpus_options options)
    : impl_(std::make_unique<impl>(std::move(inputs), std::move(options))) {}

corpus_reader::~corpus_reader() = default;
corpus_reader::corpus_reader(corpus_reader&&) noexcept = default;
corpus_reader& corpus_reader::operator=(corpus_reader&&) noexcept = default;

bool corpus_reader::next(record& out) { return impl_->next(out); }

bool corpus_reader::next_unparsed(record& out, pending& how) { return impl_->next_unparsed(out, how); }

void corpus_reader::parse(record& r, pending how) const { impl_->parse(r, how); }

void corpus_reader::settle(record& r) {
    if (impl_->passes_ended()) throw error("corpus: settle() after end_passes(): the ids of the earlier passes are gone");
    impl_->check_id(r);
}

void corpus_reader::rewind() { impl_->rewind(); }

void corpus_reader::end_passes() { impl_->end_passes(); }

void corpus_reader::forget_ids() { impl_->forget_ids(); }

const std::vector<std::string>& corpus_reader::sources() const noexcept { return impl_->sources_; }

const std::vector<input_format>& corpus_reader::source_formats() const noexcept { return impl_->formats_; }

std::uint64_t corpus_reader::bytes_read() const noexcept { return impl_->bytes_read(); }
std::uint64_t corpus_reader::bytes_held() const noexcept { return impl_->bytes_held(); }

} // namespace wiredup
