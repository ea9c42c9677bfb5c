// ghgtrack/simd.hpp: the hot kernels, dispatched at run time to the best
// SIMD target of the CPU (SSE2 baseline, SSE4, AVX2, AVX-512).
//
// The kernels live in ghgtrack::simd, a small compiled library
// (src/simd/kernels.cpp, Google Highway's foreach_target dynamic dispatch:
// one build that runs on any x86-64). Linking it defines GHGTRACK_SIMD for
// the code that includes this header; without it (the header-only core
// alone) the same functions are the plain scalar loops below, so the core
// still works, only slower.
//
// Targets are named "avx512" (Highway's AVX3), "avx2", "sse4" and "sse2"
// (Highway's EMU128: portable code compiled for the x86-64 baseline, i.e.
// SSE2). The best target the CPU supports is chosen on first use; the
// environment variable GHGTRACK_SIMD_TARGET (one of those names, or
// "auto") or force_target() chooses another, for tests and measurements.
//
// Results across targets: the compensated sum is the same to the last bit
// on every target (eight logical lanes whatever the vector width, merged in
// one fixed order). scale() is exact (one rounding per element). log(),
// exp() and the LMDI kernel use Highway's vectorised log/exp (contrib/math,
// at most 4 ulp) and vector-width-dependent summation order, so they agree
// across targets, and with the scalar std::log/std::exp fallback, to a
// relative 1e-12 (the documented tolerance; tests check it).
#ifndef GHGTRACK_SIMD_HPP
#define GHGTRACK_SIMD_HPP

#include <cmath>
#include <cstddef>
#include <string>
#include <vector>

#include "ghgtrack/error.hpp"

namespace ghgtrack {
namespace simd {

#if defined(GHGTRACK_SIMD)
// ---- compiled in src/simd/kernels.cpp ---------------------------------------
/// The target the kernels run on now ("avx512", "avx2", "sse4", "sse2").
std::string target();
/// The targets this CPU supports among those compiled, best first.
std::vector<std::string> available_targets();
/// Every target compiled into the library, best first.
std::vector<std::string> compiled_targets();
/// Force a target ("avx512", "avx2", "sse4", "sse2"; Highway's names AVX3,
/// AVX2, SSE4, EMU128 too) or go back to the best one ("auto" or "").
/// Throws argument_error for an unknown name or one this CPU lacks. Global:
/// call it when no kernel is running on another thread.
void force_target(const std::string& name);
/// True: the kernels are compiled and dispatched at run time.
constexpr bool dispatched() noexcept { return true; }

/// out[i] = in[i] * factor (out may be in).
void scale(const double* in, double factor, double* out, std::ptrdiff_t n);
/// Compensated sum of p[0..n) (TwoSum in eight logical lanes, then
/// Neumaier's merge); bit-identical to the scalar fallback on every target.
double compensated_sum(const double* p, std::ptrdiff_t n);
/// out[i] = ln(in[i]); out may be in.
void log(const double* in, double* out, std::ptrdiff_t n);
/// out[i] = exp(in[i]); out may be in.
void exp(const double* in, double* out, std::ptrdiff_t n);
/// out[i] = scale[i] * exp(a[i] + b[i] * s) for i in [0, n): a null `a`
/// is 0 and a null `scale` 1 (so b = ln r, s = f gives r^f, the pathways'
/// constant rates; a = intercept, b = slope, s = year - mean a log-linear
/// trend's values). out may be any of the inputs.
void exp_affine(const double* a, const double* b, double s, const double* scale, double* out, std::ptrdiff_t n);
/// The fused LMDI-I pass over n categories and f factors, in one sweep over
/// memory. Factor k of category i is x0[i * row_stride0 + k * col_stride0]
/// (strides in elements, any sign: column-order, row-order or a strided
/// slice are read in place; contiguous columns and row-order rows of 2 to 4
/// factors are the fast layouts, others are gathered). For each category
/// the products V^0, V^T, the logarithmic mean w = L(V^T, V^0) and the
/// terms w ln(x^T_k / x^0_k), without temporaries. Categories where V^0 or
/// V^T is zero get 0 terms and are left to the caller (zero-value limits).
/// Writes sums v0_sum, vt_sum, additive[0..f) and, when by_cat is not null,
/// the terms (column k at by_cat + k * by_cat_stride, rows contiguous).
/// Returns -1 when some factor is negative, NaN or infinite (nothing is
/// valid then; the caller says which), else the number of categories with a
/// zero V.
std::ptrdiff_t lmdi_terms(const double* x0, std::ptrdiff_t row_stride0, std::ptrdiff_t col_stride0, const double* xt,
                          std::ptrdiff_t row_stridet, std::ptrdiff_t col_stridet, std::ptrdiff_t n, std::ptrdiff_t f,
                          double* v0_sum, double* vt_sum, double* additive, double* by_cat,
                          std::ptrdiff_t by_cat_stride);
#else
// ---- scalar fallback: the header-only core without ghgtrack::simd --------------
inline std::string target() { return "scalar"; }
inline std::vector<std::string> available_targets() { return {"scalar"}; }
inline std::vector<std::string> compiled_targets() { return {"scalar"}; }
inline void force_target(const std::string& name) {
  if (!name.empty() && name != "auto" && name != "scalar")
    throw argument_error("ghgtrack::simd::force_target: '" + name +
                         "' is not available: ghgtrack::simd (the dispatched kernels) is not linked; "
                         "accepted: 'auto', 'scalar'");
}
constexpr bool dispatched() noexcept { return false; }

inline void scale(const double* in, double factor, double* out, std::ptrdiff_t n) {
  for (std::ptrdiff_t i = 0; i < n; ++i) out[i] = in[i] * factor;
}
inline double compensated_sum(const double* p, std::ptrdiff_t n) {
  constexpr int lanes = 8;
  double s[lanes] = {}, c[lanes] = {};
  std::ptrdiff_t i = 0;
  for (; i + lanes <= n; i += lanes)
    for (int j = 0; j < lanes; ++j) { // Knuth's TwoSum, branch-free
      const double x = p[i + j], t = s[j] + x, z = t - s[j];
      c[j] += (s[j] - (t - z)) + (x - z);
      s[j] = t;
    }
  double sum = 0.0, comp = 0.0; // Neumaier's merge, in lane order
  auto add = [&](double x) {
    const double t = sum + x;
    comp += (std::fabs(sum) >= std::fabs(x)) ? (sum - t) + x : (x - t) + sum;
    sum = t;
  };
  for (int j = 0; j < lanes; ++j) {
    add(s[j]);
    comp += c[j];
  }
  for (; i < n; ++i) add(p[i]);
  return sum + comp;
}
inline void log(const double* in, double* out, std::ptrdiff_t n) {
  for (std::ptrdiff_t i = 0; i < n; ++i) out[i] = std::log(in[i]);
}
inline void exp(const double* in, double* out, std::ptrdiff_t n) {
  for (std::ptrdiff_t i = 0; i < n; ++i) out[i] = std::exp(in[i]);
}
inline void exp_affine(const double* a, const double* b, double s, const double* scale, double* out, std::ptrdiff_t n) {
  for (std::ptrdiff_t i = 0; i < n; ++i) {
    const double x = a ? a[i] + b[i] * s : b[i] * s;
    out[i] = scale ? scale[i] * std::exp(x) : std::exp(x);
  }
}
inline std::ptrdiff_t lmdi_terms(const double* x0, std::ptrdiff_t row_stride0, std::ptrdiff_t col_stride0,
                                 const double* xt, std::ptrdiff_t row_stridet, std::ptrdiff_t col_stridet,
                                 std::ptrdiff_t n, std::ptrdiff_t f, double* v0_sum, double* vt_sum, double* additive,
                                 double* by_cat, std::ptrdiff_t by_cat_stride) {
  double s0 = 0.0, st = 0.0;
  std::ptrdiff_t zero_rows = 0;
  for (std::ptrdiff_t k = 0; k < f; ++k) additive[k] = 0.0;
  for (std::ptrdiff_t i = 0; i < n; ++i) {
    double v0 = 1.0, vt = 1.0;
    for (std::ptrdiff_t k = 0; k < f; ++k) {
      const double a = x0[i * row_stride0 + k * col_stride0], b = xt[i * row_stridet + k * col_stridet];
      if (!(a >= 0.0) || !(b >= 0.0) || a == HUGE_VAL || b == HUGE_VAL) return -1;
      v0 *= a;
      vt *= b;
    }
    s0 += v0;
    st += vt;
    const bool zero = v0 == 0.0 || vt == 0.0;
    zero_rows += zero;
    const double d = vt / v0 - 1.0;
    const double w =
        std::fabs(d) < 1e-4 ? v0 * (1.0 + d / 2.0 - d * d / 12.0 + d * d * d / 24.0) : (vt - v0) / std::log(vt / v0);
    for (std::ptrdiff_t k = 0; k < f; ++k) {
      const double e =
          zero ? 0.0 : w * std::log(xt[i * row_stridet + k * col_stridet] / x0[i * row_stride0 + k * col_stride0]);
      additive[k] += e;
      if (by_cat) by_cat[i + k * by_cat_stride] = e;
    }
  }
  *v0_sum = s0;
  *vt_sum = st;
  return zero_rows;
}
#endif

} // namespace simd
} // namespace ghgtrack

// ---- Monte Carlo normal variates (src/simd/random.cpp) -------------------------
// The stream and its contract are in detail/normal_stream.hpp: the same
// numbers to the last bit on every target and in the scalar fallback.
#include "ghgtrack/detail/normal_stream.hpp"

namespace ghgtrack {
namespace simd {
#if defined(GHGTRACK_SIMD)
/// n standard normal deviates from the stream into out (ceil(n / 8) steps).
void standard_normals(detail::normal_stream& stream, double* out, std::ptrdiff_t n);
#else
inline void standard_normals(detail::normal_stream& stream, double* out, std::ptrdiff_t n) {
  detail::standard_normals_scalar(stream, out, n);
}
#endif
} // namespace simd
} // namespace ghgtrack

#endif
