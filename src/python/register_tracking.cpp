// Pathways, budgets, trends and tracking.
#include <ghgtrack/pathway.hpp>
#include <ghgtrack/tracking.hpp>
#include <ghgtrack/trend.hpp>

#include <pybind11/eigen.h>
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <string>

#include "register.hpp"

namespace py = pybind11;
using ghgtrack::cumulative_convention;
using ghgtrack::pathway;
using ghgtrack::segment_shape;

namespace {

cumulative_convention convention(const std::string& s) {
  if (s == "annual_sum") return cumulative_convention::annual_sum;
  if (s == "trapezoid") return cumulative_convention::trapezoid;
  throw std::invalid_argument("ghgtrack: convention must be 'annual_sum' or 'trapezoid', not '" + s + "'");
}

segment_shape shape(const std::string& s) {
  if (s == "linear") return segment_shape::linear;
  if (s == "constant_rate") return segment_shape::constant_rate;
  if (s == "logistic" || s == "s_curve") return segment_shape::logistic;
  throw std::invalid_argument("ghgtrack: shape must be 'linear' or 'constant_rate', not '" + s + "'");
}

using years_in = py::array_t<double, py::array::c_style | py::array::forcecast>;

} // namespace

void register_tracking(py::module_& m) {
  py::class_<pathway>(m, "Pathway")
      .def_static("linear", &pathway::linear, py::arg("start_year"), py::arg("start_value"), py::arg("end_year"),
                  py::arg("end_value"))
      .def_static("constant_rate", &pathway::constant_rate, py::arg("start_year"), py::arg("start_value"),
                  py::arg("rate"))
      .def_static("constant_rate_to", &pathway::constant_rate_to, py::arg("start_year"), py::arg("start_value"),
                  py::arg("end_year"), py::arg("end_value"))
      .def_static("s_curve", &pathway::s_curve, py::arg("start_year"), py::arg("start_value"), py::arg("end_year"),
                  py::arg("end_value"), py::arg("midpoint") = py::none(), py::arg("steepness") = py::none())
      .def_static(
          "through",
          [](const std::vector<double>& years, const std::vector<double>& values, const std::string& s) {
            return pathway::through(years, values, shape(s));
          },
          py::arg("years"), py::arg("values"), py::arg("shape") = "linear")
      .def_static(
          "from_budget",
          [](double y0, double e0, double budget, std::optional<int> last, const std::string& conv) {
            return pathway::from_budget(y0, e0, budget, last, convention(conv));
          },
          py::arg("start_year"), py::arg("start_value"), py::arg("budget"), py::arg("last_year") = py::none(),
          py::arg("convention") = "annual_sum")
      .def_static("continued", &pathway::continued, py::arg("years"), py::arg("values"), py::arg("future"))
      .def("at", &pathway::at, py::arg("year"))
      .def(
          "evaluate",
          [](const pathway& p, const years_in& years) {
            py::array_t<double> out(std::vector<py::ssize_t>(years.shape(), years.shape() + years.ndim()));
            const double* in = years.data();
            double* o = out.mutable_data();
            const auto n = years.size();
            py::gil_scoped_release release;
            for (py::ssize_t i = 0; i < n; ++i) o[i] = p.at(in[i]);
            return out;
          },
          py::arg("years"))
      .def(
          "cumulative",
          [](const pathway& p, int first, int last, const std::string& conv) {
            return p.cumulative(first, last, convention(conv));
          },
          py::arg("first"), py::arg("last"), py::arg("convention") = "annual_sum")
      .def("year_reaching", &pathway::year_reaching, py::arg("level"))
      .def_property_readonly("start_year", &pathway::start_year)
      .def_property_readonly("start_value", &pathway::start_value)
      .def_property_readonly("tail_rate", &pathway::tail_rate)
      .def_property_readonly("anchors", [](const pathway& p) {
        std::vector<std::pair<double, double>> out;
        for (const auto& s : p.segments()) {
          if (out.empty()) out.emplace_back(s.t0, s.e0);
          out.emplace_back(s.t1, s.e1);
        }
        return out;
      });

  m.def("required_rate", &ghgtrack::required_rate, py::arg("start_year"), py::arg("start_value"),
        py::arg("end_year"), py::arg("end_value"));
  m.def(
      "rate_for_budget",
      [](double y0, double e0, double budget, std::optional<int> last, const std::string& conv) {
        return ghgtrack::rate_for_budget(y0, e0, budget, last, convention(conv));
      },
      py::arg("start_year"), py::arg("start_value"), py::arg("budget"), py::arg("last_year") = py::none(),
      py::arg("convention") = "annual_sum");
  m.def(
      "budget_of_rate",
      [](double y0, double e0, double rate, std::optional<int> last, const std::string& conv) {
        return ghgtrack::budget_of_rate(y0, e0, rate, last, convention(conv));
      },
      py::arg("start_year"), py::arg("start_value"), py::arg("rate"), py::arg("last_year") = py::none(),
      py::arg("convention") = "annual_sum");

  m.def(
      "evaluate_many",
      [](const std::string& kind, double y0, const std::vector<double>& start_values, double y1,
         const std::vector<double>& end_values, const years_in& years) {
        if (start_values.size() != end_values.size())
          throw std::invalid_argument("ghgtrack: evaluate_many: start and end values differ in length");
        const auto n = static_cast<py::ssize_t>(start_values.size());
        const auto n_years = years.size();
        py::array_t<double> out({n, static_cast<py::ssize_t>(n_years)});
        auto o = out.mutable_unchecked<2>();
        const double* ys = years.data();
        py::gil_scoped_release release;
        for (py::ssize_t i = 0; i < n; ++i) {
          const double e0 = start_values[static_cast<std::size_t>(i)], e1 = end_values[static_cast<std::size_t>(i)];
          pathway p;
          if (kind == "linear") p = pathway::linear(y0, e0, y1, e1);
          else if (kind == "constant_rate") p = pathway::constant_rate_to(y0, e0, y1, e1);
          else if (kind == "s_curve") p = pathway::s_curve(y0, e0, y1, e1);
          else if (kind == "budget") p = pathway::from_budget(y0, e0, e1); // end value = the budget
          else throw std::invalid_argument("ghgtrack: kind must be linear, constant_rate, s_curve or budget");
          for (py::ssize_t j = 0; j < n_years; ++j) o(i, j) = p.at(ys[j]);
        }
        return out;
      },
      py::arg("kind"), py::arg("start_year"), py::arg("start_values"), py::arg("end_year"), py::arg("end_values"),
      py::arg("years"));

  m.def(
      "track_batch",
      [](const std::vector<int>& years, const Eigen::Ref<const Eigen::ArrayXXd>& values, int base_year,
         const std::vector<std::pair<int, double>>& cuts, const std::string& shp, const std::string& conv,
         unsigned threads) {
        ghgtrack::tracking_options o;
        o.shape = shape(shp);
        o.convention = convention(conv);
        ghgtrack::batch_tracking r;
        {
          py::gil_scoped_release release;
          r = ghgtrack::track_batch(years, values, base_year, cuts, o, threads);
        }
        py::dict d;
        d["pathway"] = py::cast(r.pathway);
        d["gap"] = py::cast(r.gap);
        d["compound_rate"] = py::cast(r.compound_rate);
        d["fitted_rate"] = py::cast(r.fitted_rate);
        d["required_rate"] = py::cast(r.required_rate);
        d["year_reached"] = py::cast(r.year_reached);
        d["budget"] = py::cast(r.budget);
        d["spent"] = py::cast(r.spent);
        d["remaining"] = py::cast(r.remaining);
        d["run_out_year"] = py::cast(r.run_out_year);
        d["status"] = py::cast(r.status);
        return d;
      },
      py::arg("years"), py::arg("values"), py::arg("base_year"), py::arg("cuts"), py::arg("shape") = "linear",
      py::arg("convention") = "annual_sum", py::arg("threads") = 2);

  m.def(
      "fit_trend",
      [](const std::vector<double>& years, const std::vector<double>& values, bool log_scale, double level,
         const std::vector<double>& predict_years) {
        const auto f = ghgtrack::fit_trend(years, values, log_scale);
        py::dict d;
        d["slope"] = f.slope;
        d["slope_se"] = f.slope_se;
        d["intercept_at_mean"] = f.intercept;
        d["x_mean"] = f.x_mean;
        d["residual_sd"] = f.residual_sd;
        d["n"] = f.n;
        if (f.n >= 3) {
          const auto [lo, hi] = f.slope_interval(level);
          d["slope_lo"] = lo;
          d["slope_hi"] = hi;
        }
        std::vector<double> pred, plo, phi;
        for (double y : predict_years) {
          pred.push_back(f.predict(y));
          if (f.n >= 3) {
            const auto [a, b] = f.prediction_interval(y, level);
            plo.push_back(a);
            phi.push_back(b);
          }
        }
        d["predicted"] = pred;
        d["predicted_lo"] = plo;
        d["predicted_hi"] = phi;
        return d;
      },
      py::arg("years"), py::arg("values"), py::arg("log_scale"), py::arg("level") = 0.95,
      py::arg("predict_years") = std::vector<double>{});

  m.def(
      "track",
      [](const std::vector<int>& years, const std::vector<double>& values, int base_year, double base_value,
         const std::vector<std::pair<int, double>>& milestones, const std::string& shp, const std::string& conv,
         int nowcast_until, double level) {
        ghgtrack::target t;
        t.base_year = base_year;
        t.base_value = base_value;
        for (const auto& [y, l] : milestones) t.milestones.push_back({y, l});
        ghgtrack::tracking_options o;
        o.shape = shape(shp);
        o.convention = convention(conv);
        o.nowcast_until = nowcast_until;
        o.level = level;
        const auto r = ghgtrack::track(years, values, t, o);
        py::dict d;
        d["years"] = r.years;
        d["actual"] = r.actual;
        d["pathway"] = r.pathway_value;
        d["gap"] = r.gap;
        d["gap_pct"] = r.gap_pct;
        d["latest_year"] = r.latest_year;
        d["latest_value"] = r.latest_value;
        d["compound_rate"] = r.compound_rate;
        d["fitted_rate"] = r.fitted_rate;
        d["fitted_rate_lo"] = r.fitted_rate_lo;
        d["fitted_rate_hi"] = r.fitted_rate_hi;
        std::vector<std::pair<int, double>> up;
        for (const auto& mm : r.upcoming) up.emplace_back(mm.year, mm.level);
        d["upcoming"] = up;
        d["required_rates"] = r.required_rates;
        d["year_reached"] = r.year_reached;
        d["reached_in_time"] = r.reached_in_time;
        d["budget"] = r.budget;
        d["spent"] = r.spent;
        d["remaining"] = r.remaining;
        d["run_out_year"] = r.run_out_year;
        d["nowcast_years"] = r.nowcast_years;
        d["nowcast"] = r.nowcast;
        d["nowcast_lo"] = r.nowcast_lo;
        d["nowcast_hi"] = r.nowcast_hi;
        d["status"] = r.status;
        return d;
      },
      py::arg("years"), py::arg("values"), py::arg("base_year"), py::arg("base_value"), py::arg("milestones"),
      py::arg("shape") = "linear", py::arg("convention") = "annual_sum", py::arg("nowcast_until") = 0,
      py::arg("level") = 0.95);
}
