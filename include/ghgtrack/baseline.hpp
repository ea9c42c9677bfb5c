// ghgtrack/baseline.hpp: the reference path (baseline) a climate plan is measured against.
//
// A baseline projects an inventory to a horizon year with no new measures.
// It is an `inventory` over the future years (values in t CO2e, one row per
// (category, gas) cell), so the scenario engine can apply measures to it cell
// by cell. Every cell carries a value; the sector, source and total figures
// are always the sums of the cells (`by_sector()`, `total()`), so the parts
// add up to the total by definition.
//
// Methods (baseline_method):
//   linear     OLS line through the group's values (trend.hpp), with a
//              prediction interval per future year;
//   loglinear  OLS line through ln(value): a constant annual rate;
//   frozen     the last year's level, or the mean of the last k years.
// With a driver series (population, say) the method applies to the
// intensity, value / driver, and the projection is driver(year) x intensity:
// "frozen" is the last (or last-k mean) intensity, "linear"/"loglinear" a
// fitted intensity trend.
//
// Level of the projection (baseline_by): each group -- a sector, a source
// (category, all gases) or a cell -- is projected from its own series. A
// group's projection is split to its cells by the cells' shares of the group
// in the last data year (the mean of the last k years for "frozen"), so a
// cell's share stays as it was (a group at 0 in that year is split by its
// cells' sums over all the data years used). The prediction interval (lo, hi) is computed
// per group; the cell arrays lo()/hi() carry the group interval split by the
// same shares (cell intervals are not additive across groups).
//
// Data rules: a group is fitted on the years whose aggregate is complete
// (no NE, C or missing cell); years left out are listed in `skipped`. A cell
// whose last data year is a notation key keeps that key in every future year
// (NO, IE and NA stay "nothing", NE, C and missing stay unknown): an unknown
// is never turned into zero. A linear trend of a group whose fitted values are
// all >= 0 is floored at 0 (a source does not become a removal by
// extrapolation); `floored` lists where that happened.
#ifndef GHGTRACK_BASELINE_HPP
#define GHGTRACK_BASELINE_HPP

#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ghgtrack/csv.hpp"
#include "ghgtrack/error.hpp"
#include "ghgtrack/co2e_units.hpp"
#include "ghgtrack/inventory.hpp"
#include "ghgtrack/inventory_builder.hpp"
#include "ghgtrack/merge.hpp"
#include "ghgtrack/notation.hpp"
#include "ghgtrack/trend.hpp"

namespace ghgtrack {

enum class baseline_method { linear, loglinear, frozen };
enum class baseline_by { sector, source, cell };

/// "linear", "loglinear", "frozen"; argument_error naming them otherwise.
inline baseline_method parse_baseline_method(std::string_view s) {
  if (s == "linear" || s == "trend") return baseline_method::linear;
  if (s == "loglinear") return baseline_method::loglinear;
  if (s == "frozen") return baseline_method::frozen;
  throw argument_error("ghgtrack: unknown baseline method '" + std::string(s) +
                       "' (accepted: linear (or trend), loglinear, frozen)");
}
inline baseline_by parse_baseline_by(std::string_view s) {
  if (s == "sector") return baseline_by::sector;
  if (s == "source") return baseline_by::source;
  if (s == "cell") return baseline_by::cell;
  throw argument_error("ghgtrack: unknown baseline level '" + std::string(s) + "' (accepted: sector, source, cell)");
}

/// A driver series (e.g. population by year). It must cover the data years
/// used and every projected year, with positive values.
struct driver_series {
  std::vector<int> years;
  std::vector<double> values;
  std::string name = "driver";
};

struct baseline_options {
  int until = 0; ///< horizon year (included)
  baseline_method method = baseline_method::linear;
  baseline_by by = baseline_by::sector;
  std::optional<int> since;            ///< first data year used (default: all)
  std::optional<int> last_year;        ///< last data year used (default: the last)
  int last_k = 1;                      ///< frozen: mean of the last k data years
  double level = 0.95;                 ///< prediction-interval probability
  std::optional<driver_series> driver; ///< project intensity x driver
};

/// A (group, year) left out of a fit, and why.
struct baseline_note {
  std::string group;
  int year;
  std::string reason;
};

struct baseline_result {
  inventory projection;            ///< future years only, t CO2e
  Eigen::ArrayXXd lo, hi;          ///< cells x future years (group interval split by shares)
  std::vector<std::string> groups; ///< the projected groups ("sector", "sector / source" or "sector / source / gas")
  Eigen::ArrayXXd group_value, group_lo, group_hi; ///< groups x future years
  std::vector<int> data_years;                     ///< the data years the baseline used
  std::vector<baseline_note> skipped;              ///< incomplete years left out of a fit
  std::vector<baseline_note> floored;              ///< linear trends floored at 0
  baseline_options options;
};

namespace detail {

inline std::string join(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
  return s;
}

/// Group index of every cell and the group labels.
inline std::vector<int> baseline_groups(const inventory& inv, baseline_by by, std::vector<std::string>& labels) {
  std::vector<int> group(static_cast<std::size_t>(inv.n_cells()), -1);
  labels.clear();
  for (Eigen::Index c = 0; c < inv.n_categories(); ++c) {
    const auto& cat = inv.categories()[static_cast<std::size_t>(c)];
    for (Eigen::Index g = 0; g < inv.n_gases(); ++g) {
      std::string label;
      if (by == baseline_by::sector)
        label = cat.sector;
      else if (by == baseline_by::source)
        label = cat.sector + " / " + cat.source;
      else
        label = cat.sector + " / " + cat.source + " / " + std::string(name(inv.gases()[static_cast<std::size_t>(g)]));
      if (labels.empty() || labels.back() != label) labels.push_back(label);
      group[static_cast<std::size_t>(inv.cell(c, g))] = static_cast<int>(labels.size()) - 1;
    }
  }
  return group;
}

inline double driver_at(const driver_series& d, int year) {
  for (std::size_t i = 0; i < d.years.size(); ++i)
    if (d.years[i] == year) return d.values[i];
  throw argument_error("ghgtrack: baseline: the driver '" + d.name + "' has no value for " + std::to_string(year) +
                       " (it must cover the data years used and every projected year)");
}

inline double driver_at_or_one(const std::optional<driver_series>& d, int year) {
  return d ? driver_at(*d, year) : 1.0;
}

} // namespace detail

/// Projects `inv` from the year after its last data year to `opt.until`.
inline baseline_result make_baseline(const inventory& inv, const baseline_options& opt) {
  if (inv.n_years() == 0 || inv.n_cells() == 0) throw argument_error("ghgtrack: baseline: the inventory is empty");
  if (!(opt.level > 0.0 && opt.level < 1.0))
    throw argument_error("ghgtrack: baseline: level must lie in (0, 1), e.g. 0.95 (got " + std::to_string(opt.level) +
                         ")");
  if (opt.last_k < 1)
    throw argument_error("ghgtrack: baseline: last_k must be at least 1 (got " + std::to_string(opt.last_k) + ")");
  // Data years used.
  std::vector<Eigen::Index> yi;
  for (Eigen::Index y = 0; y < inv.n_years(); ++y) {
    const int year = inv.years()[static_cast<std::size_t>(y)];
    if (opt.since && year < *opt.since) continue;
    if (opt.last_year && year > *opt.last_year) continue;
    yi.push_back(y);
  }
  if (yi.empty()) throw argument_error("ghgtrack: baseline: no data year between since and last_year");
  if (opt.last_year && !inv.year_index(*opt.last_year))
    throw unknown_label_error("ghgtrack: baseline: last_year " + std::to_string(*opt.last_year) +
                              " is not a year of the inventory");
  const int last = inv.years()[static_cast<std::size_t>(yi.back())];
  if (opt.until <= last)
    throw argument_error("ghgtrack: baseline: until (" + std::to_string(opt.until) +
                         ") must come after the last data year (" + std::to_string(last) + ")");
  if (opt.until > inventory_builder::max_year)
    throw argument_error("ghgtrack: baseline: until (" + std::to_string(opt.until) + ") is after " +
                         std::to_string(inventory_builder::max_year));
  std::vector<int> future;
  for (int y = last + 1; y <= opt.until; ++y) future.push_back(y);
  const auto nf = static_cast<Eigen::Index>(future.size());
  std::vector<int> data_years;
  for (auto y : yi) data_years.push_back(inv.years()[static_cast<std::size_t>(y)]);
  const bool frozen = opt.method == baseline_method::frozen;
  if (frozen && opt.last_k > static_cast<int>(yi.size()))
    throw argument_error("ghgtrack: baseline: last_k = " + std::to_string(opt.last_k) + " but only " +
                         std::to_string(yi.size()) + " data years are used");

  // Driver values for data and future years.
  std::vector<double> d_data(yi.size(), 1.0), d_future(future.size(), 1.0);
  if (opt.driver) {
    const auto& d = *opt.driver;
    if (d.years.size() != d.values.size())
      throw shape_error("ghgtrack: baseline: the driver has " + std::to_string(d.years.size()) + " years and " +
                        std::to_string(d.values.size()) + " values");
    for (std::size_t i = 0; i < yi.size(); ++i) d_data[i] = detail::driver_at(d, data_years[i]);
    for (std::size_t i = 0; i < future.size(); ++i) d_future[i] = detail::driver_at(d, future[i]);
    for (double v : d_data)
      if (!(v > 0.0) || !std::isfinite(v))
        throw argument_error("ghgtrack: baseline: driver values must be positive and finite");
    for (double v : d_future)
      if (!(v > 0.0) || !std::isfinite(v))
        throw argument_error("ghgtrack: baseline: driver values must be positive and finite");
  }

  baseline_result res;
  res.options = opt;
  res.data_years = data_years;
  // Reference years for shares and frozen levels: the last k (frozen) or the last one.
  const std::size_t k = frozen ? static_cast<std::size_t>(opt.last_k) : 1;
  const std::vector<Eigen::Index> ref(yi.end() - static_cast<std::ptrdiff_t>(k), yi.end());
  const std::vector<double> ref_driver(d_data.end() - static_cast<std::ptrdiff_t>(k), d_data.end());

  Eigen::ArrayXXd vals = Eigen::ArrayXXd::Zero(inv.n_cells(), nf);
  key_array keys = key_array::Constant(inv.n_cells(), nf, static_cast<std::uint8_t>(notation::na));
  res.lo = Eigen::ArrayXXd::Zero(inv.n_cells(), nf);
  res.hi = Eigen::ArrayXXd::Zero(inv.n_cells(), nf);

  // Per cell: the reference level (mean over the reference years of
  // value / driver) and the key it carries forward.
  const auto& V = inv.values();
  const auto& K = inv.keys();
  Eigen::ArrayXd ref_level(inv.n_cells());
  std::vector<notation> ref_key(static_cast<std::size_t>(inv.n_cells()));
  for (Eigen::Index c = 0; c < inv.n_cells(); ++c) {
    detail::neumaier acc;
    notation key = static_cast<notation>(K(c, ref.front()));
    for (std::size_t i = 0; i < ref.size(); ++i) {
      acc.add(V(c, ref[i]) / ref_driver[i]);
      if (i) key = detail::combine_keys(key, static_cast<notation>(K(c, ref[i])));
    }
    ref_level[c] = acc.result() / static_cast<double>(ref.size());
    ref_key[static_cast<std::size_t>(c)] = key;
  }

  std::vector<std::string> labels;
  const auto group = detail::baseline_groups(inv, opt.by, labels);
  const auto ng = static_cast<Eigen::Index>(labels.size());
  res.groups = labels;
  res.group_value = Eigen::ArrayXXd::Zero(ng, nf);
  res.group_lo = Eigen::ArrayXXd::Zero(ng, nf);
  res.group_hi = Eigen::ArrayXXd::Zero(ng, nf);
  const aggregate agg = inv.aggregate_by(group, labels);

  // Cells of each group (contiguous in the canonical order).
  std::vector<std::pair<Eigen::Index, Eigen::Index>> span(static_cast<std::size_t>(ng), {-1, -1});
  for (Eigen::Index c = 0; c < inv.n_cells(); ++c) {
    auto& s = span[static_cast<std::size_t>(group[static_cast<std::size_t>(c)])];
    if (s.first < 0) s.first = c;
    s.second = c + 1;
  }

  for (Eigen::Index gi = 0; gi < ng; ++gi) {
    const auto [cb, ce] = span[static_cast<std::size_t>(gi)];
    const std::string& label = labels[static_cast<std::size_t>(gi)];
    // The group's reference level (sum of its cells').
    detail::neumaier ref_sum;
    bool any_value = false;
    for (Eigen::Index c = cb; c < ce; ++c) {
      ref_sum.add(ref_level[c]);
      any_value = any_value || ref_key[static_cast<std::size_t>(c)] == notation::value || ref_level[c] != 0.0;
    }
    const double group_ref = ref_sum.result();
    Eigen::ArrayXd central(nf), lo(nf), hi(nf);
    if (frozen || !any_value) {
      // Frozen level, or a group that holds only notation keys: carried forward.
      for (Eigen::Index f = 0; f < nf; ++f)
        central[f] = lo[f] = hi[f] = group_ref * d_future[static_cast<std::size_t>(f)];
      if (!frozen && !any_value)
        res.skipped.push_back({label, last, "only notation keys in the last data year: carried forward, not fitted"});
    } else {
      std::vector<double> xs, ys;
      bool all_nonneg = true;
      for (std::size_t i = 0; i < yi.size(); ++i) {
        const auto y = yi[i];
        if (agg.flags(gi, y) & bits(aggregate_flag::incomplete)) {
          res.skipped.push_back({label, data_years[i], "incomplete (includes NE, C or a missing row)"});
          continue;
        }
        if (agg.flags(gi, y) & bits(aggregate_flag::no_value)) {
          res.skipped.push_back({label, data_years[i], "no reported value"});
          continue;
        }
        const double v = agg.values(gi, y) / d_data[i];
        all_nonneg = all_nonneg && v >= 0.0;
        xs.push_back(static_cast<double>(data_years[i]));
        ys.push_back(v);
      }
      const bool all_zero = !ys.empty() && std::all_of(ys.begin(), ys.end(), [](double v) { return v == 0.0; });
      if (opt.method == baseline_method::loglinear && !all_zero)
        for (std::size_t i = 0; i < ys.size(); ++i)
          if (!(ys[i] > 0.0))
            throw no_solution_error(
                "ghgtrack: baseline: a log-linear trend needs positive values, but '" + label + "' has " +
                std::to_string(ys[i] * detail::driver_at_or_one(opt.driver, static_cast<int>(xs[i]))) + " t in " +
                std::to_string(static_cast<int>(xs[i])) +
                "; use method linear or frozen, or project a coarser level (by sector)");
      if (all_zero) {
        // 0 t in every data year (e.g. a sector that no longer occurs): stays 0.
        central.setZero();
        lo.setZero();
        hi.setZero();
      } else {
        if (xs.size() < 3)
          throw no_solution_error("ghgtrack: baseline: '" + label + "' has " + std::to_string(xs.size()) +
                                  " complete data year(s); a trend with an interval needs at least 3. "
                                  "Use method frozen, more years (since), or a coarser level (by sector)");
        const trend_fit fit = fit_trend(xs, ys, opt.method == baseline_method::loglinear);
        for (Eigen::Index f = 0; f < nf; ++f) {
          const double x = static_cast<double>(future[static_cast<std::size_t>(f)]);
          const double d = d_future[static_cast<std::size_t>(f)];
          const auto pi = fit.prediction_interval(x, opt.level);
          central[f] = fit.predict(x) * d;
          lo[f] = pi.first * d;
          hi[f] = pi.second * d;
          if (opt.method == baseline_method::linear && all_nonneg) {
            if (central[f] < 0.0)
              res.floored.push_back({label, future[static_cast<std::size_t>(f)], "linear trend below 0 t"});
            central[f] = std::max(0.0, central[f]);
            lo[f] = std::max(0.0, lo[f]);
            hi[f] = std::max(0.0, hi[f]);
          }
        }
      }
    }
    res.group_value.row(gi) = central;
    res.group_lo.row(gi) = lo;
    res.group_hi.row(gi) = hi;
    // Split to cells by their share of the group's reference level; a group
    // at 0 in its last data year is split by its cells' sums over all the
    // data years used.
    Eigen::ArrayXd share_level = ref_level.segment(cb, ce - cb);
    double share_total = group_ref;
    if (group_ref == 0.0 && !frozen && any_value) {
      detail::neumaier all;
      for (Eigen::Index c = cb; c < ce; ++c) {
        detail::neumaier cs;
        // Only cells that still report a value in the last year take a share.
        if (ref_key[static_cast<std::size_t>(c)] == notation::value)
          for (std::size_t i = 0; i < yi.size(); ++i) cs.add(V(c, yi[i]) / d_data[i]);
        share_level[c - cb] = cs.result();
        all.add(cs.result());
      }
      share_total = all.result();
    }
    for (Eigen::Index c = cb; c < ce; ++c) {
      const notation key = ref_key[static_cast<std::size_t>(c)];
      double share = 0.0;
      if (frozen || !any_value) {
        share = 1.0; // handled below per cell: its own level
      } else if (share_total != 0.0) {
        share = share_level[c - cb] / share_total;
      } else if (central.isZero(0.0) && lo.isZero(0.0) && hi.isZero(0.0)) {
        share = 0.0; // nothing to split
      } else if (ce - cb > 1) {
        throw no_solution_error("ghgtrack: baseline: the cells of '" + label +
                                "' sum to 0 over the data years, "
                                "so the projection cannot be split among them; project by cell");
      } else {
        share = 1.0;
      }
      for (Eigen::Index f = 0; f < nf; ++f) {
        double v, l, h;
        if (frozen || !any_value) {
          v = l = h = ref_level[c] * d_future[static_cast<std::size_t>(f)];
        } else {
          v = central[f] * share;
          l = lo[f] * share;
          h = hi[f] * share;
        }
        vals(c, f) = v;
        res.lo(c, f) = l;
        res.hi(c, f) = h;
        keys(c, f) = static_cast<std::uint8_t>(key);
      }
    }
  }
  res.projection = inventory(inv.categories(), inv.gases(), future, inv.gwp_metric(), std::move(vals), std::move(keys));
  return res;
}

// -- a baseline given as a table ---------------------------------------------

/// Source label of a table baseline given by sector only.
inline constexpr const char* all_sources = "(all sources)";

/// Reads a reference path given as CSV text, as a municipality publishes it:
///  - wide: columns sector, [source,] then one column per year ("2024", ...);
///  - long: columns sector, [source,] year, value [, unit].
/// Values are t CO2e unless a unit column says otherwise (kt CO2e, ...);
/// a cell may hold a notation key (NO, NE, IE, C, NA) instead of a number.
/// The table is taken as it is: no fitting, no smoothing. The inventory has
/// one category per row label (source "(all sources)" when no source column)
/// and the basket gas "Kyoto gases". When `valid` (an inventory) is given,
/// every sector (and source) must be one of its: an input_error names the
/// valid ones. Any bad cell is an input_error with origin, row, column, value.
inline inventory read_baseline_table_text(std::string_view text, const std::string& origin = "<baseline table>",
                                          const inventory* valid = nullptr) {
  // Strip a UTF-8 byte-order mark.
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  const char delim = [&] {
    const auto nl = text.find('\n');
    const auto head = text.substr(0, nl);
    return std::count(head.begin(), head.end(), ';') > std::count(head.begin(), head.end(), ',') ? ';' : ',';
  }();
  detail::csv_cursor cur(text, delim);
  std::vector<std::string_view> f;
  std::size_t line = 0;
  if (!cur.next(f, line, origin)) throw input_error(origin, 0, "", "", "the table is empty");
  std::vector<std::string> header;
  for (auto h : f) header.push_back(detail::normalize_name(detail::trim(h)));
  auto col = [&](const char* n) -> int {
    for (std::size_t i = 0; i < header.size(); ++i)
      if (header[i] == n) return static_cast<int>(i);
    return -1;
  };
  const int c_sector = col("sector"), c_source = col("source"), c_year = col("year"), c_value = col("value"),
            c_unit = col("unit");
  if (c_sector < 0)
    throw input_error(origin, 1, "", "",
                      "no 'sector' column (a baseline table has columns sector, [source,] "
                      "then years, or sector, [source,] year, value)");
  const bool is_long = c_year >= 0 || c_value >= 0;
  if (is_long && (c_year < 0 || c_value < 0))
    throw input_error(origin, 1, "", "", "a long baseline table needs both 'year' and 'value' columns");
  std::vector<std::pair<int, int>> year_cols; // (column, year) of a wide table
  if (!is_long) {
    for (std::size_t i = 0; i < header.size(); ++i) {
      if (static_cast<int>(i) == c_sector || static_cast<int>(i) == c_source || static_cast<int>(i) == c_unit) continue;
      const auto h = detail::trim(f[i]);
      double y = 0;
      if (!detail::parse_number(h, delim, y).empty() || y != std::floor(y))
        throw input_error(origin, 1, std::string(h), std::string(h),
                          "a column of a wide baseline table must be a year (accepted columns: sector, source, unit, "
                          "and years such as 2025)");
      if (y < inventory_builder::min_year || y > inventory_builder::max_year)
        throw input_error(origin, 1, std::string(h), std::string(h), "impossible year");
      year_cols.emplace_back(static_cast<int>(i), static_cast<int>(y));
    }
    if (year_cols.empty()) throw input_error(origin, 1, "", "", "the table has no year columns");
  }
  const auto valid_sectors = valid ? valid->sectors() : std::vector<std::string>{};
  inventory_builder b(valid ? valid->gwp_metric() : std::nullopt, origin);
  auto add = [&](std::string_view sector, std::string_view source, int year, std::string_view cell,
                 const std::string& column, double scale, std::size_t row) {
    cell = detail::trim(cell);
    if (valid) {
      if (std::find(valid_sectors.begin(), valid_sectors.end(), sector) == valid_sectors.end())
        throw input_error(origin, row, "sector", std::string(sector),
                          "unknown sector (valid: " + detail::join(valid_sectors) + ")");
      if (c_source >= 0 && !valid->category_index({std::string(sector), std::string(source)})) {
        std::vector<std::string> srcs;
        for (const auto& c : valid->categories())
          if (c.sector == sector) srcs.push_back(c.source);
        throw input_error(origin, row, "source", std::string(source),
                          "unknown source of sector '" + std::string(sector) + "' (valid: " + detail::join(srcs) + ")");
      }
    }
    if (const auto key = parse_notation(cell)) {
      b.add(sector, source, gas::kyoto, year, *key, row);
      return;
    }
    double v = 0;
    const std::string err = detail::parse_number(cell, delim, v);
    if (!err.empty())
      throw input_error(origin, row, column, std::string(cell),
                        err + " (give t CO2e or a notation key NO, NE, IE, C, NA)");
    b.add(sector, source, gas::kyoto, year, v * scale * units::tonne_co2e, row);
  };
  while (cur.next(f, line, origin)) {
    if (f.size() != header.size())
      throw input_error(origin, line, "", "",
                        "the row has " + std::to_string(f.size()) + " fields, the header " +
                            std::to_string(header.size()));
    const auto sector = detail::trim(f[static_cast<std::size_t>(c_sector)]);
    const auto source =
        c_source >= 0 ? detail::trim(f[static_cast<std::size_t>(c_source)]) : std::string_view(all_sources);
    if (sector.empty()) throw input_error(origin, line, "sector", "", "the sector is empty");
    if (source.empty()) throw input_error(origin, line, "source", "", "the source is empty");
    double scale = 1.0;
    if (c_unit >= 0) {
      const auto unit = detail::trim(f[static_cast<std::size_t>(c_unit)]);
      const auto s = co2e_unit_scale(unit);
      if (!s)
        throw input_error(origin, line, "unit", std::string(unit),
                          "unknown unit (accepted: " + std::string(accepted_co2e_units) + ")");
      scale = *s;
    }
    if (is_long) {
      const auto ytext = detail::trim(f[static_cast<std::size_t>(c_year)]);
      double y = 0;
      if (!detail::parse_number(ytext, delim, y).empty() || y != std::floor(y))
        throw input_error(origin, line, "year", std::string(ytext), "the year is not a whole number");
      add(sector, source, static_cast<int>(y), f[static_cast<std::size_t>(c_value)], "value", scale, line);
    } else {
      for (const auto& [ci, year] : year_cols)
        add(sector, source, year, f[static_cast<std::size_t>(ci)], header[static_cast<std::size_t>(ci)], scale, line);
    }
  }
  if (b.size() == 0) throw input_error(origin, 0, "", "", "the table has no rows");
  inventory inv = b.build();
  // Every row label must give every year: a gap is an error, not a zero.
  for (Eigen::Index c = 0; c < inv.n_categories(); ++c)
    for (Eigen::Index y = 0; y < inv.n_years(); ++y)
      if (inv.key(c, 0, y) == notation::missing) {
        const auto& cat = inv.categories()[static_cast<std::size_t>(c)];
        throw input_error(origin, 0, "year", std::to_string(inv.years()[static_cast<std::size_t>(y)]),
                          "'" + cat.sector + " / " + cat.source +
                              "' has no value for this year, which other rows have");
      }
  return inv;
}

} // namespace ghgtrack

#endif
