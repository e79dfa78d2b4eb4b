// `wiredup score`: every similarity of given pairs of texts (MSRP or PAN layout), one TSV row per
// pair; with labels, how well each score separates the classes (ROC AUC, accuracy at the best
// threshold, cross-validated accuracy) and a logistic-regression combination of them.
#include "commands.hpp"
#include "output.hpp"
#include "report_html.hpp"
#include "text_table.hpp"

#include <wiredup/error.hpp>
#include <wiredup/evaluate.hpp>
#include <wiredup/logistic.hpp>
#include <wiredup/normalize.hpp>
#include <wiredup/pair_scores.hpp>
#include <wiredup/truth.hpp>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>

namespace wiredup::cli {
namespace {

struct score_args {
    std::string input;
    std::string format = "msrp";
    std::string s1, s2, labels;
    std::string out;
    std::string on = "cosine";
    double threshold = std::nan("");
    std::size_t folds = 10;
    double split = 0;
    bool combine = true;
    logistic_options logistic;
    std::string html;
    std::string svg;
    pair_score_options options;
    lsh_options band;
};

// One score's separation of the classes.
struct score_quality {
    std::string name;
    double auc = 0;
    threshold_choice best;  // on the whole input
    cv_result cv;
};

// Features of the combination: every score, with each containment pair made symmetric (the
// order of a pair carries no meaning), counts on a log scale, and the two lengths: paraphrases
// tend to be of similar length, and long sentences share words by chance.
std::vector<double> combination_features(const score_table& t, std::vector<std::string>& names) {
    const std::size_t ca = t.find("containment_a"), cb = t.find("containment_b");
    const std::size_t wa = t.find("word1_containment_a"), wb = t.find("word1_containment_b");
    const std::size_t sh = t.find("shared"), ta = t.find("tokens_a"), tb = t.find("tokens_b");
    auto plain = [&](std::size_t c) { return c != ca && c != cb && c != wa && c != wb && c != sh && c != ta && c != tb; };
    names.clear();
    for (std::size_t c = 0; c < t.names.size(); ++c)
        if (plain(c)) names.push_back(t.names[c]);
    names.insert(names.end(), {"containment_min", "containment_max", "word1_containment_min", "word1_containment_max",
                               "log_shared", "log_tokens_min", "log_tokens_max", "tokens_ratio"});
    std::vector<double> x;
    x.reserve(t.rows() * names.size());
    for (std::size_t i = 0; i < t.rows(); ++i) {
        const auto r = t.row(i);
        for (std::size_t c = 0; c < t.names.size(); ++c)
            if (plain(c)) x.push_back(r[c]);
        const double shorter = std::min(r[ta], r[tb]), longer = std::max(r[ta], r[tb]);
        x.insert(x.end(), {std::min(r[ca], r[cb]), std::max(r[ca], r[cb]), std::min(r[wa], r[wb]),
                           std::max(r[wa], r[wb]), std::log1p(r[sh]), std::log1p(shorter), std::log1p(longer),
                           longer > 0 ? shorter / longer : 1.0});
    }
    return x;
}

// Lengths, not similarities: the combination uses them, the per-score table leaves them out.
bool is_length(const std::string& name) { return name == "tokens_a" || name == "tokens_b"; }

// Whether LSH with this banding makes each pair a candidate, and the pair's exact Jaccard: the
// measured points of the S-curve.
std::vector<html::point> lsh_points(const text_pairs& pairs, const score_args& args, banding shape) {
    const shingler shingles(args.options.shingle);
    const minhasher signer(args.options.sign);
    lsh_options band = args.band;
    band.bands = shape.bands;
    band.rows = shape.rows;
    const lsh_index index(band, signer.num_perm());
    std::vector<std::size_t> total(10, 0), hits(10, 0);
    std::vector<band_key> ka(shape.bands), kb(shape.bands);
    for (std::size_t i = 0; i < pairs.size(); ++i) {
        const auto sa = shingles.shingle(keep_content(normalize(pairs.text_a[i]), nullptr));
        const auto sb = shingles.shingle(keep_content(normalize(pairs.text_b[i]), nullptr));
        if (sa.empty() || sb.empty()) continue;
        index.band_keys(signer.sign(sa), ka);
        index.band_keys(signer.sign(sb), kb);
        const auto bin = std::min<std::size_t>(9, static_cast<std::size_t>(jaccard(sa, sb) * 10));
        ++total[bin];
        for (std::size_t b = 0; b < shape.bands; ++b)
            if (ka[b] == kb[b]) {
                ++hits[bin];
                break;
            }
    }
    std::vector<html::point> points;
    for (std::size_t b = 0; b < 10; ++b)
        if (total[b] > 0)
            points.push_back({(static_cast<double>(b) + 0.5) / 10, static_cast<double>(hits[b]) / static_cast<double>(total[b]),
                              std::to_string(hits[b]) + "/" + std::to_string(total[b])});
    return points;
}

void write_rows(std::ostream& out, const text_pairs& pairs, const score_table& t) {
    out << "pair\tid_a\tid_b" << (pairs.labels.empty() ? "" : "\tlabel");
    for (const auto& n : t.names) out << '\t' << n;
    out << '\n';
    for (std::size_t i = 0; i < t.rows(); ++i) {
        out << i + 1 << '\t' << tsv_field(pairs.id_a[i]) << '\t' << tsv_field(pairs.id_b[i]);
        if (!pairs.labels.empty()) out << '\t' << int{pairs.labels[i]};
        const auto r = t.row(i);
        for (std::size_t c = 0; c < r.size(); ++c)
            out << '\t' << (t.names[c] == "shared" || is_length(t.names[c]) ? std::to_string(std::llround(r[c]))
                                                                             : score(r[c]));
        out << '\n';
    }
}

std::string percent(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f%%", 100 * v);
    return buf;
}

struct report {
    std::vector<score_quality> scores;
    std::size_t best = 0;  // index into scores by cross-validated accuracy
    std::vector<std::string> feature_names;
    logistic_cv_result combined;
    double combined_auc = std::nan("");
    std::vector<double> combined_weights;
    std::string plan_text;
};

report assess(const score_args& args, const text_pairs& pairs, const score_table& t) {
    report r;
    const std::size_t n = pairs.size();
    const cv_plan plan = args.split > 0 ? holdout_split(n, args.split) : interleaved_folds(n, args.folds);
    r.plan_text = args.split > 0
                      ? "hold-out: thresholds chosen on " + percent(args.split) +
                            " of the pairs, tested on the rest (spread evenly through the input)"
                      : std::to_string(args.folds) + "-fold cross-validation (fold = pair number mod " +
                            std::to_string(args.folds) + "): thresholds chosen on the other folds, tested on each";
    for (std::size_t c = 0; c < t.names.size(); ++c) {
        if (is_length(t.names[c])) continue;
        const auto col = t.column(c);
        r.scores.push_back({t.names[c], roc_auc(col, pairs.labels), best_accuracy_threshold(col, pairs.labels),
                            cross_validate_threshold(col, pairs.labels, plan)});
        if (r.scores.back().cv.mean_accuracy > r.scores[r.best].cv.mean_accuracy) r.best = r.scores.size() - 1;
    }
    if (args.combine) {
        const auto x = combination_features(t, r.feature_names);
        r.combined = cross_validate_logistic(x, r.feature_names.size(), pairs.labels, plan, args.logistic);
        std::vector<double> held;
        std::vector<std::uint8_t> held_labels;
        for (std::size_t i = 0; i < n; ++i)
            if (!std::isnan(r.combined.held_out[i])) {
                held.push_back(r.combined.held_out[i]);
                held_labels.push_back(pairs.labels[i]);
            }
        r.combined_auc = roc_auc(held, held_labels);
        r.combined_weights = logistic_model::fit(x, r.feature_names.size(), pairs.labels, args.logistic).weights();
    }
    return r;
}

void print_report(std::ostream& out, const score_args& args, const text_pairs& pairs, const score_table& t,
                  const report& r) {
    const auto positives = static_cast<std::size_t>(std::count(pairs.labels.begin(), pairs.labels.end(), 1));
    out << "wiredup score: " << pairs.size() << " pairs, " << positives << " positive ("
        << percent(static_cast<double>(positives) / static_cast<double>(pairs.size())) << "), "
        << pairs.size() - positives << " negative\n  " << r.plan_text << "\n\n";
    std::vector<std::vector<std::string>> rows{
        {"score", "AUC", "best threshold", "accuracy", "held-out accuracy", "held-out F1"}};
    for (const auto& s : r.scores)
        rows.push_back({s.name, score(s.auc), score(s.best.threshold), score(s.best.accuracy),
                        score(s.cv.mean_accuracy), score(s.cv.mean_f1)});
    if (args.combine)
        rows.push_back({"combined", score(r.combined_auc), "", "", score(r.combined.cv.mean_accuracy),
                        score(r.combined.cv.mean_f1)});
    out << aligned(rows);
    out << "  (best threshold and accuracy: on all pairs; held-out: mean over the test folds; combined AUC: of the "
           "held-out probabilities)\n";
    const auto& best = r.scores[r.best];
    out << "\nbest single score: " << best.name << ", held-out accuracy " << score(best.cv.mean_accuracy) << ", F1 "
        << score(best.cv.mean_f1) << ", AUC " << score(best.auc) << '\n';
    if (args.combine) {
        out << "combined (logistic regression on " << r.feature_names.size() << " standardized scores, fitted on "
            << "the training folds only): held-out accuracy " << score(r.combined.cv.mean_accuracy) << ", F1 "
            << score(r.combined.cv.mean_f1) << ", AUC " << score(r.combined_auc) << '\n';
        out << "  weights fitted on all pairs (standardized scores):\n";
        std::string line = "    intercept " + score(r.combined_weights[0]);
        for (std::size_t j = 0; j < r.feature_names.size(); ++j) {
            const std::string item = r.feature_names[j] + ' ' + score(r.combined_weights[j + 1]);
            if (line.size() + item.size() > 100) {
                out << line << ",\n";
                line = "    " + item;
            } else {
                line += ", " + item;
            }
        }
        out << line << '\n';
    }
    if (!std::isnan(args.threshold)) {
        const std::size_t c = t.find(args.on);
        if (c == t.names.size()) throw error("score: no score named " + args.on);
        const auto at = confusion_at(t.column(c), pairs.labels, args.threshold);
        out << "\nat " << args.on << " >= " << score(args.threshold) << ": accuracy " << score(at.accuracy())
            << ", precision " << score(at.precision()) << ", recall " << score(at.recall()) << ", F1 "
            << score(at.f1()) << '\n';
    }
}

void write_report(const score_args& args, const text_pairs& pairs, const score_table& t, const report& r,
                const std::string& summary) {
    html::page page("wiredup score");
    page.paragraph("Input: " + (args.input.empty() ? args.s1 + " + " + args.s2 : args.input) + ".");
    page.code(summary);
    auto split_by_class = [&](const std::vector<double>& v) {
        std::vector<html::histogram_class> cls{{"label 1", {}, "#1f77b4"}, {"label 0", {}, "#d62728"}};
        for (std::size_t i = 0; i < v.size(); ++i)
            if (!std::isnan(v[i])) cls[pairs.labels[i] ? 0 : 1].values.push_back(v[i]);
        return cls;
    };
    auto pr_curve = [&](const std::string& name, const std::vector<double>& v, double chosen) {
        std::vector<double> thresholds, kept;
        std::vector<std::uint8_t> labels;
        for (std::size_t i = 0; i < v.size(); ++i)
            if (!std::isnan(v[i])) {
                kept.push_back(v[i]);
                labels.push_back(pairs.labels[i]);
            }
        for (int i = 0; i <= 100; ++i) thresholds.push_back(i / 100.0);
        const auto curve = confusion_curve(kept, labels, thresholds);
        html::series p{"precision", {}, "#1f77b4"}, rc{"recall", {}, "#d62728"}, acc{"accuracy", {}, "#2ca02c"};
        for (std::size_t i = 0; i < thresholds.size(); ++i) {
            p.points.push_back({thresholds[i], curve[i].precision(), ""});
            rc.points.push_back({thresholds[i], curve[i].recall(), ""});
            acc.points.push_back({thresholds[i], curve[i].accuracy(), ""});
        }
        html::axes a{"Precision, recall and accuracy vs threshold: " + name, name + " threshold", "score"};
        a.marker_x = chosen;
        return html::line_chart(a, {p, rc, acc});
    };
    std::vector<std::string> shown{r.scores[r.best].name};
    for (const char* name : {"cosine", "jaccard", "word1", "char3"})
        if (std::find(shown.begin(), shown.end(), name) == shown.end() && t.find(name) < t.names.size())
            shown.emplace_back(name);
    if (args.combine) {
        page.heading("Combined score (held-out probabilities)");
        double mean_threshold = 0;
        for (const auto& round : r.combined.cv.rounds)
            mean_threshold += round.threshold / static_cast<double>(r.combined.cv.rounds.size());
        page.figures({{"combined-vs-threshold", pr_curve("combined", r.combined.held_out, mean_threshold)},
                      {"combined-by-class", html::histogram({"Combined score by class", "P(label 1)", "share of class"},
                                                            split_by_class(r.combined.held_out), 20)}});
    }
    for (const auto& name : shown) {
        const std::size_t c = t.find(name);
        const auto v = t.column(c);
        page.heading(name + (c == t.find(r.scores[r.best].name) ? " (best single score)" : ""));
        const auto q = std::find_if(r.scores.begin(), r.scores.end(), [&](const score_quality& x) { return x.name == name; });
        page.figures({{name + "-vs-threshold", pr_curve(name, v, q->best.threshold)},
                      {name + "-by-class",
                       html::histogram({name + " by class", name, "share of class"}, split_by_class(v), 20)}});
    }
    const banding shape = args.band.bands != 0 ? banding{args.band.bands, args.band.rows}
                                               : choose_banding(args.band.threshold, args.options.sign.num_perm,
                                                                args.band.false_positive_weight,
                                                                args.band.false_negative_weight);
    page.heading("LSH banding");
    page.paragraph("Points: the share of the pairs in each Jaccard tenth (word " +
                   std::to_string(args.options.shingle.width) +
                   "-shingles) whose signatures agree in at least one band, found/total.");
    page.figure("lsh-s-curve", html::s_curve(shape, lsh_points(pairs, args, shape), args.band.threshold));
    if (!args.html.empty()) page.write(args.html);
    if (!args.svg.empty()) page.write_svgs(args.svg);
}

int run_score(const score_args& args) {
    const text_pairs pairs = args.input.empty() ? read_parallel_pairs(args.s1, args.s2, args.labels)
                                                : read_msrp_pairs(args.input);
    if (pairs.size() == 0) throw error("score: no pairs in the input");
    const score_table t = score_text_pairs(pairs.text_a, pairs.text_b, args.options);

    const bool to_stdout = args.out.empty() || args.out == "-";
    if (to_stdout) {
        write_rows(std::cout, pairs, t);
    } else {
        std::ofstream out(args.out, std::ios::binary | std::ios::trunc);
        if (!out) throw error("cannot write " + args.out + ": " + std::strerror(errno));
        write_rows(out, pairs, t);
        out.close();
        if (!out) throw error("writing " + args.out + " failed");
    }
    if (pairs.labels.empty()) return 0;
    // The table goes where the rows do not: stdout when the rows went to a file.
    const report r = assess(args, pairs, t);
    std::ostringstream summary;
    print_report(summary, args, pairs, t, r);
    (to_stdout ? std::cerr : std::cout) << summary.str();
    if (!args.html.empty() || !args.svg.empty()) write_report(args, pairs, t, r, summary.str());
    return 0;
}

} // namespace

command add_score_command(CLI::App& app) {
    auto args = std::make_shared<score_args>();
    auto* cmd = app.add_subcommand("score", "Score given pairs of texts; with labels, measure how well each score "
                                            "separates them");
    auto* source = cmd->add_option_group("Input", "The pairs: one of");
    auto* input = source->add_option("input", args->input,
                                     "Pairs in the MSRP layout: label<TAB>id1<TAB>id2<TAB>text1<TAB>text2, header row")
                      ->check(CLI::ExistingFile);
    auto* s1 = source->add_option("--s1", args->s1, "PAN layout: first texts, one per line")->check(CLI::ExistingFile);
    source->require_option(1);
    cmd->add_option("--format", args->format, "Layout of INPUT")->check(CLI::IsMember({"msrp"}))->capture_default_str();
    auto* s2 = cmd->add_option("--s2", args->s2, "PAN layout: second texts, line i pairs with line i of --s1")
                   ->check(CLI::ExistingFile);
    cmd->add_option("--labels", args->labels, "PAN layout: one label (1 or 0) per line")
        ->check(CLI::ExistingFile)
        ->needs(s1);
    input->excludes(s2);
    s1->needs(s2);
    s2->needs(s1);
    cmd->add_option("-o,--out", args->out, "Write the per-pair TSV here (default: standard output; the summary "
                                           "then goes to standard error)");
    cmd->add_option("--threshold", args->threshold, "Also report accuracy and F1 at this threshold on --on");
    cmd->add_option("--on", args->on, "The score --threshold applies to")->capture_default_str();
    auto* cv = cmd->add_option("--cv", args->folds, "Folds of cross-validation for thresholds and the combination")
                   ->capture_default_str();
    cmd->add_option("--split", args->split, "Instead of --cv: train on this fraction of the pairs, test on the "
                                            "rest (0.5: every second pair)")
        ->excludes(cv);
    cmd->add_flag("!--no-combine", args->combine, "Skip the logistic-regression combination of the scores");
    cmd->add_option("--l2", args->logistic.l2, "L2 penalty of the combination's weights (standardized scores)")
        ->capture_default_str();
    cmd->add_option("--html", args->html, "Also write a self-contained HTML report here");
    cmd->add_option("--svg", args->svg, "Also write each chart of the report as DIR/<name>.svg");
    const std::map<std::string, shingle_kind> kinds{{"word", shingle_kind::word}, {"char", shingle_kind::chars}};
    cmd->add_option("--shingle", args->options.shingle.kind, "Shingles of minhash, jaccard and containment")
        ->transform(CLI::CheckedTransformer(kinds, CLI::ignore_case))
        ->option_text("word|char (word)");
    cmd->add_option("-k,--shingle-width", args->options.shingle.width, "Words (or code points) per shingle")
        ->capture_default_str();
    cmd->add_option("--word-widths", args->options.word_widths, "Extra word n-gram Jaccard columns")
        ->delimiter(',')
        ->capture_default_str();
    cmd->add_option("--char-widths", args->options.char_widths, "Extra character n-gram Jaccard columns")
        ->delimiter(',')
        ->capture_default_str();
    cmd->add_option("--num-perm", args->options.sign.num_perm, "MinHash permutations")->capture_default_str();
    cmd->add_option("--seed", args->options.sign.seed, "MinHash seed")->capture_default_str();
    cmd->add_option("--lsh-threshold", args->band.threshold, "Jaccard the S-curve's banding is tuned for")
        ->capture_default_str();
    cmd->footer("Give INPUT (MSRP layout) or --s1 and --s2 (PAN layout). Columns: minhash, jaccard, containment_a, "
                "containment_b, cosine, shared as in dedup's pairs.tsv, then word<k> and char<k> Jaccard.");

    return [args, cmd]() -> int {
        if (!*cmd) return -1;
        return run_score(*args);
    };
}

} // namespace wiredup::cli
