// Helpers shared by the tests: scratch directories, running the wiredup binary and the project's
// scripts, reading ground truth.
#pragma once

#include <hwy/targets.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <unordered_map>
#include <vector>

namespace wiredup::test {

/// A fresh directory under the system temp dir, removed with everything in it on destruction.
class scratch_dir {
public:
    scratch_dir();
    ~scratch_dir();
    scratch_dir(const scratch_dir&) = delete;
    scratch_dir& operator=(const scratch_dir&) = delete;
    const std::filesystem::path& path() const noexcept { return path_; }
    std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

private:
    std::filesystem::path path_;
};

/// Writes `content` to `path`, creating parent directories.
void write_file(const std::filesystem::path& path, const std::string& content);
std::string read_file(const std::filesystem::path& path);

/// The repository root and the shared datasets folder (may not exist; $WIREDUP_DATASETS_DIR
/// overrides it).
std::filesystem::path source_dir();
std::filesystem::path datasets_dir();

/// Runs a shell command; returns its exit status (the shell's, 0..255) and captures stdout.
int run(const std::string& command, std::string* output = nullptr);

/// Generates a synthetic corpus with the project's generator; returns false when python3 is
/// missing. Writes corpus.jsonl and truth.jsonl into `dir`.
bool generate_corpus(const std::filesystem::path& dir, int docs, int seed, const std::string& extra_args = "");

/// Ground truth of a generated corpus: id -> cluster, and id -> edit level.
struct truth {
    std::unordered_map<std::string, std::string> cluster;
    std::unordered_map<std::string, std::string> level;
    std::unordered_map<std::string, std::string> kind;
    std::unordered_map<std::string, std::string> base;  ///< the original a copy was made from
};
truth read_truth(const std::filesystem::path& truth_jsonl);

/// Makes Highway's dispatch take one target while it lives, and restores Highway's own choice
/// when it ends, however the test ends.
struct forced_target {
    explicit forced_target(std::int64_t target) { hwy::SetSupportedTargetsForTest(target); }
    ~forced_target() { hwy::SetSupportedTargetsForTest(0); }
    forced_target(const forced_target&) = delete;
    forced_target& operator=(const forced_target&) = delete;
};

} // namespace wiredup::test
