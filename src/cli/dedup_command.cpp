// `wiredup dedup`: group a corpus into stories, write clusters, pairs and rejects, and say on
// stderr what happened to every document.
#include "commands.hpp"
#include "output.hpp"
#include "../detail/threads.hpp"

#include <wiredup/error.hpp>

#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>

namespace wiredup::cli {
namespace {

struct dedup_args {
    std::vector<std::string> inputs;
    std::string out;
    std::string emit_unique;
    bool quiet = false;
    pipeline_options options;
};

double mib(std::uint64_t bytes) { return static_cast<double>(bytes) / (1024.0 * 1024.0); }

void print_summary(const dedup_result& r, double seconds, std::ostream& err) {
    const auto& s = r.stats;
    char line[256];
    err << "wiredup dedup: " << s.records << " records read (" << score(mib(s.bytes)).substr(0) << " MiB), "
        << s.records - s.rejected << " used, " << s.rejected << " rejected\n";
    for (std::size_t i = 1; i < s.rejected_by_reason.size(); ++i)
        if (s.rejected_by_reason[i] != 0)
            err << "  rejected " << to_string(static_cast<reject_reason>(i)) << ": " << s.rejected_by_reason[i] << '\n';
    const std::size_t grouped = s.clusters + s.duplicates;
    err << "  kept " << s.records - s.rejected - s.duplicates << " (" << s.records - s.rejected - grouped
        << " unique + " << s.clusters << " canonical), grouped as copies " << s.duplicates << ", rejected "
        << s.rejected << " = " << s.records << " records\n";
    err << "  furniture: " << s.furniture_kinds << " recurring lines (in >= " << s.furniture_threshold
        << " documents), " << s.furniture_dropped << " occurrences dropped; " << s.repeated_dropped
        << " repeated lines dropped; " << s.invalid_bytes << " invalid UTF-8 bytes replaced\n";
    err << "  lsh: b=" << s.shape.bands << " r=" << s.shape.rows << ", " << s.band.oversized_buckets
        << " oversized buckets (largest " << s.band.largest_bucket << "); buckets proposed " << s.band.bucket_pairs
        << " pairs, " << s.band.screened << " too unlike to confirm by their sketches, " << s.band.candidates
        << " distinct candidates\n";
    err << "  containment: " << s.contain.fingerprints << " fingerprints, " << s.contain.stock_phrases
        << " stock phrases skipped, " << s.contain.candidates + s.contain.screened << " candidates, "
        << s.contain.screened << " too unlike; " << s.candidates << " candidates in all\n";
    err << "  confirm: " << s.sample_screened << " candidates too unlike by the shingles they share in a sample; confirmed "
        << s.confirmed << " pairs in " << s.clusters << " clusters (" << s.confirm_passes
        << (s.confirm_passes == 1 ? " confirm pass)\n" : " confirm passes)\n");
    for (const auto& t : s.stages) {
        std::snprintf(line, sizeof line, "  %-15s %8.3f s", std::string(t.stage).c_str(), t.seconds);
        err << line;
        if (t.seconds > 0 && t.bytes > 0) {
            std::snprintf(line, sizeof line, "  %8.1f MB/s", static_cast<double>(t.bytes) / 1e6 / t.seconds);
            err << line;
        }
        if (t.seconds > 0 && t.items > 0) {
            std::snprintf(line, sizeof line, "  %10.0f items/s", static_cast<double>(t.items) / t.seconds);
            err << line;
        }
        if (t.peak_rss > 0) {
            std::snprintf(line, sizeof line, "  peak so far %.1f MiB", mib(t.peak_rss));
            err << line;
        }
        std::snprintf(line, sizeof line, "  cpu %.3f s (kernel %.3f s)", t.cpu_seconds, t.kernel_seconds);
        err << line << '\n';
    }
    std::snprintf(line, sizeof line, "  total %.3f s, peak memory %.1f MiB\n", seconds, mib(peak_rss_bytes()));
    err << line;
    if (s.records == 0) return;
    err << "  kept between passes, bytes per record:";
    std::uint64_t all = 0;
    for (const auto& m : s.memory) {
        err << ' ' << m.what << ' ' << m.bytes / s.records;
        all += m.bytes;
    }
    err << " = " << all / s.records << "; on disk (TMPDIR) " << s.spill_bytes / s.records << '\n';
}

// Which documents survive deduplication: used, and either alone or the canonical of a cluster.
std::vector<char> kept_documents(const dedup_result& r) {
    std::vector<char> keep(r.documents.size(), 0);
    for (std::size_t i = 0; i < r.documents.size(); ++i) keep[i] = r.documents[i].reason == reject_reason::none;
    for (const auto& c : r.clusters)
        for (const doc_index m : c.members)
            if (m != c.canonical) keep[m] = 0;
    return keep;
}

// Rewrites the kept records: JSON Lines and TSV inputs line for line as they stood, anything
// else (text files, or a mix of layouts) as JSON Lines with the configured id and text fields.
void emit_unique(const dedup_args& args, const dedup_result& r, const std::string& path) {
    const auto keep = kept_documents(r);
    corpus_options read = args.options.read;
    read.keep_raw = true;
    corpus_reader reader(args.inputs, read);
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) throw error("cannot write " + path + ": " + std::strerror(errno));
    record rec;
    for (std::size_t i = 0; reader.next(rec); ++i) {
        if (i >= keep.size()) throw error("emit-unique: the input changed while it was read");
        if (!keep[i]) continue;
        if (!rec.raw.empty()) out << rec.raw << '\n';
        else
            out << "{" << json_string(read.id_field) << ": " << json_string(rec.id) << ", "
                << json_string(read.text_field) << ": " << json_string(rec.text) << "}\n";
    }
    out.close();
    if (!out) throw error("writing " + path + " failed");
}

class progress_line {
public:
    void operator()(std::string_view stage, std::uint64_t done) {
        const auto now = std::chrono::steady_clock::now();
        if (now - last_ < std::chrono::milliseconds(200)) return;
        last_ = now;
        std::cerr << "\r  " << stage << ": " << done << " documents   " << std::flush;
        shown_ = true;
    }
    ~progress_line() {
        if (shown_) std::cerr << "\r" << std::string(60, ' ') << "\r" << std::flush;
    }

private:
    std::chrono::steady_clock::time_point last_{};
    bool shown_ = false;
};

} // namespace

command add_dedup_command(CLI::App& app) {
    auto args = std::make_shared<dedup_args>();
    auto* cmd = app.add_subcommand("dedup", "Group a corpus into stories of near-duplicate documents");
    cmd->add_option("inputs", args->inputs,
                    "Directories of text files, .jsonl or .tsv files (optionally .gz/.bz2/.xz), or - for stdin")
        ->required();
    cmd->add_option("-o,--out", args->out, "Directory for clusters.jsonl, pairs.tsv and rejects.tsv")->required();
    const std::map<std::string, keep_policy> keeps{{"earliest", keep_policy::earliest},
                                                   {"longest", keep_policy::longest}};
    cmd->add_option("--keep", args->options.keep, "Canonical copy of a cluster: earliest (input order) or longest")
        ->transform(CLI::CheckedTransformer(keeps, CLI::ignore_case))
        ->option_text("earliest|longest (earliest)");
    cmd->add_option("--emit-unique", args->emit_unique,
                    "Also write the deduplicated corpus (kept records only) to this file");
    cmd->add_flag("-q,--quiet", args->quiet, "No summary on stderr");
    add_pipeline_options(*cmd, args->options);
    cmd->footer(
        "Every record ends up kept, grouped under a canonical copy, or listed in rejects.tsv with a reason.");

    return [args, cmd]() -> int {
        if (!*cmd) return -1;
        const auto start = std::chrono::steady_clock::now();
        const auto limit = detail::thread_limit(args->options.threads);  // the outputs are formatted in parallel too
        dedup_result result;
        if (isatty(STDERR_FILENO) && !args->quiet) {
            progress_line progress;
            result = dedup(args->inputs, args->options, std::ref(progress));
        } else {
            result = dedup(args->inputs, args->options);
        }
        write_dedup_outputs(result, args->out);
        if (!args->emit_unique.empty()) emit_unique(*args, result, args->emit_unique);
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        if (!args->quiet) print_summary(result, seconds, std::cerr);
        return 0;
    };
}

} // namespace wiredup::cli
