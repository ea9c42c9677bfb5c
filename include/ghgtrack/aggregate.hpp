// ghgtrack/aggregate.hpp: the result of summing inventory cells into groups.
//
// Each entry of an aggregate carries flags: whether it includes an unknown
// (notation keys NE, C or missing; notation.hpp) and whether it has any
// reported value at all. An unknown is never silently a zero, and a sum that
// overflows is never a number (aggregate_flag::not_finite).
#ifndef GHGTRACK_AGGREGATE_HPP
#define GHGTRACK_AGGREGATE_HPP

#include <Eigen/Core>

#include <cstdint>
#include <string>
#include <vector>

namespace ghgtrack {

/// Per-entry byte arrays (notation keys of an inventory, flags of an aggregate).
using key_array = Eigen::Array<std::uint8_t, Eigen::Dynamic, Eigen::Dynamic>;

/// Flags of an aggregate entry; `aggregate::flags` holds their bitwise or.
enum class aggregate_flag : std::uint8_t {
  incomplete = 1, ///< includes an unknown (NE, C or missing)
  no_value = 2,   ///< no reported value among its cells (only notation keys)
  /// the sum is not a finite number (finite values whose sum overflows the
  /// range of a double, e.g. 1e308 + 1e308): the value is NaN, and the entry
  /// is also flagged incomplete, so it is never shown or used as a number
  not_finite = 4,
};

/// The bit of a flag, as stored in `aggregate::flags`.
constexpr std::uint8_t bits(aggregate_flag f) noexcept { return static_cast<std::uint8_t>(f); }
/// The bits of two flags together.
constexpr std::uint8_t operator|(aggregate_flag a, aggregate_flag b) noexcept {
  return static_cast<std::uint8_t>(bits(a) | bits(b));
}
/// True when `flags` (an entry of `aggregate::flags`) has `f`.
constexpr bool has_flag(std::uint8_t flags, aggregate_flag f) noexcept { return (flags & bits(f)) != 0; }

/// The result of an aggregation: groups x years, in t CO2e.
struct aggregate {
  std::vector<std::string> labels;
  std::vector<int> years;
  Eigen::ArrayXXd values;
  key_array flags; ///< bits of aggregate_flag per entry
};

} // namespace ghgtrack

#endif
