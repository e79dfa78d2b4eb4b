// `wiredup compare --reference A... --query B...`: for each query document, its matches in the
// reference corpus, and whether it is new, copied or partly copied.
#include "commands.hpp"
#include "output.hpp"
#include "../detail/threads.hpp"

#include <wiredup/compare.hpp>

#include <iostream>
#include <memory>

namespace wiredup::cli {
namespace {

struct compare_args {
    std::vector<std::string> reference;
    std::vector<std::string> query;
    std::string out;
    bool quiet = false;
    pipeline_options options;
    compare_options compare;
};

void write_match(std::ostream& out, const compare_result& r, const query_matches& q) {
    const auto& docs = r.run.documents;
    out << "{\"query\": " << json_string(docs[q.query].id) << ", \"status\": \"" << to_string(q.status)
        << "\", \"matches\": [";
    for (std::size_t i = 0; i < q.matches.size(); ++i) {
        const auto& m = q.matches[i];
        out << (i ? ", " : "") << "{\"reference\": " << json_string(docs[m.a].id) << ", \"minhash\": " << score(m.minhash)
            << ", \"jaccard\": " << score(m.jaccard) << ", \"containment_reference\": " << score(m.containment_a)
            << ", \"containment_query\": " << score(m.containment_b) << ", \"cosine\": " << score(m.cosine)
            << ", \"shared\": " << m.shared << ", \"relation\": \"" << to_string(m.rel)
            << "\", \"numbers_changed\": " << (m.numbers_changed ? "true" : "false") << "}";
    }
    out << "]}\n";
}

void print_summary(const compare_result& r, std::ostream& err) {
    std::size_t reference_rejected = 0, query_rejected = 0;
    for (std::size_t i = 0; i < r.run.documents.size(); ++i)
        if (r.run.documents[i].reason != reject_reason::none) ++(i < r.first_query ? reference_rejected : query_rejected);
    const std::size_t queries = r.run.documents.size() - r.first_query;
    err << "wiredup compare: " << r.first_query << " reference records (" << reference_rejected << " rejected), "
        << queries << " query records (" << query_rejected << " rejected)\n"
        << "  query documents: " << r.new_stories << " new, " << r.copied << " copied, " << r.partly_copied
        << " partly copied; " << query_rejected << " rejected = " << queries << " records\n"
        << "  " << r.run.stats.candidates << " candidate pairs across the sides, " << r.run.pairs.size()
        << " confirmed\n";
}

} // namespace

command add_compare_command(CLI::App& app) {
    auto args = std::make_shared<compare_args>();
    auto* cmd = app.add_subcommand("compare", "Find each query document's near-duplicates in a reference corpus");
    cmd->add_option("-r,--reference", args->reference, "Reference inputs (the archive, the wire feed)")->required();
    cmd->add_option("-Q,--query", args->query, "Query inputs (today's crawl, a site)")->required();
    cmd->add_option("-o,--out", args->out,
                    "Directory for matches.jsonl, pairs.tsv and rejects.tsv (default: matches.jsonl on stdout)");
    cmd->add_option("--top-k", args->compare.top_k, "Best matches kept per query document")->capture_default_str();
    cmd->add_option("--copied-containment", args->compare.copied_containment,
                    "A query is copied when this share of it lies inside its best match")
        ->capture_default_str();
    cmd->add_flag("-q,--quiet", args->quiet, "No summary on stderr");
    add_pipeline_options(*cmd, args->options);
    cmd->footer("pairs.tsv lists every confirmed pair: id_a is the reference document, id_b the query document.");

    return [args, cmd]() -> int {
        if (!*cmd) return -1;
        const auto limit = detail::thread_limit(args->options.threads);  // pairs.tsv is formatted in parallel too
        const auto r = compare(args->reference, args->query, args->options, args->compare);
        if (args->out.empty()) {
            for (const auto& q : r.queries) write_match(std::cout, r, q);
        } else {
            make_output_dir(args->out);
            const std::filesystem::path dir(args->out);
            auto out = open_for_writing(dir / "matches.jsonl");
            for (const auto& q : r.queries) write_match(out, r, q);
            close_checked(out, dir / "matches.jsonl");
            write_pairs(r.run, dir / "pairs.tsv");
            write_rejects(r.run, dir / "rejects.tsv");
        }
        if (!args->quiet) print_summary(r, std::cerr);
        return 0;
    };
}

} // namespace wiredup::cli
