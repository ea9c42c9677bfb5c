// ghgtrack/detail/category_interner.hpp: small ids for (sector, source) pairs
// while rows are collected (private; used by the builder and the CSV reader).
#ifndef GHGTRACK_DETAIL_CATEGORY_INTERNER_HPP
#define GHGTRACK_DETAIL_CATEGORY_INTERNER_HPP

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "ghgtrack/category.hpp"

namespace ghgtrack {
namespace detail {

/// Whether two texts are the same bytes: memcmp without the call, for the
/// short labels the row caches compare on every row.
inline bool same_text(std::string_view a, std::string_view b) noexcept {
  const std::size_t n = a.size();
  if (n != b.size()) return false;
  const char* x = a.data();
  const char* y = b.data();
  if (n >= 8) {
    std::uint64_t u, v;
    for (std::size_t i = 0; i + 8 < n; i += 8) {
      std::memcpy(&u, x + i, 8);
      std::memcpy(&v, y + i, 8);
      if (u != v) return false;
    }
    std::memcpy(&u, x + n - 8, 8); // the last 8 bytes (may overlap the loop's)
    std::memcpy(&v, y + n - 8, 8);
    return u == v;
  }
  if (n >= 4) {
    std::uint32_t u, v, s, t;
    std::memcpy(&u, x, 4);
    std::memcpy(&v, y, 4);
    std::memcpy(&s, x + n - 4, 4);
    std::memcpy(&t, y + n - 4, 4);
    return u == v && s == t;
  }
  for (std::size_t i = 0; i < n; ++i)
    if (x[i] != y[i]) return false;
  return true;
}

/// Gives each distinct (sector, source) a small id in order of first use.
/// Rows usually come grouped by category, so the last one is tried first;
/// then an open-addressing table of ids (linear probing on a hash of both
/// texts), which compares the stored categories and so needs no key strings.
class category_interner {
public:
  int id(std::string_view sector, std::string_view source) {
    if (last_ >= 0 && same_text(cats_[static_cast<std::size_t>(last_)].source, source) &&
        same_text(cats_[static_cast<std::size_t>(last_)].sector, sector))
      return last_;
    if ((cats_.size() + 1) * 2 > slots_.size()) grow();
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = hash(sector, source) & mask;; i = (i + 1) & mask) {
      const int s = slots_[i];
      if (s < 0) {
        const int id = static_cast<int>(cats_.size());
        cats_.push_back({std::string(sector), std::string(source)});
        slots_[i] = id;
        return last_ = id;
      }
      const auto& c = cats_[static_cast<std::size_t>(s)];
      if (same_text(c.source, source) && same_text(c.sector, sector)) return last_ = s;
    }
  }
  const std::vector<category>& categories() const noexcept { return cats_; }

private:
  static std::size_t hash(std::string_view sector, std::string_view source) noexcept {
    // FNV-1a over both texts with a separator, then a final mix (splitmix64's).
    std::uint64_t h = 0xcbf29ce484222325ull;
    for (char c : sector) h = (h ^ static_cast<unsigned char>(c)) * 0x100000001b3ull;
    h = (h ^ 0x1f) * 0x100000001b3ull;
    for (char c : source) h = (h ^ static_cast<unsigned char>(c)) * 0x100000001b3ull;
    h ^= h >> 30;
    h *= 0xbf58476d1ce4e5b9ull;
    h ^= h >> 27;
    h *= 0x94d049bb133111ebull;
    h ^= h >> 31;
    return static_cast<std::size_t>(h);
  }
  void grow() {
    slots_.assign(slots_.empty() ? 64 : slots_.size() * 2, -1);
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t id = 0; id < cats_.size(); ++id) {
      std::size_t i = hash(cats_[id].sector, cats_[id].source) & mask;
      while (slots_[i] >= 0) i = (i + 1) & mask;
      slots_[i] = static_cast<int>(id);
    }
  }
  std::vector<category> cats_;
  std::vector<int> slots_; // ids by hash; -1: empty
  int last_ = -1;
};

} // namespace detail
} // namespace ghgtrack

#endif
