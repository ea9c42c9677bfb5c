// Baselines (baseline.hpp) and the klimabudsjett ledger (ledger.hpp).
// Marshalling only: every rule lives in the headers.
#include <ghgtrack/baseline.hpp>
#include <ghgtrack/ledger.hpp>

#include <pybind11/eigen.h>
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <cmath>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "register.hpp"

namespace py = pybind11;
using namespace ghgtrack;

namespace {

std::vector<std::tuple<std::string, int, std::string>> notes(const std::vector<baseline_note>& v) {
  std::vector<std::tuple<std::string, int, std::string>> out;
  for (const auto& n : v) out.emplace_back(n.group, n.year, n.reason);
  return out;
}

double or_nan(const std::optional<double>& v) { return v ? *v : std::nan(""); }

py::dict to_python(const ledger_result& r) {
  py::dict d;
  d["years"] = r.years;
  d["cap_t"] = r.cap_t;
  d["baseline_t"] = r.baseline_t;
  d["planned_t"] = r.planned_t;
  d["projected_t"] = r.projected_t;
  d["gap_t"] = r.gap_t;
  d["actual_t"] = r.actual_t;
  d["actual_gap_t"] = r.actual_gap_t;
  std::vector<std::tuple<std::string, std::size_t, bool, std::size_t>> ag;
  for (const auto& a : r.agencies) ag.emplace_back(a.agency, a.measure, a.reports, a.n_responsible);
  d["agencies"] = ag;
  d["agency_names"] = r.agency_names;
  d["agency_planned_t"] = Eigen::ArrayXXd(r.agency_planned_t);
  std::vector<std::tuple<int, double, double, double, double, double>> act;
  for (const auto& a : r.actual)
    act.emplace_back(a.year, a.actual_t, a.cap_t, a.projected_t, a.vs_cap_t, a.vs_projected_t);
  d["actual"] = act;
  std::vector<std::tuple<std::size_t, int, double, double, double>> ach;
  for (const auto& a : r.achieved) ach.emplace_back(a.measure, a.year, a.planned_t, a.achieved_t, a.difference_t);
  d["achieved"] = ach;
  std::vector<std::tuple<int, double, double, double, std::string>> rs;
  for (const auto& x : r.restatement) rs.emplace_back(x.year, x.change, x.old_cap_t, x.new_cap_t, x.reason);
  d["restatement"] = rs;
  d["base_year"] = r.base_year;
  d["old_base_t"] = r.old_base_t;
  d["new_base_t"] = r.new_base_t;
  d["old_source"] = r.old_source;
  d["new_source"] = r.new_source;
  return d;
}

} // namespace

void register_ledger(py::module_& m) {
  m.def(
      "baseline",
      [](const inventory& inv, int until, const std::string& method, const std::string& by, std::optional<int> since,
         std::optional<int> last_year, int last_k, double level, std::optional<std::vector<int>> driver_years,
         std::optional<std::vector<double>> driver_values, const std::string& driver_name) {
        baseline_options o;
        o.until = until;
        o.method = parse_baseline_method(method);
        o.by = parse_baseline_by(by);
        o.since = since;
        o.last_year = last_year;
        o.last_k = last_k;
        o.level = level;
        if (driver_years || driver_values) {
          if (!driver_years || !driver_values)
            throw argument_error("ghgtrack: baseline: give both driver years and driver values");
          o.driver = driver_series{*driver_years, *driver_values, driver_name};
        }
        baseline_result r;
        {
          py::gil_scoped_release release;
          r = make_baseline(inv, o);
        }
        py::dict d;
        d["projection"] = std::move(r.projection);
        d["lo"] = std::move(r.lo);
        d["hi"] = std::move(r.hi);
        d["groups"] = r.groups;
        d["group_value"] = std::move(r.group_value);
        d["group_lo"] = std::move(r.group_lo);
        d["group_hi"] = std::move(r.group_hi);
        d["data_years"] = r.data_years;
        d["skipped"] = notes(r.skipped);
        d["floored"] = notes(r.floored);
        return d;
      },
      py::arg("inventory"), py::arg("until"), py::arg("method") = "linear", py::arg("by") = "sector",
      py::arg("since") = py::none(), py::arg("last_year") = py::none(), py::arg("last_k") = 1, py::arg("level") = 0.95,
      py::arg("driver_years") = py::none(), py::arg("driver_values") = py::none(), py::arg("driver_name") = "driver");

  m.def(
      "read_baseline_table_text",
      [](const std::string& text, const std::string& origin, const inventory* valid) {
        return read_baseline_table_text(text, origin, valid);
      },
      py::arg("text"), py::arg("origin") = "<baseline table>", py::arg("valid") = nullptr);
  m.attr("ALL_SOURCES") = all_sources;

  py::class_<cap_schedule>(m, "CapSchedule")
      .def_static(
          "in_tonnes",
          [](std::vector<int> years, const std::vector<double>& tonnes, std::string source) {
            return cap_schedule::in_tonnes(std::move(years), tonnes, std::move(source));
          },
          py::arg("years"), py::arg("tonnes"), py::arg("source") = "")
      .def_static(
          "relative",
          [](int base_year, double base_level, std::vector<int> years, const std::vector<double>& changes,
             std::string source) {
            return cap_schedule::relative(base_year, base_level * units::tonne_co2e, std::move(years), changes,
                                          std::move(source));
          },
          py::arg("base_year"), py::arg("base_level"), py::arg("years"), py::arg("changes"), py::arg("source") = "")
      .def_static(
          "from_pathway",
          [](const pathway& p, std::vector<int> years, std::string source) {
            return cap_schedule::from_pathway(p, std::move(years), std::move(source));
          },
          py::arg("pathway"), py::arg("years"), py::arg("source") = "target pathway")
      .def_property_readonly("years", &cap_schedule::years)
      .def_property_readonly("changes",
                             [](const cap_schedule& c) {
                               std::vector<double> out;
                               for (const auto& v : c.changes()) out.push_back(or_nan(v));
                               return out;
                             })
      .def_property_readonly("stated_tonnes",
                             [](const cap_schedule& c) {
                               std::vector<double> out;
                               for (const auto& v : c.stated_tonnes()) out.push_back(or_nan(v));
                               return out;
                             })
      .def_property_readonly("base_year", &cap_schedule::base_year)
      .def_property_readonly("base_level", &cap_schedule::base_level)
      .def_property_readonly("source", &cap_schedule::source)
      .def("tonnes", &cap_schedule::tonnes, py::arg("current_level") = py::none());

  m.def(
      "read_caps_text",
      [](const std::string& text, const std::string& vintage, const std::string& origin) {
        auto t = read_caps_text(text, vintage, origin);
        std::vector<std::tuple<std::size_t, int, std::string, double, std::string, bool, bool>> recs;
        for (const auto& r : t.records)
          recs.emplace_back(r.row, r.year, r.metric, r.value, r.unit, r.used, r.duplicate);
        return py::make_tuple(std::move(t.caps), recs, t.vintages);
      },
      py::arg("text"), py::arg("vintage"), py::arg("origin") = "<caps>");

  m.def(
      "ledger",
      [](const cap_schedule& caps, std::vector<int> plan_years, std::vector<double> baseline_t,
         const std::vector<std::tuple<std::string, std::string, std::string, std::string, std::string>>& measures,
         const Eigen::ArrayXXd& planned_t, std::vector<int> actual_years, std::vector<double> actual_t,
         std::vector<int> achieved_years, const Eigen::ArrayXXd& achieved_t, std::optional<double> current_base_level,
         std::string release) {
        ledger_inputs in;
        in.caps = caps;
        in.plan_years = std::move(plan_years);
        in.baseline_t = std::move(baseline_t);
        for (const auto& [id, name, status, resp, owner] : measures)
          in.measures.push_back({id, name, status, resp, owner});
        in.planned_t = planned_t;
        in.actual_years = std::move(actual_years);
        in.actual_t = std::move(actual_t);
        in.achieved_years = std::move(achieved_years);
        in.achieved_t = achieved_t;
        if (current_base_level) in.current_base_level = *current_base_level * units::tonne_co2e;
        in.release = std::move(release);
        return to_python(make_ledger(in));
      },
      py::arg("caps"), py::arg("plan_years"), py::arg("baseline_t"), py::arg("measures"), py::arg("planned_t"),
      py::arg("actual_years"), py::arg("actual_t"), py::arg("achieved_years"), py::arg("achieved_t"),
      py::arg("current_base_level") = py::none(), py::arg("release") = "");
}
