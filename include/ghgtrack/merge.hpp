// ghgtrack/merge.hpp: combining the inventories of areas that became one
// municipality (old Asker + Røyken + Hurum = today's Asker).
#ifndef GHGTRACK_MERGE_HPP
#define GHGTRACK_MERGE_HPP

#include <Eigen/Core>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "ghgtrack/error.hpp"
#include "ghgtrack/gas.hpp"
#include "ghgtrack/inventory.hpp"
#include "ghgtrack/notation.hpp"

namespace ghgtrack {

namespace detail {
/// The key of a cell that combines two parts (a boundary merge): any unknown
/// wins (the sum is not fully known), then a reported value, then NO, IE, NA.
inline notation combine_keys(notation a, notation b) noexcept {
  if (is_unknown(a)) return a;
  if (is_unknown(b)) return b;
  if (a == notation::value || b == notation::value) return notation::value;
  if (a == notation::no || b == notation::no) return notation::no;
  if (a == notation::ie || b == notation::ie) return notation::ie;
  return notation::na;
}
} // namespace detail

/// Combines the inventories of areas that became one municipality (old
/// Asker + Røyken + Hurum = today's Asker): cell by cell sums on the union of
/// the gases. Throws incompatible_error, naming the part and what differs,
/// when the years, categories or GWP metrics disagree.
inline inventory merge(const std::vector<inventory>& parts, const std::vector<std::string>& names = {}) {
  if (parts.empty()) throw argument_error("ghgtrack::merge: nothing to merge (give at least one inventory)");
  auto label = [&](std::size_t i) { return i < names.size() ? "'" + names[i] + "'" : "part " + std::to_string(i + 1); };
  const inventory& first = parts.front();
  std::vector<gas> gases;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const inventory& p = parts[i];
    if (p.years() != first.years())
      throw incompatible_error("ghgtrack::merge: " + label(i) + " has other years than " + label(0) + " (" +
                               std::to_string(p.years().size()) + " vs " + std::to_string(first.years().size()) +
                               " years)");
    if (p.gwp_metric() != first.gwp_metric())
      throw incompatible_error("ghgtrack::merge: " + label(i) + " is on another GWP metric than " + label(0));
    if (p.categories() != first.categories()) {
      std::string which;
      for (const auto& c : p.categories())
        if (!first.category_index(c)) {
          which = "'" + c.sector + " / " + c.source + "' is only in " + label(i);
          break;
        }
      if (which.empty())
        for (const auto& c : first.categories())
          if (!p.category_index(c)) {
            which = "'" + c.sector + " / " + c.source + "' is only in " + label(0);
            break;
          }
      throw incompatible_error("ghgtrack::merge: categories of " + label(i) + " and " + label(0) + " differ: " + which);
    }
    gases.insert(gases.end(), p.gases().begin(), p.gases().end());
  }
  std::sort(gases.begin(), gases.end());
  gases.erase(std::unique(gases.begin(), gases.end()), gases.end());
  const inventory shape(first.categories(), gases, first.years(), first.gwp_metric());
  Eigen::ArrayXXd values = Eigen::ArrayXXd::Zero(shape.n_cells(), shape.n_years());
  key_array keys = shape.keys();
  std::vector<bool> touched(static_cast<std::size_t>(shape.n_cells()), false);
  for (const inventory& p : parts) {
    for (Eigen::Index g = 0; g < p.n_gases(); ++g) {
      const auto og = *shape.gas_index(p.gases()[static_cast<std::size_t>(g)]);
      for (Eigen::Index c = 0; c < p.n_categories(); ++c) {
        const auto src = p.cell(c, g);
        const auto dst = shape.cell(c, og);
        const bool first_part = !touched[static_cast<std::size_t>(dst)];
        touched[static_cast<std::size_t>(dst)] = true;
        for (Eigen::Index y = 0; y < p.n_years(); ++y) {
          const auto k = static_cast<notation>(p.keys()(src, y));
          values(dst, y) += p.values()(src, y);
          const auto prev = static_cast<notation>(keys(dst, y));
          keys(dst, y) = static_cast<std::uint8_t>(first_part ? k : detail::combine_keys(prev, k));
        }
      }
    }
  }
  return inventory(first.categories(), std::move(gases), first.years(), first.gwp_metric(), std::move(values),
                   std::move(keys));
}

} // namespace ghgtrack

#endif
