// ghgtrack/target.hpp: climate targets, one sign convention.
//
// A target is a base year and milestones. A milestone is written either as a
// CHANGE relative to the base-year value, a signed fraction (-0.67, or the
// text "-67%", is a 67 % cut; +0.1 a 10 % increase), or as a LEVEL (t CO2e).
// target::cut() takes a cut as a positive fraction (0.67) for those who
// prefer to say it that way. A fraction whose magnitude is above 1 (67, -67)
// is ambiguous and an argument_error that shows how to write a cut.
//
// Kinds: absolute (the emissions themselves), per_capita (the milestones are
// per inhabitant: tracking multiplies by the population of each year),
// intensity (per unit of activity, likewise), net_zero (the gross level
// allowed is the removals expected, see net_zero()). `sector` restricts the
// target to one sector of an inventory (the Python layer selects it).
//
// The base value is the absolute base-year emissions (t CO2e); when it is
// not given, track() takes it from the data.
#ifndef GHGTRACK_TARGET_HPP
#define GHGTRACK_TARGET_HPP

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ghgtrack/error.hpp"
#include "ghgtrack/units.hpp"

namespace ghgtrack {

/// What a target's numbers are about (see above).
enum class target_kind { absolute, per_capita, intensity, net_zero };

inline const char* name(target_kind k) noexcept {
  switch (k) {
  case target_kind::absolute: return "absolute";
  case target_kind::per_capita: return "per_capita";
  case target_kind::intensity: return "intensity";
  case target_kind::net_zero: return "net_zero";
  }
  return "absolute";
}
inline target_kind parse_target_kind(std::string_view text) {
  for (auto k : {target_kind::absolute, target_kind::per_capita, target_kind::intensity, target_kind::net_zero})
    if (text == name(k)) return k;
  throw argument_error("ghgtrack: a target kind is 'absolute', 'per_capita', 'intensity' or 'net_zero', not '" +
                       std::string(text) + "'");
}

/// A resolved milestone: the emissions allowed in `year`.
struct milestone {
  int year;
  units::co2e level;
};

/// A milestone as written: a signed change vs the base year, or a level.
struct goal {
  int year = 0;
  bool is_level = false;
  double change = 0.0; ///< signed fraction (when !is_level)
  units::co2e level{}; ///< when is_level
};

namespace detail {
inline std::string how_to_write_a_cut(double x) {
  const double pct = std::fabs(x) <= 1.0 ? std::fabs(x) * 100.0 : std::fabs(x);
  char buf[160];
  std::snprintf(buf, sizeof buf, "write -%.4g or '-%.4g%%' for a %.4g %% cut (or target::cut / Target.cut with %.4g)",
                pct / 100.0, pct, pct, pct / 100.0);
  return buf;
}
inline std::string fmt_g(double x) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%g", x);
  return buf;
}
inline std::string fmt_thousands(double x) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.0f", std::fabs(x));
  std::string digits(buf), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return (x < 0 ? "-" : "") + out;
}
} // namespace detail

/// Checks a signed change: finite and -1 <= x <= 1, else argument_error.
inline double check_change(double x) {
  if (!std::isfinite(x))
    throw argument_error("ghgtrack: a target change must be a number (got " + std::to_string(x) + ")");
  if (std::fabs(x) > 1.0)
    throw argument_error("ghgtrack: a target change is a signed fraction of the base-year value; " + detail::fmt_g(x) +
                         " is ambiguous: " + detail::how_to_write_a_cut(x) +
                         "; a cut beyond 100 % is a net-negative level: give it as a level");
  return x;
}

/// Reads a change as a user writes it: "-67%", "-67 %", "-0.67", "+5%",
/// "-67,5%" (decimal comma), "\u221267%" (the typographic minus sign that
/// word processors write). Checked as check_change().
inline double parse_change(std::string_view text) {
  std::string t;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (text.compare(i, 3, "\xE2\x88\x92") == 0) { // U+2212 MINUS SIGN in UTF-8
      t += '-';
      i += 2;
    } else if (c != ' ') {
      t += (c == ',' ? '.' : c);
    }
  }
  bool pct = false;
  if (!t.empty() && t.back() == '%') {
    pct = true;
    t.pop_back();
  }
  std::size_t used = 0;
  double v = 0.0;
  try {
    v = std::stod(t, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (t.empty() || used != t.size())
    throw argument_error("ghgtrack: cannot read the target change '" + std::string(text) +
                         "'; write e.g. '-67%' or -0.67 for a 67 % cut");
  return check_change(pct ? v / 100.0 : v);
}

struct target {
  std::optional<int> base_year;
  std::optional<units::co2e> base_value; ///< absolute base-year emissions; empty: from the data
  target_kind kind = target_kind::absolute;
  std::string sector; ///< empty: the total
  std::string name;
  std::vector<goal> goals; ///< in year order

  // -- named constructors ------------------------------------------------------
  /// Signed changes vs the base year: {{2030, -0.67}} is a 67 % cut.
  static target change(int base_year, units::co2e base, const std::vector<std::pair<int, double>>& changes) {
    target t = change(base_year, changes);
    t.base_value = base;
    t.validate();
    return t;
  }
  /// The same with the base value taken from the data by track().
  static target change(int base_year, const std::vector<std::pair<int, double>>& changes) {
    target t;
    t.base_year = base_year;
    for (const auto& [y, c] : changes) t.add_change(y, c);
    t.validate();
    return t;
  }
  /// Cuts as positive fractions: {{2030, 0.67}} is a 67 % cut.
  static target cut(int base_year, units::co2e base, const std::vector<std::pair<int, double>>& cuts) {
    target t = cut(base_year, cuts);
    t.base_value = base;
    t.validate();
    return t;
  }
  static target cut(int base_year, const std::vector<std::pair<int, double>>& cuts) {
    target t;
    t.base_year = base_year;
    for (const auto& [y, c] : cuts) t.add_cut(y, c);
    t.validate();
    return t;
  }
  /// Absolute levels per milestone year.
  static target levels(std::optional<int> base_year, std::optional<units::co2e> base,
                       const std::vector<std::pair<int, units::co2e>>& levels) {
    target t;
    t.base_year = base_year;
    t.base_value = base;
    for (const auto& [y, l] : levels) t.add_level(y, l);
    t.validate();
    return t;
  }
  /// From text: "2030:-67%" or "2025:-40%,2030:-67%". Each change carries
  /// its sign ("2030:67%" is ambiguous and an argument_error).
  static target parse(std::string_view text, int base_year, std::optional<units::co2e> base = std::nullopt) {
    target t;
    t.base_year = base_year;
    t.base_value = base;
    t.name = std::string(text);
    std::size_t start = 0;
    while (start <= text.size()) {
      // A comma separates milestones when a year and a colon follow it;
      // otherwise it is a decimal comma ("-67,5%").
      auto separator_at = [&](std::size_t i) {
        std::size_t j = i + 1;
        while (j < text.size() && text[j] == ' ') ++j;
        std::size_t d = 0;
        while (j < text.size() && text[j] >= '0' && text[j] <= '9') ++j, ++d;
        while (j < text.size() && text[j] == ' ') ++j;
        return d == 4 && j < text.size() && text[j] == ':';
      };
      std::size_t end = text.find(',', start);
      while (end != std::string_view::npos && !separator_at(end)) end = text.find(',', end + 1);
      const std::string_view part =
          text.substr(start, end == std::string_view::npos ? text.size() - start : end - start);
      const auto colon = part.find(':');
      std::string ys, cs;
      if (colon != std::string_view::npos) {
        for (char c : part.substr(0, colon))
          if (c != ' ') ys += c;
        for (char c : part.substr(colon + 1))
          if (c != ' ') cs += c;
      }
      const bool ok_year =
          ys.size() == 4 && std::all_of(ys.begin(), ys.end(), [](char c) { return c >= '0' && c <= '9'; });
      if (!ok_year || cs.empty() || cs.back() != '%')
        throw argument_error("ghgtrack: cannot read target '" + std::string(part) + "'; write e.g. 2030:-67%");
      if (cs[0] != '-' && cs[0] != '+')
        throw argument_error("ghgtrack: target '" + std::string(part) + "' has no sign: write 2030:-" + cs.substr(0) +
                             " for a cut (or 2030:+" + cs + " for an increase)");
      t.add_change(std::stoi(ys), parse_change(cs));
      if (end == std::string_view::npos) break;
      start = end + 1;
    }
    t.validate();
    return t;
  }
  /// Net zero in `year`: gross emissions may not exceed the expected
  /// `removals`; `residual` (default: the removals) is the gross level
  /// planned, and must not exceed them.
  static target net_zero(int year, units::co2e removals, std::optional<units::co2e> residual = std::nullopt,
                         std::optional<int> base_year = std::nullopt) {
    const units::co2e r = residual.value_or(removals);
    if (r.value() > removals.value())
      throw argument_error("ghgtrack: residual emissions " + detail::fmt_thousands(r.value()) + " t exceed removals " +
                           detail::fmt_thousands(removals.value()) + " t: not net zero");
    if (r.value() < 0.0) throw argument_error("ghgtrack: net zero: the residual emissions must not be negative");
    target t;
    t.base_year = base_year;
    t.kind = target_kind::net_zero;
    t.add_level(year, r);
    t.validate();
    return t;
  }

  // -- building ------------------------------------------------------------------
  target& add_change(int year, double change) {
    goal g;
    g.year = year;
    g.change = check_change(change);
    return insert(g);
  }
  target& add_change(int year, std::string_view text) { return add_change(year, parse_change(text)); }
  /// A cut as a positive fraction (0.67) or text ("67%").
  target& add_cut(int year, double cut) {
    if (!std::isfinite(cut)) throw argument_error("ghgtrack: a cut must be a number");
    if (cut > 1.0 || cut < -1.0) check_change(cut); // the ambiguity message
    if (cut < 0.0)
      throw argument_error("ghgtrack: a cut is a positive fraction (0.67 for a 67 % cut), got " + detail::fmt_g(cut) +
                           "; for an increase give a change (+" + detail::fmt_g(-cut) + ")");
    return add_change(year, -cut);
  }
  target& add_cut(int year, std::string_view text) {
    std::string t(text);
    if (!t.empty() && (t[0] == '-' || t[0] == '+'))
      throw argument_error("ghgtrack: a cut is written without a sign ('67%' or 0.67), got '" + t + "'");
    return add_cut(year, parse_change(t));
  }
  target& add_level(int year, units::co2e level) {
    if (!std::isfinite(level.value()))
      throw argument_error("ghgtrack: the level for " + std::to_string(year) + " is not a number");
    goal g;
    g.year = year;
    g.is_level = true;
    g.level = level;
    return insert(g);
  }

  // -- queries -------------------------------------------------------------------
  bool relative() const noexcept {
    return std::any_of(goals.begin(), goals.end(), [](const goal& g) { return !g.is_level; });
  }
  std::vector<int> years() const {
    std::vector<int> ys;
    for (const auto& g : goals) ys.push_back(g.year);
    return ys;
  }
  int final_year() const {
    if (goals.empty()) throw argument_error("ghgtrack: a target needs at least one milestone");
    return goals.back().year;
  }

  void validate() const {
    if (goals.empty()) throw argument_error("ghgtrack: a target needs at least one milestone (a change or a level)");
    if (relative() && !base_year) throw argument_error("ghgtrack: a percentage target needs a base year");
    if (base_year && goals.front().year <= *base_year)
      throw argument_error("ghgtrack: target year " + std::to_string(goals.front().year) +
                           " is not after the base year " + std::to_string(*base_year));
    if (relative() && base_value && !(base_value->value() > 0.0)) bad_base(base_value->value());
  }

  /// (year, allowed t CO2e) given the base-year value in the target's own
  /// terms (t CO2e, or per person / per unit of activity), and for those
  /// kinds the `scale` (population or activity) by year.
  std::vector<milestone> milestones(units::co2e base_in_terms,
                                    const std::vector<std::pair<int, double>>& scale = {}) const {
    validate();
    if (relative() && !(base_in_terms.value() > 0.0)) bad_base(base_in_terms.value());
    std::vector<milestone> out;
    for (const auto& g : goals) {
      double level = g.is_level ? g.level.value() : base_in_terms.value() * (1.0 + g.change);
      if (kind == target_kind::per_capita || kind == target_kind::intensity) level *= scale_at(scale, g.year);
      out.push_back({g.year, units::co2e::from_value(level)});
    }
    return out;
  }

  /// The factor (population or activity) of `year` for per-capita and
  /// intensity targets; argument_error when it is not given.
  double scale_at(const std::vector<std::pair<int, double>>& scale, int year) const {
    const char* what = kind == target_kind::per_capita ? "population" : "activity";
    for (const auto& [y, v] : scale)
      if (y == year) {
        if (!(v > 0.0))
          throw argument_error(std::string("ghgtrack: the ") + what + " must be positive (" + std::to_string(year) +
                               ")");
        return v;
      }
    throw argument_error(std::string("ghgtrack: this ") + ghgtrack::name(kind) + " target needs the " + what + " of " +
                         std::to_string(year));
  }

  /// "2030: -67 % vs 2009", "2030: 500 t (net zero) [Veitrafikk]".
  std::string describe() const {
    std::string s;
    for (const auto& g : goals) {
      if (!s.empty()) s += ", ";
      s += std::to_string(g.year) + ": ";
      if (g.is_level)
        s += detail::fmt_thousands(g.level.value()) + " t";
      else
        s += (g.change > 0 ? "+" : (g.change < 0 ? "-" : "")) + detail::fmt_g(std::fabs(g.change) * 100.0) + " %";
    }
    if (base_year && relative()) s += " vs " + std::to_string(*base_year);
    if (kind == target_kind::per_capita)
      s += " per capita";
    else if (kind == target_kind::intensity)
      s += " per unit of activity";
    else if (kind == target_kind::net_zero)
      s += " (net zero)";
    if (!sector.empty()) s += " [" + sector + "]";
    return s;
  }

private:
  [[noreturn]] void bad_base(double v) const {
    throw argument_error("ghgtrack: a percentage target needs a positive base-year value (got " + std::to_string(v) +
                         (base_year ? " in " + std::to_string(*base_year) : std::string()) + ")");
  }
  target& insert(const goal& g) {
    for (const auto& h : goals)
      if (h.year == g.year)
        throw argument_error("ghgtrack: two milestones for " + std::to_string(g.year) + "; give one per year");
    goals.push_back(g);
    std::sort(goals.begin(), goals.end(), [](const goal& a, const goal& b) { return a.year < b.year; });
    return *this;
  }
};

} // namespace ghgtrack

#endif
