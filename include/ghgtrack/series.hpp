// ghgtrack/series.hpp: reading a DATA series (t CO2e by year, with gaps) at other years.
//
// Inside the data, values are interpolated linearly between the neighbouring
// years with data (as pyam does for cumulative sums). Outside the data there
// is nothing to interpolate: the value is missing (NaN) unless the caller
// names a fill:
//   series_fill::none   missing (NaN) before the first and after the last year;
//   series_fill::hold   the first value before, the last value after;
//   series_fill::trend  the least-squares straight line through all the data
//                       (fit_trend, linear) outside the data.
// Target pathways (pathway.hpp) hold their end values instead: a target's
// level stays in force after its last milestone, while a statistic does not
// exist before it is measured.
#ifndef GHGTRACK_SERIES_HPP
#define GHGTRACK_SERIES_HPP

#include <cmath>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "ghgtrack/error.hpp"
#include "ghgtrack/trend.hpp"

namespace ghgtrack {

/// What a data series is outside its years (see above).
enum class series_fill { none, hold, trend };

/// "none", "hold" or "trend".
inline const char* name(series_fill f) noexcept {
  switch (f) {
  case series_fill::none: return "none";
  case series_fill::hold: return "hold";
  case series_fill::trend: return "trend";
  }
  return "none";
}
/// The fill named `text`; argument_error otherwise.
inline series_fill parse_series_fill(std::string_view text) {
  if (text == "none") return series_fill::none;
  if (text == "hold") return series_fill::hold;
  if (text == "trend") return series_fill::trend;
  throw argument_error("ghgtrack: a fill is 'none' (missing outside the data), 'hold' or 'trend', not '" +
                       std::string(text) + "'");
}

/// The series (`years` strictly increasing, `values_t_co2e` finite) at
/// every year of `at`: linear inside the data, `fill` outside (NaN for none).
inline std::vector<double> interpolate(const std::vector<double>& years, const std::vector<double>& values_t_co2e,
                                       const std::vector<double>& at, series_fill fill = series_fill::none) {
  const auto& v = values_t_co2e;
  if (years.size() != v.size())
    throw shape_error("ghgtrack: interpolate: " + std::to_string(years.size()) + " years and " +
                      std::to_string(v.size()) + " values");
  if (years.empty()) throw argument_error("ghgtrack: interpolate: the series is empty");
  for (std::size_t i = 0; i < years.size(); ++i) {
    if (!std::isfinite(v[i]))
      throw argument_error("ghgtrack: interpolate: the value for " + std::to_string(years[i]) +
                           " is missing; drop it (the gap is then interpolated)");
    if (i && !(years[i] > years[i - 1])) throw argument_error("ghgtrack: interpolate: years must increase");
  }
  std::optional<trend_fit> line;
  if (fill == series_fill::trend) line = fit_trend(years, v, false);
  const double nan = std::numeric_limits<double>::quiet_NaN();
  std::vector<double> out;
  out.reserve(at.size());
  for (double y : at) {
    if (y < years.front() || y > years.back()) {
      if (fill == series_fill::hold)
        out.push_back(y < years.front() ? v.front() : v.back());
      else if (fill == series_fill::trend)
        out.push_back(line->predict(y));
      else
        out.push_back(nan);
      continue;
    }
    std::size_t k = 1;
    while (k < years.size() && years[k] < y) ++k;
    if (k == years.size() || years[k] == y) {
      out.push_back(v[k == years.size() ? k - 1 : k]);
      continue;
    }
    if (y == years[k - 1]) {
      out.push_back(v[k - 1]);
      continue;
    }
    const double f = (y - years[k - 1]) / (years[k] - years[k - 1]);
    out.push_back(v[k - 1] + (v[k] - v[k - 1]) * f);
  }
  return out;
}

} // namespace ghgtrack

#endif
