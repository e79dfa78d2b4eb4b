// Formatting shared by the commands: see output.hpp. Every number is printed with a fixed format
// so that outputs compare byte for byte across runs and thread counts.
#include "output.hpp"

#include <wiredup/error.hpp>

#include <oneapi/tbb/parallel_pipeline.h>
#include <oneapi/tbb/task_arena.h>
#include <sys/resource.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>
#include <utility>

namespace wiredup::cli {

void append_json_string(std::string& out, std::string_view text) {
    out.push_back('"');
    std::size_t plain = 0;  // where the bytes not yet appended begin: most ids need no escape
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c >= 0x20 && c != '"' && c != '\\') continue;
        out.append(text, plain, i - plain);
        plain = i + 1;
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default: {
            char buf[8];
            std::snprintf(buf, sizeof buf, "\\u%04x", c);
            out += buf;
        }
        }
    }
    out.append(text, plain, text.size() - plain);
    out.push_back('"');
}

std::string json_string(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 2);
    append_json_string(out, text);
    return out;
}

void append_tsv_field(std::string& out, std::string_view text) {
    std::size_t plain = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c != '\\' && c != '\t' && c != '\n' && c != '\r') continue;
        out.append(text, plain, i - plain);
        plain = i + 1;
        switch (c) {
        case '\\': out += "\\\\"; break;
        case '\t': out += "\\t"; break;
        case '\n': out += "\\n"; break;
        default: out += "\\r"; break;
        }
    }
    out.append(text, plain, text.size() - plain);
}

std::string tsv_field(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    append_tsv_field(out, text);
    return out;
}

void append_score(std::string& out, double value) {
    // to_chars prints what printf("%.4f") prints, ties included, without parsing a format and
    // taking a lock each time: a million confirmed pairs have five scores each.
    char buf[48];
    const auto done = std::to_chars(buf, buf + sizeof buf, value, std::chars_format::fixed, 4);
    out.append(buf, done.ptr);
}

std::string score(double value) {
    std::string out;
    append_score(out, value);
    return out;
}

std::string_view pairs_header() noexcept {
    return "id_a\tid_b\tminhash\tjaccard\tcontainment_a\tcontainment_b\tcosine\tshared\trelation\tnumbers_changed";
}

void append_pair_columns(std::string& out, const scored_pair& p) {
    for (const float value : {p.minhash, p.jaccard, p.containment_a, p.containment_b, p.cosine}) {
        append_score(out, value);
        out.push_back('\t');
    }
    char buf[16];
    out.append(buf, std::to_chars(buf, buf + sizeof buf, p.shared).ptr);
    out.push_back('\t');
    out += to_string(p.rel);
    out += p.numbers_changed ? "\tyes" : "\tno";
}

std::string pair_columns(const scored_pair& p) {
    std::string out;
    append_pair_columns(out, p);
    return out;
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw error("cannot read " + path + ": " + std::strerror(errno));
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::ofstream open_for_writing(const std::filesystem::path& path) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) throw error("cannot write " + path.string() + ": " + std::strerror(errno));
    return out;
}

void close_checked(std::ofstream& out, const std::filesystem::path& path) {
    out.close();
    if (!out) throw error("writing " + path.string() + " failed: " + std::strerror(errno));
}

namespace {

// A file written in runs of lines formatted beforehand (write_in_runs). At 1M documents
// pairs.tsv and clusters.jsonl are some 260 MB, which a stream insertion per field (and a
// string made per score and id) took 2.4 s to write on one thread.
class run_writer {
public:
    explicit run_writer(const std::filesystem::path& path) : path_(path), out_(open_for_writing(path)) {}
    void write(std::string_view text) { out_.write(text.data(), static_cast<std::streamsize>(text.size())); }
    void close() { close_checked(out_, path_); }

private:
    std::filesystem::path path_;
    std::ofstream out_;
};

// Formats lines [0, n) in runs of 16k on as many threads as the run may use, format(text, from, to)
// appending the lines of [from, to) to `text`, and writes the runs in order: the file is the
// same whatever the threads.
template <typename Format>
void write_in_runs(run_writer& out, std::size_t n, Format&& format) {
    constexpr std::size_t run = std::size_t{1} << 14;
    std::size_t next = 0;
    const auto in_flight = static_cast<std::size_t>(2 * std::max(1, oneapi::tbb::this_task_arena::max_concurrency()));
    oneapi::tbb::parallel_pipeline(
        in_flight,
        oneapi::tbb::make_filter<void, std::pair<std::size_t, std::size_t>>(
            oneapi::tbb::filter_mode::serial_in_order,
            [&](oneapi::tbb::flow_control& control) -> std::pair<std::size_t, std::size_t> {
                if (next >= n) {
                    control.stop();
                    return {};
                }
                const std::size_t from = next;
                next = std::min(n, next + run);
                return {from, next};
            }) &
            oneapi::tbb::make_filter<std::pair<std::size_t, std::size_t>, std::shared_ptr<std::string>>(
                oneapi::tbb::filter_mode::parallel,
                [&](std::pair<std::size_t, std::size_t> range) {
                    auto text = std::make_shared<std::string>();
                    format(*text, range.first, range.second);
                    return text;
                }) &
            oneapi::tbb::make_filter<std::shared_ptr<std::string>, void>(
                oneapi::tbb::filter_mode::serial_in_order, [&](const std::shared_ptr<std::string>& text) { out.write(*text); }));
}

void write_clusters(const dedup_result& r, const std::filesystem::path& path) {
    run_writer out(path);
    const auto& docs = r.documents;
    const auto& clusters = r.clusters;
    write_in_runs(out, clusters.size(), [&](std::string& line, std::size_t from, std::size_t to) {
        char buf[24];
        // Members lie anywhere in the corpus: their records are fetched two clusters ahead,
        // their ids one cluster ahead (as write_pairs does by pairs).
        for (std::size_t k = from; k < to; ++k) {
            const cluster& c = clusters[k];
            if (k + 2 < to)
                for (const doc_index d : clusters[k + 2].members) __builtin_prefetch(&docs[d]);
            if (k + 1 < to)
                for (const doc_index d : clusters[k + 1].members) __builtin_prefetch(docs[d].id.data());
            line += "{\"cluster_id\": ";
            line.append(buf, std::to_chars(buf, buf + sizeof buf, k).ptr);
            line += ", \"canonical\": ";
            append_json_string(line, docs[c.canonical].id);
            line += ", \"size\": ";
            line.append(buf, std::to_chars(buf, buf + sizeof buf, c.members.size()).ptr);
            line += ", \"members\": [";
            for (std::size_t i = 0; i < c.members.size(); ++i) {
                if (i > 0) line += ", ";
                append_json_string(line, docs[c.members[i]].id);
            }
            line += "]}\n";
        }
    });
    out.close();
}

} // namespace

void write_pairs(const dedup_result& r, const std::filesystem::path& path) {
    run_writer out(path);
    out.write(pairs_header());
    out.write("\n");
    const auto& docs = r.documents;
    const auto& pairs = r.pairs;
    write_in_runs(out, pairs.size(), [&](std::string& line, std::size_t from, std::size_t to) {
        // The later document of a pair lies anywhere in a million: its record and then its id
        // (a string of its own) would be two cache misses a line. Fetched ahead, the record 16
        // pairs on, the id 8 pairs on, its record in by then.
        constexpr std::size_t record_ahead = 16, id_ahead = 8;
        const auto fetch_id = [&](doc_index d) {
            const std::string& id = docs[d].id;
            __builtin_prefetch(id.data());
            __builtin_prefetch(id.data() + id.size());
        };
        for (std::size_t i = from; i < to; ++i) {
            if (i + record_ahead < to) {
                __builtin_prefetch(&docs[pairs[i + record_ahead].a]);
                __builtin_prefetch(&docs[pairs[i + record_ahead].b]);
            }
            if (i + id_ahead < to) {
                fetch_id(pairs[i + id_ahead].a);
                fetch_id(pairs[i + id_ahead].b);
            }
            const scored_pair& p = pairs[i];
            append_tsv_field(line, docs[p.a].id);
            line.push_back('\t');
            append_tsv_field(line, docs[p.b].id);
            line.push_back('\t');
            append_pair_columns(line, p);
            line.push_back('\n');
        }
    });
    out.close();
}

void write_rejects(const dedup_result& r, const std::filesystem::path& path) {
    auto out = open_for_writing(path);
    out << "source\tline\tid\treason\tdetail\n";
    for (const auto& d : r.documents) {
        if (d.reason == reject_reason::none) continue;
        out << tsv_field(r.sources.at(d.where.source)) << '\t' << d.where.line << '\t' << tsv_field(d.id) << '\t'
            << to_string(d.reason) << '\t' << tsv_field(d.detail) << '\n';
    }
    close_checked(out, path);
}

void make_output_dir(const std::filesystem::path& dir) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) throw error("cannot create output directory " + dir.string() + ": " + ec.message());
}

void write_dedup_outputs(const dedup_result& result, const std::filesystem::path& dir) {
    make_output_dir(dir);
    write_clusters(result, dir / "clusters.jsonl");
    write_pairs(result, dir / "pairs.tsv");
    write_rejects(result, dir / "rejects.tsv");
}

std::uint64_t peak_rss_bytes() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<std::uint64_t>(usage.ru_maxrss) * 1024;  // Linux reports KiB
}

} // namespace wiredup::cli
