// Fuzz target for stage 1, read, through the decompressors: the first byte picks the codec
// (.gz, .bz2, .xz) and the layout (JSON Lines, TSV, one text), the rest is the compressed file.
// Damaged streams must become corrupt_stream records, never crashes or lost accounting.
#include "fuzz_support.hpp"

#include <array>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const std::array<wiredup::fuzz::scratch_file, 9> files{
        wiredup::fuzz::scratch_file("input.jsonl.gz"), wiredup::fuzz::scratch_file("input.jsonl.bz2"),
        wiredup::fuzz::scratch_file("input.jsonl.xz"), wiredup::fuzz::scratch_file("input.tsv.gz"),
        wiredup::fuzz::scratch_file("input.tsv.bz2"),  wiredup::fuzz::scratch_file("input.tsv.xz"),
        wiredup::fuzz::scratch_file("input.txt.gz"),   wiredup::fuzz::scratch_file("input.txt.bz2"),
        wiredup::fuzz::scratch_file("input.txt.xz"),
    };
    if (size == 0) return 0;
    const auto& file = files[data[0] % files.size()];
    wiredup::corpus_options options;
    options.max_document_bytes = 256;
    // Bounded by max_document_bytes and the line limit, so a decompression bomb costs time only.
    const auto records = wiredup::fuzz::read_checked({file.write(data + 1, size - 1)}, options);
    for (std::size_t i = 0; i < records.size(); ++i) {
        const auto reason = records[i].reason;
        if (reason == wiredup::reject_reason::corrupt_stream) FUZZ_CHECK(i + 1 == records.size());
        FUZZ_CHECK(reason != wiredup::reject_reason::unreadable);  // the file is always there
    }
    return 0;
}
