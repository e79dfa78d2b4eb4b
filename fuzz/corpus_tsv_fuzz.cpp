// Fuzz target for stage 1, read: the bytes are a TSV file (id<TAB>text per line). Checks the
// reader's record invariants (fuzz_support.hpp), that a used record splits its line at the
// first tab, and that every byte of the file is accounted for.
#include "fuzz_support.hpp"

#include <algorithm>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const wiredup::fuzz::scratch_file file("input.tsv");
    wiredup::corpus_options options;
    options.max_document_bytes = 64;
    options.keep_raw = true;
    const std::string& path = file.write(data, size);
    const auto records = wiredup::fuzz::read_checked({path}, options);
    const auto lines = static_cast<std::size_t>(std::count(data, data + size, '\n')) + 1;
    FUZZ_CHECK(records.size() <= lines);
    for (const auto& r : records) {
        FUZZ_CHECK(r.where.line >= 1 && r.where.line <= lines);
        if (r.reason != wiredup::reject_reason::none) continue;
        FUZZ_CHECK(r.id.find('\t') == std::string::npos);
        FUZZ_CHECK(r.raw == r.id + '\t' + r.text);
    }
    wiredup::corpus_reader reader({path}, options);
    wiredup::record r;
    while (reader.next(r)) {
    }
    FUZZ_CHECK(reader.bytes_read() == size);
    return 0;
}
