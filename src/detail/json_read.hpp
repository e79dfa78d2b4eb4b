// Private to the read stage: one JSON Lines line -> id and text, or the reason it cannot be a
// document. Parsing is simdjson's DOM, which validates the whole line (UTF-8 included).
#pragma once

#include <wiredup/document.hpp>

#include <memory>
#include <string>
#include <string_view>

namespace wiredup::detail {

/// What one line held. `id` and `text` stay valid until the next parse().
struct json_fields {
    reject_reason reason = reject_reason::none;  ///< none, malformed, missing_id or missing_text
    std::string_view id;                          ///< known unless malformed or missing_id
    std::string_view text;                        ///< set when reason is none
    std::string detail;                           ///< why, when rejected
};

class json_line_parser {
public:
    json_line_parser();
    ~json_line_parser();
    json_line_parser(const json_line_parser&) = delete;
    json_line_parser& operator=(const json_line_parser&) = delete;

    /// Parses `line`, which may gain spare capacity (simdjson reads a little past the end).
    /// The id may be a string or an integer (written in decimal); the text must be a string.
    json_fields parse(std::string& line, std::string_view id_field, std::string_view text_field);

private:
    struct state;
    std::unique_ptr<state> state_;
};

} // namespace wiredup::detail
