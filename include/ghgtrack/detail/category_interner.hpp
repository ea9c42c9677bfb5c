// ghgtrack/detail/category_interner.hpp: small ids for (sector, source) pairs
// while rows are collected (private; used by the builder and the CSV reader).
#ifndef GHGTRACK_DETAIL_CATEGORY_INTERNER_HPP
#define GHGTRACK_DETAIL_CATEGORY_INTERNER_HPP

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "ghgtrack/category.hpp"

namespace ghgtrack {
namespace detail {

/// Gives each distinct (sector, source) a small id in order of first use.
/// Rows usually come grouped by category, so the last one is tried first.
class category_interner {
public:
  int id(std::string_view sector, std::string_view source) {
    if (last_ >= 0 && cats_[static_cast<std::size_t>(last_)].sector == sector &&
        cats_[static_cast<std::size_t>(last_)].source == source)
      return last_;
    std::string k;
    k.reserve(sector.size() + source.size() + 1);
    k.append(sector).push_back('\x1f');
    k.append(source);
    const auto it = ids_.find(k);
    if (it != ids_.end()) return last_ = it->second;
    const int id = static_cast<int>(cats_.size());
    cats_.push_back({std::string(sector), std::string(source)});
    ids_.emplace(std::move(k), id);
    return last_ = id;
  }
  const std::vector<category>& categories() const noexcept { return cats_; }

private:
  std::vector<category> cats_;
  std::unordered_map<std::string, int> ids_;
  int last_ = -1;
};

} // namespace detail
} // namespace ghgtrack

#endif
