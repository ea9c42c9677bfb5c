// ghgtrack/cost.hpp: what a measure costs, and its cost per tonne.
//
// Cost model (measure_costs in measure.hpp). A measure may carry
//  - investment by year, (year, amount) pairs;
//  - a yearly operating cost (negative = a saving), counted in every year of
//    its lifetime from the ramp's start year;
//  - a lifetime in years;
//  - a real discount rate. The default is 4 %: Norwegian Ministry of
//    Finance, circular R-109/2021 ("Prinsipper og krav ved utarbeidelse av
//    samfunnsøkonomiske analyser"), section 5: 4 % real for the first 40
//    years. cost_options::discount_rate overrides every measure's rate;
//  - where no cash flows are known, a cost per tonne as a range (cost_low,
//    cost_high) or as one of Klimakur 2030's cost classes ("<500",
//    "500-1500", ">1500" NOK/t; Miljødirektoratet M-1625, 2020, ch. 3);
//  - the currency and price year (carried through, never converted).
//
// Present values are discounted to `base_year`:
//   PV(x) = sum_t x_t (1 + r)^-(t - base_year).
// The accounting window is the years in which both operating costs and
// abated tonnes are counted: the measure's lifetime from its start year
// (to the baseline's last year when no lifetime is given), cut to the
// baseline's years and to [first_year, last_year] when given. Investment is
// always counted in full.
//
// Cost per tonne, three conventions:
//  - discounted_tonnes (the DEFAULT): PV(costs) / PV(abated tonnes), the
//    "discounted tonnes" method of Klimakur 2030 (M-1625, ch. 3, "Metode for
//    beregning av tiltakskostnader") and of Miljødirektoratet's
//    tiltakskostnad guidance: a tonne abated later counts for less;
//  - undiscounted_tonnes: PV(costs) / sum of abated tonnes;
//  - annualised: the equivalent annual cost PV(costs) * r / (1 - (1+r)^-L)
//    (L the lifetime, or the window length; PV / L when r = 0) divided by
//    the tonnes abated in one chosen year.
// Abated tonnes are the measure ALONE on the baseline (the scenario engine's
// "alone" view, attribution.hpp): a cost per tonne is a property of the
// measure, not of a portfolio. A stated range or class is taken as stated
// (in the source's own convention) and turned into a cost by multiplying by
// the discounted tonnes, so that its PV cost is consistent with the default
// convention.
//
// Open cost classes have no published point value; the points used for
// ranking and costing are assumptions, set in cost_options
// (below_500_point = 250, the middle of 0-500; above_1500_point = 2000).
// A measure without any cost is listed (basis "none", NaN), never costed
// as zero.
#ifndef GHGTRACK_COST_HPP
#define GHGTRACK_COST_HPP

#include <Eigen/Core>

#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "ghgtrack/error.hpp"
#include "ghgtrack/measure.hpp"

namespace ghgtrack {

/// 4 % real: Finansdepartementet, circular R-109/2021, section 5.
inline constexpr double default_discount_rate = 0.04;

/// How a cost per tonne is formed (see the header comment).
enum class cost_convention : std::uint8_t { discounted_tonnes, undiscounted_tonnes, annualised };

inline std::string_view name(cost_convention c) {
  switch (c) {
  case cost_convention::discounted_tonnes: return "discounted_tonnes";
  case cost_convention::undiscounted_tonnes: return "undiscounted_tonnes";
  case cost_convention::annualised: return "annualised";
  }
  throw argument_error("ghgtrack: invalid cost convention");
}

inline cost_convention parse_cost_convention(std::string_view s) {
  const std::string k = detail::fold_key(s);
  if (k == "discountedtonnes" || k == "discounted" || k == "pv") return cost_convention::discounted_tonnes;
  if (k == "undiscountedtonnes" || k == "undiscounted") return cost_convention::undiscounted_tonnes;
  if (k == "annualised" || k == "annualized" || k == "annual") return cost_convention::annualised;
  throw argument_error("ghgtrack: unknown cost convention '" + std::string(s) +
                       "' (accepted: discounted_tonnes, undiscounted_tonnes, annualised)");
}

/// A cost per tonne as a range; NaN where open or unknown.
struct cost_range {
  double low = std::numeric_limits<double>::quiet_NaN();
  double high = std::numeric_limits<double>::quiet_NaN();
};

/// Parses a Klimakur 2030 cost class: "<500", "500-1500", ">1500" (spaces,
/// "NOK/t", "under"/"over" accepted). Throws argument_error otherwise.
inline cost_range parse_cost_class(std::string_view text) {
  std::string k;
  for (char ch : text)
    if (ch == '<' || ch == '>' || ch == '-' || (ch >= '0' && ch <= '9')) k.push_back(ch);
  const std::string f = detail::fold_key(text);
  if (f.rfind("under", 0) == 0 && k.find('<') == std::string::npos) k = "<" + k;
  if (f.rfind("over", 0) == 0 && k.find('>') == std::string::npos) k = ">" + k;
  if (k == "<500") return {std::numeric_limits<double>::quiet_NaN(), 500.0};
  if (k == "500-1500") return {500.0, 1500.0};
  if (k == ">1500") return {1500.0, std::numeric_limits<double>::quiet_NaN()};
  throw argument_error("ghgtrack: unknown cost class '" + std::string(text) +
                       "' (accepted: Klimakur 2030's '<500', '500-1500', '>1500' NOK/t)");
}

/// The Klimakur class of a cost per tonne: "<500", "500-1500" (both bounds
/// included) or ">1500"; "" for NaN.
inline std::string cost_class_of(double per_tonne) {
  if (std::isnan(per_tonne)) return "";
  if (per_tonne < 500.0) return "<500";
  if (per_tonne <= 1500.0) return "500-1500";
  return ">1500";
}

/// Options of the cost analysis.
struct cost_options {
  std::optional<int> base_year;        ///< PV base year; default the baseline's first year
  std::optional<double> discount_rate; ///< overrides every measure's rate
  cost_convention convention = cost_convention::discounted_tonnes;
  std::optional<int> first_year, last_year; ///< limits of the accounting window
  std::optional<int> year;                  ///< annualised: the year; default the window's last year
  double below_500_point = 250.0;           ///< assumption for the open class "<500"
  double above_1500_point = 2000.0;         ///< assumption for the open class ">1500"
};

/// (1 + rate)^-(year - base_year); argument_error for a rate <= -1.
inline double discount_factor(double rate, int year, int base_year) {
  if (!(rate > -1.0) || !std::isfinite(rate))
    throw argument_error("ghgtrack: discount rate " + std::to_string(rate) +
                         " is not a rate above -100 %; write 0.04 for 4 %");
  return std::pow(1.0 + rate, -static_cast<double>(year - base_year));
}

/// The annuity factor r / (1 - (1 + r)^-L) (1 / L for r = 0).
inline double annuity_factor(double rate, double years) {
  if (!(years > 0.0)) throw argument_error("ghgtrack: an annuity needs a positive number of years");
  if (rate == 0.0) return 1.0 / years;
  return rate / (1.0 - std::pow(1.0 + rate, -years));
}

/// One measure's costs and cost per tonne.
struct measure_cost {
  double pv_cost = std::numeric_limits<double>::quiet_NaN(); ///< present value of costs (currency)
  double pv_cost_low = std::numeric_limits<double>::quiet_NaN();
  double pv_cost_high = std::numeric_limits<double>::quiet_NaN();
  double pv_tonnes = 0.0;     ///< discounted abated tonnes over the window
  double tonnes = 0.0;        ///< undiscounted abated tonnes over the window
  double annual_tonnes = 0.0; ///< tonnes in the annualised year
  double annualised_cost = std::numeric_limits<double>::quiet_NaN();
  double per_tonne = std::numeric_limits<double>::quiet_NaN(); ///< in the chosen convention
  double low = std::numeric_limits<double>::quiet_NaN();       ///< per tonne, low end of the range
  double high = std::numeric_limits<double>::quiet_NaN();      ///< per tonne, high end
  std::string basis;                                           ///< "cash flows", "range", "class" or "none"
  std::string cost_class;                                      ///< the Klimakur class: stated, or of per_tonne
  std::string currency;
  std::optional<int> price_year;
  double discount_rate = default_discount_rate;
  int first_year = 0, last_year = -1; ///< the accounting window (empty when last < first)
};

/// The costs of measure `m` whose abatement ALONE on the baseline is
/// `tonnes[i]` in `years[i]` (t CO2e, per year). See the header comment.
inline measure_cost cost_of(const measure& m, const std::vector<int>& years, const Eigen::ArrayXd& tonnes,
                            const cost_options& opt = {}) {
  if (static_cast<std::size_t>(tonnes.size()) != years.size())
    throw shape_error("ghgtrack::cost_of: " + std::to_string(tonnes.size()) + " tonnes for " +
                      std::to_string(years.size()) + " years");
  if (years.empty()) throw argument_error("ghgtrack::cost_of: no years");
  const measure_costs& c = m.costs;
  measure_cost out;
  out.currency = c.currency;
  out.price_year = c.price_year;
  const double r = opt.discount_rate ? *opt.discount_rate : c.discount_rate;
  out.discount_rate = r;
  const int base = opt.base_year ? *opt.base_year : years.front();
  int w0 = m.ramp.start_year(), w1 = years.back();
  if (!std::isnan(c.lifetime_years)) {
    if (!(c.lifetime_years > 0.0))
      throw argument_error("ghgtrack: measure '" + m.id + "': lifetime " + std::to_string(c.lifetime_years) +
                           " is not a positive number of years");
    w1 = w0 + static_cast<int>(std::ceil(c.lifetime_years)) - 1;
  }
  w0 = std::max(w0, years.front());
  w1 = std::min(w1, years.back());
  if (opt.first_year) w0 = std::max(w0, *opt.first_year);
  if (opt.last_year) w1 = std::min(w1, *opt.last_year);
  out.first_year = w0;
  out.last_year = w1;
  const int ann_year = opt.year ? *opt.year : w1;
  for (std::size_t i = 0; i < years.size(); ++i) {
    const double t = tonnes(static_cast<Eigen::Index>(i));
    if (years[i] == ann_year) out.annual_tonnes = t;
    if (years[i] < w0 || years[i] > w1) continue;
    out.tonnes += t;
    out.pv_tonnes += t * discount_factor(r, years[i], base);
  }
  const bool flows = !c.investment.empty() || !std::isnan(c.operating_cost);
  cost_range stated{c.cost_low, c.cost_high};
  bool have_class = false;
  if (!c.cost_class.empty()) {
    const cost_range k = parse_cost_class(c.cost_class);
    have_class = true;
    if (std::isnan(stated.low) && std::isnan(stated.high)) stated = k;
  }
  const double span = std::isnan(c.lifetime_years) ? static_cast<double>(std::max(0, w1 - w0 + 1)) : c.lifetime_years;
  if (flows) {
    out.basis = "cash flows";
    double pv = 0.0;
    for (const auto& [y, amount] : c.investment) pv += amount * discount_factor(r, y, base);
    if (!std::isnan(c.operating_cost))
      for (int y = w0; y <= w1; ++y) pv += c.operating_cost * discount_factor(r, y, base);
    out.pv_cost = pv;
    if (span > 0.0) out.annualised_cost = pv * annuity_factor(r, span);
    switch (opt.convention) {
    case cost_convention::discounted_tonnes: out.per_tonne = pv / out.pv_tonnes; break;
    case cost_convention::undiscounted_tonnes: out.per_tonne = pv / out.tonnes; break;
    case cost_convention::annualised: out.per_tonne = out.annualised_cost / out.annual_tonnes; break;
    }
    if (!(out.pv_tonnes > 0.0)) out.per_tonne = std::numeric_limits<double>::quiet_NaN();
    out.low = std::isnan(stated.low) ? out.per_tonne : stated.low;
    out.high = std::isnan(stated.high) ? out.per_tonne : stated.high;
    out.pv_cost_low = std::isnan(stated.low) ? pv : stated.low * out.pv_tonnes;
    out.pv_cost_high = std::isnan(stated.high) ? pv : stated.high * out.pv_tonnes;
  } else if (!std::isnan(stated.low) || !std::isnan(stated.high)) {
    out.basis = have_class && std::isnan(c.cost_low) && std::isnan(c.cost_high) ? "class" : "range";
    out.low = stated.low;
    out.high = stated.high;
    if (!std::isnan(stated.low) && !std::isnan(stated.high))
      out.per_tonne = 0.5 * (stated.low + stated.high);
    else if (std::isnan(stated.low))
      out.per_tonne = stated.high <= 500.0 ? std::min(opt.below_500_point, stated.high) : stated.high;
    else
      out.per_tonne = stated.low >= 1500.0 ? std::max(opt.above_1500_point, stated.low) : stated.low;
    out.pv_cost = out.per_tonne * out.pv_tonnes;
    out.pv_cost_low = std::isnan(out.low) ? std::numeric_limits<double>::quiet_NaN() : out.low * out.pv_tonnes;
    out.pv_cost_high = std::isnan(out.high) ? std::numeric_limits<double>::quiet_NaN() : out.high * out.pv_tonnes;
    if (span > 0.0) out.annualised_cost = out.pv_cost * annuity_factor(r, span);
  } else {
    out.basis = "none";
  }
  out.cost_class = !c.cost_class.empty() ? c.cost_class : cost_class_of(out.per_tonne);
  return out;
}

} // namespace ghgtrack

#endif
