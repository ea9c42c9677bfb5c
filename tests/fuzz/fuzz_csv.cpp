// libFuzzer harness for the tidy CSV reader (build with clang:
// cmake -DGHGTRACK_FUZZ=ON -DCMAKE_CXX_COMPILER=clang++-14; run
// build/fuzz/tests/fuzz_csv tests/fuzz/corpus/csv; scripts/test.sh runs it
// for GHGTRACK_FUZZ_SECONDS). Every input must either parse or raise
// ghgtrack::input_error; anything else (a crash, a sanitizer report,
// another exception) is a bug. A parsed inventory must survive the round
// trip through the writer exactly: the same categories, gases, years,
// values and notation keys (so every unknown is kept), and an error message
// that is valid UTF-8.
#include <ghgtrack/csv.hpp>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace {
bool same(const ghgtrack::inventory& a, const ghgtrack::inventory& b) {
  return a.categories() == b.categories() && a.gases() == b.gases() && a.years() == b.years() &&
         a.gwp_metric() == b.gwp_metric() && a.values().rows() == b.values().rows() &&
         a.values().cols() == b.values().cols() && (a.values() == b.values()).all() && (a.keys() == b.keys()).all();
}
} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    const auto inv = ghgtrack::read_csv_text(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz");
    const auto back = ghgtrack::read_csv_text(ghgtrack::write_csv_text(inv), "roundtrip");
    if (!same(inv, back)) __builtin_trap();
    // Aggregates never hold an unflagged non-finite number.
    const auto t = inv.total();
    for (Eigen::Index y = 0; y < t.values.cols(); ++y)
      if (!std::isfinite(t.values(0, y)) && !ghgtrack::has_flag(t.flags(0, y), ghgtrack::aggregate_flag::not_finite))
        __builtin_trap();
  } catch (const ghgtrack::input_error& e) {
    if (ghgtrack::invalid_utf8_at(e.what()) != std::string_view::npos) __builtin_trap();
  }
  return 0;
}
