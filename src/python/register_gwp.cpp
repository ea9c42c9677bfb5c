// Gases, GWP metrics and CO2e conversions.
//
// Arrays: a C-contiguous float64 array of any shape comes in without a copy
// (other dtypes or layouts are converted once by pybind11), the result is a
// new array of the same shape written in place by the C++ kernel (on
// `threads` threads, default 1), with the GIL released while it runs.
#include <ghgtrack/co2e.hpp>
#include <ghgtrack/gas.hpp>
#include <ghgtrack/gwp.hpp>

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "register.hpp"

namespace py = pybind11;

namespace {

using in_array = py::array_t<double, py::array::c_style | py::array::forcecast>;

// A new result array shaped like `a`, or the caller's `out=` array after
// checking that it can take the result in place (float64, C-contiguous,
// writeable, same shape).
py::array_t<double> result_like(const in_array& a, const std::optional<py::array>& out) {
  if (!out) {
    std::vector<py::ssize_t> shape(a.shape(), a.shape() + a.ndim());
    return py::array_t<double>(shape);
  }
  const py::array& o = *out;
  const bool ok_type = py::isinstance<py::array_t<double>>(o) && o.dtype().is(py::dtype::of<double>());
  if (!ok_type || !(o.flags() & py::array::c_style) || !o.writeable())
    throw ghgtrack::shape_error("ghgtrack: out= must be a writeable, C-contiguous float64 array");
  if (o.ndim() != a.ndim() || !std::equal(a.shape(), a.shape() + a.ndim(), o.shape()))
    throw ghgtrack::shape_error("ghgtrack: out= has another shape than the input");
  return py::reinterpret_borrow<py::array_t<double>>(o);
}

// Flat Eigen views of the numpy buffers (any shape; C-contiguous).
Eigen::Map<const Eigen::ArrayXd> flat(const in_array& a) { return {a.data(), static_cast<Eigen::Index>(a.size())}; }
Eigen::Map<Eigen::ArrayXd> flat(py::array_t<double>& a) {
  return {a.mutable_data(), static_cast<Eigen::Index>(a.size())};
}

// The GIL is released around the kernel only when it runs long enough for
// that to pay (releasing and taking it back costs about 0.1 us; 1,000 values
// take about 0.3 us).
class release_if_long {
public:
  explicit release_if_long(Eigen::Index n) {
    if (n >= (Eigen::Index{1} << 14)) release_.emplace();
  }

private:
  std::optional<py::gil_scoped_release> release_;
};

// `kernel(in, out)` into a new array shaped like `in` (or the caller's `out=`),
// with the GIL released around it for long arrays.
template <class Kernel>
py::array_t<double> elementwise(const in_array& in, const std::optional<py::array>& out_arg, Kernel&& kernel) {
  auto out = result_like(in, out_arg);
  auto in_view = flat(in);
  auto out_view = flat(out);
  {
    const release_if_long release(in_view.size());
    kernel(in_view, out_view);
  }
  return out;
}

std::vector<std::string> names(const std::vector<ghgtrack::gas>& gs) {
  std::vector<std::string> out;
  out.reserve(gs.size());
  for (auto g : gs) out.emplace_back(ghgtrack::name(g));
  return out;
}

} // namespace

void register_gwp(py::module_& m) {
  m.def(
      "gwp",
      [](const std::string& gas, const std::string& metric) {
        return ghgtrack::gwp(ghgtrack::parse_gas(gas), ghgtrack::parse_metric(metric));
      },
      py::arg("gas"), py::arg("metric"));

  m.def(
      "has_gwp",
      [](const std::string& gas, const std::string& metric) {
        return ghgtrack::has_gwp(ghgtrack::parse_gas(gas), ghgtrack::parse_metric(metric));
      },
      py::arg("gas"), py::arg("metric"));

  m.def("gases", [] { return names(ghgtrack::all_gases()); });

  m.def("metrics", [] {
    std::vector<std::string> out;
    for (auto mt : ghgtrack::all_metrics()) out.emplace_back(ghgtrack::name(mt));
    return out;
  });

  m.def(
      "gas_name", [](const std::string& gas) { return std::string(ghgtrack::name(ghgtrack::parse_gas(gas))); },
      py::arg("gas"));

  m.def(
      "metric_name",
      [](const std::string& metric) { return std::string(ghgtrack::name(ghgtrack::parse_metric(metric))); },
      py::arg("metric"));

  m.def(
      "is_basket", [](const std::string& gas) { return ghgtrack::is_basket(ghgtrack::parse_gas(gas)); },
      py::arg("gas"));

  m.def(
      "members", [](const std::string& gas) { return names(ghgtrack::members(ghgtrack::parse_gas(gas))); },
      py::arg("gas"));

  m.def(
      "to_co2e_array",
      [](const in_array& tonnes, const std::string& gas, const std::string& metric,
         const std::optional<py::array>& out_arg, unsigned threads) {
        const auto g = ghgtrack::parse_gas(gas);
        const auto mt = ghgtrack::parse_metric(metric);
        (void)ghgtrack::gwp(g, mt); // raise before allocating
        return elementwise(tonnes, out_arg,
                           [&](const auto& in, auto& out) { ghgtrack::to_co2e(in, g, mt, out, threads); });
      },
      py::arg("tonnes"), py::arg("gas"), py::arg("metric"), py::arg("out") = py::none(), py::arg("threads") = 1);

  m.def(
      "from_co2e_array",
      [](const in_array& tonnes_co2e, const std::string& gas, const std::string& metric,
         const std::optional<py::array>& out_arg, unsigned threads) {
        const auto g = ghgtrack::parse_gas(gas);
        const auto mt = ghgtrack::parse_metric(metric);
        (void)ghgtrack::gwp(g, mt); // raise before allocating
        return elementwise(tonnes_co2e, out_arg,
                           [&](const auto& in, auto& out) { ghgtrack::from_co2e(in, g, mt, out, threads); });
      },
      py::arg("tonnes_co2e"), py::arg("gas"), py::arg("metric"), py::arg("out") = py::none(), py::arg("threads") = 1);

  m.def(
      "convert_co2e_array",
      [](const in_array& tonnes_co2e, const std::string& gas, const std::string& from_metric,
         const std::string& to_metric, const std::optional<py::array>& out_arg, unsigned threads) {
        const auto g = ghgtrack::parse_gas(gas);
        const auto from = ghgtrack::parse_metric(from_metric);
        const auto to = ghgtrack::parse_metric(to_metric);
        (void)ghgtrack::gwp(g, from); // raise before allocating
        (void)ghgtrack::gwp(g, to);
        return elementwise(tonnes_co2e, out_arg,
                           [&](const auto& in, auto& out) { ghgtrack::convert_co2e(in, g, from, to, out, threads); });
      },
      py::arg("tonnes_co2e"), py::arg("gas"), py::arg("from_metric"), py::arg("to_metric"), py::arg("out") = py::none(),
      py::arg("threads") = 1);
}
