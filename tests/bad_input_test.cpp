// Dirty input end to end: every kind of bad record a crawl holds (broken encodings, binary junk,
// damaged archives, half-written JSON, empty pages, a 100 MB page, odd line ends, unreadable
// directory entries) is generated here, run through dedup() (and for some through the wiredup
// binary), and must be used or rejected with the documented reason, with counts that add up.

// GCC 12 reports a false -Wrestrict inside Boost's gzip_compressor (GCC bug 105329); the
// pragma must precede the includes because the warning points into <string>.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wrestrict"
#endif

#include <wiredup/error.hpp>
#include <wiredup/pipeline.hpp>

#include "accounting.hpp"
#include "test_support.hpp"

#include <boost/iostreams/device/back_inserter.hpp>
#include <boost/iostreams/filter/bzip2.hpp>
#include <boost/iostreams/filter/gzip.hpp>
#include <boost/iostreams/filter/lzma.hpp>
#include <boost/iostreams/filtering_stream.hpp>
#include <gtest/gtest.h>

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace wiredup::test {
namespace {

namespace fs = std::filesystem;
namespace io = boost::iostreams;

// Five or more words, so that a story is long enough to be a document.
const std::string quake = "Rescue teams searched the rubble of the collapsed market after the quake struck on Tuesday";
const std::string bank = "The central bank left its main interest rate unchanged for a third month running";
const std::string storm = "A powerful storm cut power to thousands of homes along the coast overnight, officials said";

std::string jsonl(const std::string& id, const std::string& text) {
    return R"({"id": ")" + id + R"(", "text": ")" + text + "\"}\n";
}

/// A 64-bit LCG (Knuth's MMIX constants): cheap enough for 100 MB in a Debug build with sanitizers.
class lcg {
public:
    explicit lcg(std::uint64_t seed) : state_(seed * 0x9E3779B97F4A7C15ULL + 1) {}
    std::uint32_t operator()() {
        state_ = state_ * 6364136223846793005ULL + 1442695040888963407ULL;
        return static_cast<std::uint32_t>(state_ >> 33);
    }

private:
    std::uint64_t state_;
};

/// Seeded pseudo-random text, `per_line` words to a line, drawn from a made-up vocabulary of
/// 65,536 words of 3 to 9 letters: like a language, few distinct words but no repeated phrases.
std::string random_words(std::size_t words, std::uint64_t seed, std::size_t per_line = 200) {
    static const std::vector<std::string> vocabulary = [] {
        lcg next(1);
        std::vector<std::string> v(65536);
        for (auto& w : v)
            for (std::uint32_t n = 3 + next() % 7; n > 0; --n) w.push_back(static_cast<char>('a' + next() % 26));
        return v;
    }();
    lcg next(seed);
    std::string out;
    out.reserve(words * 7);
    for (std::size_t i = 0; i < words; ++i) {
        out += vocabulary[next() % vocabulary.size()];
        out.push_back((i + 1) % per_line == 0 ? '\n' : ' ');
    }
    return out;
}

enum class codec { gzip, bzip2, xz };

std::string compress(codec c, const std::string& data) {
    std::string out;
    {
        io::filtering_ostream s;
        if (c == codec::gzip) s.push(io::gzip_compressor());
        if (c == codec::bzip2) s.push(io::bzip2_compressor(io::bzip2_params(1)));  // 100k blocks: several per file
        if (c == codec::xz) s.push(io::lzma_compressor());
        s.push(io::back_inserter(out));
        s.write(data.data(), static_cast<std::streamsize>(data.size()));
    }
    return out;
}

const char* suffix(codec c) { return c == codec::gzip ? ".gz" : c == codec::bzip2 ? ".bz2" : ".xz"; }

pipeline_options one_thread() {
    pipeline_options o;
    o.threads = 1;
    return o;
}

/// Documents of one source, in input order.
std::vector<const document_info*> of_source(const dedup_result& r, const std::string& source) {
    std::vector<const document_info*> out;
    for (const auto& d : r.documents)
        if (r.sources.at(d.where.source) == source) out.push_back(&d);
    return out;
}

/// Ids of the documents of the cluster holding `id`; empty when it is in none.
std::vector<std::string> cluster_of(const dedup_result& r, const std::string& id) {
    for (const auto& c : r.clusters)
        for (const doc_index m : c.members)
            if (r.documents[m].id == id) {
                std::vector<std::string> ids;
                for (const doc_index n : c.members) ids.push_back(r.documents[n].id);
                return ids;
            }
    return {};
}

// ---- encodings -------------------------------------------------------------------------------

TEST(BadInput, InvalidUtf8IsReplacedCountedAndStillMatches) {
    scratch_dir dir;
    // Bad sequences between words: each is a separator, so every copy normalizes like the clean one.
    const std::map<std::string, std::string> variants{
        {"clean.txt", quake},
        {"overlong.txt", "Rescue teams \xC0\xAF searched the rubble \xE0\x80\xAF of the collapsed market after the "
                         "quake struck on Tuesday"},
        {"surrogate.txt", "Rescue teams searched \xED\xA0\x80 the rubble of the \xED\xBF\xBF collapsed market after "
                          "the quake struck on Tuesday"},
        {"truncated.txt", "Rescue teams searched the \xE2\x82 rubble of the collapsed \xF0\x9F\x98 market after the "
                          "quake struck on Tuesday \xE2"},
        {"stray.txt", "Rescue \x80 teams \xBF searched the rubble \xFE of the \xFF collapsed market after the quake "
                      "struck on Tuesday"},
    };
    std::size_t expected_invalid = 0;
    for (const auto& [name, text] : variants) {
        write_file(dir / "tree" / name, text);
        const std::size_t invalid = normalize(text).invalid_bytes;
        EXPECT_EQ(invalid > 0, name != "clean.txt") << name;
        expected_invalid += invalid;
    }
    // JSON Lines must be UTF-8 (simdjson validates the whole line): such a line is malformed.
    write_file(dir / "bad.jsonl", jsonl("j1", "caf\xC3 au lait " + bank) + jsonl("j2", bank));
    // TSV text is taken as bytes and normalized like a text file.
    write_file(dir / "bad.tsv", "t1\t\xED\xA0\x80 " + bank + "\n");

    const auto r = dedup({(dir / "tree").string(), (dir / "bad.jsonl").string(), (dir / "bad.tsv").string()},
                         one_thread());
    const auto a = expect_accounted(r);
    EXPECT_EQ(a.records, 8U);
    for (const auto& [name, text] : variants) EXPECT_EQ(doc(r, name).reason, reject_reason::none) << name;
    EXPECT_EQ(cluster_of(r, "clean.txt").size(), 5U);
    EXPECT_EQ(r.stats.invalid_bytes, expected_invalid + normalize("\xED\xA0\x80").invalid_bytes);
    const auto jsonl_docs = of_source(r, (dir / "bad.jsonl").string());
    ASSERT_EQ(jsonl_docs.size(), 2U);
    EXPECT_EQ(jsonl_docs[0]->reason, reject_reason::malformed);
    EXPECT_NE(jsonl_docs[0]->detail.find("UTF-8"), std::string::npos) << jsonl_docs[0]->detail;
    EXPECT_EQ(jsonl_docs[1]->reason, reject_reason::none);
    EXPECT_EQ(doc(r, "t1").reason, reject_reason::none);
    EXPECT_EQ(cluster_of(r, "t1"), (std::vector<std::string>{"j2", "t1"}));
}

TEST(BadInput, NulBytesAreSeparatorsOrMalformedJson) {
    scratch_dir dir;
    const std::string nul(1, '\0');
    write_file(dir / "tree" / "binary.txt", "Rescue" + nul + "teams searched the rubble" + nul + nul +
                                                " of the collapsed market after the quake struck on Tuesday");
    write_file(dir / "tree" / "junk.bin", std::string("\x7f" "ELF\x02\x01\x01", 7) + std::string(64, '\0') + "\x01\x02");
    write_file(dir / "nul.tsv", "t1\tThe central bank" + nul + " left its main interest rate unchanged\n");
    write_file(dir / "nul.jsonl", R"({"id": "raw", "text": "a)" + nul + R"(b c d e f"})" "\n" +
                                      R"({"id": "escaped", "text": "a\u0000b c d e f g"})" "\n");
    const auto r = dedup({(dir / "tree").string(), (dir / "nul.tsv").string(), (dir / "nul.jsonl").string()},
                         one_thread());
    const auto a = expect_accounted(r);
    EXPECT_EQ(a.records, 5U);
    EXPECT_EQ(doc(r, "binary.txt").reason, reject_reason::none);
    EXPECT_EQ(doc(r, "junk.bin").reason, reject_reason::too_short);  // "elf" and a few control bytes
    EXPECT_EQ(doc(r, "t1").reason, reject_reason::none);
    EXPECT_EQ(of_source(r, (dir / "nul.jsonl").string())[0]->reason, reject_reason::malformed);
    EXPECT_EQ(doc(r, "escaped").reason, reject_reason::none);
}

TEST(BadInput, Windows1252TextIsUsedWithItsHighBytesCounted) {
    scratch_dir dir;
    // "Café owners said “we will reopen” – after the storm, at 5 ° C" in Windows-1252.
    const std::string cp1252 = "Caf\xE9 owners said \x93we will reopen\x94 \x96 after the storm, at 5 \xB0" "C\r\n"
                               "Na\xEFve visitors paid \x80" "5 for \x85 nothing\r\n";
    write_file(dir / "tree" / "cp1252.txt", cp1252);
    write_file(dir / "latin.tsv", "l1\t" + cp1252.substr(0, cp1252.find('\r')) + "\n");
    const auto r = dedup({(dir / "tree").string(), (dir / "latin.tsv").string()}, one_thread());
    expect_accounted(r);
    EXPECT_EQ(doc(r, "cp1252.txt").reason, reject_reason::none);
    EXPECT_EQ(doc(r, "l1").reason, reject_reason::none);
    EXPECT_GE(r.stats.invalid_bytes, 10U);
}

// ---- damaged archives ------------------------------------------------------------------------

// Truncated and corrupted .gz, .bz2 and .xz files: what was decompressed before the damage is
// used, the damage is one corrupt_stream record (the last of its source), the next input is read.
TEST(BadInput, TruncatedOrCorruptCompressedStreamsEndInOneRejectedRecord) {
    std::string content;
    for (int i = 0; i < 2000; ++i) content += jsonl("d" + std::to_string(i), random_words(12, static_cast<std::uint64_t>(i)));
    for (const codec c : {codec::gzip, codec::bzip2, codec::xz}) {
        SCOPED_TRACE(suffix(c));
        scratch_dir dir;
        const std::string packed = compress(c, content);
        std::string corrupt = packed;
        for (std::size_t i = corrupt.size() / 2; i < corrupt.size() / 2 + 16; ++i) corrupt[i] = static_cast<char>(~corrupt[i]);
        const std::map<std::string, std::string> files{
            {std::string("a-whole.jsonl") + suffix(c), packed},
            {std::string("b-cut.jsonl") + suffix(c), packed.substr(0, packed.size() * 3 / 4)},
            {std::string("c-corrupt.jsonl") + suffix(c), corrupt},
            {std::string("d-header.jsonl") + suffix(c), packed.substr(0, 10)},
            {std::string("e-empty.jsonl") + suffix(c), ""},
            {std::string("f-text.txt") + suffix(c), compress(c, quake).substr(0, 20)},
        };
        std::vector<std::string> inputs;
        for (const auto& [name, bytes] : files) {
            write_file(dir / name, bytes);
            inputs.push_back((dir / name).string());
        }
        write_file(dir / "z-next.jsonl", jsonl("next", bank));
        inputs.push_back((dir / "z-next.jsonl").string());

        // Each file with the good one after it (the files share ids, so one run per file).
        for (std::size_t i = 0; i + 1 < inputs.size(); ++i) {
            const auto r = dedup({inputs[i], inputs.back()}, one_thread());
            const auto a = expect_accounted(r);
            const auto docs = of_source(r, inputs[i]);
            ASSERT_FALSE(docs.empty()) << inputs[i];
            EXPECT_EQ(doc(r, "next").reason, reject_reason::none) << inputs[i];
            if (i == 0) {
                EXPECT_EQ(docs.size(), 2000U);
                EXPECT_EQ(a.rejected, 0U);
                continue;
            }
            std::size_t corrupt_records = 0, used = 0;
            for (const auto* d : docs) {
                corrupt_records += d->reason == reject_reason::corrupt_stream ? 1 : 0;
                used += d->reason == reject_reason::none ? 1 : 0;
            }
            EXPECT_EQ(corrupt_records, 1U) << inputs[i];
            EXPECT_EQ(docs.back()->reason, reject_reason::corrupt_stream) << inputs[i];
            EXPECT_FALSE(docs.back()->detail.empty());
            if (i == 1) {
                EXPECT_GT(used, 500U) << "a cut file keeps the records before the cut";
            } else if (i == 2) {
                EXPECT_GT(used, 100U) << "a corrupt file keeps the records before the damage";
            } else {
                EXPECT_EQ(docs.size(), 1U) << inputs[i];
            }
        }
    }
}

TEST(BadInput, DamagedCompressedTextFileInDirectoryIsOneRejectedDocument) {
    scratch_dir dir;
    write_file(dir / "tree" / "a.txt.gz", compress(codec::gzip, quake));
    write_file(dir / "tree" / "b.txt.gz", compress(codec::gzip, quake).substr(0, 15));
    write_file(dir / "tree" / "c.txt.xz", "not xz at all");
    write_file(dir / "tree" / "d.txt.bz2", "");
    write_file(dir / "tree" / "e.txt", quake);
    const auto r = dedup({(dir / "tree").string()}, one_thread());
    const auto a = expect_accounted(r);
    EXPECT_EQ(a.records, 5U);
    EXPECT_EQ(doc(r, "a.txt.gz").reason, reject_reason::none);
    EXPECT_EQ(doc(r, "b.txt.gz").reason, reject_reason::corrupt_stream);
    EXPECT_EQ(doc(r, "c.txt.xz").reason, reject_reason::corrupt_stream);
    EXPECT_EQ(doc(r, "d.txt.bz2").reason, reject_reason::corrupt_stream);
    EXPECT_EQ(cluster_of(r, "e.txt"), (std::vector<std::string>{"a.txt.gz", "e.txt"}));
}

// ---- JSON Lines ------------------------------------------------------------------------------

TEST(BadInput, MalformedJsonLinesAreRejectedWithTheirReason) {
    scratch_dir dir;
    const std::string huge(100000, 'x');
    // line -> expected reason; the file is written in this order, one record per line.
    const std::vector<std::pair<std::string, reject_reason>> lines{
        {jsonl("ok", quake), reject_reason::none},
        {"this line is not json\n", reject_reason::malformed},
        {"{\"id\": \"half\", \"text\": \"written when the crawler\n", reject_reason::malformed},
        {"[\"an\", \"array\"]\n", reject_reason::malformed},
        {"\"a string\"\n", reject_reason::malformed},
        {"42\n", reject_reason::malformed},
        {"{\"id\": \"x\", \"text\": \"y\"} trailing\n", reject_reason::malformed},
        {"{\"id\": \"notext\"}\n", reject_reason::missing_text},
        {"{\"id\": \"nulltext\", \"text\": null}\n", reject_reason::missing_text},
        {"{\"id\": \"numtext\", \"text\": 12}\n", reject_reason::missing_text},
        {"{\"id\": \"objtext\", \"text\": {\"body\": \"x\"}}\n", reject_reason::missing_text},
        {"{\"text\": \"" + bank + "\"}\n", reject_reason::missing_id},
        {"{\"id\": [1, 2], \"text\": \"" + bank + "\"}\n", reject_reason::missing_id},
        {"{\"id\": 1.5, \"text\": \"" + bank + "\"}\n", reject_reason::missing_id},
        {"{\"id\": true, \"text\": \"" + bank + "\"}\n", reject_reason::missing_id},
        {"{\"id\": null, \"text\": \"" + bank + "\"}\n", reject_reason::missing_id},
        {"{\"id\": {\"n\": 1}, \"text\": \"" + bank + "\"}\n", reject_reason::missing_id},
        {"{\"id\": \"\", \"text\": \"" + bank + "\"}\n", reject_reason::missing_id},
        {"{\"id\": 123456789012345678901234567890, \"text\": \"" + bank + "\"}\n", reject_reason::malformed},
        {"{\"id\": -7, \"text\": \"" + bank + " again\"}\n", reject_reason::none},
        {"{\"id\": 7, \"text\": \"" + bank + " and more\"}\n", reject_reason::none},
        {"{\"id\": \"7\", \"text\": \"" + bank + " once more\"}\n", reject_reason::duplicate_id},
        {"{\"id\": \"ok\", \"text\": \"" + bank + " and again\"}\n", reject_reason::duplicate_id},
        {"{\"id\": \"surrogate\", \"text\": \"\\ud800 " + bank + "\"}\n", reject_reason::malformed},
        {jsonl("hugetext", huge), reject_reason::too_large},
        {"{\"id\": \"hugemeta\", \"meta\": \"" + huge + huge + "\", \"text\": \"" + bank + "\"}\n",
         reject_reason::too_large},
        {"{\"id\": \"escapes\", \"text\": \"\\u00e9\\u00e9\\u00e9 \\t " + bank + "\\n\"}\n", reject_reason::none},
        {"{\"id\": \"last\", \"text\": \"" + quake + "\"}", reject_reason::none},  // no final newline
    };
    std::string file;
    for (const auto& [line, reason] : lines) file += line;
    write_file(dir / "bad.jsonl", file);
    pipeline_options o = one_thread();
    o.read.max_document_bytes = 16384;  // the line limit is then 2 * 16 KiB + 64 KiB
    const auto r = dedup({(dir / "bad.jsonl").string()}, o);
    const auto a = expect_accounted(r);
    ASSERT_EQ(a.records, lines.size());
    for (std::size_t i = 0; i < lines.size(); ++i) {
        EXPECT_EQ(r.documents[i].reason, lines[i].second) << "line " << i + 1 << ": " << lines[i].first.substr(0, 80);
        EXPECT_EQ(r.documents[i].where.line, i + 1);
        if (lines[i].second != reject_reason::none) {
            EXPECT_FALSE(r.documents[i].detail.empty()) << i + 1;
        }
    }
    EXPECT_EQ(doc(r, "-7").reason, reject_reason::none);
    EXPECT_NE(r.documents[21].detail.find("line 21"), std::string::npos) << r.documents[21].detail;
    EXPECT_EQ(cluster_of(r, "ok"), (std::vector<std::string>{"ok", "last"}));
}

TEST(BadInput, DuplicateIdsAcrossFilesAndDirectoriesKeepTheFirst) {
    scratch_dir dir;
    write_file(dir / "a.jsonl", jsonl("x", quake) + "{\"id\": 5, \"text\": \"" + bank + "\"}\n");
    write_file(dir / "b.tsv", "x\t" + bank + " in the tsv\n5\tanother five\n");
    write_file(dir / "one" / "story.txt", quake);
    write_file(dir / "two" / "story.txt", bank);  // same relative path: the same id
    const auto r = dedup({(dir / "a.jsonl").string(), (dir / "b.tsv").string(), (dir / "one").string(),
                          (dir / "two").string()},
                         one_thread());
    const auto a = expect_accounted(r);
    ASSERT_EQ(a.records, 6U);
    EXPECT_EQ(r.documents[0].reason, reject_reason::none);
    EXPECT_EQ(r.documents[2].reason, reject_reason::duplicate_id);
    EXPECT_EQ(r.documents[2].detail, "id already used in " + (dir / "a.jsonl").string() + " line 1");
    EXPECT_EQ(r.documents[3].reason, reject_reason::duplicate_id);
    EXPECT_EQ(r.documents[4].reason, reject_reason::none);
    EXPECT_EQ(r.documents[5].reason, reject_reason::duplicate_id);
    EXPECT_EQ(count_reason(r, reject_reason::duplicate_id), 3U);
}

// ---- empty documents -------------------------------------------------------------------------

TEST(BadInput, EmptyAndWhitespaceOnlyDocumentsAreRejectedEmpty) {
    scratch_dir dir;
    write_file(dir / "e.jsonl", jsonl("empty", "") + jsonl("spaces", "   \\t  ") + jsonl("newlines", "\\n\\r\\n\\n") +
                                    jsonl("punct", "... --- !!! \\u2014 \\u00a0 \\u3000") + "   \t  \n\n" +
                                    jsonl("short", "only four words here") + jsonl("five", "exactly five words are here"));
    write_file(dir / "e.tsv", "t-empty\t\nt-spaces\t \t \r\n");
    write_file(dir / "tree" / "empty.txt", "");
    write_file(dir / "tree" / "blank.txt", " \n\r\n\t\f\v \n");
    write_file(dir / "tree" / "bom.txt", "\xEF\xBB\xBF");
    const auto r = dedup({(dir / "e.jsonl").string(), (dir / "e.tsv").string(), (dir / "tree").string()}, one_thread());
    const auto a = expect_accounted(r);
    EXPECT_EQ(a.records, 11U) << "blank lines of a JSON Lines file are layout, not records";
    for (const char* id : {"empty", "spaces", "newlines", "punct", "t-empty", "t-spaces", "empty.txt", "blank.txt", "bom.txt"})
        EXPECT_EQ(doc(r, id).reason, reject_reason::empty) << id;
    EXPECT_EQ(doc(r, "short").reason, reject_reason::too_short);
    EXPECT_EQ(doc(r, "five").reason, reject_reason::none);
    EXPECT_EQ(count_reason(r, reject_reason::empty), 9U);
    EXPECT_EQ(a.kept, 1U);
}

TEST(BadInput, CorpusOfNothingButRejectsAddsUp) {
    scratch_dir dir;
    write_file(dir / "none.jsonl", "");
    write_file(dir / "junk.jsonl", "not json\n{\"id\": \"e\", \"text\": \"\"}\n");
    const auto r = dedup({(dir / "none.jsonl").string(), (dir / "junk.jsonl").string()}, one_thread());
    const auto a = expect_accounted(r);
    EXPECT_EQ(a.records, 2U);
    EXPECT_EQ(a.rejected, 2U);
    EXPECT_TRUE(r.clusters.empty());
    EXPECT_EQ(r.stats.candidates, 0U);
}

// ---- one huge document -------------------------------------------------------------------------

// The size of the huge document: 100 MB, or 4 MB under AddressSanitizer (in a Debug build, some
// fifty times slower); WIREDUP_TEST_HUGE_MB overrides either.
std::size_t huge_document_bytes() {
    if (const char* mb = std::getenv("WIREDUP_TEST_HUGE_MB"); mb != nullptr && std::atoi(mb) > 0)
        return static_cast<std::size_t>(std::atoi(mb)) << 20;
    return std::size_t{address_sanitized() ? 4 : 100} << 20;
}

TEST(BadInput, HugeDocumentIsUsedWhenAllowedAndRejectedUnreadWhenNot) {
    scratch_dir dir;
    const std::size_t target = huge_document_bytes();
    std::string text = random_words(target / 7, 99);
    while (text.size() < target) text += random_words(1000, text.size());
    const std::size_t size = text.size();
    write_file(dir / "tree" / "huge.txt", text);
    write_file(dir / "tree" / "small.txt", quake);
    text = {};

    // Allowed: read, normalized and shingled whole (about one token per 7 bytes).
    pipeline_options o;
    o.threads = 2;
    o.read.max_document_bytes = size;
    auto start = std::chrono::steady_clock::now();
    auto r = dedup({(dir / "tree").string()}, o);
    const double used_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    auto a = expect_accounted(r);
    EXPECT_EQ(a.records, 2U);
    EXPECT_EQ(doc(r, "huge.txt").reason, reject_reason::none);
    EXPECT_EQ(doc(r, "huge.txt").bytes, size);
    EXPECT_GT(doc(r, "huge.txt").tokens, target / 10);
    EXPECT_LT(doc(r, "huge.txt").tokens, target / 4);
    EXPECT_GT(doc(r, "huge.txt").shingles, target / 10);

    // Too large: rejected by its size, without being read.
    o.read.max_document_bytes = size / 2;
    start = std::chrono::steady_clock::now();
    r = dedup({(dir / "tree").string()}, o);
    const double rejected_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    a = expect_accounted(r);
    EXPECT_EQ(doc(r, "huge.txt").reason, reject_reason::too_large);
    EXPECT_NE(doc(r, "huge.txt").detail.find("exceeds max_document_bytes"), std::string::npos);
    EXPECT_LT(r.stats.bytes, std::uint64_t{1} << 20) << "a file rejected by its size is not read";
    std::printf("[ huge doc ] %zu MiB: used in %.2f s, rejected in %.3f s, peak RSS %.0f MiB\n", target >> 20,
                used_seconds, rejected_seconds, peak_rss_mib());
}

TEST(BadInput, HugeJsonLineIsSkippedWithoutBeingKept) {
    scratch_dir dir;
    const std::size_t target = huge_document_bytes();
    {
        std::string words = random_words(target / 7, 5);
        std::replace(words.begin(), words.end(), '\n', ' ');
        write_file(dir / "huge.jsonl", jsonl("before", quake) + jsonl("huge", words) + jsonl("after", quake + " again"));
    }
    pipeline_options o = one_thread();
    o.read.max_document_bytes = target / 8;  // the line is more than twice that plus slack
    const auto r = dedup({(dir / "huge.jsonl").string()}, o);
    const auto a = expect_accounted(r);
    ASSERT_EQ(a.records, 3U);
    EXPECT_EQ(r.documents[1].reason, reject_reason::too_large);
    EXPECT_EQ(r.documents[1].where.line, 2U);
    EXPECT_NE(r.documents[1].detail.find("exceeds the line limit"), std::string::npos) << r.documents[1].detail;
    EXPECT_EQ(cluster_of(r, "before"), (std::vector<std::string>{"before", "after"}));
}

// ---- line ends -------------------------------------------------------------------------------

TEST(BadInput, CrlfAndMissingFinalNewlineReadLikeLf) {
    scratch_dir dir;
    write_file(dir / "crlf.jsonl", "{\"id\": \"j1\", \"text\": \"" + quake + "\"}\r\n{\"id\": \"j2\", \"text\": \"" + bank +
                                       "\"}");  // no final newline
    write_file(dir / "crlf.tsv", "t1\t" + quake + " in tsv\r\n\r\nt2\t" + bank + " in tsv");
    write_file(dir / "tree" / "lf.txt", "Headline\n" + storm + "\n\nSecond paragraph of the story here.\n");
    write_file(dir / "tree" / "crlf.txt", "Headline\r\n" + storm + "\r\n\r\nSecond paragraph of the story here.\r\n");
    write_file(dir / "tree" / "cr.txt", "Headline\r" + storm + "\r\rSecond paragraph of the story here.");
    const auto r = dedup({(dir / "crlf.jsonl").string(), (dir / "crlf.tsv").string(), (dir / "tree").string()},
                         one_thread());
    const auto a = expect_accounted(r);
    EXPECT_EQ(a.records, 7U);
    EXPECT_EQ(a.rejected, 0U);
    EXPECT_EQ(doc(r, "j2").where.line, 2U);
    EXPECT_EQ(doc(r, "t2").where.line, 3U);
    EXPECT_EQ(doc(r, "t1").bytes, quake.size() + 7) << "the \\r of a CRLF line end is not text";
    EXPECT_EQ(cluster_of(r, "lf.txt"), (std::vector<std::string>{"cr.txt", "crlf.txt", "lf.txt"}));
    EXPECT_EQ(cluster_of(r, "j1"), (std::vector<std::string>{"j1", "t1"}));
    EXPECT_EQ(cluster_of(r, "j2"), (std::vector<std::string>{"j2", "t2"}));
}

// ---- directories -----------------------------------------------------------------------------

/// A directory holding one good story and every kind of entry that cannot be read as root:
/// broken links, a link loop, links into /proc that open but fail, a FIFO, a socket, and a
/// directory link loop (not followed).
void make_hostile_tree(const fs::path& tree) {
    write_file(tree / "good.txt", quake);
    write_file(tree / "sub" / "copy.txt", quake);
    fs::create_symlink(tree / "nowhere.txt", tree / "dangling.txt");
    fs::create_symlink(tree / "loop-b.txt", tree / "loop-a.txt");
    fs::create_symlink(tree / "loop-a.txt", tree / "loop-b.txt");
    fs::create_symlink("self.txt", tree / "self.txt");
    fs::create_directory_symlink("..", tree / "sub" / "up");
    fs::create_directory_symlink(tree, tree / "sub" / "root");
    if (fs::exists("/proc/self/mem")) fs::create_symlink("/proc/self/mem", tree / "mem.txt");
    ASSERT_EQ(::mkfifo((tree / "fifo").c_str(), 0600), 0);
    const int sock = ::socket(AF_UNIX, SOCK_STREAM, 0);
    ASSERT_GE(sock, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    const std::string path = (tree / "socket").string();
    ASSERT_LT(path.size(), sizeof addr.sun_path);
    std::copy(path.begin(), path.end(), addr.sun_path);
    ASSERT_EQ(::bind(sock, reinterpret_cast<const sockaddr*>(&addr), sizeof addr), 0);
    ::close(sock);
    write_file(tree / "locked.txt", bank);
    fs::permissions(tree / "locked.txt", fs::perms::none);
}

TEST(BadInput, UnreadableDirectoryEntriesAndSymlinkLoopsAreRejectedNotFatal) {
    scratch_dir dir;
    make_hostile_tree(dir / "tree");
    const bool have_mem = fs::exists("/proc/self/mem");
    const auto r = dedup({(dir / "tree").string()}, one_thread());
    const auto a = expect_accounted(r);
    EXPECT_EQ(a.records, have_mem ? 10U : 9U);
    EXPECT_EQ(cluster_of(r, "good.txt"), (std::vector<std::string>{"good.txt", "sub/copy.txt"}));
    for (const char* id : {"dangling.txt", "loop-a.txt", "loop-b.txt", "self.txt", "fifo", "socket"}) {
        EXPECT_EQ(doc(r, id).reason, reject_reason::unreadable) << id;
        EXPECT_FALSE(doc(r, id).detail.empty()) << id;
    }
    EXPECT_NE(doc(r, "loop-a.txt").detail.find("symbolic link"), std::string::npos) << doc(r, "loop-a.txt").detail;
    EXPECT_EQ(doc(r, "fifo").detail, "not a regular file");
    if (have_mem) {
        EXPECT_EQ(doc(r, "mem.txt").reason, reject_reason::unreadable);
    }
    // Root reads a file whatever its mode; anyone else cannot.
    EXPECT_EQ(doc(r, "locked.txt").reason, ::geteuid() == 0 ? reject_reason::none : reject_reason::unreadable);
}

TEST(BadInput, SymlinkLoopGivenAsInputIsUnreadableButAMissingPathIsAnError) {
    scratch_dir dir;
    fs::create_symlink(dir / "loop.jsonl", dir / "loop.jsonl");
    write_file(dir / "ok.jsonl", jsonl("ok", quake));
    const auto r = dedup({(dir / "loop.jsonl").string(), (dir / "ok.jsonl").string()}, one_thread());
    const auto a = expect_accounted(r);
    EXPECT_EQ(a.records, 2U);
    EXPECT_EQ(r.documents[0].reason, reject_reason::unreadable);
    EXPECT_EQ(r.documents[1].reason, reject_reason::none);

    fs::create_symlink(dir / "nowhere.jsonl", dir / "dangling.jsonl");
    EXPECT_THROW(dedup({(dir / "dangling.jsonl").string()}, one_thread()), error);
    EXPECT_THROW(dedup({(dir / "missing").string()}, one_thread()), error);
}

// ---- inputs that change during a run -----------------------------------------------------------

// dedup() reads its input three times; a file that grows, shrinks or breaks between passes
// (a crawl still writing) would misalign document indices. It must stop with an error instead.
TEST(BadInput, InputThatChangesBetweenPassesIsAnErrorNotACrash) {
    for (const char* change : {"grow", "shrink", "break"}) {
        SCOPED_TRACE(change);
        scratch_dir dir;
        const auto file = dir / "growing.jsonl";
        write_file(file, jsonl("a", quake) + jsonl("b", bank) + jsonl("c", quake + " again"));
        bool changed = false;
        const progress_fn progress = [&](std::string_view stage, std::uint64_t) {
            if (stage != "read" || changed) return;
            changed = true;
            const std::string now = read_file(file);
            if (std::string(change) == "grow") write_file(file, now + jsonl("d", bank + " again") + jsonl("e", quake));
            if (std::string(change) == "shrink") write_file(file, jsonl("a", quake));
            if (std::string(change) == "break") write_file(file, jsonl("a", quake) + "not json\n" + jsonl("c", quake));
        };
        try {
            dedup({file.string()}, one_thread(), progress);
            ADD_FAILURE() << "no error";
        } catch (const error& e) {
            EXPECT_NE(std::string(e.what()).find("changed while"), std::string::npos) << e.what();
        }
        EXPECT_TRUE(changed);
    }
}

// ---- the binary ------------------------------------------------------------------------------

#ifdef WIREDUP_CLI_PATH

const std::string cli = WIREDUP_CLI_PATH;

std::string quoted(const fs::path& p) { return "'" + p.string() + "'"; }

/// Rows of rejects.tsv after its header, by "source\tline\tid" -> reason.
std::map<std::string, std::string> read_rejects(const fs::path& file) {
    std::map<std::string, std::string> rows;
    std::istringstream in(read_file(file));
    std::string line;
    std::getline(in, line);
    EXPECT_EQ(line, "source\tline\tid\treason\tdetail");
    while (std::getline(in, line)) {
        std::vector<std::string> cols;
        std::size_t at = 0;
        for (std::size_t tab; (tab = line.find('\t', at)) != std::string::npos; at = tab + 1) cols.push_back(line.substr(at, tab - at));
        cols.push_back(line.substr(at));
        EXPECT_EQ(cols.size(), 5U) << line;
        if (cols.size() == 5) rows[cols[0] + "\t" + cols[1] + "\t" + cols[2]] = cols[3];
    }
    return rows;
}

TEST(BadInputCli, MixedBadInputExitsZeroAndListsEveryReject) {
    scratch_dir dir;
    make_hostile_tree(dir / "tree");
    const std::string tree = (dir / "tree").string();
    write_file(dir / "bad.jsonl", jsonl("j1", quake) + "not json\n" + jsonl("j2", "") + "{\"id\": \"j3\"}\n" +
                                      jsonl("j1", bank) + jsonl("j4", "too short"));
    write_file(dir / "cut.jsonl.gz", compress(codec::gzip, jsonl("z1", bank)).substr(0, 30));
    std::string err;
    const int code = run(cli + " dedup " + quoted(dir / "tree") + " " + quoted(dir / "bad.jsonl") + " " +
                             quoted(dir / "cut.jsonl.gz") + " -j 2 --out " + quoted(dir / "out") + " 2>&1",
                         &err);
    ASSERT_EQ(code, 0) << err;
    const auto rejects = read_rejects(dir / "out" / "rejects.tsv");
    const std::string bad = (dir / "bad.jsonl").string();
    const std::map<std::string, std::string> expected_jsonl{
        {bad + "\t2\t", "malformed"}, {bad + "\t3\tj2", "empty"}, {bad + "\t4\tj3", "missing_text"},
        {bad + "\t5\tj1", "duplicate_id"}, {bad + "\t6\tj4", "too_short"},
        {(dir / "cut.jsonl.gz").string() + "\t1\t", "corrupt_stream"},
        {tree + "/dangling.txt\t0\tdangling.txt", "unreadable"}, {tree + "/fifo\t0\tfifo", "unreadable"},
        {tree + "/loop-a.txt\t0\tloop-a.txt", "unreadable"}};
    for (const auto& [key, reason] : expected_jsonl) {
        const auto it = rejects.find(key);
        ASSERT_NE(it, rejects.end()) << key << "\n" << read_file(dir / "out" / "rejects.tsv");
        EXPECT_EQ(it->second, reason) << key;
    }
    // The summary adds up: 10 (or 9) tree entries + 6 lines + 1 broken stream.
    const std::size_t records = (fs::exists("/proc/self/mem") ? 10 : 9) + 6 + 1;
    const std::size_t rejected = rejects.size();
    EXPECT_NE(err.find(std::to_string(records) + " records read"), std::string::npos) << err;
    EXPECT_NE(err.find("rejected " + std::to_string(rejected) + " = " + std::to_string(records) + " records"),
              std::string::npos)
        << err;
    EXPECT_EQ(read_file(dir / "out" / "clusters.jsonl"),
              "{\"cluster_id\": 0, \"canonical\": \"good.txt\", \"size\": 3, \"members\": [\"good.txt\", "
              "\"sub/copy.txt\", \"j1\"]}\n");
}

TEST(BadInputCli, StandardInputWithBadLinesIsAccountedUnderDash) {
    scratch_dir dir;
    write_file(dir / "in.jsonl", jsonl("a", quake) + "{broken\n" + jsonl("b", quake + " too") + "\xFF\xFE\n");
    std::string err;
    ASSERT_EQ(run("cat " + quoted(dir / "in.jsonl") + " | " + cli + " dedup - --out " + quoted(dir / "out") + " 2>&1",
                  &err),
              0)
        << err;
    const auto rejects = read_rejects(dir / "out" / "rejects.tsv");
    EXPECT_EQ(rejects, (std::map<std::string, std::string>{{"-\t2\t", "malformed"}, {"-\t4\t", "malformed"}}));
    EXPECT_NE(err.find("kept 1 (0 unique + 1 canonical), grouped as copies 1, rejected 2 = 4 records"),
              std::string::npos)
        << err;
}

TEST(BadInputCli, HugeFileIsRejectedByDefaultAndMissingInputExitsOne) {
    scratch_dir dir;
    const std::size_t bytes = std::size_t{100} << 20;  // over the default 64 MiB limit; sparse, so cheap
    write_file(dir / "tree" / "small.txt", "");
    write_file(dir / "tree" / "huge.txt", "");
    fs::resize_file(dir / "tree" / "huge.txt", bytes);
    std::string err;
    ASSERT_EQ(run(cli + " dedup " + quoted(dir / "tree") + " --out " + quoted(dir / "out") + " 2>&1", &err), 0) << err;
    const auto rejects = read_rejects(dir / "out" / "rejects.tsv");
    EXPECT_EQ(rejects.at((dir / "tree" / "huge.txt").string() + "\t0\thuge.txt"), "too_large");
    EXPECT_EQ(rejects.at((dir / "tree" / "small.txt").string() + "\t0\tsmall.txt"), "empty");

    EXPECT_EQ(run(cli + " dedup " + quoted(dir / "missing.jsonl") + " --out " + quoted(dir / "o2") + " 2>&1", &err), 1);
    EXPECT_EQ(err, "wiredup: error: corpus: input '" + (dir / "missing.jsonl").string() + "' does not exist\n");
    fs::create_symlink(dir / "nowhere", dir / "dangling.jsonl");
    EXPECT_EQ(run(cli + " dedup " + quoted(dir / "dangling.jsonl") + " --out " + quoted(dir / "o3") + " 2>&1", &err), 1);
    EXPECT_NE(err.find("wiredup: error:"), std::string::npos) << err;
}

#endif

} // namespace
} // namespace wiredup::test
