// `wiredup explain A B`: the passages two documents share, aligned, with the share of each they
// cover, what each has alone, and the scores; plain text, or HTML with highlighted passages.
#include "commands.hpp"
#include "output.hpp"
#include "report_html.hpp"

#include <wiredup/error.hpp>
#include <wiredup/explain.hpp>

#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

namespace wiredup::cli {
namespace {

// A passage on one line, whitespace folded, cut in the middle when long.
std::string excerpt(std::string_view text, text_span s, std::size_t max = 160) {
    std::string flat;
    bool space = false;
    for (const char c : text.substr(s.begin, s.end - s.begin)) {
        const bool ws = c == ' ' || c == '\n' || c == '\r' || c == '\t';
        if (ws && !flat.empty()) space = true;
        if (ws) continue;
        if (space) flat.push_back(' ');
        space = false;
        flat.push_back(c);
    }
    if (flat.size() <= max) return flat;
    std::size_t head = max / 2, tail = flat.size() - max / 2;
    while (head > 0 && (static_cast<unsigned char>(flat[head]) & 0xC0) == 0x80) --head;  // keep UTF-8 whole
    while (tail < flat.size() && (static_cast<unsigned char>(flat[tail]) & 0xC0) == 0x80) ++tail;
    return flat.substr(0, head) + " … " + flat.substr(tail);
}

std::string escape_html(std::string_view text) { return html::escape(std::string(text)); }

std::string percent(double share) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%.1f%%", 100.0 * share);
    return buf;
}

void print_text(const explanation& e, const std::string& name_a, const std::string& name_b, std::string_view a,
                std::string_view b, std::ostream& out) {
    const auto& s = e.scores.scores;
    out << "a: " << name_a << " (" << e.words_a << " words, " << percent(e.covered_a) << " in shared passages)\n"
        << "b: " << name_b << " (" << e.words_b << " words, " << percent(e.covered_b) << " in shared passages)\n"
        << "scores: jaccard " << score(s.jaccard) << ", containment_a " << score(s.containment_a) << ", containment_b "
        << score(s.containment_b) << ", cosine " << score(s.cosine) << ", minhash " << score(s.minhash) << "\n"
        << "verdict: " << (e.scores.duplicate ? "duplicate" : "not a duplicate") << ", b relative to a: "
        << to_string(s.rel) << (s.numbers_changed ? ", numbers changed" : "") << "\n";
    out << "\nshared passages (" << e.shared.size() << "):\n";
    for (std::size_t i = 0; i < e.shared.size(); ++i) {
        const auto& p = e.shared[i];
        out << "  [" << i + 1 << "] " << p.words << " words, a bytes " << p.a.begin << "-" << p.a.end << ", b bytes "
            << p.b.begin << "-" << p.b.end << "\n      " << excerpt(a, p.a) << "\n";
    }
    auto only = [&](const char* side, std::string_view text, const std::vector<text_span>& runs) {
        out << "\nonly in " << side << " (" << runs.size() << " runs):\n";
        for (const auto& r : runs) out << "  - " << excerpt(text, r) << "\n";
    };
    only("a", a, e.only_a);
    only("b", b, e.only_b);
}

// The raw text with each shared passage wrapped in a <mark> numbered like the passage list.
std::string marked_html(std::string_view text, const explanation& e, bool side_a) {
    std::vector<std::pair<text_span, std::size_t>> spans;
    for (std::size_t i = 0; i < e.shared.size(); ++i) spans.emplace_back(side_a ? e.shared[i].a : e.shared[i].b, i);
    std::sort(spans.begin(), spans.end(), [](const auto& x, const auto& y) { return x.first.begin < y.first.begin; });
    std::string out;
    std::size_t at = 0;
    for (const auto& [s, i] : spans) {
        out += escape_html(text.substr(at, s.begin - at));
        const auto n = std::to_string(i + 1);
        out += "<mark class=\"c" + std::to_string(i % 6) + "\" title=\"passage " + n + "\"><sup>" + n + "</sup>" +
               escape_html(text.substr(s.begin, s.end - s.begin)) + "</mark>";
        at = s.end;
    }
    out += escape_html(text.substr(at));
    return out;
}

void print_html(const explanation& e, const std::string& name_a, const std::string& name_b, std::string_view a,
                std::string_view b, std::ostream& out) {
    const auto& s = e.scores.scores;
    out << "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>wiredup explain</title><style>\n"
           "body{font:15px/1.5 system-ui,sans-serif;margin:2em;color:#222}"
           "table{border-collapse:collapse}td,th{padding:2px 10px;text-align:left}"
           ".cols{display:grid;grid-template-columns:1fr 1fr;gap:2em}"
           ".text{white-space:pre-wrap;border:1px solid #ccc;padding:1em;border-radius:6px}"
           "mark{border-radius:3px}sup{font-size:70%;color:#555;margin-right:2px}"
           ".c0{background:#ffe08a}.c1{background:#b9e4ff}.c2{background:#c8f2c2}"
           ".c3{background:#ffcfe0}.c4{background:#e2d4ff}.c5{background:#ffd8b0}\n"
           "</style></head><body>\n<h1>Shared passages</h1>\n<table>\n"
        << "<tr><th></th><th>document</th><th>words</th><th>in shared passages</th></tr>\n"
        << "<tr><td>a</td><td>" << escape_html(name_a) << "</td><td>" << e.words_a << "</td><td>" << percent(e.covered_a)
        << "</td></tr>\n<tr><td>b</td><td>" << escape_html(name_b) << "</td><td>" << e.words_b << "</td><td>"
        << percent(e.covered_b) << "</td></tr>\n</table>\n<p>Jaccard " << score(s.jaccard) << " · containment of a in b "
        << score(s.containment_a) << " · of b in a " << score(s.containment_b) << " · cosine " << score(s.cosine)
        << " · " << (e.scores.duplicate ? "<b>duplicate</b>" : "not a duplicate") << ", b relative to a: <b>"
        << to_string(s.rel) << "</b>" << (s.numbers_changed ? ", numbers changed" : "") << "</p>\n"
        << "<div class=\"cols\"><div><h2>a</h2><div class=\"text\">" << marked_html(a, e, true)
        << "</div></div><div><h2>b</h2><div class=\"text\">" << marked_html(b, e, false) << "</div></div></div>\n"
        << "</body></html>\n";
}

} // namespace

command add_explain_command(CLI::App& app) {
    struct args_t {
        std::string a, b, html;
        pipeline_options options;
    };
    auto args = std::make_shared<args_t>();
    auto* cmd = app.add_subcommand("explain", "Show the passages two text files share, and what each has alone");
    cmd->add_option("a", args->a, "First text file")->required()->check(CLI::ExistingFile);
    cmd->add_option("b", args->b, "Second text file")->required()->check(CLI::ExistingFile);
    cmd->add_option("--html", args->html, "Write an HTML page with the passages highlighted to this file");
    add_pipeline_options(*cmd, args->options);

    return [args, cmd]() -> int {
        if (!*cmd) return -1;
        const std::string a = read_file(args->a), b = read_file(args->b);
        const auto e = explain(a, b, args->options);
        if (args->html.empty()) {
            print_text(e, args->a, args->b, a, b, std::cout);
        } else {
            auto out = open_for_writing(args->html);
            print_html(e, args->a, args->b, a, b, out);
            close_checked(out, args->html);
        }
        return 0;
    };
}

} // namespace wiredup::cli
