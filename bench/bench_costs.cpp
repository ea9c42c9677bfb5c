// Cost benchmarks (issue 10).
//  - BM_MacCurve/variant: MAC curve of 1,000 measures on 500 cells x 30
//    years (sectors of 10 sources; each measure acts on 1-3 sectors, so
//    about 40 measures share a cell); costs as NOK/t ranges. Target: under
//    100 ms.
//  - BM_PortfolioCuts: one round of the cutting-plane loop over 100
//    measures x 30 years with overlap (exact check with run_scenario for a
//    selection, then the two cuts of every violated row, 30 annual caps).
//    The whole choice with HiGHS is timed in bench_costs.py.
#include <ghgtrack/mac.hpp>
#include <ghgtrack/portfolio.hpp>

#include <benchmark/benchmark.h>

#include <cstdio>
#include <random>
#include <string>
#include <vector>

namespace {

struct cost_case {
  ghgtrack::inventory baseline;
  std::vector<ghgtrack::measure> measures;
};

cost_case make_case(int n_measures, int n_sectors, unsigned seed) {
  namespace u = ghgtrack::units;
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> U(0, 1);
  std::vector<ghgtrack::category> cats;
  std::vector<std::string> sectors;
  for (int s = 0; s < n_sectors; ++s) {
    char sec[16];
    std::snprintf(sec, sizeof sec, "S%03d", s);
    sectors.emplace_back(sec);
    for (int k = 0; k < 10; ++k) cats.push_back({sec, "k" + std::to_string(k)});
  }
  std::vector<int> years;
  for (int y = 2021; y <= 2050; ++y) years.push_back(y);
  cost_case out{ghgtrack::inventory(cats, {ghgtrack::gas::co2}, years, ghgtrack::metric::ar5_gwp100), {}};
  for (Eigen::Index c = 0; c < out.baseline.n_categories(); ++c) {
    const double level = 1000.0 + 9000.0 * U(rng);
    for (Eigen::Index y = 0; y < out.baseline.n_years(); ++y)
      out.baseline.set(c, 0, y, level * std::pow(0.99, static_cast<double>(y)) * u::tonne_co2e);
  }
  for (int i = 0; i < n_measures; ++i) {
    ghgtrack::measure m;
    m.id = "m" + std::to_string(i);
    const int k = 1 + static_cast<int>(U(rng) * 3.0);
    for (int j = 0; j < k; ++j) m.scope.sectors.push_back(sectors[static_cast<std::size_t>(U(rng) * n_sectors)]);
    m.effect = U(rng) < 0.5 ? ghgtrack::effect::cut(0.02 + 0.2 * U(rng))
                            : ghgtrack::effect::absolute((500.0 + 5000.0 * U(rng)) * u::tonne_co2e);
    const int start = 2021 + static_cast<int>(U(rng) * 10.0);
    m.ramp = ghgtrack::ramp::linear(start, start + static_cast<int>(U(rng) * 5.0));
    m.costs.cost_low = -200.0 + 2000.0 * U(rng);
    m.costs.cost_high = m.costs.cost_low + 500.0 * U(rng);
    m.costs.currency = "NOK";
    out.measures.push_back(std::move(m));
  }
  return out;
}

void BM_MacCurve(benchmark::State& st) {
  static const cost_case cc = make_case(1000, 50, 2030);
  ghgtrack::mac_options o;
  o.variant = static_cast<ghgtrack::mac_variant>(st.range(0));
  o.year = 2030;
  for (auto _ : st) benchmark::DoNotOptimize(ghgtrack::mac_curve(cc.baseline, cc.measures, o));
  st.SetLabel(std::string(ghgtrack::name(o.variant)));
}
BENCHMARK(BM_MacCurve)->Arg(0)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond);

void BM_PortfolioCuts(benchmark::State& st) {
  static const cost_case cc = make_case(100, 20, 7);
  std::vector<std::pair<int, double>> caps;
  const Eigen::ArrayXd total = cc.baseline.values().colwise().sum().transpose();
  for (Eigen::Index y = 0; y < total.size(); ++y)
    caps.emplace_back(2021 + static_cast<int>(y), total(y) * (1.0 - 0.02 * static_cast<double>(y)));
  static const ghgtrack::portfolio_problem p(cc.baseline, cc.measures, ghgtrack::portfolio_goal::caps(caps));
  std::vector<std::uint8_t> x(p.n(), 0);
  for (std::size_t j = 0; j < x.size(); j += 2) x[j] = 1;
  for (auto _ : st) {
    const auto chk = p.check(x);
    std::vector<std::size_t> rows;
    for (std::size_t k = 0; k < p.n_rows(); ++k)
      if (chk.reduction(static_cast<Eigen::Index>(k)) < p.need()(static_cast<Eigen::Index>(k))) rows.push_back(k);
    benchmark::DoNotOptimize(p.cuts(x, rows));
  }
}
BENCHMARK(BM_PortfolioCuts)->Unit(benchmark::kMillisecond);

} // namespace
