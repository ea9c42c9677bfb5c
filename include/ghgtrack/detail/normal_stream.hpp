// ghgtrack/detail/normal_stream.hpp: the random stream of the Monte Carlo
// normal variates (monte_carlo.hpp), shared by the scalar reference below
// and the SIMD kernel simd::standard_normals() (src/simd/random.cpp), which
// give the same numbers to the last bit on every target.
//
// Generator: eight xoshiro256++ generators side by side ("logical lanes",
// whatever the vector width: 1 x 8 on AVX-512, 2 x 4 on AVX2, 4 x 2 on SSE4,
// 8 x 1 on the SSE2 baseline), D. Blackman & S. Vigna, "Scrambled linear
// pseudorandom number generators", ACM Trans. Math. Softw. 47(4), 36 (2021);
// xoshiro256++ needs no 64-bit multiply, so it vectorises on every x86
// target. One step of the eight gives eight 64-bit draws, lane 0 first.
// The 8 x 4 state words and a ninth, scalar xoshiro256++ ("aux", for the
// rare slow path below) are the outputs of one SplitMix64 sequence started
// from (seed, stream), the seeding its authors recommend.
//
// Normal transform: the ziggurat of G. Marsaglia & W. W. Tsang, "The
// Ziggurat Method for Generating Random Variables", J. Stat. Softw. 5(8)
// (2000), with 256 layers on 64-bit draws as numpy's Generator uses it
// (J. A. Doornik, "An Improved Ziggurat Method to Generate Normal Random
// Samples", 2005: the layer index (bits 0-7) is independent of the value
// (bits 9-60), bit 8 is the sign). Draw j of a step is x = u * w[i] with
// u = (52 bits) * 2^-52, accepted when u < k[i] (98.5 % of draws: no
// branch in the vector code). A rejected draw takes the exact slow path
// (the tail beyond r or the wedge test, as Marsaglia & Tsang) on the aux
// stream, in increasing index order, so the stream does not depend on the
// vector width. The slow path holds no multiply feeding an add (nothing a
// compiler may fuse into an FMA), so it rounds alike wherever it is
// compiled.
//
// The tables and the slow path call the C library's exp and log, so two
// machines give the same bits when their C libraries agree on those (glibc
// picks FMA or non-FMA variants by CPU, which may differ in the last place);
// within one process the numbers never depend on the SIMD target.
//
// A call for n values takes ceil(n / 8) steps; values past n are dropped
// (their slow path is not run), so the numbers of a call sequence depend on
// the sizes of the calls, never on the SIMD target or the thread.
#ifndef GHGTRACK_DETAIL_NORMAL_STREAM_HPP
#define GHGTRACK_DETAIL_NORMAL_STREAM_HPP

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>

namespace ghgtrack {
namespace detail {

/// SplitMix64 (Steele, Lea & Flood, OOPSLA 2014): seeds the generators'
/// states from one 64-bit value (advanced in place).
inline std::uint64_t splitmix64(std::uint64_t& x) noexcept {
  std::uint64_t z = (x += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

/// The state of one normal stream (see the top of this file).
struct normal_stream {
  static constexpr int lanes = 8;
  alignas(64) std::uint64_t s[4][lanes]; ///< state word w of lane l: s[w][l]
  std::uint64_t aux[4];                  ///< the slow path's scalar xoshiro256++

  normal_stream(std::uint64_t seed, std::uint64_t stream) noexcept {
    std::uint64_t x = seed ^ (stream * 0xD1B54A32D192ED03ull);
    auto next = [&x] { return splitmix64(x); };
    for (int l = 0; l < lanes; ++l)
      for (int w = 0; w < 4; ++w) s[w][l] = next();
    for (auto& a : aux) a = next();
  }
  /// The next draw of the aux stream.
  std::uint64_t aux_next() noexcept { return xoshiro256pp(aux); }
  /// Uniform in (0, 1) from the aux stream, 53 bits.
  double aux_uniform() noexcept { return (static_cast<double>(aux_next() >> 11) + 0.5) * 0x1.0p-53; }

  static std::uint64_t rotl(std::uint64_t v, int k) noexcept { return (v << k) | (v >> (64 - k)); }
  /// One xoshiro256++ step on a state of four words.
  static std::uint64_t xoshiro256pp(std::uint64_t* q) noexcept {
    const std::uint64_t result = rotl(q[0] + q[3], 23) + q[0];
    const std::uint64_t t = q[1] << 17;
    q[2] ^= q[0];
    q[3] ^= q[1];
    q[1] ^= q[2];
    q[0] ^= q[3];
    q[2] ^= t;
    q[3] = rotl(q[3], 45);
    return result;
  }
};

/// The ziggurat's tables, 256 layers. Layer 0 is the base strip (with the
/// tail beyond r); layer i >= 1 spans |x| < x_i, under the density between
/// f[i] = exp(-x_i^2 / 2) and f[i - 1].
struct ziggurat_tables {
  static constexpr int layers = 256;
  // Start of the tail and area of each layer for 256 layers (Marsaglia &
  // Tsang 2000, Section 2 recurrence; the values numpy's ziggurat uses).
  static constexpr double r = 3.6541528853610088;
  static constexpr double v = 4.92867323399e-3;
  double k[layers]; ///< accept u < k[i] without the density (x_{i-1} / x_i, truncated to 52 bits)
  double w[layers]; ///< x = u * w[i] (x_i; for the base strip v / f(r))
  double f[layers]; ///< exp(-x_i^2 / 2)
};

inline const ziggurat_tables& ziggurat() noexcept {
  static const ziggurat_tables t = [] {
    ziggurat_tables z{};
    constexpr double m = 0x1.0p52;
    double dn = ziggurat_tables::r, tn = dn;
    const double q = ziggurat_tables::v / std::exp(-0.5 * dn * dn);
    z.k[0] = std::floor((dn / q) * m) / m;
    z.k[1] = 0.0;
    z.w[0] = q;
    z.w[255] = dn;
    z.f[0] = 1.0;
    z.f[255] = std::exp(-0.5 * dn * dn);
    for (int i = 254; i >= 1; --i) {
      dn = std::sqrt(-2.0 * std::log(ziggurat_tables::v / dn + std::exp(-0.5 * dn * dn)));
      z.k[i + 1] = std::floor((dn / tn) * m) / m;
      tn = dn;
      z.f[i] = std::exp(-0.5 * dn * dn);
      z.w[i] = dn;
    }
    return z;
  }();
  return t;
}

/// u in [0, 1) from bits 9-60 of a draw, exactly (52 bits) * 2^-52.
inline double ziggurat_u(std::uint64_t r) noexcept {
  const std::uint64_t bits = ((r >> 9) & 0x000FFFFFFFFFFFFFull) | 0x3FF0000000000000ull;
  double one_u;
  std::memcpy(&one_u, &bits, sizeof one_u);
  return one_u - 1.0;
}
inline double ziggurat_signed(double x, std::uint64_t r) noexcept {
  std::uint64_t bits;
  std::memcpy(&bits, &x, sizeof bits);
  bits ^= (r << 55) & 0x8000000000000000ull; // bit 8 of the draw is the sign
  std::memcpy(&x, &bits, sizeof x);
  return x;
}

/// The normal deviate of draw r when the fast path rejects it: the tail or
/// the wedge test, then new draws from the aux stream until one is taken.
inline double ziggurat_slow(std::uint64_t r, normal_stream& st) noexcept {
  const auto& t = ziggurat();
  for (;;) {
    const auto i = static_cast<int>(r & 0xFF);
    const double u = ziggurat_u(r);
    const double x = u * t.w[i];
    if (u < t.k[i]) return ziggurat_signed(x, r);
    if (i == 0) { // the tail beyond r (Marsaglia 1964)
      double xx, yy;
      do {
        xx = -std::log(st.aux_uniform()) / ziggurat_tables::r;
        yy = -std::log(st.aux_uniform());
      } while (yy + yy < xx * xx);
      return ziggurat_signed(ziggurat_tables::r + xx, r);
    }
    // the wedge: f[i] + U (f[i-1] - f[i]) < f(x), written without a fusable multiply-add
    const double e = std::exp(-0.5 * x * x) - t.f[i];
    if (st.aux_uniform() * (t.f[i - 1] - t.f[i]) < e) return ziggurat_signed(x, r);
    r = st.aux_next();
  }
}

/// The scalar reference of simd::standard_normals(): n standard normal
/// deviates into out, ceil(n / 8) steps of the stream.
inline void standard_normals_scalar(normal_stream& st, double* out, std::ptrdiff_t n) noexcept {
  const auto& t = ziggurat();
  constexpr int L = normal_stream::lanes;
  for (std::ptrdiff_t i = 0; i < n; i += L) {
    std::uint64_t r[L];
    for (int l = 0; l < L; ++l) {
      std::uint64_t q[4] = {st.s[0][l], st.s[1][l], st.s[2][l], st.s[3][l]};
      r[l] = normal_stream::xoshiro256pp(q);
      for (int w = 0; w < 4; ++w) st.s[w][l] = q[w];
    }
    const std::ptrdiff_t m = n - i < L ? n - i : L;
    for (std::ptrdiff_t l = 0; l < m; ++l) {
      const auto idx = static_cast<int>(r[l] & 0xFF);
      const double u = ziggurat_u(r[l]);
      out[i + l] = u < t.k[idx] ? ziggurat_signed(u * t.w[idx], r[l]) : ziggurat_slow(r[l], st);
    }
  }
}

} // namespace detail
} // namespace ghgtrack

#endif
