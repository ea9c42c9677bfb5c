// ghgtrack/co2e.hpp: the only crossings between gas mass and CO2-equivalent.
//
// Each conversion names the gas and the GWP metric, so a CO2e figure always
// says what it is on. Scalar forms take and return Boost.Units quantities;
// array forms take Eigen arrays in the canonical array units (tonnes of gas,
// tonnes CO2e) and are what the Python bindings and the inventory use.
#ifndef GHGTRACK_CO2E_HPP
#define GHGTRACK_CO2E_HPP

#include <Eigen/Core>

#include <cstddef>
#include <string>

#include "ghgtrack/detail/parallel.hpp"
#include "ghgtrack/simd.hpp"
#include "ghgtrack/error.hpp"
#include "ghgtrack/gas.hpp"
#include "ghgtrack/gwp.hpp"
#include "ghgtrack/units.hpp"

namespace ghgtrack {

/// CO2e of a mass of `g` under metric `m`. Throws missing_gwp_error.
inline units::co2e to_co2e(units::mass amount, gas g, metric m) {
  return units::value_in(amount, units::tonne) * gwp(g, m) * units::tonne_co2e;
}

/// The mass of `g` whose CO2e under `m` is `amount`. Throws missing_gwp_error.
inline units::mass from_co2e(units::co2e amount, gas g, metric m) {
  return units::value_in(amount, units::tonne_co2e) / gwp(g, m) * units::tonne;
}

/// CO2e of `g` restated from metric `from` to metric `to`: the same gas mass
/// valued with another GWP. Throws missing_gwp_error for either metric.
inline units::co2e convert_co2e(units::co2e amount, gas g, metric from, metric to) {
  return amount * (gwp(g, to) / gwp(g, from));
}

namespace detail {
// out = in * factor over slices of the arrays on up to `threads` threads
// (elementwise, so the result is the same for any thread count).
inline void scale_into(const Eigen::Ref<const Eigen::ArrayXd>& in, double factor, Eigen::Ref<Eigen::ArrayXd> out,
                       unsigned threads) {
  // Slices of at least 2^16 elements: a small input starts no thread.
  parallel_for(threads, static_cast<std::ptrdiff_t>(in.size()),
               [&](std::ptrdiff_t b, std::ptrdiff_t e) { simd::scale(in.data() + b, factor, out.data() + b, e - b); });
}
} // namespace detail

/// Array form: `out = tonnes * GWP` (t CO2e). `out` may alias `tonnes`.
/// `threads`: 1 (default) starts no thread, 0 one per hardware thread
/// (detail/parallel.hpp). Throws shape_error on differing sizes,
/// missing_gwp_error as above.
inline void to_co2e(const Eigen::Ref<const Eigen::ArrayXd>& tonnes, gas g, metric m, Eigen::Ref<Eigen::ArrayXd> out,
                    unsigned threads = 1) {
  if (out.size() != tonnes.size())
    throw shape_error("ghgtrack::to_co2e: output has " + std::to_string(out.size()) + " elements, input has " +
                      std::to_string(tonnes.size()));
  detail::scale_into(tonnes, gwp(g, m), out, threads);
}

/// Array form returning a new array of t CO2e.
inline Eigen::ArrayXd to_co2e(const Eigen::Ref<const Eigen::ArrayXd>& tonnes, gas g, metric m) {
  Eigen::ArrayXd out(tonnes.size());
  simd::scale(tonnes.data(), gwp(g, m), out.data(), tonnes.size());
  return out;
}

/// Array form of from_co2e: `out = tonnes_co2e / GWP` (t of gas). `out`
/// may alias the input; `threads` as for to_co2e. Throws shape_error,
/// missing_gwp_error.
inline void from_co2e(const Eigen::Ref<const Eigen::ArrayXd>& tonnes_co2e, gas g, metric m,
                      Eigen::Ref<Eigen::ArrayXd> out, unsigned threads = 1) {
  if (out.size() != tonnes_co2e.size())
    throw shape_error("ghgtrack::from_co2e: output has " + std::to_string(out.size()) + " elements, input has " +
                      std::to_string(tonnes_co2e.size()));
  detail::scale_into(tonnes_co2e, 1.0 / gwp(g, m), out, threads);
}

/// Array form of convert_co2e into `out` (t CO2e in, t CO2e out); may alias.
/// `threads` as for to_co2e.
inline void convert_co2e(const Eigen::Ref<const Eigen::ArrayXd>& tonnes_co2e, gas g, metric from, metric to,
                         Eigen::Ref<Eigen::ArrayXd> out, unsigned threads = 1) {
  if (out.size() != tonnes_co2e.size())
    throw shape_error("ghgtrack::convert_co2e: output has " + std::to_string(out.size()) + " elements, input has " +
                      std::to_string(tonnes_co2e.size()));
  detail::scale_into(tonnes_co2e, gwp(g, to) / gwp(g, from), out, threads);
}

/// Array form of convert_co2e (t CO2e in, t CO2e out).
inline Eigen::ArrayXd convert_co2e(const Eigen::Ref<const Eigen::ArrayXd>& tonnes_co2e, gas g, metric from, metric to) {
  Eigen::ArrayXd out(tonnes_co2e.size());
  simd::scale(tonnes_co2e.data(), gwp(g, to) / gwp(g, from), out.data(), tonnes_co2e.size());
  return out;
}

} // namespace ghgtrack

#endif
