// ghgtrack/co2e_units.hpp: the one table of CO2e unit spellings in input files.
//
// A file's unit column says how big a number is: "t CO2e", "kt CO2e/yr",
// "1000 tonn CO2-ekvivalenter" (Miljødirektoratet), "Mt CO2-eq" (IAMC). The
// factor to tonnes CO2e is a power of ten by definition of the SI prefixes
// (kilo = 1e3, mega = 1e6; BIPM SI Brochure, 9th ed., Table 7). Spellings
// are compared after gas.hpp's normalize_name (case, spaces, hyphens and
// subscripts ignored), and a "/yr", "per year" suffix is allowed. A mass of
// a gas ("Mt CO2", "kg CH4") is not a CO2e unit: converting it needs the gas
// and a GWP metric (co2e.hpp).
#ifndef GHGTRACK_CO2E_UNITS_HPP
#define GHGTRACK_CO2E_UNITS_HPP

#include <optional>
#include <string>
#include <string_view>

#include "ghgtrack/gas.hpp"

namespace ghgtrack {

/// What the unit column accepts, for error messages.
inline constexpr std::string_view accepted_co2e_units =
    "t CO2e, kt CO2e, Mt CO2e, 1000 t CO2e (optionally per year: t CO2e/yr)";

/// The factor to t CO2e of a unit spelling; empty for anything else. An
/// empty unit is t CO2e (the tidy format's default).
inline std::optional<double> co2e_unit_scale(std::string_view unit) {
  std::string u = detail::normalize_name(unit);
  for (const char* per_year : {"yr", "year"}) { // "/yr", "per year"
    const std::string_view suffix(per_year);
    if (u.size() > suffix.size() && u.compare(u.size() - suffix.size(), suffix.size(), suffix) == 0 &&
        u.find("co2e") != std::string::npos) {
      u.resize(u.size() - suffix.size());
      if (u.size() > 3 && u.compare(u.size() - 3, 3, "per") == 0) u.resize(u.size() - 3);
      break;
    }
  }
  if (u.empty() || u == "tco2e" || u == "tco2eq" || u == "tonnesco2e" || u == "tonneco2e" ||
      u == "tonnco2ekvivalenter" || u == "tonnco2e")
    return 1.0;
  if (u == "ktco2e" || u == "ktco2eq" || u == "1000tco2e" || u == "1000tonnco2ekvivalenter") return 1e3;
  if (u == "mtco2e" || u == "mtco2eq") return 1e6;
  return std::nullopt;
}

} // namespace ghgtrack

#endif
