// Gases, GWP metrics and CO2e conversions.
//
// Arrays: a C-contiguous float64 array of any shape comes in without a copy
// (other dtypes or layouts are converted once by pybind11), the result is a
// new array of the same shape written in place by the C++ kernel, with the
// GIL released while it runs.
#include <ghgtrack/co2e.hpp>
#include <ghgtrack/gas.hpp>
#include <ghgtrack/gwp.hpp>

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "parallel.hpp"
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

// Runs kernel(in_segment, out_segment) over the arrays in parallel chunks,
// without the GIL. Each chunk is an Eigen view of the numpy buffers.
template <class Kernel>
void elementwise(const in_array& in, py::array_t<double>& out, Kernel kernel) {
  const double* src = in.data();
  double* dst = out.mutable_data();
  py::gil_scoped_release release;
  ghgtrack_py::parallel_chunks(in.size(), [&](std::ptrdiff_t b, std::ptrdiff_t e) {
    const Eigen::Map<const Eigen::ArrayXd> i(src + b, e - b);
    Eigen::Map<Eigen::ArrayXd> o(dst + b, e - b);
    kernel(i, o);
  });
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
         const std::optional<py::array>& out_arg) {
        const auto g = ghgtrack::parse_gas(gas);
        const auto mt = ghgtrack::parse_metric(metric);
        (void)ghgtrack::gwp(g, mt); // raise before allocating
        auto out = result_like(tonnes, out_arg);
        elementwise(tonnes, out, [&](const auto& i, auto& o) { ghgtrack::to_co2e(i, g, mt, o); });
        return out;
      },
      py::arg("tonnes"), py::arg("gas"), py::arg("metric"), py::arg("out") = py::none());

  m.def(
      "convert_co2e_array",
      [](const in_array& tonnes_co2e, const std::string& gas, const std::string& from_metric,
         const std::string& to_metric, const std::optional<py::array>& out_arg) {
        const auto g = ghgtrack::parse_gas(gas);
        const auto from = ghgtrack::parse_metric(from_metric);
        const auto to = ghgtrack::parse_metric(to_metric);
        (void)ghgtrack::gwp(g, from); // raise before allocating
        (void)ghgtrack::gwp(g, to);
        auto out = result_like(tonnes_co2e, out_arg);
        elementwise(tonnes_co2e, out,
                    [&](const auto& i, auto& o) { ghgtrack::convert_co2e(i, g, from, to, o); });
        return out;
      },
      py::arg("tonnes_co2e"), py::arg("gas"), py::arg("from_metric"), py::arg("to_metric"),
      py::arg("out") = py::none());
}
