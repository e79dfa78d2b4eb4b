// Self-contained HTML reports for eval and score: inline SVG charts (lines, histograms, the LSH
// S-curve), tables and text, no external assets or scripts.
#pragma once

#include <wiredup/lsh.hpp>

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

namespace wiredup::cli::html {

/// `text` with & < > " escaped.
std::string escape(const std::string& text);

struct point {
    double x = 0, y = 0;
    std::string note;  ///< shown next to a marker (a count, say); empty for none
};

struct series {
    std::string name;
    std::vector<point> points;
    std::string color = "#1f77b4";
    bool line = true;      ///< join the points
    bool markers = false;  ///< draw a dot at each point
    bool dashed = false;
};

struct axes {
    std::string title, x_label, y_label;
    double x_min = 0, x_max = 1, y_min = 0, y_max = 1;
    double marker_x = -1;  ///< a vertical rule at this x (a chosen threshold); < x_min for none
};

/// An SVG line chart of the series, with a legend.
std::string line_chart(const axes& a, const std::vector<series>& lines);

struct histogram_class {
    std::string name;
    std::vector<double> values;
    std::string color;
};

/// Overlaid histograms of `bins` bins over [x_min, x_max]; each class is drawn as its share per
/// bin so that classes of different sizes compare. The y range is fitted to the data.
std::string histogram(axes a, const std::vector<histogram_class>& classes, std::size_t bins);

/// The LSH S-curve P(s) = 1 - (1 - s^r)^b of a banding, with measured points if any.
std::string s_curve(banding shape, const std::vector<point>& measured, double threshold);

/// A page assembled in order, written in one go.
class page {
public:
    explicit page(std::string title);
    void heading(const std::string& text);
    void paragraph(const std::string& text);  ///< escaped
    void code(const std::string& text);       ///< escaped, preformatted
    void table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows);
    /// A chart; `name` (a file stem) is what write_svgs() calls it.
    void figure(const std::string& name, const std::string& svg);
    /// Charts side by side (wrapping on narrow windows), as (name, svg).
    void figures(const std::vector<std::pair<std::string, std::string>>& charts);
    /// Writes the page; throws wiredup::error when the file cannot be written.
    void write(const std::string& path) const;
    /// Writes every chart as DIR/<name>.svg (DIR created if missing).
    void write_svgs(const std::string& dir) const;

private:
    std::string title_;
    std::string body_;
    std::vector<std::pair<std::string, std::string>> charts_;
};

} // namespace wiredup::cli::html
