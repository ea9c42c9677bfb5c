// ghgtrack/monte_carlo.hpp: Approach 2 (Monte Carlo) inventory uncertainty
// (IPCC 2006 Guidelines, Vol. 1, Ch. 3, Section 3.2.3.2), and from it the
// probability of meeting a target.
//
// Model. Category i emits C_i in the base year and D_i in the latest year.
// Each iteration draws, per category, an emission-factor multiplier f_i
// (shared by both years: the factor is the same method in both) and
// independent activity multipliers a_i (base) and b_i (latest), each with
// mean 1 and the given relative uncertainty u (half the 95 % interval, as a
// fraction) under one of four distributions:
//   normal      sd = u / 1.96
//   lognormal   sigma = ln(1 + u) / 1.96, mu = -sigma^2 / 2 (mean 1)
//   triangular  symmetric on [1 - u, 1 + u] with its mode at 1
//   uniform     on [1 - u, 1 + u]
// Totals: B = sum C_i a_i f_i and L = sum D_i b_i f_i. Correlation between
// the emission factors of categories is a Gaussian copula: correlated
// standard normals z = Lc e (Lc the Cholesky factor of the correlation
// matrix, Eigen LLT), then each through its distribution (normal and
// lognormal directly, triangular and uniform via Phi(z)).
//
// Reproducibility. Iterations are cut into blocks of `block` iterations;
// block k draws from its own stream, detail::normal_stream(seed, k) (eight
// xoshiro256++ lanes seeded with SplitMix64 of (seed, k), normals by a
// 256-layer ziggurat: detail/normal_stream.hpp), drawn by the SIMD kernel
// simd::standard_normals(), which gives the same numbers to the last bit on
// every SIMD target and in its scalar fallback. An iteration takes 3n
// normals (n categories): the n EF ones, then the n base-year AD ones, then
// the n latest-year AD ones. A block's numbers do not depend on which
// thread runs it, so the results are identical whatever the number of
// threads (`threads` in mc_options: 1, the default, runs on the calling
// thread; 0 uses one thread per hardware thread; threads are started only
// through detail/parallel.hpp) and whatever the SIMD target.
//
// Compile cost: the functions that use Eigen expressions (and the
// constructor and run() of monte_carlo_run) are templates with a defaulted
// parameter (`template <class = void>`), called as usual; their Eigen code
// is instantiated only where they are called.
#ifndef GHGTRACK_MONTE_CARLO_HPP
#define GHGTRACK_MONTE_CARLO_HPP

#include <Eigen/Cholesky>
#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ghgtrack/detail/normal_stream.hpp"
#include "ghgtrack/detail/parallel.hpp"
#include "ghgtrack/error.hpp"
#include "ghgtrack/simd.hpp"

namespace ghgtrack {

/// The distribution of a Monte Carlo multiplier (mean 1, relative
/// uncertainty u = half the 95 % interval).
enum class distribution : std::uint8_t { normal, lognormal, triangular, uniform };

/// The name of a distribution, as parse_distribution() reads it.
inline const char* name(distribution d) noexcept {
  switch (d) {
  case distribution::normal: return "normal";
  case distribution::lognormal: return "lognormal";
  case distribution::triangular: return "triangular";
  case distribution::uniform: return "uniform";
  }
  return "normal";
}

/// "normal", "lognormal", "triangular" or "uniform" (exactly, lower case);
/// anything else is an argument_error that lists them.
inline distribution parse_distribution(std::string_view s) {
  for (auto d : {distribution::normal, distribution::lognormal, distribution::triangular, distribution::uniform})
    if (s == name(d)) return d;
  throw argument_error("ghgtrack: unknown distribution '" + std::string(s) +
                       "'; use one of normal, lognormal, triangular, uniform");
}

namespace detail {

/// xoshiro256** (Blackman & Vigna, 2018): fast, 256-bit state.
class xoshiro256 {
public:
  explicit xoshiro256(std::uint64_t seed, std::uint64_t stream) noexcept {
    std::uint64_t x = seed ^ (stream * 0xD1B54A32D192ED03ull);
    for (auto& s : s_) s = splitmix64(x);
  }
  std::uint64_t next() noexcept {
    const std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
    const std::uint64_t t = s_[1] << 17;
    s_[2] ^= s_[0];
    s_[3] ^= s_[1];
    s_[1] ^= s_[2];
    s_[0] ^= s_[3];
    s_[2] ^= t;
    s_[3] = rotl(s_[3], 45);
    return result;
  }
  /// Uniform in (0, 1), 53 bits.
  double uniform() noexcept { return (static_cast<double>(next() >> 11) + 0.5) * 0x1.0p-53; }
  /// Standard normal: the ziggurat method of Marsaglia & Tsang ("The
  /// Ziggurat Method for Generating Random Variables", Journal of
  /// Statistical Software 5(8), 2000), 128 layers, on 32-bit draws (two per
  /// 64-bit output); the rare tail and wedge cases are exact.
  double normal() noexcept {
    const auto& t = tables();
    for (;;) {
      const std::int32_t hz = next32();
      const std::uint32_t iz = static_cast<std::uint32_t>(hz) & 127u;
      const std::uint32_t ahz = static_cast<std::uint32_t>(hz < 0 ? -static_cast<std::int64_t>(hz) : hz);
      if (ahz < t.k[iz]) return hz * t.w[iz]; // inside the layer: ~99 % of draws
      const double x = hz * t.w[iz];
      if (iz == 0) { // the tail beyond r
        double xx, yy;
        do {
          xx = -std::log(uniform()) / r_;
          yy = -std::log(uniform());
        } while (yy + yy < xx * xx);
        return hz > 0 ? r_ + xx : -r_ - xx;
      }
      if (t.f[iz] + uniform() * (t.f[iz - 1] - t.f[iz]) < std::exp(-0.5 * x * x)) return x;
    }
  }

private:
  static constexpr double r_ = 3.442619855899; // start of the tail (Marsaglia & Tsang, 128 layers)
  struct zig_tables {
    std::uint32_t k[128];
    double w[128], f[128];
  };
  static const zig_tables& tables() noexcept {
    static const zig_tables t = [] {
      zig_tables z{};
      const double m1 = 2147483648.0;       // 2^31
      const double v = 9.91256303526217e-3; // area of each layer
      double dn = r_, tn = dn;
      const double q = v / std::exp(-0.5 * dn * dn);
      z.k[0] = static_cast<std::uint32_t>((dn / q) * m1);
      z.k[1] = 0;
      z.w[0] = q / m1;
      z.w[127] = dn / m1;
      z.f[0] = 1.0;
      z.f[127] = std::exp(-0.5 * dn * dn);
      for (int i = 126; i >= 1; --i) {
        dn = std::sqrt(-2.0 * std::log(v / dn + std::exp(-0.5 * dn * dn)));
        z.k[i + 1] = static_cast<std::uint32_t>((dn / tn) * m1);
        tn = dn;
        z.f[i] = std::exp(-0.5 * dn * dn);
        z.w[i] = dn / m1;
      }
      return z;
    }();
    return t;
  }
  std::int32_t next32() noexcept {
    if (has_half_) {
      has_half_ = false;
      return static_cast<std::int32_t>(static_cast<std::uint32_t>(half_));
    }
    const std::uint64_t v = next();
    half_ = v >> 32;
    has_half_ = true;
    return static_cast<std::int32_t>(static_cast<std::uint32_t>(v & 0xFFFFFFFFu));
  }
  static std::uint64_t rotl(std::uint64_t x, int k) noexcept { return (x << k) | (x >> (64 - k)); }
  std::uint64_t s_[4];
  std::uint64_t half_ = 0;
  bool has_half_ = false;
};

inline double normal_cdf(double z) noexcept { return 0.5 * std::erfc(-z / std::sqrt(2.0)); }

/// The 97.5 % quantile of the standard normal: a 95 % interval is +-1.96 sd.
inline constexpr double z_975 = 1.959963984540054;

/// A multiplier with mean 1 and relative uncertainty u (the half-width of
/// its 95 % interval) from a standard normal z, with the per-category
/// constants computed once.
struct mc_coefficients {
  distribution d = distribution::normal;
  double u = 0.0, s = 0.0, shift = 0.0;
  mc_coefficients() = default;
  mc_coefficients(distribution dist, double unc) noexcept : d(dist), u(unc) {
    if (d == distribution::lognormal) {
      s = std::log1p(u) / z_975;
      shift = 0.5 * s * s;
    } else {
      s = u / z_975;
    }
  }
  double operator()(double z) const noexcept {
    switch (d) {
    case distribution::normal: return 1.0 + s * z;
    case distribution::lognormal: return std::exp(s * z - shift);
    case distribution::uniform: return 1.0 - u + 2.0 * u * normal_cdf(z);
    case distribution::triangular: {
      const double p = normal_cdf(z); // symmetric triangle on [-u, u] via its inverse CDF
      return p < 0.5 ? 1.0 - u + u * std::sqrt(2.0 * p) : 1.0 + u - u * std::sqrt(2.0 * (1.0 - p));
    }
    }
    return 1.0;
  }
};

/// The same for one draw.
inline double multiplier(distribution d, double u, double z) noexcept { return mc_coefficients(d, u)(z); }

} // namespace detail

/// One category of the Monte Carlo model.
struct mc_category {
  double base = 0.0;           ///< C, t CO2e in the base year
  double latest = 0.0;         ///< D, t CO2e in the latest year
  double ad_uncertainty = 0.0; ///< fraction, half the 95 % interval
  double ef_uncertainty = 0.0;
  distribution ad_distribution = distribution::normal;
  distribution ef_distribution = distribution::normal;
};

struct mc_options {
  std::uint64_t seed = 20091;
  std::size_t iterations = 100000;
  unsigned threads = 1;     ///< 1: the calling thread only; 0: one per hardware thread
  std::size_t block = 1024; ///< iterations per random stream (changing it changes the numbers)
};

/// Totals of every iteration.
struct mc_result {
  Eigen::ArrayXd base;   ///< B per iteration
  Eigen::ArrayXd latest; ///< L per iteration
};

/// The first n standard normal deviates of the Monte Carlo stream (seed,
/// stream), drawn in one call. Block `stream` of a run seeded `seed` starts
/// with the same numbers as far as its first draw goes (one chunk of
/// iterations, see below: each call drops the lanes it leaves unused, so a
/// longer run departs from one long call after its first chunk). For checks
/// of the generator; the same numbers on every SIMD target.
inline Eigen::ArrayXd mc_normals(std::uint64_t seed, std::uint64_t stream, std::size_t n) {
  Eigen::ArrayXd out(static_cast<Eigen::Index>(n));
  detail::normal_stream st(seed, stream);
  simd::standard_normals(st, out.data(), static_cast<std::ptrdiff_t>(n));
  return out;
}

/// Runs iterations [first_block * block, ...) for `n_blocks` blocks into
/// `out` (sized for all iterations). Used directly by callers that run in
/// pieces (progress bars, interruption); monte_carlo() runs all of them.
/// Each block is one part of detail::parallel_parts, so which thread runs a
/// block never changes its numbers.
template <class = void>
inline void monte_carlo_blocks(const std::vector<mc_category>& cats, const Eigen::MatrixXd* ef_chol,
                               const mc_options& opt, std::size_t first_block, std::size_t n_blocks, mc_result& out) {
  const std::size_t n = cats.size();
  const std::size_t total_blocks = (opt.iterations + opt.block - 1) / opt.block;
  if (first_block >= total_blocks) return;
  const std::size_t end_block = std::min(total_blocks, first_block + n_blocks);
  const auto count = static_cast<std::ptrdiff_t>(end_block - first_block);
  // Per category, the multipliers' constants, once (the same numbers as
  // detail::multiplier()), and the amounts as plain columns.
  std::vector<detail::mc_coefficients> ef(n), ad(n);
  std::vector<double> base(n), latest(n), s_ef(n), s_ad(n);
  bool ef_normal = true, ad_normal = true;
  for (std::size_t c = 0; c < n; ++c) {
    ef[c] = detail::mc_coefficients(cats[c].ef_distribution, cats[c].ef_uncertainty);
    ad[c] = detail::mc_coefficients(cats[c].ad_distribution, cats[c].ad_uncertainty);
    base[c] = cats[c].base;
    latest[c] = cats[c].latest;
    s_ef[c] = ef[c].s;
    s_ad[c] = ad[c].s;
    ef_normal = ef_normal && ef[c].d == distribution::normal;
    ad_normal = ad_normal && ad[c].d == distribution::normal;
  }
  // Standard normals to multipliers, in place; all normal (the usual case):
  // 1 + s z in a loop the compiler can vectorise (the same numbers).
  const auto to_multipliers = [n](double* z, const std::vector<detail::mc_coefficients>& co, const double* s,
                                  bool all_normal) {
    if (all_normal) {
      for (std::size_t c = 0; c < n; ++c) z[c] = 1.0 + s[c] * z[c];
    } else {
      for (std::size_t c = 0; c < n; ++c) z[c] = co[c](z[c]);
    }
  };
  // An iteration takes 3n normals: n for the EF, n for the base-year AD, n
  // for the latest-year AD; `chunk` iterations' worth are drawn at once (a
  // function of n only, so the numbers are too).
  const std::size_t per_it = 3 * n;
  const std::size_t chunk = std::max<std::size_t>(1, 2048 / per_it);
  detail::parallel_parts(opt.threads, count, count, [&](std::ptrdiff_t p, std::ptrdiff_t, std::ptrdiff_t) {
    const std::size_t k = first_block + static_cast<std::size_t>(p);
    std::vector<double> z(chunk * per_it);
    Eigen::VectorXd zc(ef_chol ? static_cast<Eigen::Index>(n) : 0);
    detail::normal_stream rng(opt.seed, k);
    const std::size_t i0 = k * opt.block;
    const std::size_t i1 = std::min(opt.iterations, i0 + opt.block);
    for (std::size_t it0 = i0; it0 < i1; it0 += chunk) {
      const std::size_t m = std::min(chunk, i1 - it0);
      simd::standard_normals(rng, z.data(), static_cast<std::ptrdiff_t>(m * per_it));
      for (std::size_t t = 0; t < m; ++t) {
        double* const f = z.data() + t * per_it; // [EF | AD base | AD latest]
        double* const a = f + n;
        double* const bb = f + 2 * n;
        if (ef_chol) {
          zc.noalias() = ef_chol->triangularView<Eigen::Lower>() *
                         Eigen::Map<const Eigen::VectorXd>(f, static_cast<Eigen::Index>(n));
          std::copy(zc.data(), zc.data() + n, f);
        }
        to_multipliers(f, ef, s_ef.data(), ef_normal);
        to_multipliers(a, ad, s_ad.data(), ad_normal);
        to_multipliers(bb, ad, s_ad.data(), ad_normal);
        // Four partial sums (category c into sum c mod 4), merged in a fixed order.
        double b[4] = {0.0, 0.0, 0.0, 0.0}, l[4] = {0.0, 0.0, 0.0, 0.0};
        std::size_t c = 0;
        for (; c + 4 <= n; c += 4)
          for (std::size_t j = 0; j < 4; ++j) {
            b[j] += base[c + j] * a[c + j] * f[c + j];
            l[j] += latest[c + j] * bb[c + j] * f[c + j];
          }
        for (; c < n; ++c) {
          b[c & 3] += base[c] * a[c] * f[c];
          l[c & 3] += latest[c] * bb[c] * f[c];
        }
        out.base[static_cast<Eigen::Index>(it0 + t)] = (b[0] + b[1]) + (b[2] + b[3]);
        out.latest[static_cast<Eigen::Index>(it0 + t)] = (l[0] + l[1]) + (l[2] + l[3]);
      }
    }
  });
}

/// Checks the inputs and returns the Cholesky factor of the EF correlation
/// matrix (empty when none is given). Throws when it is not a valid
/// correlation matrix.
template <class = void>
inline Eigen::MatrixXd monte_carlo_prepare(const std::vector<mc_category>& cats,
                                           const Eigen::MatrixXd& ef_correlation) {
  if (cats.empty()) throw shape_error("ghgtrack: monte_carlo: no categories");
  for (std::size_t i = 0; i < cats.size(); ++i) {
    const auto& c = cats[i];
    if (!std::isfinite(c.base) || !std::isfinite(c.latest))
      throw argument_error("ghgtrack: monte_carlo: category " + std::to_string(i) +
                           " has a non-finite emission (an unknown is not zero)");
    for (auto [u, d] :
         {std::pair{c.ad_uncertainty, c.ad_distribution}, std::pair{c.ef_uncertainty, c.ef_distribution}}) {
      if (!(u >= 0.0) || !std::isfinite(u))
        throw argument_error("ghgtrack: monte_carlo: category " + std::to_string(i) +
                             ": uncertainties must be finite and not negative (fractions, 0.05 for 5 %)");
      if ((d == distribution::uniform || d == distribution::triangular) && u > 1.0)
        throw argument_error(
            "ghgtrack: monte_carlo: category " + std::to_string(i) +
            ": a uniform or triangular uncertainty above 100 % allows negative emissions; use lognormal");
      // A lognormal multiplier is positive, so it keeps a negative amount
      // negative and skews it the wrong way: the rule is for emissions.
      if (d == distribution::lognormal && (c.base < 0.0 || c.latest < 0.0))
        throw argument_error("ghgtrack: monte_carlo: category " + std::to_string(i) +
                             ": a lognormal uncertainty needs a non-negative amount (got base " +
                             std::to_string(c.base) + ", latest " + std::to_string(c.latest) +
                             "); give a removal (a negative amount) a normal distribution");
    }
  }
  if (ef_correlation.size() == 0) return {};
  const auto n = static_cast<Eigen::Index>(cats.size());
  if (ef_correlation.rows() != n || ef_correlation.cols() != n)
    throw shape_error("ghgtrack: monte_carlo: the correlation matrix must be " + std::to_string(n) + " x " +
                      std::to_string(n) + " (one row and column per category), not " +
                      std::to_string(ef_correlation.rows()) + " x " + std::to_string(ef_correlation.cols()));
  for (Eigen::Index i = 0; i < n; ++i)
    for (Eigen::Index j = 0; j < n; ++j)
      if (!std::isfinite(ef_correlation(i, j)))
        throw argument_error("ghgtrack: monte_carlo: the correlation matrix holds a value that is not a finite number "
                             "at row " +
                             std::to_string(i) + ", column " + std::to_string(j) +
                             "; every entry must be a number in [-1, 1]");
  for (Eigen::Index i = 0; i < n; ++i) {
    if (std::fabs(ef_correlation(i, i) - 1.0) > 1e-12)
      throw argument_error("ghgtrack: monte_carlo: a correlation matrix has ones on its diagonal");
    for (Eigen::Index j = 0; j < n; ++j)
      if (std::fabs(ef_correlation(i, j) - ef_correlation(j, i)) > 1e-12 || std::fabs(ef_correlation(i, j)) > 1.0)
        throw argument_error("ghgtrack: monte_carlo: the correlation matrix must be symmetric with entries in [-1, 1]");
  }
  Eigen::LLT<Eigen::MatrixXd> llt(ef_correlation);
  if (llt.info() != Eigen::Success)
    throw argument_error("ghgtrack: monte_carlo: the correlation matrix is not positive definite");
  return llt.matrixL();
}

/// The categories from columns (t CO2e, fractions); shape_error when the
/// columns differ in length.
inline std::vector<mc_category> mc_categories(const std::vector<double>& base, const std::vector<double>& latest,
                                              const std::vector<double>& ad_uncertainty,
                                              const std::vector<double>& ef_uncertainty,
                                              const std::vector<distribution>& ad_distribution,
                                              const std::vector<distribution>& ef_distribution) {
  const std::size_t n = base.size();
  if (latest.size() != n || ad_uncertainty.size() != n || ef_uncertainty.size() != n || ad_distribution.size() != n ||
      ef_distribution.size() != n)
    throw shape_error("ghgtrack: monte_carlo: the columns differ in length (base " + std::to_string(n) + ", latest " +
                      std::to_string(latest.size()) + ", AD uncertainty " + std::to_string(ad_uncertainty.size()) +
                      ", EF uncertainty " + std::to_string(ef_uncertainty.size()) + ", AD distribution " +
                      std::to_string(ad_distribution.size()) + ", EF distribution " +
                      std::to_string(ef_distribution.size()) + ")");
  std::vector<mc_category> cats;
  cats.reserve(n);
  for (std::size_t i = 0; i < n; ++i)
    cats.push_back({base[i], latest[i], ad_uncertainty[i], ef_uncertainty[i], ad_distribution[i], ef_distribution[i]});
  return cats;
}

/// A Monte Carlo run that its caller drives block by block (a progress
/// bar, an interruption between blocks). The numbers are those of one
/// monte_carlo() call with the same options, whatever the pieces.
class monte_carlo_run {
public:
  template <class = void>
  monte_carlo_run(std::vector<mc_category> cats, const Eigen::MatrixXd& ef_correlation, const mc_options& opt)
      : cats_(std::move(cats)), opt_(opt) {
    if (opt_.iterations == 0 || opt_.block == 0)
      throw argument_error("ghgtrack: monte_carlo: iterations and block must be positive");
    chol_ = monte_carlo_prepare<>(cats_, ef_correlation);
    res_.base = Eigen::ArrayXd::Constant(static_cast<Eigen::Index>(opt_.iterations), std::nan(""));
    res_.latest = res_.base;
  }
  std::size_t n_blocks() const noexcept { return (opt_.iterations + opt_.block - 1) / opt_.block; }
  /// Runs blocks [first, first + count) (clipped to n_blocks()).
  template <class = void>
  void run(std::size_t first, std::size_t count) {
    monte_carlo_blocks<>(cats_, chol_.size() ? &chol_ : nullptr, opt_, first, count, res_);
  }
  /// The totals; iterations of blocks not run yet are NaN.
  const mc_result& result() const noexcept { return res_; }
  const mc_options& options() const noexcept { return opt_; }
  /// Moves the totals out (the run is left without them).
  mc_result release() noexcept { return std::move(res_); }

private:
  std::vector<mc_category> cats_;
  mc_options opt_;
  Eigen::MatrixXd chol_;
  mc_result res_;
};

/// All iterations at once.
template <class = void>
inline mc_result monte_carlo(const std::vector<mc_category>& cats, const mc_options& opt,
                             const Eigen::MatrixXd& ef_correlation = {}) {
  monte_carlo_run run(cats, ef_correlation, opt);
  run.template run<>(0, run.n_blocks());
  return run.release();
}

} // namespace ghgtrack

#endif
