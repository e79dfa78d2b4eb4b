// `wiredup eval`, the report: tables, the precision/recall curve of the sweep, score histograms
// of the candidate pairs by truth, and the LSH S-curve, as one HTML page or one SVG per chart.
#include "eval.hpp"
#include "output.hpp"

#include <algorithm>
#include <map>

namespace wiredup::cli::eval {
namespace {

std::string count(std::uint64_t n) { return std::to_string(n); }

} // namespace

std::vector<std::vector<std::string>> label_rows(const label_table& table) {
    std::vector<std::vector<std::string>> rows{{table.column, "found", "total", "recall"}};
    for (const auto& r : table.rows)
        rows.push_back({r.value.empty() ? "(missing)" : r.value, count(r.found), count(r.total), score(r.recall())});
    return rows;
}

std::vector<std::vector<std::string>> sweep_table(const std::string& param, const truth_data& t,
                                                  const std::vector<sweep_row>& rows) {
    std::vector<std::vector<std::string>> out{
        {param, "pairs", "precision", "recall", "F1", t.clustering ? "ARI" : "accuracy"}};
    const bool whole = knob(param).count != nullptr;
    for (const auto& r : rows)
        out.push_back({whole ? std::to_string(std::llround(r.value)) : score(r.value), count(r.result.predicted_pairs), score(r.result.pairs.precision()),
                       score(r.result.pairs.recall()), score(r.result.pairs.f1()),
                       score(t.clustering ? r.result.ari : r.result.pairs.accuracy())});
    return out;
}

void write_report(const eval_args& args, const truth_data& t, const prediction& p, const outcome& o,
                const std::vector<label_table>& labels, const std::vector<std::vector<std::string>>& merges,
                const std::vector<sweep_row>& swept) {
    html::page page("wiredup eval");
    page.paragraph("Truth: " + args.truth + ". Prediction: " + p.source + ".");
    std::vector<std::vector<std::string>> summary;
    if (t.clustering)
        summary = {{"precision", score(o.pairs.precision())}, {"recall", score(o.pairs.recall())},
                   {"F1", score(o.pairs.f1())}, {"ARI", score(o.ari)}, {"predicted pairs", count(o.predicted_pairs)}};
    else
        summary = {{"accuracy", score(o.pairs.accuracy())}, {"precision", score(o.pairs.precision())},
                   {"recall", score(o.pairs.recall())}, {"F1", score(o.pairs.f1())}};
    page.table({"measure", "value"}, summary);
    for (const auto& l : labels) {
        auto rows = label_rows(l);
        const auto header = rows.front();
        rows.erase(rows.begin());
        page.heading("Recall by " + l.column);
        page.table(header, rows);
    }
    if (!swept.empty()) {
        page.heading("Precision and recall against " + args.sweep_param);
        html::series precision{"precision", {}, "#1f77b4"}, recall{"recall", {}, "#d62728"},
            f1{"F1", {}, "#2ca02c", true, false, true};
        for (const auto& r : swept) {
            precision.points.push_back({r.value, r.result.pairs.precision(), ""});
            recall.points.push_back({r.value, r.result.pairs.recall(), ""});
            f1.points.push_back({r.value, r.result.pairs.f1(), ""});
        }
        double lowest = 1;
        for (const auto& r : swept)
            lowest = std::min({lowest, r.result.pairs.precision(), r.result.pairs.recall(), r.result.pairs.f1()});
        // Zoomed to the data: near-perfect curves would otherwise be one line along the top.
        html::axes a{"Pairwise precision / recall vs " + args.sweep_param, args.sweep_param, "score",
                     swept.front().value, swept.back().value, std::max(0.0, std::floor(lowest * 20) / 20 - 0.05), 1};
        a.marker_x = knob(args.sweep_param).get(args.options.confirm);
        page.figure("pr-vs-" + args.sweep_param, html::line_chart(a, {precision, recall, f1}));
        auto rows = sweep_table(args.sweep_param, t, swept);
        const auto header = rows.front();
        rows.erase(rows.begin());
        page.table(header, rows);
    }
    if (!p.scored.empty()) {
        page.heading("Scores of the candidate pairs, by truth");
        std::vector<html::histogram_class> jac{{"same story", {}, "#1f77b4"}, {"different stories", {}, "#d62728"}};
        auto cont = jac, cos = jac;
        const bool have_labels = t.clustering;
        std::map<std::pair<doc_index, doc_index>, bool> labelled;
        if (!have_labels)
            for (const auto& q : t.pairs) labelled[{std::min(q.a, q.b), std::max(q.a, q.b)}] = q.positive;
        for (const auto& s : p.scored) {
            int cls = -1;
            if (have_labels) cls = t.labels[s.a] == t.labels[s.b] ? 0 : 1;
            else if (const auto it = labelled.find({std::min(s.a, s.b), std::max(s.a, s.b)}); it != labelled.end())
                cls = it->second ? 0 : 1;
            if (cls < 0) continue;
            jac[static_cast<std::size_t>(cls)].values.push_back(s.jaccard);
            cont[static_cast<std::size_t>(cls)].values.push_back(std::max(s.containment_a, s.containment_b));
            cos[static_cast<std::size_t>(cls)].values.push_back(s.cosine);
        }
        page.figures(
            {{"jaccard-by-truth",
              html::histogram({"Shingle Jaccard of candidate pairs", "Jaccard", "share of class"}, jac, 20)},
             {"containment-by-truth", html::histogram({"Larger containment of candidate pairs",
                                                       "max(containment_a, containment_b)", "share of class"},
                                                      cont, 20)},
             {"cosine-by-truth",
              html::histogram({"TF-IDF cosine of candidate pairs", "cosine", "share of class"}, cos, 20)}});
    }
    if (p.shape) {
        page.heading("LSH banding");
        page.paragraph(p.lsh_recall.empty()
                           ? "The curve of the banding the options choose (run eval with --corpus and --html to "
                             "measure recall points against the exact oracle)."
                           : "Points: the share of the pairs the exact oracle finds in each Jaccard tenth that "
                             "banding alone made candidates (containment candidates off), found/total.");
        page.figure("lsh-s-curve", html::s_curve(*p.shape, p.lsh_recall, args.options.band.threshold));
    }
    if (merges.size() > 1) {
        page.heading("Largest false merges");
        page.table(merges.front(), {merges.begin() + 1, merges.end()});
    }
    if (!args.html.empty()) page.write(args.html);
    if (!args.svg.empty()) page.write_svgs(args.svg);
}

} // namespace wiredup::cli::eval
