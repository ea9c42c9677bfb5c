// ghgtrack._core: only registers the areas; see register_*.cpp.
#include <ghgtrack/error.hpp>
#include <ghgtrack/version.hpp>

#include "register.hpp"

namespace py = pybind11;

PYBIND11_MODULE(_core, m) {
  m.doc() = "ghgtrack's compiled core (private; use the ghgtrack package)";
  m.attr("__version__") = GHGTRACK_VERSION_STRING;

  // ghgtrack's errors are ValueErrors in Python, with their own classes so a
  // caller can tell an unknown gas from an unknown metric.
  py::register_exception<ghgtrack::unknown_gas_error>(m, "UnknownGasError", PyExc_ValueError);
  py::register_exception<ghgtrack::unknown_metric_error>(m, "UnknownMetricError", PyExc_ValueError);
  py::register_exception<ghgtrack::missing_gwp_error>(m, "MissingGwpError", PyExc_ValueError);
  py::register_exception<ghgtrack::shape_error>(m, "ShapeError", PyExc_ValueError);
  py::register_exception<ghgtrack::argument_error>(m, "ArgumentError", PyExc_ValueError);
  py::register_exception<ghgtrack::no_solution_error>(m, "NoSolutionError", PyExc_ValueError);
  py::register_exception<ghgtrack::io_error>(m, "IoError", PyExc_OSError);

  register_gwp(m);
  register_inventory(m);
  register_tracking(m);
  register_analysis(m);
  register_ledger(m);
  register_planning(m);
  register_costs(m);
  register_xlsx(m);
  register_nowcast(m);
  register_simd(m);
}
