// Inventory benchmarks (issue 3), each beside its reference in the same run:
//  - tidy CSV read: bytes/s (target >= 200 MB/s);
//  - aggregating 1e7 entries by (sector, year) against a streaming read of
//    the same bytes (target >= 30 % of that memory bandwidth).
#include <ghgtrack/csv.hpp>
#include <ghgtrack/inventory.hpp>

#include <benchmark/benchmark.h>

#include <cstdio>
#include <string>

namespace {

// 12 sectors x sources x 1 gas x 50 years.
ghgtrack::inventory make_inventory(int sources_per_sector, int n_years) {
  std::vector<ghgtrack::category> cats;
  for (int s = 0; s < 12; ++s)
    for (int k = 0; k < sources_per_sector; ++k) {
      char sec[32], src[32];
      std::snprintf(sec, sizeof sec, "Sector %02d", s);
      std::snprintf(src, sizeof src, "Source %06d", k);
      cats.push_back({sec, src});
    }
  std::vector<int> years;
  for (int y = 0; y < n_years; ++y) years.push_back(1990 + y);
  const auto n_cells = static_cast<Eigen::Index>(cats.size());
  const auto n = static_cast<Eigen::Index>(years.size());
  return ghgtrack::inventory(std::move(cats), {ghgtrack::gas::co2}, years, ghgtrack::metric::ar5_gwp100,
                             Eigen::ArrayXXd::Random(n_cells, n).abs() * 1000.0, ghgtrack::key_array::Zero(n_cells, n));
}

const std::string& csv_text() {
  static const std::string text = ghgtrack::write_csv_text(make_inventory(2000, 40)); // 960k rows
  return text;
}

void BM_csv_read(benchmark::State& state) {
  const std::string& text = csv_text();
  for (auto _ : state) {
    auto inv = ghgtrack::read_csv_text(text, "bench.csv", static_cast<unsigned>(state.range(0)));
    benchmark::DoNotOptimize(inv.values().data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * static_cast<int64_t>(text.size()));
  state.counters["rows"] = static_cast<double>(std::count(text.begin(), text.end(), '\n') - 1);
}
// Arg: threads (1 = the default, no thread started; 0 = one per hardware thread).
BENCHMARK(BM_csv_read)->Arg(1)->Arg(0)->Unit(benchmark::kMillisecond);

void BM_csv_write(benchmark::State& state) {
  const auto inv = make_inventory(2000, 40);
  std::size_t bytes = 0;
  for (auto _ : state) {
    auto text = ghgtrack::write_csv_text(inv);
    bytes = text.size();
    benchmark::DoNotOptimize(text.data());
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes));
}
BENCHMARK(BM_csv_write)->Unit(benchmark::kMillisecond);

const ghgtrack::inventory& big() {
  static const ghgtrack::inventory inv = make_inventory(16667, 50); // 1.00e7 entries
  return inv;
}

int64_t big_bytes() {
  const auto& inv = big();
  return static_cast<int64_t>(inv.values().size()) * static_cast<int64_t>(sizeof(double) + 1);
}

// The reference: one streaming pass over the same values and keys.
void BM_memory_read_reference(benchmark::State& state) {
  const auto& inv = big();
  for (auto _ : state) {
    // A vectorised streaming sum: the read bandwidth this machine reaches.
    double s = inv.values().sum();
    const auto* kp = inv.keys().data();
    const auto nk = inv.keys().size();
    std::uint64_t k = 0;
    for (Eigen::Index i = 0; i < nk; ++i) k += kp[i];
    benchmark::DoNotOptimize(s);
    benchmark::DoNotOptimize(k);
  }
  state.SetBytesProcessed(state.iterations() * big_bytes());
}
BENCHMARK(BM_memory_read_reference)->Unit(benchmark::kMillisecond);

void BM_aggregate_by_sector_1e7(benchmark::State& state) {
  const auto& inv = big();
  for (auto _ : state) {
    auto agg = inv.by_sector();
    benchmark::DoNotOptimize(agg.values.data());
  }
  state.SetBytesProcessed(state.iterations() * big_bytes());
  state.counters["entries"] = static_cast<double>(inv.values().size());
}
BENCHMARK(BM_aggregate_by_sector_1e7)->Unit(benchmark::kMillisecond);

void BM_aggregate_total_1e7(benchmark::State& state) {
  const auto& inv = big();
  for (auto _ : state) {
    auto agg = inv.total();
    benchmark::DoNotOptimize(agg.values.data());
  }
  state.SetBytesProcessed(state.iterations() * big_bytes());
}
BENCHMARK(BM_aggregate_total_1e7)->Unit(benchmark::kMillisecond);

} // namespace
