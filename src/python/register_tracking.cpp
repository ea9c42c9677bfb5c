// Pathways, budgets, targets, trends and tracking: marshalling only. Doubles
// from Python are t CO2e and become units::co2e here; enums and their names
// come from C++ (parse_* / name()).
#include <ghgtrack/pathway.hpp>
#include <ghgtrack/series.hpp>
#include <ghgtrack/target.hpp>
#include <ghgtrack/tracking.hpp>
#include <ghgtrack/tracking_batch.hpp>
#include <ghgtrack/trend.hpp>

#include <pybind11/eigen.h>
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <cstdint>
#include <string>

#include "register.hpp"

namespace py = pybind11;
using namespace ghgtrack;

namespace {

units::co2e tq(double v) { return units::co2e::from_value(v); }
std::optional<units::co2e> tq(std::optional<double> v) {
  if (!v) return std::nullopt;
  return tq(*v);
}

using years_in = py::array_t<double, py::array::c_style | py::array::forcecast>;

template <class E>
void text_enum(py::enum_<E>& e, E (*parse)(std::string_view)) {
  e.def(py::init([parse](const std::string& s) { return parse(s); }), py::arg("name"));
  e.def("__str__", [](E v) { return std::string(name(v)); });
  py::implicitly_convertible<py::str, E>();
}

py::dict fit_dict(const trend_fit& f, double level) {
  py::dict d;
  d["log_scale"] = f.log_scale;
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
  return d;
}

std::vector<std::pair<int, double>> milestone_pairs(const std::vector<milestone>& ms) {
  std::vector<std::pair<int, double>> out;
  for (const auto& m : ms) out.emplace_back(m.year, m.level.value());
  return out;
}

} // namespace

void register_tracking(py::module_& m) {
  // -- enums -------------------------------------------------------------------
  py::enum_<segment_shape> shape(m, "SegmentShape");
  shape.value("linear", segment_shape::linear)
      .value("constant_rate", segment_shape::constant_rate)
      .value("logistic", segment_shape::logistic);
  text_enum(shape, &parse_segment_shape);
  py::enum_<cumulative_convention> conv(m, "CumulativeConvention");
  conv.value("annual_sum", cumulative_convention::annual_sum).value("trapezoid", cumulative_convention::trapezoid);
  text_enum(conv, &parse_cumulative_convention);
  py::enum_<series_fill> fill(m, "SeriesFill");
  fill.value("none", series_fill::none).value("hold", series_fill::hold).value("trend", series_fill::trend);
  text_enum(fill, &parse_series_fill);
  py::enum_<target_kind> kind(m, "TargetKind");
  kind.value("absolute", target_kind::absolute)
      .value("per_capita", target_kind::per_capita)
      .value("intensity", target_kind::intensity)
      .value("net_zero", target_kind::net_zero);
  text_enum(kind, &parse_target_kind);
  py::enum_<pathway_family> family(m, "PathwayFamily");
  family.value("linear", pathway_family::linear)
      .value("constant_rate", pathway_family::constant_rate)
      .value("s_curve", pathway_family::s_curve)
      .value("budget", pathway_family::budget);
  text_enum(family, &parse_pathway_family);
  py::enum_<tracking_status>(m, "Status")
      .value("on_track", tracking_status::on_track)
      .value("at_risk", tracking_status::at_risk)
      .value("off_track", tracking_status::off_track)
      .def("__str__", [](tracking_status s) { return std::string(name(s)); });
  py::enum_<run_out_state>(m, "RunOutState")
      .value("runs_out", run_out_state::runs_out)
      .value("never", run_out_state::never)
      .value("overspent", run_out_state::overspent)
      .value("no_trend", run_out_state::no_trend)
      .def("__str__", [](run_out_state s) { return std::string(name(s)); });
  py::class_<budget_run_out>(m, "BudgetRunOut")
      .def_readonly("state", &budget_run_out::state)
      .def_readonly("year", &budget_run_out::year)
      .def("__repr__", [](const budget_run_out& r) {
        return std::string("<BudgetRunOut ") + name(r.state) + (r.year ? " " + std::to_string(r.year) : "") + ">";
      });
  m.def("whole_year", &whole_year, py::arg("year"));
  m.def("parse_change", &parse_change, py::arg("text"),
        "A signed change as a user writes it ('-67%', '-0.67', '+5%') as a fraction; ArgumentError otherwise");
  m.def("check_change", &check_change, py::arg("change"),
        "A signed change as a fraction (-0.67 is a 67 % cut); ArgumentError for |change| > 1 with how to write it");

  // -- pathways ----------------------------------------------------------------
  py::class_<pathway>(m, "Pathway")
      .def_static(
          "linear", [](double y0, double e0, double y1, double e1) { return pathway::linear(y0, tq(e0), y1, tq(e1)); },
          py::arg("start_year"), py::arg("start_value"), py::arg("end_year"), py::arg("end_value"))
      .def_static(
          "constant_rate", [](double y0, double e0, double rate) { return pathway::constant_rate(y0, tq(e0), rate); },
          py::arg("start_year"), py::arg("start_value"), py::arg("rate"))
      .def_static(
          "constant_rate_to",
          [](double y0, double e0, double y1, double e1) { return pathway::constant_rate_to(y0, tq(e0), y1, tq(e1)); },
          py::arg("start_year"), py::arg("start_value"), py::arg("end_year"), py::arg("end_value"))
      .def_static(
          "s_curve",
          [](double y0, double e0, double y1, double e1, std::optional<double> mid, std::optional<double> k) {
            return pathway::s_curve(y0, tq(e0), y1, tq(e1), mid, k);
          },
          py::arg("start_year"), py::arg("start_value"), py::arg("end_year"), py::arg("end_value"),
          py::arg("midpoint") = py::none(), py::arg("steepness") = py::none())
      .def_static("through", &pathway::through, py::arg("years"), py::arg("values"),
                  py::arg("shape") = segment_shape::linear)
      .def_static(
          "from_budget",
          [](double y0, double e0, double budget, std::optional<int> last, cumulative_convention c) {
            return pathway::from_budget(y0, tq(e0), tq(budget), last, c);
          },
          py::arg("start_year"), py::arg("start_value"), py::arg("budget"), py::arg("last_year") = py::none(),
          py::arg("convention") = cumulative_convention::annual_sum)
      .def_static("continued", &pathway::continued, py::arg("years"), py::arg("values"), py::arg("future"))
      .def("at", &pathway::at, py::arg("year"))
      .def(
          "evaluate",
          [](const pathway& p, const years_in& years) {
            std::vector<double> in(years.data(), years.data() + years.size());
            {
              py::gil_scoped_release release;
              in = p(in);
            }
            py::array_t<double> out(std::vector<py::ssize_t>(years.shape(), years.shape() + years.ndim()));
            std::copy(in.begin(), in.end(), out.mutable_data());
            return out;
          },
          py::arg("years"))
      .def("cumulative", &pathway::cumulative_t, py::arg("first"), py::arg("last"),
           py::arg("convention") = cumulative_convention::annual_sum)
      .def(
          "year_reaching", [](const pathway& p, double level) { return p.year_reaching(tq(level)); }, py::arg("level"))
      .def_property_readonly("start_year", &pathway::start_year)
      .def_property_readonly("start_value", [](const pathway& p) { return p.start_value().value(); })
      .def_property_readonly("tail_rate", &pathway::tail_rate)
      .def_property_readonly("anchors", &pathway::anchors);

  m.def(
      "required_rate", [](double y0, double e0, double y1, double e1) { return required_rate(y0, tq(e0), y1, tq(e1)); },
      py::arg("start_year"), py::arg("start_value"), py::arg("end_year"), py::arg("end_value"));
  m.def(
      "rate_for_budget",
      [](double y0, double e0, double budget, std::optional<int> last, cumulative_convention c) {
        return rate_for_budget(y0, tq(e0), tq(budget), last, c);
      },
      py::arg("start_year"), py::arg("start_value"), py::arg("budget"), py::arg("last_year") = py::none(),
      py::arg("convention") = cumulative_convention::annual_sum);
  m.def(
      "budget_of_rate",
      [](double y0, double e0, double rate, std::optional<int> last, cumulative_convention c) {
        return budget_of_rate(y0, tq(e0), rate, last, c).value();
      },
      py::arg("start_year"), py::arg("start_value"), py::arg("rate"), py::arg("last_year") = py::none(),
      py::arg("convention") = cumulative_convention::annual_sum);
  m.def("annual_rate", &annual_rate, py::arg("start_year"), py::arg("start_value"), py::arg("end_year"),
        py::arg("end_value"));
  m.def("interpolate", &interpolate, py::arg("years"), py::arg("values"), py::arg("at"),
        py::arg("fill") = series_fill::none);
  m.def(
      "evaluate_many",
      [](pathway_family f, double y0, const Eigen::Ref<const Eigen::ArrayXd>& starts, double y1,
         const Eigen::Ref<const Eigen::ArrayXd>& ends, const Eigen::Ref<const Eigen::ArrayXd>& years,
         unsigned threads) {
        py::gil_scoped_release release; // float64 numpy arrays are read in place
        return evaluate_many(f, y0, starts, y1, ends, years, threads);
      },
      py::arg("kind"), py::arg("start_year"), py::arg("start_values"), py::arg("end_year"), py::arg("end_values"),
      py::arg("years"), py::arg("threads") = 1u);

  // -- targets -----------------------------------------------------------------
  py::class_<target>(m, "Target")
      .def(py::init([](std::optional<int> base_year, std::optional<double> base_value, target_kind k,
                       const std::string& sector, const std::string& name) {
             target t;
             t.base_year = base_year;
             t.base_value = tq(base_value);
             t.kind = k;
             t.sector = sector;
             t.name = name;
             return t;
           }),
           py::kw_only(), py::arg("base_year") = py::none(), py::arg("base_value") = py::none(),
           py::arg("kind") = target_kind::absolute, py::arg("sector") = "", py::arg("name") = "")
      .def("add_change", py::overload_cast<int, double>(&target::add_change), py::arg("year"), py::arg("change"),
           py::return_value_policy::reference_internal)
      .def("add_change", py::overload_cast<int, std::string_view>(&target::add_change), py::arg("year"),
           py::arg("change"), py::return_value_policy::reference_internal)
      .def("add_cut", py::overload_cast<int, double>(&target::add_cut), py::arg("year"), py::arg("cut"),
           py::return_value_policy::reference_internal)
      .def("add_cut", py::overload_cast<int, std::string_view>(&target::add_cut), py::arg("year"), py::arg("cut"),
           py::return_value_policy::reference_internal)
      .def(
          "add_level", [](target& t, int year, double level) -> target& { return t.add_level(year, tq(level)); },
          py::arg("year"), py::arg("level"), py::return_value_policy::reference_internal)
      .def("validate", &target::validate)
      .def_static(
          "parse",
          [](const std::string& text, int base_year, std::optional<double> base) {
            return target::parse(text, base_year, tq(base));
          },
          py::arg("text"), py::arg("base_year"), py::arg("base_value") = py::none())
      .def_static(
          "net_zero",
          [](int year, double removals, std::optional<double> residual, std::optional<int> base_year) {
            return target::net_zero(year, tq(removals), tq(residual), base_year);
          },
          py::arg("year"), py::arg("removals"), py::arg("residual") = py::none(), py::arg("base_year") = py::none())
      .def_property(
          "base_year", [](const target& t) { return t.base_year; },
          [](target& t, std::optional<int> y) { t.base_year = y; })
      .def_property(
          "base_value",
          [](const target& t) -> std::optional<double> {
            if (!t.base_value) return std::nullopt;
            return t.base_value->value();
          },
          [](target& t, std::optional<double> v) { t.base_value = tq(v); })
      .def_readwrite("kind", &target::kind)
      .def_readwrite("sector", &target::sector)
      .def_readwrite("name", &target::name)
      .def_property_readonly("goals",
                             [](const target& t) {
                               py::list out;
                               for (const auto& g : t.goals)
                                 out.append(py::make_tuple(g.year, g.is_level,
                                                           g.is_level ? py::none() : py::cast(g.change),
                                                           g.is_level ? py::cast(g.level.value()) : py::none()));
                               return out;
                             })
      .def_property_readonly("years", &target::years)
      .def_property_readonly("final_year", &target::final_year)
      .def_property_readonly("relative", &target::relative)
      .def(
          "milestones",
          [](const target& t, double base_in_terms, const std::vector<std::pair<int, double>>& scale) {
            return milestone_pairs(t.milestones(tq(base_in_terms), scale));
          },
          py::arg("base_value"), py::arg("scale") = std::vector<std::pair<int, double>>{})
      .def("describe", &target::describe)
      .def("__str__", &target::describe)
      .def("__repr__", [](const target& t) { return "<ghgtrack._core.Target " + t.describe() + ">"; });

  // -- trends ------------------------------------------------------------------
  py::class_<trend_fit>(m, "TrendFit")
      .def_readonly("log_scale", &trend_fit::log_scale)
      .def_readonly("intercept", &trend_fit::intercept)
      .def_readonly("slope", &trend_fit::slope)
      .def_readonly("slope_se", &trend_fit::slope_se)
      .def_readonly("residual_sd", &trend_fit::residual_sd)
      .def_readonly("x_mean", &trend_fit::x_mean)
      .def_readonly("sxx", &trend_fit::sxx)
      .def_readonly("n", &trend_fit::n)
      .def("t_quantile", &trend_fit::t_quantile, py::arg("level"))
      .def("predict", &trend_fit::predict, py::arg("year"))
      .def("prediction_interval", &trend_fit::prediction_interval, py::arg("year"), py::arg("level") = 0.95)
      .def("slope_interval", &trend_fit::slope_interval, py::arg("level") = 0.95)
      .def("rate", &trend_fit::rate)
      .def("rate_interval", &trend_fit::rate_interval, py::arg("level") = 0.95)
      .def("year_reaching", &trend_fit::year_reaching, py::arg("level"))
      .def(
          "predict_many",
          [](const trend_fit& f, const std::vector<double>& years, double level) {
            const auto p = f.predict_many(years, level);
            py::dict d;
            d["year"] = p.years;
            d["value"] = p.value;
            d["low"] = p.lo;
            d["high"] = p.hi;
            return d;
          },
          py::arg("years"), py::arg("level") = 0.95)
      .def("to_dict", &fit_dict, py::arg("level") = 0.95)
      .def(
          "to_frame",
          [](const trend_fit& f, const std::vector<double>& years, double level) {
            const auto p = f.predict_many(years, level);
            py::dict cols;
            cols["value"] = p.value;
            if (f.n >= 3) {
              cols["low"] = p.lo;
              cols["high"] = p.hi;
            }
            const auto pd = py::module_::import("pandas");
            return pd.attr("DataFrame")(cols, py::arg("index") = pd.attr("Index")(p.years, py::arg("name") = "year"));
          },
          py::arg("years"), py::arg("level") = 0.95)
      // Compatibility with the dict fit_trend() returned before 0.2 (f["slope"]).
      .def("__getitem__",
           [](const trend_fit& f, const std::string& key) {
             const py::dict d = fit_dict(f, 0.95);
             return py::object(d[py::str(key)]);
           })
      .def("__repr__", [](const trend_fit& f) {
        return std::string("<ghgtrack.TrendFit ") + (f.log_scale ? "log-linear" : "linear") +
               " slope=" + std::to_string(f.slope) + " n=" + std::to_string(f.n) + ">";
      });
  m.def(
      "fit_trend",
      [](const std::vector<double>& years, const std::vector<double>& values, bool log_scale, double,
         const std::vector<double>&) { return fit_trend(years, values, log_scale); },
      py::arg("years"), py::arg("values"), py::arg("log_scale"), py::arg("level") = 0.95,
      py::arg("predict_years") = std::vector<double>{});

  // -- tracking ----------------------------------------------------------------
  py::class_<tracking_result>(m, "TrackingResult")
      .def_readonly("base_year", &tracking_result::base_year)
      .def_property_readonly("base_value", [](const tracking_result& r) { return r.base_value.value(); })
      .def_property_readonly("milestones", [](const tracking_result& r) { return milestone_pairs(r.milestones); })
      .def_readonly("pathway", &tracking_result::path)
      .def_readonly("fit", &tracking_result::fit)
      .def_readonly("years", &tracking_result::years)
      .def_readonly("actual", &tracking_result::actual)
      .def_readonly("pathway_value", &tracking_result::pathway_value)
      .def_readonly("gap", &tracking_result::gap)
      .def_readonly("gap_pct", &tracking_result::gap_pct)
      .def_readonly("latest_year", &tracking_result::latest_year)
      .def_readonly("latest_value", &tracking_result::latest_value)
      .def_readonly("compound_rate", &tracking_result::compound_rate)
      .def_readonly("fitted_rate", &tracking_result::fitted_rate)
      .def_readonly("fitted_rate_lo", &tracking_result::fitted_rate_lo)
      .def_readonly("fitted_rate_hi", &tracking_result::fitted_rate_hi)
      .def_property_readonly("upcoming", [](const tracking_result& r) { return milestone_pairs(r.upcoming); })
      .def_readonly("required_rates", &tracking_result::required_rates)
      .def_readonly("year_reached", &tracking_result::year_reached)
      .def_readonly("year_reached_whole", &tracking_result::year_reached_whole)
      .def_readonly("reached_in_time", &tracking_result::reached_in_time)
      .def_property_readonly("budget", [](const tracking_result& r) { return r.budget.value(); })
      .def_property_readonly("spent", [](const tracking_result& r) { return r.spent.value(); })
      .def_property_readonly("remaining", [](const tracking_result& r) { return r.remaining.value(); })
      .def_readonly("interpolated_years", &tracking_result::interpolated_years)
      .def_readonly("run_out", &tracking_result::run_out)
      .def_readonly("nowcast_years", &tracking_result::nowcast_years)
      .def_readonly("nowcast", &tracking_result::nowcast)
      .def_readonly("nowcast_lo", &tracking_result::nowcast_lo)
      .def_readonly("nowcast_hi", &tracking_result::nowcast_hi)
      .def_readonly("status", &tracking_result::status)
      .def_readonly("projected_years", &tracking_result::projected_years)
      .def_readonly("projected", &tracking_result::projected)
      .def_readonly("projected_pathway", &tracking_result::projected_pathway)
      .def_readonly("projected_gap", &tracking_result::projected_gap)
      .def_readonly("projected_year_met", &tracking_result::projected_year_met)
      .def_readonly("projected_gap_in_target_year", &tracking_result::projected_gap_in_target_year)
      .def("to_frame",
           [](const tracking_result& r) {
             py::dict cols;
             cols["actual"] = r.actual;
             cols["pathway"] = r.pathway_value;
             cols["gap_tonnes"] = r.gap;
             cols["gap_pct"] = r.gap_pct;
             const auto pd = py::module_::import("pandas");
             return pd.attr("DataFrame")(cols, py::arg("index") = pd.attr("Index")(r.years, py::arg("name") = "year"));
           })
      .def("to_dict", [](const tracking_result& r) {
        py::dict d;
        d["status"] = std::string(name(r.status));
        d["base_year"] = r.base_year;
        d["base_tonnes_co2e"] = r.base_value.value();
        d["milestones"] = milestone_pairs(r.milestones);
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
        d["upcoming"] = milestone_pairs(r.upcoming);
        d["required_rates"] = r.required_rates;
        d["year_reached"] = r.year_reached;
        d["year_reached_whole"] = r.year_reached_whole;
        d["reached_in_time"] = r.reached_in_time;
        d["budget"] = r.budget.value();
        d["spent"] = r.spent.value();
        d["remaining"] = r.remaining.value();
        d["interpolated_years"] = r.interpolated_years;
        d["run_out"] = std::string(name(r.run_out.state));
        d["run_out_year"] = r.run_out.year;
        d["nowcast_years"] = r.nowcast_years;
        d["nowcast"] = r.nowcast;
        d["nowcast_lo"] = r.nowcast_lo;
        d["nowcast_hi"] = r.nowcast_hi;
        d["projected_years"] = r.projected_years;
        d["projected"] = r.projected;
        d["projected_pathway"] = r.projected_pathway;
        d["projected_gap"] = r.projected_gap;
        d["projected_year_met"] = r.projected_year_met;
        d["projected_gap_in_target_year"] = r.projected_gap_in_target_year;
        return d;
      });
  m.def(
      "track",
      [](const std::vector<int>& years, const std::vector<double>& values, const target& t, segment_shape s,
         cumulative_convention c, int nowcast_until, double level, const std::vector<std::pair<int, double>>& scale,
         std::optional<int> last_actual_year) {
        tracking_options o;
        o.shape = s;
        o.convention = c;
        o.nowcast_until = nowcast_until;
        o.level = level;
        o.scale = scale;
        o.last_actual_year = last_actual_year;
        py::gil_scoped_release release;
        return track(years, values, t, o);
      },
      py::arg("years"), py::arg("values"), py::arg("target"), py::arg("shape") = segment_shape::linear,
      py::arg("convention") = cumulative_convention::annual_sum, py::arg("nowcast_until") = 0, py::arg("level") = 0.95,
      py::arg("scale") = std::vector<std::pair<int, double>>{}, py::arg("last_actual_year") = std::nullopt);

  py::class_<batch_tracking>(m, "BatchTracking")
      .def_readonly("pathway", &batch_tracking::pathway)
      .def_readonly("gap", &batch_tracking::gap)
      .def_readonly("compound_rate", &batch_tracking::compound_rate)
      .def_readonly("fitted_rate", &batch_tracking::fitted_rate)
      .def_readonly("required_rate", &batch_tracking::required_rate)
      .def_readonly("year_reached", &batch_tracking::year_reached)
      .def_readonly("budget", &batch_tracking::budget)
      .def_readonly("spent", &batch_tracking::spent)
      .def_readonly("remaining", &batch_tracking::remaining)
      .def_readonly("run_out_year", &batch_tracking::run_out_year)
      .def_readonly("status", &batch_tracking::status)
      .def_readonly("run_out", &batch_tracking::run_out)
      // The same as int8 arrays of the enums' values (no Python object per series).
      .def_property_readonly("status_code",
                             [](const batch_tracking& r) {
                               py::array_t<std::int8_t> a(static_cast<py::ssize_t>(r.status.size()));
                               auto* p = a.mutable_data();
                               for (std::size_t i = 0; i < r.status.size(); ++i)
                                 p[i] = static_cast<std::int8_t>(r.status[i]);
                               return a;
                             })
      .def_property_readonly("run_out_code", [](const batch_tracking& r) {
        py::array_t<std::int8_t> a(static_cast<py::ssize_t>(r.run_out.size()));
        auto* p = a.mutable_data();
        for (std::size_t i = 0; i < r.run_out.size(); ++i) p[i] = static_cast<std::int8_t>(r.run_out[i]);
        return a;
      });
  m.def(
      "track_batch",
      [](const std::vector<int>& years, const Eigen::Ref<const Eigen::ArrayXXd>& values, const target& t,
         segment_shape s, cumulative_convention c, unsigned threads) {
        tracking_options o;
        o.shape = s;
        o.convention = c;
        py::gil_scoped_release release;
        return track_batch(years, values, t, o, threads);
      },
      py::arg("years"), py::arg("values"), py::arg("target"), py::arg("shape") = segment_shape::linear,
      py::arg("convention") = cumulative_convention::annual_sum, py::arg("threads") = 1u);
}
