// Helpers shared by the tests: see test_support.hpp.
#include "test_support.hpp"

#include <simdjson.h>

#include <array>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <sys/wait.h>
#include <unistd.h>

namespace wiredup::test {

scratch_dir::scratch_dir() {
    static std::atomic<int> counter{0};
    path_ = std::filesystem::temp_directory_path() /
            ("wiredup-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
}

scratch_dir::~scratch_dir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
}

void write_file(const std::filesystem::path& path, const std::string& content) {
    if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << content;
    if (!out) throw std::runtime_error("cannot write " + path.string());
}

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + path.string());
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

std::filesystem::path source_dir() { return WIREDUP_SOURCE_DIR; }
std::filesystem::path datasets_dir() {
    // The environment can point the dataset tests elsewhere, or nowhere (scripts/test --sanitize).
    if (const char* dir = std::getenv("WIREDUP_DATASETS_DIR"); dir != nullptr) return dir;
    return WIREDUP_DATASETS_DIR;
}

int run(const std::string& command, std::string* output) {
    FILE* pipe = ::popen(command.c_str(), "r");
    if (pipe == nullptr) return -1;
    std::array<char, 4096> buf{};
    std::string out;
    std::size_t n = 0;
    while ((n = std::fread(buf.data(), 1, buf.size(), pipe)) > 0) out.append(buf.data(), n);
    const int status = ::pclose(pipe);
    if (output != nullptr) *output = std::move(out);
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

bool generate_corpus(const std::filesystem::path& dir, int docs, int seed, const std::string& extra_args) {
    if (run("command -v python3 >/dev/null 2>&1") != 0) return false;
    const auto script = source_dir() / "scripts" / "generate_corpus.py";
    const std::string cmd = "python3 '" + script.string() + "' --docs " + std::to_string(docs) + " --seed " +
                            std::to_string(seed) + " --out '" + (dir / "corpus.jsonl").string() + "' --truth '" +
                            (dir / "truth.jsonl").string() + "' " + extra_args;
    if (run(cmd) != 0) throw std::runtime_error("generator failed: " + cmd);
    return true;
}

truth read_truth(const std::filesystem::path& truth_jsonl) {
    truth t;
    std::ifstream in(truth_jsonl);
    std::string line;
    simdjson::dom::parser parser;
    while (std::getline(in, line)) {
        if (line.empty()) continue;
        const simdjson::dom::element doc = parser.parse(line);
        const std::string id{std::string_view(doc["id"])};
        t.cluster[id] = std::string(std::string_view(doc["cluster"]));
        if (auto level = doc["level"].get_string(); !level.error()) t.level[id] = std::string(level.value());
        if (auto kind = doc["kind"].get_string(); !kind.error()) t.kind[id] = std::string(kind.value());
        if (auto base = doc["base"].get_string(); !base.error()) t.base[id] = std::string(base.value());
    }
    return t;
}

} // namespace wiredup::test
