// Internals of `wiredup eval`, shared by its sources: eval_data.cpp reads the truth and the
// prediction and sweeps the rule, eval_report.cpp writes the HTML/SVG report, eval_command.cpp
// prints the tables and registers the command.
#pragma once

#include "report_html.hpp"

#include <wiredup/error.hpp>
#include <wiredup/evaluate.hpp>
#include <wiredup/pipeline.hpp>
#include <wiredup/truth.hpp>

#include <cmath>
#include <cstddef>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace wiredup::cli::eval {

struct eval_args {
    std::string clusters;
    std::vector<std::string> corpus;
    std::string truth;
    std::string pairs;
    std::vector<std::string> labels;
    std::size_t top = 10;
    bool sweep = false;
    std::string sweep_param = "min_jaccard";
    std::vector<double> sweep_range;
    std::string html;
    std::string svg;
    pipeline_options options;
};

// A confirmation threshold that --sweep can vary, and its default range.
struct sweep_knob {
    const char* name;
    double from, to, step;
    double confirm_options::*field;          // the threshold, when it is a double
    std::size_t confirm_options::*count;     // or when it is a count
    void set(confirm_options& o, double v) const {
        if (field != nullptr) o.*field = v;
        else o.*count = static_cast<std::size_t>(std::llround(v));
    }
    double get(const confirm_options& o) const {
        return field != nullptr ? o.*field : static_cast<double>(o.*count);
    }
};

/// Every threshold --sweep can vary; knob() finds one by name (wiredup::error if none).
const std::vector<sweep_knob>& knobs();
const sweep_knob& knob(const std::string& name);

// The documents the evaluation speaks of, by id. With a clustering truth the set is closed:
// an id the truth does not list is counted and reported, since the figures would be wrong.
class id_space {
public:
    explicit id_space(bool closed) : closed_(closed) {}

    std::optional<doc_index> get(const std::string& id) {
        if (const auto it = index_.find(id); it != index_.end()) return it->second;
        if (closed_) {
            if (unknown_++ == 0) first_unknown_ = id;
            return std::nullopt;
        }
        return add(id);
    }
    doc_index add(const std::string& id) {
        const auto [it, inserted] = index_.emplace(id, static_cast<doc_index>(ids_.size()));
        if (inserted) ids_.push_back(id);
        return it->second;
    }
    void check(const std::string& what) const {
        if (unknown_ > 0)
            throw error("eval: " + std::to_string(unknown_) + " ids of " + what +
                        " are not in the truth (the truth must list every document), e.g. " + first_unknown_);
    }
    std::size_t size() const noexcept { return ids_.size(); }
    const std::string& id(doc_index i) const { return ids_[i]; }

private:
    bool closed_;
    std::vector<std::string> ids_;
    std::unordered_map<std::string, doc_index> index_;
    std::size_t unknown_ = 0;
    std::string first_unknown_;
};

// The ground truth over the id space: cluster labels, or labelled pairs.
struct truth_data {
    bool clustering = false;
    truth_table table;
    std::vector<std::string> cluster_names;  // by truth label
    cluster_labels labels;
    struct pair {
        doc_index a, b;
        bool positive;
    };
    std::vector<pair> pairs;
    std::vector<labelled_pair> labelled;  // as read, before ids are numbered
};

// What wiredup predicted, over the id space.
struct prediction {
    std::string source;
    std::vector<std::vector<doc_index>> clusters;
    std::vector<std::string> names;   // parallel to clusters
    std::vector<scored_pair> scored;  // candidate pairs with their scores (a, b: id-space indices)
    bool every_candidate = false;     // scored holds every candidate, confirmation not applied yet
    std::optional<banding> shape;
    std::vector<html::point> lsh_recall;
};

// One evaluation of a clustering against the truth.
struct outcome {
    confusion pairs;
    double ari = std::nan("");  // clustering truth only
    std::size_t predicted_pairs = 0;
};

struct sweep_row {
    double value;
    outcome result;
};

/// Reads a truth: JSON Lines (a clustering) or labelled pairs.
truth_data read_truth(const std::string& path);
/// The id space of a truth: closed over a clustering's ids, or open and seeded with the pairs' ids
/// (numbering t.pairs). Call label_truth() once the prediction has added its ids.
id_space make_space(truth_data& t);
void label_truth(truth_data& t, std::size_t documents);

/// What wiredup predicts: from a dedup output, or by running dedup on the corpus.
prediction predict_from_files(const eval_args& args, id_space& ids);
prediction predict_from_corpus(const eval_args& args, id_space& ids);

/// Clusters linked by the scored pairs that pass `rule`.
std::vector<std::vector<doc_index>> cluster_pairs(std::size_t documents, const std::vector<scored_pair>& scored,
                                                  const confirm_options& rule);
outcome evaluate(const truth_data& t, std::size_t documents, const std::vector<std::vector<doc_index>>& clusters);
/// The rule re-applied over the range of args.sweep_param (or its default range).
std::vector<sweep_row> sweep(const eval_args& args, const truth_data& t, std::size_t documents, const prediction& p);

struct label_table {
    std::string column;
    std::vector<label_recall> rows;
};

/// Table rows (header first) for the terminal and the report.
std::vector<std::vector<std::string>> label_rows(const label_table& table);
std::vector<std::vector<std::string>> sweep_table(const std::string& param, const truth_data& t,
                                                  const std::vector<sweep_row>& rows);

/// Writes the HTML report (args.html) and/or the charts (args.svg).
void write_report(const eval_args& args, const truth_data& t, const prediction& p, const outcome& o,
                  const std::vector<label_table>& labels, const std::vector<std::vector<std::string>>& merges,
                  const std::vector<sweep_row>& swept);

} // namespace wiredup::cli::eval
