// Converting 1e6 gas masses to CO2e against a plain copy of the same array,
// in the same run, so the ratio to copy bandwidth is fair.
// Target (issue 2): to_co2e at least 50 % of copy bandwidth.
// Run: build/bench/ghgtrack_bench --benchmark_counters_tabular=true
#include <ghgtrack/co2e.hpp>

#include <benchmark/benchmark.h>

#include <algorithm>

namespace {

constexpr Eigen::Index n = 1'000'000;

Eigen::ArrayXd input() { return Eigen::ArrayXd::LinSpaced(n, 0.0, 1000.0); }

void set_bytes(benchmark::State& state) {
  // Bytes moved: read n doubles and write n doubles per iteration.
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * n * 2 * static_cast<int64_t>(sizeof(double)));
}

void BM_copy(benchmark::State& state) {
  const Eigen::ArrayXd in = input();
  Eigen::ArrayXd out(n);
  for (auto _ : state) {
    std::copy(in.data(), in.data() + n, out.data());
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  set_bytes(state);
}
BENCHMARK(BM_copy);

void BM_to_co2e_into(benchmark::State& state) {
  const Eigen::ArrayXd in = input();
  Eigen::ArrayXd out(n);
  for (auto _ : state) {
    ghgtrack::to_co2e(in, ghgtrack::gas::ch4, ghgtrack::metric::ar5_gwp100, out);
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  set_bytes(state);
}
BENCHMARK(BM_to_co2e_into);

void BM_to_co2e_alloc(benchmark::State& state) {
  const Eigen::ArrayXd in = input();
  for (auto _ : state) {
    Eigen::ArrayXd out = ghgtrack::to_co2e(in, ghgtrack::gas::ch4, ghgtrack::metric::ar5_gwp100);
    benchmark::DoNotOptimize(out.data());
  }
  set_bytes(state);
}
BENCHMARK(BM_to_co2e_alloc);

void BM_scalar_quantity(benchmark::State& state) {
  namespace u = ghgtrack::units;
  double t = 1.0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(t);
    auto e = ghgtrack::to_co2e(t * u::tonne, ghgtrack::gas::n2o, ghgtrack::metric::ar6_gwp100);
    benchmark::DoNotOptimize(e);
  }
}
BENCHMARK(BM_scalar_quantity);

} // namespace

BENCHMARK_MAIN();
