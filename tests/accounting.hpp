// Shared by the robustness tests (bad input, pathological corpora, determinism): the accounting
// every run must add up to, whatever its input, and small helpers to look records up.
#pragma once

#include <wiredup/pipeline.hpp>

#include <gtest/gtest.h>

#include <sys/resource.h>

#include <cstddef>
#include <string>
#include <vector>

namespace wiredup::test {

/// How the records of a run were used: kept (alone or canonical), grouped as copies, rejected.
struct accounting {
    std::size_t records = 0;
    std::size_t kept = 0;
    std::size_t grouped = 0;
    std::size_t rejected = 0;
};

/// Checks that a run accounts for every record exactly once, and returns the count. A used
/// document is in at most one cluster, clusters hold used documents only and have a canonical
/// member, pairs link members of one cluster, and the statistics agree with the documents.
inline accounting expect_accounted(const dedup_result& r) {
    accounting a;
    a.records = r.documents.size();
    EXPECT_EQ(r.stats.records, a.records);
    std::size_t by_reason = 0;
    for (const auto& d : r.documents) {
        EXPECT_LT(d.where.source, r.sources.size()) << d.id;
        if (d.reason != reject_reason::none) ++a.rejected;
    }
    for (const auto n : r.stats.rejected_by_reason) by_reason += n;
    EXPECT_EQ(r.stats.rejected, a.rejected);
    EXPECT_EQ(by_reason, a.rejected);
    EXPECT_EQ(r.stats.rejected_by_reason[0], 0U);

    std::vector<int> cluster_of(a.records, -1);
    for (std::size_t c = 0; c < r.clusters.size(); ++c) {
        const auto& cl = r.clusters[c];
        EXPECT_GE(cl.members.size(), 2U);
        bool has_canonical = false;
        for (const doc_index m : cl.members) {
            if (m >= a.records) {
                ADD_FAILURE() << "cluster member " << m << " out of range";
                continue;
            }
            EXPECT_EQ(cluster_of[m], -1) << "document " << m << " in two clusters";
            EXPECT_EQ(r.documents[m].reason, reject_reason::none) << "rejected document in a cluster";
            cluster_of[m] = static_cast<int>(c);
            has_canonical = has_canonical || m == cl.canonical;
        }
        EXPECT_TRUE(has_canonical) << "cluster " << c;
        a.grouped += cl.members.size() - 1;
    }
    for (const auto& p : r.pairs) {
        EXPECT_LT(p.a, p.b);
        if (p.b >= a.records) continue;
        EXPECT_NE(cluster_of[p.a], -1);
        EXPECT_EQ(cluster_of[p.a], cluster_of[p.b]);
    }
    EXPECT_EQ(r.stats.duplicates, a.grouped);
    EXPECT_EQ(r.stats.clusters, r.clusters.size());
    a.kept = a.records - a.rejected - a.grouped;
    EXPECT_EQ(a.kept + a.grouped + a.rejected, r.stats.records);
    return a;
}

/// The document with this id (the first one, if the id repeats); fails the test when absent.
inline const document_info& doc(const dedup_result& r, const std::string& id) {
    for (const auto& d : r.documents)
        if (d.id == id) return d;
    ADD_FAILURE() << "no document with id '" << id << "'";
    static const document_info none;
    return none;
}

/// Documents rejected for `reason`.
inline std::size_t count_reason(const dedup_result& r, reject_reason reason) {
    return r.stats.rejected_by_reason[static_cast<std::size_t>(reason)];
}

/// Peak resident memory of this process so far, in MiB (Linux reports ru_maxrss in KiB).
inline double peak_rss_mib() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

/// True in a build with AddressSanitizer, where big inputs are scaled down to keep CI fast.
constexpr bool address_sanitized() {
#if defined(__SANITIZE_ADDRESS__)
    return true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
    return true;
#else
    return false;
#endif
#else
    return false;
#endif
}

} // namespace wiredup::test
