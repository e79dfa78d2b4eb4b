// Private to the read stage: the fields of one JSON Lines record, through simdjson's DOM.
#include "json_read.hpp"

#include <simdjson.h>

#include <array>
#include <charconv>
#include <initializer_list>

namespace wiredup::detail {
namespace {

using simdjson::dom::element_type;

std::string_view type_name(element_type type) noexcept {
    switch (type) {
    case element_type::ARRAY: return "an array";
    case element_type::OBJECT: return "an object";
    case element_type::INT64:
    case element_type::UINT64: return "an integer";
    case element_type::DOUBLE: return "a non-integer number";
    case element_type::STRING: return "a string";
    case element_type::BOOL: return "a boolean";
    case element_type::NULL_VALUE: return "null";
    }
    return "an unknown value";
}

json_fields reject(reject_reason reason, std::string detail) {
    json_fields out;
    out.reason = reason;
    out.detail = std::move(detail);
    return out;
}

// Built by appending: GCC 12 misreads "literal" + std::string as an overlapping copy (-Wrestrict).
std::string concat(std::initializer_list<std::string_view> parts) {
    std::string out;
    for (std::string_view part : parts) out.append(part);
    return out;
}

} // namespace

struct json_line_parser::state {
    simdjson::dom::parser parser;
    std::array<char, 24> number{};  // decimal form of an integer id; 20 digits and a sign fit
};

json_line_parser::json_line_parser() : state_(std::make_unique<state>()) {}
json_line_parser::~json_line_parser() = default;

json_fields json_line_parser::parse(std::string& line, std::string_view id_field, std::string_view text_field) {
    // Spare capacity lets simdjson parse the line in place instead of copying it.
    if (line.capacity() - line.size() < simdjson::SIMDJSON_PADDING) {
        line.reserve(line.size() + simdjson::SIMDJSON_PADDING);
    }
    simdjson::dom::element doc;
    if (const auto err = state_->parser.parse(line.data(), line.size(), false).get(doc)) {
        return reject(reject_reason::malformed, simdjson::error_message(err));
    }
    simdjson::dom::object object;
    if (doc.get_object().get(object)) {
        return reject(reject_reason::malformed, concat({"not a JSON object but ", type_name(doc.type())}));
    }

    json_fields out;
    simdjson::dom::element id;
    if (object.at_key(id_field).get(id)) return reject(reject_reason::missing_id, concat({"no \"", id_field, "\" field"}));
    switch (id.type()) {
    case element_type::STRING: out.id = id.get_string().value_unsafe(); break;
    case element_type::INT64:
    case element_type::UINT64: {
        auto& digits = state_->number;
        const auto end = id.type() == element_type::INT64
                             ? std::to_chars(digits.begin(), digits.end(), id.get_int64().value_unsafe()).ptr
                             : std::to_chars(digits.begin(), digits.end(), id.get_uint64().value_unsafe()).ptr;
        out.id = std::string_view(digits.data(), static_cast<std::size_t>(end - digits.begin()));
        break;
    }
    default:
        return reject(reject_reason::missing_id,
                      concat({"\"", id_field, "\" is ", type_name(id.type()), ", not a string or an integer"}));
    }
    if (out.id.empty()) return reject(reject_reason::missing_id, concat({"\"", id_field, "\" is empty"}));

    simdjson::dom::element text;
    if (object.at_key(text_field).get(text)) {
        out.reason = reject_reason::missing_text;
        out.detail = concat({"no \"", text_field, "\" field"});
    } else if (!text.is_string()) {
        out.reason = reject_reason::missing_text;
        out.detail = concat({"\"", text_field, "\" is ", type_name(text.type()), ", not a string"});
    } else {
        out.text = text.get_string().value_unsafe();
    }
    return out;
}

} // namespace wiredup::detail
