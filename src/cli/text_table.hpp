// Aligned plain-text tables for the terminal: first column left-aligned, the rest right-aligned.
#pragma once

#include <algorithm>
#include <cstddef>
#include <string>
#include <vector>

namespace wiredup::cli {

/// The rows as lines of aligned columns, each line starting with `indent`. Numbers (cells made
/// of digits, '.', '-', '/', '%') are right-aligned, text left-aligned. Widths count bytes, which
/// is right for the ASCII the commands print.
inline std::string aligned(const std::vector<std::vector<std::string>>& rows, const std::string& indent = "  ") {
    std::vector<std::size_t> width;
    std::vector<bool> text;
    for (std::size_t r = 0; r < rows.size(); ++r)
        for (std::size_t c = 0; c < rows[r].size(); ++c) {
            if (width.size() <= c) {
                width.push_back(0);
                text.push_back(c == 0);
            }
            width[c] = std::max(width[c], rows[r][c].size());
            // The first row may be a header; only the cells below it decide.
            if (r > 0 || rows.size() == 1)
                if (rows[r][c].find_first_not_of("0123456789.-/%") != std::string::npos) text[c] = true;
        }
    std::string out;
    for (const auto& row : rows) {
        std::string line = indent;
        for (std::size_t c = 0; c < row.size(); ++c) {
            const std::string pad(width[c] - row[c].size(), ' ');
            if (c > 0) line += "  ";
            line += text[c] ? row[c] + (c + 1 < row.size() ? pad : "") : pad + row[c];
        }
        out += line + '\n';
    }
    return out;
}

} // namespace wiredup::cli
