// Tests of stage 1, read: every input format, compression, directory walking, failures that
// must become rejected records, and restartable, deterministic reading.

// GCC 12 reports a false -Wrestrict inside Boost's gzip_compressor (GCC bug 105329); the
// pragma must precede the includes because the warning points into <string>.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wrestrict"
#endif

#include <wiredup/corpus.hpp>
#include <wiredup/error.hpp>

#include "../src/detail/id_table.hpp"


#include <boost/iostreams/device/file.hpp>
#include <boost/iostreams/filter/bzip2.hpp>
#include <boost/iostreams/filter/gzip.hpp>
#include <boost/iostreams/filter/lzma.hpp>
#include <boost/iostreams/filtering_stream.hpp>
#include <gtest/gtest.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

namespace wiredup {
namespace {

namespace fs = std::filesystem;
namespace io = boost::iostreams;

/// A fresh directory under the system temporary directory, removed with everything in it.
class scratch_dir {
public:
    scratch_dir() {
        static std::atomic<int> counter{0};
        root_ = fs::temp_directory_path() /
                ("wiredup-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter++));
        fs::remove_all(root_);
        fs::create_directories(root_);
    }
    ~scratch_dir() {
        std::error_code ec;
        fs::remove_all(root_, ec);
    }
    scratch_dir(const scratch_dir&) = delete;
    scratch_dir& operator=(const scratch_dir&) = delete;

    std::string path(const std::string& relative = "") const {
        return relative.empty() ? root_.string() : (root_ / relative).string();
    }

    std::string write(const std::string& relative, std::string_view content) const {
        const fs::path file = root_ / relative;
        fs::create_directories(file.parent_path());
        std::ofstream(file, std::ios::binary).write(content.data(), static_cast<std::streamsize>(content.size()));
        return file.string();
    }

    /// Writes `content` compressed by the codec the name's suffix announces.
    std::string write_compressed(const std::string& relative, std::string_view content) const {
        const fs::path file = root_ / relative;
        fs::create_directories(file.parent_path());
        io::filtering_ostream out;
        if (file.extension() == ".gz") out.push(io::gzip_compressor());
        if (file.extension() == ".bz2") out.push(io::bzip2_compressor());
        if (file.extension() == ".xz") out.push(io::lzma_compressor());
        out.push(io::file_sink(file.string(), std::ios::binary));
        out.write(content.data(), static_cast<std::streamsize>(content.size()));
        return file.string();
    }

private:
    fs::path root_;
};

/// Makes standard input read from a file for as long as it lives.
class stdin_from {
public:
    explicit stdin_from(const std::string& path) : saved_(::dup(STDIN_FILENO)) {
        const int fd = ::open(path.c_str(), O_RDONLY);
        ::dup2(fd, STDIN_FILENO);
        ::close(fd);
    }
    ~stdin_from() {
        ::dup2(saved_, STDIN_FILENO);
        ::close(saved_);
    }
    stdin_from(const stdin_from&) = delete;
    stdin_from& operator=(const stdin_from&) = delete;

private:
    int saved_;
};

std::vector<record> read_all(corpus_reader& reader) {
    std::vector<record> out;
    record r;
    while (reader.next(r)) out.push_back(r);
    return out;
}

std::vector<record> read_all(std::vector<std::string> inputs, corpus_options options = {}) {
    corpus_reader reader(std::move(inputs), std::move(options));
    return read_all(reader);
}

/// Everything a record holds, on one line, so that sequences compare with readable failures.
std::string describe(const record& r) {
    return r.id + "|" + r.text + "|" + std::to_string(r.where.source) + ":" + std::to_string(r.where.line) + "|" +
           std::string(to_string(r.reason)) + "|" + r.detail + "|" + r.raw;
}

std::vector<std::string> describe(const std::vector<record>& records) {
    std::vector<std::string> out;
    for (const record& r : records) out.push_back(describe(r));
    return out;
}

std::vector<std::string> ids(const std::vector<record>& records) {
    std::vector<std::string> out;
    for (const record& r : records) out.push_back(r.id);
    return out;
}

std::string jsonl_line(const std::string& id, const std::string& text) {
    return R"({"id":")" + id + R"(","text":")" + text + "\"}\n";
}

/// Lines of seeded random letters: they compress poorly, so half a compressed file is half the data.
std::string random_jsonl(int lines) {
    std::mt19937 rng(42);
    std::uniform_int_distribution<int> letter('a', 'z');
    std::string out;
    for (int i = 0; i < lines; ++i) {
        std::string text(100, ' ');
        for (char& c : text) c = static_cast<char>(letter(rng));
        out += jsonl_line("doc" + std::to_string(i), text);
    }
    return out;
}

TEST(CorpusReader, ReadsJsonLines) {
    scratch_dir dir;
    const auto file = dir.write("news.jsonl", jsonl_line("a", "alpha") + jsonl_line("b", "beta"));
    corpus_reader reader({file});
    const auto records = read_all(reader);
    ASSERT_EQ(records.size(), 2U);
    EXPECT_EQ(describe(records[0]), "a|alpha|0:1|none||");
    EXPECT_EQ(describe(records[1]), "b|beta|0:2|none||");
    EXPECT_EQ(reader.sources(), std::vector<std::string>{file});
    EXPECT_EQ(reader.source_formats(), std::vector<input_format>{input_format::jsonl});
}

TEST(CorpusReader, RecognizesNdjsonAndJsonSuffixesAsJsonLines) {
    scratch_dir dir;
    corpus_reader reader({dir.write("a.NDJSON", jsonl_line("a", "x")), dir.write("b.json", jsonl_line("b", "y"))});
    EXPECT_EQ(ids(read_all(reader)), (std::vector<std::string>{"a", "b"}));
    EXPECT_EQ(reader.source_formats(), (std::vector<input_format>{input_format::jsonl, input_format::jsonl}));
}

TEST(CorpusReader, ReadsTsvKeepingTabsInText) {
    scratch_dir dir;
    const auto file = dir.write("news.tsv", "x\tone\ttwo\nnotab\n\ttext without id\n");
    corpus_reader reader({file});
    const auto records = read_all(reader);
    ASSERT_EQ(records.size(), 3U);
    EXPECT_EQ(describe(records[0]), "x|one\ttwo|0:1|none||");
    EXPECT_EQ(records[1].reason, reject_reason::malformed);
    EXPECT_EQ(records[1].where.line, 2U);
    EXPECT_EQ(records[2].reason, reject_reason::missing_id);
    EXPECT_EQ(records[2].where.line, 3U);
    EXPECT_EQ(reader.source_formats(), std::vector<input_format>{input_format::tsv});
}

TEST(CorpusReader, ReadsSingleTextFileWithThePathAsId) {
    scratch_dir dir;
    const auto file = dir.write("story.txt", "\xEF\xBB\xBFHello\r\nworld\n");
    corpus_reader reader({file});
    const auto records = read_all(reader);
    ASSERT_EQ(records.size(), 1U);
    EXPECT_EQ(describe(records[0]), file + "|Hello\r\nworld\n|0:0|none||");
    EXPECT_EQ(reader.source_formats(), std::vector<input_format>{input_format::text});
}

TEST(CorpusReader, ReadsDirectoryTreeSortedByRelativePath) {
    scratch_dir dir;
    for (const char* name : {"b.txt", "a/z.txt", "a/b/c.txt", "a.txt", "c/d/e"}) dir.write(std::string("tree/") + name, name);
    corpus_reader reader({dir.path("tree")});
    const auto records = read_all(reader);
    const std::vector<std::string> expected{"a.txt", "a/b/c.txt", "a/z.txt", "b.txt", "c/d/e"};
    ASSERT_EQ(ids(records), expected);
    for (std::size_t i = 0; i < records.size(); ++i) {
        EXPECT_EQ(records[i].text, expected[i]);
        EXPECT_EQ(records[i].where.source, i);
        EXPECT_EQ(records[i].where.line, 0U);
        EXPECT_EQ(reader.sources()[i], (fs::path(dir.path("tree")) / expected[i]).string());
    }
    EXPECT_EQ(reader.source_formats(), std::vector<input_format>(expected.size(), input_format::text));
}

TEST(CorpusReader, DoesNotFollowDirectorySymlinksSoLoopsAreHarmless) {
    scratch_dir dir;
    dir.write("tree/a.txt", "a");
    dir.write("tree/sub/b.txt", "b");
    fs::create_directory_symlink("..", dir.path("tree/sub/loop"));
    fs::create_directory_symlink(dir.path("tree"), dir.path("tree/self"));
    EXPECT_EQ(ids(read_all({dir.path("tree")})), (std::vector<std::string>{"a.txt", "sub/b.txt"}));
}

TEST(CorpusReader, FollowsSymlinksToFiles) {
    scratch_dir dir;
    dir.write("outside.txt", "linked text");
    dir.write("tree/a.txt", "a");
    fs::create_symlink(dir.path("outside.txt"), dir.path("tree/link.txt"));
    const auto records = read_all({dir.path("tree")});
    ASSERT_EQ(records.size(), 2U);
    EXPECT_EQ(describe(records[1]), "link.txt|linked text|1:0|none||");
}

// Running as root, chmod 000 does not make a file unreadable; a dangling link fails for anyone.
TEST(CorpusReader, DanglingSymlinkInDirectoryIsUnreadable) {
    scratch_dir dir;
    dir.write("tree/a.txt", "a");
    dir.write("tree/c.txt", "c");
    fs::create_symlink(dir.path("nowhere.txt"), dir.path("tree/b.txt"));
    const auto records = read_all({dir.path("tree")});
    ASSERT_EQ(records.size(), 3U);
    EXPECT_EQ(records[1].id, "b.txt");
    EXPECT_EQ(records[1].reason, reject_reason::unreadable);
    EXPECT_EQ(records[1].where.source, 1U);
    EXPECT_FALSE(records[1].detail.empty());
    EXPECT_EQ(describe(records[2]), "c.txt|c|2:0|none||");
}

TEST(CorpusReader, FifoInDirectoryIsUnreadableWithoutBlocking) {
    scratch_dir dir;
    dir.write("tree/a.txt", "a");
    ASSERT_EQ(::mkfifo(dir.path("tree/pipe").c_str(), 0600), 0);
    const auto records = read_all({dir.path("tree")});
    ASSERT_EQ(records.size(), 2U);
    EXPECT_EQ(records[1].id, "pipe");
    EXPECT_EQ(records[1].reason, reject_reason::unreadable);
    EXPECT_EQ(records[1].detail, "not a regular file");
}

TEST(CorpusReader, FileRemovedAfterListingIsUnreadable) {
    scratch_dir dir;
    dir.write("tree/a.txt", "a");
    dir.write("tree/b.jsonl", jsonl_line("b", "b"));
    corpus_reader reader({dir.path("tree")}, {.format = input_format::jsonl});
    record r;
    ASSERT_TRUE(reader.next(r));  // the tree is listed by now
    fs::remove(dir.path("tree/b.jsonl"));
    ASSERT_TRUE(reader.next(r));
    EXPECT_EQ(r.id, "b.jsonl");
    EXPECT_EQ(r.reason, reject_reason::unreadable);
    EXPECT_NE(r.detail.find("cannot open"), std::string::npos) << r.detail;
    EXPECT_FALSE(reader.next(r));
}

// /proc/self/mem opens fine, for root too, but reading at offset 0 fails with EIO.
TEST(CorpusReader, FileThatFailsWhileReadingIsUnreadable) {
    if (!fs::exists("/proc/self/mem")) GTEST_SKIP() << "needs Linux /proc";
    scratch_dir dir;
    const auto records = read_all({"/proc/self/mem", dir.write("ok.txt", "fine")});
    ASSERT_EQ(records.size(), 2U);
    EXPECT_EQ(records[0].id, "/proc/self/mem");
    EXPECT_EQ(records[0].reason, reject_reason::unreadable);
    EXPECT_EQ(records[1].reason, reject_reason::none);
}

TEST(CorpusReader, SubdirectoryThatCannotBeListedIsUnreadable) {
    if (::geteuid() == 0) GTEST_SKIP() << "root can list a directory whatever its permissions";
    scratch_dir dir;
    dir.write("tree/locked/x.txt", "x");
    dir.write("tree/z.txt", "z");
    fs::permissions(dir.path("tree/locked"), fs::perms::none);
    const auto records = read_all({dir.path("tree")});
    fs::permissions(dir.path("tree/locked"), fs::perms::owner_all);
    ASSERT_EQ(records.size(), 2U);
    EXPECT_EQ(records[0].id, "locked");
    EXPECT_EQ(records[0].reason, reject_reason::unreadable);
}

TEST(CorpusReader, DirectoryThatCannotBeListedIsUnreadable) {
    if (::geteuid() == 0) GTEST_SKIP() << "root can list a directory whatever its permissions";
    scratch_dir dir;
    dir.write("locked/x.txt", "x");
    fs::permissions(dir.path("locked"), fs::perms::none);
    corpus_reader reader({dir.path("locked")});
    const auto records = read_all(reader);
    fs::permissions(dir.path("locked"), fs::perms::owner_all);
    ASSERT_EQ(records.size(), 1U);
    EXPECT_EQ(records[0].id, dir.path("locked"));
    EXPECT_EQ(records[0].reason, reject_reason::unreadable);
    EXPECT_EQ(reader.sources(), std::vector<std::string>{dir.path("locked")});
}

TEST(CorpusReader, ReadsGzipBzip2AndXzJsonLines) {
    const std::string content = jsonl_line("a", "alpha") + jsonl_line("b", "beta");
    for (const std::string suffix : {".gz", ".bz2", ".xz"}) {
        scratch_dir dir;
        corpus_reader reader({dir.write_compressed("news.jsonl" + suffix, content)});
        const auto records = read_all(reader);
        ASSERT_EQ(records.size(), 2U) << suffix;
        EXPECT_EQ(describe(records[1]), "b|beta|0:2|none||") << suffix;
        EXPECT_EQ(reader.source_formats(), std::vector<input_format>{input_format::jsonl}) << suffix;
        EXPECT_EQ(reader.bytes_read(), content.size()) << suffix;
    }
}

TEST(CorpusReader, DecompressesFilesInDirectoryKeepingTheirFullName) {
    scratch_dir dir;
    dir.write_compressed("tree/a.txt.gz", "zipped");
    dir.write_compressed("tree/b.xz", "xz text");
    const auto records = read_all({dir.path("tree")});
    ASSERT_EQ(records.size(), 2U);
    EXPECT_EQ(describe(records[0]), "a.txt.gz|zipped|0:0|none||");
    EXPECT_EQ(describe(records[1]), "b.xz|xz text|1:0|none||");
}

TEST(CorpusReader, TruncatedGzipKeepsCompleteRecordsThenRejectsOnce) {
    scratch_dir dir;
    const auto whole = dir.write_compressed("whole.jsonl.gz", random_jsonl(2000));
    std::string bytes(fs::file_size(whole), '\0');
    std::ifstream(whole, std::ios::binary).read(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    const auto cut = dir.write("cut.jsonl.gz", std::string_view(bytes).substr(0, bytes.size() / 2));
    const auto records = read_all({cut, dir.write("next.jsonl", jsonl_line("next", "after"))});

    ASSERT_GE(records.size(), 3U);
    const std::size_t kept = records.size() - 2;
    EXPECT_GT(kept, 500U);
    EXPECT_LT(kept, 2000U);
    for (std::size_t i = 0; i < kept; ++i) {
        ASSERT_EQ(records[i].reason, reject_reason::none) << i;
        ASSERT_EQ(records[i].id, "doc" + std::to_string(i));
        ASSERT_EQ(records[i].where.line, i + 1);
    }
    const record& broken = records[kept];
    EXPECT_EQ(broken.reason, reject_reason::corrupt_stream);
    EXPECT_EQ(broken.where.source, 0U);
    EXPECT_EQ(broken.where.line, kept + 1);
    EXPECT_NE(broken.detail.find("gzip"), std::string::npos) << broken.detail;
    EXPECT_EQ(describe(records.back()), "next|after|1:1|none||");
}

TEST(CorpusReader, GarbageWithCompressionSuffixIsCorruptStream) {
    scratch_dir dir;
    const auto records = read_all({dir.write("fake.jsonl.gz", "plain text, not gzip\n"), dir.write("fake.txt.bz2", "no")});
    ASSERT_EQ(records.size(), 2U);
    EXPECT_EQ(records[0].reason, reject_reason::corrupt_stream);
    EXPECT_EQ(records[0].where.line, 1U);
    EXPECT_EQ(records[1].reason, reject_reason::corrupt_stream);
    EXPECT_EQ(records[1].id, dir.path("fake.txt.bz2"));
}

TEST(CorpusReader, RejectsLinesThatAreNotJsonObjects) {
    scratch_dir dir;
    const auto records = read_all({dir.write("a.jsonl", "not json\n[1,2]\n{\"id\":\"a\",\n" + jsonl_line("b", "ok"))});
    ASSERT_EQ(records.size(), 4U);
    for (std::size_t i = 0; i < 3; ++i) {
        EXPECT_EQ(records[i].reason, reject_reason::malformed) << i;
        EXPECT_FALSE(records[i].detail.empty()) << i;
        EXPECT_EQ(records[i].where.line, i + 1);
    }
    EXPECT_EQ(records[1].detail, "not a JSON object but an array");
    EXPECT_EQ(describe(records[3]), "b|ok|0:4|none||");
}

TEST(CorpusReader, RejectsMissingOrNonStringText) {
    scratch_dir dir;
    const auto records = read_all({dir.write("a.jsonl", "{\"id\":\"a\"}\n{\"id\":\"b\",\"text\":5}\n")});
    ASSERT_EQ(records.size(), 2U);
    EXPECT_EQ(describe(records[0]), "a||0:1|missing_text|no \"text\" field|");
    EXPECT_EQ(describe(records[1]), "b||0:2|missing_text|\"text\" is an integer, not a string|");
}

TEST(CorpusReader, WritesIntegerIdsInDecimal) {
    scratch_dir dir;
    const auto records = read_all({dir.write("a.jsonl", "{\"id\":42,\"text\":\"x\"}\n{\"id\":-7,\"text\":\"x\"}\n"
                                                        "{\"id\":18446744073709551615,\"text\":\"x\"}\n")});
    EXPECT_EQ(ids(records), (std::vector<std::string>{"42", "-7", "18446744073709551615"}));
}

TEST(CorpusReader, RejectsIdThatIsNotAStringOrInteger) {
    scratch_dir dir;
    const auto records = read_all({dir.write("a.jsonl", "{\"id\":[1],\"text\":\"x\"}\n{\"id\":{},\"text\":\"x\"}\n"
                                                        "{\"id\":\"\",\"text\":\"x\"}\n{\"id\":null,\"text\":\"x\"}\n"
                                                        "{\"id\":1.5,\"text\":\"x\"}\n{\"text\":\"x\"}\n")});
    ASSERT_EQ(records.size(), 6U);
    for (const record& r : records) {
        EXPECT_EQ(r.reason, reject_reason::missing_id) << describe(r);
        EXPECT_TRUE(r.id.empty());
    }
    EXPECT_EQ(records[0].detail, "\"id\" is an array, not a string or an integer");
}

TEST(CorpusReader, RejectsDuplicateIdsAfterTheFirst) {
    scratch_dir dir;
    const auto first = dir.write("1.jsonl", jsonl_line("a", "first") + jsonl_line("7", "seven") + jsonl_line("a", "again"));
    const auto second = dir.write("2.jsonl", jsonl_line("a", "third") + "{\"id\":7,\"text\":\"number\"}\n");
    const auto records = read_all({first, second});
    ASSERT_EQ(records.size(), 5U);
    EXPECT_EQ(describe(records[0]), "a|first|0:1|none||");
    EXPECT_EQ(describe(records[2]), "a||0:3|duplicate_id|id already used in " + first + " line 1|");
    EXPECT_EQ(records[3].reason, reject_reason::duplicate_id);
    EXPECT_EQ(records[3].where.source, 1U);
    EXPECT_EQ(records[4].id, "7");
    EXPECT_EQ(records[4].reason, reject_reason::duplicate_id);
}

// After forget_ids() the table of ids is gone and records are no longer checked against one
// another: a pass reads a repeated id as readable, with its text, and everything else as before.
TEST(CorpusReader, ForgettingIdsReadsRepeatsAsReadable) {
    scratch_dir dir;
    const auto first = dir.write("1.jsonl", jsonl_line("a", "first") + jsonl_line("7", "seven") + jsonl_line("a", "again") +
                                                "{not json}\n");
    const auto second = dir.write("2.tsv", "a\tthird\n7\tseven again\nb\tnew\n");
    corpus_reader reader({first, second});
    const auto checked = read_all(reader);
    ASSERT_EQ(checked.size(), 7U);
    EXPECT_GT(reader.bytes_held(), 0U);
    reader.forget_ids();
    EXPECT_EQ(reader.bytes_held(), 0U);
    for (int pass = 0; pass < 2; ++pass) {
        reader.rewind();
        std::vector<record> got;
        if (pass == 0) {
            got = read_all(reader);
        } else {  // the split reading too
            record r;
            corpus_reader::pending how;
            while (reader.next_unparsed(r, how)) {
                reader.parse(r, how);
                reader.settle(r);
                got.push_back(r);
            }
        }
        ASSERT_EQ(got.size(), checked.size());
        std::size_t repeats = 0;
        for (std::size_t i = 0; i < got.size(); ++i) {
            if (checked[i].reason != reject_reason::duplicate_id) {
                EXPECT_EQ(describe(got[i]), describe(checked[i])) << i;
                continue;
            }
            ++repeats;
            EXPECT_EQ(got[i].reason, reject_reason::none) << i;
            EXPECT_EQ(got[i].id, checked[i].id);
            EXPECT_FALSE(got[i].text.empty()) << i;
        }
        EXPECT_EQ(repeats, 3U);
        EXPECT_EQ(got[4].text, "third");
    }
}

// Reading split in three (next_unparsed, parse on any thread in any order, settle in order)
// gives what next() gives, record for record and in the id checks across inputs and passes:
// good, malformed, too large and duplicate records of JSON Lines, TSV and text files.
TEST(CorpusReader, UnparsedThenParsedAndSettledIsWhatNextGives) {
    scratch_dir dir;
    const std::string big(300, 'x');
    const auto jsonl = dir.write("a.jsonl", jsonl_line("a", "first") + "\n" + "{not json}\n" + "[1,2]\n" +
                                                  "{\"text\":\"no id\"}\n" + "{\"id\":7}\n" + jsonl_line("a", "again") +
                                                  jsonl_line("big", big) + "{\"id\":7,\"text\":\"seven\"}\n" +
                                                  jsonl_line("t", "taken by the text file below?"));
    const auto tsv = dir.write("b.tsv", "x\tone\tand a tab\nno tab here\n\tempty id\na\tthird a\n7\tseven again\n");
    dir.write("tree/t", "a text file whose id is its path");
    dir.write("tree/u.txt", big);
    const std::vector<std::string> inputs = {jsonl, tsv, dir.path("tree"), jsonl};
    for (const bool keep_raw : {false, true}) {
        corpus_options o;
        o.max_document_bytes = 200;
        o.keep_raw = keep_raw;
        corpus_reader plain(inputs, o), split(inputs, o);
        for (int pass = 0; pass < 2; ++pass) {
            plain.rewind();
            split.rewind();
            const auto want = read_all(plain);
            std::vector<record> got;
            std::vector<corpus_reader::pending> how;
            record r;
            corpus_reader::pending h;
            while (split.next_unparsed(r, h)) {
                got.push_back(r);
                how.push_back(h);
            }
            for (std::size_t i = got.size(); i-- > 0;) split.parse(got[i], how[i]);  // any order
            for (record& g : got) split.settle(g);
            EXPECT_EQ(describe(got), describe(want)) << "keep_raw " << keep_raw << ", pass " << pass;
            EXPECT_GE(std::count_if(want.begin(), want.end(),
                                    [](const record& w) { return w.reason == reject_reason::duplicate_id; }),
                      3);
        }
    }
}

TEST(CorpusReader, ARecordFilledAgainReadsAsAFreshOne) {
    // The pipeline fills the records of a consumed batch again, and parse() swaps in a thread's
    // buffer: nothing of the last record may show through, a rejected one's empty text least of all.
    scratch_dir dir;
    const std::string big(300, 'x');
    const auto jsonl = dir.write("a.jsonl", jsonl_line("long-identifier-of-a-record", "a first text, longer than the next") +
                                                "{not json}\n" + jsonl_line("b", "short") + "{\"id\":7}\n" +
                                                jsonl_line("big", big) + jsonl_line("c", "after the big one"));
    const auto tsv = dir.write("b.tsv", "x\tone and a long text after it\nno tab here\n\tempty id\ny\tlast\n");
    dir.write("tree/t", "a text file whose id is its path");
    const std::vector<std::string> inputs = {jsonl, tsv, dir.path("tree")};
    for (const bool keep_raw : {false, true}) {
        corpus_options o;
        o.max_document_bytes = 200;
        o.keep_raw = keep_raw;
        const auto want = read_all(inputs, o);
        corpus_reader whole(inputs, o), split(inputs, o);
        std::vector<record> got, got_split;
        record r, u;  // each filled again and again
        while (whole.next(r)) got.push_back(r);
        corpus_reader::pending how;
        while (split.next_unparsed(u, how)) {
            split.parse(u, how);
            split.settle(u);
            got_split.push_back(u);
        }
        EXPECT_EQ(describe(got), describe(want)) << "keep_raw " << keep_raw;
        EXPECT_EQ(describe(got_split), describe(want)) << "keep_raw " << keep_raw;
    }
}

TEST(CorpusReader, HandlesCrlfByteOrderMarkAndMissingFinalNewline) {
    scratch_dir dir;
    const auto jsonl = dir.write("a.jsonl", "\xEF\xBB\xBF{\"id\":\"a\",\"text\":\"x\"}\r\n{\"id\":\"b\",\"text\":\"y\"}");
    const auto tsv = dir.write("b.tsv", "\xEF\xBB\xBF" "c\tz\r\nd\tw");
    const auto records = read_all({jsonl, tsv}, {.keep_raw = true});
    ASSERT_EQ(records.size(), 4U);
    EXPECT_EQ(describe(records[0]), "a|x|0:1|none||{\"id\":\"a\",\"text\":\"x\"}");
    EXPECT_EQ(describe(records[1]), "b|y|0:2|none||{\"id\":\"b\",\"text\":\"y\"}");
    EXPECT_EQ(describe(records[2]), "c|z|1:1|none||c\tz");
    EXPECT_EQ(describe(records[3]), "d|w|1:2|none||d\tw");
}

TEST(CorpusReader, SkipsBlankLinesWithoutCountingThemAsRecords) {
    scratch_dir dir;
    const auto records = read_all({dir.write("a.jsonl", "\n  \n" + jsonl_line("a", "x") + "\r\n\t\n" + jsonl_line("b", "y"))});
    ASSERT_EQ(records.size(), 2U);
    EXPECT_EQ(records[0].where.line, 3U);
    EXPECT_EQ(records[1].where.line, 6U);
}

TEST(CorpusReader, KeepRawHoldsTheInputLineOfEveryLineRecord) {
    scratch_dir dir;
    const auto jsonl = dir.write("a.jsonl", "{\"id\":\"a\",\"text\":\"x\"}\nbroken\n");
    const auto text = dir.write("t.txt", "whole");
    const auto records = read_all({jsonl, text}, {.keep_raw = true});
    ASSERT_EQ(records.size(), 3U);
    EXPECT_EQ(records[0].raw, "{\"id\":\"a\",\"text\":\"x\"}");
    EXPECT_EQ(records[1].raw, "broken");
    EXPECT_EQ(records[2].raw, "");
    EXPECT_EQ(read_all({jsonl})[0].raw, "");
}

TEST(CorpusReader, UsesTheConfiguredFieldNames) {
    scratch_dir dir;
    const auto records = read_all({dir.write("a.jsonl", "{\"guid\":\"g\",\"body\":\"b\",\"id\":\"no\",\"text\":\"no\"}\n")},
                                  {.id_field = "guid", .text_field = "body"});
    ASSERT_EQ(records.size(), 1U);
    EXPECT_EQ(describe(records[0]), "g|b|0:1|none||");
}

TEST(CorpusReader, RejectsRecordsLargerThanTheMaximum) {
    scratch_dir dir;
    const auto big_text = dir.write("big.txt", std::string(11, 'x'));
    const auto bom_text = dir.write("bom.txt", "\xEF\xBB\xBF" + std::string(10, 'x'));
    const auto jsonl = dir.write("a.jsonl", jsonl_line("long", std::string(11, 'x')) + jsonl_line("fits", std::string(10, 'x')));
    const auto records = read_all({big_text, bom_text, jsonl}, {.max_document_bytes = 10});
    ASSERT_EQ(records.size(), 4U);
    EXPECT_EQ(describe(records[0]), big_text + "||0:0|too_large|11 bytes exceeds max_document_bytes (10)|");
    EXPECT_EQ(records[1].reason, reject_reason::none);
    EXPECT_EQ(records[1].text, std::string(10, 'x'));
    EXPECT_EQ(describe(records[2]), "long||2:1|too_large|11 bytes exceeds max_document_bytes (10)|");
    EXPECT_EQ(records[3].reason, reject_reason::none);
}

TEST(CorpusReader, SkipsLinesFarBeyondTheMaximumWithoutKeepingThem) {
    scratch_dir dir;
    const std::string huge(200'000, 'x');
    const auto tsv = dir.write("a.tsv", "big\t" + huge + "\nsmall\tok\n");
    const auto compressed = dir.write_compressed("tree/b.txt.gz", huge);
    const auto records = read_all({tsv, dir.path("tree")}, {.max_document_bytes = 10, .keep_raw = true});
    ASSERT_EQ(records.size(), 3U);
    EXPECT_EQ(records[0].reason, reject_reason::too_large);
    EXPECT_EQ(records[0].where.line, 1U);
    EXPECT_TRUE(records[0].raw.empty());
    EXPECT_NE(records[0].detail.find("200004 bytes"), std::string::npos) << records[0].detail;
    EXPECT_EQ(describe(records[1]), "small|ok|0:2|none||small\tok");
    EXPECT_EQ(records[2].id, "b.txt.gz");
    EXPECT_EQ(records[2].reason, reject_reason::too_large);
}

TEST(CorpusReader, RewindGivesTheSameSequenceByteForByte) {
    scratch_dir dir;
    dir.write("tree/x/1.txt", "one");
    dir.write("tree/0.txt", "zero");
    dir.write_compressed("tree/2.txt.gz", "two");
    const auto jsonl = dir.write_compressed("a.jsonl.gz", random_jsonl(50) + jsonl_line("doc3", "dup") + "junk\n");
    const auto tsv = dir.write("b.tsv", "t1\ttext\nt1\tagain\n");
    corpus_reader reader({dir.path("tree"), jsonl, tsv}, {.keep_raw = true});
    const auto first = describe(read_all(reader));
    const auto first_bytes = reader.bytes_read();
    const auto source_count = reader.sources().size();
    reader.rewind();
    EXPECT_EQ(reader.bytes_read(), 0U);
    EXPECT_EQ(describe(read_all(reader)), first);
    EXPECT_EQ(reader.bytes_read(), first_bytes);
    EXPECT_EQ(reader.sources().size(), source_count);
    EXPECT_EQ(first.size(), 3U + 52U + 2U);
}

TEST(CorpusReader, RewindInTheMiddleStartsOver) {
    scratch_dir dir;
    const auto jsonl = dir.write("a.jsonl", jsonl_line("a", "x") + jsonl_line("b", "y"));
    corpus_reader reader({jsonl, dir.write("c.txt", "z")});
    record r;
    ASSERT_TRUE(reader.next(r));
    reader.rewind();
    EXPECT_EQ(ids(read_all(reader)), (std::vector<std::string>{"a", "b", dir.path("c.txt")}));
}

TEST(CorpusReader, EndPassesFreesTheIdsAndRefusesAnotherPass) {
    scratch_dir dir;
    const auto jsonl = dir.write("a.jsonl", jsonl_line("a", "x") + jsonl_line("b", "y") + jsonl_line("a", "again"));
    corpus_reader reader({jsonl});
    const auto records = read_all(reader);
    ASSERT_EQ(records.size(), 3U);
    EXPECT_EQ(records[2].reason, reject_reason::duplicate_id);
    const auto bytes = reader.bytes_read();
    EXPECT_GT(reader.bytes_held(), 0U);
    reader.end_passes();
    EXPECT_EQ(reader.bytes_held(), 0U);
    EXPECT_EQ(reader.bytes_read(), bytes);
    record r;
    EXPECT_THROW(reader.next(r), error);
    EXPECT_THROW(reader.rewind(), error);
}

TEST(CorpusReader, SpoolsStandardInputSoThatRewindRereadsIt) {
    scratch_dir dir;
    const std::string content = jsonl_line("a", "x") + jsonl_line("b", "y");
    corpus_reader reader({"-"});
    std::vector<std::string> first;
    {
        const stdin_from redirect(dir.write("input", content));
        first = describe(read_all(reader));
    }
    ASSERT_EQ(first.size(), 2U);
    EXPECT_EQ(first[1], "b|y|0:2|none||");
    EXPECT_EQ(reader.sources(), std::vector<std::string>{"-"});
    EXPECT_EQ(reader.source_formats(), std::vector<input_format>{input_format::jsonl});
    reader.rewind();
    EXPECT_EQ(describe(read_all(reader)), first);
    EXPECT_EQ(reader.bytes_read(), content.size());
}

TEST(CorpusReader, SniffsTsvOnStandardInputAndSpoolsItOnce) {
    scratch_dir dir;
    const stdin_from redirect(dir.write("input", "a\tfirst\n"));
    const auto records = read_all({"-", "-"});
    ASSERT_EQ(records.size(), 2U);
    EXPECT_EQ(describe(records[0]), "a|first|0:1|none||");
    EXPECT_EQ(records[1].reason, reject_reason::duplicate_id);
    EXPECT_EQ(records[1].where.source, 1U);
}

TEST(CorpusReader, SpoolsANamedPipeGivenAsInput) {
    scratch_dir dir;
    const std::string pipe = dir.path("pipe");
    ASSERT_EQ(::mkfifo(pipe.c_str(), 0600), 0);
    std::thread writer([&pipe] { std::ofstream(pipe, std::ios::binary) << "a\tfrom a pipe\n"; });
    corpus_reader reader({pipe});
    const auto first = describe(read_all(reader));
    writer.join();
    EXPECT_EQ(first, std::vector<std::string>{"a|from a pipe|0:1|none||"});
    EXPECT_EQ(reader.source_formats(), std::vector<input_format>{input_format::tsv});
    reader.rewind();
    EXPECT_EQ(describe(read_all(reader)), first);
}

TEST(CorpusReader, ReadsStandardInputAsOneTextWhenAskedTo) {
    scratch_dir dir;
    const stdin_from redirect(dir.write("input", "{not really json}"));
    const auto records = read_all({"-"}, {.format = input_format::text});
    ASSERT_EQ(records.size(), 1U);
    EXPECT_EQ(describe(records[0]), "-|{not really json}|0:0|none||");
}

TEST(CorpusReader, AppliesAnExplicitFormatToEveryFileOfADirectory) {
    scratch_dir dir;
    dir.write("tree/b.txt", jsonl_line("b1", "x"));
    dir.write("tree/a.txt", jsonl_line("a1", "y") + jsonl_line("a2", "z"));
    corpus_reader reader({dir.path("tree")}, {.format = input_format::jsonl});
    const auto records = read_all(reader);
    EXPECT_EQ(ids(records), (std::vector<std::string>{"a1", "a2", "b1"}));
    EXPECT_EQ(records[2].where.source, 1U);
    EXPECT_EQ(reader.source_formats(), std::vector<input_format>(2, input_format::jsonl));
}

TEST(CorpusReader, EmptyInputsYieldNoRecordsButAnEmptyTextIsADocument) {
    scratch_dir dir;
    fs::create_directories(dir.path("empty"));
    const auto records = read_all({dir.path("empty"), dir.write("e.jsonl", ""), dir.write("e.txt", "")});
    ASSERT_EQ(records.size(), 1U);
    EXPECT_EQ(describe(records[0]), dir.path("e.txt") + "||1:0|none||");
}

TEST(CorpusReader, CountsDecompressedBytesRead) {
    scratch_dir dir;
    const std::string content = random_jsonl(300);
    corpus_reader reader({dir.write_compressed("a.jsonl.bz2", content), dir.write("b.txt", "12345")});
    read_all(reader);
    EXPECT_EQ(reader.bytes_read(), content.size() + 5);
    reader.rewind();
    EXPECT_EQ(reader.bytes_read(), 0U);
}

TEST(CorpusReader, MovedReaderCarriesOn) {
    scratch_dir dir;
    corpus_reader reader({dir.write("a.jsonl", jsonl_line("a", "x") + jsonl_line("b", "y"))});
    record r;
    ASSERT_TRUE(reader.next(r));
    corpus_reader moved(std::move(reader));
    EXPECT_EQ(ids(read_all(moved)), std::vector<std::string>{"b"});
}

TEST(CorpusReader, ThrowsForAPathThatDoesNotExist) {
    scratch_dir dir;
    const std::string missing = dir.path("missing.jsonl");
    try {
        corpus_reader reader({dir.write("ok.txt", "ok"), missing});
        FAIL() << "no exception";
    } catch (const error& e) {
        EXPECT_NE(std::string(e.what()).find(missing), std::string::npos) << e.what();
    }
}

TEST(CorpusReader, ThrowsForInvalidOptions) {
    EXPECT_THROW(corpus_reader({}, {.id_field = ""}), error);
    EXPECT_THROW(corpus_reader({}, {.text_field = ""}), error);
    EXPECT_THROW(corpus_reader({}, {.max_document_bytes = 0}), error);
}

TEST(RejectReason, HasStableNames) {
    EXPECT_EQ(to_string(reject_reason::none), "none");
    EXPECT_EQ(to_string(reject_reason::unreadable), "unreadable");
    EXPECT_EQ(to_string(reject_reason::corrupt_stream), "corrupt_stream");
    EXPECT_EQ(to_string(reject_reason::malformed), "malformed");
    EXPECT_EQ(to_string(reject_reason::missing_id), "missing_id");
    EXPECT_EQ(to_string(reject_reason::missing_text), "missing_text");
    EXPECT_EQ(to_string(reject_reason::duplicate_id), "duplicate_id");
    EXPECT_EQ(to_string(reject_reason::too_large), "too_large");
    EXPECT_EQ(to_string(reject_reason::empty), "empty");
    EXPECT_EQ(to_string(reject_reason::too_short), "too_short");
}

// The reader's duplicate-id table against a map of the ids themselves: every id found where it
// was first added, through many growths, with ids that differ by one byte, by length only, or
// not at all but for a trailing NUL; and well under the ~180 bytes an id the map cost.
TEST(IdTable, FindsEveryIdWhereItWasFirstUsed) {
    detail::id_table table;
    std::unordered_map<std::string, origin> reference;
    std::mt19937_64 rng(17);
    std::vector<std::string> ids;
    for (std::uint64_t line = 1; line <= 200000; ++line) {
        std::string id;
        if (!ids.empty() && rng() % 4 == 0) {
            id = ids[rng() % ids.size()];  // a repeat
        } else {
            id = "site/2024-10-" + std::to_string(rng() % 31) + "/story-" + std::to_string(line);
            if (line % 1000 == 0) id.push_back('\0');
            if (line % 777 == 0) id = id.substr(0, id.size() - 1);
            ids.push_back(id);
        }
        const origin here{static_cast<std::uint32_t>(line % 3), line};
        const auto [first, inserted] = table.find_or_add(id, here);
        const auto [expected, new_in_reference] = reference.try_emplace(id, here);
        ASSERT_EQ(inserted, new_in_reference) << id;
        ASSERT_EQ(first.source, expected->second.source);
        ASSERT_EQ(first.line, expected->second.line);
    }
    EXPECT_EQ(table.size(), reference.size());
    EXPECT_EQ(table.find_or_add("", {0, 1}).second, true);
    EXPECT_EQ(table.find_or_add("", {0, 2}).first.line, 1u);
    EXPECT_LT(static_cast<double>(table.bytes()) / static_cast<double>(table.size()), 64.0);
}

} // namespace
} // namespace wiredup
