// ghgtrack/measure.hpp: a climate measure (tiltak) and its ramp-up.
//
// A measure has an id and a name, a scope (the inventory cells it acts on),
// an effect, a ramp-up over the years, a status, who is responsible and who
// reports on it, notes, and the cost fields the cost analysis uses (stored
// and round-tripped; not used by the scenario engine).
//
// Scope. One or more sectors, sources (sector/source pairs) and gases, in
// any combination. A cell (category, gas) of the inventory is in scope when
// its category matches (its sector is one of `sectors`, or its
// (sector, source) is one of `sources`; with neither given, every category
// matches) and its gas matches (one of `gases`; with none given, every gas
// matches). An empty scope (nothing given at all) is an argument_error.
//
// Effect (sign: amounts are reductions, positive = less emitted):
//  - absolute: t CO2e per year at full effect (units::co2e);
//  - relative: a fraction of the scope's baseline, given as a signed change
//    (-0.3 = a 30 % cut, the library-wide convention) or through
//    effect::cut(0.3);
//  - activity: an activity avoided (a Boost.Units quantity: energy, volume,
//    distance or mass) times an emission factor (mass of one gas per unit of
//    that activity; activity.hpp). The product is a mass of that gas,
//    converted to CO2e with the inventory's GWP metric when the scenario is
//    run. A factor per litre applied to kWh does not compile;
//  - unknown: the effect was not calculated, or the measure only
//    facilitates others (Oslo's "ikke beregnet", "tilretteleggende"). Such a
//    measure is listed and flagged, never counted as zero in a sum.
// A removal (removal = true) is an absolute or activity amount taken out of
// its scope additively; it may take a cell below zero.
//
// Ramp-up: the factor rho(y) in [0, 1] by which the full effect is scaled
// in year y. Zero before the start year and after the end year (if any);
// between the start year s and the full-effect year f:
//  - linear: rho(y) = (y - s + 1) / (f - s + 1), so the start year already
//    has a first step and year f has the full effect (s == f is a step);
//  - S-curve (logistic): L(t) = 1 / (1 + exp(-k (t - m))) with midpoint
//    m = (s - 1 + f) / 2 and steepness k = 8 / (f - s + 1), rescaled so that
//    rho(s - 1) = 0 and rho(f) = 1 exactly:
//    rho(y) = (L(y) - L(s - 1)) / (L(f) - L(s - 1));
//  - points: given (year, factor) pairs, linearly interpolated, zero before
//    the first point, the last factor held after the last point (this is
//    how a table of effects stated for some years, such as Oslo's 2023 and
//    2030 columns, is represented).
// Full effect from year f on, until the end year (inclusive).
#ifndef GHGTRACK_MEASURE_HPP
#define GHGTRACK_MEASURE_HPP

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ghgtrack/activity.hpp"
#include "ghgtrack/co2e.hpp"
#include "ghgtrack/error.hpp"
#include "ghgtrack/gas.hpp"
#include "ghgtrack/gwp.hpp"
#include "ghgtrack/inventory.hpp"
#include "ghgtrack/units.hpp"

namespace ghgtrack {

namespace detail {
/// Keyword form of a name or header: ASCII lower case letters and digits;
/// å -> a, ø -> o, æ -> ae (either case); everything else dropped.
inline std::string fold_key(std::string_view s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 'A' && c <= 'Z')
      out.push_back(static_cast<char>(c - 'A' + 'a'));
    else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
      out.push_back(static_cast<char>(c));
    else if (c == 0xC3 && i + 1 < s.size()) {
      const auto d = static_cast<unsigned char>(s[i + 1]);
      if (d == 0xA5 || d == 0x85)
        out += "a";
      else if (d == 0xB8 || d == 0x98)
        out += "o";
      else if (d == 0xA6 || d == 0x86)
        out += "ae";
      ++i;
    }
  }
  return out;
}
} // namespace detail

/// Where a measure stands in the political process.
enum class measure_status : std::uint8_t { proposed, adopted, implemented };

/// "proposed", "adopted", "implemented".
inline std::string_view name(measure_status s) {
  switch (s) {
  case measure_status::proposed: return "proposed";
  case measure_status::adopted: return "adopted";
  case measure_status::implemented: return "implemented";
  }
  throw argument_error("ghgtrack: invalid measure status");
}

/// Parses a status: proposed / adopted / implemented, or the Norwegian
/// foreslått / vedtatt / gjennomført (also without the diacritics, and
/// "planned" for proposed). Throws argument_error listing what is accepted.
inline measure_status parse_measure_status(std::string_view text) {
  const std::string k = detail::fold_key(text);
  if (k == "proposed" || k == "planned" || k == "foreslatt" || k == "foreslaatt") return measure_status::proposed;
  if (k == "adopted" || k == "vedtatt" || k == "decided") return measure_status::adopted;
  if (k == "implemented" || k == "gjennomfort" || k == "gjennomfoert" || k == "done")
    return measure_status::implemented;
  throw argument_error("ghgtrack: unknown measure status '" + std::string(text) +
                       "' (accepted: proposed, adopted, implemented; Norwegian: foreslått, vedtatt, "
                       "gjennomført)");
}

/// A status filter as written (each text as parse_measure_status reads it);
/// none stays none (no filter: every status).
inline std::optional<std::vector<measure_status>>
parse_measure_statuses(const std::optional<std::vector<std::string>>& texts) {
  if (!texts) return std::nullopt;
  std::vector<measure_status> out;
  out.reserve(texts->size());
  for (const auto& t : *texts) out.push_back(parse_measure_status(t));
  return out;
}

/// The shape of a ramp-up.
enum class ramp_shape : std::uint8_t { linear, s_curve, points };

inline std::string_view name(ramp_shape s) {
  switch (s) {
  case ramp_shape::linear: return "linear";
  case ramp_shape::s_curve: return "s-curve";
  case ramp_shape::points: return "points";
  }
  throw argument_error("ghgtrack: invalid ramp shape");
}

/// linear / s-curve (also "s", "logistic", Norwegian "lineær", "s-kurve") / points.
inline ramp_shape parse_ramp_shape(std::string_view text) {
  const std::string k = detail::fold_key(text);
  if (k.empty() || k == "linear" || k == "lineaer") return ramp_shape::linear;
  if (k == "scurve" || k == "s" || k == "logistic" || k == "skurve" || k == "logistisk") return ramp_shape::s_curve;
  if (k == "points" || k == "punkter") return ramp_shape::points;
  throw argument_error("ghgtrack: unknown ramp shape '" + std::string(text) +
                       "' (accepted: linear, s-curve, points; Norwegian: lineær, s-kurve, punkter)");
}

/// The ramp-up of a measure: rho(year) in [0, 1] (see the header comment).
class ramp {
public:
  ramp() = default;

  /// Linear from the start year to the full-effect year (inclusive).
  static ramp linear(int start_year, int full_year, std::optional<int> end_year = std::nullopt) {
    return ramp(ramp_shape::linear, start_year, full_year, end_year, {});
  }
  /// Logistic S-curve from the start year to the full-effect year.
  static ramp s_curve(int start_year, int full_year, std::optional<int> end_year = std::nullopt) {
    return ramp(ramp_shape::s_curve, start_year, full_year, end_year, {});
  }
  /// Given (year, factor) points, factors in [0, 1], years increasing.
  static ramp from_points(std::vector<std::pair<int, double>> points, std::optional<int> end_year = std::nullopt) {
    if (points.empty()) throw argument_error("ghgtrack::ramp: at least one (year, factor) point is needed");
    for (std::size_t i = 0; i < points.size(); ++i) {
      if (!(points[i].second >= 0.0 && points[i].second <= 1.0))
        throw argument_error("ghgtrack::ramp: factor " + std::to_string(points[i].second) + " in " +
                             std::to_string(points[i].first) + " is outside [0, 1]");
      if (i && points[i].first <= points[i - 1].first)
        throw argument_error("ghgtrack::ramp: point years must be strictly increasing");
    }
    int full = points.front().first;
    double best = -1;
    for (const auto& p : points)
      if (p.second > best) {
        best = p.second;
        full = p.first;
      }
    const int start = points.front().first;
    return ramp(ramp_shape::points, start, full, end_year, std::move(points));
  }

  ramp_shape shape() const noexcept { return shape_; }
  int start_year() const noexcept { return start_; }
  int full_year() const noexcept { return full_; }
  std::optional<int> end_year() const noexcept { return end_; }
  const std::vector<std::pair<int, double>>& points() const noexcept { return points_; }

  /// The factor in `year`, in [0, 1].
  double factor(int year) const {
    if (year < start_ || (end_ && year > *end_)) return 0.0;
    switch (shape_) {
    case ramp_shape::points: {
      if (year >= points_.back().first) return points_.back().second;
      for (std::size_t i = 1; i < points_.size(); ++i)
        if (year < points_[i].first) {
          const auto& a = points_[i - 1];
          const auto& b = points_[i];
          const double t = static_cast<double>(year - a.first) / static_cast<double>(b.first - a.first);
          return a.second + t * (b.second - a.second);
        }
      return points_.back().second;
    }
    case ramp_shape::linear:
      if (year >= full_) return 1.0;
      return static_cast<double>(year - start_ + 1) / static_cast<double>(full_ - start_ + 1);
    case ramp_shape::s_curve: {
      if (year >= full_) return 1.0;
      const double span = static_cast<double>(full_ - start_ + 1);
      const double k = 8.0 / span;
      const double m = 0.5 * (static_cast<double>(start_ - 1) + static_cast<double>(full_));
      auto L = [&](double t) { return 1.0 / (1.0 + std::exp(-k * (t - m))); };
      const double l0 = L(start_ - 1), l1 = L(full_);
      return (L(year) - l0) / (l1 - l0);
    }
    }
    return 0.0;
  }

private:
  ramp(ramp_shape shape, int start, int full, std::optional<int> end, std::vector<std::pair<int, double>> pts)
      : shape_(shape), start_(start), full_(full), end_(end), points_(std::move(pts)) {
    if (shape != ramp_shape::points && full < start)
      throw argument_error("ghgtrack::ramp: the full-effect year " + std::to_string(full) +
                           " is before the start year " + std::to_string(start));
    if (end && *end < start)
      throw argument_error("ghgtrack::ramp: the end year " + std::to_string(*end) + " is before the start year " +
                           std::to_string(start));
  }
  ramp_shape shape_ = ramp_shape::linear;
  int start_ = 0;
  int full_ = 0;
  std::optional<int> end_;
  std::vector<std::pair<int, double>> points_;
};

/// The cells a measure acts on (see the header comment for the rule).
struct measure_scope {
  std::vector<std::string> sectors;
  std::vector<category> sources;
  std::vector<gas> gases;

  bool empty() const noexcept { return sectors.empty() && sources.empty() && gases.empty(); }
  bool matches(const category& c, gas g) const {
    bool cat_ok = sectors.empty() && sources.empty();
    if (!cat_ok) cat_ok = std::find(sectors.begin(), sectors.end(), c.sector) != sectors.end();
    if (!cat_ok) cat_ok = std::find(sources.begin(), sources.end(), c) != sources.end();
    if (!cat_ok) return false;
    return gases.empty() || std::find(gases.begin(), gases.end(), g) != gases.end();
  }
};

/// The kind of a measure's effect.
enum class effect_kind : std::uint8_t { absolute, relative, activity, unknown };

inline std::string_view name(effect_kind k) {
  switch (k) {
  case effect_kind::absolute: return "absolute";
  case effect_kind::relative: return "relative";
  case effect_kind::activity: return "activity";
  case effect_kind::unknown: return "unknown";
  }
  throw argument_error("ghgtrack: invalid effect kind");
}

/// absolute / relative / activity / unknown (Norwegian absolutt, relativ, aktivitet, ukjent).
inline effect_kind parse_effect_kind(std::string_view text) {
  const std::string k = detail::fold_key(text);
  if (k == "absolute" || k == "absolutt" || k == "tco2e" || k == "tonnes") return effect_kind::absolute;
  if (k == "relative" || k == "relativ" || k == "share" || k == "andel") return effect_kind::relative;
  if (k == "activity" || k == "aktivitet" || k == "activityfactor") return effect_kind::activity;
  if (k == "unknown" || k == "ukjent") return effect_kind::unknown;
  throw argument_error("ghgtrack: unknown effect kind '" + std::string(text) +
                       "' (accepted: absolute, relative, activity, unknown; Norwegian: absolutt, relativ, "
                       "aktivitet, ukjent)");
}

/// A measure's effect at full ramp (see the header comment).
class effect {
public:
  /// An effect not (yet) quantified; `reason` says why (e.g. "not_calculated", "facilitating").
  effect() = default;
  static effect unknown(std::string reason = "unknown") {
    effect e;
    e.reason_ = std::move(reason);
    return e;
  }
  /// A reduction of `amount` per year at full effect (>= 0).
  static effect absolute(units::co2e amount) {
    const double t = units::value_in(amount, units::tonne_co2e);
    if (!(std::isfinite(t) && t >= 0.0))
      throw argument_error("ghgtrack::effect::absolute: the amount must be a finite reduction >= 0 t CO2e "
                           "per year (got " +
                           std::to_string(t) + ")");
    effect e;
    e.kind_ = effect_kind::absolute;
    e.value_ = t;
    return e;
  }
  /// A relative change of the scope's baseline, signed: -0.3 is a 30 % cut.
  /// A magnitude above 1 (30, -30) or an increase is an argument_error.
  static effect relative(double change) {
    if (!std::isfinite(change) || std::fabs(change) > 1.0)
      throw argument_error("ghgtrack::effect::relative: change " + std::to_string(change) +
                           " is not a fraction; write -0.67 or '-67%' for a 67 % cut");
    if (change > 0.0)
      throw argument_error("ghgtrack::effect::relative: change " + std::to_string(change) +
                           " is an increase; a measure's relative effect is a cut, written -0.3 "
                           "(or '-30%', or effect::cut(0.3)) for 30 %");
    effect e;
    e.kind_ = effect_kind::relative;
    e.value_ = -change;
    return e;
  }
  /// A cut by a positive fraction: cut(0.3) == relative(-0.3).
  static effect cut(double fraction) {
    if (!std::isfinite(fraction) || fraction < 0.0 || fraction > 1.0)
      throw argument_error("ghgtrack::effect::cut: " + std::to_string(fraction) +
                           " is not a fraction in [0, 1]; write 0.67 for a 67 % cut");
    return relative(-fraction);
  }
  /// The emissions of `avoided` activity under `factor`: a mass of one gas,
  /// converted to CO2e with the inventory's metric when a scenario is run.
  template <class Activity>
  static effect activity(const Activity& avoided, const emission_factor<Activity>& factor) {
    return activity_mass(emissions(avoided, factor), factor.gas);
  }
  /// The same from the gas mass already computed (the unit-string path).
  static effect activity_mass(units::mass avoided, gas g) {
    if (!(std::isfinite(avoided.value()) && avoided.value() >= 0.0))
      throw argument_error("ghgtrack::effect::activity: the avoided emissions must be a finite mass >= 0");
    if (is_basket(g))
      throw argument_error("ghgtrack::effect::activity: the factor's gas " + std::string(name(g)) +
                           " is a basket; name a single gas");
    effect e;
    e.kind_ = effect_kind::activity;
    e.value_ = avoided.value(); // kg, as the quantity stores it: no rounding on the way in or out
    e.gas_ = g;
    return e;
  }

  effect_kind kind() const noexcept { return kind_; }
  bool known() const noexcept { return kind_ != effect_kind::unknown; }
  /// absolute: t CO2e/yr; relative: the cut as a positive fraction; activity: t of gas/yr.
  double value() const noexcept { return kind_ == effect_kind::activity ? value_ / 1e3 : value_; }
  /// The gas mass an activity effect avoids per year at full effect.
  units::mass avoided_mass() const noexcept {
    return units::mass::from_value(kind_ == effect_kind::activity ? value_ : 0.0);
  }
  /// The gas of an activity effect.
  gas activity_gas() const noexcept { return gas_; }
  /// Why an unknown effect is unknown.
  const std::string& reason() const noexcept { return reason_; }

  /// Full-effect amount in t CO2e per year (absolute or activity) under
  /// `m`; throws argument_error for relative or unknown effects.
  double tonnes_co2e(std::optional<metric> m) const {
    if (kind_ == effect_kind::absolute) return value_;
    if (kind_ == effect_kind::activity) {
      if (!m)
        throw incompatible_error("ghgtrack: an activity effect needs the baseline's GWP metric to be "
                                 "converted to CO2e, and the baseline does not record one");
      return units::value_in(to_co2e(avoided_mass(), gas_, *m), units::tonne_co2e);
    }
    throw argument_error("ghgtrack::effect::tonnes_co2e: a " + std::string(name(kind_)) +
                         " effect has no amount in t CO2e");
  }

private:
  effect_kind kind_ = effect_kind::unknown;
  double value_ = 0.0;
  gas gas_ = gas::co2;
  std::string reason_ = "unknown";
};

/// The cost fields of a measure (used by the cost analysis; stored here and
/// round-tripped through the measures table). NaN / empty = not stated.
struct measure_costs {
  std::vector<std::pair<int, double>> investment; ///< (year, amount) in `currency`
  double operating_cost = std::nan("");           ///< per year; negative = a saving
  double lifetime_years = std::nan("");
  /// Real discount rate. Default 4 %: Norwegian Ministry of Finance,
  /// circular R-109/2021 ("Prinsipper og krav ved utarbeidelse av
  /// samfunnsøkonomiske analyser"), section 5 (4 % for the first 40 years).
  double discount_rate = 0.04;
  double cost_low = std::nan("");  ///< per t CO2e
  double cost_high = std::nan(""); ///< per t CO2e
  std::string cost_class;          ///< e.g. Klimakur's "<500", "500-1500", ">1500" NOK/t
  std::string currency;            ///< e.g. "NOK"
  std::optional<int> price_year;
};

/// A climate measure (tiltak).
struct measure {
  std::string id;
  std::string name;
  measure_scope scope;
  ghgtrack::effect effect;
  bool removal = false;
  ghgtrack::ramp ramp;
  measure_status status = measure_status::proposed;
  std::string agency;          ///< responsible agency (ansvarlig)
  std::string reporting_owner; ///< who reports on it (rapporteringsansvarlig)
  std::string notes;
  measure_costs costs;

  /// Throws argument_error unless the measure is consistent: an id, a
  /// non-empty scope, a removal only with an absolute or activity effect.
  void check() const {
    if (id.empty()) throw argument_error("ghgtrack::measure: the id is empty");
    if (scope.empty())
      throw argument_error("ghgtrack::measure '" + id +
                           "': the scope is empty (give one or more sectors, sources or gases)");
    if (removal && effect.kind() == effect_kind::relative)
      throw argument_error("ghgtrack::measure '" + id +
                           "': a removal takes an absolute or activity amount, not a relative one");
  }
};

} // namespace ghgtrack

#endif
