// The one exception type of wiredup: raised for what the caller cannot prevent
// (an unreadable path, invalid options). Bad documents are data, not errors: see rejection.
#pragma once

#include <stdexcept>
#include <string>

namespace wiredup {

/// Raised for failures the caller cannot prevent; the message names the value and the rule.
class error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

} // namespace wiredup
