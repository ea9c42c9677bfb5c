// Miljødirektoratet's municipal workbook, read by the C++ reader
// (include/ghgtrack/miljodirektoratet.hpp, library ghgtrack::xlsx). Only
// marshals: the result's parts become tuples, lists and numpy arrays; the
// Python layer (python/ghgtrack/readers.py) makes the Inventory objects,
// the checks frame and the warning.
#include <ghgtrack/gwp.hpp>
#include <ghgtrack/miljodirektoratet.hpp>

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <optional>
#include <string>
#include <vector>

#include "register.hpp"

namespace py = pybind11;

namespace {

py::dict checks_to_python(const std::vector<ghgtrack::miljodirektoratet::overview_check>& checks) {
  const auto n = static_cast<py::ssize_t>(checks.size());
  py::array_t<long long> year(n);
  py::array_t<double> detail(n), overview(n), difference(n), tolerance(n);
  py::array_t<bool> ok(n);
  py::list sector;
  for (py::ssize_t i = 0; i < n; ++i) {
    const auto& c = checks[static_cast<std::size_t>(i)];
    year.mutable_at(i) = c.year;
    detail.mutable_at(i) = c.detail;
    overview.mutable_at(i) = c.overview;
    difference.mutable_at(i) = c.difference;
    tolerance.mutable_at(i) = c.tolerance;
    ok.mutable_at(i) = c.ok;
    sector.append(c.sector);
  }
  py::dict d;
  d["year"] = year;
  d["sector"] = sector;
  d["detail"] = detail;
  d["overview"] = overview;
  d["difference"] = difference;
  d["tolerance"] = tolerance;
  d["ok"] = ok;
  return d;
}

} // namespace

void register_xlsx(py::module_& m) {
  m.def(
      "read_miljodirektoratet",
      [](const std::string& path, const std::vector<std::string>& municipalities, bool several,
         const std::optional<std::string>& metric, bool check, unsigned threads) {
        ghgtrack::miljodirektoratet::options opts;
        opts.gwp_metric = metric && !metric->empty() ? std::optional<ghgtrack::metric>(ghgtrack::parse_metric(*metric))
                                                     : std::nullopt;
        opts.check = check;
        opts.several = several;
        opts.threads = threads;
        ghgtrack::miljodirektoratet::workbook_accounts r;
        {
          py::gil_scoped_release release;
          r = ghgtrack::miljodirektoratet::read(path, municipalities, opts);
        }
        py::list accounts;
        for (auto& a : r.municipalities) {
          py::object checks = a.checked ? py::object(checks_to_python(a.checks)) : py::none();
          accounts.append(py::make_tuple(a.municipality, std::move(a.inv), checks, a.inferred_not_occurring));
        }
        return py::make_tuple(r.info, r.all_municipalities, accounts);
      },
      py::arg("path"), py::arg("municipalities"), py::arg("several"), py::arg("metric"), py::arg("check"),
      py::arg("threads") = 1,
      "Reads Miljødirektoratet's municipal workbook: (info, all_municipalities, [(municipality, Inventory, checks "
      "or None, inferred_not_occurring)]).");
}
