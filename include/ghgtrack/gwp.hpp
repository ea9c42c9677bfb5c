// ghgtrack/gwp.hpp: GWP metrics and their values.
//
// Metric identifiers follow openscm-units and pyam (SARGWP100, TARGWP100,
// AR4GWP100, AR5GWP100, AR5CCFGWP100, AR6GWP100, AR6GWP20, AR6GTP100, ...),
// so an analyst's existing strings work, in any case ("ar5gwp100").
// Each value below is written once, with the IPCC report and table it comes
// from. A metric that gives no value for a gas (NF3 was not assessed in SAR)
// is a missing_gwp_error, never a zero.
//
// Which metric a dataset is on matters: Norway's national inventory and
// Miljødirektoratet's municipal accounts use AR5GWP100 since the 2022
// figures; SSB's older series (e.g. table 08940 to 2021) use AR4GWP100.
#ifndef GHGTRACK_GWP_HPP
#define GHGTRACK_GWP_HPP

#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "ghgtrack/error.hpp"
#include "ghgtrack/gas.hpp"

namespace ghgtrack {

/// A global-warming-potential metric: a report's values for a time horizon.
enum class metric : std::uint8_t {
  sar_gwp100, ///< IPCC Second Assessment Report (1995), 100-year
  ar4_gwp100, ///< IPCC Fourth Assessment Report (2007), 100-year
  ar5_gwp100, ///< IPCC Fifth Assessment Report (2013), 100-year, no climate-carbon feedback
  ar6_gwp100, ///< IPCC Sixth Assessment Report (2021), 100-year
  ar6_gwp20,  ///< IPCC Sixth Assessment Report (2021), 20-year
  // Added for parity with openscm-units (issue 14); appended so that the
  // values above keep their numbers.
  tar_gwp20,     ///< IPCC Third Assessment Report (2001), 20-year
  tar_gwp100,    ///< IPCC Third Assessment Report (2001), 100-year
  tar_gwp500,    ///< IPCC Third Assessment Report (2001), 500-year
  ar5ccf_gwp100, ///< AR5 (2013), 100-year, WITH climate-carbon feedback
  ar6_gwp500,    ///< IPCC Sixth Assessment Report (2021), 500-year
  ar6_gtp100,    ///< AR6 (2021), 100-year global temperature-change potential
  count_
};

inline constexpr std::size_t metric_count = static_cast<std::size_t>(metric::count_);

namespace detail {

inline constexpr std::array<std::string_view, metric_count> metric_names{
    "SARGWP100", "AR4GWP100", "AR5GWP100",    "AR6GWP100", "AR6GWP20", "TARGWP20",
    "TARGWP100", "TARGWP500", "AR5CCFGWP100", "AR6GWP500", "AR6GTP100"};

// all_metrics() order: by report, then by horizon as openscm-units lists them.
inline constexpr std::array<metric, metric_count> metric_order{
    metric::sar_gwp100, metric::tar_gwp100, metric::tar_gwp20,     metric::tar_gwp500,
    metric::ar4_gwp100, metric::ar5_gwp100, metric::ar5ccf_gwp100, metric::ar6_gwp100,
    metric::ar6_gwp20,  metric::ar6_gwp500, metric::ar6_gtp100};

inline constexpr double no_value = std::numeric_limits<double>::quiet_NaN();

// clang-format off
// Columns: SARGWP100, AR4GWP100, AR5GWP100, AR6GWP100, AR6GWP20, TARGWP20,
// TARGWP100, TARGWP500, AR5CCFGWP100, AR6GWP500, AR6GTP100 (enum order).
// Sources, by column:
//  SAR: IPCC (1996) Climate Change 1995, WGI, Table 2.9 (Schimel et al.); the
//       values used for UNFCCC reporting to 2014 and listed in the GHG
//       Protocol's "Global Warming Potential Values" (2016).
//  AR4: IPCC (2007) AR4 WGI, Chapter 2, Table 2.14 (Forster et al.).
//  AR5: IPCC (2013) AR5 WGI, Chapter 8, Appendix 8.A, Table 8.A.1 (Myhre et al.),
//       values without climate-carbon feedbacks. Fossil CH4 = 30 includes the
//       CO2 from its oxidation (AR5 WGI Ch. 8, Table 8.A.1 note; GHG Protocol
//       2016 table); non-fossil CH4 = 28.
//  AR6: IPCC (2021) AR6 WGI, Chapter 7, Table 7.15 (Forster et al.) for CO2,
//       CH4 fossil / non-fossil, N2O, HFC-32, HFC-134a, CF4; all others and
//       generic CH4 from Supplementary Material Table 7.SM.7.
//  TAR: IPCC (2001) TAR WGI, Chapter 6, Table 6.7 (Ramaswamy et al.), GWP for
//       20, 100 and 500 years.
//  AR5CCF: IPCC (2013) AR5 WGI, Chapter 8, Table 8.A.1 (Myhre et al.),
//       GWP100 "with climate-carbon feedbacks" (CH4 = 34, N2O = 298:
//       Table 8.7; the halocarbons from Table 8.A.1 / 8.SM.16).
//  AR6GWP500, AR6GTP100: IPCC (2021) AR6 WGI, Chapter 7, Supplementary
//       Material Table 7.SM.7 (generic CH4 and all other gases).
//  SAR for CCl4, HCFC-142b, CH2Cl2 (gases SAR Table 2.9 does not list): the
//       SAR column of the GHG Protocol's "Global Warming Potential Values"
//       (2016), as in openscm-units' table.
//  Every value in the six added columns and the eight added rows is as
//  openscm-units 0.6 (globalwarmingpotentials 0.13) tabulates it; the test
//  OpenscmUnits.AllSharedValuesAgree (tests/python/test_ecosystem.py)
//  compares all shared gas x metric values with it, and tests/cpp/
//  test_gwp_ecosystem.cpp checks values typed from the IPCC tables.
//  SAR, TAR and AR4 do not distinguish fossil from non-fossil CH4: both take
//  the generic CH4 value. In AR5 the generic value is the non-fossil one, so
//  non-fossil CH4 under AR5CCFGWP100 is 34; fossil CH4 with feedbacks, and
//  fossil / non-fossil CH4 under AR6GWP500 and AR6GTP100 are not in the
//  tables read here: no_value (an error, never a guess).
//  Baskets have no value (no_value) in every metric.
inline constexpr std::array<std::array<double, metric_count>, gas_count> gwp_table{{
    //   SAR       AR4       AR5       AR6-100   AR6-20    TAR-20    TAR-100   TAR-500   AR5CCF    AR6-500   AR6-GTP100
    {{     1.0,      1.0,      1.0,      1.0,      1.0,      1.0,      1.0,      1.0,      1.0,      1.0,      1.0}},  // CO2 (reference gas, by definition)
    {{    21.0,     25.0,     28.0,     27.9,     81.2,     62.0,     23.0,      7.0,     34.0,     7.95,     5.38}},  // CH4
    {{    21.0,     25.0,     30.0,     29.8,     82.5,     62.0,     23.0,      7.0, no_value, no_value, no_value}},  // CH4 fossil
    {{    21.0,     25.0,     28.0,     27.0,     79.7,     62.0,     23.0,      7.0,     34.0, no_value, no_value}},  // CH4 non-fossil
    {{   310.0,    298.0,    265.0,    273.0,    273.0,    275.0,    296.0,    156.0,    298.0,    130.0,    233.0}},  // N2O
    {{ 23900.0,  22800.0,  23500.0,  25200.0,  18300.0,  15100.0,  22200.0,  32400.0,  26087.0,  34100.0,  30600.0}},  // SF6
    {{no_value,  17200.0,  16100.0,  17400.0,  13400.0,   7700.0,  10800.0,  13100.0,  17885.0,  18200.0,  20000.0}},  // NF3
    {{ 11700.0,  14800.0,  12400.0,  14600.0,  12400.0,   9400.0,  12000.0,  10000.0,  13856.0,  10500.0,  15100.0}},  // HFC-23
    {{   650.0,    675.0,    677.0,    771.0,   2690.0,   1800.0,    550.0,    170.0,    817.0,    220.0,    142.0}},  // HFC-32
    {{  2800.0,   3500.0,   3170.0,   3740.0,   6740.0,   5900.0,   3400.0,   1100.0,   3691.0,   1110.0,   1300.0}},  // HFC-125
    {{  1300.0,   1430.0,   1300.0,   1530.0,   4140.0,   3300.0,   1300.0,    400.0,   1549.0,    436.0,    306.0}},  // HFC-134a
    {{  3800.0,   4470.0,   4800.0,   5810.0,   7840.0,   5500.0,   4300.0,   1600.0,   5508.0,   1940.0,   3250.0}},  // HFC-143a
    {{   140.0,    124.0,    138.0,    164.0,    591.0,    410.0,    120.0,     37.0,    167.0,     46.8,     29.8}},  // HFC-152a
    {{  2900.0,   3220.0,   3350.0,   3600.0,   5850.0,   5600.0,   3500.0,   1100.0,   3860.0,   1100.0,   1490.0}},  // HFC-227ea
    {{  6300.0,   9810.0,   8060.0,   8690.0,   7450.0,   7500.0,   9400.0,   7100.0,   8998.0,   6040.0,   8870.0}},  // HFC-236fa
    {{no_value,   1030.0,    858.0,    962.0,   3170.0,   3000.0,    950.0,    300.0,   1032.0,    274.0,    180.0}},  // HFC-245fa
    {{no_value,    794.0,    804.0,    914.0,   2920.0,   2600.0,    890.0,    280.0,    966.0,    261.0,    172.0}},  // HFC-365mfc
    {{  1300.0,   1640.0,   1650.0,   1600.0,   3960.0,   3700.0,   1500.0,    470.0,   1952.0,    458.0,    347.0}},  // HFC-43-10mee
    {{  6500.0,   7390.0,   6630.0,   7380.0,   5300.0,   3900.0,   5700.0,   8900.0,   7349.0,  10600.0,   9050.0}},  // CF4
    {{  9200.0,  12200.0,  11100.0,  12400.0,   8940.0,   8000.0,  11900.0,  18000.0,  12340.0,  17500.0,  15200.0}},  // C2F6
    {{  7000.0,   8830.0,   8900.0,   9290.0,   6770.0,   5900.0,   8600.0,  12400.0,   9878.0,  12400.0,  11200.0}},  // C3F8
    {{  8700.0,  10300.0,   9540.0,  10200.0,   7400.0,   6800.0,  10000.0,  14500.0,  10592.0,  13800.0,  12400.0}},  // c-C4F8
    {{no_value, no_value, no_value, no_value, no_value, no_value, no_value, no_value, no_value, no_value, no_value}},  // HFCs (basket)
    {{no_value, no_value, no_value, no_value, no_value, no_value, no_value, no_value, no_value, no_value, no_value}},  // PFCs (basket)
    {{no_value, no_value, no_value, no_value, no_value, no_value, no_value, no_value, no_value, no_value, no_value}},  // Kyoto GHG (basket)
    {{  1400.0,   1400.0,   1730.0,   2200.0,   3810.0,   2700.0,   1800.0,    580.0,   2019.0,    658.0,    810.0}},  // CCl4
    {{  1800.0,   2310.0,   1980.0,   2300.0,   5510.0,   5200.0,   2400.0,    740.0,   2345.0,    658.0,    514.0}},  // HCFC-142b
    {{no_value,    110.0,    413.0,    277.0,    995.0,    360.0,    110.0,     33.0,    500.0,     79.0,     50.4}},  // HFE-356pcc3
    {{     9.0,      8.7,      9.0,     11.2,     40.2,     35.0,     10.0,      3.0,     11.0,     3.18,     2.01}},  // CH2Cl2
    {{no_value, no_value,   7820.0,   8410.0,   6120.0, no_value, no_value, no_value,   8681.0,  11300.0,  10200.0}},  // C7F16
    {{no_value, no_value,   7620.0,   8260.0,   6010.0, no_value, no_value, no_value,   8456.0,  11100.0,  10000.0}},  // C8F18
    {{no_value, no_value,   4090.0,   4630.0,   7510.0, no_value, no_value, no_value,   4732.0,   1410.0,   1920.0}},  // SO2F2
    {{no_value,   6320.0,   5560.0,   6630.0,  12700.0,  10500.0,   6100.0,   2000.0,   6512.0,   1940.0,   2060.0}},  // HFE-134
}};
// clang-format on

} // namespace detail

/// The identifier, e.g. "AR5GWP100". Never throws: a value outside the
/// enumeration (only reachable through a cast) gives "?" (as name(gas) and
/// name(notation) do).
inline std::string_view name(metric m) noexcept {
  const auto i = static_cast<std::size_t>(m);
  return i < metric_count ? detail::metric_names[i] : std::string_view{"?"};
}

/// All metrics, oldest report first (within a report: as openscm-units
/// lists them).
inline std::vector<metric> all_metrics() { return {detail::metric_order.begin(), detail::metric_order.end()}; }

/// The metric for an identifier; case, spaces, hyphens and underscores are
/// ignored ("AR5GWP100", "ar5-gwp100", "AR5 GWP100"). Throws
/// unknown_metric_error listing the known identifiers.
inline metric parse_metric(std::string_view text) {
  // The metrics' names in normalize_name() form, made once (a scalar call
  // such as to_co2e(2.0, "CH4") parses its metric every time).
  static const auto normalized = [] {
    std::array<std::string, metric_count> a;
    for (std::size_t i = 0; i < metric_count; ++i) a[i] = detail::normalize_name(detail::metric_names[i]);
    return a;
  }();
  const std::string key = detail::normalize_name(text);
  for (std::size_t i = 0; i < metric_count; ++i)
    if (normalized[i] == key) return static_cast<metric>(i);
  std::string msg = "ghgtrack: unknown GWP metric '" + std::string(text) + "'; known metrics: ";
  for (std::size_t i = 0; i < metric_count; ++i) {
    if (i) msg += ", ";
    msg += detail::metric_names[static_cast<std::size_t>(detail::metric_order[i])];
  }
  throw unknown_metric_error(msg);
}

/// True when `m` gives a value for `g` (false for baskets and unassessed gases).
inline bool has_gwp(gas g, metric m) noexcept {
  const auto gi = static_cast<std::size_t>(g);
  const auto mi = static_cast<std::size_t>(m);
  return gi < gas_count && mi < metric_count && !std::isnan(detail::gwp_table[gi][mi]);
}

/// The GWP of `g` under `m` (t CO2e per t of gas). Throws missing_gwp_error
/// when the metric gives no value for the gas, naming the metrics that do.
inline double gwp(gas g, metric m) {
  const auto gi = static_cast<std::size_t>(g);
  const auto mi = static_cast<std::size_t>(m);
  if (gi >= gas_count) throw unknown_gas_error("ghgtrack: invalid gas value " + std::to_string(gi));
  if (mi >= metric_count) throw unknown_metric_error("ghgtrack: invalid metric value " + std::to_string(mi));
  const double v = detail::gwp_table[gi][mi];
  if (!std::isnan(v)) return v;
  std::string msg = "ghgtrack: no " + std::string(detail::metric_names[mi]) + " value for " + std::string(name(g));
  if (is_basket(g)) {
    msg += ": it is a basket of gases, whose CO2e cannot be converted without its per-gas split";
  } else {
    msg += "; metrics with a value:";
    for (const metric o : detail::metric_order) {
      const auto j = static_cast<std::size_t>(o);
      if (!std::isnan(detail::gwp_table[gi][j])) msg += " " + std::string(detail::metric_names[j]);
    }
  }
  throw missing_gwp_error(msg);
}

} // namespace ghgtrack

#endif
