// ghgtrack/ledger.hpp: the klimabudsjett ledger (annual caps, planned and achieved).
//
// Norwegian municipalities run a climate budget (klimabudsjett) like a
// financial one: annual emission caps (utslippsrammer) on the way to the
// target, measures (tiltak) with a responsible agency and a planned effect in
// tonnes, and every year a report of planned against achieved. Oslo has done
// so since 2017 (klimaoslo.no, "Klimabudsjett").
//
// The ledger takes plain inputs (years, arrays in t CO2e, measure metadata),
// so it does not depend on the scenario engine's types:
//   - caps: a cap_schedule, each year's cap in tonnes, or as a signed change
//     vs a base year (-0.52 = 52 % below the base year) with the base-year
//     level the caps' source used, or from a target pathway;
//   - the baseline level per plan year (t CO2e);
//   - the measures (id, name, status, responsible agencies, reporting owner)
//     and their planned effect per plan year (measures x years, t CO2e; the
//     scenario engine's Shapley shares, which add up to the combined effect);
//     Every measure given counts in the planned effect, whatever its status
//     (pass the measures of the scenario the ledger reports, e.g. the
//     adopted ones); the status is carried for the tables;
//   - actual inventory levels for the years that have them;
//   - optionally each measure's achieved effect (indicator data), NaN where
//     there is none.
// For every cap year:
//   planned   = sum of the measures' planned effects
//   projected = baseline - planned
//   gap       = projected - cap        (positive: over the cap)
// Restatement: caps given as a change vs the base year are cap_t =
// (1 + change) x level(base year). When a new inventory release restates the
// base-year level (Oslo 2009: 1,442,878 t in the 2023 budget, 1,388,245.6 t in
// Miljødirektoratet's 2025 release), the caps follow; caps stated in tonnes
// do not. The ledger uses the current level and shows old and new side by
// side with the reason.
//
// Values that are not defined (no cap in a year, no actual level yet) are NaN
// in the result arrays, never 0.
#ifndef GHGTRACK_LEDGER_HPP
#define GHGTRACK_LEDGER_HPP

#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ghgtrack/csv.hpp"
#include "ghgtrack/error.hpp"
#include "ghgtrack/pathway.hpp"
#include "ghgtrack/units.hpp"

namespace ghgtrack {

namespace detail {
inline constexpr double nan = std::numeric_limits<double>::quiet_NaN();

/// A change vs a base year as a signed fraction; argument_error for |x| > 1
/// in the direction of a cut (67 or -67 where -0.67 was meant).
inline double check_change(double change, int year) {
  if (!std::isfinite(change))
    throw argument_error("ghgtrack: the cap change for " + std::to_string(year) + " is not a number");
  if (change < -1.0 || change > 1.0)
    throw argument_error("ghgtrack: the cap change for " + std::to_string(year) + " is " + std::to_string(change) +
                         ", a fraction is expected: write -0.67 or '-67%' for a 67 % cut");
  return change;
}

inline void check_years_increasing(const std::vector<int>& years, const char* what) {
  for (std::size_t i = 1; i < years.size(); ++i)
    if (!(years[i - 1] < years[i]))
      throw argument_error(std::string("ghgtrack: ") + what + ": years must be strictly increasing (" +
                           std::to_string(years[i - 1]) + " then " + std::to_string(years[i]) + ")");
}

/// "1,442,878" or "1,388,245.6": tonnes with thousands separators, one decimal when it has one.
inline std::string format_tonnes(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.1f", std::fabs(v));
  std::string s(buf);
  if (s.size() > 2 && s.compare(s.size() - 2, 2, ".0") == 0) s.resize(s.size() - 2);
  const auto dot = std::min(s.find('.'), s.size());
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (i > 0 && i < dot && (dot - i) % 3 == 0) out.push_back(',');
    out.push_back(s[i]);
  }
  return (v < 0 ? "-" : "") + out;
}

inline std::optional<std::size_t> find_year(const std::vector<int>& years, int y) {
  const auto it = std::lower_bound(years.begin(), years.end(), y);
  if (it == years.end() || *it != y) return std::nullopt;
  return static_cast<std::size_t>(it - years.begin());
}
} // namespace detail

// -- caps ------------------------------------------------------------------------

/// Annual emission caps. Each cap year has a change vs the base year, a
/// stated tonnage, or both (a budget that printed both).
class cap_schedule {
public:
  cap_schedule() = default;

  /// Caps stated in t CO2e.
  static cap_schedule in_tonnes(std::vector<int> years, const std::vector<double>& tonnes, std::string source = {}) {
    if (years.size() != tonnes.size())
      throw shape_error("ghgtrack: caps: " + std::to_string(years.size()) + " years and " +
                        std::to_string(tonnes.size()) + " tonnages");
    detail::check_years_increasing(years, "caps");
    cap_schedule c;
    c.years_ = std::move(years);
    for (std::size_t i = 0; i < tonnes.size(); ++i) {
      if (!std::isfinite(tonnes[i]))
        throw argument_error("ghgtrack: the cap for " + std::to_string(c.years_[i]) + " is not a number");
      c.tonnes_.push_back(tonnes[i]);
      c.change_.push_back(std::nullopt);
    }
    c.source_ = std::move(source);
    return c;
  }

  /// Caps as signed changes vs `base_year` (-0.52 = 52 % below), with the
  /// base-year level the caps were set from.
  static cap_schedule relative(int base_year, units::co2e base_level, std::vector<int> years,
                               const std::vector<double>& changes, std::string source = {}) {
    if (years.size() != changes.size())
      throw shape_error("ghgtrack: caps: " + std::to_string(years.size()) + " years and " +
                        std::to_string(changes.size()) + " changes");
    detail::check_years_increasing(years, "caps");
    cap_schedule c;
    c.years_ = std::move(years);
    for (std::size_t i = 0; i < changes.size(); ++i) {
      if (c.years_[i] <= base_year)
        throw argument_error("ghgtrack: cap year " + std::to_string(c.years_[i]) + " is not after the base year " +
                             std::to_string(base_year));
      c.change_.push_back(detail::check_change(changes[i], c.years_[i]));
      c.tonnes_.push_back(std::nullopt);
    }
    c.set_base(base_year, base_level);
    c.source_ = std::move(source);
    return c;
  }

  /// Caps taken from a target pathway at whole years.
  static cap_schedule from_pathway(const pathway& p, std::vector<int> years, std::string source = "target pathway") {
    std::vector<double> t;
    for (int y : years) t.push_back(p.at(static_cast<double>(y)));
    return in_tonnes(std::move(years), t, std::move(source));
  }

  /// Adds or completes one cap year (used by the table reader).
  void set(int year, std::optional<double> change, std::optional<double> tonnes) {
    if (change) detail::check_change(*change, year);
    const auto it = std::lower_bound(years_.begin(), years_.end(), year);
    const auto i = static_cast<std::size_t>(it - years_.begin());
    if (it == years_.end() || *it != year) {
      years_.insert(it, year);
      change_.insert(change_.begin() + static_cast<std::ptrdiff_t>(i), change);
      tonnes_.insert(tonnes_.begin() + static_cast<std::ptrdiff_t>(i), tonnes);
      return;
    }
    if (change) change_[i] = change;
    if (tonnes) tonnes_[i] = tonnes;
  }
  void set_base(int base_year, units::co2e level) {
    const double v = level.value();
    if (!(v > 0.0) || !std::isfinite(v))
      throw argument_error("ghgtrack: the base-year level must be a positive number of t CO2e (got " +
                           std::to_string(v) + ")");
    base_year_ = base_year;
    base_level_ = v;
  }
  /// The base year of caps given as changes, when its level is not known.
  void set_base_year(int base_year) { base_year_ = base_year; }
  void set_source(std::string s) { source_ = std::move(s); }

  const std::vector<int>& years() const noexcept { return years_; }
  const std::vector<std::optional<double>>& changes() const noexcept { return change_; }
  const std::vector<std::optional<double>>& stated_tonnes() const noexcept { return tonnes_; }
  std::optional<int> base_year() const noexcept { return base_year_; }
  /// The base-year level (t CO2e) the caps' source used.
  std::optional<double> base_level() const noexcept { return base_level_; }
  const std::string& source() const noexcept { return source_; }
  bool empty() const noexcept { return years_.empty(); }

  /// The cap of every year in t CO2e: the stated tonnage where given, else
  /// (1 + change) x level, where level is `current_level` (a restated
  /// base-year level) or else the source's own.
  std::vector<double> tonnes(std::optional<double> current_level = std::nullopt) const {
    std::vector<double> out;
    for (std::size_t i = 0; i < years_.size(); ++i) {
      if (tonnes_[i]) {
        out.push_back(*tonnes_[i]);
        continue;
      }
      const auto level = current_level ? current_level : base_level_;
      if (!level)
        throw argument_error("ghgtrack: the cap for " + std::to_string(years_[i]) +
                             " is a change vs the base year, but no base-year level is given");
      out.push_back((1.0 + *change_[i]) * *level);
    }
    return out;
  }

private:
  std::vector<int> years_;
  std::vector<std::optional<double>> change_;
  std::vector<std::optional<double>> tonnes_;
  std::optional<int> base_year_;
  std::optional<double> base_level_;
  std::string source_;
};

/// One row of a caps table (every row of the chosen vintage is kept).
struct caps_record {
  std::size_t row; ///< line in the file (header = 1)
  int year;
  std::string metric;
  double value;
  std::string unit;
  bool used;      ///< taken into the cap schedule or as the base-year level
  bool duplicate; ///< repeats an earlier row with the same value
};

struct caps_table {
  cap_schedule caps;
  std::vector<caps_record> records;  ///< all rows of the vintage, in file order
  std::vector<std::string> vintages; ///< every vintage in the file
};

namespace detail {
/// The base year of a metric named "<...>_pct_vs_YYYY".
inline std::optional<int> pct_base_year(std::string_view metric) {
  const auto p = metric.rfind("_pct_vs_");
  if (p == std::string_view::npos || metric.size() != p + 12) return std::nullopt;
  int y = 0;
  for (char ch : metric.substr(p + 8)) {
    if (!is_digit(ch)) return std::nullopt;
    y = y * 10 + (ch - '0');
  }
  return y;
}
inline bool is_cap_metric(std::string_view m) {
  return m.rfind("utslippsramme", 0) == 0 || m.rfind("emission_cap", 0) == 0;
}
} // namespace detail

/// Reads a caps table in long format (columns budget_vintage, year, metric,
/// value, unit; any others are kept out of the way), as
/// ../shared/data/measures/oslo_emission_caps_and_targets.csv. The rows of
/// `vintage` make the schedule:
///   utslippsramme_pct_vs_YYYY / emission_cap_pct_vs_YYYY  (unit percent):
///        the cap as a change vs YYYY (-52 = 52 % below), stored as -0.52;
///   utslippsramme_t / emission_cap_t  (a t CO2e unit): the cap in tonnes;
///   emissions_inventory_t in the base year: the base-year level used.
/// Other metrics are kept in `records` (used = false). A row repeating an
/// earlier one with the same value is marked duplicate; with another value it
/// is an input_error naming both rows. An unknown vintage is an
/// argument_error listing the vintages.
inline caps_table read_caps_text(std::string_view text, const std::string& vintage,
                                 const std::string& origin = "<caps>") {
  if (text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  detail::csv_cursor cur(text, ',');
  std::vector<std::string_view> f;
  std::size_t line = 0;
  if (!cur.next(f, line, origin)) throw input_error(origin, 0, "", "", "the caps table is empty");
  std::vector<std::string> header;
  for (auto h : f) header.emplace_back(detail::trim(h));
  auto col = [&](const char* n) -> int {
    for (std::size_t i = 0; i < header.size(); ++i)
      if (header[i] == n) return static_cast<int>(i);
    return -1;
  };
  const int cv = col("budget_vintage"), cy = col("year"), cm = col("metric"), cval = col("value"), cu = col("unit");
  for (auto [c, n] :
       {std::pair<int, const char*>{cv, "budget_vintage"}, {cy, "year"}, {cm, "metric"}, {cval, "value"}, {cu, "unit"}})
    if (c < 0)
      throw input_error(origin, 1, n, "",
                        std::string("required column '") + n +
                            "' missing (a caps table has budget_vintage, year, metric, value, unit)");
  caps_table out;
  out.caps.set_source(vintage);
  struct seen_entry {
    std::size_t row;
    double value;
  };
  std::map<std::pair<int, std::string>, seen_entry> seen;
  std::optional<int> base_year;
  std::vector<std::pair<int, double>> inventory_levels; // (year, t)
  std::vector<std::pair<std::size_t, std::size_t>> base_rows;
  while (cur.next(f, line, origin)) {
    if (f.size() != header.size())
      throw input_error(origin, line, "", "",
                        "the row has " + std::to_string(f.size()) + " fields, the header " +
                            std::to_string(header.size()));
    const std::string v(detail::trim(f[static_cast<std::size_t>(cv)]));
    if (v.empty()) throw input_error(origin, line, "budget_vintage", "", "the budget vintage is empty");
    if (std::find(out.vintages.begin(), out.vintages.end(), v) == out.vintages.end()) out.vintages.push_back(v);
    if (v != vintage) continue;
    const auto ytext = detail::trim(f[static_cast<std::size_t>(cy)]);
    double yd = 0;
    if (!detail::parse_number(ytext, ',', yd).empty() || yd != std::floor(yd) || yd < inventory_builder::min_year ||
        yd > inventory_builder::max_year)
      throw input_error(origin, line, "year", std::string(ytext), "not a year");
    const int year = static_cast<int>(yd);
    const std::string metric(detail::trim(f[static_cast<std::size_t>(cm)]));
    if (metric.empty()) throw input_error(origin, line, "metric", "", "the metric is empty");
    const auto vtext = detail::trim(f[static_cast<std::size_t>(cval)]);
    double value = 0;
    const std::string err = detail::parse_number(vtext, ',', value);
    if (!err.empty()) throw input_error(origin, line, "value", std::string(vtext), err);
    const std::string unit(detail::trim(f[static_cast<std::size_t>(cu)]));
    caps_record rec{line, year, metric, value, unit, false, false};
    const auto key = std::make_pair(year, metric);
    if (const auto it = seen.find(key); it != seen.end()) {
      if (it->second.value != value)
        throw input_error(origin, line, "value", std::string(vtext),
                          metric + " for " + std::to_string(year) +
                              " is given twice with different values (first in row " + std::to_string(it->second.row) +
                              ")");
      rec.duplicate = true;
      out.records.push_back(rec);
      continue;
    }
    seen.emplace(key, seen_entry{line, value});
    if (detail::is_cap_metric(metric)) {
      if (const auto by = detail::pct_base_year(metric)) {
        if (unit != "percent" && unit != "%")
          throw input_error(origin, line, "unit", unit, metric + " is a percentage: the unit must be 'percent'");
        if (base_year && *base_year != *by)
          throw input_error(origin, line, "metric", metric,
                            "caps of one vintage must share a base year (" + std::to_string(*base_year) + " earlier)");
        base_year = *by;
        if (value < -100.0 || value > 100.0)
          throw input_error(origin, line, "value", std::string(vtext),
                            "a cap change in percent must lie in [-100, 100] (-52 means 52 % below the base year)");
        if (year <= *by)
          throw input_error(origin, line, "year", std::to_string(year),
                            "a cap year must come after the base year " + std::to_string(*by));
        out.caps.set(year, value / 100.0, std::nullopt);
        rec.used = true;
      } else if (metric.size() > 2 && metric.compare(metric.size() - 2, 2, "_t") == 0) {
        const auto scale = co2e_unit_scale(unit);
        if (!scale)
          throw input_error(origin, line, "unit", unit,
                            "unknown unit for a cap in tonnes (accepted: t CO2e, kt CO2e, Mt CO2e)");
        if (value < 0.0)
          throw input_error(origin, line, "value", std::string(vtext), "a cap in tonnes cannot be negative");
        out.caps.set(year, std::nullopt, value * *scale);
        rec.used = true;
      }
    } else if (metric == "emissions_inventory_t") {
      const auto scale = co2e_unit_scale(unit);
      if (!scale) throw input_error(origin, line, "unit", unit, "unknown unit (accepted: t CO2e, kt CO2e, Mt CO2e)");
      inventory_levels.emplace_back(year, value * *scale);
      base_rows.emplace_back(out.records.size(), line);
    }
    out.records.push_back(rec);
  }
  if (std::find(out.vintages.begin(), out.vintages.end(), vintage) == out.vintages.end()) {
    std::string all;
    for (const auto& v : out.vintages) all += (all.empty() ? "'" : ", '") + v + "'";
    throw argument_error("ghgtrack: no budget vintage '" + vintage + "' in " + origin + " (vintages: " + all + ")");
  }
  if (base_year) {
    out.caps.set_base_year(*base_year);
    for (std::size_t i = 0; i < inventory_levels.size(); ++i)
      if (inventory_levels[i].first == *base_year) {
        out.caps.set_base(*base_year, inventory_levels[i].second * units::tonne_co2e);
        out.records[base_rows[i].first].used = true;
      }
  }
  return out;
}

// -- the ledger ---------------------------------------------------------------------

/// A measure as the ledger sees it.
struct measure_info {
  std::string id;
  std::string name;
  std::string status;          ///< e.g. proposed, adopted, implemented
  std::string responsible;     ///< one or more agencies, comma-separated; "*" marks who reports
  std::string reporting_owner; ///< who reports on it (comma-separated), may be empty
};

/// The responsible agencies of a measure: split at commas, trimmed, "*"
/// removed; "(not stated)" when there is none.
inline std::vector<std::pair<std::string, bool>> responsible_agencies(const measure_info& m) {
  std::vector<std::pair<std::string, bool>> out; // (agency, reports on it)
  auto split = [](std::string_view s) {
    std::vector<std::string> parts;
    std::size_t b = 0;
    while (b <= s.size()) {
      const auto e = std::min(s.find(',', b), s.size());
      const auto p = detail::trim(s.substr(b, e - b));
      if (!p.empty()) parts.emplace_back(p);
      b = e + 1;
    }
    return parts;
  };
  const auto owners = split(m.reporting_owner);
  for (auto a : split(m.responsible)) {
    bool star = false;
    while (!a.empty() && a.back() == '*') {
      a.pop_back();
      star = true;
    }
    a = std::string(detail::trim(a));
    if (a.empty()) continue;
    const bool reports = star || std::find(owners.begin(), owners.end(), a) != owners.end();
    out.emplace_back(a, reports);
  }
  if (out.empty()) out.emplace_back("(not stated)", false);
  return out;
}

struct ledger_inputs {
  cap_schedule caps;
  std::vector<int> plan_years;    ///< years of baseline and planned, increasing
  std::vector<double> baseline_t; ///< baseline level per plan year
  std::vector<measure_info> measures;
  Eigen::ArrayXXd planned_t;     ///< measures x plan years
  std::vector<int> actual_years; ///< years with an inventory level, increasing
  std::vector<double> actual_t;
  std::vector<int> achieved_years;               ///< years of achieved_t, increasing
  Eigen::ArrayXXd achieved_t;                    ///< measures x achieved years; NaN = no indicator data
  std::optional<units::co2e> current_base_level; ///< the base year's level in the current release
  std::string release;                           ///< the name of that release
};

/// The ledger's tables. Arrays are NaN where a figure is not defined.
struct ledger_result {
  // per cap year
  std::vector<int> years;
  std::vector<double> cap_t, baseline_t, planned_t, projected_t, gap_t;
  std::vector<double> actual_t, actual_gap_t; ///< actual level and actual - cap (NaN before data)
  // per (agency, measure)
  struct agency_row {
    std::string agency;
    std::size_t measure; ///< index into the inputs' measures
    bool reports;        ///< this agency reports on the measure
    std::size_t n_responsible;
  };
  std::vector<agency_row> agencies; ///< sorted by agency, then measure order
  std::vector<std::string> agency_names;
  Eigen::ArrayXXd
      agency_planned_t; ///< agency_names x plan years: sum of their measures (a shared measure counts for each)
  // per year with an actual level
  struct actual_row {
    int year;
    double actual_t, cap_t, projected_t, vs_cap_t, vs_projected_t;
  };
  std::vector<actual_row> actual;
  // per (measure, achieved year) with indicator data
  struct achieved_row {
    std::size_t measure;
    int year;
    double planned_t, achieved_t, difference_t; ///< difference = achieved - planned
  };
  std::vector<achieved_row> achieved;
  // restatement of caps given as a change vs the base year
  struct restatement_row {
    int year;
    double change; ///< NaN for a cap stated in tonnes
    double old_cap_t, new_cap_t;
    std::string reason;
  };
  std::optional<int> base_year;
  double old_base_t = detail::nan, new_base_t = detail::nan;
  std::string old_source, new_source;
  std::vector<restatement_row> restatement;
};

inline ledger_result make_ledger(const ledger_inputs& in) {
  const auto np = in.plan_years.size();
  const auto nm = in.measures.size();
  detail::check_years_increasing(in.plan_years, "ledger plan years");
  detail::check_years_increasing(in.actual_years, "ledger actual years");
  detail::check_years_increasing(in.achieved_years, "ledger achieved years");
  if (in.baseline_t.size() != np)
    throw shape_error("ghgtrack: ledger: " + std::to_string(in.baseline_t.size()) + " baseline values for " +
                      std::to_string(np) + " plan years");
  if (nm &&
      (static_cast<std::size_t>(in.planned_t.rows()) != nm || static_cast<std::size_t>(in.planned_t.cols()) != np))
    throw shape_error("ghgtrack: ledger: planned effects are " + std::to_string(in.planned_t.rows()) + " x " +
                      std::to_string(in.planned_t.cols()) + ", expected measures x plan years = " + std::to_string(nm) +
                      " x " + std::to_string(np));
  if (!nm && in.planned_t.size() != 0) throw shape_error("ghgtrack: ledger: planned effects given without measures");
  if (in.actual_t.size() != in.actual_years.size())
    throw shape_error("ghgtrack: ledger: " + std::to_string(in.actual_t.size()) + " actual levels for " +
                      std::to_string(in.actual_years.size()) + " years");
  if (in.achieved_t.size() != 0 && (static_cast<std::size_t>(in.achieved_t.rows()) != nm ||
                                    static_cast<std::size_t>(in.achieved_t.cols()) != in.achieved_years.size()))
    throw shape_error("ghgtrack: ledger: achieved effects are " + std::to_string(in.achieved_t.rows()) + " x " +
                      std::to_string(in.achieved_t.cols()) + ", expected measures x achieved years = " +
                      std::to_string(nm) + " x " + std::to_string(in.achieved_years.size()));
  for (std::size_t i = 0; i < np; ++i)
    if (!std::isfinite(in.baseline_t[i]))
      throw argument_error("ghgtrack: ledger: the baseline for " + std::to_string(in.plan_years[i]) +
                           " is not a number");
  if (!in.planned_t.isFinite().all())
    throw argument_error("ghgtrack: ledger: planned effects must be numbers (0 for no effect)");
  for (double v : in.actual_t)
    if (!std::isfinite(v)) throw argument_error("ghgtrack: ledger: actual levels must be numbers");
  {
    std::vector<std::string> ids;
    for (const auto& m : in.measures) {
      if (m.id.empty()) throw argument_error("ghgtrack: ledger: a measure has an empty id");
      if (std::find(ids.begin(), ids.end(), m.id) != ids.end())
        throw argument_error("ghgtrack: ledger: measure id '" + m.id + "' is given twice");
      ids.push_back(m.id);
    }
  }

  ledger_result r;
  std::optional<double> current;
  if (in.current_base_level) {
    const double v = in.current_base_level->value();
    if (!(v > 0.0) || !std::isfinite(v))
      throw argument_error("ghgtrack: ledger: the current base-year level must be a positive number of t CO2e");
    current = v;
  }
  const auto cap_now = in.caps.tonnes(current);
  // Planned effect per plan year: the sum of the measures' shares.
  Eigen::ArrayXd planned = nm ? Eigen::ArrayXd(in.planned_t.colwise().sum().transpose())
                              : Eigen::ArrayXd(Eigen::ArrayXd::Zero(static_cast<Eigen::Index>(np)));
  auto plan_value = [&](int year, auto get) -> double {
    const auto i = detail::find_year(in.plan_years, year);
    return i ? get(*i) : detail::nan;
  };
  auto actual_value = [&](int year) -> double {
    const auto i = detail::find_year(in.actual_years, year);
    return i ? in.actual_t[*i] : detail::nan;
  };
  r.years = in.caps.years();
  for (std::size_t i = 0; i < r.years.size(); ++i) {
    const int y = r.years[i];
    const double base = plan_value(y, [&](std::size_t j) { return in.baseline_t[j]; });
    const double pl = plan_value(y, [&](std::size_t j) { return planned[static_cast<Eigen::Index>(j)]; });
    r.cap_t.push_back(cap_now[i]);
    r.baseline_t.push_back(base);
    r.planned_t.push_back(pl);
    r.projected_t.push_back(base - pl);
    r.gap_t.push_back(base - pl - cap_now[i]);
    const double a = actual_value(y);
    r.actual_t.push_back(a);
    r.actual_gap_t.push_back(a - cap_now[i]);
  }

  // Agencies.
  std::map<std::string, std::vector<ledger_result::agency_row>> by;
  for (std::size_t m = 0; m < nm; ++m) {
    const auto ags = responsible_agencies(in.measures[m]);
    for (const auto& [a, reports] : ags) by[a].push_back({a, m, reports, ags.size()});
  }
  r.agency_planned_t = Eigen::ArrayXXd::Zero(static_cast<Eigen::Index>(by.size()), static_cast<Eigen::Index>(np));
  Eigen::Index ai = 0;
  for (const auto& [a, rows] : by) {
    r.agency_names.push_back(a);
    for (const auto& row : rows) {
      r.agencies.push_back(row);
      r.agency_planned_t.row(ai) += in.planned_t.row(static_cast<Eigen::Index>(row.measure));
    }
    ++ai;
  }

  // Planned against achieved: every year with an actual level.
  for (std::size_t i = 0; i < in.actual_years.size(); ++i) {
    const int y = in.actual_years[i];
    const auto ci = detail::find_year(r.years, y);
    const double cap = ci ? cap_now[*ci] : detail::nan;
    const double proj =
        plan_value(y, [&](std::size_t j) { return in.baseline_t[j] - planned[static_cast<Eigen::Index>(j)]; });
    r.actual.push_back({y, in.actual_t[i], cap, proj, in.actual_t[i] - cap, in.actual_t[i] - proj});
  }
  for (std::size_t m = 0; m < nm && in.achieved_t.size(); ++m)
    for (std::size_t j = 0; j < in.achieved_years.size(); ++j) {
      const double ach = in.achieved_t(static_cast<Eigen::Index>(m), static_cast<Eigen::Index>(j));
      if (std::isnan(ach)) continue; // no indicator data for this measure and year
      if (!std::isfinite(ach))
        throw argument_error("ghgtrack: ledger: the achieved effect of '" + in.measures[m].id + "' is not finite");
      const int y = in.achieved_years[j];
      const double pl = plan_value(
          y, [&](std::size_t k) { return in.planned_t(static_cast<Eigen::Index>(m), static_cast<Eigen::Index>(k)); });
      r.achieved.push_back({m, y, pl, ach, ach - pl});
    }

  // Restatement.
  r.base_year = in.caps.base_year();
  r.old_source = in.caps.source();
  r.new_source = in.release;
  if (in.caps.base_level()) r.old_base_t = *in.caps.base_level();
  r.new_base_t = current ? *current : r.old_base_t;
  for (std::size_t i = 0; i < r.years.size(); ++i) {
    const auto& ch = in.caps.changes()[i];
    const auto& st = in.caps.stated_tonnes()[i];
    const bool stated = st.has_value();
    // The cap on the caps' own base-year level (NaN when they did not state it).
    const double old_cap = stated ? *st : in.caps.base_level() ? (1.0 + *ch) * *in.caps.base_level() : detail::nan;
    std::string why;
    if (stated) {
      why = "stated in tonnes: not restated";
    } else if (!current || r.new_base_t == r.old_base_t) {
      why = "base-year level unchanged";
    } else if (std::isnan(r.old_base_t)) {
      why = "the caps' source did not state its " + std::to_string(*r.base_year) + " level; cap = (1 + change) x " +
            detail::format_tonnes(r.new_base_t) + " t (" +
            (r.new_source.empty() ? std::string("new release") : r.new_source) + ")";
    } else {
      why = "the " + std::to_string(*r.base_year) + " level changed from " + detail::format_tonnes(r.old_base_t) +
            " t (" + (r.old_source.empty() ? std::string("the caps' source") : r.old_source) + ") to " +
            detail::format_tonnes(r.new_base_t) + " t (" +
            (r.new_source.empty() ? std::string("new release") : r.new_source) + "); cap = (1 + change) x level";
    }
    r.restatement.push_back({r.years[i], ch ? *ch : detail::nan, old_cap, cap_now[i], why});
  }
  return r;
}

} // namespace ghgtrack

#endif
