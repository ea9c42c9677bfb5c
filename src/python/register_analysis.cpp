// LMDI decomposition and uncertainty (IPCC Approach 1, Monte Carlo).
#include <ghgtrack/lmdi.hpp>
#include <ghgtrack/monte_carlo.hpp>
#include <ghgtrack/uncertainty.hpp>

#include <pybind11/eigen.h>
#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <string>
#include <vector>

#include "register.hpp"

namespace py = pybind11;

namespace {

ghgtrack::distribution dist(const std::string& s) {
  if (s == "normal") return ghgtrack::distribution::normal;
  if (s == "lognormal") return ghgtrack::distribution::lognormal;
  if (s == "triangular") return ghgtrack::distribution::triangular;
  if (s == "uniform") return ghgtrack::distribution::uniform;
  throw std::invalid_argument("ghgtrack: distribution must be normal, lognormal, triangular or uniform, not '" + s + "'");
}

py::dict to_dict(const ghgtrack::lmdi_result& r) {
  py::dict d;
  d["v0"] = r.v0;
  d["vt"] = r.vt;
  d["additive"] = py::cast(r.additive);
  d["multiplicative"] = py::cast(r.multiplicative);
  d["by_category"] = py::cast(r.additive_by_category);
  return d;
}

// A Monte Carlo run that Python drives block by block (progress bar,
// Ctrl-C between blocks). The results are the same as one monte_carlo().
class mc_run {
public:
  mc_run(std::vector<ghgtrack::mc_category> cats, const Eigen::MatrixXd& corr, ghgtrack::mc_options opt)
      : cats_(std::move(cats)), chol_(ghgtrack::monte_carlo_prepare(cats_, corr)), opt_(opt) {
    if (opt_.iterations == 0 || opt_.block == 0) throw std::invalid_argument("ghgtrack: monte_carlo: no iterations");
    res_.base.resize(static_cast<Eigen::Index>(opt_.iterations));
    res_.latest.resize(static_cast<Eigen::Index>(opt_.iterations));
  }
  std::size_t n_blocks() const { return (opt_.iterations + opt_.block - 1) / opt_.block; }
  void run(std::size_t first, std::size_t count) {
    py::gil_scoped_release release;
    ghgtrack::monte_carlo_blocks(cats_, chol_.size() ? &chol_ : nullptr, opt_, first, count, res_);
  }
  const ghgtrack::mc_result& result() const { return res_; }

private:
  std::vector<ghgtrack::mc_category> cats_;
  Eigen::MatrixXd chol_;
  ghgtrack::mc_options opt_;
  ghgtrack::mc_result res_;
};

} // namespace

void register_analysis(py::module_& m) {
  m.def(
      "lmdi",
      [](const Eigen::Ref<const Eigen::ArrayXXd>& x0, const Eigen::Ref<const Eigen::ArrayXXd>& xt, bool by_category,
         unsigned threads) {
        ghgtrack::lmdi_result r;
        {
          py::gil_scoped_release release;
          r = ghgtrack::lmdi(x0, xt, by_category, threads);
        }
        return to_dict(r);
      },
      py::arg("start"), py::arg("end"), py::arg("by_category") = true, py::arg("threads") = 2);

  m.def(
      "approach1",
      [](const std::vector<double>& base, const std::vector<double>& latest, const std::vector<double>& ad,
         const std::vector<double>& ef) {
        if (latest.size() != base.size() || ad.size() != base.size() || ef.size() != base.size())
          throw std::invalid_argument("ghgtrack: approach1: columns of different lengths");
        std::vector<ghgtrack::approach1_row> rows;
        for (std::size_t i = 0; i < base.size(); ++i) rows.push_back({base[i], latest[i], ad[i], ef[i]});
        const auto r = ghgtrack::approach1(rows);
        py::dict d;
        d["base_total"] = r.base_total;
        d["latest_total"] = r.latest_total;
        d["uncertainty_pct"] = r.uncertainty_pct;
        d["trend_pct"] = r.trend_pct;
        d["trend_uncertainty_pct"] = r.trend_uncertainty_pct;
        d["combined_pct"] = r.combined_pct;
        d["variance_share"] = r.variance_share;
        d["type_a"] = r.type_a;
        d["type_b"] = r.type_b;
        d["trend_from_ef"] = r.trend_from_ef;
        d["trend_from_ad"] = r.trend_from_ad;
        d["trend_variance"] = r.trend_variance;
        return d;
      },
      py::arg("base"), py::arg("latest"), py::arg("ad_pct"), py::arg("ef_pct"));

  m.def("product_rule", &ghgtrack::product_rule, py::arg("uncertainties_pct"));
  m.def("sum_rule", &ghgtrack::sum_rule, py::arg("values"), py::arg("uncertainties_pct"));

  py::class_<mc_run>(m, "MonteCarloRun")
      .def(py::init([](const std::vector<double>& base, const std::vector<double>& latest,
                       const std::vector<double>& ad_u, const std::vector<double>& ef_u,
                       const std::vector<std::string>& ad_d, const std::vector<std::string>& ef_d,
                       const Eigen::MatrixXd& corr, std::uint64_t seed, std::size_t iterations, unsigned threads,
                       std::size_t block) {
             const auto n = base.size();
             if (latest.size() != n || ad_u.size() != n || ef_u.size() != n || ad_d.size() != n || ef_d.size() != n)
               throw std::invalid_argument("ghgtrack: monte_carlo: columns of different lengths");
             std::vector<ghgtrack::mc_category> cats;
             for (std::size_t i = 0; i < n; ++i)
               cats.push_back({base[i], latest[i], ad_u[i], ef_u[i], dist(ad_d[i]), dist(ef_d[i])});
             ghgtrack::mc_options o;
             o.seed = seed;
             o.iterations = iterations;
             o.threads = threads;
             o.block = block;
             return std::make_unique<mc_run>(std::move(cats), corr, o);
           }),
           py::arg("base"), py::arg("latest"), py::arg("ad_uncertainty"), py::arg("ef_uncertainty"),
           py::arg("ad_distribution"), py::arg("ef_distribution"), py::arg("correlation"), py::arg("seed"),
           py::arg("iterations"), py::arg("threads"), py::arg("block"))
      .def_property_readonly("n_blocks", &mc_run::n_blocks)
      .def("run", &mc_run::run, py::arg("first_block"), py::arg("count"))
      .def_property_readonly("base", [](const mc_run& r) { return py::cast(r.result().base); })
      .def_property_readonly("latest", [](const mc_run& r) { return py::cast(r.result().latest); })
      .def(
          "target_probability",
          [](const mc_run& r, double base_point, int latest_year, int target_year, double cut, double slope,
             double slope_se, double residual_sd, double remaining_budget, std::uint64_t seed) {
            const auto o = ghgtrack::target_probability(r.result(), base_point, latest_year, target_year, cut, slope,
                                                        slope_se, residual_sd, remaining_budget, seed);
            py::dict d;
            d["target_year_emissions"] = py::cast(o.target_year_emissions);
            d["probability_met"] = o.probability_met;
            d["probability_budget"] = o.probability_budget;
            return d;
          },
          py::arg("base_point"), py::arg("latest_year"), py::arg("target_year"), py::arg("cut"), py::arg("slope"),
          py::arg("slope_se"), py::arg("residual_sd"), py::arg("remaining_budget"), py::arg("seed"));
}
