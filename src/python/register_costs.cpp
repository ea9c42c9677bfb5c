// Costs, MAC curves and the cheapest portfolio (issue 10).
//
// Marshalling only: the cost model, MAC curves, cuts, exact checks, brute
// force and Monte Carlo live in include/ghgtrack/{cost,mac,portfolio}.hpp.
// The HiGHS loop is in python/ghgtrack/costs.py. The GIL is released around
// the engine calls.
#include <ghgtrack/cost.hpp>
#include <ghgtrack/mac.hpp>
#include <ghgtrack/portfolio.hpp>

#include <pybind11/eigen.h>
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "register.hpp"

namespace py = pybind11;
using ghgtrack::measure;

namespace {

ghgtrack::cost_options cost_opts(std::optional<int> base_year, std::optional<double> discount_rate,
                                 const std::string& convention, std::optional<int> first_year,
                                 std::optional<int> last_year, std::optional<int> year, double below_500_point,
                                 double above_1500_point) {
  ghgtrack::cost_options o;
  o.base_year = base_year;
  o.discount_rate = discount_rate;
  o.convention = ghgtrack::parse_cost_convention(convention);
  o.first_year = first_year;
  o.last_year = last_year;
  o.year = year;
  o.below_500_point = below_500_point;
  o.above_1500_point = above_1500_point;
  return o;
}

py::dict cost_dict(const ghgtrack::measure_cost& c) {
  py::dict d;
  d["pv_cost"] = c.pv_cost;
  d["pv_cost_low"] = c.pv_cost_low;
  d["pv_cost_high"] = c.pv_cost_high;
  d["pv_tonnes"] = c.pv_tonnes;
  d["tonnes"] = c.tonnes;
  d["annual_tonnes"] = c.annual_tonnes;
  d["annualised_cost"] = c.annualised_cost;
  d["per_tonne"] = c.per_tonne;
  d["low"] = c.low;
  d["high"] = c.high;
  d["basis"] = c.basis;
  d["cost_class"] = c.cost_class;
  d["currency"] = c.currency;
  d["price_year"] = c.price_year;
  d["discount_rate"] = c.discount_rate;
  d["first_year"] = c.first_year;
  d["last_year"] = c.last_year;
  return d;
}

py::dict check_dict(const ghgtrack::portfolio_check& c) {
  py::dict d;
  d["feasible"] = c.feasible;
  d["reduction"] = c.reduction;
  d["need"] = c.need;
  d["totals"] = c.totals;
  d["message"] = c.message;
  return d;
}

#define GHGTRACK_COST_ARGS                                                                                             \
  py::arg("base_year") = py::none(), py::arg("discount_rate") = py::none(),                                            \
  py::arg("convention") = "discounted_tonnes", py::arg("first_year") = py::none(), py::arg("last_year") = py::none(),  \
  py::arg("year") = py::none(), py::arg("below_500_point") = 250.0, py::arg("above_1500_point") = 2000.0

} // namespace

void register_costs(py::module_& m) {
  m.attr("default_discount_rate") = ghgtrack::default_discount_rate;
  m.def(
      "parse_cost_class",
      [](const std::string& s) {
        const auto r = ghgtrack::parse_cost_class(s);
        return std::make_tuple(r.low, r.high);
      },
      py::arg("text"));
  m.def("cost_class_of", &ghgtrack::cost_class_of, py::arg("per_tonne"));
  m.def("discount_factor", &ghgtrack::discount_factor, py::arg("rate"), py::arg("year"), py::arg("base_year"));

  m.def(
      "cost_table",
      [](const ghgtrack::inventory& baseline, const std::vector<measure>& measures,
         const std::optional<std::vector<std::string>>& statuses, std::optional<int> base_year,
         std::optional<double> discount_rate, const std::string& convention, std::optional<int> first_year,
         std::optional<int> last_year, std::optional<int> year, double below, double above) {
        const auto o = cost_opts(base_year, discount_rate, convention, first_year, last_year, year, below, above);
        const auto st = ghgtrack::parse_measure_statuses(statuses);
        ghgtrack::cost_table_result r;
        {
          py::gil_scoped_release release;
          r = ghgtrack::cost_table(baseline, measures, o, st);
        }
        py::list costs;
        for (const auto& c : r.costs) costs.append(cost_dict(c));
        py::dict d;
        d["measures"] = r.measures;
        d["unquantified"] = r.unquantified;
        d["costs"] = costs;
        return d;
      },
      py::arg("baseline"), py::arg("measures"), py::arg("statuses") = py::none(), GHGTRACK_COST_ARGS);

  m.def(
      "mac_curve",
      [](const ghgtrack::inventory& baseline, const std::vector<measure>& measures, const std::string& variant,
         std::optional<int> width_year, std::optional<int> period_first, std::optional<int> period_last,
         const std::optional<std::vector<std::string>>& statuses, unsigned threads, std::optional<int> base_year,
         std::optional<double> discount_rate, const std::string& convention, std::optional<int> first_year,
         std::optional<int> last_year, std::optional<int> year, double below, double above) {
        ghgtrack::mac_options o;
        o.variant = ghgtrack::parse_mac_variant(variant);
        o.costs = cost_opts(base_year, discount_rate, convention, first_year, last_year, year, below, above);
        o.year = width_year;
        o.period_first = period_first;
        o.period_last = period_last;
        o.statuses = ghgtrack::parse_measure_statuses(statuses);
        o.threads = threads;
        ghgtrack::mac_result r;
        {
          py::gil_scoped_release release;
          r = ghgtrack::mac_curve(baseline, measures, o);
        }
        py::list bars;
        for (const auto& b : r.bars) {
          py::dict d = cost_dict(b.cost);
          d["measure"] = b.measure;
          d["width"] = b.width;
          d["x0"] = b.x0;
          d["height"] = b.per_tonne;
          d["height_low"] = b.low;
          d["height_high"] = b.high;
          d["alone"] = b.alone;
          bars.append(d);
        }
        py::dict d;
        d["variant"] = std::string(ghgtrack::name(r.variant));
        d["bars"] = bars;
        d["unquantified"] = r.unquantified;
        d["uncosted"] = r.uncosted;
        d["combined"] = r.combined;
        return d;
      },
      py::arg("baseline"), py::arg("measures"), py::arg("variant") = "shapley", py::arg("width_year") = py::none(),
      py::arg("period_first") = py::none(), py::arg("period_last") = py::none(), py::arg("statuses") = py::none(),
      py::arg("threads") = 1, GHGTRACK_COST_ARGS);

  py::class_<ghgtrack::portfolio_problem, std::unique_ptr<ghgtrack::portfolio_problem>>(m, "PortfolioProblem")
      .def(
          py::init([](const ghgtrack::inventory& baseline, const std::vector<measure>& measures,
                      const std::string& goal, std::optional<int> target_year, std::optional<double> level,
                      std::optional<int> budget_first, std::optional<int> budget_last,
                      const std::vector<std::pair<int, double>>& caps, unsigned steps,
                      const std::vector<std::pair<std::string, double>>& max_share, std::optional<int> base_year,
                      std::optional<double> discount_rate, const std::string& convention, std::optional<int> first_year,
                      std::optional<int> last_year, std::optional<int> year, double below, double above) {
            ghgtrack::portfolio_goal g;
            namespace u = ghgtrack::units;
            if (goal == "target") {
              if (!target_year || !level)
                throw ghgtrack::argument_error("ghgtrack: a target goal needs target_year and level (t CO2e)");
              g = ghgtrack::portfolio_goal::target(*target_year, *level * u::tonne_co2e);
            } else if (goal == "budget") {
              if (!budget_first || !budget_last || !level)
                throw ghgtrack::argument_error("ghgtrack: a budget goal needs first_year, last_year and the budget");
              g = ghgtrack::portfolio_goal::budget(*budget_first, *budget_last, *level * u::tonne_co2e);
            } else if (goal == "caps") {
              g = ghgtrack::portfolio_goal::caps(caps);
            } else {
              throw ghgtrack::argument_error("ghgtrack: unknown goal '" + goal + "' (accepted: target, budget, caps)");
            }
            const auto o = cost_opts(base_year, discount_rate, convention, first_year, last_year, year, below, above);
            ghgtrack::portfolio_adoption ad;
            ad.steps = steps;
            ad.max_share = max_share;
            py::gil_scoped_release release;
            return std::make_unique<ghgtrack::portfolio_problem>(baseline, measures, g, o, ad);
          }),
          py::arg("baseline"), py::arg("measures"), py::arg("goal"), py::arg("target_year") = py::none(),
          py::arg("level") = py::none(), py::arg("budget_first") = py::none(), py::arg("budget_last") = py::none(),
          py::arg("caps") = std::vector<std::pair<int, double>>{}, py::arg("steps") = 1u,
          py::arg("max_share") = std::vector<std::pair<std::string, double>>{}, GHGTRACK_COST_ARGS)
      .def_property_readonly("n", &ghgtrack::portfolio_problem::n)
      .def_property_readonly("n_candidates", &ghgtrack::portfolio_problem::n_candidates)
      .def_property_readonly("owner", &ghgtrack::portfolio_problem::owner)
      .def_property_readonly("steps", &ghgtrack::portfolio_problem::steps)
      .def_property_readonly("max_share", &ghgtrack::portfolio_problem::max_share)
      .def("shares", &ghgtrack::portfolio_problem::shares, py::arg("x"))
      .def_property_readonly("candidates", &ghgtrack::portfolio_problem::candidates)
      .def_property_readonly("unquantified", &ghgtrack::portfolio_problem::unquantified)
      .def_property_readonly("uncosted", &ghgtrack::portfolio_problem::uncosted)
      .def_property_readonly("objective", &ghgtrack::portfolio_problem::objective)
      .def_property_readonly("need", [](const ghgtrack::portfolio_problem& p) { return Eigen::ArrayXd(p.need()); })
      .def_property_readonly("row_labels", &ghgtrack::portfolio_problem::row_labels)
      .def_property_readonly("costs",
                             [](const ghgtrack::portfolio_problem& p) {
                               py::list l;
                               for (const auto& c : p.costs()) l.append(cost_dict(c));
                               return l;
                             })
      .def("reduction", &ghgtrack::portfolio_problem::reduction, py::arg("x"))
      .def(
          "cuts",
          [](const ghgtrack::portfolio_problem& p, const std::vector<std::uint8_t>& x,
             const std::vector<std::size_t>& rows) {
            std::vector<std::tuple<std::size_t, Eigen::ArrayXd, double>> out;
            std::vector<ghgtrack::portfolio_cut> cs;
            {
              py::gil_scoped_release release;
              cs = p.cuts(x, rows);
            }
            for (const auto& c : cs) out.emplace_back(c.row, c.coef, c.rhs);
            return out;
          },
          py::arg("x"), py::arg("rows"))
      .def(
          "check",
          [](const ghgtrack::portfolio_problem& p, const std::vector<std::uint8_t>& x) {
            ghgtrack::portfolio_check c;
            {
              py::gil_scoped_release release;
              c = p.check(x);
            }
            return check_dict(c);
          },
          py::arg("x"))
      .def("infeasibility", &ghgtrack::portfolio_problem::infeasibility)
      .def("brute_force",
           [](const ghgtrack::portfolio_problem& p) {
             ghgtrack::portfolio_choice c;
             {
               py::gil_scoped_release release;
               c = ghgtrack::brute_force_portfolio(p);
             }
             py::dict d;
             d["selected"] = c.selected;
             d["pv_cost"] = c.pv_cost;
             d["check"] = check_dict(c.check);
             d["evaluated"] = c.evaluated;
             return d;
           })
      .def(
          "monte_carlo",
          [](const ghgtrack::portfolio_problem& p, const std::vector<std::uint8_t>& x, std::size_t draws,
             std::uint64_t seed, double effect_u, const std::string& effect_distribution, double cost_u,
             const std::string& cost_distribution, unsigned threads) {
            ghgtrack::portfolio_mc_options o;
            o.draws = draws;
            o.seed = seed;
            o.effect_u = effect_u;
            o.effect_distribution = ghgtrack::parse_distribution(effect_distribution);
            o.cost_u = cost_u;
            o.cost_distribution = ghgtrack::parse_distribution(cost_distribution);
            o.threads = threads;
            ghgtrack::portfolio_mc_result r;
            {
              py::gil_scoped_release release;
              r = ghgtrack::portfolio_monte_carlo(p, x, o);
            }
            py::dict d;
            d["probability"] = r.probability;
            d["cost"] = r.cost;
            d["reduction"] = r.reduction;
            return d;
          },
          py::arg("x"), py::arg("draws") = 1000, py::arg("seed") = 1, py::arg("effect_u") = 0.0,
          py::arg("effect_distribution") = "lognormal", py::arg("cost_u") = 0.0,
          py::arg("cost_distribution") = "lognormal", py::arg("threads") = 1);
}
