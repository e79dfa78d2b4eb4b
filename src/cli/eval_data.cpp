// `wiredup eval`, inputs: the truth, the prediction (a dedup output, or a dedup run with
// confirmation off), and the sweep that re-applies the rule to the scored candidates.
#include "eval.hpp"

#include <wiredup/error.hpp>

#include <algorithm>
#include <filesystem>
#include <map>

namespace wiredup::cli::eval {
namespace {

// Runs dedup once with confirmation switched off (near_identical 0 passes every candidate), so that
// the rule can be re-applied to every candidate afterwards.
dedup_result run_permissive(const std::vector<std::string>& corpus, pipeline_options o) {
    o.confirm.near_identical_jaccard = 0;
    return dedup(corpus, o);
}

// LSH recall by Jaccard: the pairs the exact oracle finds above 0.1, and the share of each tenth
// that banding alone (containment candidates off) made candidates.
std::vector<html::point> measure_lsh_recall(const std::vector<std::string>& corpus, const pipeline_options& options) {
    pipeline_options lsh = options;
    lsh.contain.enabled = false;
    pipeline_options exact = lsh;
    exact.exact = true;
    exact.band.threshold = 0.1;
    const auto found = run_permissive(corpus, lsh);
    const auto all = run_permissive(corpus, exact);
    std::vector<doc_pair> candidates;
    for (const auto& p : found.pairs) candidates.push_back({p.a, p.b});
    std::vector<std::size_t> total(10, 0), hits(10, 0);
    for (const auto& p : all.pairs) {
        const auto bin = std::min<std::size_t>(9, static_cast<std::size_t>(p.jaccard * 10));
        ++total[bin];
        hits[bin] += std::binary_search(candidates.begin(), candidates.end(), doc_pair{p.a, p.b}) ? 1 : 0;
    }
    std::vector<html::point> points;
    for (std::size_t b = 1; b < 10; ++b)
        if (total[b] > 0)
            points.push_back({(static_cast<double>(b) + 0.5) / 10, static_cast<double>(hits[b]) / static_cast<double>(total[b]),
                              std::to_string(hits[b]) + "/" + std::to_string(total[b])});
    return points;
}

} // namespace

const std::vector<sweep_knob>& knobs() {
    using o = confirm_options;
    static const std::vector<sweep_knob> all{
        {"min_jaccard", 0.1, 0.9, 0.05, &o::min_jaccard, nullptr},
        {"near_identical", 0.3, 1.0, 0.05, &o::near_identical_jaccard, nullptr},
        {"min_containment", 0.1, 1.0, 0.05, &o::min_containment, nullptr},
        {"containment_min_jaccard", 0.0, 0.5, 0.025, &o::containment_min_jaccard, nullptr},
        {"min_cosine", 0.5, 1.0, 0.025, &o::min_cosine, nullptr},
        {"cosine_min_jaccard", 0.0, 0.5, 0.025, &o::cosine_min_jaccard, nullptr},
        {"min_shared", 0, 20, 1, nullptr, &o::min_shared},
    };
    return all;
}

const sweep_knob& knob(const std::string& name) {
    for (const auto& k : knobs())
        if (name == k.name) return k;
    throw error("eval: unknown sweep parameter " + name);
}

truth_data read_truth(const std::string& path) {
    truth_data t;
    t.clustering = is_jsonl_file(path);
    if (t.clustering) t.table = read_truth_jsonl(path);
    else t.labelled = read_labelled_pairs(path);
    return t;
}

id_space make_space(truth_data& t) {
    id_space ids(t.clustering);
    for (const auto& id : t.table.ids) ids.add(id);
    for (const auto& p : t.labelled) t.pairs.push_back({ids.add(p.id_a), ids.add(p.id_b), p.positive});
    return ids;
}

void label_truth(truth_data& t, std::size_t documents) {
    if (!t.clustering) return;
    std::map<std::string, std::uint32_t> by_name;
    for (const auto& name : t.table.clusters) {
        if (by_name.emplace(name, static_cast<std::uint32_t>(t.cluster_names.size())).second)
            t.cluster_names.push_back(name);
    }
    t.labels.resize(documents);
    for (std::size_t i = 0; i < t.table.clusters.size(); ++i) t.labels[i] = by_name[t.table.clusters[i]];
}

prediction predict_from_corpus(const eval_args& args, id_space& ids) {
    prediction p;
    p.source = "dedup of";
    for (const auto& c : args.corpus) p.source += " " + c;
    const auto run = run_permissive(args.corpus, args.options);
    std::vector<std::optional<doc_index>> where(run.documents.size());
    for (std::size_t i = 0; i < run.documents.size(); ++i)
        if (run.documents[i].reason == reject_reason::none) where[i] = ids.get(run.documents[i].id);
    ids.check("the corpus");
    for (auto s : run.pairs) {
        s.a = *where[s.a];
        s.b = *where[s.b];
        p.scored.push_back(s);
    }
    p.every_candidate = true;
    p.shape = run.stats.shape;
    p.clusters = cluster_pairs(ids.size(), p.scored, args.options.confirm);
    for (std::size_t i = 0; i < p.clusters.size(); ++i) p.names.push_back(std::to_string(i));
    if (!args.html.empty() || !args.svg.empty()) p.lsh_recall = measure_lsh_recall(args.corpus, args.options);
    return p;
}

prediction predict_from_files(const eval_args& args, id_space& ids) {
    prediction p;
    std::filesystem::path clusters = args.clusters;
    std::filesystem::path pairs = args.pairs;
    if (std::filesystem::is_directory(clusters)) {
        if (pairs.empty() && std::filesystem::exists(clusters / "pairs.tsv")) pairs = clusters / "pairs.tsv";
        clusters /= "clusters.jsonl";
    }
    p.source = clusters.string();
    for (auto& c : read_clusters_jsonl(clusters.string())) {
        std::vector<doc_index> members;
        for (const auto& id : c.members)
            if (const auto i = ids.get(id)) members.push_back(*i);
        p.clusters.push_back(std::move(members));
        p.names.push_back(std::move(c.name));
    }
    ids.check(clusters.string());
    if (!pairs.empty()) {
        for (const auto& row : read_pairs_tsv(pairs.string())) {
            const auto a = ids.get(row.id_a), b = ids.get(row.id_b);
            if (!a || !b) continue;
            scored_pair s = row.scores;
            s.a = *a;
            s.b = *b;
            p.scored.push_back(s);
        }
        ids.check(pairs.string());
        p.source += " (scores from " + pairs.string() + ")";
    }
    // pairs.tsv does not record the banding: show the one these options choose.
    const auto& band = args.options.band;
    p.shape = band.bands != 0 ? banding{band.bands, band.rows}
                              : choose_banding(band.threshold, args.options.sign.num_perm,
                                               band.false_positive_weight, band.false_negative_weight);
    return p;
}

std::vector<std::vector<doc_index>> cluster_pairs(std::size_t documents, const std::vector<scored_pair>& scored,
                                                  const confirm_options& rule) {
    std::vector<doc_pair> links;
    for (const auto& p : scored)
        if (is_duplicate(p, rule)) links.push_back({p.a, p.b});
    std::vector<std::vector<doc_index>> out;
    for (auto& c : make_clusters(documents, links, keep_policy::earliest)) out.push_back(std::move(c.members));
    return out;
}

outcome evaluate(const truth_data& t, std::size_t documents, const std::vector<std::vector<doc_index>>& clusters) {
    const auto predicted = labels_from_clusters(documents, clusters);
    outcome o;
    for (const auto& c : clusters) o.predicted_pairs += c.size() * (c.size() - 1) / 2;
    if (t.clustering) {
        const auto s = compare_clusterings(t.labels, predicted);
        o.pairs = s.pairs;
        o.ari = s.adjusted_rand_index;
        return o;
    }
    for (const auto& p : t.pairs) {
        const bool together = predicted[p.a] == predicted[p.b];
        if (p.positive) ++(together ? o.pairs.true_positive : o.pairs.false_negative);
        else ++(together ? o.pairs.false_positive : o.pairs.true_negative);
    }
    return o;
}

std::vector<sweep_row> sweep(const eval_args& args, const truth_data& t, std::size_t documents, const prediction& p) {
    const auto& k = knob(args.sweep_param);
    double from = k.from, to = k.to, step = k.step;
    if (args.sweep_range.size() == 3) {
        from = args.sweep_range[0];
        to = args.sweep_range[1];
        step = args.sweep_range[2];
    }
    if (!(step > 0) || to < from) throw error("eval: --sweep-range needs FROM <= TO and STEP > 0");
    std::vector<sweep_row> rows;
    for (std::size_t i = 0;; ++i) {
        // Rounded so that 0.1 + 4 * 0.05 prints and compares as 0.3.
        const double v = std::round((from + static_cast<double>(i) * step) * 1e9) / 1e9;
        if (v > to + 1e-12) break;
        confirm_options rule = args.options.confirm;
        k.set(rule, v);
        rows.push_back({v, evaluate(t, documents, cluster_pairs(documents, p.scored, rule))});
    }
    return rows;
}

} // namespace wiredup::cli::eval
