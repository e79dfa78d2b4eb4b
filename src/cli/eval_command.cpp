// `wiredup eval`: how far wiredup's clusters agree with a ground truth. Pairwise precision, recall
// and F1, the Adjusted Rand Index, recall by label, the largest false merges; with --sweep, the
// same over a range of one confirmation threshold, re-applied to the scored candidate pairs.
#include "commands.hpp"
#include "eval.hpp"
#include "output.hpp"
#include "text_table.hpp"

#include <wiredup/error.hpp>

#include <algorithm>
#include <iostream>

namespace wiredup::cli {
namespace {

using namespace eval;

std::string count(std::uint64_t n) { return std::to_string(n); }

void print_summary(std::ostream& out, const truth_data& t, const outcome& o, std::size_t documents) {
    if (t.clustering) {
        const std::uint64_t truth_pairs = o.pairs.true_positive + o.pairs.false_negative;
        out << aligned({{"documents", count(documents)},
                        {"truth pairs", count(truth_pairs)},
                        {"predicted pairs", count(o.predicted_pairs)},
                        {"precision", score(o.pairs.precision())},
                        {"recall", score(o.pairs.recall())},
                        {"F1", score(o.pairs.f1())},
                        {"ARI", score(o.ari)}});
        return;
    }
    out << aligned({{"labelled pairs", count(t.pairs.size())},
                    {"accuracy", score(o.pairs.accuracy())},
                    {"precision", score(o.pairs.precision())},
                    {"recall", score(o.pairs.recall())},
                    {"F1", score(o.pairs.f1())}});
}

std::vector<label_table> recall_tables(const eval_args& args, const truth_data& t, const cluster_labels& predicted) {
    std::vector<label_table> out;
    for (const auto& name : args.labels) {
        const std::size_t c = t.table.column(name);
        if (c == t.table.columns.size()) throw error("eval: the truth has no field \"" + name + "\" for --label");
        out.push_back({name, recall_by_label(t.labels, predicted, t.table.values[c])});
    }
    return out;
}

std::vector<std::vector<std::string>> merge_rows(const std::vector<false_merge>& merges, const truth_data& t,
                                                 const prediction& p) {
    std::vector<std::vector<std::string>> rows{{"cluster", "size", "wrong pairs", "truth clusters (members)"}};
    for (const auto& m : merges) {
        std::string parts;
        for (std::size_t i = 0; i < m.parts.size(); ++i) {
            if (i == 6) {
                parts += ", ... " + std::to_string(m.parts.size() - i) + " more";
                break;
            }
            parts += (i ? ", " : "") + t.cluster_names[m.parts[i].first] + " (" + std::to_string(m.parts[i].second) + ")";
        }
        rows.push_back({p.names[m.predicted], count(m.size), count(m.wrong_pairs), parts});
    }
    return rows;
}

int run_eval(const eval_args& args) {
    truth_data t = read_truth(args.truth);
    if (!t.clustering && !args.labels.empty()) throw error("eval: --label needs a JSON Lines truth with label fields");
    id_space ids = make_space(t);
    prediction p = args.corpus.empty() ? predict_from_files(args, ids) : predict_from_corpus(args, ids);
    const std::size_t documents = ids.size();
    label_truth(t, documents);

    const outcome o = evaluate(t, documents, p.clusters);
    std::cout << "wiredup eval: " << p.source << "\n  against " << args.truth << "\n";
    print_summary(std::cout, t, o, documents);

    std::vector<label_table> labels;
    std::vector<std::vector<std::string>> merges;
    if (t.clustering) {
        const auto predicted = labels_from_clusters(documents, p.clusters);
        labels = recall_tables(args, t, predicted);
        for (const auto& l : labels)
            std::cout << "\nrecall by " << l.column << " (a pair counts under the rarer value of its two documents)\n"
                      << aligned(label_rows(l));
        merges = merge_rows(false_merges(t.labels, predicted, args.top), t, p);
        if (merges.size() > 1)
            std::cout << "\nlargest false merges (predicted clusters that join truth clusters)\n" << aligned(merges);
        else
            std::cout << "\nno false merges\n";
    }

    std::vector<sweep_row> swept;
    const bool report = !args.html.empty() || !args.svg.empty();
    if (args.sweep || report) {
        if (p.scored.empty() && args.sweep)
            throw error("eval: --sweep needs scored pairs: --corpus, or --clusters DIR with pairs.tsv, or --pairs");
        if (!p.scored.empty()) swept = sweep(args, t, documents, p);
    }
    if (args.sweep) {
        std::cout << "\nsweep of " << args.sweep_param << " (other confirmation options as given)\n";
        if (!p.every_candidate)
            std::cout << "  note: pairs.tsv holds only the pairs its run confirmed; a looser rule cannot bring back "
                         "the others (make it with dedup --near-identical 0 to keep every candidate)\n";
        std::cout << aligned(sweep_table(args.sweep_param, t, swept));
        const auto best = std::max_element(swept.begin(), swept.end(), [](const sweep_row& a, const sweep_row& b) {
            return a.result.pairs.f1() < b.result.pairs.f1();
        });
        if (best != swept.end())
            std::cout << "  best F1 " << score(best->result.pairs.f1()) << " at " << args.sweep_param << " = "
                      << sweep_table(args.sweep_param, t, {*best})[1][0] << '\n';
    }
    if (!p.lsh_recall.empty()) {
        std::vector<std::vector<std::string>> rows{{"jaccard", "found", "lsh recall", "P(s) at centre"}};
        for (const auto& pt : p.lsh_recall)
            rows.push_back({score(pt.x - 0.05) + "-" + score(pt.x + 0.05), pt.note, score(pt.y),
                            score(collision_probability(pt.x, *p.shape))});
        std::cout << "\nLSH recall against the exact oracle (b=" << p.shape->bands << " r=" << p.shape->rows
                  << ", containment candidates off)\n"
                  << aligned(rows);
    }
    if (!args.html.empty() || !args.svg.empty()) write_report(args, t, p, o, labels, merges, swept);
    return 0;
}

} // namespace

command add_eval_command(CLI::App& app) {
    auto args = std::make_shared<eval_args>();
    auto* cmd = app.add_subcommand("eval", "Score wiredup's clusters against a ground truth");
    auto* source = cmd->add_option_group("Prediction", "What to evaluate: one of");
    source->add_option("--clusters", args->clusters, "A dedup output directory, or its clusters.jsonl")
        ->check(CLI::ExistingPath);
    auto* corpus = source->add_option("--corpus", args->corpus,
                                      "Run dedup on these inputs instead (once, scoring every candidate)");
    source->require_option(1);
    cmd->add_option("--truth", args->truth,
                    "Truth: JSON Lines {\"id\", \"cluster\", label fields...} or TSV label<TAB>id_a<TAB>id_b")
        ->required()
        ->check(CLI::ExistingFile);
    cmd->add_option("--pairs", args->pairs, "Scored pairs (pairs.tsv) when --clusters names a file")
        ->check(CLI::ExistingFile)
        ->excludes(corpus);
    cmd->add_option("--label", args->labels, "Report recall by this truth field (repeatable), e.g. level");
    cmd->add_option("--top", args->top, "How many false merges to list")->capture_default_str();
    cmd->add_flag("--sweep", args->sweep, "Re-apply the confirmation rule over a range of one threshold");
    std::vector<std::string> names;
    for (const auto& k : knobs()) names.emplace_back(k.name);
    cmd->add_option("--sweep-param", args->sweep_param, "The confirmation threshold --sweep varies")
        ->check(CLI::IsMember(names))
        ->capture_default_str();
    cmd->add_option("--sweep-range", args->sweep_range, "FROM TO STEP (default: per parameter, 0.1 0.9 0.05 for "
                                                        "min_jaccard)")
        ->expected(3);
    cmd->add_option("--html", args->html, "Also write a self-contained HTML report here");
    cmd->add_option("--svg", args->svg, "Also write each chart of the report as DIR/<name>.svg");
    add_pipeline_options(*cmd, args->options);
    cmd->footer("Give --clusters (a dedup output) or --corpus (eval runs dedup itself). Documents in no cluster are "
                "singletons. A --sweep over a dedup output needs a run that kept every candidate: "
                "dedup --near-identical 0.");

    return [args, cmd]() -> int {
        if (!*cmd) return -1;
        return run_eval(*args);
    };
}

} // namespace wiredup::cli
