// Analysis benchmarks (issue 5): LMDI over 1e6 cells x 4 factors, and the
// Monte Carlo model with 1e5 iterations x 500 categories, each on 1 and 2
// threads (detail::parallel_parts; the numbers do not depend on it).
#include <ghgtrack/lmdi.hpp>
#include <ghgtrack/monte_carlo.hpp>

#include <benchmark/benchmark.h>

namespace {

void BM_lmdi_1e6x4(benchmark::State& state) {
  const Eigen::ArrayXXd a = Eigen::ArrayXXd::Random(1'000'000, 4).abs() + 0.1;
  const Eigen::ArrayXXd b = Eigen::ArrayXXd::Random(1'000'000, 4).abs() + 0.1;
  const auto threads = static_cast<unsigned>(state.range(0));
  for (auto _ : state) {
    auto r = ghgtrack::lmdi(a, b, false, threads);
    benchmark::DoNotOptimize(r.additive.data());
  }
}
BENCHMARK(BM_lmdi_1e6x4)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_monte_carlo_1e5x500(benchmark::State& state) {
  std::vector<ghgtrack::mc_category> cats;
  for (int i = 0; i < 500; ++i) cats.push_back({100.0 + i, 90.0 + i, 0.05, 0.1});
  ghgtrack::mc_options o;
  o.iterations = 100'000;
  o.threads = static_cast<unsigned>(state.range(0));
  for (auto _ : state) {
    auto r = ghgtrack::monte_carlo(cats, o);
    benchmark::DoNotOptimize(r.latest.data());
  }
}
BENCHMARK(BM_monte_carlo_1e5x500)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

} // namespace
