// Private to the read stage: sequential, bounded, non-throwing reading of one (possibly
// compressed) input file through Boost.Iostreams.
#include "corpus_stream.hpp"

#include <boost/iostreams/filter/bzip2.hpp>
#include <boost/iostreams/filter/gzip.hpp>
#include <boost/iostreams/filter/lzma.hpp>
#include <boost/iostreams/filter/zlib.hpp>
#include <boost/iostreams/filtering_streambuf.hpp>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <system_error>

namespace wiredup::detail {
namespace {

namespace io = boost::iostreams;

constexpr std::size_t buffer_bytes = std::size_t{64} << 10;
constexpr std::string_view utf8_bom = "\xEF\xBB\xBF";

bool ends_with_ignoring_case(std::string_view name, std::string_view suffix) noexcept {
    if (name.size() < suffix.size()) return false;
    return std::equal(suffix.begin(), suffix.end(), name.end() - suffix.size(), [](char a, char b) {
        return a == (b >= 'A' && b <= 'Z' ? static_cast<char>(b - 'A' + 'a') : b);
    });
}

std::string_view gzip_hint(const io::gzip_error& e) {
    switch (e.error()) {
    case io::gzip::bad_crc: return "checksum mismatch";
    case io::gzip::bad_length: return "length mismatch";
    case io::gzip::bad_header: return "not gzip data, or a damaged header";
    case io::gzip::bad_footer: return "stream ends early";
    case io::gzip::bad_method: return "unsupported compression method";
    default: break;
    }
    if (e.zlib_error_code() == io::zlib::buf_error) return "stream ends early";
    if (e.zlib_error_code() == io::zlib::data_error) return "invalid compressed data";
    return {};
}

std::string_view bzip2_hint(const io::bzip2_error& e) {
    if (e.error() == io::bzip2::unexpected_eof) return "stream ends early";
    if (e.error() == io::bzip2::data_error) return "invalid compressed data";
    if (e.error() == io::bzip2::data_error_magic) return "not bzip2 data";
    return {};
}

std::string_view xz_hint(const io::lzma_error& e) {
    if (e.error() == io::lzma::buf_error) return "stream ends early";
    if (e.error() == io::lzma::data_error) return "invalid compressed data";
    return {};
}

std::string with_hint(const char* what, std::string_view hint) {
    std::string message = what;
    if (!hint.empty()) message.append(" (").append(hint).append(")");
    return message;
}

// Boost reports every decompression failure as "<codec> error: iostream error"; the error
// code it carries is what tells a truncated file from a damaged one.
std::string describe_current_exception() {
    try {
        throw;
    } catch (const io::gzip_error& e) {
        return with_hint(e.what(), gzip_hint(e));
    } catch (const io::bzip2_error& e) {
        return with_hint(e.what(), bzip2_hint(e));
    } catch (const io::lzma_error& e) {
        return with_hint(e.what(), xz_hint(e));
    } catch (const std::exception& e) {
        return e.what();
    } catch (...) {
        return "unknown error";
    }
}

} // namespace

compression compression_of(std::string_view name) noexcept {
    if (ends_with_ignoring_case(name, ".gz")) return compression::gzip;
    if (ends_with_ignoring_case(name, ".bz2")) return compression::bzip2;
    if (ends_with_ignoring_case(name, ".xz")) return compression::xz;
    return compression::none;
}

std::string_view without_compression_suffix(std::string_view name) noexcept {
    switch (compression_of(name)) {
    case compression::gzip: return name.substr(0, name.size() - 3);
    case compression::bzip2: return name.substr(0, name.size() - 4);
    case compression::xz: return name.substr(0, name.size() - 3);
    case compression::none: break;
    }
    return name;
}

struct corpus_stream::device {
    std::filebuf file;
    io::filtering_streambuf<io::input> chain;
    std::streambuf* in = nullptr;

    // Dismantle the chain while the file it refers to still exists, and keep a decompressor
    // complaining about an unfinished stream from escaping a destructor.
    ~device() {
        try {
            chain.reset();
        } catch (...) {
        }
    }
};

corpus_stream::corpus_stream(const std::string& path, compression kind)
    : device_(std::make_unique<device>()), buffer_(buffer_bytes) {
    errno = 0;
    if (device_->file.open(path, std::ios::in | std::ios::binary) == nullptr) {
        const int code = errno != 0 ? errno : EIO;
        failed_ = done_ = true;
        error_ = "cannot open: " + std::generic_category().message(code);
        return;
    }
    try {
        switch (kind) {
        case compression::gzip: device_->chain.push(io::gzip_decompressor(), buffer_bytes); break;
        case compression::bzip2: device_->chain.push(io::bzip2_decompressor(), buffer_bytes); break;
        case compression::xz: device_->chain.push(io::lzma_decompressor(), buffer_bytes); break;
        case compression::none: device_->in = &device_->file; return;
        }
        device_->chain.push(device_->file, buffer_bytes);
        device_->in = &device_->chain;
    } catch (...) {
        failed_ = done_ = true;
        error_ = describe_current_exception();
    }
}

corpus_stream::~corpus_stream() = default;

bool corpus_stream::opened() const noexcept { return device_->in != nullptr; }

const std::string& corpus_stream::error() const noexcept { return error_; }

bool corpus_stream::fill() {
    pos_ = end_ = 0;
    if (done_) return false;
    using traits = std::streambuf::traits_type;
    std::streambuf& in = *device_->in;
    try {
        if (traits::eq_int_type(in.sgetc(), traits::eof())) {
            done_ = true;
            return false;
        }
        // The get area now holds data; taking no more than in_avail() never underflows, so a
        // failure further on cannot swallow bytes that were already decompressed.
        const std::streamsize ready = std::max<std::streamsize>(in.in_avail(), 1);
        const auto want = std::min(ready, static_cast<std::streamsize>(buffer_.size()));
        end_ = static_cast<std::size_t>(in.sgetn(buffer_.data(), want));
    } catch (...) {
        failed_ = done_ = true;
        error_ = describe_current_exception();
        return false;
    }
    bytes_ += end_;
    return end_ > 0;
}

read_status corpus_stream::read_line(std::string& line, std::size_t max_line) {
    line.clear();
    std::uint64_t length = 0;
    bool any = false;
    while (pos_ < end_ || fill()) {
        any = true;
        const char* begin = buffer_.data() + pos_;
        const auto* newline = static_cast<const char*>(std::memchr(begin, '\n', end_ - pos_));
        const std::size_t n = newline != nullptr ? static_cast<std::size_t>(newline - begin) : end_ - pos_;
        pos_ += n + (newline != nullptr ? 1 : 0);
        length += n;
        if (length <= max_line) {
            line.append(begin, n);
        } else {
            line.clear();
        }
        if (newline != nullptr) break;
    }
    if (failed_) return read_status::failed;
    if (!any) return read_status::end;
    last_line_bytes_ = length;
    return finish_line(line, length > max_line);
}

read_status corpus_stream::finish_line(std::string& line, bool overlong) {
    ++lines_;
    if (overlong) return read_status::overlong;
    if (!line.empty() && line.back() == '\r') {
        line.pop_back();
        --last_line_bytes_;
    }
    if (lines_ == 1 && line.starts_with(utf8_bom)) line.erase(0, utf8_bom.size());
    return read_status::ok;
}

read_status corpus_stream::read_all(std::string& text, std::size_t max_bytes) {
    text.clear();
    const std::size_t limit = max_bytes > SIZE_MAX - utf8_bom.size() ? SIZE_MAX : max_bytes + utf8_bom.size();
    while (pos_ < end_ || fill()) {
        text.append(buffer_.data() + pos_, end_ - pos_);
        pos_ = end_;
        if (text.size() > limit) return read_status::overlong;
    }
    if (failed_) return read_status::failed;
    if (text.starts_with(utf8_bom)) text.erase(0, utf8_bom.size());
    return read_status::ok;
}

} // namespace wiredup::detail
