// ghgtrack/gwp.hpp: GWP metrics and their values.
//
// Metric identifiers follow openscm-units and pyam (SARGWP100, AR4GWP100,
// AR5GWP100, AR6GWP100, AR6GWP20), so an analyst's existing strings work.
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
  count_
};

inline constexpr std::size_t metric_count = static_cast<std::size_t>(metric::count_);

namespace detail {

inline constexpr std::array<std::string_view, metric_count> metric_names{"SARGWP100", "AR4GWP100", "AR5GWP100",
                                                                         "AR6GWP100", "AR6GWP20"};

inline constexpr double no_value = std::numeric_limits<double>::quiet_NaN();

// clang-format off
// Columns: SARGWP100, AR4GWP100, AR5GWP100, AR6GWP100, AR6GWP20.
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
//  SAR and AR4 do not distinguish fossil from non-fossil CH4: both take the
//  generic CH4 value. Baskets have no value (no_value) in every metric.
inline constexpr std::array<std::array<double, metric_count>, gas_count> gwp_table{{
    //   SAR       AR4       AR5       AR6-100   AR6-20
    {{    1.0,      1.0,      1.0,      1.0,      1.0}},  // CO2 (reference gas, by definition)
    {{   21.0,     25.0,     28.0,     27.9,     81.2}},  // CH4
    {{   21.0,     25.0,     30.0,     29.8,     82.5}},  // CH4 fossil
    {{   21.0,     25.0,     28.0,     27.0,     79.7}},  // CH4 non-fossil
    {{  310.0,    298.0,    265.0,    273.0,    273.0}},  // N2O
    {{23900.0,  22800.0,  23500.0,  25200.0,  18300.0}},  // SF6
    {{no_value, 17200.0,  16100.0,  17400.0,  13400.0}},  // NF3 (not assessed in SAR)
    {{11700.0,  14800.0,  12400.0,  14600.0,  12400.0}},  // HFC-23
    {{  650.0,    675.0,    677.0,    771.0,   2690.0}},  // HFC-32
    {{ 2800.0,   3500.0,   3170.0,   3740.0,   6740.0}},  // HFC-125
    {{ 1300.0,   1430.0,   1300.0,   1530.0,   4140.0}},  // HFC-134a
    {{ 3800.0,   4470.0,   4800.0,   5810.0,   7840.0}},  // HFC-143a
    {{  140.0,    124.0,    138.0,    164.0,    591.0}},  // HFC-152a
    {{ 2900.0,   3220.0,   3350.0,   3600.0,   5850.0}},  // HFC-227ea
    {{ 6300.0,   9810.0,   8060.0,   8690.0,   7450.0}},  // HFC-236fa
    {{no_value,  1030.0,    858.0,    962.0,   3170.0}},  // HFC-245fa (not in SAR)
    {{no_value,   794.0,    804.0,    914.0,   2920.0}},  // HFC-365mfc (not in SAR)
    {{ 1300.0,   1640.0,   1650.0,   1600.0,   3960.0}},  // HFC-43-10mee
    {{ 6500.0,   7390.0,   6630.0,   7380.0,   5300.0}},  // CF4
    {{ 9200.0,  12200.0,  11100.0,  12400.0,   8940.0}},  // C2F6
    {{ 7000.0,   8830.0,   8900.0,   9290.0,   6770.0}},  // C3F8
    {{ 8700.0,  10300.0,   9540.0,  10200.0,   7400.0}},  // c-C4F8
    {{no_value, no_value, no_value, no_value, no_value}},  // HFCs (basket)
    {{no_value, no_value, no_value, no_value, no_value}},  // PFCs (basket)
    {{no_value, no_value, no_value, no_value, no_value}},  // Kyoto GHG (basket)
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

/// All metrics, oldest report first.
inline std::vector<metric> all_metrics() {
  std::vector<metric> v;
  for (std::size_t i = 0; i < metric_count; ++i) v.push_back(static_cast<metric>(i));
  return v;
}

/// The metric for an identifier; case, spaces, hyphens and underscores are
/// ignored ("AR5GWP100", "ar5-gwp100", "AR5 GWP100"). Throws
/// unknown_metric_error listing the known identifiers.
inline metric parse_metric(std::string_view text) {
  const std::string key = detail::normalize_name(text);
  for (std::size_t i = 0; i < metric_count; ++i)
    if (detail::normalize_name(detail::metric_names[i]) == key) return static_cast<metric>(i);
  std::string msg = "ghgtrack: unknown GWP metric '" + std::string(text) + "'; known metrics: ";
  for (std::size_t i = 0; i < metric_count; ++i) {
    if (i) msg += ", ";
    msg += detail::metric_names[i];
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
    for (std::size_t j = 0; j < metric_count; ++j)
      if (!std::isnan(detail::gwp_table[gi][j])) msg += " " + std::string(detail::metric_names[j]);
  }
  throw missing_gwp_error(msg);
}

} // namespace ghgtrack

#endif
