// ghgtrack/co2e_units.hpp: the one parser of unit strings in input files.
//
// A file's unit column says how big a number is and of what: "t CO2e",
// "kt CO2e/yr", "1000 tonn CO2-ekvivalenter" (Miljødirektoratet), "Mt CO2-eq"
// (IAMC), "Mt CO2-equiv/yr" (openscm-units' spelling of a CO2e total), or the
// mass of one gas: "Mt CO2/yr", "kt CH4/yr", "Gg N2O" (as pyam and
// openscm-units write them). The grammar, parsed strictly (every byte must
// be accounted for, so "t\xDA CO2e" is refused exactly as "tX CO2e"):
//
//   unit   := "" | ["1000" sp] mass [sep] what [sp] [per]
//   mass   := t | tonne | tonnes | tonn | kg | kt | Mt | Gt | Gg | Tg   (any case)
//   what   := CO2e | CO2eq | CO2-eq | CO2-equiv | CO2-ekvivalenter | <gas>
//   per    := "/yr" | "/ yr" | "/year" | "/a" | "per year" | "per yr"    (any case)
//
// where <gas> is any spelling gas.hpp parses ("CH4", "HFC134a", "CO₂"), and
// spaces, hyphens and underscores inside `what` are ignored. The factors to
// tonnes are powers of ten by definition of the SI prefixes (BIPM SI
// Brochure, 9th ed., Table 7): kg = 1e-3 t, kt = Gg = 1e3 t, Mt = Tg = 1e6 t,
// Gt = 1e9 t. Case is not significant (a file's "MT CO2E" has always meant
// megatonnes here, never millitonnes).
//
// A mass of a gas is not CO2e: converting it needs the gas's GWP under a
// stated metric (co2e.hpp); the inventory builder does that with the row's
// or the caller's metric, and refuses a mass with no metric. CO2 itself is
// the reference gas (GWP 1 under every metric), so "Mt CO2" needs none.
#ifndef GHGTRACK_CO2E_UNITS_HPP
#define GHGTRACK_CO2E_UNITS_HPP

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

#include "ghgtrack/error.hpp"
#include "ghgtrack/gas.hpp"

namespace ghgtrack {

/// What the unit column accepts, for error messages.
inline constexpr std::string_view accepted_co2e_units =
    "t, kt, Mt, Gg, Tg (or 1000 t) of CO2e (also written CO2-eq, CO2eq, CO2-equiv), optionally per year "
    "(/yr, /a, per year): t CO2e, kt CO2e/yr, Mt CO2-equiv/yr";

/// What the unit column accepts where a mass of a gas may be given too.
inline constexpr std::string_view accepted_units =
    "t, kt, Mt, Gg, Tg (or 1000 t) of CO2e (also written CO2-eq, CO2eq, CO2-equiv) or of one gas "
    "(kt CH4, Gg N2O: needs a GWP metric), optionally per year (/yr, /a, per year): t CO2e, Mt CO2/yr, kt CH4/yr";

/// A parsed unit: tonnes per number, and the gas whose mass it is (empty:
/// the number is CO2e).
struct parsed_unit {
  double tonnes = 1.0;
  std::optional<gas> mass_of;
};

namespace detail {

inline char lower_ascii(char c) noexcept { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

inline bool iequals(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (lower_ascii(a[i]) != lower_ascii(b[i])) return false;
  return true;
}

inline bool istarts_with(std::string_view s, std::string_view p) noexcept {
  return s.size() >= p.size() && iequals(s.substr(0, p.size()), p);
}

inline bool iends_with(std::string_view s, std::string_view p) noexcept {
  return s.size() >= p.size() && iequals(s.substr(s.size() - p.size()), p);
}

inline std::string_view trim_spaces(std::string_view s) noexcept {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
    s.remove_suffix(1);
  return s;
}

/// True when every byte of `s` belongs to the unit grammar: ASCII letters,
/// digits, space, tab, '-', '_', '/', or a Unicode subscript digit
/// (UTF-8 E2 82 80..89, as in "CO₂"). Anything else (a stray byte, a
/// replacement character, a control code) makes the unit unknown.
inline bool unit_bytes_ok(std::string_view s) noexcept {
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == ' ' ||
                    c == '\t' || c == '-' || c == '_' || c == '/';
    if (ok) continue;
    if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x82 &&
        static_cast<unsigned char>(s[i + 2]) >= 0x80 && static_cast<unsigned char>(s[i + 2]) <= 0x89) {
      i += 2;
      continue;
    }
    return false;
  }
  return true;
}

/// `s` for an error message: valid UTF-8 as it is, every other byte (and
/// every control character) written as \xNN, so that a message about a
/// stray byte can itself be shown (and decoded by Python) without losing it.
inline std::string visible_bytes(std::string_view s) {
  static constexpr char hex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    // printable ASCII, or a well-formed multi-byte sequence (RFC 3629)
    const std::size_t n = c < 0x80 ? (c >= 0x20 && c < 0x7F ? 1 : 0) : utf8_sequence_length(s, i);
    if (n > 0) {
      out.append(s.substr(i, n));
      i += n;
    } else {
      out += "\\x";
      out.push_back(hex[c >> 4]);
      out.push_back(hex[c & 0xF]);
      ++i;
    }
  }
  return out;
}

} // namespace detail

/// Parses a unit string (see the grammar above). An empty unit is t CO2e
/// (the tidy format's default). Empty result for anything else.
inline std::optional<parsed_unit> parse_unit(std::string_view unit) {
  using namespace detail;
  std::string_view u = trim_spaces(unit);
  if (!unit_bytes_ok(u)) return std::nullopt;
  if (u.empty()) return parsed_unit{};
  // per year
  if (iends_with(u, " per year") || iends_with(u, " per yr")) {
    u = trim_spaces(u.substr(0, u.size() - (iends_with(u, " per year") ? 9 : 7)));
  } else if (const auto slash = u.rfind('/'); slash != std::string_view::npos) {
    const auto per = trim_spaces(u.substr(slash + 1));
    if (!(iequals(per, "yr") || iequals(per, "year") || iequals(per, "a"))) return std::nullopt;
    u = trim_spaces(u.substr(0, slash));
  }
  if (u.find('/') != std::string_view::npos) return std::nullopt;
  double factor = 1.0;
  if (u.size() > 4 && u.substr(0, 4) == "1000" && !(u[4] >= '0' && u[4] <= '9')) {
    factor = 1e3;
    u = trim_spaces(u.substr(4));
  }
  // mass: the longest prefix that names one
  struct mass_unit {
    std::string_view name;
    double tonnes;
  };
  static constexpr std::array<mass_unit, 10> masses{{{"tonnes", 1.0},
                                                     {"tonne", 1.0},
                                                     {"tonn", 1.0},
                                                     {"kg", 1e-3},
                                                     {"kt", 1e3},
                                                     {"mt", 1e6},
                                                     {"gt", 1e9},
                                                     {"gg", 1e3},
                                                     {"tg", 1e6},
                                                     {"t", 1.0}}};
  const mass_unit* found = nullptr;
  for (const auto& m : masses)
    if (istarts_with(u, m.name)) {
      found = &m;
      break; // ordered so that the first match is the longest
    }
  if (!found) return std::nullopt;
  factor *= found->tonnes;
  std::string_view what = u.substr(found->name.size());
  what = trim_spaces(what);
  if (!what.empty() && (what.front() == '-' || what.front() == '_')) what.remove_prefix(1);
  if (what.empty()) return std::nullopt;
  const std::string key = normalize_name(what);
  for (std::string_view co2e :
       {"co2e", "co2eq", "co2equiv", "co2equivalent", "co2equivalents", "co2ekvivalenter", "co2ekvivalent", "co2ekv"})
    if (key == co2e) return parsed_unit{factor, std::nullopt};
  try {
    return parsed_unit{factor, parse_gas(what)};
  } catch (const unknown_gas_error&) {
    return std::nullopt;
  }
}

/// The factor to t CO2e of a CO2e unit spelling; empty for anything else,
/// including the mass of a gas ("Mt CO2", "kg CH4": see parse_unit).
inline std::optional<double> co2e_unit_scale(std::string_view unit) {
  const auto p = parse_unit(unit);
  if (!p || p->mass_of) return std::nullopt;
  return p->tonnes;
}

} // namespace ghgtrack

#endif
