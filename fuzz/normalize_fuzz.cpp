// Fuzz target for stage 2, normalize: any bytes give tokens joined by single spaces in lines
// joined by single newlines, valid UTF-8, and a fixed point (normalizing again changes nothing);
// the line census and keep_content() take whatever normalize() gives, and the census of the raw
// bytes (add_raw, which skips long lines unnormalized) marks exactly the lines add() marks.
#include "fuzz_support.hpp"

#include <wiredup/normalize.hpp>

#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view raw(reinterpret_cast<const char*>(data), size);
    const wiredup::normalized_text n = wiredup::normalize(raw);
    FUZZ_CHECK(n.invalid_bytes <= size);
    const std::string& t = n.text;
    if (!t.empty()) {
        FUZZ_CHECK(t.front() != ' ' && t.front() != '\n' && t.back() != ' ' && t.back() != '\n');
    }
    for (const std::string_view bad : {"  ", "\n\n", " \n", "\n "}) FUZZ_CHECK(t.find(bad) == std::string::npos);

    const wiredup::normalized_text again = wiredup::normalize(t);
    FUZZ_CHECK(again.invalid_bytes == 0);
    FUZZ_CHECK(again.text == t);

    wiredup::line_census census(wiredup::boilerplate_options{.enabled = true, .max_tokens = 4, .min_documents = 1});
    census.add(n);
    census.finish();
    wiredup::line_census raw_census(wiredup::boilerplate_options{.enabled = true, .max_tokens = 4, .min_documents = 1});
    raw_census.add_raw(raw);
    raw_census.finish();
    FUZZ_CHECK(raw_census.furniture_lines() == census.furniture_lines());
    for (std::string_view rest = t; !rest.empty();) {
        const auto end = rest.find('\n');
        FUZZ_CHECK(raw_census.is_furniture(wiredup::line_key(rest.substr(0, end))) ==
                   census.is_furniture(wiredup::line_key(rest.substr(0, end))));
        rest = end == std::string_view::npos ? std::string_view{} : rest.substr(end + 1);
    }
    wiredup::line_filter_stats stats;
    const std::string kept = wiredup::keep_content(n, &census, &stats);
    FUZZ_CHECK(kept.size() <= t.size());
    FUZZ_CHECK(stats.furniture + stats.repeated <= stats.lines);
    const std::string all = wiredup::keep_content(n, nullptr, &stats);
    FUZZ_CHECK(stats.furniture == 0);
    FUZZ_CHECK(all.size() <= t.size());
    return 0;
}
