// Reading ground truth and wiredup's outputs: see truth.hpp. JSON through simdjson's DOM.
#include <wiredup/truth.hpp>

#include <wiredup/error.hpp>

#include <simdjson.h>

#include <charconv>
#include <fstream>
#include <optional>
#include <string_view>
#include <unordered_set>

namespace wiredup {
namespace {

// Reads a text file line by line: byte-order mark and a CR before each LF dropped, 1-based numbers.
class line_reader {
public:
    explicit line_reader(const std::string& path) : path_(path), in_(path, std::ios::binary) {
        if (!in_) throw error("cannot read " + path);
    }
    bool next(std::string& line) {
        if (!std::getline(in_, line)) return false;
        ++number_;
        if (number_ == 1 && line.starts_with("\xEF\xBB\xBF")) line.erase(0, 3);
        if (!line.empty() && line.back() == '\r') line.pop_back();
        return true;
    }
    [[noreturn]] void fail(const std::string& why) const {
        throw error(path_ + ":" + std::to_string(number_) + ": " + why);
    }
    std::size_t number() const noexcept { return number_; }

private:
    std::string path_;
    std::ifstream in_;
    std::size_t number_ = 0;
};

std::vector<std::string_view> split_tabs(std::string_view line) {
    std::vector<std::string_view> fields;
    for (std::size_t start = 0;;) {
        const std::size_t tab = line.find('\t', start);
        fields.push_back(line.substr(start, tab == std::string_view::npos ? std::string_view::npos : tab - start));
        if (tab == std::string_view::npos) return fields;
        start = tab + 1;
    }
}

std::optional<bool> binary_label(std::string_view field) {
    while (!field.empty() && (field.back() == ' ')) field.remove_suffix(1);
    while (!field.empty() && (field.front() == ' ')) field.remove_prefix(1);
    if (field == "1") return true;
    if (field == "0") return false;
    return std::nullopt;
}

// Undoes tsv_field(): \\ \t \n \r.
std::string unescape_tsv(std::string_view field) {
    std::string out;
    out.reserve(field.size());
    for (std::size_t i = 0; i < field.size(); ++i) {
        if (field[i] != '\\' || i + 1 == field.size()) {
            out.push_back(field[i]);
            continue;
        }
        switch (field[++i]) {
        case 't': out.push_back('\t'); break;
        case 'n': out.push_back('\n'); break;
        case 'r': out.push_back('\r'); break;
        default: out.push_back(field[i]);
        }
    }
    return out;
}

// A scalar JSON value as label text: strings as they are, integers in decimal, booleans by name.
std::optional<std::string> scalar_text(simdjson::dom::element value) {
    switch (value.type()) {
    case simdjson::dom::element_type::STRING: return std::string(std::string_view(value));
    case simdjson::dom::element_type::INT64: return std::to_string(int64_t(value));
    case simdjson::dom::element_type::UINT64: return std::to_string(uint64_t(value));
    case simdjson::dom::element_type::BOOL: return bool(value) ? "true" : "false";
    default: return std::nullopt;
    }
}

simdjson::dom::object parse_object(simdjson::dom::parser& parser, std::string& line, const line_reader& reader) {
    simdjson::dom::element doc;
    if (const auto err = parser.parse(line).get(doc)) reader.fail(std::string("not JSON: ") + simdjson::error_message(err));
    simdjson::dom::object object;
    if (doc.get(object)) reader.fail("not a JSON object");
    return object;
}

bool blank(std::string_view line) { return line.find_first_not_of(" \t") == std::string_view::npos; }

} // namespace

std::size_t truth_table::column(const std::string& name) const noexcept {
    for (std::size_t c = 0; c < columns.size(); ++c)
        if (columns[c] == name) return c;
    return columns.size();
}

truth_table read_truth_jsonl(const std::string& path) {
    truth_table t;
    line_reader reader(path);
    simdjson::dom::parser parser;
    std::unordered_set<std::string> seen;
    std::string line;
    while (reader.next(line)) {
        if (blank(line)) continue;
        const auto object = parse_object(parser, line, reader);
        std::optional<std::string> id, cluster;
        if (auto v = object["id"]; !v.error()) id = scalar_text(v.value());
        if (auto v = object["cluster"]; !v.error()) cluster = scalar_text(v.value());
        if (!id || id->empty()) reader.fail("no \"id\" (a string or integer)");
        if (!cluster) reader.fail("no \"cluster\" (a string or integer) for id " + *id);
        if (!seen.insert(*id).second) reader.fail("id " + *id + " appears twice");
        const std::size_t doc = t.ids.size();
        t.ids.push_back(*id);
        t.clusters.push_back(*cluster);
        for (auto& column : t.values) column.emplace_back();
        for (const auto field : object) {
            const std::string_view key = field.key;
            if (key == "id" || key == "cluster") continue;
            auto text = scalar_text(field.value);
            if (!text) continue;
            std::size_t c = t.column(std::string(key));
            if (c == t.columns.size()) {
                t.columns.emplace_back(key);
                t.values.emplace_back(doc + 1);
            }
            t.values[c][doc] = std::move(*text);
        }
    }
    return t;
}

namespace {

// Calls row(reader, fields, label) for each line of a tab-separated file whose first field is a
// 0/1 label; a first line without one is a header, any later one an error.
template <typename Row>
void for_each_labelled_row(const std::string& path, Row&& row) {
    line_reader reader(path);
    std::string line;
    while (reader.next(line)) {
        if (blank(line)) continue;
        const auto fields = split_tabs(line);
        const auto label = binary_label(fields[0]);
        if (!label) {
            if (reader.number() == 1) continue;  // a header
            reader.fail("label must be 0 or 1, not \"" + std::string(fields[0]) + "\"");
        }
        row(reader, fields, *label);
    }
}

} // namespace

std::vector<labelled_pair> read_labelled_pairs(const std::string& path) {
    std::vector<labelled_pair> pairs;
    for_each_labelled_row(path, [&](line_reader& reader, const auto& fields, bool label) {
        if (fields.size() < 3) reader.fail("expected label<TAB>id_a<TAB>id_b");
        pairs.push_back({unescape_tsv(fields[1]), unescape_tsv(fields[2]), label});
    });
    return pairs;
}

bool is_jsonl_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw error("cannot read " + path);
    char c = 0;
    while (in.get(c))
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r' && c != '\xEF' && c != '\xBB' && c != '\xBF') return c == '{';
    return false;
}

std::vector<id_cluster> read_clusters_jsonl(const std::string& path) {
    std::vector<id_cluster> clusters;
    line_reader reader(path);
    simdjson::dom::parser parser;
    std::string line;
    while (reader.next(line)) {
        if (blank(line)) continue;
        const auto object = parse_object(parser, line, reader);
        id_cluster c;
        std::optional<std::string> name;
        if (auto v = object["cluster_id"]; !v.error()) name = scalar_text(v.value());
        c.name = name.value_or(std::to_string(reader.number()));
        simdjson::dom::array members;
        if (object["members"].get(members)) reader.fail("no \"members\" array");
        for (const auto m : members) {
            auto id = scalar_text(m);
            if (!id) reader.fail("a member is not a string or integer");
            c.members.push_back(std::move(*id));
        }
        clusters.push_back(std::move(c));
    }
    return clusters;
}

std::vector<id_scored_pair> read_pairs_tsv(const std::string& path) {
    line_reader reader(path);
    std::string line;
    if (!reader.next(line)) return {};
    const auto header = split_tabs(line);
    const std::vector<std::string_view> wanted{"id_a", "id_b", "minhash", "jaccard", "containment_a",
                                               "containment_b", "cosine", "shared"};
    std::vector<std::size_t> at;
    for (const auto name : wanted) {
        std::size_t c = 0;
        while (c < header.size() && header[c] != name) ++c;
        if (c == header.size()) reader.fail("pairs header lacks column " + std::string(name));
        at.push_back(c);
    }
    auto number = [&](std::string_view field, auto& out) {
        const auto [end, ec] = std::from_chars(field.data(), field.data() + field.size(), out);
        if (ec != std::errc{} || end != field.data() + field.size())
            reader.fail("not a number: \"" + std::string(field) + "\"");
    };
    std::vector<id_scored_pair> pairs;
    while (reader.next(line)) {
        if (blank(line)) continue;
        const auto fields = split_tabs(line);
        if (fields.size() < header.size()) reader.fail("fewer columns than the header");
        id_scored_pair p;
        p.id_a = unescape_tsv(fields[at[0]]);
        p.id_b = unescape_tsv(fields[at[1]]);
        number(fields[at[2]], p.scores.minhash);
        number(fields[at[3]], p.scores.jaccard);
        number(fields[at[4]], p.scores.containment_a);
        number(fields[at[5]], p.scores.containment_b);
        number(fields[at[6]], p.scores.cosine);
        number(fields[at[7]], p.scores.shared);
        pairs.push_back(std::move(p));
    }
    return pairs;
}

text_pairs read_msrp_pairs(const std::string& path) {
    text_pairs pairs;
    for_each_labelled_row(path, [&](line_reader& reader, const auto& fields, bool label) {
        if (fields.size() != 5)
            reader.fail("expected 5 tab-separated fields (label, id1, id2, text1, text2), found " +
                        std::to_string(fields.size()));
        pairs.labels.push_back(label ? 1 : 0);
        pairs.id_a.emplace_back(fields[1]);
        pairs.id_b.emplace_back(fields[2]);
        pairs.text_a.emplace_back(fields[3]);
        pairs.text_b.emplace_back(fields[4]);
    });
    return pairs;
}

text_pairs read_parallel_pairs(const std::string& first, const std::string& second, const std::string& labels) {
    text_pairs pairs;
    line_reader a(first), b(second);
    std::string la, lb;
    while (true) {
        const bool more_a = a.next(la), more_b = b.next(lb);
        if (more_a != more_b)
            throw error(first + " and " + second + " differ in length (" + std::to_string(a.number()) + " and " +
                        std::to_string(b.number()) + " lines)");
        if (!more_a) break;
        pairs.id_a.push_back(std::to_string(a.number()));
        pairs.id_b.push_back(std::to_string(b.number()));
        pairs.text_a.push_back(std::move(la));
        pairs.text_b.push_back(std::move(lb));
    }
    if (labels.empty()) return pairs;
    line_reader l(labels);
    std::string line;
    while (l.next(line)) {
        const auto label = binary_label(line);
        if (!label) l.fail("label must be 0 or 1, not \"" + line + "\"");
        pairs.labels.push_back(*label ? 1 : 0);
    }
    if (pairs.labels.size() != pairs.size())
        throw error(labels + " has " + std::to_string(pairs.labels.size()) + " labels for " +
                    std::to_string(pairs.size()) + " pairs");
    return pairs;
}

} // namespace wiredup
