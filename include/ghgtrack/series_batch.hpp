// ghgtrack/series_batch.hpp: many gapped data series interpolated and
// cumulated at once (one row per series, NaN = no value for that year).
//
// The rules are those of one series: linear between the neighbouring years
// with data (interpolate() in series.hpp; Pathway.through with linear
// segments), and outside a row's data the fill: series_fill::none leaves
// those years missing (NaN), series_fill::hold holds the first value before
// and the last after (what pathway::through() does). The cumulative sum
// counts whole years first..last, both included, as pathway::cumulative_t()
// (annual_sum; trapezoid = that less half the first and the last year's
// value), over the interpolated line, so years between two columns count
// too. A row whose line is missing in some year of first..last (no data, or
// fill none and the data do not cover the range) has a NaN cumulative sum:
// an unknown is never a zero.
//
// One pass per row, rows split over `threads` (detail::parallel_parts; 1 =
// none started): no Python loop, no per-series object.
#ifndef GHGTRACK_SERIES_BATCH_HPP
#define GHGTRACK_SERIES_BATCH_HPP

#include <Eigen/Core>

#include <cmath>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "ghgtrack/detail/parallel.hpp"
#include "ghgtrack/error.hpp"
#include "ghgtrack/pathway.hpp"
#include "ghgtrack/series.hpp"

namespace ghgtrack {

/// Rows of series x years, row-major (each series contiguous, as numpy's C order).
using series_rows = Eigen::Array<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

/// The result of interpolate_cumulate().
struct interpolated_series {
  series_rows values;        ///< series x years (t CO2e): data, interpolated gaps, fill outside
  Eigen::ArrayXd cumulative; ///< per series, t CO2e over first..last (NaN when a year is missing)
  int first = 0, last = 0;   ///< the whole years summed
};

namespace detail {
// One row: the data points (years[j], v[j]) where v[j] is not NaN.
inline void interpolate_cumulate_row(const double* years, const double* v, Eigen::Index m, series_fill fill,
                                     cumulative_convention conv, int first, int last, double* out, double& cum,
                                     std::vector<Eigen::Index>& idx) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  idx.clear();
  for (Eigen::Index j = 0; j < m; ++j)
    if (!std::isnan(v[j])) idx.push_back(j);
  if (idx.empty()) {
    for (Eigen::Index j = 0; j < m; ++j) out[j] = nan;
    cum = nan;
    return;
  }
  const Eigen::Index a = idx.front(), b = idx.back();
  const double before = fill == series_fill::hold ? v[a] : nan;
  const double after = fill == series_fill::hold ? v[b] : nan;
  for (Eigen::Index j = 0; j < a; ++j) out[j] = before;
  for (Eigen::Index j = b + 1; j < m; ++j) out[j] = after;
  for (std::size_t q = 0; q + 1 < idx.size(); ++q) { // the gaps between data points, linear
    const Eigen::Index l = idx[q], r = idx[q + 1];
    out[l] = v[l];
    const double t0 = years[l], e0 = v[l], de = v[r] - v[l], dt = years[r] - years[l];
    for (Eigen::Index j = l + 1; j < r; ++j) out[j] = e0 + de * ((years[j] - t0) / dt);
  }
  out[b] = v[b];
  // Cumulative over whole years (pathway::cumulative_t's Neumaier sum);
  // each whole year on the line through the data points.
  const double ya = years[a], yb = years[b];
  if (fill == series_fill::none && (first < ya || last > yb)) {
    cum = nan;
    return;
  }
  double sum = 0.0, comp = 0.0, at_first = 0.0, at_last = 0.0;
  std::size_t q = 0; // the segment idx[q]..idx[q+1] holding the year
  for (int y = first; y <= last; ++y) {
    const double t = y;
    double e;
    if (t <= ya) {
      e = v[a];
    } else if (t >= yb) {
      e = v[b];
    } else {
      while (years[idx[q + 1]] <= t && q + 2 < idx.size()) ++q;
      const Eigen::Index l = idx[q], r = idx[q + 1];
      e = t == years[r] ? v[r] : v[l] + (v[r] - v[l]) * ((t - years[l]) / (years[r] - years[l]));
    }
    if (y == first) at_first = e;
    if (y == last) at_last = e;
    const double s = sum + e;
    comp += (std::fabs(sum) >= std::fabs(e)) ? (sum - s) + e : (e - s) + sum;
    sum = s;
  }
  sum += comp;
  if (conv == cumulative_convention::trapezoid) sum -= 0.5 * (at_first + at_last);
  cum = sum;
}
} // namespace detail

/// Interpolates every row of `values_t_co2e` (series x years; NaN = a gap)
/// at its `years` (strictly increasing) and cumulates it over whole years
/// `first`..`last` (default: the first and last column's year, which must
/// then be whole), `fill` outside each row's data (none or hold; the trend
/// fill is for one series at a time: interpolate()). Throws shape_error for
/// differing sizes, argument_error for years that do not increase, a
/// first/last outside the years, an infinite value (input_error-like
/// message with row and column) or the trend fill.
inline interpolated_series interpolate_cumulate(const Eigen::Ref<const Eigen::ArrayXd>& years,
                                                const Eigen::Ref<const series_rows>& values_t_co2e,
                                                series_fill fill = series_fill::none,
                                                cumulative_convention conv = cumulative_convention::annual_sum,
                                                std::optional<int> first = std::nullopt,
                                                std::optional<int> last = std::nullopt, unsigned threads = 1) {
  const auto& v = values_t_co2e;
  const Eigen::Index n = v.rows(), m = v.cols();
  if (years.size() != m)
    throw shape_error("ghgtrack: interpolate_cumulate: values have " + std::to_string(m) + " columns for " +
                      std::to_string(years.size()) + " years");
  if (m == 0) throw argument_error("ghgtrack: interpolate_cumulate: no years");
  for (Eigen::Index j = 0; j < m; ++j) {
    if (!std::isfinite(years[j])) throw argument_error("ghgtrack: interpolate_cumulate: a year is not finite");
    if (j && !(years[j] > years[j - 1]))
      throw argument_error("ghgtrack: interpolate_cumulate: years must increase (column " + std::to_string(j) + ")");
  }
  if (fill == series_fill::trend)
    throw argument_error("ghgtrack: interpolate_cumulate: the fill is 'none' or 'hold' (the trend fill takes one "
                         "series at a time: interpolate())");
  const auto whole = [&](double y, const char* which) {
    if (y != std::floor(y))
      throw argument_error(std::string("ghgtrack: interpolate_cumulate: the ") + which + " year " + std::to_string(y) +
                           " is not whole; give " + which + "= explicitly");
    return static_cast<int>(y);
  };
  const int f = first ? *first : whole(years[0], "first");
  const int l = last ? *last : whole(years[m - 1], "last");
  if (l < f)
    throw argument_error("ghgtrack: interpolate_cumulate: last year " + std::to_string(l) + " is before first year " +
                         std::to_string(f));
  if (f < years[0] || l > years[m - 1])
    throw argument_error("ghgtrack: interpolate_cumulate: the years summed (" + std::to_string(f) + ".." +
                         std::to_string(l) + ") must lie within the columns' years");
  interpolated_series out;
  out.values.resize(n, m);
  out.cumulative.resize(n);
  out.first = f;
  out.last = l;
  std::vector<double> yv(years.data(), years.data() + m);
  const Eigen::Index parts = std::max<Eigen::Index>(1, std::min<Eigen::Index>(256, n / 4096));
  std::vector<Eigen::Index> bad(static_cast<std::size_t>(parts), -1);
  detail::parallel_parts(threads, n, parts, [&](std::ptrdiff_t p, std::ptrdiff_t b, std::ptrdiff_t e) {
    std::vector<Eigen::Index> idx;
    idx.reserve(static_cast<std::size_t>(m));
    for (Eigen::Index i = b; i < e; ++i) {
      const double* row = v.data() + i * v.outerStride();
      for (Eigen::Index j = 0; j < m; ++j)
        if (std::isinf(row[j])) {
          bad[static_cast<std::size_t>(p)] = i * m + j;
          return;
        }
      detail::interpolate_cumulate_row(yv.data(), row, m, fill, conv, f, l, out.values.data() + i * m,
                                       out.cumulative[i], idx);
    }
  });
  for (Eigen::Index at : bad)
    if (at >= 0)
      throw argument_error("ghgtrack: interpolate_cumulate: series " + std::to_string(at / m) + " (0-based), year " +
                           std::to_string(yv[static_cast<std::size_t>(at % m)]) +
                           " is infinite; give NaN for a missing value");
  return out;
}

} // namespace ghgtrack

#endif
