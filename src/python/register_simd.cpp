// Bindings of simd.hpp (which SIMD target the kernels run on) and of the
// batch calls on the dispatched kernels (series_batch.hpp). Marshalling only.
#include <pybind11/eigen.h>
#include <pybind11/stl.h>

#include <ghgtrack/pathway.hpp>
#include <ghgtrack/series.hpp>
#include <ghgtrack/series_batch.hpp>
#include <ghgtrack/simd.hpp>

#include <optional>

#include "register.hpp"

namespace py = pybind11;
using namespace ghgtrack;

void register_simd(py::module_& m) {
  m.def("simd_target", &simd::target, "The SIMD target the kernels run on now (simd.hpp)");
  m.def("simd_available_targets", &simd::available_targets, "The targets this CPU supports, best first");
  m.def("simd_compiled_targets", &simd::compiled_targets, "The targets compiled into the module, best first");
  m.def("set_simd_target", &simd::force_target, py::arg("name"),
        "Force a SIMD target ('avx512', 'avx2', 'sse4', 'sse2') or go back to the best ('auto')");
  m.attr("simd_dispatched") = simd::dispatched();

  py::class_<interpolated_series>(m, "InterpolatedSeries", "Many series interpolated and cumulated (series_batch.hpp)")
      .def_readonly("values", &interpolated_series::values)
      .def_readonly("cumulative", &interpolated_series::cumulative)
      .def_readonly("first", &interpolated_series::first)
      .def_readonly("last", &interpolated_series::last);
  m.def(
      "interpolate_cumulate",
      [](const Eigen::Ref<const Eigen::ArrayXd>& years, const Eigen::Ref<const series_rows>& values, series_fill fill,
         cumulative_convention convention, std::optional<int> first, std::optional<int> last, unsigned threads) {
        py::gil_scoped_release release;
        return interpolate_cumulate(years, values, fill, convention, first, last, threads);
      },
      py::arg("years"), py::arg("values"), py::kw_only(), py::arg("fill") = series_fill::none,
      py::arg("convention") = cumulative_convention::annual_sum, py::arg("first") = py::none(),
      py::arg("last") = py::none(), py::arg("threads") = 1u);
}
