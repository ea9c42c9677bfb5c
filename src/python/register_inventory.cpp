// The inventory, its aggregations, the one row-ingestion path and the tidy
// CSV reader/writer.
//
// values() and keys() are returned as read-only numpy views of the Eigen
// storage (column-major, so numpy sees Fortran order), kept alive by the
// inventory object: no copy crosses the boundary. Everything here only
// marshals: every rule (what a row may hold, units, notation keys) is in
// include/ghgtrack/. Long work runs with the GIL released.
#include <ghgtrack/aggregate.hpp>
#include <ghgtrack/co2e_units.hpp>
#include <ghgtrack/csv.hpp>
#include <ghgtrack/inventory.hpp>
#include <ghgtrack/inventory_builder.hpp>
#include <ghgtrack/merge.hpp>
#include <ghgtrack/notation.hpp>

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include <cmath>
#include <optional>
#include <utility>
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

// Runs an aggregation without the GIL, then converts.
template <class Fn>
py::tuple aggregated(Fn&& fn) {
  ghgtrack::aggregate a;
  {
    py::gil_scoped_release release;
    a = fn();
  }
  return to_python(a);
}

std::optional<ghgtrack::metric> metric_or_none(const std::optional<std::string>& m) {
  if (!m || m->empty()) return std::nullopt;
  return ghgtrack::parse_metric(*m);
}

// One column of raw cells as Python gave them: a numeric numpy array (typed
// numbers), or any sequence of str / numbers / None.
struct cell_column {
  std::vector<std::string> text;
  std::vector<double> number;
  std::vector<std::uint8_t> is_number;
  bool all_numbers = false;
};

cell_column marshal(const py::handle& obj, std::size_t n) {
  cell_column c;
  if (py::isinstance<py::array>(obj)) {
    const auto arr = py::reinterpret_borrow<py::array>(obj);
    const char kind = arr.dtype().kind();
    if (kind == 'f' || kind == 'i' || kind == 'u') {
      const auto d = py::array_t<double, py::array::c_style | py::array::forcecast>::ensure(arr);
      if (static_cast<std::size_t>(d.size()) != n)
        throw ghgtrack::shape_error("ghgtrack: the columns of the rows have different lengths");
      c.number.assign(d.data(), d.data() + d.size());
      c.all_numbers = true;
      return c;
    }
  }
  c.text.resize(n);
  c.number.resize(n);
  c.is_number.resize(n);
  // Booleans (Python's or numpy's) are not numbers: they reach the row
  // check as the text "True"/"False", which it refuses where a number or a
  // year belongs (never 1 t and 0 t).
  const py::object numpy_bool = py::module_::import("numpy").attr("bool_");
  std::size_t i = 0;
  for (const py::handle item : py::iter(obj)) {
    if (i >= n) throw ghgtrack::shape_error("ghgtrack: the columns of the rows have different lengths");
    if (item.is_none()) {
      // an empty cell
    } else if (py::isinstance<py::str>(item)) {
      // A str may hold lone surrogates (text decoded with surrogateescape):
      // its bytes go on, and the row check names the cell that is not UTF-8.
      Py_ssize_t len = 0;
      if (const char* u = PyUnicode_AsUTF8AndSize(item.ptr(), &len)) {
        c.text[i].assign(u, static_cast<std::size_t>(len));
      } else {
        PyErr_Clear();
        c.text[i] = py::reinterpret_steal<py::bytes>([&] {
                      PyObject* b = PyUnicode_AsEncodedString(item.ptr(), "utf-8", "surrogateescape");
                      if (!b) { // a surrogate surrogateescape did not make
                        PyErr_Clear();
                        b = PyUnicode_AsEncodedString(item.ptr(), "utf-8", "surrogatepass");
                      }
                      if (!b) throw py::error_already_set();
                      return b;
                    }())
                        .cast<std::string>();
      }
    } else if (py::isinstance<py::bool_>(item) || py::isinstance(item, numpy_bool)) {
      c.text[i] = PyObject_IsTrue(item.ptr()) ? "True" : "False";
    } else if ((py::isinstance<py::float_>(item) || py::isinstance<py::int_>(item) || py::hasattr(item, "__float__"))) {
      c.number[i] = item.cast<double>();
      c.is_number[i] = 1;
    } else {
      c.text[i] = py::str(item).cast<std::string>();
    }
    ++i;
  }
  if (i != n) throw ghgtrack::shape_error("ghgtrack: the columns of the rows have different lengths");
  return c;
}

// A cell for the year or value column: typed numbers stay numbers.
ghgtrack::input_cell cell_at(const cell_column& c, std::size_t i) {
  if (c.all_numbers || c.is_number[i]) return ghgtrack::input_cell(c.number[i]);
  return ghgtrack::input_cell(std::string_view(c.text[i]));
}

// A cell for a text column: a typed number is written as text (NaN: empty).
std::string_view text_at(const cell_column& c, std::size_t i, std::string& scratch) {
  if (c.all_numbers || c.is_number[i]) {
    const double v = c.number[i];
    scratch = std::isnan(v) ? std::string() : ghgtrack::number_to_text(v);
    return scratch;
  }
  return c.text[i];
}

// An origin (a file name) as the C++ core keeps it: bytes as they are; a
// str as os.fsencode() gives it (a name that is not UTF-8 comes as a str
// with its bytes kept by surrogateescape). Marshalling only.
std::string origin_text(const py::object& origin) {
  if (!PyUnicode_Check(origin.ptr())) return origin.cast<std::string>();
  PyObject* b = PyUnicode_AsEncodedString(origin.ptr(), "utf-8", "surrogateescape");
  if (!b) throw py::error_already_set();
  return py::reinterpret_steal<py::bytes>(b);
}

// Rows given as columns of raw cells, named by `header` (the tidy column
// names). Every row goes through inventory_builder::add_row, the one row
// check. `rows` gives each row's number in the origin (default: 1, 2, ...).
inventory from_cells(const std::vector<std::string>& header, const py::list& columns, const py::object& origin_obj,
                     const std::optional<std::string>& metric,
                     const std::optional<py::array_t<long long, py::array::c_style | py::array::forcecast>>& rows,
                     const std::string& delimiter) {
  const std::string origin = origin_text(origin_obj);
  if (columns.size() != header.size())
    throw ghgtrack::shape_error("ghgtrack: " + std::to_string(header.size()) + " column names for " +
                                std::to_string(columns.size()) + " columns");
  if (delimiter.size() != 1) throw ghgtrack::argument_error("ghgtrack: delimiter must be one character, e.g. ';'");
  std::vector<std::string_view> names(header.begin(), header.end());
  const auto at = ghgtrack::tidy_layout(names, origin);
  const std::size_t n = columns.empty() ? 0 : static_cast<std::size_t>(py::len(columns[0]));
  std::vector<cell_column> cols;
  cols.reserve(columns.size());
  for (const auto& col : columns) cols.push_back(marshal(col, n));
  if (rows && static_cast<std::size_t>(rows->size()) != n)
    throw ghgtrack::shape_error("ghgtrack: rows= has another length than the columns");
  const long long* r = rows ? rows->data() : nullptr;
  const auto m = metric_or_none(metric);
  py::gil_scoped_release release;
  ghgtrack::inventory_builder b(m, origin, delimiter[0]);
  b.reserve(n);
  using tc = ghgtrack::tidy_column;
  auto col = [&](tc k) -> const cell_column* {
    const int i = at[static_cast<std::size_t>(k)];
    return i < 0 ? nullptr : &cols[static_cast<std::size_t>(i)];
  };
  const cell_column* c_year = col(tc::year);
  const cell_column* c_value = col(tc::value);
  const cell_column* c_sector = col(tc::sector);
  const cell_column* c_source = col(tc::source);
  const cell_column* c_gas = col(tc::gas);
  const cell_column* c_unit = col(tc::unit);
  const cell_column* c_metric = col(tc::metric);
  const cell_column* c_notation = col(tc::notation);
  std::string s_sector, s_source, s_gas, s_unit, s_metric, s_notation;
  for (std::size_t i = 0; i < n; ++i) {
    ghgtrack::input_row row;
    row.row = r ? static_cast<std::size_t>(r[i]) : i + 1;
    row.year = cell_at(*c_year, i);
    row.value = cell_at(*c_value, i);
    row.sector = text_at(*c_sector, i, s_sector);
    row.source = text_at(*c_source, i, s_source);
    row.gas = text_at(*c_gas, i, s_gas);
    if (c_unit) row.unit = text_at(*c_unit, i, s_unit);
    if (c_metric) row.metric = text_at(*c_metric, i, s_metric);
    if (c_notation) row.notation = text_at(*c_notation, i, s_notation);
    b.add_row(row);
  }
  return b.build();
}

// The Python InputError for a C++ input_error, with its fields as attributes.
// Text from a file need not be UTF-8 (a cp1252 label, a file name in
// another encoding): the origin decodes as os.fsdecode() does (so
// os.fsencode(e.origin) is the path), column and value with \xNN for the
// bytes that are not UTF-8 (as the message shows them). Marshalling only.
py::str decoded(const std::string& s, const char* errors) {
  PyObject* o = PyUnicode_DecodeUTF8(s.data(), static_cast<Py_ssize_t>(s.size()), errors);
  if (!o) throw py::error_already_set();
  return py::reinterpret_steal<py::str>(o);
}

py::object python_input_error(const ghgtrack::input_error& e) {
  py::object cls = py::module_::import("ghgtrack._core").attr("InputError");
  py::object inst = cls(e.what()); // valid UTF-8: error.hpp escapes the rest
  inst.attr("origin") = decoded(e.origin(), "surrogateescape");
  inst.attr("row") = e.row();
  inst.attr("column") = decoded(e.column(), "backslashreplace");
  inst.attr("value") = decoded(e.value(), "backslashreplace");
  return inst;
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
      py::object inst = python_input_error(e);
      PyErr_SetObject(py::type::handle_of(inst).ptr(), inst.ptr());
    }
  });
  m.def(
      "input_error",
      [](const py::object& origin, std::size_t row, const std::string& column, const std::string& value,
         const std::string& problem) {
        return python_input_error(ghgtrack::input_error(origin_text(origin), row, column, value, problem));
      },
      py::arg("origin"), py::arg("row"), py::arg("column"), py::arg("value"), py::arg("problem"),
      "An InputError (to raise) worded as the C++ core words it, with origin, row, column and value.");

  py::enum_<ghgtrack::aggregate_flag>(m, "AggregateFlag", py::arithmetic())
      .value("INCOMPLETE", ghgtrack::aggregate_flag::incomplete)
      .value("NO_VALUE", ghgtrack::aggregate_flag::no_value)
      .value("NOT_FINITE", ghgtrack::aggregate_flag::not_finite);

  m.def("notation_names", [] {
    std::vector<std::string> out;
    for (std::size_t i = 0; i < ghgtrack::notation_count; ++i)
      out.emplace_back(ghgtrack::name(static_cast<ghgtrack::notation>(i)));
    return out;
  });
  m.def("unknown_notation_codes", [] {
    std::vector<int> out;
    for (std::size_t i = 0; i < ghgtrack::notation_count; ++i)
      if (ghgtrack::is_unknown(static_cast<ghgtrack::notation>(i))) out.push_back(static_cast<int>(i));
    return out;
  });
  m.def(
      "notation_code",
      [](const std::string& name) -> std::optional<int> {
        if (name.empty()) return 0;
        const auto k = ghgtrack::parse_notation(name);
        if (!k) return std::nullopt;
        return static_cast<int>(*k);
      },
      py::arg("name"));
  m.def("tidy_columns", [] {
    return std::vector<std::string>(ghgtrack::tidy_column_names.begin(), ghgtrack::tidy_column_names.end());
  });

  py::class_<inventory>(m, "Inventory")
      .def_static("from_cells", &from_cells, py::arg("header"), py::arg("columns"), py::arg("origin"),
                  py::arg("metric") = py::none(), py::arg("rows") = py::none(), py::arg("delimiter") = ",")
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
      .def_property_readonly("sources", &inventory::sources)
      .def_property_readonly("metric",
                             [](const inventory& inv) -> std::optional<std::string> {
                               if (!inv.gwp_metric()) return std::nullopt;
                               return std::string(ghgtrack::name(*inv.gwp_metric()));
                             })
      .def_property_readonly(
          "values", [](py::object self) { return view_of<double>(self.cast<const inventory&>().values(), self); })
      .def_property_readonly(
          "keys", [](py::object self) { return view_of<std::uint8_t>(self.cast<const inventory&>().keys(), self); })
      .def("tidy_row_mask",
           [](const inventory& inv) {
             const ghgtrack::key_array mask = ghgtrack::tidy_row_mask(inv);
             py::array_t<bool> out({mask.rows(), mask.cols()});
             auto o = out.mutable_unchecked<2>();
             for (Eigen::Index i = 0; i < mask.rows(); ++i)
               for (Eigen::Index j = 0; j < mask.cols(); ++j) o(i, j) = mask(i, j) != 0;
             return out;
           })
      .def("total", [](const inventory& inv) { return aggregated([&] { return inv.total(); }); })
      .def("by_sector", [](const inventory& inv) { return aggregated([&] { return inv.by_sector(); }); })
      .def("by_category", [](const inventory& inv) { return aggregated([&] { return inv.by_category(); }); })
      .def("by_gas", [](const inventory& inv) { return aggregated([&] { return inv.by_gas(); }); })
      .def(
          "select",
          [](const inventory& inv, const std::optional<std::vector<int>>& years,
             const std::optional<std::vector<std::string>>& sectors,
             const std::optional<std::vector<std::string>>& gases,
             const std::optional<std::vector<std::string>>& sources) {
            std::optional<std::vector<ghgtrack::gas>> gs;
            if (gases) {
              gs.emplace();
              for (const auto& g : *gases) gs->push_back(ghgtrack::parse_gas(g));
            }
            py::gil_scoped_release release;
            return inv.select(years, sectors, gs, sources);
          },
          py::arg("years") = py::none(), py::arg("sectors") = py::none(), py::arg("gases") = py::none(),
          py::arg("sources") = py::none())
      .def(
          "restated",
          [](const inventory& inv, const std::string& to) {
            const auto mt = ghgtrack::parse_metric(to);
            py::gil_scoped_release release;
            return inv.restated(mt);
          },
          py::arg("metric"))
      .def("to_csv_text", [](const inventory& inv) { return ghgtrack::write_csv_text(inv); })
      .def(
          "to_csv", [](const inventory& inv, const std::string& path) { ghgtrack::write_csv(inv, path); },
          py::arg("path"), py::call_guard<py::gil_scoped_release>())
      .def(
          py::pickle([](const inventory& inv) { return py::make_tuple(ghgtrack::write_csv_text(inv)); },
                     [](const py::tuple& t) { return ghgtrack::read_csv_text(t[0].cast<std::string>(), "<pickle>"); }));

  m.def(
      "read_csv",
      [](const std::string& path, unsigned threads, const std::optional<std::string>& metric) {
        return ghgtrack::read_csv(path, threads, metric_or_none(metric));
      },
      py::arg("path"), py::arg("threads") = 1, py::arg("metric") = py::none(),
      py::call_guard<py::gil_scoped_release>());
  m.def(
      "read_csv_text",
      [](const std::string& text, const std::string& origin, unsigned threads,
         const std::optional<std::string>& metric) {
        return ghgtrack::read_csv_text(text, origin, threads, metric_or_none(metric));
      },
      py::arg("text"), py::arg("origin") = "<csv>", py::arg("threads") = 1, py::arg("metric") = py::none(),
      py::call_guard<py::gil_scoped_release>());
  m.def(
      "co2e_unit_scale", [](const std::string& unit) { return ghgtrack::co2e_unit_scale(unit); }, py::arg("unit"));
  m.def(
      "parse_unit",
      [](const std::string& unit) -> std::optional<std::pair<double, std::optional<std::string>>> {
        const auto u = ghgtrack::parse_unit(unit);
        if (!u) return std::nullopt;
        std::optional<std::string> g;
        if (u->mass_of) g = std::string(ghgtrack::name(*u->mass_of));
        return std::make_pair(u->tonnes, g);
      },
      py::arg("unit"));
  m.attr("ACCEPTED_UNITS") = std::string(ghgtrack::accepted_units);
  m.attr("ACCEPTED_CO2E_UNITS") = std::string(ghgtrack::accepted_co2e_units);
  m.def(
      "merge",
      [](const std::vector<inventory>& parts, const std::vector<std::string>& names) {
        return ghgtrack::merge(parts, names);
      },
      py::arg("parts"), py::arg("names") = std::vector<std::string>{}, py::call_guard<py::gil_scoped_release>());
}
