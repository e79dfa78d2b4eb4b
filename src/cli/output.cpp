// Formatting shared by the commands: see output.hpp. Every number is printed with a fixed format
// so that outputs compare byte for byte across runs and thread counts.
#include "output.hpp"

#include <wiredup/error.hpp>

#include <sys/resource.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace wiredup::cli {

std::string json_string(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 2);
    out.push_back('"');
    for (const char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            if (c < 0x20) {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\u%04x", c);
                out += buf;
            } else {
                out.push_back(ch);
            }
        }
    }
    out.push_back('"');
    return out;
}

std::string tsv_field(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (const char c : text) {
        switch (c) {
        case '\\': out += "\\\\"; break;
        case '\t': out += "\\t"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        default: out.push_back(c);
        }
    }
    return out;
}

std::string score(double value) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.4f", value);
    return buf;
}

std::string_view pairs_header() noexcept {
    return "id_a\tid_b\tminhash\tjaccard\tcontainment_a\tcontainment_b\tcosine\tshared\trelation\tnumbers_changed";
}

std::string pair_columns(const scored_pair& p) {
    return score(p.minhash) + '\t' + score(p.jaccard) + '\t' + score(p.containment_a) + '\t' +
           score(p.containment_b) + '\t' + score(p.cosine) + '\t' + std::to_string(p.shared) + '\t' +
           std::string(to_string(p.rel)) + '\t' + (p.numbers_changed ? "yes" : "no");
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw error("cannot read " + path + ": " + std::strerror(errno));
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

std::ofstream open_for_writing(const std::filesystem::path& path) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) throw error("cannot write " + path.string() + ": " + std::strerror(errno));
    return out;
}

void close_checked(std::ofstream& out, const std::filesystem::path& path) {
    out.close();
    if (!out) throw error("writing " + path.string() + " failed: " + std::strerror(errno));
}

namespace {

void write_clusters(const dedup_result& r, const std::filesystem::path& path) {
    auto out = open_for_writing(path);
    std::size_t id = 0;
    for (const auto& c : r.clusters) {
        out << "{\"cluster_id\": " << id++ << ", \"canonical\": " << json_string(r.documents[c.canonical].id)
            << ", \"size\": " << c.members.size() << ", \"members\": [";
        for (std::size_t i = 0; i < c.members.size(); ++i)
            out << (i ? ", " : "") << json_string(r.documents[c.members[i]].id);
        out << "]}\n";
    }
    close_checked(out, path);
}

} // namespace

void write_pairs(const dedup_result& r, const std::filesystem::path& path) {
    auto out = open_for_writing(path);
    out << pairs_header() << '\n';
    for (const auto& p : r.pairs)
        out << tsv_field(r.documents[p.a].id) << '\t' << tsv_field(r.documents[p.b].id) << '\t' << pair_columns(p)
            << '\n';
    close_checked(out, path);
}

void write_rejects(const dedup_result& r, const std::filesystem::path& path) {
    auto out = open_for_writing(path);
    out << "source\tline\tid\treason\tdetail\n";
    for (const auto& d : r.documents) {
        if (d.reason == reject_reason::none) continue;
        out << tsv_field(r.sources.at(d.where.source)) << '\t' << d.where.line << '\t' << tsv_field(d.id) << '\t'
            << to_string(d.reason) << '\t' << tsv_field(d.detail) << '\n';
    }
    close_checked(out, path);
}

void make_output_dir(const std::filesystem::path& dir) {
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    if (ec) throw error("cannot create output directory " + dir.string() + ": " + ec.message());
}

void write_dedup_outputs(const dedup_result& result, const std::filesystem::path& dir) {
    make_output_dir(dir);
    write_clusters(result, dir / "clusters.jsonl");
    write_pairs(result, dir / "pairs.tsv");
    write_rejects(result, dir / "rejects.tsv");
}

std::uint64_t peak_rss_bytes() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<std::uint64_t>(usage.ru_maxrss) * 1024;  // Linux reports KiB
}

} // namespace wiredup::cli
