// What the confirm stage keeps of documents: the temporary file pass 2 writes
// (src/detail/spill.hpp), whose records come back as they were packed, by offset, whatever was
// appended around them; the packed sets; and the kernel that intersects them.
#include "../src/detail/confirm_store.hpp"
#include "../src/detail/intersect_kernel.hpp"
#include "../src/detail/spill.hpp"
#include "test_support.hpp"

#include <gtest/gtest.h>
#include <hwy/targets.h>

#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace wiredup::detail {
namespace {

struct document {
    std::vector<std::uint8_t> signature;
    std::vector<std::uint32_t> all, masked;
    std::vector<std::uint32_t> numbers;  // each term's census number
    term_counts counts;
};

document random_document(std::mt19937_64& rng, std::size_t shingles, std::size_t terms) {
    shingle_set all, numeric, masked;
    for (std::size_t i = 0; i < shingles; ++i) all.push_back(rng());
    std::sort(all.begin(), all.end());
    for (std::size_t i = 0; i < shingles; i += 5) numeric.push_back(all[i]);
    for (std::size_t i = 0; i < numeric.size(); ++i) masked.push_back(rng());
    std::sort(masked.begin(), masked.end());
    document d;
    confirm_store::pack(all, numeric, masked, d.all, d.masked);
    // Counts around the one-byte limit of 255 too, and one far above it.
    for (std::size_t i = 0; i < terms; ++i) {
        const std::uint32_t count = rng() % 4 == 0 ? static_cast<std::uint32_t>(250 + rng() % 10)
                                    : rng() % 50 == 0 ? 0xFFFFFFFFu
                                                      : static_cast<std::uint32_t>(1 + rng() % 40);
        d.counts.emplace_back(rng(), count);
        d.numbers.push_back(static_cast<std::uint32_t>(rng()));
    }
    std::sort(d.counts.begin(), d.counts.end());
    d.signature.resize(rng() % 3 == 0 ? 0 : 1 + rng() % 130);  // sizes not a multiple of 4 too
    for (auto& byte : d.signature) byte = static_cast<std::uint8_t>(rng());
    return d;
}

TEST(SpillFile, RecordsComeBackByOffset) {
    std::mt19937_64 rng(5);
    spill_file file;
    std::vector<document> documents;
    std::vector<std::uint64_t> offsets;
    std::vector<std::size_t> sets_words;
    std::vector<std::uint32_t> cuts;  // each record's sample cut: any value, 0 and the top too
    for (int batch = 0; batch < 20; ++batch) {
        std::vector<std::uint64_t> words;
        std::vector<std::size_t> starts;
        for (int i = 0; i < 7; ++i) {
            // Empty sets and odd sizes too: records must stay 8-byte aligned.
            documents.push_back(random_document(rng, (batch * 7 + i) % 9 == 0 ? 0 : rng() % 300, rng() % 50));
            starts.push_back(words.size());
            const document& d = documents.back();
            cuts.push_back(i == 0 ? 0u : i == 1 ? 0xFFFFFFFFu : static_cast<std::uint32_t>(rng()));
            sets_words.push_back(encode_spilled(words, d.signature, d.all, d.masked, d.numbers, d.counts, cuts.back()));
            EXPECT_EQ(spilled_words(words.data() + starts.back()), words.size() - starts.back());
            EXPECT_EQ(sets_words.back(), spilled_sets_words(d.signature.size(), d.all.size(), d.masked.size()));
        }
        const std::uint64_t at = file.append(words);
        for (const std::size_t start : starts) offsets.push_back(at + start);
    }
    offsets.push_back(file.words());
    for (std::size_t d = documents.size(); d-- > 0;) {  // backwards: reads do not depend on order
        std::vector<std::uint64_t> words(offsets[d + 1] - offsets[d]);
        file.read(offsets[d], words);
        const spilled record = decode_spilled(words);
        const document& expected = documents[d];
        const auto below = static_cast<std::size_t>(
            std::count_if(expected.all.begin(), expected.all.end(), [&](std::uint32_t v) { return v < cuts[d]; }));
        EXPECT_EQ(record.sampled, below) << d;
        EXPECT_TRUE(std::equal(record.signature.begin(), record.signature.end(), expected.signature.begin(),
                               expected.signature.end()))
            << d;
        EXPECT_TRUE(std::equal(record.all.begin(), record.all.end(), expected.all.begin(), expected.all.end())) << d;
        EXPECT_TRUE(std::equal(record.masked.begin(), record.masked.end(), expected.masked.begin(), expected.masked.end()))
            << d;
        ASSERT_EQ(record.terms.size(), expected.counts.size()) << d;
        std::vector<std::uint32_t> counts;
        record.read_counts(counts);
        ASSERT_EQ(counts.size(), expected.counts.size()) << d;
        for (std::size_t t = 0; t < record.terms.size(); ++t) {
            EXPECT_EQ(record.terms[t], expected.numbers[t]);
            EXPECT_EQ(counts[t], expected.counts[t].second);
        }
        // The front alone holds the sets.
        std::vector<std::uint64_t> front(sets_words[d]);
        file.read(offsets[d], front);
        const spilled sets = decode_spilled(front, true);
        EXPECT_TRUE(std::equal(sets.signature.begin(), sets.signature.end(), expected.signature.begin(),
                               expected.signature.end()))
            << d;
        EXPECT_TRUE(std::equal(sets.all.begin(), sets.all.end(), expected.all.begin(), expected.all.end())) << d;
        EXPECT_TRUE(std::equal(sets.masked.begin(), sets.masked.end(), expected.masked.begin(), expected.masked.end())) << d;
        EXPECT_TRUE(sets.terms.empty() && sets.counts.empty() && sets.large.empty()) << d;
        EXPECT_EQ(sets.sampled, below) << d;
    }
}

// A document without number windows (or without shingles) has empty sets, whose data() may be
// null: found by the pipeline fuzz target under UBSan.
TEST(SpillFile, EmptySetsMakeAHeaderOnlyRecord) {
    std::vector<std::uint64_t> words;
    encode_spilled(words, std::span<const std::uint8_t>{}, std::span<const std::uint32_t>{},
                   std::span<const std::uint32_t>{}, std::span<const std::uint32_t>{}, term_counts{}, 1u << 30);
    ASSERT_EQ(words.size(), 3u);  // six 32-bit words of header
    EXPECT_EQ(spilled_words(words.data()), 3u);
    const spilled record = decode_spilled(words);
    EXPECT_TRUE(record.signature.empty());
    EXPECT_TRUE(record.all.empty());
    EXPECT_TRUE(record.masked.empty());
    EXPECT_TRUE(record.terms.empty());
    EXPECT_EQ(record.sampled, 0u);
}

// The pipeline numbers a batch's terms in the batch's census and renumbers them in the run's
// when the batch is merged: only the numbers change.
TEST(SpillFile, RenumberingChangesOnlyTheTermNumbers) {
    std::mt19937_64 rng(17);
    const document d = random_document(rng, 120, 40);
    std::vector<std::uint32_t> local(d.numbers.size()), renumbered(d.numbers.size());
    for (std::size_t t = 0; t < local.size(); ++t) {
        local[t] = static_cast<std::uint32_t>(t);
        renumbered[t] = static_cast<std::uint32_t>(1000 + 7 * t);
    }
    std::vector<std::uint64_t> words(3, 0xABCD);  // a record that does not start the buffer
    encode_spilled(words, d.signature, d.all, d.masked, local, d.counts, 1u << 30);
    const std::vector<std::uint64_t> before(words);
    renumber_spilled(words.data() + 3, renumbered);
    const spilled record = decode_spilled(std::span<const std::uint64_t>(words).subspan(3));
    ASSERT_EQ(record.terms.size(), local.size());
    for (std::size_t t = 0; t < local.size(); ++t) EXPECT_EQ(record.terms[t], renumbered[t]);
    EXPECT_TRUE(std::equal(record.all.begin(), record.all.end(), d.all.begin(), d.all.end()));
    std::vector<std::uint32_t> counts;
    record.read_counts(counts);
    for (std::size_t t = 0; t < counts.size(); ++t) EXPECT_EQ(counts[t], d.counts[t].second);
    std::size_t changed = 0;
    for (std::size_t w = 0; w < words.size(); ++w) changed += words[w] != before[w];
    EXPECT_EQ(changed, (local.size() + 1) / 2);  // the words of the numbers, and no other
}

TEST(SpillFile, ReadingPastTheEndIsAnError) {
    spill_file file;
    const std::vector<std::uint64_t> words{1, 2, 3};
    file.append(words);
    std::vector<std::uint64_t> out(4), buffer;
    EXPECT_THROW(file.read(0, out), error);
    EXPECT_THROW(file.fetch(1, 3, buffer), error);
    file.map();
    EXPECT_THROW(file.fetch(1, 3, buffer), error);
}

// The names of this process's open files that lie in `dir` (an unnamed file reads as
// "dir/#inode (deleted)").
std::vector<std::string> open_files_in(const std::filesystem::path& dir) {
    std::vector<std::string> found;
    for (const auto& fd : std::filesystem::directory_iterator("/proc/self/fd")) {
        std::error_code ec;
        const std::string target = std::filesystem::read_symlink(fd.path(), ec).string();
        if (!ec && target.rfind(dir.string() + "/", 0) == 0) found.push_back(target);
    }
    return found;
}

// The file goes where TMPDIR says, as the README tells users (std::tmpfile() used /tmp
// whatever it said), leaves no name behind, and a directory it cannot be made in is named in
// the error.
TEST(SpillFile, LiesInTmpdirUnnamed) {
    const auto dir = std::filesystem::temp_directory_path() / ("wiredup-spill-test-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    const char* was = std::getenv("TMPDIR");
    const std::string saved = was != nullptr ? was : "";
    ::setenv("TMPDIR", dir.c_str(), 1);
    {
        spill_file file;
        EXPECT_EQ(file.directory(), dir);
        file.append(std::vector<std::uint64_t>{1, 2, 3});
        EXPECT_EQ(open_files_in(dir).size(), 1u);
        EXPECT_TRUE(std::filesystem::is_empty(dir));  // nothing to list, nothing left to remove
    }
    EXPECT_TRUE(open_files_in(dir).empty());
    if (was != nullptr) ::setenv("TMPDIR", saved.c_str(), 1);
    else ::unsetenv("TMPDIR");
    std::filesystem::remove_all(dir);
    try {
        spill_file missing(dir / "no-such-directory");
        ADD_FAILURE() << "a spill file in a missing directory";
    } catch (const error& e) {
        EXPECT_NE(std::string(e.what()).find("no-such-directory"), std::string::npos) << e.what();
    }
}

// The pipeline lets the file go as soon as confirmation is done, on another thread, before the
// run's state is destroyed: release() closes it, mapped or not, and once is enough.
TEST(SpillFile, ReleaseLetsTheFileGoBeforeTheObject) {
    const auto dir = std::filesystem::temp_directory_path() / ("wiredup-release-test-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    for (const bool mapped : {false, true}) {
        spill_file file(dir);
        file.append(std::vector<std::uint64_t>(1 << 12, 7));
        if (mapped) file.map();
        EXPECT_EQ(open_files_in(dir).size(), 1u) << mapped;
        file.release();
        EXPECT_TRUE(open_files_in(dir).empty()) << mapped;
        file.release();
    }
    std::filesystem::remove_all(dir);
}

// Confirmation maps the file and lets pages go as it moves on: what fetch() gives is what was
// appended, read or mapped, before and after forget(), and a mapped file takes no more records.
TEST(SpillFile, MappedRecordsAreTheAppendedOnes) {
    spill_file file;
    std::vector<std::uint64_t> written(3 << 16);  // several pages
    std::mt19937_64 rng(21);
    for (auto& w : written) w = rng();
    file.append(std::span(written).first(1000));
    file.append(std::span(written).subspan(1000));
    std::vector<std::uint64_t> buffer;
    const auto read = file.fetch(70000, 5000, buffer);
    EXPECT_TRUE(std::equal(read.begin(), read.end(), written.begin() + 70000));
    file.map();
    for (int round = 0; round < 2; ++round) {
        for (const std::uint64_t at : {0ul, 999ul, 70001ul, written.size() - 7}) {
            const auto view = file.fetch(at, 7, buffer);
            EXPECT_TRUE(std::equal(view.begin(), view.end(), written.begin() + static_cast<std::ptrdiff_t>(at))) << at;
        }
        file.forget(3, 70000);  // not page-aligned: whole pages around it go
        file.forget(0, file.words());
    }
    EXPECT_THROW(file.append(std::span(written).first(1)), error);
}

// Confirmation discards each block's part of the file once no block reads it again: every word
// from the given end on still reads back as appended, mapped or not, the page it shares with the
// discarded part included; an end before one already discarded changes nothing; and the hole
// gives the file system's blocks back (where it can punch holes: ext4, xfs, tmpfs and btrfs
// can; elsewhere the pages stay until the file is closed, and only the words are checked).
TEST(SpillFile, DiscardingTheFrontKeepsEveryLaterWord) {
    const auto dir = std::filesystem::temp_directory_path() / ("wiredup-discard-test-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    for (const bool mapped : {false, true}) {
        spill_file file(dir);
        std::vector<std::uint64_t> written(1 << 18);  // 2 MB
        std::mt19937_64 rng(mapped ? 5 : 6);
        for (auto& w : written) w = rng() | 1;  // no zero word, which a hole would read as
        file.append(written);
        if (mapped) file.map();
        const auto blocks = [&]() -> long long {  // the file's, through its descriptor: it has no name
            for (const auto& fd : std::filesystem::directory_iterator("/proc/self/fd")) {
                std::error_code ec;
                struct stat st {};
                if (std::filesystem::read_symlink(fd.path(), ec).string().rfind(dir.string() + "/", 0) == 0 && !ec &&
                    ::stat(fd.path().c_str(), &st) == 0)
                    return st.st_blocks;
            }
            return -1;
        };
        const auto before = blocks();
        bool punches = false;  // whether this file system can
        {
            const int probe = ::open(dir.c_str(), O_RDWR | O_TMPFILE | O_CLOEXEC, 0600);
            const std::vector<char> page(1 << 16, 1);
            punches = probe >= 0 && ::write(probe, page.data(), page.size()) == static_cast<ssize_t>(page.size()) &&
                      ::fallocate(probe, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE, 0, 1 << 16) == 0;
            if (probe >= 0) ::close(probe);
        }
        std::vector<std::uint64_t> buffer;
        const std::uint64_t end = (1 << 17) + 3;  // past half the file, not on a page boundary
        file.discard_before(end);
        file.discard_before(1000);
        const auto view = file.fetch(end, written.size() - end, buffer);
        EXPECT_TRUE(std::equal(view.begin(), view.end(), written.begin() + end)) << mapped;
        file.discard_before(written.size() + 100);  // past the end: the whole file, and no more
        const auto after = blocks();
        if (punches && before > 0 && after >= 0) {
            EXPECT_LT(after, before / 4) << mapped;
        }
    }
    std::filesystem::remove_all(dir);
}

// Two shingles alike in their top 31 bits: with the same flag they become one value, with
// different flags two, in order whichever came first.
TEST(ConfirmStore, PackingMergesOrReordersShinglesAlikeInTheirTop31Bits) {
    const std::uint64_t x = 0x1234567800000000ULL, y = 0x9ABCDEF000000000ULL;
    const shingle_set all = {x, x + 1, x | (std::uint64_t{1} << 32), y, y + 1, y + 2};  // x and x | 2^32 differ in bit 32
    const shingle_set numeric = {y};                      // y flagged, y + 1 and y + 2 not
    std::vector<std::uint32_t> packed_all, packed_masked;
    confirm_store::pack(all, numeric, {}, packed_all, packed_masked);
    const auto top = [](std::uint64_t h) { return static_cast<std::uint32_t>(h >> 32) & ~1u; };
    EXPECT_EQ(packed_all, (std::vector<std::uint32_t>{top(x), top(y), top(y) | 1u}));
    EXPECT_TRUE(packed_masked.empty());
}

// pack() cuts to 31 bits and flags exactly the number windows; the store gives back the sets of
// the record fronts copied into it, whatever order they are filled in.
TEST(ConfirmStore, PackedSetsAreTheStoredOnes) {
    std::mt19937_64 rng(9);
    shingle_set all, numeric, masked;
    for (int i = 0; i < 200; ++i) all.push_back(rng());
    std::sort(all.begin(), all.end());
    for (std::size_t i = 0; i < all.size(); i += 3) numeric.push_back(all[i]);
    for (int i = 0; i < 40; ++i) masked.push_back(rng());
    std::sort(masked.begin(), masked.end());
    std::vector<std::uint32_t> packed_all, packed_masked;
    confirm_store::pack(all, numeric, masked, packed_all, packed_masked);
    std::vector<std::uint8_t> signature(127), other(5, 7);
    for (auto& byte : signature) byte = static_cast<std::uint8_t>(rng());
    std::vector<std::uint64_t> eleven, twelve;
    const std::vector<std::uint32_t> numbers = {0, 1};
    const std::uint32_t cut = 1u << 30;
    const auto front_eleven = encode_spilled(eleven, signature, packed_all, packed_masked, numbers, {{3, 1}, {9, 4}}, cut);
    const auto front_twelve = encode_spilled(twelve, other, packed_masked, packed_all, {}, {}, 0);
    const std::vector<std::uint32_t> kept = {0, static_cast<std::uint32_t>(front_eleven),
                                             static_cast<std::uint32_t>(front_twelve)};  // documents 10 .. 12
    confirm_store store(10, kept);
    ASSERT_EQ(store.room(10).size(), 0u);
    ASSERT_EQ(store.room(12).size(), front_twelve);
    std::copy_n(twelve.begin(), front_twelve, store.room(12).begin());
    std::copy_n(eleven.begin(), front_eleven, store.room(11).begin());
    // The count of shingles below the sample cut the records were written with comes back with
    // the sets: a quarter of a uniform set's, and none below a cut of 0.
    const auto sets = store.of(11);
    const auto below = static_cast<std::size_t>(std::count_if(packed_all.begin(), packed_all.end(), [&](std::uint32_t v) { return v < cut; }));
    EXPECT_EQ(sets.sampled, below);
    EXPECT_GT(below, 20u);
    EXPECT_LT(below, 90u);
    EXPECT_EQ(store.of(12).sampled, 0u);
    EXPECT_TRUE(std::equal(sets.signature.begin(), sets.signature.end(), signature.begin(), signature.end()));
    EXPECT_TRUE(std::equal(sets.all.begin(), sets.all.end(), packed_all.begin(), packed_all.end()));
    EXPECT_TRUE(std::equal(sets.masked.begin(), sets.masked.end(), packed_masked.begin(), packed_masked.end()));
    // Reset for another block, in the same memory: only the new block's documents are kept.
    confirm_store reused(10, kept);
    const std::vector<std::uint32_t> only_twelve = {static_cast<std::uint32_t>(front_twelve)};  // document 12
    reused.reset(12, only_twelve);
    ASSERT_EQ(reused.room(12).size(), front_twelve);
    std::copy_n(twelve.begin(), front_twelve, reused.room(12).begin());
    EXPECT_TRUE(std::equal(reused.of(12).all.begin(), reused.of(12).all.end(), packed_masked.begin(), packed_masked.end()));
    const auto first = store.of(12);
    EXPECT_TRUE(std::equal(first.signature.begin(), first.signature.end(), other.begin(), other.end()));
    EXPECT_TRUE(std::equal(first.all.begin(), first.all.end(), packed_masked.begin(), packed_masked.end()));
    std::size_t flagged = 0;
    for (const std::uint32_t v : packed_all) flagged += v & 1u;
    EXPECT_EQ(flagged, numeric.size());
    EXPECT_TRUE(std::is_sorted(packed_all.begin(), packed_all.end()));
    // The top 31 bits of each hash, the number flag below them.
    ASSERT_EQ(packed_all.size(), all.size());
    for (const std::uint64_t h : all) {
        const bool number = std::binary_search(numeric.begin(), numeric.end(), h);
        const std::uint32_t expected = (static_cast<std::uint32_t>(h >> 32) & ~1u) | (number ? 1u : 0u);
        EXPECT_TRUE(std::binary_search(packed_all.begin(), packed_all.end(), expected)) << h;
    }
}

// Every compiled target counts what the scalar merge counts, on sets whose sizes leave every
// kind of tail around whole vectors, with few, some and all values shared.
TEST(IntersectFlagged, EveryCompiledTargetMatchesTheScalarMerge) {
    std::mt19937_64 rng(13);
    struct pair_of_sets {
        std::vector<std::uint32_t> a, b;
    };
    std::vector<pair_of_sets> cases;
    for (const std::size_t na : {0u, 1u, 3u, 7u, 8u, 9u, 15u, 16u, 17u, 40u, 333u}) {
        for (const std::size_t nb : {0u, 1u, 8u, 16u, 31u, 100u, 500u}) {
            for (const unsigned shared_per_8 : {0u, 2u, 8u}) {
                std::vector<std::uint32_t> a, b;
                for (std::size_t i = 0; i < na; ++i) a.push_back(static_cast<std::uint32_t>(rng()));
                for (std::size_t i = 0; i < nb; ++i)
                    b.push_back(i < na && rng() % 8 < shared_per_8 ? a[i] : static_cast<std::uint32_t>(rng()));
                for (auto* v : {&a, &b}) {
                    std::sort(v->begin(), v->end());
                    v->erase(std::unique(v->begin(), v->end()), v->end());
                }
                cases.push_back({a, b});
            }
        }
    }
    // Runs of equal last values and values at both ends of the range.
    cases.push_back({{0, 1, 2, 3, 4, 5, 6, 7, 0xFFFFFFFFu}, {0, 2, 4, 6, 7, 8, 9, 10, 0xFFFFFFFFu}});
    const auto targets = hwy::SupportedAndGeneratedTargets();
    ASSERT_FALSE(targets.empty());
    std::size_t shared_somewhere = 0;
    for (const std::int64_t target : targets) {
        const test::forced_target forced(target);
        EXPECT_EQ(intersect_target(), hwy::TargetName(target)) << "dispatch did not follow the forced target";
        for (std::size_t c = 0; c < cases.size(); ++c) {
            const auto& [a, b] = cases[c];
            const shared_shingles expected = intersect_flagged_scalar(a, b);
            for (const auto& [x, y] : {std::pair{&a, &b}, std::pair{&b, &a}}) {
                const shared_shingles got = intersect_flagged(*x, *y);
                EXPECT_EQ(got.all, expected.all) << hwy::TargetName(target) << " case " << c;
                EXPECT_EQ(got.numeric, expected.numeric) << hwy::TargetName(target) << " case " << c;
            }
            shared_somewhere += expected.all;
        }
    }
    EXPECT_GT(shared_somewhere, 1000u);
    // The reference itself, by brute force on one case.
    const auto& [a, b] = cases[cases.size() - 2];
    std::size_t all = 0, numeric = 0;
    for (const std::uint32_t x : a)
        if (std::binary_search(b.begin(), b.end(), x)) ++all, numeric += x & 1u;
    EXPECT_EQ(intersect_flagged_scalar(a, b).all, all);
    EXPECT_EQ(intersect_flagged_scalar(a, b).numeric, numeric);
}

} // namespace
} // namespace wiredup::detail
