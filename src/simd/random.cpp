// ghgtrack::simd: the Monte Carlo normal variates, compiled once per SIMD
// target in this file (Google Highway's foreach_target, as kernels.cpp) and
// dispatched at run time. The stream (eight xoshiro256++ lanes, a 256-layer
// ziggurat) and its contract, the same numbers to the last bit on every
// target, are in include/ghgtrack/detail/normal_stream.hpp, with the scalar
// reference this kernel must match.
#undef HWY_TARGET_INCLUDE
#define HWY_TARGET_INCLUDE "simd/random.cpp"
#include <hwy/foreach_target.h> // IWYU pragma: keep

#include <hwy/highway.h>

#include <cstddef>
#include <cstdint>
#include <cstring>

#include "ghgtrack/detail/normal_stream.hpp"

HWY_BEFORE_NAMESPACE();
namespace ghgtrack {
namespace simd_random {
namespace HWY_NAMESPACE {
namespace hn = hwy::HWY_NAMESPACE;

void StandardNormalsImpl(detail::normal_stream& st, double* out, std::ptrdiff_t n) {
  using D = hn::ScalableTag<double>;
  const D d;
  const hn::RebindToUnsigned<D> du;
  const hn::RebindToSigned<D> di;
  using VU = hn::Vec<decltype(du)>;
  constexpr int L = detail::normal_stream::lanes;
  constexpr int N = static_cast<int>(hn::MaxLanes(d));
  static_assert(N <= L && L % N == 0, "eight logical lanes in whole vectors");
  constexpr int G = L / N; // vectors per step
  VU s0[G], s1[G], s2[G], s3[G];
  for (int g = 0; g < G; ++g) {
    s0[g] = hn::Load(du, st.s[0] + g * N);
    s1[g] = hn::Load(du, st.s[1] + g * N);
    s2[g] = hn::Load(du, st.s[2] + g * N);
    s3[g] = hn::Load(du, st.s[3] + g * N);
  }
  const auto& t = detail::ziggurat();
  const auto low8 = hn::Set(du, 0xFFull), mantissa = hn::Set(du, 0x000FFFFFFFFFFFFFull);
  const auto one_bits = hn::Set(du, 0x3FF0000000000000ull), sign_bit = hn::Set(du, 0x8000000000000000ull);
  const auto one = hn::Set(d, 1.0);
  alignas(64) std::uint64_t draws[L];
  alignas(64) double last[L];
  for (std::ptrdiff_t i = 0; i < n; i += L) {
    const bool full = n - i >= L;
    double* dst = full ? out + i : last;
    unsigned rejected = 0; // bit l: lane l needs the slow path
    for (int g = 0; g < G; ++g) {
      // xoshiro256++ (rotl 23 = rotr 41, rotl 45 = rotr 19)
      const VU r = hn::Add(hn::RotateRight<41>(hn::Add(s0[g], s3[g])), s0[g]);
      const VU sh = hn::ShiftLeft<17>(s1[g]);
      s2[g] = hn::Xor(s2[g], s0[g]);
      s3[g] = hn::Xor(s3[g], s1[g]);
      s1[g] = hn::Xor(s1[g], s2[g]);
      s0[g] = hn::Xor(s0[g], s3[g]);
      s2[g] = hn::Xor(s2[g], sh);
      s3[g] = hn::RotateRight<19>(s3[g]);
      // the ziggurat's fast path (ziggurat_u, ziggurat_signed)
      const auto idx = hn::BitCast(di, hn::And(r, low8));
      const auto u = hn::Sub(hn::BitCast(d, hn::Or(hn::And(hn::ShiftRight<9>(r), mantissa), one_bits)), one);
      const auto x = hn::Mul(u, hn::GatherIndex(d, t.w, idx));
      const auto taken = hn::Lt(u, hn::GatherIndex(d, t.k, idx));
      hn::StoreU(hn::BitCast(d, hn::Xor(hn::BitCast(du, x), hn::And(hn::ShiftLeft<55>(r), sign_bit))), d, dst + g * N);
      hn::Store(r, du, draws + g * N);
      if (!hn::AllTrue(d, taken)) {
        std::uint8_t bits[8] = {};
        hn::StoreMaskBits(d, hn::Not(taken), bits);
        rejected |= static_cast<unsigned>(bits[0]) << (g * N);
      }
    }
    const std::ptrdiff_t m = full ? L : n - i;
    if (!full) rejected &= (1u << m) - 1u;             // values past n are dropped, slow path and all
    for (; rejected != 0; rejected &= rejected - 1u) { // the slow path in lane order (as the scalar reference)
      const auto l = hwy::Num0BitsBelowLS1Bit_Nonzero32(rejected);
      dst[l] = detail::ziggurat_slow(draws[l], st);
    }
    if (!full) std::memcpy(out + i, last, static_cast<std::size_t>(m) * sizeof(double));
  }
  for (int g = 0; g < G; ++g) {
    hn::Store(s0[g], du, st.s[0] + g * N);
    hn::Store(s1[g], du, st.s[1] + g * N);
    hn::Store(s2[g], du, st.s[2] + g * N);
    hn::Store(s3[g], du, st.s[3] + g * N);
  }
}

} // namespace HWY_NAMESPACE
} // namespace simd_random
} // namespace ghgtrack
HWY_AFTER_NAMESPACE();

#if HWY_ONCE
#include <string>

#include "ghgtrack/simd.hpp"

namespace ghgtrack {
namespace simd_random {
HWY_EXPORT(StandardNormalsImpl);
} // namespace simd_random

namespace simd {
using namespace simd_random; // NOLINT: HWY_DYNAMIC_DISPATCH needs the unqualified table name
void standard_normals(detail::normal_stream& stream, double* out, std::ptrdiff_t n) {
  // The target chosen in kernels.cpp (GHGTRACK_SIMD_TARGET, force_target) is
  // set up on first use of any kernel: target() makes sure of it.
  static const bool ready = !simd::target().empty();
  (void)ready;
  (void)detail::ziggurat(); // the tables, before the kernel reads them
  HWY_DYNAMIC_DISPATCH(StandardNormalsImpl)(stream, out, n);
}
} // namespace simd
} // namespace ghgtrack
#endif // HWY_ONCE
