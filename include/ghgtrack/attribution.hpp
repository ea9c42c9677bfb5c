// ghgtrack/attribution.hpp: each measure's share of the combined reduction.
//
// Under the combination rule (scenario.hpp) the reduction game splits by
// cell and year: on a cell with baseline B > 0 and players i (the
// non-removal measures acting on it) with q_i = 1 - r_i, a coalition S
// reduces v(S) = B (1 - prod_{i in S} q_i). Removals are additive: each is
// its own amount in every view. Only the measures touching a cell play there.
//
// Shapley value (exact, closed form, O(n^2) per cell-year; see
// shapley_product_game for how the sum is evaluated stably):
//   phi_i = B (1 - q_i) (1/n) sum_{k=0}^{n-1} e_k(q_{-i}) / C(n-1, k)
// with e_k the elementary symmetric polynomials of the other players' q:
// the Shapley weight |S|!(n-|S|-1)!/n! of a coalition of size k is
// 1 / (n C(n-1, k)), and the marginal contribution of i to S is
// B (1 - q_i) prod_{j in S} q_j, whose sum over coalitions of size k is
// B (1 - q_i) e_k(q_{-i}). Efficiency holds exactly in exact arithmetic
// and to a few ulps in floating point (tested to 1e-9 relative).
//
// The naive views: "alone" v({i}) = B (1 - q_i), and "last in"
// v(N) - v(N \ {i}) = B (1 - q_i) prod_{j != i} q_j. With overlap,
// last in <= Shapley <= alone for this game.
//
// Permutation sampling (the fallback and comparison): the average of each
// measure's marginal contribution over random orders of all measures,
// seeded, with its standard error (sample standard deviation / sqrt(P)).
#ifndef GHGTRACK_ATTRIBUTION_HPP
#define GHGTRACK_ATTRIBUTION_HPP

#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "ghgtrack/detail/parallel.hpp"
#include "ghgtrack/error.hpp"
#include "ghgtrack/scenario.hpp"

namespace ghgtrack {

namespace detail {
/// Gauss-Legendre rule with m nodes on [0, 1] (exact for polynomials of
/// degree <= 2m - 1): nodes by Newton's method on P_m (Golub-Welsch
/// starting values x = cos(pi (i - 1/4) / (m + 1/2))).
struct gauss_legendre {
  std::vector<double> t, w;
  explicit gauss_legendre(std::size_t m) : t(m), w(m) {
    const double pi = 3.14159265358979323846;
    for (std::size_t i = 0; i < m; ++i) {
      double x = std::cos(pi * (static_cast<double>(i) + 0.75) / (static_cast<double>(m) + 0.5));
      double dp = 1.0;
      for (int it = 0; it < 100; ++it) {
        double p0 = 1.0, p1 = x;
        for (std::size_t k = 2; k <= m; ++k) {
          const double pk = ((2.0 * static_cast<double>(k) - 1.0) * x * p1 - (static_cast<double>(k) - 1.0) * p0) /
                            static_cast<double>(k);
          p0 = p1;
          p1 = pk;
        }
        if (m == 1) p0 = 1.0, p1 = x;
        dp = static_cast<double>(m) * (x * p1 - p0) / (x * x - 1.0);
        const double dx = p1 / dp;
        x -= dx;
        if (std::fabs(dx) < 1e-16) break;
      }
      double p0 = 1.0, p1 = x;
      for (std::size_t k = 2; k <= m; ++k) {
        const double pk = ((2.0 * static_cast<double>(k) - 1.0) * x * p1 - (static_cast<double>(k) - 1.0) * p0) /
                          static_cast<double>(k);
        p0 = p1;
        p1 = pk;
      }
      dp = static_cast<double>(m) * (x * p1 - p0) / (x * x - 1.0);
      t[i] = 0.5 * (x + 1.0);
      w[i] = 1.0 / ((1.0 - x * x) * dp * dp); // 2 / ((1 - x^2) P'^2), halved for [0, 1]
    }
  }
};
} // namespace detail

/// Exact Shapley values of the product game v(S) = B (1 - prod_{S} q) for
/// players with q[0..n) in [0, 1]: writes phi[0..n). The weighted sum of
/// elementary symmetric polynomials is evaluated through its Beta-integral
/// form, (1/n) sum_k e_k(q_{-i}) / C(n-1, k) = int_0^1 prod_{j != i}
/// (1 - t (1 - q_j)) dt, by Gauss-Legendre quadrature with ceil(n/2) nodes,
/// exact for this polynomial of degree n - 1. Every factor lies in [0, 1]
/// and the products without i come from prefix and suffix products, so
/// there is no cancellation (forward deflation of the e_k, the textbook
/// route, loses all digits for 64 players with q near 1: see the tests).
/// O(n^2 / 2) per call. `rule` must have at least ceil(n/2) nodes; `work`
/// is scratch. Throws argument_error for a q outside [0, 1].
inline void shapley_product_game(double baseline, const double* q, std::size_t n, double* phi,
                                 const detail::gauss_legendre& rule, std::vector<double>& work) {
  if (n == 0) return;
  for (std::size_t i = 0; i < n; ++i)
    if (!(q[i] >= 0.0 && q[i] <= 1.0))
      throw argument_error("ghgtrack::shapley_product_game: q = " + std::to_string(q[i]) +
                           " is outside [0, 1] (q = 1 - r, r the fraction a measure cuts)");
  const std::size_t m = rule.t.size();
  if (2 * m < n) throw argument_error("ghgtrack::shapley_product_game: quadrature rule too small");
  work.assign(2 * (n + 1), 0.0);
  double* pre = work.data();
  double* suf = pre + (n + 1);
  for (std::size_t i = 0; i < n; ++i) phi[i] = 0.0;
  for (std::size_t k = 0; k < m; ++k) {
    const double t = rule.t[k];
    pre[0] = 1.0;
    for (std::size_t i = 0; i < n; ++i) pre[i + 1] = pre[i] * (1.0 - t * (1.0 - q[i]));
    suf[n] = 1.0;
    for (std::size_t i = n; i-- > 0;) suf[i] = suf[i + 1] * (1.0 - t * (1.0 - q[i]));
    for (std::size_t i = 0; i < n; ++i) phi[i] += rule.w[k] * pre[i] * suf[i + 1];
  }
  for (std::size_t i = 0; i < n; ++i) phi[i] *= baseline * (1.0 - q[i]);
}

/// Convenience form returning the values.
inline std::vector<double> shapley_product_game(double baseline, const std::vector<double>& q) {
  std::vector<double> phi(q.size()), work;
  const detail::gauss_legendre rule((q.size() + 1) / 2);
  shapley_product_game(baseline, q.data(), q.size(), phi.data(), rule, work);
  return phi;
}

struct attribution_options {
  /// Measures with these statuses only (all when empty optional).
  std::optional<std::vector<measure_status>> statuses;
  /// Also return each measure's Shapley value per cell (by_cell).
  bool per_cell = false;
  unsigned threads = 1;
};

/// One measure's Shapley value on one cell, per year.
struct cell_share {
  Eigen::Index cell;
  std::size_t measure; ///< index into the measures given
  Eigen::ArrayXd shapley;
};

struct attribution_result {
  std::vector<std::size_t> measures; ///< rows: indices into the measures given (quantified, selected)
  std::vector<std::size_t> unquantified;
  std::vector<int> years;
  Eigen::ArrayXXd shapley; ///< measures x years, t CO2e
  Eigen::ArrayXXd alone;   ///< measures x years
  Eigen::ArrayXXd last_in; ///< measures x years
  Eigen::ArrayXd combined; ///< per year: the combined reduction (= column sums of shapley)
  std::vector<cell_share> by_cell;
};

/// Exact Shapley, alone and last-in attribution of a prepared portfolio.
inline attribution_result attribute(const portfolio& pf, bool per_cell = false, unsigned threads = 1) {
  const inventory& base = pf.baseline();
  const Eigen::Index nc = base.n_cells(), ny = base.n_years();
  const auto na = static_cast<Eigen::Index>(pf.active().size());
  const auto& B = base.values();
  const auto& R = pf.fractions();
  attribution_result out;
  out.measures = pf.active();
  out.unquantified = pf.unquantified();
  out.years = base.years();
  const std::ptrdiff_t parts = std::max<std::ptrdiff_t>(1, std::min<std::ptrdiff_t>(64, nc));
  struct acc {
    Eigen::ArrayXXd sh, al, li;
    Eigen::ArrayXd comb;
    std::vector<cell_share> cells;
  };
  std::vector<acc> accs(static_cast<std::size_t>(parts));
  // One quadrature rule per player count met (built here, read-only in the parts).
  std::size_t max_n = 0;
  for (Eigen::Index c = 0; c < nc; ++c) {
    const auto pr = pf.players(c);
    max_n = std::max(max_n, static_cast<std::size_t>(pr.second - pr.first));
  }
  std::vector<detail::gauss_legendre> rules;
  for (std::size_t k = 0; k <= (max_n + 1) / 2; ++k) rules.emplace_back(k);
  detail::parallel_parts(threads, nc, parts, [&](std::ptrdiff_t part, std::ptrdiff_t b, std::ptrdiff_t e) {
    acc& a = accs[static_cast<std::size_t>(part)];
    a.sh = a.al = a.li = Eigen::ArrayXXd::Zero(na, ny);
    a.comb = Eigen::ArrayXd::Zero(ny);
    std::vector<double> q, phi, work, pre, suf;
    for (Eigen::Index c = b; c < e; ++c) {
      const auto [p0, p1] = pf.players(c);
      const auto n = static_cast<std::size_t>(p1 - p0);
      const std::size_t first_cell = a.cells.size();
      if (per_cell)
        for (auto p = p0; p != p1; ++p) a.cells.push_back({c, pf.active()[*p], Eigen::ArrayXd::Zero(ny)});
      if (n == 0) continue;
      q.resize(n);
      phi.resize(n);
      pre.resize(n + 1);
      suf.resize(n + 1);
      for (Eigen::Index y = 0; y < ny; ++y) {
        const double bv = B(c, y);
        if (!(bv > 0.0)) continue;
        for (std::size_t i = 0; i < n; ++i) q[i] = 1.0 - R(p0[i], y);
        shapley_product_game(bv, q.data(), n, phi.data(), rules[(n + 1) / 2], work);
        pre[0] = 1.0;
        for (std::size_t i = 0; i < n; ++i) pre[i + 1] = pre[i] * q[i];
        suf[n] = 1.0;
        for (std::size_t i = n; i-- > 0;) suf[i] = suf[i + 1] * q[i];
        a.comb(y) += bv * (1.0 - pre[n]);
        for (std::size_t i = 0; i < n; ++i) {
          const auto row = static_cast<Eigen::Index>(p0[i]);
          a.sh(row, y) += phi[i];
          a.al(row, y) += bv * (1.0 - q[i]);
          a.li(row, y) += bv * (1.0 - q[i]) * pre[i] * suf[i + 1];
          if (per_cell) a.cells[first_cell + i].shapley(y) = phi[i];
        }
      }
    }
  });
  out.shapley = out.alone = out.last_in = Eigen::ArrayXXd::Zero(na, ny);
  out.combined = Eigen::ArrayXd::Zero(ny);
  for (auto& a : accs) {
    if (a.sh.size() == 0) continue;
    out.shapley += a.sh;
    out.alone += a.al;
    out.last_in += a.li;
    out.combined += a.comb;
    if (per_cell)
      for (auto& s : a.cells) out.by_cell.push_back(std::move(s));
  }
  // Removals: their own amount in every view.
  for (Eigen::Index a = 0; a < na; ++a)
    if (pf.is_removal(static_cast<std::size_t>(a))) {
      out.shapley.row(a) = pf.removal_amounts().row(a);
      out.alone.row(a) = pf.removal_amounts().row(a);
      out.last_in.row(a) = pf.removal_amounts().row(a);
      out.combined += pf.removal_amounts().row(a).transpose();
      if (per_cell)
        for (auto c : pf.scope_cells(static_cast<std::size_t>(a))) {
          cell_share s{c, pf.active()[static_cast<std::size_t>(a)], Eigen::ArrayXd::Zero(ny)};
          for (Eigen::Index y = 0; y < ny; ++y)
            s.shapley(y) = pf.removal_amounts()(a, y) * pf.removal_share(static_cast<std::size_t>(a), c, y);
          out.by_cell.push_back(std::move(s));
        }
    }
  return out;
}

/// Exact attribution of the measures (filtered by status) on a baseline.
inline attribution_result attribute(const inventory& baseline, const std::vector<measure>& measures,
                                    const attribution_options& opt = {}) {
  const portfolio pf(baseline, measures, opt.statuses);
  return attribute(pf, opt.per_cell, opt.threads);
}

/// Shapley values estimated by permutation sampling, with standard errors.
struct sampled_attribution {
  std::vector<std::size_t> measures; ///< rows, as in attribution_result
  std::vector<int> years;
  Eigen::ArrayXXd shapley;        ///< measures x years: the mean marginal contribution
  Eigen::ArrayXXd standard_error; ///< measures x years: sample sd / sqrt(permutations)
  std::size_t permutations = 0;
  std::uint64_t seed = 0;
};

namespace detail {
inline std::uint64_t splitmix64_mix(std::uint64_t x) noexcept {
  x += 0x9E3779B97F4A7C15ull;
  x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
  x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
  return x ^ (x >> 31);
}
} // namespace detail

/// Permutation sampling over `permutations` random orders of all measures
/// (each order drawn from its own stream splitmix64_mix(seed, p), so the result
/// does not depend on `threads`). Throws argument_error for fewer than 2.
inline sampled_attribution attribute_sampled(const portfolio& pf, std::size_t permutations, std::uint64_t seed = 1,
                                             unsigned threads = 1) {
  if (permutations < 2)
    throw argument_error("ghgtrack::attribute_sampled: at least 2 permutations are needed for a standard error (got " +
                         std::to_string(permutations) + ")");
  const inventory& base = pf.baseline();
  const Eigen::Index nc = base.n_cells(), ny = base.n_years();
  const auto na = static_cast<Eigen::Index>(pf.active().size());
  const auto& B = base.values();
  const auto& R = pf.fractions();
  const auto np = static_cast<std::ptrdiff_t>(permutations);
  const std::ptrdiff_t parts = std::min<std::ptrdiff_t>(np, 64);
  // parallel_parts may use fewer parts than asked (equal slices): unused ones stay zero.
  std::vector<Eigen::ArrayXXd> sum(static_cast<std::size_t>(parts), Eigen::ArrayXXd::Zero(na, ny)),
      sumsq(static_cast<std::size_t>(parts), Eigen::ArrayXXd::Zero(na, ny));
  detail::parallel_parts(threads, np, parts, [&](std::ptrdiff_t part, std::ptrdiff_t b, std::ptrdiff_t e) {
    auto& s = sum[static_cast<std::size_t>(part)];
    auto& s2 = sumsq[static_cast<std::size_t>(part)];
    Eigen::ArrayXXd x(na, ny);
    std::vector<std::uint32_t> order(static_cast<std::size_t>(na)), rank(static_cast<std::size_t>(na)), local;
    for (std::ptrdiff_t p = b; p < e; ++p) {
      std::uint64_t state = detail::splitmix64_mix(seed ^ detail::splitmix64_mix(static_cast<std::uint64_t>(p)));
      for (std::size_t i = 0; i < order.size(); ++i) order[i] = static_cast<std::uint32_t>(i);
      for (std::size_t i = order.size(); i > 1; --i) {
        state = detail::splitmix64_mix(state);
        const auto j = static_cast<std::size_t>(static_cast<double>(state >> 11) * (1.0 / 9007199254740992.0) *
                                                static_cast<double>(i));
        std::swap(order[i - 1], order[std::min(j, i - 1)]);
      }
      for (std::size_t i = 0; i < order.size(); ++i) rank[order[i]] = static_cast<std::uint32_t>(i);
      x.setZero();
      for (Eigen::Index c = 0; c < nc; ++c) {
        const auto [p0, p1] = pf.players(c);
        if (p0 == p1) continue;
        local.assign(p0, p1);
        std::sort(local.begin(), local.end(), [&](std::uint32_t u, std::uint32_t v) { return rank[u] < rank[v]; });
        for (Eigen::Index y = 0; y < ny; ++y) {
          const double bv = B(c, y);
          if (!(bv > 0.0)) continue;
          double prod = bv;
          for (auto i : local) {
            const double r = R(i, y);
            x(i, y) += prod * r;
            prod *= 1.0 - r;
          }
        }
      }
      s += x;
      s2 += x * x;
    }
  });
  Eigen::ArrayXXd total = Eigen::ArrayXXd::Zero(na, ny), total2 = Eigen::ArrayXXd::Zero(na, ny);
  for (std::ptrdiff_t p = 0; p < parts; ++p) {
    total += sum[static_cast<std::size_t>(p)];
    total2 += sumsq[static_cast<std::size_t>(p)];
  }
  const double P = static_cast<double>(permutations);
  sampled_attribution out;
  out.measures = pf.active();
  out.years = base.years();
  out.permutations = permutations;
  out.seed = seed;
  out.shapley = total / P;
  const Eigen::ArrayXXd var = ((total2 - total * total / P) / (P - 1.0)).max(0.0);
  out.standard_error = (var / P).sqrt();
  for (Eigen::Index a = 0; a < na; ++a)
    if (pf.is_removal(static_cast<std::size_t>(a))) {
      out.shapley.row(a) = pf.removal_amounts().row(a);
      out.standard_error.row(a).setZero();
    }
  return out;
}

/// Permutation sampling of the measures (filtered by status) on a baseline.
inline sampled_attribution attribute_sampled(const inventory& baseline, const std::vector<measure>& measures,
                                             std::size_t permutations, std::uint64_t seed = 1,
                                             const attribution_options& opt = {}) {
  const portfolio pf(baseline, measures, opt.statuses);
  return attribute_sampled(pf, permutations, seed, opt.threads);
}

} // namespace ghgtrack

#endif
