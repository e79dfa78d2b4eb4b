// Private to the read stage: directory listing and spooling, on std::filesystem and POSIX.
#include "corpus_files.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <system_error>
#include <utility>

namespace wiredup::detail {
namespace {

namespace fs = std::filesystem;

std::string errno_message() { return std::generic_category().message(errno); }

// Adds the file an entry stands for to `out`, or its subdirectory to `pending`.
void examine(const fs::directory_entry& entry, const std::string& relative, std::vector<tree_entry>& out,
             std::vector<std::pair<fs::path, std::string>>& pending) {
    std::error_code ec;
    const fs::file_status link = entry.symlink_status(ec);
    if (ec) {
        out.push_back({relative, entry.path().string(), "cannot examine: " + ec.message()});
        return;
    }
    if (fs::is_directory(link)) {
        pending.emplace_back(entry.path(), relative);
        return;
    }
    fs::file_status target = link;
    if (fs::is_symlink(link)) {
        target = entry.status(ec);
        if (ec) {
            out.push_back({relative, entry.path().string(), "broken symbolic link: " + ec.message()});
            return;
        }
        // Following directory links would walk loops forever and read shared subtrees twice.
        if (fs::is_directory(target)) return;
    }
    std::string error = fs::is_regular_file(target) ? "" : "not a regular file";
    out.push_back({relative, entry.path().string(), std::move(error)});
}

} // namespace

std::vector<tree_entry> list_tree(const std::string& root) {
    std::vector<tree_entry> out;
    std::vector<std::pair<fs::path, std::string>> pending{{fs::path(root), std::string()}};
    while (!pending.empty()) {
        const auto [dir, relative] = std::move(pending.back());
        pending.pop_back();
        std::error_code ec;
        for (fs::directory_iterator it(dir, ec); !ec && it != fs::directory_iterator(); it.increment(ec)) {
            const std::string name = it->path().filename().string();
            examine(*it, relative.empty() ? name : relative + "/" + name, out, pending);
        }
        if (ec) out.push_back({relative, dir.string(), "cannot list directory: " + ec.message()});
    }
    // Directory iteration order is up to the file system; the corpus order must not be.
    std::sort(out.begin(), out.end(), [](const tree_entry& a, const tree_entry& b) { return a.relative < b.relative; });
    return out;
}

spool_file::spool_file(const std::string& source) {
    const int in = source == "-" ? STDIN_FILENO : ::open(source.c_str(), O_RDONLY | O_CLOEXEC);
    if (in < 0) {
        error_ = "cannot open: " + errno_message();
        return;
    }
    copy_from(in);
    if (in != STDIN_FILENO) ::close(in);
}

spool_file::~spool_file() {
    if (!path_.empty()) ::unlink(path_.c_str());
}

void spool_file::copy_from(int in) {
    std::error_code ec;
    const fs::path dir = fs::temp_directory_path(ec);
    std::string name = ((ec ? fs::path("/tmp") : dir) / "wiredup-spool-XXXXXX").string();
    const int out = ::mkstemp(name.data());
    if (out < 0) {
        error_ = "cannot create a temporary file " + name + ": " + errno_message();
        return;
    }
    path_ = std::move(name);
    std::vector<char> buffer(std::size_t{64} << 10);
    for (;;) {
        const ssize_t got = ::read(in, buffer.data(), buffer.size());
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) error_ = "cannot read: " + errno_message();
        if (got <= 0) break;
        for (ssize_t done = 0; done < got && error_.empty();) {
            const ssize_t put = ::write(out, buffer.data() + done, static_cast<std::size_t>(got - done));
            if (put < 0 && errno != EINTR) error_ = "cannot write " + path_ + ": " + errno_message();
            if (put > 0) done += put;
        }
        if (!error_.empty()) break;
    }
    if (::close(out) != 0 && error_.empty()) error_ = "cannot write " + path_ + ": " + errno_message();
}

bool looks_like_json_lines(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::string head(4096, '\0');
    in.read(head.data(), static_cast<std::streamsize>(head.size()));
    head.resize(static_cast<std::size_t>(in.gcount()));
    if (head.starts_with("\xEF\xBB\xBF")) head.erase(0, 3);
    const auto first = head.find_first_not_of(" \t\r\n\f\v");
    return first != std::string::npos && head[first] == '{';
}

} // namespace wiredup::detail
