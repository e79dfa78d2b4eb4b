// The temporary file pass 2 writes for the confirm stage (src/detail/spill.hpp): records come
// back as they were packed, by offset, whatever was appended around them.
#include "../src/detail/confirm_store.hpp"
#include "../src/detail/spill.hpp"

#include <gtest/gtest.h>

#include <random>
#include <vector>

namespace wiredup::detail {
namespace {

struct document {
    std::vector<std::uint32_t> all, masked;
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
    for (std::size_t i = 0; i < terms; ++i) d.counts.emplace_back(rng(), static_cast<std::uint32_t>(1 + rng() % 40));
    std::sort(d.counts.begin(), d.counts.end());
    return d;
}

TEST(SpillFile, RecordsComeBackByOffset) {
    std::mt19937_64 rng(5);
    spill_file file;
    std::vector<document> documents;
    std::vector<std::uint64_t> offsets;
    for (int batch = 0; batch < 20; ++batch) {
        std::vector<std::uint64_t> words;
        std::vector<std::size_t> starts;
        for (int i = 0; i < 7; ++i) {
            // Empty sets and odd sizes too: records must stay 8-byte aligned.
            documents.push_back(random_document(rng, (batch * 7 + i) % 9 == 0 ? 0 : rng() % 300, rng() % 50));
            starts.push_back(words.size());
            encode_spilled(words, documents.back().all, documents.back().masked, documents.back().counts);
            EXPECT_EQ(spilled_words(words.data() + starts.back()), words.size() - starts.back());
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
        EXPECT_TRUE(std::equal(record.all.begin(), record.all.end(), expected.all.begin(), expected.all.end())) << d;
        EXPECT_TRUE(std::equal(record.masked.begin(), record.masked.end(), expected.masked.begin(), expected.masked.end()))
            << d;
        ASSERT_EQ(record.terms.size(), expected.counts.size()) << d;
        for (std::size_t t = 0; t < record.terms.size(); ++t) {
            EXPECT_EQ(record.terms[t], expected.counts[t].first);
            EXPECT_EQ(record.counts[t], expected.counts[t].second);
        }
    }
}

TEST(SpillFile, ReadingPastTheEndIsAnError) {
    spill_file file;
    const std::vector<std::uint64_t> words{1, 2, 3};
    file.append(words);
    std::vector<std::uint64_t> out(4);
    EXPECT_THROW(file.read(0, out), error);
}

// pack() gives what the store's 64-bit add() stores: the flag marks the number windows.
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
    confirm_store store(3, 10);
    store.add(11, all, numeric, masked);
    const auto sets = store.of(11);
    EXPECT_TRUE(std::equal(sets.all.begin(), sets.all.end(), packed_all.begin(), packed_all.end()));
    EXPECT_TRUE(std::equal(sets.masked.begin(), sets.masked.end(), packed_masked.begin(), packed_masked.end()));
    std::size_t flagged = 0;
    for (const std::uint32_t v : packed_all) flagged += v & 1u;
    EXPECT_EQ(flagged, numeric.size());
    EXPECT_TRUE(std::is_sorted(packed_all.begin(), packed_all.end()));
}

} // namespace
} // namespace wiredup::detail
