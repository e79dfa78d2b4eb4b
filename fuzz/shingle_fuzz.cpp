// Fuzz target for stage 3, shingle: the first byte picks the kind, width and number masking,
// the rest is text, shingled both as normalize() gives it and raw. A set is sorted and unique,
// has at most units - k + 1 members, is empty exactly when the text is shorter than one shingle
// (normalized text), and is its own perfect match.
#include "fuzz_support.hpp"

#include <wiredup/normalize.hpp>
#include <wiredup/shingle.hpp>

#include <algorithm>
#include <string_view>

namespace {

void check(const wiredup::shingler& s, std::string_view text, bool normalized) {
    const wiredup::shingle_set set = s.shingle(text);
    FUZZ_CHECK(std::adjacent_find(set.begin(), set.end(), std::greater_equal<>()) == set.end());
    const std::size_t units = s.units(text);
    const std::size_t k = s.options().width;
    if (units < k) {
        FUZZ_CHECK(set.empty());
    } else {
        FUZZ_CHECK(set.size() <= units - k + 1);
        if (normalized) FUZZ_CHECK(!set.empty());
    }
    FUZZ_CHECK(wiredup::intersection_size(set, set) == set.size());
    FUZZ_CHECK(wiredup::jaccard(set, set) == (set.empty() ? 0.0 : 1.0));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    wiredup::shingle_options options;
    options.kind = (data[0] & 1) != 0 ? wiredup::shingle_kind::chars : wiredup::shingle_kind::word;
    options.mask_numbers = (data[0] & 2) != 0;
    options.width = 1 + ((data[0] >> 2) % 8);
    const wiredup::shingler s(options);
    const std::string_view raw(reinterpret_cast<const char*>(data + 1), size - 1);
    check(s, wiredup::normalize(raw).text, true);
    check(s, raw, false);
    return 0;
}
