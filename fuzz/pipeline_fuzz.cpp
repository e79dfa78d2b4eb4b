// Fuzz target for the whole run: the bytes are a JSON Lines corpus given to dedup() (one
// thread, small limits). Whatever the corpus, the accounting must add up: one document_info
// per record, every record kept, grouped as a copy or rejected, each used document in at most
// one cluster, pairs and clusters only between used documents.
#include "fuzz_support.hpp"

#include <wiredup/pipeline.hpp>

#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const wiredup::fuzz::scratch_file file("input.jsonl");
    wiredup::pipeline_options options;
    options.threads = 1;
    options.read.max_document_bytes = 512;
    options.boilerplate.min_documents = 2;  // furniture needs a census of a few documents only
    options.shingle.width = 3;
    options.band.bands = 32;  // the shape chosen for the default threshold, without choosing it
    options.band.rows = 2;    // again for every input (numeric integration, most of a small run)
    const std::string& path = file.write(data, size);
    const wiredup::dedup_result r = wiredup::dedup({path}, options);

    std::size_t records = 0;
    {
        wiredup::corpus_reader reader({path}, options.read);
        wiredup::record rec;
        while (reader.next(rec)) ++records;
    }
    const auto& st = r.stats;
    FUZZ_CHECK(st.records == records && r.documents.size() == records);
    std::size_t rejected = 0;
    for (const auto& d : r.documents) rejected += d.reason != wiredup::reject_reason::none ? 1 : 0;
    FUZZ_CHECK(st.rejected == rejected);
    std::vector<int> cluster_of(records, -1);
    std::size_t grouped = 0;
    for (std::size_t c = 0; c < r.clusters.size(); ++c) {
        const auto& cl = r.clusters[c];
        FUZZ_CHECK(cl.members.size() >= 2);
        bool has_canonical = false;
        for (const auto m : cl.members) {
            FUZZ_CHECK(m < records && cluster_of[m] == -1);
            FUZZ_CHECK(r.documents[m].reason == wiredup::reject_reason::none);
            cluster_of[m] = static_cast<int>(c);
            has_canonical = has_canonical || m == cl.canonical;
        }
        FUZZ_CHECK(has_canonical);
        grouped += cl.members.size() - 1;
    }
    FUZZ_CHECK(grouped == st.duplicates);
    const std::size_t kept = records - rejected - grouped;
    FUZZ_CHECK(kept + grouped + rejected == st.records);
    for (const auto& p : r.pairs) {
        FUZZ_CHECK(p.a < p.b && p.b < records);
        FUZZ_CHECK(cluster_of[p.a] != -1 && cluster_of[p.a] == cluster_of[p.b]);
    }
    return 0;
}
