// ghgtrack/notation.hpp: notation keys, the inventory's words for "no number".
//
// The UNFCCC reporting guidelines (decision 24/CP.19, annex I, para. 37) and
// the IPCC 2006 Guidelines (Vol. 1, Ch. 8, Table 8.2) define:
//   NO  not occurring         NE  not estimated
//   IE  included elsewhere    C   confidential
//   NA  not applicable
// ghgtrack adds one of its own, `missing`: a cell with no row in the source
// data although the same category and gas have rows in other years. NE, C and
// missing are unknowns: a sum that includes one is flagged incomplete, never
// silently complete. NO, IE and NA contribute nothing and leave a sum complete.
#ifndef GHGTRACK_NOTATION_HPP
#define GHGTRACK_NOTATION_HPP

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ghgtrack {

enum class notation : std::uint8_t {
  value = 0, ///< a reported number
  no,        ///< NO: not occurring
  ne,        ///< NE: not estimated (unknown)
  ie,        ///< IE: included elsewhere
  c,         ///< C: confidential (unknown to the reader)
  na,        ///< NA: not applicable; also a structurally empty cell
  missing,   ///< no row although other years have one (unknown)
};

/// True for the keys that mean "there is an amount we do not know".
constexpr bool is_unknown(notation k) noexcept {
  return k == notation::ne || k == notation::c || k == notation::missing;
}

/// "NO", "NE", "IE", "C", "NA", "missing"; "" for notation::value. Never
/// throws: a value outside the enumeration (only reachable through a cast)
/// gives "?", as name(gas) and name(metric) do.
inline std::string_view name(notation k) noexcept {
  constexpr std::array<std::string_view, 7> names{"", "NO", "NE", "IE", "C", "NA", "missing"};
  const auto i = static_cast<std::size_t>(k);
  return i < names.size() ? names[i] : std::string_view{"?"};
}

/// The key for "NO", "ne", " IE " etc. (case-insensitive, spaces trimmed);
/// std::nullopt for anything else, including the empty string.
/// The number of notation keys (notation::value included), for tables.
inline constexpr std::size_t notation_count = 7;

inline std::optional<notation> parse_notation(std::string_view s) noexcept {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  if (s.size() > 7) return std::nullopt;
  std::string up;
  for (char ch : s) up.push_back((ch >= 'a' && ch <= 'z') ? static_cast<char>(ch - 'a' + 'A') : ch);
  if (up == "NO") return notation::no;
  if (up == "NE") return notation::ne;
  if (up == "IE") return notation::ie;
  if (up == "C") return notation::c;
  if (up == "NA") return notation::na;
  if (up == "MISSING") return notation::missing;
  return std::nullopt;
}

} // namespace ghgtrack

#endif
