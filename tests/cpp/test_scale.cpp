// simd::scale(), the CO2e conversion's kernel (src/simd/kernels.cpp): its
// aligned, unrolled loop against the product computed one element at a time
// (IEEE 754 rounds a product one way only), for every SIMD target the CPU
// has, every alignment of the output and input, short and long arrays, in
// place and not. Run once per target by ctest too (Co2e* in
// tests/CMakeLists.txt).
#include <gtest/gtest.h>

#include <ghgtrack/simd.hpp>

#include <cstddef>
#include <random>
#include <string>
#include <vector>

using namespace ghgtrack;

TEST(Co2eScale, ExactProductForEveryAlignmentAndTarget) {
  std::mt19937_64 g(12);
  std::uniform_real_distribution<double> u(-1e3, 1e3);
  std::vector<double> src(100'200);
  for (auto& x : src) x = u(g);
  const double factor = 265.0; // AR5 N2O
  const std::string before = simd::target();
  for (const auto& t : simd::available_targets()) {
    simd::force_target(t);
    for (std::ptrdiff_t n : {0, 1, 7, 8, 31, 32, 33, 65, 100'003}) {
      for (std::ptrdiff_t oi = 0; oi < 8; oi += 3) {
        for (std::ptrdiff_t oo = 0; oo < 8; ++oo) {
          std::vector<double> out(static_cast<std::size_t>(n + 8), -1.0);
          const double* in = src.data() + oi;
          simd::scale(in, factor, out.data() + oo, n);
          for (std::ptrdiff_t i = 0; i < n; ++i)
            ASSERT_EQ(out[static_cast<std::size_t>(oo + i)], in[i] * factor) << t << " n " << n << " i " << i;
          for (std::ptrdiff_t i = 0; i < oo; ++i) ASSERT_EQ(out[static_cast<std::size_t>(i)], -1.0); // untouched
          ASSERT_EQ(out[static_cast<std::size_t>(oo + n)], -1.0);
        }
        std::vector<double> inplace(src.begin() + oi, src.begin() + oi + n); // out == in
        simd::scale(inplace.data(), factor, inplace.data(), n);
        for (std::ptrdiff_t i = 0; i < n; ++i)
          ASSERT_EQ(inplace[static_cast<std::size_t>(i)], src[static_cast<std::size_t>(oi + i)] * factor);
      }
    }
  }
  simd::force_target(before);
}
