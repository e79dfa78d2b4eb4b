// HTML reports: see report_html.hpp. Coordinates are printed with fixed precision so that a
// report is byte-identical for the same input.
#include "report_html.hpp"

#include <wiredup/error.hpp>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

namespace wiredup::cli::html {
namespace {

constexpr double width = 640, height = 360;
constexpr double left = 60, right = 170, top = 36, bottom = 48;  // margins; the legend sits on the right

std::string num(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", v);
    return buf;
}

std::string tick(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", std::round(v * 1000) / 1000);
    return buf;
}

// Tick positions at a round step (1, 2, 2.5 or 5 times a power of ten), at most about six.
std::vector<double> ticks(double lo, double hi) {
    const double raw = (hi - lo) / 6;
    if (!(raw > 0)) return {lo};
    const double magnitude = std::pow(10, std::floor(std::log10(raw)));
    double step = 10 * magnitude;
    for (const double m : {1.0, 2.0, 2.5, 5.0})
        if (m * magnitude >= raw) {
            step = m * magnitude;
            break;
        }
    std::vector<double> out;
    for (double v = std::ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step)
        out.push_back(std::abs(v) < step * 1e-9 ? 0.0 : v);  // never "-0"
    return out;
}

// Maps data coordinates into the plot area.
struct frame {
    axes a;
    double x(double v) const { return left + (v - a.x_min) / (a.x_max - a.x_min) * (width - left - right); }
    double y(double v) const { return height - bottom - (v - a.y_min) / (a.y_max - a.y_min) * (height - top - bottom); }
};

std::string open_svg(const frame& f) {
    std::string s = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" + num(width) + "\" height=\"" + num(height) +
                    "\" viewBox=\"0 0 " + num(width) + " " + num(height) +
                    "\" font-family=\"sans-serif\" font-size=\"12\">\n";
    s += "<rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\n";
    s += "<text x=\"" + num(width / 2 - right / 2 + left / 2) + "\" y=\"20\" text-anchor=\"middle\" font-size=\"14\">" +
         escape(f.a.title) + "</text>\n";
    // Grid and ticks at round numbers.
    for (const double xv : ticks(f.a.x_min, f.a.x_max)) {
        s += "<line x1=\"" + num(f.x(xv)) + "\" y1=\"" + num(f.y(f.a.y_min)) + "\" x2=\"" + num(f.x(xv)) + "\" y2=\"" +
             num(f.y(f.a.y_max)) + "\" stroke=\"#eee\"/>\n";
        s += "<text x=\"" + num(f.x(xv)) + "\" y=\"" + num(height - bottom + 16) + "\" text-anchor=\"middle\">" +
             tick(xv) + "</text>\n";
    }
    for (const double yv : ticks(f.a.y_min, f.a.y_max)) {
        s += "<line x1=\"" + num(f.x(f.a.x_min)) + "\" y1=\"" + num(f.y(yv)) + "\" x2=\"" + num(f.x(f.a.x_max)) +
             "\" y2=\"" + num(f.y(yv)) + "\" stroke=\"#eee\"/>\n";
        s += "<text x=\"" + num(left - 6) + "\" y=\"" + num(f.y(yv) + 4) + "\" text-anchor=\"end\">" + tick(yv) +
             "</text>\n";
    }
    s += "<rect x=\"" + num(left) + "\" y=\"" + num(top) + "\" width=\"" + num(width - left - right) + "\" height=\"" +
         num(height - top - bottom) + "\" fill=\"none\" stroke=\"#444\"/>\n";
    s += "<text x=\"" + num(f.x((f.a.x_min + f.a.x_max) / 2)) + "\" y=\"" + num(height - 10) +
         "\" text-anchor=\"middle\">" + escape(f.a.x_label) + "</text>\n";
    s += "<text transform=\"translate(16," + num(f.y((f.a.y_min + f.a.y_max) / 2)) +
         ") rotate(-90)\" text-anchor=\"middle\">" + escape(f.a.y_label) + "</text>\n";
    if (f.a.marker_x >= f.a.x_min && f.a.marker_x <= f.a.x_max)
        s += "<line x1=\"" + num(f.x(f.a.marker_x)) + "\" y1=\"" + num(f.y(f.a.y_min)) + "\" x2=\"" +
             num(f.x(f.a.marker_x)) + "\" y2=\"" + num(f.y(f.a.y_max)) + "\" stroke=\"#888\" stroke-dasharray=\"2,3\"/>\n";
    return s;
}

std::string legend_entry(std::size_t i, const std::string& name, const std::string& color, bool dashed,
                         bool dot = false) {
    const double y = top + 10 + 18 * static_cast<double>(i);
    const double x = width - right + 12;
    const std::string key = dot ? "<circle cx=\"" + num(x + 9) + "\" cy=\"" + num(y) + "\" r=\"4\" fill=\"" + color + "\"/>\n"
                                : "<line x1=\"" + num(x) + "\" y1=\"" + num(y) + "\" x2=\"" + num(x + 18) + "\" y2=\"" +
                                      num(y) + "\" stroke=\"" + color + "\" stroke-width=\"3\"" +
                                      (dashed ? " stroke-dasharray=\"5,3\"" : "") + "/>\n";
    return key + "<text x=\"" + num(x + 24) + "\" y=\"" + num(y + 4) + "\">" + escape(name) + "</text>\n";
}

} // namespace

std::string escape(const std::string& text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        switch (c) {
        case '&': out += "&amp;"; break;
        case '<': out += "&lt;"; break;
        case '>': out += "&gt;"; break;
        case '"': out += "&quot;"; break;
        default: out.push_back(c);
        }
    }
    return out;
}

std::string line_chart(const axes& a, const std::vector<series>& lines) {
    const frame f{a};
    std::string s = open_svg(f);
    auto clamp_x = [&](double v) { return std::clamp(v, a.x_min, a.x_max); };
    auto clamp_y = [&](double v) { return std::clamp(v, a.y_min, a.y_max); };
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const auto& l = lines[i];
        if (l.line && l.points.size() > 1) {
            s += "<polyline fill=\"none\" stroke=\"" + l.color + "\" stroke-width=\"2\"" +
                 (l.dashed ? " stroke-dasharray=\"5,3\"" : "") + " points=\"";
            for (const auto& p : l.points) s += num(f.x(clamp_x(p.x))) + "," + num(f.y(clamp_y(p.y))) + " ";
            s += "\"/>\n";
        }
        if (l.markers)
            for (const auto& p : l.points) {
                s += "<circle cx=\"" + num(f.x(clamp_x(p.x))) + "\" cy=\"" + num(f.y(clamp_y(p.y))) + "\" r=\"4\" fill=\"" +
                     l.color + "\"/>\n";
                // Notes stand upright along the bottom of the plot, clear of the curves and the legend.
                if (!p.note.empty())
                    s += "<text transform=\"translate(" + num(f.x(clamp_x(p.x)) + 3) + "," + num(f.y(a.y_min) - 6) +
                         ") rotate(-90)\" font-size=\"10\" fill=\"" + l.color + "\">" + escape(p.note) + "</text>\n";
            }
        s += legend_entry(i, l.name, l.color, l.dashed, !l.line && l.markers);
    }
    return s + "</svg>\n";
}

std::string histogram(axes a, const std::vector<histogram_class>& classes, std::size_t bins) {
    bins = std::max<std::size_t>(bins, 1);
    const double span = a.x_max - a.x_min;
    std::vector<std::vector<double>> share(classes.size(), std::vector<double>(bins, 0));
    double tallest = 0;
    for (std::size_t c = 0; c < classes.size(); ++c) {
        for (const double v : classes[c].values) {
            const auto b = static_cast<std::size_t>(std::clamp((v - a.x_min) / span * static_cast<double>(bins), 0.0,
                                                               static_cast<double>(bins - 1)));
            share[c][b] += 1.0 / static_cast<double>(classes[c].values.size());
        }
        for (const double s : share[c]) tallest = std::max(tallest, s);
    }
    a.y_min = 0;
    a.y_max = tallest > 0 ? std::ceil(tallest * 10) / 10 : 1;
    const frame f{a};
    std::string s = open_svg(f);
    const double bar = (f.x(a.x_min + span / static_cast<double>(bins)) - f.x(a.x_min));
    for (std::size_t c = 0; c < classes.size(); ++c) {
        for (std::size_t b = 0; b < bins; ++b) {
            if (share[c][b] == 0) continue;
            const double x0 = f.x(a.x_min + span * static_cast<double>(b) / static_cast<double>(bins));
            s += "<rect x=\"" + num(x0 + 1) + "\" y=\"" + num(f.y(share[c][b])) + "\" width=\"" + num(bar - 2) +
                 "\" height=\"" + num(f.y(0) - f.y(share[c][b])) + "\" fill=\"" + classes[c].color +
                 "\" fill-opacity=\"0.45\" stroke=\"" + classes[c].color + "\"/>\n";
        }
        s += legend_entry(c, classes[c].name + " (" + std::to_string(classes[c].values.size()) + ")", classes[c].color,
                          false);
    }
    return s + "</svg>\n";
}

std::string s_curve(banding shape, const std::vector<point>& measured, double threshold) {
    series curve{"P(s), b=" + std::to_string(shape.bands) + " r=" + std::to_string(shape.rows), {}, "#1f77b4"};
    for (int i = 0; i <= 100; ++i) {
        const double sim = i / 100.0;
        curve.points.push_back({sim, collision_probability(sim, shape), ""});
    }
    std::vector<series> lines{curve};
    if (!measured.empty()) lines.push_back({"measured recall", measured, "#d62728", false, true});
    axes a{"LSH S-curve: probability of becoming a candidate", "Jaccard similarity s", "P(candidate)"};
    a.marker_x = threshold;
    return line_chart(a, lines);
}

page::page(std::string title) : title_(std::move(title)) {}

void page::heading(const std::string& text) { body_ += "<h2>" + escape(text) + "</h2>\n"; }
void page::paragraph(const std::string& text) { body_ += "<p>" + escape(text) + "</p>\n"; }
void page::code(const std::string& text) { body_ += "<pre>" + escape(text) + "</pre>\n"; }
void page::figure(const std::string& name, const std::string& svg) {
    body_ += "<figure>\n" + svg + "</figure>\n";
    charts_.emplace_back(name, svg);
}

void page::figures(const std::vector<std::pair<std::string, std::string>>& charts) {
    body_ += "<div class=\"row\">\n";
    for (const auto& [name, svg] : charts) figure(name, svg);
    body_ += "</div>\n";
}

void page::write_svgs(const std::string& dir) const {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) throw error("cannot create " + dir + ": " + ec.message());
    for (const auto& [name, svg] : charts_) {
        const auto path = (std::filesystem::path(dir) / (name + ".svg")).string();
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        if (!out) throw error("cannot write " + path + ": " + std::strerror(errno));
        out << svg;
        out.close();
        if (!out) throw error("writing " + path + " failed");
    }
}

void page::table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows) {
    body_ += "<table>\n<tr>";
    for (const auto& h : header) body_ += "<th>" + escape(h) + "</th>";
    body_ += "</tr>\n";
    for (const auto& row : rows) {
        body_ += "<tr>";
        for (const auto& cell : row) body_ += "<td>" + escape(cell) + "</td>";
        body_ += "</tr>\n";
    }
    body_ += "</table>\n";
}

void page::write(const std::string& path) const {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) throw error("cannot write " + path + ": " + std::strerror(errno));
    out << "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>" << escape(title_)
        << "</title>\n<style>\n"
        << "body { font-family: sans-serif; max-width: 1300px; margin: 2em auto; color: #222; }\n"
        << "table { border-collapse: collapse; margin: 1em 0; }\n"
        << "th, td { border: 1px solid #ccc; padding: 3px 8px; text-align: right; font-variant-numeric: tabular-nums; }\n"
        << "th:first-child, td:first-child { text-align: left; }\n"
        << "pre { background: #f6f6f6; padding: 0.6em; overflow-x: auto; }\n"
        << "figure { margin: 1em 0; }\n"
        << ".row { display: flex; flex-wrap: wrap; gap: 1em; }\n"
        << ".row figure { flex: 1 1 480px; margin: 0; }\n"
        << ".row svg { width: 100%; height: auto; }\n"
        << "</style>\n</head>\n<body>\n<h1>" << escape(title_) << "</h1>\n"
        << body_ << "</body>\n</html>\n";
    out.close();
    if (!out) throw error("writing " + path + " failed");
}

} // namespace wiredup::cli::html
