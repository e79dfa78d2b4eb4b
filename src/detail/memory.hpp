// Memory a run holds: giving freed memory back to the system while it goes on, and arrays that
// leave their first touch to the threads that fill them.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <memory>
#include <new>
#include <type_traits>
#include <vector>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace wiredup::detail {

/// Frees a vector's memory. `v = {}` does not: it picks operator=(initializer_list), which
/// clears and keeps the capacity.
template <typename T, typename Allocator>
void release(std::vector<T, Allocator>& v) noexcept {
    std::vector<T, Allocator>().swap(v);
}

/// Allocates on cache-line boundaries. A large block from malloc starts 16 bytes into a page, so
/// a 128-byte row of an array read at random spans three lines instead of two.
template <typename T>
struct line_aligned {
    using value_type = T;
    static constexpr std::align_val_t line{64};

    line_aligned() = default;
    template <typename U>
    line_aligned(const line_aligned<U>&) noexcept {}

    T* allocate(std::size_t n) { return static_cast<T*>(::operator new(n * sizeof(T), line)); }
    void deallocate(T* p, std::size_t) noexcept { ::operator delete(p, line); }

    template <typename U>
    bool operator==(const line_aligned<U>&) const noexcept { return true; }
};

/// A buffer kept from one document to the next (a thread's scratch, a batch's records) is let go
/// after use once it holds more than this: one giant document must not keep its size there for
/// the rest of a run.
inline constexpr std::size_t giant_buffer_bytes = std::size_t{1} << 20;

/// Gives the heap's free pages back to the system. glibc keeps what was freed (the holes growing
/// structures left, an index once spent) resident, under the next stage's peak: at 1M documents
/// some 180 MiB after pass 2. A few milliseconds a call; between stages and large steps only.
inline void release_free_memory() noexcept {
#if defined(__GLIBC__)
    malloc_trim(0);
#endif
}

/// An array of plain values whose new elements are left uninitialized: the pages of a large one
/// are first touched, and faulted in, by whoever fills them (threads in parallel), not zeroed by
/// the one thread that sized it. Grows by doubling, keeping its contents.
template <typename T>
class raw_array {
    static_assert(std::is_trivially_copyable_v<T>);

public:
    /// Capacity for n elements; contents kept.
    void reserve(std::size_t n) {
        if (n <= capacity_) return;
        auto more = std::make_unique_for_overwrite<T[]>(n);
        if (size_ > 0) std::memcpy(more.get(), data_.get(), size_ * sizeof(T));
        data_ = std::move(more);
        capacity_ = n;
    }
    /// n elements; those past the old size are uninitialized.
    void resize(std::size_t n) {
        if (n > capacity_) reserve(std::max(n, 2 * capacity_));
        size_ = n;
    }
    T* data() noexcept { return data_.get(); }
    const T* data() const noexcept { return data_.get(); }
    std::size_t size() const noexcept { return size_; }
    std::size_t capacity() const noexcept { return capacity_; }
    T& operator[](std::size_t i) noexcept { return data_[i]; }
    const T& operator[](std::size_t i) const noexcept { return data_[i]; }

private:
    std::unique_ptr<T[]> data_;
    std::size_t size_ = 0, capacity_ = 0;
};

} // namespace wiredup::detail
