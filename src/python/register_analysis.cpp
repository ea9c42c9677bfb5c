// LMDI decomposition and uncertainty (IPCC Approach 1, Monte Carlo, the
// probability of meeting a target). Marshalling only: every rule is in
// lmdi.hpp, monte_carlo.hpp, uncertainty.hpp and target_probability.hpp.
// Eigen members are handed out as read-only numpy views of the bound
// result (def_readonly: reference_internal), not copies.
#include <ghgtrack/lmdi.hpp>
#include <ghgtrack/monte_carlo.hpp>
#include <ghgtrack/target_probability.hpp>
#include <ghgtrack/trend.hpp>
#include <ghgtrack/uncertainty.hpp>

#include <pybind11/eigen.h>
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <memory>
#include <string>
#include <vector>

#include "register.hpp"

namespace py = pybind11;
using namespace ghgtrack;

namespace {
// A 2-D array for lmdi(), read in place: a float64 numpy array with any
// strides (C order, F order, a slice) is not copied; anything else (another
// dtype, a list) is converted once to float64. `keep` holds the array.
struct lmdi_matrix {
  py::array keep;
  strided_matrix view;
};
lmdi_matrix lmdi_matrix_of(const py::handle& obj, const char* name) {
  py::array a;
  if (py::isinstance<py::array_t<double>>(obj))
    a = py::reinterpret_borrow<py::array>(obj);
  else
    a = py::array_t<double, py::array::forcecast>::ensure(obj);
  if (!a) throw argument_error(std::string("ghgtrack.lmdi: ") + name + " must be numbers (categories x factors)");
  if (a.ndim() != 2)
    throw shape_error(std::string("ghgtrack.lmdi: ") + name + " must be 2-D (categories x factors), not " +
                      std::to_string(a.ndim()) + "-D");
  constexpr auto size = static_cast<py::ssize_t>(sizeof(double));
  if (a.strides(0) % size != 0 || a.strides(1) % size != 0) // a packed record field: copy
    a = py::array_t<double, py::array::c_style | py::array::forcecast>::ensure(a);
  return {a, strided_matrix{static_cast<const double*>(a.data()), a.shape(0), a.shape(1), a.strides(0) / size,
                            a.strides(1) / size}};
}
} // namespace

void register_analysis(py::module_& m) {
  py::class_<lmdi_result>(m, "LmdiResult", "One period's LMDI-I decomposition (lmdi.hpp)")
      .def_readonly("v0", &lmdi_result::v0)
      .def_readonly("vt", &lmdi_result::vt)
      .def_readonly("additive", &lmdi_result::additive)
      .def_readonly("multiplicative", &lmdi_result::multiplicative)
      .def_readonly("additive_by_category", &lmdi_result::additive_by_category)
      .def_readonly("multiplicative_defined", &lmdi_result::multiplicative_defined)
      .def_readonly("note", &lmdi_result::note)
      .def("ratio", &lmdi_result::ratio, py::arg("factor"))
      .def("total_ratio", &lmdi_result::total_ratio);

  py::class_<lmdi_chain>(m, "LmdiChain", "A chained LMDI-I decomposition (lmdi.hpp)")
      .def_readonly("additive", &lmdi_chain::additive)
      .def_readonly("multiplicative", &lmdi_chain::multiplicative)
      .def_readonly("additive_total", &lmdi_chain::additive_total)
      .def_readonly("multiplicative_total", &lmdi_chain::multiplicative_total)
      .def_readonly("v", &lmdi_chain::v)
      .def_readonly("multiplicative_defined", &lmdi_chain::multiplicative_defined);

  m.def(
      "lmdi",
      [](const py::object& start, const py::object& end, bool by_category, unsigned threads) {
        const auto a = lmdi_matrix_of(start, "start"), b = lmdi_matrix_of(end, "end");
        py::gil_scoped_release release;
        return lmdi(a.view, b.view, by_category, threads);
      },
      py::arg("start"), py::arg("end"), py::arg("by_category") = true, py::arg("threads") = 1u);
  m.def(
      "lmdi_chained",
      [](const py::sequence& years, unsigned threads) {
        std::vector<lmdi_matrix> keep;
        keep.reserve(years.size());
        for (std::size_t t = 0; t < years.size(); ++t)
          keep.push_back(lmdi_matrix_of(years[t], ("year " + std::to_string(t)).c_str()));
        std::vector<strided_matrix> views;
        views.reserve(keep.size());
        for (const auto& k : keep) views.push_back(k.view);
        py::gil_scoped_release release;
        return lmdi_chained(views, threads);
      },
      py::arg("years"), py::arg("threads") = 1u);
  m.def("log_mean", &log_mean, py::arg("a"), py::arg("b"));

  py::class_<approach1_result>(m, "Approach1Result", "IPCC 2006 Vol. 1 Table 3.3 (uncertainty.hpp)")
      .def_readonly("base_total", &approach1_result::base_total)
      .def_readonly("latest_total", &approach1_result::latest_total)
      .def_readonly("uncertainty_pct", &approach1_result::uncertainty_pct)
      .def_readonly("trend_pct", &approach1_result::trend_pct)
      .def_readonly("trend_uncertainty_pct", &approach1_result::trend_uncertainty_pct)
      .def_readonly("combined_pct", &approach1_result::combined_pct)
      .def_readonly("variance_share", &approach1_result::variance_share)
      .def_readonly("type_a", &approach1_result::type_a)
      .def_readonly("type_b", &approach1_result::type_b)
      .def_readonly("trend_from_ef", &approach1_result::trend_from_ef)
      .def_readonly("trend_from_ad", &approach1_result::trend_from_ad)
      .def_readonly("trend_variance", &approach1_result::trend_variance);
  m.def("approach1",
        py::overload_cast<const std::vector<double>&, const std::vector<double>&, const std::vector<double>&,
                          const std::vector<double>&>(&approach1),
        py::arg("base"), py::arg("latest"), py::arg("ad_pct"), py::arg("ef_pct"));
  m.def("product_rule", &product_rule, py::arg("uncertainties_pct"));
  m.def("sum_rule", &sum_rule, py::arg("values"), py::arg("uncertainties_pct"));

  py::enum_<distribution>(m, "Distribution", "The distribution of a Monte Carlo multiplier (monte_carlo.hpp)")
      .value("normal", distribution::normal)
      .value("lognormal", distribution::lognormal)
      .value("triangular", distribution::triangular)
      .value("uniform", distribution::uniform)
      .def("__str__", [](distribution d) { return name(d); });
  m.def(
      "parse_distribution", [](const std::string& s) { return parse_distribution(s); }, py::arg("name"));

  py::class_<mc_result>(m, "MonteCarloTotals", "The totals of every Monte Carlo iteration, t CO2e")
      .def_readonly("base", &mc_result::base)
      .def_readonly("latest", &mc_result::latest);

  py::class_<monte_carlo_run>(m, "MonteCarloRun", "A Monte Carlo run driven block by block (monte_carlo.hpp)")
      .def(py::init([](const std::vector<double>& base, const std::vector<double>& latest,
                       const std::vector<double>& ad_u, const std::vector<double>& ef_u,
                       const std::vector<distribution>& ad_d, const std::vector<distribution>& ef_d,
                       const Eigen::MatrixXd& corr, std::uint64_t seed, std::size_t iterations, unsigned threads,
                       std::size_t block) {
             return std::make_unique<monte_carlo_run>(mc_categories(base, latest, ad_u, ef_u, ad_d, ef_d), corr,
                                                      mc_options{seed, iterations, threads, block});
           }),
           py::arg("base"), py::arg("latest"), py::arg("ad_uncertainty"), py::arg("ef_uncertainty"),
           py::arg("ad_distribution"), py::arg("ef_distribution"), py::arg("correlation"), py::arg("seed") = 20091u,
           py::arg("iterations") = 100000u, py::arg("threads") = 1u, py::arg("block") = 1024u)
      .def_property_readonly("n_blocks", &monte_carlo_run::n_blocks)
      .def("run", &monte_carlo_run::run<>, py::arg("first_block"), py::arg("count"),
           py::call_guard<py::gil_scoped_release>())
      .def_property_readonly("totals", &monte_carlo_run::result, py::return_value_policy::reference_internal);
  m.def("mc_normals", &mc_normals, py::arg("seed"), py::arg("stream"), py::arg("n"),
        py::call_guard<py::gil_scoped_release>(),
        "The first n standard normals of the Monte Carlo stream (seed, stream) (monte_carlo.hpp)");

  py::class_<target_outcomes>(m, "TargetOutcomes", "The probability of meeting a target (target_probability.hpp)")
      .def_readonly("target_year_emissions", &target_outcomes::target_year_emissions)
      .def_readonly("probability_met", &target_outcomes::probability_met)
      .def_readonly("probability_budget", &target_outcomes::probability_budget);
  m.def(
      "target_probability",
      [](const mc_result& totals, const trend_fit& fit, double base_total, int latest_year, int target_year,
         double change, double remaining_budget, std::uint64_t seed) {
        return target_probability(
            totals, fit, target_question{base_total, latest_year, target_year, change, remaining_budget, seed});
      },
      py::arg("totals"), py::arg("fit"), py::arg("base_total"), py::arg("latest_year"), py::arg("target_year"),
      py::arg("change"), py::arg("remaining_budget"), py::arg("seed"), py::call_guard<py::gil_scoped_release>());
}
