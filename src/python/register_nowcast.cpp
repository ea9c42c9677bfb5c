// The indicator nowcast (nowcast.hpp). Marshalling only: every rule (ratios,
// missing-year rule, fit, intervals, backtest, the counting-point index) is
// in nowcast.hpp.
#include <ghgtrack/nowcast.hpp>

#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <string>
#include <vector>

#include "register.hpp"

namespace py = pybind11;
using namespace ghgtrack::nowcast;

void register_nowcast(py::module_& m) {
  py::class_<indicator>(m, "NowcastIndicator", "One driver of a sector's emissions as year-on-year ratios")
      .def_static("from_changes", &indicator::from_changes, py::arg("name"), py::arg("source"), py::arg("years"),
                  py::arg("ratio"), py::arg("log_se") = std::vector<double>{},
                  py::arg("notes") = std::vector<std::string>{})
      .def_static("from_levels", &indicator::from_levels, py::arg("name"), py::arg("source"), py::arg("years"),
                  py::arg("levels"))
      .def_readonly("name", &indicator::name)
      .def_readonly("source", &indicator::source)
      .def_readonly("years", &indicator::years)
      .def_readonly("ratio", &indicator::ratio)
      .def_readonly("log_se", &indicator::log_se)
      .def_readonly("notes", &indicator::notes);

  py::class_<sector_model>(m, "NowcastSectorModel", "A sector nowcast from the product of its indicators' ratios")
      .def(py::init([](std::string sector, std::vector<indicator> drivers) {
             return sector_model{std::move(sector), std::move(drivers)};
           }),
           py::arg("sector"), py::arg("drivers"))
      .def_readonly("sector", &sector_model::sector)
      .def_readonly("drivers", &sector_model::drivers);

  py::class_<fit_info>(m, "NowcastFit", "The fit of one indicator sector (log scale)")
      .def_readonly("sector", &fit_info::sector)
      .def_readonly("years", &fit_info::years)
      .def_readonly("residual", &fit_info::residual)
      .def_readonly("bias", &fit_info::bias)
      .def_readonly("residual_sd", &fit_info::residual_sd)
      .def_readonly("n", &fit_info::n);

  py::class_<driver_use>(m, "NowcastDriverUse", "How one indicator moved a nowcast year from the base year")
      .def_readonly("name", &driver_use::name)
      .def_readonly("source", &driver_use::source)
      .def_readonly("ratio", &driver_use::ratio)
      .def_readonly("log_se", &driver_use::log_se)
      .def_readonly("notes", &driver_use::notes);

  py::class_<sector_nowcast>(m, "SectorNowcast", "One sector's nowcast (method 'indicator' or 'trend')")
      .def_readonly("sector", &sector_nowcast::sector)
      .def_readonly("method", &sector_nowcast::method)
      .def_readonly("years", &sector_nowcast::years)
      .def_readonly("value", &sector_nowcast::value)
      .def_readonly("lo", &sector_nowcast::lo)
      .def_readonly("hi", &sector_nowcast::hi)
      .def_readonly("drivers", &sector_nowcast::drivers);

  py::class_<result>(m, "NowcastResult", "An indicator nowcast (nowcast.hpp)")
      .def_readonly("base_year", &result::base_year)
      .def_readonly("base_total", &result::base_total)
      .def_readonly("level", &result::level)
      .def_readonly("years", &result::years)
      .def_readonly("sectors", &result::sectors)
      .def_readonly("total", &result::total)
      .def_readonly("total_lo", &result::total_lo)
      .def_readonly("total_hi", &result::total_hi)
      .def_readonly("fits", &result::fits)
      .def_readonly("form", &result::form);

  py::class_<backtest_row>(m, "NowcastBacktestRow", "One series in one backtest year")
      .def_readonly("year", &backtest_row::year)
      .def_readonly("base_year", &backtest_row::base_year)
      .def_readonly("series", &backtest_row::series)
      .def_readonly("actual", &backtest_row::actual)
      .def_readonly("indicator", &backtest_row::indicator)
      .def_readonly("indicator_lo", &backtest_row::indicator_lo)
      .def_readonly("indicator_hi", &backtest_row::indicator_hi)
      .def_readonly("trend", &backtest_row::trend)
      .def_readonly("trend_lo", &backtest_row::trend_lo)
      .def_readonly("trend_hi", &backtest_row::trend_hi)
      .def_property_readonly("indicator_error_pct", &backtest_row::indicator_error_pct)
      .def_property_readonly("trend_error_pct", &backtest_row::trend_error_pct);

  py::class_<backtest_summary>(m, "NowcastBacktestSummary", "Mean errors of one series over the backtest years")
      .def_readonly("series", &backtest_summary::series)
      .def_readonly("n", &backtest_summary::n)
      .def_readonly("indicator_mape", &backtest_summary::indicator_mape)
      .def_readonly("trend_mape", &backtest_summary::trend_mape)
      .def_readonly("indicator_bias_pct", &backtest_summary::indicator_bias_pct)
      .def_readonly("trend_bias_pct", &backtest_summary::trend_bias_pct)
      .def_readonly("indicator_covered", &backtest_summary::indicator_covered)
      .def_readonly("trend_covered", &backtest_summary::trend_covered);

  py::class_<backtest_result>(m, "NowcastBacktest", "A backtest of the indicator nowcast against the accounts")
      .def_readonly("horizon", &backtest_result::horizon)
      .def_readonly("rows", &backtest_result::rows)
      .def_readonly("summary", &backtest_result::summary);

  py::class_<point_index>(m, "PointIndex", "A year-on-year traffic index from counting points")
      .def_readonly("years", &point_index::years)
      .def_readonly("ratio", &point_index::ratio)
      .def_readonly("log_se", &point_index::log_se)
      .def_readonly("points", &point_index::points)
      .def_readonly("point_months", &point_index::point_months)
      .def_readonly("last_month", &point_index::last_month);

  auto make_accounts = [](std::vector<std::string> sectors, std::vector<int> years,
                          std::vector<std::vector<double>> t_co2e) {
    accounts a;
    a.sectors = std::move(sectors);
    a.years = std::move(years);
    a.t_co2e = std::move(t_co2e);
    return a;
  };
  m.def(
      "nowcast_run",
      [make_accounts](std::vector<std::string> sectors, std::vector<int> years, std::vector<std::vector<double>> t_co2e,
                      const std::vector<sector_model>& models, int until, double level, bool fit_bias,
                      int first_fit_year, int trend_years) {
        const accounts a = make_accounts(std::move(sectors), std::move(years), std::move(t_co2e));
        py::gil_scoped_release release;
        return run(a, models, until, options{level, fit_bias, first_fit_year, trend_years});
      },
      py::arg("sectors"), py::arg("years"), py::arg("t_co2e"), py::arg("models"), py::arg("until"),
      py::arg("level") = 0.95, py::arg("fit_bias") = true, py::arg("first_fit_year") = 0, py::arg("trend_years") = 0,
      "Nowcasts the years after the accounts up to `until` (nowcast.hpp run)");
  m.def(
      "nowcast_backtest",
      [make_accounts](std::vector<std::string> sectors, std::vector<int> years, std::vector<std::vector<double>> t_co2e,
                      const std::vector<sector_model>& models, int first, int last, int horizon, double level,
                      bool fit_bias, int first_fit_year, int trend_years) {
        const accounts a = make_accounts(std::move(sectors), std::move(years), std::move(t_co2e));
        py::gil_scoped_release release;
        return backtest(a, models, first, last, horizon, options{level, fit_bias, first_fit_year, trend_years});
      },
      py::arg("sectors"), py::arg("years"), py::arg("t_co2e"), py::arg("models"), py::arg("first"), py::arg("last"),
      py::arg("horizon") = 1, py::arg("level") = 0.95, py::arg("fit_bias") = true, py::arg("first_fit_year") = 0,
      py::arg("trend_years") = 0, "Backtests the nowcast on the years first..last (nowcast.hpp backtest)");
  m.def("traffic_index_from_points", &traffic_index_from_points, py::arg("point"), py::arg("year"), py::arg("month"),
        py::arg("mdt"), py::arg("coverage"), py::arg("min_coverage") = 50.0, py::call_guard<py::gil_scoped_release>(),
        "A year-on-year traffic index from counting points (nowcast.hpp)");
}
