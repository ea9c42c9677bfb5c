// Measures, the measures table, scenarios and attribution (issue 9).
//
// Marshalling only: every rule (table validation, combination rule,
// Shapley values) lives in include/ghgtrack/{measure,measure_table,
// scenario,attribution}.hpp. The GIL is released around the engine calls.
#include <ghgtrack/attribution.hpp>
#include <ghgtrack/measure.hpp>
#include <ghgtrack/measure_table.hpp>
#include <ghgtrack/scenario.hpp>

#include <pybind11/eigen.h>
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <cmath>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "register.hpp"

namespace py = pybind11;
using ghgtrack::measure;

namespace {

std::optional<double> nan_none(double v) {
  if (std::isnan(v)) return std::nullopt;
  return v;
}

py::dict scenario_dict(const ghgtrack::scenario_result& r) {
  py::dict d;
  d["name"] = r.name;
  d["values"] = py::cast(r.values, py::return_value_policy::copy);
  d["reduction"] = Eigen::ArrayXXd(r.reduction);
  d["years"] = r.years;
  std::vector<bool> projected(r.projected.begin(), r.projected.end());
  d["projected"] = projected;
  d["applied"] = r.applied;
  d["unquantified"] = r.unquantified;
  std::vector<std::tuple<std::string, std::ptrdiff_t, std::ptrdiff_t, int, std::string>> flags;
  for (const auto& f : r.flags)
    flags.emplace_back(std::string(ghgtrack::name(f.kind)), f.measure, f.cell, f.year, f.message);
  d["flags"] = flags;
  d["naive_sum"] = Eigen::ArrayXd(r.overlaps.naive_sum);
  d["combined"] = Eigen::ArrayXd(r.overlaps.combined);
  d["overcount"] = Eigen::ArrayXd(r.overlaps.overcount);
  std::vector<std::tuple<std::size_t, std::size_t, std::size_t, Eigen::ArrayXd>> pairs;
  for (const auto& p : r.overlaps.pairs) pairs.emplace_back(p.a, p.b, p.shared_cells, p.interaction);
  d["pairs"] = pairs;
  return d;
}

} // namespace

void register_planning(py::module_& m) {
  py::class_<measure>(m, "Measure")
      .def_property_readonly("id", [](const measure& x) { return x.id; })
      .def_property_readonly("name", [](const measure& x) { return x.name; })
      .def_property_readonly("sectors", [](const measure& x) { return x.scope.sectors; })
      .def_property_readonly("sources",
                             [](const measure& x) {
                               std::vector<std::tuple<std::string, std::string>> out;
                               for (const auto& c : x.scope.sources) out.emplace_back(c.sector, c.source);
                               return out;
                             })
      .def_property_readonly("gases",
                             [](const measure& x) {
                               std::vector<std::string> out;
                               for (auto g : x.scope.gases) out.emplace_back(ghgtrack::name(g));
                               return out;
                             })
      .def_property_readonly("effect_kind",
                             [](const measure& x) { return std::string(ghgtrack::name(x.effect.kind())); })
      .def_property_readonly("effect_value",
                             [](const measure& x) -> std::optional<double> {
                               if (!x.effect.known()) return std::nullopt;
                               return x.effect.value();
                             })
      .def_property_readonly("effect_reason", [](const measure& x) { return x.effect.reason(); })
      .def_property_readonly("quantified", [](const measure& x) { return x.effect.known(); })
      .def_property_readonly("removal", [](const measure& x) { return x.removal; })
      .def_property_readonly("status", [](const measure& x) { return std::string(ghgtrack::name(x.status)); })
      .def_property_readonly("ramp_shape", [](const measure& x) { return std::string(ghgtrack::name(x.ramp.shape())); })
      .def_property_readonly("start_year", [](const measure& x) { return x.ramp.start_year(); })
      .def_property_readonly("full_year", [](const measure& x) { return x.ramp.full_year(); })
      .def_property_readonly("end_year", [](const measure& x) { return x.ramp.end_year(); })
      .def_property_readonly("ramp_points", [](const measure& x) { return x.ramp.points(); })
      .def_property_readonly("agency", [](const measure& x) { return x.agency; })
      .def_property_readonly("reporting_owner", [](const measure& x) { return x.reporting_owner; })
      .def_property_readonly("notes", [](const measure& x) { return x.notes; })
      .def_property_readonly("investment", [](const measure& x) { return x.costs.investment; })
      .def_property_readonly("operating_cost", [](const measure& x) { return nan_none(x.costs.operating_cost); })
      .def_property_readonly("lifetime", [](const measure& x) { return nan_none(x.costs.lifetime_years); })
      .def_property_readonly("discount_rate", [](const measure& x) { return x.costs.discount_rate; })
      .def_property_readonly("cost_low", [](const measure& x) { return nan_none(x.costs.cost_low); })
      .def_property_readonly("cost_high", [](const measure& x) { return nan_none(x.costs.cost_high); })
      .def_property_readonly("cost_class", [](const measure& x) { return x.costs.cost_class; })
      .def_property_readonly("currency", [](const measure& x) { return x.costs.currency; })
      .def_property_readonly("price_year", [](const measure& x) { return x.costs.price_year; })
      .def(
          "ramp_factor", [](const measure& x, int year) { return x.ramp.factor(year); }, py::arg("year"))
      .def(
          "tonnes_co2e",
          [](const measure& x, const std::optional<std::string>& metric) {
            std::optional<ghgtrack::metric> mm;
            if (metric && !metric->empty()) mm = ghgtrack::parse_metric(*metric);
            return x.effect.tonnes_co2e(mm);
          },
          py::arg("metric") = py::none())
      .def("cells", [](const measure& x) { return ghgtrack::measure_to_cells(x); })
      .def(py::pickle([](const measure& x) { return py::make_tuple(ghgtrack::measure_to_cells(x)); },
                      [](const py::tuple& t) {
                        return ghgtrack::measures_from_rows(ghgtrack::measure_columns(),
                                                            {t[0].cast<std::vector<std::string>>()}, "<pickle>")
                            .at(0);
                      }));

  m.def("measure_columns", &ghgtrack::measure_columns);
  m.def(
      "measure_status_name",
      [](const std::string& s) { return std::string(ghgtrack::name(ghgtrack::parse_measure_status(s))); },
      py::arg("status"));
  m.def("measure_from_fields", &ghgtrack::measure_from_fields, py::arg("fields"), py::arg("origin") = "<measure>");
  m.def("measures_from_rows", &ghgtrack::measures_from_rows, py::arg("header"), py::arg("rows"), py::arg("origin"),
        py::arg("row_numbers") = std::vector<std::size_t>{});
  m.def("read_measures", &ghgtrack::read_measures, py::arg("path"), py::call_guard<py::gil_scoped_release>());
  m.def(
      "read_measures_text",
      [](const std::string& text, const std::string& origin) { return ghgtrack::read_measures_text(text, origin); },
      py::arg("text"), py::arg("origin") = "<measures>");
  m.def("write_measures", &ghgtrack::write_measures, py::arg("measures"), py::arg("path"),
        py::call_guard<py::gil_scoped_release>());
  m.def("write_measures_text", &ghgtrack::write_measures_text, py::arg("measures"));

  m.def(
      "run_scenario",
      [](const ghgtrack::inventory& baseline, const std::vector<measure>& measures, const std::string& name,
         const std::optional<std::vector<std::string>>& statuses, std::optional<int> last_actual_year, bool overlaps,
         unsigned threads) {
        ghgtrack::scenario_options o;
        o.name = name;
        o.statuses = ghgtrack::parse_measure_statuses(statuses);
        o.last_actual_year = last_actual_year;
        o.overlaps = overlaps;
        o.threads = threads;
        ghgtrack::scenario_result r;
        {
          py::gil_scoped_release release;
          r = ghgtrack::run_scenario(baseline, measures, o);
        }
        return scenario_dict(r);
      },
      py::arg("baseline"), py::arg("measures"), py::arg("name") = "scenario", py::arg("statuses") = py::none(),
      py::arg("last_actual_year") = py::none(), py::arg("overlaps") = true, py::arg("threads") = 1);

  m.def(
      "attribute",
      [](const ghgtrack::inventory& baseline, const std::vector<measure>& measures,
         const std::optional<std::vector<std::string>>& statuses, bool per_cell, unsigned threads) {
        ghgtrack::attribution_options o;
        o.statuses = ghgtrack::parse_measure_statuses(statuses);
        o.per_cell = per_cell;
        o.threads = threads;
        ghgtrack::attribution_result r;
        {
          py::gil_scoped_release release;
          r = ghgtrack::attribute(baseline, measures, o);
        }
        py::dict d;
        d["measures"] = r.measures;
        d["unquantified"] = r.unquantified;
        d["years"] = r.years;
        d["shapley"] = r.shapley;
        d["alone"] = r.alone;
        d["last_in"] = r.last_in;
        d["combined"] = r.combined;
        std::vector<Eigen::Index> cells;
        std::vector<std::size_t> ms;
        Eigen::ArrayXXd values(static_cast<Eigen::Index>(r.by_cell.size()), static_cast<Eigen::Index>(r.years.size()));
        for (std::size_t i = 0; i < r.by_cell.size(); ++i) {
          cells.push_back(r.by_cell[i].cell);
          ms.push_back(r.by_cell[i].measure);
          values.row(static_cast<Eigen::Index>(i)) = r.by_cell[i].shapley.transpose();
        }
        d["cell_rows"] = cells;
        d["cell_measures"] = ms;
        d["cell_shapley"] = values;
        return d;
      },
      py::arg("baseline"), py::arg("measures"), py::arg("statuses") = py::none(), py::arg("per_cell") = false,
      py::arg("threads") = 1);

  m.def(
      "attribute_sampled",
      [](const ghgtrack::inventory& baseline, const std::vector<measure>& measures, std::size_t permutations,
         std::uint64_t seed, const std::optional<std::vector<std::string>>& statuses, unsigned threads) {
        ghgtrack::attribution_options o;
        o.statuses = ghgtrack::parse_measure_statuses(statuses);
        o.threads = threads;
        ghgtrack::sampled_attribution r;
        {
          py::gil_scoped_release release;
          r = ghgtrack::attribute_sampled(baseline, measures, permutations, seed, o);
        }
        py::dict d;
        d["measures"] = r.measures;
        d["years"] = r.years;
        d["shapley"] = r.shapley;
        d["standard_error"] = r.standard_error;
        d["permutations"] = r.permutations;
        d["seed"] = r.seed;
        return d;
      },
      py::arg("baseline"), py::arg("measures"), py::arg("permutations"), py::arg("seed") = 1,
      py::arg("statuses") = py::none(), py::arg("threads") = 1);

  m.def(
      "shapley_product_game",
      [](double baseline, const std::vector<double>& q) { return ghgtrack::shapley_product_game(baseline, q); },
      py::arg("baseline"), py::arg("q"));
}
