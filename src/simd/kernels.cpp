// ghgtrack::simd: the hot kernels, compiled once per SIMD target in this one
// file (Google Highway's foreach_target: SSE2 baseline as EMU128, SSE4, AVX2,
// AVX-512) and dispatched at run time (HWY_DYNAMIC_DISPATCH). Declarations
// and the contract (tolerances across targets) in include/ghgtrack/simd.hpp.
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "simd/kernels.cpp"
#include <hwy/foreach_target.h> // IWYU pragma: keep

#include <hwy/aligned_allocator.h>
#include <hwy/contrib/math/math-inl.h>
#include <hwy/highway.h>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>

HWY_BEFORE_NAMESPACE();
namespace ghgtrack {
namespace simd_impl {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;
using D = hn::ScalableTag<double>;
constexpr std::size_t kMaxLanes = 16; // enough for any x86 vector of doubles

// out = in * factor. The stores are aligned (a scalar prologue up to a
// vector boundary of out: an unaligned AVX-512 store straddles two cache
// lines) and the loop does four vectors per turn. Plain stores: streaming
// (non-temporal) ones were slower here for 1e5..1e7 values (the output of a
// fresh numpy array is in cache after its page faults; see the report of
// issue 12).
void ScaleImpl(const double* in, double factor, double* out, std::ptrdiff_t n) {
  const D d;
  const auto lanes = static_cast<std::ptrdiff_t>(hn::Lanes(d));
  const auto f = hn::Set(d, factor);
  std::ptrdiff_t i = 0;
  const auto vector_bytes = static_cast<std::uintptr_t>(lanes) * sizeof(double);
  if (n >= 4 * lanes && reinterpret_cast<std::uintptr_t>(out) % sizeof(double) == 0) {
    for (; reinterpret_cast<std::uintptr_t>(out + i) % vector_bytes != 0; ++i) out[i] = in[i] * factor;
    for (; i + 4 * lanes <= n; i += 4 * lanes) {
      const auto a = hn::LoadU(d, in + i), b = hn::LoadU(d, in + i + lanes);
      const auto c = hn::LoadU(d, in + i + 2 * lanes), e = hn::LoadU(d, in + i + 3 * lanes);
      hn::Store(hn::Mul(a, f), d, out + i);
      hn::Store(hn::Mul(b, f), d, out + i + lanes);
      hn::Store(hn::Mul(c, f), d, out + i + 2 * lanes);
      hn::Store(hn::Mul(e, f), d, out + i + 3 * lanes);
    }
  }
  for (; i + lanes <= n; i += lanes) hn::StoreU(hn::Mul(hn::LoadU(d, in + i), f), d, out + i);
  for (; i < n; ++i) out[i] = in[i] * factor; // one rounding, as in the vector lanes
}

// Eight logical lanes whatever the vector width (1 x 8, 2 x 4 or 4 x 2), so
// the result is the same to the last bit on every target.
double CompensatedSumImpl(const double* p, std::ptrdiff_t n) {
  const D d;
  const std::size_t lanes = hn::Lanes(d);
  alignas(64) double s[kMaxLanes] = {}, c[kMaxLanes] = {};
  std::ptrdiff_t i = 0;
  if (lanes >= 8) { // AVX-512 (a wider target would take the scalar loop below)
    if (lanes == 8) {
      auto vs = hn::Zero(d), vc = hn::Zero(d);
      for (; i + 8 <= n; i += 8) {
        const auto x = hn::LoadU(d, p + i), t = hn::Add(vs, x), z = hn::Sub(t, vs);
        vc = hn::Add(vc, hn::Add(hn::Sub(vs, hn::Sub(t, z)), hn::Sub(x, z)));
        vs = t;
      }
      hn::Store(vs, d, s);
      hn::Store(vc, d, c);
    }
  } else if (lanes == 4) {
    auto s0 = hn::Zero(d), s1 = hn::Zero(d), c0 = hn::Zero(d), c1 = hn::Zero(d);
    for (; i + 8 <= n; i += 8) {
      const auto x0 = hn::LoadU(d, p + i), t0 = hn::Add(s0, x0), z0 = hn::Sub(t0, s0);
      const auto x1 = hn::LoadU(d, p + i + 4), t1 = hn::Add(s1, x1), z1 = hn::Sub(t1, s1);
      c0 = hn::Add(c0, hn::Add(hn::Sub(s0, hn::Sub(t0, z0)), hn::Sub(x0, z0)));
      c1 = hn::Add(c1, hn::Add(hn::Sub(s1, hn::Sub(t1, z1)), hn::Sub(x1, z1)));
      s0 = t0;
      s1 = t1;
    }
    hn::Store(s0, d, s);
    hn::Store(s1, d, s + 4);
    hn::Store(c0, d, c);
    hn::Store(c1, d, c + 4);
  } else if (lanes == 2) {
    auto s0 = hn::Zero(d), s1 = hn::Zero(d), s2 = hn::Zero(d), s3 = hn::Zero(d);
    auto c0 = hn::Zero(d), c1 = hn::Zero(d), c2 = hn::Zero(d), c3 = hn::Zero(d);
    const auto step = [](decltype(s0)& sv, decltype(s0)& cv, decltype(s0) x) {
      const auto t = hn::Add(sv, x), z = hn::Sub(t, sv);
      cv = hn::Add(cv, hn::Add(hn::Sub(sv, hn::Sub(t, z)), hn::Sub(x, z)));
      sv = t;
    };
    for (; i + 8 <= n; i += 8) {
      step(s0, c0, hn::LoadU(d, p + i));
      step(s1, c1, hn::LoadU(d, p + i + 2));
      step(s2, c2, hn::LoadU(d, p + i + 4));
      step(s3, c3, hn::LoadU(d, p + i + 6));
    }
    hn::Store(s0, d, s);
    hn::Store(s1, d, s + 2);
    hn::Store(s2, d, s + 4);
    hn::Store(s3, d, s + 6);
    hn::Store(c0, d, c);
    hn::Store(c1, d, c + 2);
    hn::Store(c2, d, c + 4);
    hn::Store(c3, d, c + 6);
  }
  if (i == 0 && n >= 8) { // no vector path above (an unusual width): the scalar lanes
    for (; i + 8 <= n; i += 8)
      for (int j = 0; j < 8; ++j) {
        const double x = p[i + j], t = s[j] + x, z = t - s[j];
        c[j] += (s[j] - (t - z)) + (x - z);
        s[j] = t;
      }
  }
  double sum = 0.0, comp = 0.0; // Neumaier's merge in lane order (detail/sum.hpp)
  const auto add = [&](double x) {
    const double t = sum + x;
    comp += (std::fabs(sum) >= std::fabs(x)) ? (sum - t) + x : (x - t) + sum;
    sum = t;
  };
  for (int j = 0; j < 8; ++j) {
    add(s[j]);
    comp += c[j];
  }
  for (; i < n; ++i) add(p[i]);
  return sum + comp;
}

// The tail (fewer than a vector's lanes) goes through the same vector code
// on a padded copy, so every element sees the same function.
template <class Op>
void Unary(const double* in, double* out, std::ptrdiff_t n, double pad, Op op) {
  const D d;
  const auto lanes = static_cast<std::ptrdiff_t>(hn::Lanes(d));
  std::ptrdiff_t i = 0;
  for (; i + lanes <= n; i += lanes) hn::StoreU(op(d, hn::LoadU(d, in + i)), d, out + i);
  if (i < n) {
    alignas(64) double buf[kMaxLanes];
    for (auto& b : buf) b = pad;
    std::memcpy(buf, in + i, static_cast<std::size_t>(n - i) * sizeof(double));
    hn::Store(op(d, hn::Load(d, buf)), d, buf);
    std::memcpy(out + i, buf, static_cast<std::size_t>(n - i) * sizeof(double));
  }
}

void LogImpl(const double* in, double* out, std::ptrdiff_t n) {
  Unary(in, out, n, 1.0, [](D d, hn::Vec<D> v) { return hn::Log(d, v); });
}
void ExpImpl(const double* in, double* out, std::ptrdiff_t n) {
  Unary(in, out, n, 0.0, [](D d, hn::Vec<D> v) { return hn::Exp(d, v); });
}

// out = scale * exp(a + b * s), elementwise (simd.hpp); a null `a` is 0, a
// null `scale` 1. The tail goes through the same vector code on a padded copy.
void ExpAffineImpl(const double* a, const double* b, double s, const double* scale, double* out, std::ptrdiff_t n) {
  const D d;
  const auto lanes = static_cast<std::ptrdiff_t>(hn::Lanes(d));
  const auto vs = hn::Set(d, s);
  const auto one = [&](const double* pa, const double* pb, const double* pc) {
    auto x = hn::Mul(hn::LoadU(d, pb), vs);
    if (pa) x = hn::Add(hn::LoadU(d, pa), x);
    auto e = hn::Exp(d, x);
    if (pc) e = hn::Mul(hn::LoadU(d, pc), e);
    return e;
  };
  std::ptrdiff_t i = 0;
  for (; i + lanes <= n; i += lanes)
    hn::StoreU(one(a ? a + i : nullptr, b + i, scale ? scale + i : nullptr), d, out + i);
  if (i < n) {
    alignas(64) double ba[kMaxLanes] = {}, bb[kMaxLanes] = {}, bc[kMaxLanes];
    for (auto& c : bc) c = 1.0;
    const auto m = static_cast<std::size_t>(n - i) * sizeof(double);
    if (a) std::memcpy(ba, a + i, m);
    std::memcpy(bb, b + i, m);
    if (scale) std::memcpy(bc, scale + i, m);
    hn::Store(one(a ? ba : nullptr, bb, scale ? bc : nullptr), d, ba);
    std::memcpy(out + i, ba, m);
  }
}

// Fused LMDI-I (see simd.hpp): one sweep over memory. The factors of a
// vector of rows are read once (contiguous columns: plain loads; row-order
// rows of 2, 3 or 4 factors: interleaved loads; any other strides:
// gathers), checked, multiplied into V^0 and V^T, and their ratios kept in
// an L1 buffer; then the weight and the log ratios give the terms. No
// temporary arrays beyond that buffer of f vectors.
std::ptrdiff_t LmdiTermsImpl(const double* x0, std::ptrdiff_t rs0, std::ptrdiff_t cs0, const double* xt,
                             std::ptrdiff_t rst, std::ptrdiff_t cst, std::ptrdiff_t n, std::ptrdiff_t f, double* v0_sum,
                             double* vt_sum, double* additive, double* by_cat, std::ptrdiff_t by_cat_stride) {
  const D d;
  using DI = hn::RebindToSigned<D>;
  const DI di;
  const auto lanes = static_cast<std::ptrdiff_t>(hn::Lanes(d));
  const auto zero = hn::Zero(d), one = hn::Set(d, 1.0), inf = hn::Set(d, HUGE_VAL);
  const auto half = hn::Set(d, 0.5), twelfth = hn::Set(d, 1.0 / 12.0), h24 = hn::Set(d, 1.0 / 24.0);
  const auto small = hn::Set(d, 1e-4);
  auto acc0 = zero, acct = zero;
  auto bad = hn::Lt(one, zero); // all false
  std::ptrdiff_t zero_rows = 0;
  const auto fl = static_cast<std::size_t>(f * lanes);
  auto acc = hwy::AllocateAligned<double>(fl);
  auto ratio = hwy::AllocateAligned<double>(fl); // x^T_k / x^0_k of the current rows, factor-major
  for (std::size_t k = 0; k < fl; ++k) acc[k] = 0.0;
  // The last, partial vector of rows: a padded copy (factors 1, so their
  // terms are 0), masked out of the sums of V.
  auto pad0 = hwy::AllocateAligned<double>(fl);
  auto padt = hwy::AllocateAligned<double>(fl);
  alignas(64) double tail_out[kMaxLanes];
  const auto check = [&](hn::Vec<D> v) { bad = hn::Or(bad, hn::Or(hn::Not(hn::Ge(v, zero)), hn::Eq(v, inf))); };
  // How the factors of `lanes` rows are read from x0 and xt.
  enum class layout { columns, interleaved2, interleaved3, interleaved4, gather };
  const auto layout_of = [&](std::ptrdiff_t rs, std::ptrdiff_t cs) {
    if (rs == 1) return layout::columns;
    if (cs == 1 && rs == f && f == 2) return layout::interleaved2;
    if (cs == 1 && rs == f && f == 3) return layout::interleaved3;
    if (cs == 1 && rs == f && f == 4) return layout::interleaved4;
    return layout::gather;
  };
  const layout lay0 = layout_of(rs0, cs0), layt = layout_of(rst, cst);
  const auto idx0 = hn::Mul(hn::Iota(di, 0), hn::Set(di, static_cast<std::int64_t>(rs0)));
  const auto idxt = hn::Mul(hn::Iota(di, 0), hn::Set(di, static_cast<std::int64_t>(rst)));
  hn::Vec<D> a[4], b[4];
  // Factor k of the rows at p (row stride rs, column stride cs), for the
  // layouts that read one factor at a time.
  const auto load_one = [&](layout lay, const double* p, std::ptrdiff_t cs, const hn::Vec<DI>& idx, std::ptrdiff_t k) {
    return lay == layout::columns ? hn::LoadU(d, p + k * cs) : hn::GatherIndex(d, p + k * cs, idx);
  };
  const auto load_all = [&](layout lay, const double* p, hn::Vec<D>* v) {
    switch (lay) {
    case layout::interleaved2: hn::LoadInterleaved2(d, p, v[0], v[1]); return true;
    case layout::interleaved3: hn::LoadInterleaved3(d, p, v[0], v[1], v[2]); return true;
    case layout::interleaved4: hn::LoadInterleaved4(d, p, v[0], v[1], v[2], v[3]); return true;
    default: return false;
    }
  };
  for (std::ptrdiff_t i = 0; i < n; i += lanes) {
    const std::ptrdiff_t m = std::min(lanes, n - i); // valid rows in this vector
    const bool tail = m < lanes;
    auto v0 = one, vt = one;
    const auto take = [&](hn::Vec<D> x, hn::Vec<D> y, std::ptrdiff_t k) {
      check(x);
      check(y);
      v0 = hn::Mul(v0, x);
      vt = hn::Mul(vt, y);
      hn::Store(hn::Div(y, x), d, ratio.get() + k * lanes);
    };
    if (tail) {
      for (std::ptrdiff_t k = 0; k < f; ++k)
        for (std::ptrdiff_t r = 0; r < lanes; ++r) {
          pad0[static_cast<std::size_t>(k * lanes + r)] = r < m ? x0[(i + r) * rs0 + k * cs0] : 1.0;
          padt[static_cast<std::size_t>(k * lanes + r)] = r < m ? xt[(i + r) * rst + k * cst] : 1.0;
        }
      for (std::ptrdiff_t k = 0; k < f; ++k)
        take(hn::Load(d, pad0.get() + k * lanes), hn::Load(d, padt.get() + k * lanes), k);
    } else {
      const double *p0 = x0 + i * rs0, *pt = xt + i * rst;
      const bool all0 = load_all(lay0, p0, a), allt = load_all(layt, pt, b);
      for (std::ptrdiff_t k = 0; k < f; ++k)
        take(all0 ? a[k] : load_one(lay0, p0, cs0, idx0, k), allt ? b[k] : load_one(layt, pt, cst, idxt, k), k);
    }
    const auto valid = hn::FirstN(d, static_cast<std::size_t>(m));
    acc0 = hn::Add(acc0, hn::IfThenElseZero(valid, v0));
    acct = hn::Add(acct, hn::IfThenElseZero(valid, vt));
    const auto is_zero = hn::Or(hn::Eq(v0, zero), hn::Eq(vt, zero));
    zero_rows += static_cast<std::ptrdiff_t>(hn::CountTrue(d, is_zero));
    const auto r = hn::Div(vt, v0);
    const auto dd = hn::Sub(r, one);
    // L = v0 (1 + d/2 - d^2/12 + d^3/24) near r = 1 (log_mean()), else (vt - v0) / ln r
    const auto series =
        hn::Mul(v0, hn::Add(one, hn::Mul(dd, hn::Add(half, hn::Mul(dd, hn::Sub(hn::Mul(dd, h24), twelfth))))));
    const auto exact = hn::Div(hn::Sub(vt, v0), hn::Log(d, r));
    const auto w = hn::IfThenElse(hn::Lt(hn::Abs(dd), small), series, exact);
    for (std::ptrdiff_t k = 0; k < f; ++k) {
      const auto e = hn::IfThenZeroElse(is_zero, hn::Mul(w, hn::Log(d, hn::Load(d, ratio.get() + k * lanes))));
      double* acck = acc.get() + k * lanes;
      hn::Store(hn::Add(hn::Load(d, acck), e), d, acck);
      if (by_cat) {
        if (!tail) {
          hn::StoreU(e, d, by_cat + i + k * by_cat_stride);
        } else {
          hn::Store(e, d, tail_out);
          for (std::ptrdiff_t q = 0; q < m; ++q) by_cat[i + q + k * by_cat_stride] = tail_out[q];
        }
      }
    }
  }
  if (!hn::AllFalse(d, bad)) return -1;
  alignas(64) double tmp[kMaxLanes];
  double s = 0.0;
  hn::Store(acc0, d, tmp);
  for (std::ptrdiff_t q = 0; q < lanes; ++q) s += tmp[q];
  *v0_sum = s;
  s = 0.0;
  hn::Store(acct, d, tmp);
  for (std::ptrdiff_t q = 0; q < lanes; ++q) s += tmp[q];
  *vt_sum = s;
  for (std::ptrdiff_t k = 0; k < f; ++k) {
    s = 0.0;
    for (std::ptrdiff_t q = 0; q < lanes; ++q) s += acc[static_cast<std::size_t>(k * lanes + q)];
    additive[k] = s;
  }
  return zero_rows;
}

} // namespace HWY_NAMESPACE
} // namespace simd_impl
} // namespace ghgtrack
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdlib>
#include <mutex>
#include <string>
#include <vector>

#include "ghgtrack/simd.hpp"

namespace ghgtrack {
namespace simd_impl {
HWY_EXPORT(ScaleImpl);
HWY_EXPORT(CompensatedSumImpl);
HWY_EXPORT(LogImpl);
HWY_EXPORT(ExpImpl);
HWY_EXPORT(LmdiTermsImpl);
HWY_EXPORT(ExpAffineImpl);

namespace {
// Our names for Highway's x86 targets; EMU128 or SCALAR is Highway's portable code,
// compiled here for the x86-64 baseline (SSE2).
struct named_target {
  std::int64_t bit;
  const char* name;
};
constexpr named_target names[] = {
#if HWY_ARCH_X86
    {HWY_AVX3_DL, "avx512_dl"},
    {HWY_AVX3, "avx512"},
    {HWY_AVX2, "avx2"},
    {HWY_SSE4, "sse4"},
    {HWY_SSSE3, "ssse3"},
#endif
    // Highway's portable fallbacks, compiled for the x86-64 baseline (SSE2):
    // which one a Highway build has (1.0.3 on Debian: SCALAR) is its choice.
    {HWY_EMU128, "sse2"},
    {HWY_SCALAR, "sse2"}};

std::string name_of(std::int64_t bit) {
  for (const auto& t : names)
    if (t.bit == bit) return t.name;
  std::string s = hwy::TargetName(bit);
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::vector<std::string> names_of(std::int64_t mask) {
  std::vector<std::string> out;
  for (std::int64_t m = mask; m != 0; m &= m - 1) out.push_back(name_of(m & -m)); // lowest bit = best first
  return out;
}

struct state {
  std::mutex mutex;
  std::int64_t available = 0; // supported by the CPU and compiled
  std::int64_t current = 0;   // the target the kernels run on
};

state& the_state();

void choose_locked(state& s, std::int64_t bit) { // 0 = the best
  hwy::SetSupportedTargetsForTest(bit);
  hwy::GetChosenTarget().Update(hwy::SupportedTargets());
  const std::int64_t chosen = hwy::SupportedTargets() & HWY_TARGETS;
  s.current = chosen & -chosen;
}

std::int64_t parse_locked(const state& s, const std::string& name, const char* who) {
  std::string low = name;
  std::transform(low.begin(), low.end(), low.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (low.empty() || low == "auto") return 0;
  std::int64_t bit = -1;
  for (const auto& t : names) {
    std::string hwy_name = hwy::TargetName(t.bit);
    std::transform(hwy_name.begin(), hwy_name.end(), hwy_name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    const bool match = low == t.name || low == hwy_name || (low == "scalar" && t.bit == HWY_SCALAR);
    if (match && (bit < 0 || (t.bit & s.available) != 0)) bit = t.bit; // prefer the one that is there
  }
  std::string accepted = "'auto'";
  for (const auto& n : names_of(s.available)) accepted += ", '" + n + "'";
  if (bit < 0 || (bit & s.available) == 0)
    throw argument_error(std::string(who) + ": SIMD target '" + name + "' is " +
                         (bit < 0 ? "unknown" : "not supported by this CPU or not compiled") +
                         "; accepted here: " + accepted);
  return bit;
}

state& the_state() {
  static state s;
  static const bool initialised = [] {
    std::lock_guard<std::mutex> lock(s.mutex);
    hwy::SetSupportedTargetsForTest(0);
    s.available = hwy::SupportedTargets() & HWY_TARGETS;
    const char* env = std::getenv("GHGTRACK_SIMD_TARGET");
    choose_locked(s, env ? parse_locked(s, env, "GHGTRACK_SIMD_TARGET") : 0);
    return true;
  }();
  (void)initialised;
  return s;
}

inline void ready() { (void)the_state(); }
} // namespace
} // namespace simd_impl

namespace simd {
using namespace simd_impl; // NOLINT: HWY_DYNAMIC_DISPATCH needs the unqualified table names
std::string target() { return simd_impl::name_of(simd_impl::the_state().current); }
std::vector<std::string> available_targets() { return simd_impl::names_of(simd_impl::the_state().available); }
std::vector<std::string> compiled_targets() { return simd_impl::names_of(HWY_TARGETS); }
void force_target(const std::string& name) {
  auto& s = simd_impl::the_state();
  std::lock_guard<std::mutex> lock(s.mutex);
  simd_impl::choose_locked(s, simd_impl::parse_locked(s, name, "ghgtrack::simd::force_target"));
}

void scale(const double* in, double factor, double* out, std::ptrdiff_t n) {
  simd_impl::ready();
  HWY_DYNAMIC_DISPATCH(ScaleImpl)(in, factor, out, n);
}
double compensated_sum(const double* p, std::ptrdiff_t n) {
  simd_impl::ready();
  return HWY_DYNAMIC_DISPATCH(CompensatedSumImpl)(p, n);
}
void log(const double* in, double* out, std::ptrdiff_t n) {
  simd_impl::ready();
  HWY_DYNAMIC_DISPATCH(LogImpl)(in, out, n);
}
void exp(const double* in, double* out, std::ptrdiff_t n) {
  simd_impl::ready();
  HWY_DYNAMIC_DISPATCH(ExpImpl)(in, out, n);
}
void exp_affine(const double* a, const double* b, double s, const double* scale, double* out, std::ptrdiff_t n) {
  simd_impl::ready();
  HWY_DYNAMIC_DISPATCH(ExpAffineImpl)(a, b, s, scale, out, n);
}
std::ptrdiff_t lmdi_terms(const double* x0, std::ptrdiff_t row_stride0, std::ptrdiff_t col_stride0, const double* xt,
                          std::ptrdiff_t row_stridet, std::ptrdiff_t col_stridet, std::ptrdiff_t n, std::ptrdiff_t f,
                          double* v0_sum, double* vt_sum, double* additive, double* by_cat,
                          std::ptrdiff_t by_cat_stride) {
  simd_impl::ready();
  return HWY_DYNAMIC_DISPATCH(LmdiTermsImpl)(x0, row_stride0, col_stride0, xt, row_stridet, col_stridet, n, f, v0_sum,
                                             vt_sum, additive, by_cat, by_cat_stride);
}
} // namespace simd
} // namespace ghgtrack
#endif // HWY_ONCE
