// ghgtrack/category.hpp: a category of an inventory, a source within a sector.
#ifndef GHGTRACK_CATEGORY_HPP
#define GHGTRACK_CATEGORY_HPP

#include <string>
#include <tuple>

namespace ghgtrack {

/// A category of the inventory: a source within a sector. Categories order
/// by (sector, source), the inventory's canonical order.
struct category {
  std::string sector;
  std::string source;
  friend bool operator==(const category& a, const category& b) { return a.sector == b.sector && a.source == b.source; }
  friend bool operator!=(const category& a, const category& b) { return !(a == b); }
  friend bool operator<(const category& a, const category& b) {
    return std::tie(a.sector, a.source) < std::tie(b.sector, b.source);
  }
};

} // namespace ghgtrack

#endif
