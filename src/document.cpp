// Vocabulary shared by every stage: the stable names of rejection reasons and relations.
#include <wiredup/document.hpp>

namespace wiredup {

std::string_view to_string(reject_reason reason) noexcept {
    switch (reason) {
    case reject_reason::none: return "none";
    case reject_reason::unreadable: return "unreadable";
    case reject_reason::corrupt_stream: return "corrupt_stream";
    case reject_reason::malformed: return "malformed";
    case reject_reason::missing_id: return "missing_id";
    case reject_reason::missing_text: return "missing_text";
    case reject_reason::duplicate_id: return "duplicate_id";
    case reject_reason::too_large: return "too_large";
    case reject_reason::empty: return "empty";
    case reject_reason::too_short: return "too_short";
    }
    return "unknown";
}

std::string_view to_string(relation rel) noexcept {
    switch (rel) {
    case relation::identical: return "identical";
    case relation::trimmed: return "trimmed";
    case relation::extended: return "extended";
    case relation::rewrite: return "rewrite";
    }
    return "unknown";
}

} // namespace wiredup
