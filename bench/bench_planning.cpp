// Planning benchmarks (issue 9): 200 measures x 2,000 cells x 30 years,
// each cell shared by up to 20 measures (10 on average).
//  - BM_PlanningScenario: portfolio preparation + scenario evaluation
//    (with the overlap report);
//  - BM_PlanningScenarioAndShapley: the same plus exact attribution
//    (Shapley, alone, last in). Target: under 2 s on one core;
//  - BM_PlanningSampling/P: permutation sampling with P permutations. Its
//    counters give the mean relative standard error of the Shapley
//    estimates, and, extrapolated by SE ~ 1/sqrt(P), how many permutations
//    it would take (log10) to reach a relative standard error of 1e-6 and
//    the exact method's precision (efficiency error, ~1e-15).
#include <ghgtrack/attribution.hpp>
#include <ghgtrack/scenario.hpp>

#include <benchmark/benchmark.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <string>
#include <vector>

namespace {

struct planning_case {
  ghgtrack::inventory baseline;
  std::vector<ghgtrack::measure> measures;
};

const planning_case& big_case() {
  static const planning_case pc = [] {
    namespace u = ghgtrack::units;
    std::mt19937_64 rng(2030);
    std::uniform_real_distribution<double> U(0, 1);
    std::vector<ghgtrack::category> cats;
    for (int s = 0; s < 100; ++s)
      for (int k = 0; k < 20; ++k) {
        char sec[16], src[16];
        std::snprintf(sec, sizeof sec, "S%03d", s);
        std::snprintf(src, sizeof src, "k%02d", k);
        cats.push_back({sec, src});
      }
    std::vector<int> years;
    for (int y = 2021; y <= 2050; ++y) years.push_back(y);
    planning_case out{ghgtrack::inventory(cats, {ghgtrack::gas::co2}, years, ghgtrack::metric::ar5_gwp100), {}};
    for (Eigen::Index c = 0; c < out.baseline.n_categories(); ++c) {
      const double level = 1000.0 + 99000.0 * U(rng);
      for (Eigen::Index y = 0; y < out.baseline.n_years(); ++y)
        out.baseline.set(c, 0, y, level * std::pow(0.99, static_cast<double>(y)) * ghgtrack::units::tonne_co2e);
    }
    std::vector<int> load(cats.size(), 0);
    for (int i = 0; i < 200; ++i) {
      ghgtrack::measure m;
      m.id = "m" + std::to_string(i);
      m.status = ghgtrack::measure_status::adopted;
      std::vector<std::size_t> picked;
      while (picked.size() < 100) {
        const auto c = static_cast<std::size_t>(U(rng) * static_cast<double>(cats.size()));
        if (load[c] >= 20 || std::find(picked.begin(), picked.end(), c) != picked.end()) continue;
        picked.push_back(c);
        ++load[c];
      }
      std::sort(picked.begin(), picked.end());
      for (auto c : picked) m.scope.sources.push_back(cats[c]);
      m.effect = i % 2 ? ghgtrack::effect::cut(0.02 + 0.2 * U(rng))
                       : ghgtrack::effect::absolute((1e4 + 3e5 * U(rng)) * u::tonne_co2e);
      const int start = 2022 + static_cast<int>(U(rng) * 8);
      m.ramp = i % 3 ? ghgtrack::ramp::linear(start, start + 5) : ghgtrack::ramp::s_curve(start, start + 8);
      out.measures.push_back(std::move(m));
    }
    return out;
  }();
  return pc;
}

void BM_PlanningScenario(benchmark::State& state) {
  const auto& pc = big_case();
  for (auto _ : state) {
    auto r = ghgtrack::run_scenario(pc.baseline, pc.measures);
    benchmark::DoNotOptimize(r.reduction.data());
  }
}
BENCHMARK(BM_PlanningScenario)->Unit(benchmark::kMillisecond);

void BM_PlanningScenarioAndShapley(benchmark::State& state) {
  const auto& pc = big_case();
  double eff = 0;
  for (auto _ : state) {
    const ghgtrack::portfolio pf(pc.baseline, pc.measures);
    auto r = ghgtrack::run_scenario(pf);
    auto a = ghgtrack::attribute(pf, false, static_cast<unsigned>(state.range(0)));
    benchmark::DoNotOptimize(a.shapley.data());
    const Eigen::ArrayXd tot = r.total_reduction();
    eff = ((a.shapley.colwise().sum().transpose() - tot).abs() / tot.max(1e-300)).maxCoeff();
  }
  state.counters["efficiency_rel_err"] = eff;
}
BENCHMARK(BM_PlanningScenarioAndShapley)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_PlanningSampling(benchmark::State& state) {
  const auto& pc = big_case();
  const ghgtrack::portfolio pf(pc.baseline, pc.measures);
  const auto exact = ghgtrack::attribute(pf);
  const auto P = static_cast<std::size_t>(state.range(0));
  double rel_se = 0, rel_err = 0;
  for (auto _ : state) {
    auto s = ghgtrack::attribute_sampled(pf, P, 7);
    benchmark::DoNotOptimize(s.shapley.data());
    // Mean over measure-years with a share of at least 1 t.
    double se = 0, err = 0;
    int n = 0;
    for (Eigen::Index i = 0; i < s.shapley.rows(); ++i)
      for (Eigen::Index y = 0; y < s.shapley.cols(); ++y)
        if (exact.shapley(i, y) >= 1.0) {
          se += s.standard_error(i, y) / exact.shapley(i, y);
          err += std::abs(s.shapley(i, y) - exact.shapley(i, y)) / exact.shapley(i, y);
          ++n;
        }
    rel_se = se / n;
    rel_err = err / n;
  }
  state.counters["rel_se"] = rel_se;
  state.counters["rel_err_vs_exact"] = rel_err;
  const double p = static_cast<double>(P);
  // log10 of the permutations needed (the counts overflow the display's suffixes).
  state.counters["log10_perms_for_1e-6"] = std::log10(p * (rel_se / 1e-6) * (rel_se / 1e-6));
  state.counters["log10_perms_for_1e-15"] = std::log10(p * (rel_se / 1e-15) * (rel_se / 1e-15));
}
BENCHMARK(BM_PlanningSampling)->Arg(10)->Arg(100)->Unit(benchmark::kMillisecond)->Iterations(1);

} // namespace
