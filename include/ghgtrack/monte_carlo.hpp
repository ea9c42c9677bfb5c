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
// block k draws from its own xoshiro256** stream seeded with SplitMix64 of
// (seed, k). A block's numbers do not depend on which thread runs it, so
// the results are identical whatever the number of threads. Normal
// deviates use the ziggurat method on that stream, so they do not depend on
// the standard library either.
#ifndef GHGTRACK_MONTE_CARLO_HPP
#define GHGTRACK_MONTE_CARLO_HPP

#include <Eigen/Cholesky>
#include <Eigen/Core>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstdint>
#include <exception>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace ghgtrack {

enum class distribution : std::uint8_t { normal, lognormal, triangular, uniform };

namespace detail {

inline std::uint64_t splitmix64(std::uint64_t& x) noexcept {
  std::uint64_t z = (x += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

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
      const double m1 = 2147483648.0; // 2^31
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

/// A multiplier with mean 1 and relative uncertainty u, from a standard normal z.
inline double multiplier(distribution d, double u, double z) noexcept {
  switch (d) {
  case distribution::normal: return 1.0 + (u / 1.959963984540054) * z;
  case distribution::lognormal: {
    const double s = std::log1p(u) / 1.959963984540054;
    return std::exp(s * z - 0.5 * s * s);
  }
  case distribution::uniform: return 1.0 - u + 2.0 * u * normal_cdf(z);
  case distribution::triangular: {
    const double p = normal_cdf(z); // symmetric triangle on [-u, u] via its inverse CDF
    return p < 0.5 ? 1.0 - u + u * std::sqrt(2.0 * p) : 1.0 + u - u * std::sqrt(2.0 * (1.0 - p));
  }
  }
  return 1.0;
}

} // namespace detail

/// One category of the Monte Carlo model.
struct mc_category {
  double base = 0.0;   ///< C, t CO2e in the base year
  double latest = 0.0; ///< D, t CO2e in the latest year
  double ad_uncertainty = 0.0; ///< fraction, half the 95 % interval
  double ef_uncertainty = 0.0;
  distribution ad_distribution = distribution::normal;
  distribution ef_distribution = distribution::normal;
};

struct mc_options {
  std::uint64_t seed = 20091;
  std::size_t iterations = 100000;
  unsigned threads = 1;
  std::size_t block = 1024;
};

/// Totals of every iteration.
struct mc_result {
  Eigen::ArrayXd base;   ///< B per iteration
  Eigen::ArrayXd latest; ///< L per iteration
};

/// Runs iterations [first_block * block, ...) for `n_blocks` blocks into
/// `out` (sized for all iterations). Used directly by callers that run in
/// pieces (progress bars, interruption); monte_carlo() runs all of them.
inline void monte_carlo_blocks(const std::vector<mc_category>& cats, const Eigen::MatrixXd* ef_chol,
                               const mc_options& opt, std::size_t first_block, std::size_t n_blocks,
                               mc_result& out) {
  const std::size_t n = cats.size();
  const std::size_t total_blocks = (opt.iterations + opt.block - 1) / opt.block;
  const std::size_t end_block = std::min(total_blocks, first_block + n_blocks);
  std::atomic<std::size_t> next{first_block};
  auto work = [&] {
    Eigen::VectorXd e(static_cast<Eigen::Index>(n)), z(static_cast<Eigen::Index>(n));
    for (std::size_t k; (k = next.fetch_add(1)) < end_block;) {
      detail::xoshiro256 rng(opt.seed, k);
      const std::size_t i0 = k * opt.block;
      const std::size_t i1 = std::min(opt.iterations, i0 + opt.block);
      for (std::size_t it = i0; it < i1; ++it) {
        double b = 0.0, l = 0.0;
        if (ef_chol) {
          for (std::size_t c = 0; c < n; ++c) e[static_cast<Eigen::Index>(c)] = rng.normal();
          z.noalias() = ef_chol->triangularView<Eigen::Lower>() * e;
        }
        for (std::size_t c = 0; c < n; ++c) {
          const mc_category& cat = cats[c];
          const double zf = ef_chol ? z[static_cast<Eigen::Index>(c)] : rng.normal();
          const double f = detail::multiplier(cat.ef_distribution, cat.ef_uncertainty, zf);
          const double a = detail::multiplier(cat.ad_distribution, cat.ad_uncertainty, rng.normal());
          const double bb = detail::multiplier(cat.ad_distribution, cat.ad_uncertainty, rng.normal());
          b += cat.base * a * f;
          l += cat.latest * bb * f;
        }
        out.base[static_cast<Eigen::Index>(it)] = b;
        out.latest[static_cast<Eigen::Index>(it)] = l;
      }
    }
  };
  const unsigned t = std::max(1u, opt.threads);
  if (t == 1 || end_block - first_block <= 1) {
    work();
    return;
  }
  std::vector<std::thread> pool;
  std::vector<std::exception_ptr> errs(t);
  for (unsigned i = 0; i < t; ++i)
    pool.emplace_back([&, i] {
      try {
        work();
      } catch (...) {
        errs[i] = std::current_exception();
      }
    });
  for (auto& th : pool) th.join();
  for (auto& er : errs)
    if (er) std::rethrow_exception(er);
}

/// Checks the inputs and returns the Cholesky factor of the EF correlation
/// matrix (empty when none is given). Throws when it is not a valid
/// correlation matrix.
inline Eigen::MatrixXd monte_carlo_prepare(const std::vector<mc_category>& cats, const Eigen::MatrixXd& ef_correlation) {
  if (cats.empty()) throw std::invalid_argument("ghgtrack: monte_carlo: no categories");
  for (std::size_t i = 0; i < cats.size(); ++i) {
    const auto& c = cats[i];
    if (!std::isfinite(c.base) || !std::isfinite(c.latest))
      throw std::invalid_argument("ghgtrack: monte_carlo: category " + std::to_string(i) + " has a non-finite value");
    for (auto [u, d] : {std::pair{c.ad_uncertainty, c.ad_distribution}, std::pair{c.ef_uncertainty, c.ef_distribution}}) {
      if (!(u >= 0.0)) throw std::invalid_argument("ghgtrack: monte_carlo: uncertainties must be non-negative");
      if ((d == distribution::uniform || d == distribution::triangular) && u > 1.0)
        throw std::invalid_argument("ghgtrack: monte_carlo: a uniform or triangular uncertainty above 100 % "
                                    "allows negative emissions; use lognormal");
    }
  }
  if (ef_correlation.size() == 0) return {};
  const auto n = static_cast<Eigen::Index>(cats.size());
  if (ef_correlation.rows() != n || ef_correlation.cols() != n)
    throw std::invalid_argument("ghgtrack: monte_carlo: the correlation matrix must be " + std::to_string(n) + " x " +
                                std::to_string(n));
  for (Eigen::Index i = 0; i < n; ++i) {
    if (std::fabs(ef_correlation(i, i) - 1.0) > 1e-12)
      throw std::invalid_argument("ghgtrack: monte_carlo: a correlation matrix has ones on its diagonal");
    for (Eigen::Index j = 0; j < n; ++j)
      if (std::fabs(ef_correlation(i, j) - ef_correlation(j, i)) > 1e-12 || std::fabs(ef_correlation(i, j)) > 1.0)
        throw std::invalid_argument("ghgtrack: monte_carlo: the correlation matrix must be symmetric with entries in [-1, 1]");
  }
  Eigen::LLT<Eigen::MatrixXd> llt(ef_correlation);
  if (llt.info() != Eigen::Success)
    throw std::invalid_argument("ghgtrack: monte_carlo: the correlation matrix is not positive definite");
  return llt.matrixL();
}

/// All iterations at once.
inline mc_result monte_carlo(const std::vector<mc_category>& cats, const mc_options& opt,
                             const Eigen::MatrixXd& ef_correlation = {}) {
  if (opt.iterations == 0 || opt.block == 0) throw std::invalid_argument("ghgtrack: monte_carlo: no iterations");
  const Eigen::MatrixXd chol = monte_carlo_prepare(cats, ef_correlation);
  mc_result r;
  r.base.resize(static_cast<Eigen::Index>(opt.iterations));
  r.latest.resize(static_cast<Eigen::Index>(opt.iterations));
  monte_carlo_blocks(cats, chol.size() ? &chol : nullptr, opt, 0, (opt.iterations + opt.block - 1) / opt.block, r);
  return r;
}

/// The probability that the target is met and that the budget holds, from
/// the Monte Carlo totals and the trend. Per iteration: the target level is
/// (1 - cut) x the drawn base total; the drawn latest total grows to the
/// target year at a drawn trend slope (normal around the fitted log-linear
/// slope with its standard error) plus a drawn year-to-year residual
/// (normal, sd of the fit's residuals); the budget holds when the latest
/// cumulative plus the projected path to the target year stays within
/// `remaining_budget` scaled like the base total. Seeded like monte_carlo().
struct target_outcomes {
  Eigen::ArrayXd target_year_emissions; ///< per iteration
  double probability_met = 0.0;
  double probability_budget = 0.0;
};

inline target_outcomes target_probability(const mc_result& mc, double base_point, int latest_year, int target_year,
                                          double cut, double slope, double slope_se, double residual_sd,
                                          double remaining_budget, std::uint64_t seed) {
  if (target_year <= latest_year) throw std::invalid_argument("ghgtrack: the target year must come after the latest year");
  if (!(base_point > 0.0)) throw std::invalid_argument("ghgtrack: the base-year total must be positive");
  const auto n = mc.base.size();
  target_outcomes o;
  o.target_year_emissions.resize(n);
  detail::xoshiro256 rng(seed, 0x7A2);
  const int h = target_year - latest_year;
  std::size_t met = 0, holds = 0;
  for (Eigen::Index i = 0; i < n; ++i) {
    const double s = slope + slope_se * rng.normal();
    const double eps = residual_sd * rng.normal();
    double cum = 0.0;
    double value = mc.latest[i];
    const double q = std::exp(s);
    for (int k = 1; k <= h; ++k) {
      value *= q;
      cum += value;
    }
    const double final_value = value * std::exp(eps);
    o.target_year_emissions[i] = final_value;
    if (final_value <= (1.0 - cut) * mc.base[i]) ++met;
    if (cum <= remaining_budget * (mc.base[i] / base_point)) ++holds;
  }
  o.probability_met = static_cast<double>(met) / static_cast<double>(n);
  o.probability_budget = static_cast<double>(holds) / static_cast<double>(n);
  return o;
}

} // namespace ghgtrack

#endif
