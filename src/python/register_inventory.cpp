// The inventory, its aggregations and the tidy CSV reader/writer.
//
// values() and keys() are returned as read-only numpy views of the Eigen
// storage (column-major, so numpy sees Fortran order), kept alive by the
// inventory object: no copy crosses the boundary.
#include <ghgtrack/csv.hpp>
#include <ghgtrack/inventory.hpp>

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "register.hpp"

namespace py = pybind11;
using ghgtrack::inventory;

namespace {

template <class T, class Array>
py::array view_of(const Array& a, py::handle owner) {
  const auto rows = static_cast<py::ssize_t>(a.rows());
  const auto cols = static_cast<py::ssize_t>(a.cols());
  const auto item = static_cast<py::ssize_t>(sizeof(T));
  py::array out(py::dtype::of<T>(), {rows, cols}, {item, item * rows}, a.data(), owner);
  // Read-only: the inventory's invariants are kept by its own methods.
  out.attr("flags").attr("writeable") = false;
  return out;
}

py::tuple to_python(const ghgtrack::aggregate& a) {
  py::array_t<double> values({a.values.rows(), a.values.cols()});
  py::array_t<std::uint8_t> flags({a.flags.rows(), a.flags.cols()});
  auto v = values.mutable_unchecked<2>();
  auto f = flags.mutable_unchecked<2>();
  for (Eigen::Index i = 0; i < a.values.rows(); ++i)
    for (Eigen::Index j = 0; j < a.values.cols(); ++j) {
      v(i, j) = a.values(i, j);
      f(i, j) = a.flags(i, j);
    }
  return py::make_tuple(a.labels, a.years, values, flags);
}

std::optional<ghgtrack::metric> metric_or_none(const std::optional<std::string>& m) {
  if (!m || m->empty()) return std::nullopt;
  return ghgtrack::parse_metric(*m);
}

// Builds an inventory from column arrays (the Python readers' common path).
inventory from_columns(const std::vector<std::string>& sectors, const std::vector<std::string>& sources,
                       const std::vector<std::string>& gases,
                       const py::array_t<long long, py::array::c_style | py::array::forcecast>& years,
                       const py::array_t<double, py::array::c_style | py::array::forcecast>& values,
                       const std::vector<std::string>& notations, const std::optional<std::string>& metric,
                       const std::string& origin,
                       const std::optional<py::array_t<long long, py::array::c_style | py::array::forcecast>>& rows) {
  const auto n = sectors.size();
  if (sources.size() != n || gases.size() != n || static_cast<std::size_t>(years.size()) != n ||
      static_cast<std::size_t>(values.size()) != n || (!notations.empty() && notations.size() != n) ||
      (rows && static_cast<std::size_t>(rows->size()) != n))
    throw ghgtrack::shape_error("ghgtrack: the columns of the rows have different lengths");
  ghgtrack::inventory_builder b(metric_or_none(metric), origin);
  b.reserve(n);
  const long long* y = years.data();
  const double* v = values.data();
  const long long* r = rows ? rows->data() : nullptr;
  std::string last_gas_text;
  ghgtrack::gas last_gas = ghgtrack::gas::co2;
  for (std::size_t i = 0; i < n; ++i) {
    const std::size_t row = r ? static_cast<std::size_t>(r[i]) : i + 1;
    if (i == 0 || gases[i] != last_gas_text) {
      try {
        last_gas = ghgtrack::parse_gas(gases[i]);
      } catch (const ghgtrack::unknown_gas_error& e) {
        throw ghgtrack::input_error(origin, row, "gas", gases[i], e.what());
      }
      last_gas_text = gases[i];
    }
    auto key = ghgtrack::notation::value;
    if (!notations.empty() && !notations[i].empty()) {
      const auto k = ghgtrack::parse_notation(notations[i]);
      if (!k) throw ghgtrack::input_error(origin, row, "notation", notations[i],
                                          "unknown notation key (accepted: NO, NE, IE, C, NA)");
      key = *k;
    }
    if (key == ghgtrack::notation::value && std::isnan(v[i]))
      throw ghgtrack::input_error(origin, row, "value", "",
                                  "the value is empty and no notation key says why (use NO, NE, IE, C or NA)");
    if (y[i] < ghgtrack::inventory_builder::min_year || y[i] > ghgtrack::inventory_builder::max_year)
      throw ghgtrack::input_error(origin, row, "year", std::to_string(y[i]), "impossible year");
    b.add(ghgtrack::detail::trim(sectors[i]), ghgtrack::detail::trim(sources[i]), last_gas,
          static_cast<int>(y[i]), v[i], key, row);
  }
  return b.build();
}

} // namespace

void register_inventory(py::module_& m) {
  // input_error carries where the problem is; the Python exception gets the
  // same fields as attributes (origin, row, column, value).
  py::register_exception<ghgtrack::input_error>(m, "InputError", PyExc_ValueError);
  py::register_exception<ghgtrack::unknown_label_error>(m, "UnknownLabelError", PyExc_KeyError);
  py::register_exception<ghgtrack::incompatible_error>(m, "IncompatibleError", PyExc_ValueError);
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const ghgtrack::input_error& e) {
      py::object cls = py::module_::import("ghgtrack._core").attr("InputError");
      py::object inst = cls(e.what());
      inst.attr("origin") = e.origin();
      inst.attr("row") = e.row();
      inst.attr("column") = e.column();
      inst.attr("value") = e.value();
      PyErr_SetObject(cls.ptr(), inst.ptr());
    }
  });

  py::class_<inventory>(m, "Inventory")
      .def_static("from_columns", &from_columns, py::arg("sectors"), py::arg("sources"), py::arg("gases"),
                  py::arg("years"), py::arg("values"), py::arg("notations"), py::arg("metric"),
                  py::arg("origin"), py::arg("rows") = py::none())
      .def_property_readonly("categories",
                             [](const inventory& inv) {
                               std::vector<std::tuple<std::string, std::string>> out;
                               for (const auto& c : inv.categories()) out.emplace_back(c.sector, c.source);
                               return out;
                             })
      .def_property_readonly("gases",
                             [](const inventory& inv) {
                               std::vector<std::string> out;
                               for (auto g : inv.gases()) out.emplace_back(ghgtrack::name(g));
                               return out;
                             })
      .def_property_readonly("years", &inventory::years)
      .def_property_readonly("sectors", &inventory::sectors)
      .def_property_readonly("metric",
                             [](const inventory& inv) -> std::optional<std::string> {
                               if (!inv.gwp_metric()) return std::nullopt;
                               return std::string(ghgtrack::name(*inv.gwp_metric()));
                             })
      .def_property_readonly("values", [](py::object self) {
        return view_of<double>(self.cast<const inventory&>().values(), self);
      })
      .def_property_readonly("keys", [](py::object self) {
        return view_of<std::uint8_t>(self.cast<const inventory&>().keys(), self);
      })
      .def("total", [](const inventory& inv) { return to_python(inv.total()); })
      .def("by_sector", [](const inventory& inv) { return to_python(inv.by_sector()); })
      .def("by_category", [](const inventory& inv) { return to_python(inv.by_category()); })
      .def("by_gas", [](const inventory& inv) { return to_python(inv.by_gas()); })
      .def(
          "select",
          [](const inventory& inv, const std::optional<std::vector<int>>& years,
             const std::optional<std::vector<std::string>>& sectors,
             const std::optional<std::vector<std::string>>& gases) {
            std::optional<std::vector<ghgtrack::gas>> gs;
            if (gases) {
              gs.emplace();
              for (const auto& g : *gases) gs->push_back(ghgtrack::parse_gas(g));
            }
            return inv.select(years, sectors, gs);
          },
          py::arg("years") = py::none(), py::arg("sectors") = py::none(), py::arg("gases") = py::none())
      .def(
          "restated", [](const inventory& inv, const std::string& to) { return inv.restated(ghgtrack::parse_metric(to)); },
          py::arg("metric"))
      .def("to_csv_text", [](const inventory& inv) { return ghgtrack::write_csv_text(inv); })
      .def(
          "to_csv", [](const inventory& inv, const std::string& path) { ghgtrack::write_csv(inv, path); },
          py::arg("path"), py::call_guard<py::gil_scoped_release>())
      .def(py::pickle(
          [](const inventory& inv) { return py::make_tuple(ghgtrack::write_csv_text(inv)); },
          [](const py::tuple& t) { return ghgtrack::read_csv_text(t[0].cast<std::string>(), "<pickle>"); }));

  m.def(
      "read_csv", [](const std::string& path) { return ghgtrack::read_csv(path); }, py::arg("path"),
      py::call_guard<py::gil_scoped_release>());
  m.def(
      "read_csv_text",
      [](const std::string& text, const std::string& origin) { return ghgtrack::read_csv_text(text, origin); },
      py::arg("text"), py::arg("origin") = "<csv>");
  m.def(
      "parse_number",
      [](const std::string& text, char delimiter) {
        double v = 0;
        const std::string err = ghgtrack::detail::parse_number(text, delimiter, v);
        if (!err.empty()) throw std::invalid_argument(err);
        return v;
      },
      py::arg("text"), py::arg("delimiter") = ';');
  m.def(
      "co2e_unit_scale", [](const std::string& unit) { return ghgtrack::detail::co2e_unit_scale(unit); },
      py::arg("unit"));
  m.def(
      "merge",
      [](const std::vector<inventory>& parts, const std::vector<std::string>& names) {
        return ghgtrack::merge(parts, names);
      },
      py::arg("parts"), py::arg("names") = std::vector<std::string>{});
}
