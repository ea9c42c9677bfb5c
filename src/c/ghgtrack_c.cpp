// src/c/ghgtrack_c.cpp: the C API (include/ghgtrack/c/ghgtrack.h) over the
// header-only C++ core.
//
// A thin layer, like the Python bindings: it marshals C arguments to the
// core's types and back, and turns every exception into a status. Every
// entry point runs its body inside guard(), which catches everything
// (catch (...) included), so no C++ exception crosses the C boundary.
//
// The last error is stored per thread (thread_local below). This is the C
// ABI's errno-like contract (the header documents it), not a cache: the
// project rule against thread_local caches does not apply to it.
#include "ghgtrack/c/ghgtrack.h"

#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <ios>
#include <limits>
#include <new>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include "ghgtrack/baseline.hpp"
#include "ghgtrack/csv_reader.hpp"
#include "ghgtrack/error.hpp"
#include "ghgtrack/inventory.hpp"
#include "ghgtrack/inventory_builder.hpp"
#include "ghgtrack/ledger.hpp"
#include "ghgtrack/lmdi.hpp"
#include "ghgtrack/measure_table.hpp"
#include "ghgtrack/monte_carlo.hpp"
#include "ghgtrack/pathway.hpp"
#include "ghgtrack/scenario.hpp"
#include "ghgtrack/target.hpp"
#include "ghgtrack/target_probability.hpp"
#include "ghgtrack/miljodirektoratet.hpp"
#include "ghgtrack/tracking.hpp"
#include "ghgtrack/version.hpp"

// The opaque handles.
struct ghgtrack_inventory {
  ghgtrack::inventory inv;
  std::vector<std::string> sectors; // borrowed by ghgtrack_inventory_sector
  std::string metric;
  explicit ghgtrack_inventory(ghgtrack::inventory i) : inv(std::move(i)), sectors(inv.sectors()) {
    if (inv.gwp_metric()) metric = std::string(ghgtrack::name(*inv.gwp_metric()));
  }
};
struct ghgtrack_target {
  ghgtrack::target t;
  std::string description;
};
struct ghgtrack_pathway {
  ghgtrack::pathway p;
};
struct ghgtrack_tracking {
  ghgtrack::tracking_result r;
};
struct ghgtrack_measures {
  std::vector<ghgtrack::measure> m;
};
struct ghgtrack_scenario {
  ghgtrack_inventory values;
  std::vector<double> reduction;
  std::size_t applied = 0, unquantified = 0;
};
struct ghgtrack_ledger {
  ghgtrack::ledger_result r;
};

namespace {

struct last_error {
  ghgtrack_status status = GHGTRACK_OK;
  std::string message, file, column, value;
  std::size_t row = 0;
};
// Per thread: the C API's errno-like contract (see the file comment).
thread_local last_error t_error;

ghgtrack_status fail(ghgtrack_status s, const char* message) noexcept {
  try {
    t_error = last_error{};
    t_error.status = s;
    t_error.message = message;
  } catch (...) { // out of memory while recording: keep the status
    t_error.status = s;
  }
  return s;
}

ghgtrack_status fail_input(const ghgtrack::input_error& e) noexcept {
  try {
    t_error = last_error{};
    t_error.status = GHGTRACK_E_INPUT;
    t_error.message = e.what();
    t_error.file = e.origin();
    t_error.row = e.row();
    t_error.column = e.column();
    t_error.value = e.value();
  } catch (...) {
    t_error.status = GHGTRACK_E_INPUT;
  }
  return GHGTRACK_E_INPUT;
}

/// Runs `body` (returning nothing); maps every exception to a status.
template <class F>
ghgtrack_status guard(F&& body) noexcept {
  try {
    body();
    return GHGTRACK_OK;
  } catch (const ghgtrack::input_error& e) {
    return fail_input(e);
  } catch (const ghgtrack::unknown_gas_error& e) {
    return fail(GHGTRACK_E_UNKNOWN_GAS, e.what());
  } catch (const ghgtrack::unknown_metric_error& e) {
    return fail(GHGTRACK_E_UNKNOWN_GAS, e.what());
  } catch (const ghgtrack::missing_gwp_error& e) {
    return fail(GHGTRACK_E_INCOMPATIBLE, e.what());
  } catch (const ghgtrack::shape_error& e) {
    return fail(GHGTRACK_E_SHAPE, e.what());
  } catch (const ghgtrack::unknown_label_error& e) {
    return fail(GHGTRACK_E_UNKNOWN_LABEL, e.what());
  } catch (const ghgtrack::incompatible_error& e) {
    return fail(GHGTRACK_E_INCOMPATIBLE, e.what());
  } catch (const ghgtrack::argument_error& e) {
    return fail(GHGTRACK_E_ARGUMENT, e.what());
  } catch (const ghgtrack::no_solution_error& e) {
    return fail(GHGTRACK_E_NO_SOLUTION, e.what());
  } catch (const std::bad_alloc&) {
    return fail(GHGTRACK_E_NOMEM, "ghgtrack: out of memory");
  } catch (const std::ios_base::failure& e) {
    return fail(GHGTRACK_E_IO, e.what());
  } catch (const std::system_error& e) {
    return fail(GHGTRACK_E_IO, e.what());
  } catch (const std::out_of_range& e) {
    return fail(GHGTRACK_E_UNKNOWN_LABEL, e.what());
  } catch (const std::invalid_argument& e) {
    return fail(GHGTRACK_E_ARGUMENT, e.what());
  } catch (const std::domain_error& e) {
    return fail(GHGTRACK_E_NO_SOLUTION, e.what());
  } catch (const std::exception& e) {
    return fail(GHGTRACK_E_INTERNAL, e.what());
  } catch (...) {
    return fail(GHGTRACK_E_INTERNAL, "ghgtrack: an unknown exception (a bug: please report it)");
  }
}

/// argument_error unless `p` is set; `what` names the parameter.
template <class T>
void need(const T* p, const char* what) {
  if (!p) throw ghgtrack::argument_error(std::string("ghgtrack: ") + what + " must not be NULL");
}

/// A copy of `v` in memory from malloc (what ghgtrack_free_array frees).
template <class T>
T* owned_copy(const T* data, std::size_t n) {
  void* p = std::malloc(n ? n * sizeof(T) : 1);
  if (!p) throw std::bad_alloc();
  if (n) std::memcpy(p, data, n * sizeof(T));
  return static_cast<T*>(p);
}

/// An aggregate's (groups x years, column-major Eigen) values and flags as
/// owned row-major arrays.
void aggregate_out(const ghgtrack::aggregate& a, double** values, uint8_t** flags) {
  const auto rows = static_cast<std::size_t>(a.values.rows()), cols = static_cast<std::size_t>(a.values.cols());
  using row_major_d = Eigen::Array<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  using row_major_u = Eigen::Array<std::uint8_t, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  const row_major_d v = a.values;
  double* vout = owned_copy(v.data(), rows * cols);
  if (flags) {
    const row_major_u f = a.flags;
    uint8_t* fout = nullptr;
    try {
      fout = owned_copy(f.data(), rows * cols);
    } catch (...) {
      std::free(vout);
      throw;
    }
    *flags = fout;
  }
  *values = vout;
}

ghgtrack::segment_shape to_shape(ghgtrack_shape s) {
  switch (s) {
  case GHGTRACK_SHAPE_LINEAR: return ghgtrack::segment_shape::linear;
  case GHGTRACK_SHAPE_CONSTANT_RATE: return ghgtrack::segment_shape::constant_rate;
  case GHGTRACK_SHAPE_LOGISTIC: return ghgtrack::segment_shape::logistic;
  }
  throw ghgtrack::argument_error("ghgtrack: a shape is GHGTRACK_SHAPE_LINEAR (0), GHGTRACK_SHAPE_CONSTANT_RATE (1) or "
                                 "GHGTRACK_SHAPE_LOGISTIC (2), not " +
                                 std::to_string(static_cast<int>(s)));
}

ghgtrack::cumulative_convention to_convention(ghgtrack_convention c) {
  switch (c) {
  case GHGTRACK_CONVENTION_ANNUAL_SUM: return ghgtrack::cumulative_convention::annual_sum;
  case GHGTRACK_CONVENTION_TRAPEZOID: return ghgtrack::cumulative_convention::trapezoid;
  }
  throw ghgtrack::argument_error("ghgtrack: a convention is GHGTRACK_CONVENTION_ANNUAL_SUM (0) or "
                                 "GHGTRACK_CONVENTION_TRAPEZOID (1), not " +
                                 std::to_string(static_cast<int>(c)));
}

ghgtrack::tracking_result track_series(const std::vector<int>& years, const std::vector<double>& values,
                                       const ghgtrack_target* target, ghgtrack_shape shape,
                                       ghgtrack_convention convention, int nowcast_until, double level) {
  ghgtrack::tracking_options opt;
  opt.shape = to_shape(shape);
  opt.convention = to_convention(convention);
  opt.nowcast_until = nowcast_until;
  opt.level = level;
  return ghgtrack::track(years, values, target->t, opt);
}

} // namespace

extern "C" {

// -- versions, errors ----------------------------------------------------------

unsigned ghgtrack_abi_version(void) { return GHGTRACK_C_ABI_VERSION; }

const char* ghgtrack_version_string(void) { return GHGTRACK_VERSION_STRING; }

const char* ghgtrack_status_name(ghgtrack_status status) {
  switch (status) {
  case GHGTRACK_OK: return "GHGTRACK_OK";
  case GHGTRACK_E_INPUT: return "GHGTRACK_E_INPUT";
  case GHGTRACK_E_ARGUMENT: return "GHGTRACK_E_ARGUMENT";
  case GHGTRACK_E_SHAPE: return "GHGTRACK_E_SHAPE";
  case GHGTRACK_E_UNKNOWN_LABEL: return "GHGTRACK_E_UNKNOWN_LABEL";
  case GHGTRACK_E_NO_SOLUTION: return "GHGTRACK_E_NO_SOLUTION";
  case GHGTRACK_E_INCOMPATIBLE: return "GHGTRACK_E_INCOMPATIBLE";
  case GHGTRACK_E_UNKNOWN_GAS: return "GHGTRACK_E_UNKNOWN_GAS";
  case GHGTRACK_E_IO: return "GHGTRACK_E_IO";
  case GHGTRACK_E_NOMEM: return "GHGTRACK_E_NOMEM";
  case GHGTRACK_E_UNSUPPORTED: return "GHGTRACK_E_UNSUPPORTED";
  case GHGTRACK_E_INTERNAL: return "GHGTRACK_E_INTERNAL";
  }
  return "unknown status";
}

ghgtrack_status ghgtrack_last_error_status(void) { return t_error.status; }
const char* ghgtrack_last_error_message(void) { return t_error.message.c_str(); }
const char* ghgtrack_last_error_file(void) { return t_error.file.c_str(); }
size_t ghgtrack_last_error_row(void) { return t_error.row; }
const char* ghgtrack_last_error_column(void) { return t_error.column.c_str(); }
const char* ghgtrack_last_error_value(void) { return t_error.value.c_str(); }
void ghgtrack_clear_error(void) {
  t_error.status = GHGTRACK_OK;
  t_error.message.clear();
  t_error.file.clear();
  t_error.column.clear();
  t_error.value.clear();
  t_error.row = 0;
}

void ghgtrack_free_array(void* array) { std::free(array); }

// -- inventory -------------------------------------------------------------------

ghgtrack_status ghgtrack_inventory_read_csv(const char* path, unsigned threads, ghgtrack_inventory** out) {
  return guard([&] {
    need(path, "path");
    need(out, "out");
    *out = new ghgtrack_inventory(ghgtrack::read_csv(path, threads));
  });
}

ghgtrack_status ghgtrack_inventory_read_csv_text(const char* text, size_t size, const char* origin,
                                                 ghgtrack_inventory** out) {
  return guard([&] {
    if (size) need(text, "text");
    need(out, "out");
    *out = new ghgtrack_inventory(
        ghgtrack::read_csv_text(std::string_view(text ? text : "", size), origin ? origin : "<csv>"));
  });
}

ghgtrack_status ghgtrack_inventory_read_xlsx(const char* path, const char* municipality, ghgtrack_inventory** out) {
  return guard([&] {
    need(path, "path");
    need(out, "out");
    std::vector<std::string> which;
    if (municipality && *municipality) which.emplace_back(municipality);
    auto book = ghgtrack::miljodirektoratet::read(path, which);
    if (book.municipalities.size() != 1)
      throw ghgtrack::argument_error(std::string("ghgtrack_inventory_read_xlsx: '") + path + "' holds " +
                                     std::to_string(book.municipalities.size()) +
                                     " municipalities; name one with `municipality`");
    *out = new ghgtrack_inventory(std::move(book.municipalities.front().inv));
  });
}

ghgtrack_status ghgtrack_inventory_from_arrays(size_t n, const int* years, const char* const* sectors,
                                               const char* const* sources, const char* const* gases,
                                               const double* values_t_co2e, const char* const* notations,
                                               const char* metric, ghgtrack_inventory** out) {
  return guard([&] {
    need(out, "out");
    if (n) {
      need(years, "years");
      need(sectors, "sectors");
      need(sources, "sources");
      need(gases, "gases");
      need(values_t_co2e, "values_t_co2e");
    }
    std::optional<ghgtrack::metric> m;
    if (metric && *metric) m = ghgtrack::parse_metric(metric);
    ghgtrack::inventory_builder b(m, "<arrays>");
    b.reserve(n);
    for (size_t i = 0; i < n; ++i) {
      ghgtrack::input_row r;
      r.row = i + 1;
      r.year = ghgtrack::input_cell(static_cast<double>(years[i]));
      r.sector = sectors[i] ? sectors[i] : "";
      r.source = sources[i] ? sources[i] : "";
      r.gas = gases[i] ? gases[i] : "";
      const char* key = notations ? notations[i] : nullptr;
      if (key && *key) {
        r.notation = key;
      } else {
        r.value = ghgtrack::input_cell(values_t_co2e[i]);
      }
      b.add_row(r);
    }
    if (n == 0) throw ghgtrack::input_error("<arrays>", 0, "", "", "no rows given");
    *out = new ghgtrack_inventory(b.build());
  });
}

void ghgtrack_inventory_free(ghgtrack_inventory* inv) { delete inv; }

ghgtrack_status ghgtrack_inventory_years(const ghgtrack_inventory* inv, const int** years, size_t* n) {
  return guard([&] {
    need(inv, "inv");
    need(years, "years");
    need(n, "n");
    *years = inv->inv.years().data();
    *n = inv->inv.years().size();
  });
}

ghgtrack_status ghgtrack_inventory_n_sectors(const ghgtrack_inventory* inv, size_t* n) {
  return guard([&] {
    need(inv, "inv");
    need(n, "n");
    *n = inv->sectors.size();
  });
}

ghgtrack_status ghgtrack_inventory_sector(const ghgtrack_inventory* inv, size_t i, const char** name) {
  return guard([&] {
    need(inv, "inv");
    need(name, "name");
    if (i >= inv->sectors.size())
      throw ghgtrack::unknown_label_error("ghgtrack: sector index " + std::to_string(i) + " is out of range (0.." +
                                          std::to_string(inv->sectors.size()) + " exclusive)");
    *name = inv->sectors[i].c_str();
  });
}

ghgtrack_status ghgtrack_inventory_metric(const ghgtrack_inventory* inv, const char** name) {
  return guard([&] {
    need(inv, "inv");
    need(name, "name");
    *name = inv->metric.c_str();
  });
}

ghgtrack_status ghgtrack_inventory_total(const ghgtrack_inventory* inv, double** values, uint8_t** flags,
                                         size_t* n_years) {
  return guard([&] {
    need(inv, "inv");
    need(values, "values");
    need(n_years, "n_years");
    aggregate_out(inv->inv.total(), values, flags);
    *n_years = inv->inv.years().size();
  });
}

namespace {
std::size_t year_column(const ghgtrack::inventory& inv, int year) {
  const auto y = inv.year_index(year);
  if (!y) {
    const auto& ys = inv.years();
    throw ghgtrack::unknown_label_error(
        "ghgtrack: year " + std::to_string(year) + " is not in the inventory (years " +
        (ys.empty() ? std::string("none") : std::to_string(ys.front()) + "-" + std::to_string(ys.back())) + ")");
  }
  return static_cast<std::size_t>(*y);
}
} // namespace

ghgtrack_status ghgtrack_inventory_total_in_year(const ghgtrack_inventory* inv, int year, double* value,
                                                 uint8_t* flags) {
  return guard([&] {
    need(inv, "inv");
    need(value, "value");
    const auto y = static_cast<Eigen::Index>(year_column(inv->inv, year));
    const auto a = inv->inv.total();
    *value = a.values(0, y);
    if (flags) *flags = a.flags(0, y);
  });
}

ghgtrack_status ghgtrack_inventory_by_sector(const ghgtrack_inventory* inv, double** values, uint8_t** flags,
                                             size_t* n_sectors, size_t* n_years) {
  return guard([&] {
    need(inv, "inv");
    need(values, "values");
    need(n_sectors, "n_sectors");
    need(n_years, "n_years");
    const auto a = inv->inv.by_sector();
    aggregate_out(a, values, flags);
    *n_sectors = a.labels.size();
    *n_years = a.years.size();
  });
}

ghgtrack_status ghgtrack_inventory_sector_in_year(const ghgtrack_inventory* inv, const char* sector, int year,
                                                  double* value, uint8_t* flags) {
  return guard([&] {
    need(inv, "inv");
    need(sector, "sector");
    need(value, "value");
    const auto y = static_cast<Eigen::Index>(year_column(inv->inv, year));
    const auto a = inv->inv.by_sector();
    for (std::size_t s = 0; s < a.labels.size(); ++s)
      if (a.labels[s] == sector) {
        *value = a.values(static_cast<Eigen::Index>(s), y);
        if (flags) *flags = a.flags(static_cast<Eigen::Index>(s), y);
        return;
      }
    std::string known;
    for (const auto& l : a.labels) known += (known.empty() ? "'" : ", '") + l + "'";
    throw ghgtrack::unknown_label_error(std::string("ghgtrack: sector '") + sector +
                                        "' is not in the inventory; sectors: " + known);
  });
}

ghgtrack_status ghgtrack_baseline_project(const ghgtrack_inventory* inv, int until, const char* method, const char* by,
                                          ghgtrack_inventory** out) {
  return guard([&] {
    need(inv, "inv");
    need(out, "out");
    ghgtrack::baseline_options opt;
    opt.until = until;
    opt.method = ghgtrack::parse_baseline_method(method ? method : "linear");
    opt.by = ghgtrack::parse_baseline_by(by ? by : "sector");
    *out = new ghgtrack_inventory(ghgtrack::make_baseline(inv->inv, opt).projection);
  });
}

// -- target ----------------------------------------------------------------------

ghgtrack_status ghgtrack_target_parse(const char* text, int base_year, const ghgtrack_inventory* base_from,
                                      ghgtrack_target** out) {
  return guard([&] {
    need(text, "text");
    need(out, "out");
    std::optional<ghgtrack::units::co2e> base;
    if (base_from) {
      const auto y = static_cast<Eigen::Index>(year_column(base_from->inv, base_year));
      base = ghgtrack::units::co2e::from_value(base_from->inv.total().values(0, y));
    }
    auto h = new ghgtrack_target{ghgtrack::target::parse(text, base_year, base), {}};
    try {
      h->description = h->t.describe();
    } catch (...) {
      delete h;
      throw;
    }
    *out = h;
  });
}

void ghgtrack_target_free(ghgtrack_target* target) { delete target; }

ghgtrack_status ghgtrack_target_describe(const ghgtrack_target* target, const char** text) {
  return guard([&] {
    need(target, "target");
    need(text, "text");
    *text = target->description.c_str();
  });
}

ghgtrack_status ghgtrack_target_base(const ghgtrack_target* target, int* year, double* value, int* has_value) {
  return guard([&] {
    need(target, "target");
    need(year, "year");
    if (!target->t.base_year) throw ghgtrack::no_solution_error("ghgtrack: the target has no base year");
    *year = *target->t.base_year;
    if (value) *value = target->t.base_value ? target->t.base_value->value() : std::nan("");
    if (has_value) *has_value = target->t.base_value ? 1 : 0;
  });
}

ghgtrack_status ghgtrack_target_n_milestones(const ghgtrack_target* target, size_t* n) {
  return guard([&] {
    need(target, "target");
    need(n, "n");
    *n = target->t.goals.size();
  });
}

ghgtrack_status ghgtrack_target_milestone(const ghgtrack_target* target, size_t i, int* year, double* change) {
  return guard([&] {
    need(target, "target");
    need(year, "year");
    need(change, "change");
    if (i >= target->t.goals.size())
      throw ghgtrack::unknown_label_error("ghgtrack: milestone " + std::to_string(i) +
                                          " is out of range (the target has " + std::to_string(target->t.goals.size()) +
                                          ")");
    const auto& g = target->t.goals[i];
    if (g.is_level) throw ghgtrack::argument_error("ghgtrack: this milestone is a level, not a change");
    *year = g.year;
    *change = g.change;
  });
}

// -- pathway ---------------------------------------------------------------------

ghgtrack_status ghgtrack_pathway_linear(double y0, double e0, double y1, double e1, ghgtrack_pathway** out) {
  return guard([&] {
    need(out, "out");
    using ghgtrack::units::co2e;
    *out = new ghgtrack_pathway{ghgtrack::pathway::linear(y0, co2e::from_value(e0), y1, co2e::from_value(e1))};
  });
}

ghgtrack_status ghgtrack_pathway_constant_rate(double y0, double e0, double rate, ghgtrack_pathway** out) {
  return guard([&] {
    need(out, "out");
    *out = new ghgtrack_pathway{ghgtrack::pathway::constant_rate(y0, ghgtrack::units::co2e::from_value(e0), rate)};
  });
}

ghgtrack_status ghgtrack_pathway_through(size_t n, const double* years, const double* values_t_co2e,
                                         ghgtrack_shape shape, ghgtrack_pathway** out) {
  return guard([&] {
    need(out, "out");
    if (n) {
      need(years, "years");
      need(values_t_co2e, "values_t_co2e");
    }
    std::vector<double> ys(years, years + n), vs(values_t_co2e, values_t_co2e + n);
    *out = new ghgtrack_pathway{ghgtrack::pathway::through(ys, vs, to_shape(shape))};
  });
}

void ghgtrack_pathway_free(ghgtrack_pathway* pathway) { delete pathway; }

ghgtrack_status ghgtrack_pathway_at(const ghgtrack_pathway* pathway, double year, double* value) {
  return guard([&] {
    need(pathway, "pathway");
    need(value, "value");
    *value = pathway->p.at(year);
  });
}

ghgtrack_status ghgtrack_pathway_cumulative(const ghgtrack_pathway* pathway, int first, int last,
                                            ghgtrack_convention convention, double* value) {
  return guard([&] {
    need(pathway, "pathway");
    need(value, "value");
    *value = pathway->p.cumulative_t(first, last, to_convention(convention));
  });
}

ghgtrack_status ghgtrack_pathway_year_reaching(const ghgtrack_pathway* pathway, double level, double* year) {
  return guard([&] {
    need(pathway, "pathway");
    need(year, "year");
    const auto y = pathway->p.year_reaching(ghgtrack::units::co2e::from_value(level));
    if (!y) throw ghgtrack::no_solution_error("ghgtrack: the pathway never reaches " + std::to_string(level) + " t");
    *year = *y;
  });
}

// -- tracking ----------------------------------------------------------------------

ghgtrack_status ghgtrack_track(const ghgtrack_inventory* inv, const ghgtrack_target* target, ghgtrack_shape shape,
                               ghgtrack_convention convention, int nowcast_until, double level,
                               ghgtrack_tracking** out) {
  return guard([&] {
    need(inv, "inv");
    need(target, "target");
    need(out, "out");
    const auto a = inv->inv.total();
    std::vector<double> values(a.years.size());
    for (std::size_t y = 0; y < values.size(); ++y) values[y] = a.values(0, static_cast<Eigen::Index>(y));
    *out = new ghgtrack_tracking{track_series(a.years, values, target, shape, convention, nowcast_until, level)};
  });
}

ghgtrack_status ghgtrack_track_series(size_t n, const int* years, const double* values_t_co2e,
                                      const ghgtrack_target* target, ghgtrack_shape shape,
                                      ghgtrack_convention convention, int nowcast_until, double level,
                                      ghgtrack_tracking** out) {
  return guard([&] {
    need(target, "target");
    need(out, "out");
    if (n) {
      need(years, "years");
      need(values_t_co2e, "values_t_co2e");
    }
    const std::vector<int> ys(years, years + n);
    const std::vector<double> vs(values_t_co2e, values_t_co2e + n);
    *out = new ghgtrack_tracking{track_series(ys, vs, target, shape, convention, nowcast_until, level)};
  });
}

void ghgtrack_tracking_free(ghgtrack_tracking* result) { delete result; }

ghgtrack_status ghgtrack_tracking_status(const ghgtrack_tracking* r, ghgtrack_tracking_state* state) {
  return guard([&] {
    need(r, "result");
    need(state, "state");
    switch (r->r.status) {
    case ghgtrack::tracking_status::on_track: *state = GHGTRACK_ON_TRACK; break;
    case ghgtrack::tracking_status::at_risk: *state = GHGTRACK_AT_RISK; break;
    case ghgtrack::tracking_status::off_track: *state = GHGTRACK_OFF_TRACK; break;
    }
  });
}

const char* ghgtrack_tracking_state_name(ghgtrack_tracking_state state) {
  switch (state) {
  case GHGTRACK_ON_TRACK: return ghgtrack::name(ghgtrack::tracking_status::on_track);
  case GHGTRACK_AT_RISK: return ghgtrack::name(ghgtrack::tracking_status::at_risk);
  case GHGTRACK_OFF_TRACK: return ghgtrack::name(ghgtrack::tracking_status::off_track);
  }
  return nullptr;
}

ghgtrack_status ghgtrack_tracking_base(const ghgtrack_tracking* r, int* year, double* value) {
  return guard([&] {
    need(r, "result");
    need(year, "year");
    need(value, "value");
    *year = r->r.base_year;
    *value = r->r.base_value.value();
  });
}

ghgtrack_status ghgtrack_tracking_latest(const ghgtrack_tracking* r, int* year, double* value) {
  return guard([&] {
    need(r, "result");
    need(year, "year");
    need(value, "value");
    *year = r->r.latest_year;
    *value = r->r.latest_value;
  });
}

ghgtrack_status ghgtrack_tracking_series(const ghgtrack_tracking* r, const int** years, const double** actual,
                                         const double** pathway, const double** gap, size_t* n) {
  return guard([&] {
    need(r, "result");
    need(n, "n");
    if (years) *years = r->r.years.data();
    if (actual) *actual = r->r.actual.data();
    if (pathway) *pathway = r->r.pathway_value.data();
    if (gap) *gap = r->r.gap.data();
    *n = r->r.years.size();
  });
}

ghgtrack_status ghgtrack_tracking_compound_rate(const ghgtrack_tracking* r, double* rate) {
  return guard([&] {
    need(r, "result");
    need(rate, "rate");
    if (!r->r.compound_rate)
      throw ghgtrack::no_solution_error("ghgtrack: no compound rate (one year of data, or the series changes sign)");
    *rate = *r->r.compound_rate;
  });
}

ghgtrack_status ghgtrack_tracking_trend_rate(const ghgtrack_tracking* r, double* rate, double* lo, double* hi) {
  return guard([&] {
    need(r, "result");
    if (!r->r.fitted_rate)
      throw ghgtrack::no_solution_error("ghgtrack: no trend was fitted (fewer than 3 positive years from the base)");
    if (rate) *rate = *r->r.fitted_rate;
    if (lo) *lo = r->r.fitted_rate_lo.value_or(std::nan(""));
    if (hi) *hi = r->r.fitted_rate_hi.value_or(std::nan(""));
  });
}

ghgtrack_status ghgtrack_tracking_year_reached(const ghgtrack_tracking* r, double* year, int* whole_year) {
  return guard([&] {
    need(r, "result");
    need(year, "year");
    if (!r->r.year_reached)
      throw ghgtrack::no_solution_error("ghgtrack: the trend never reaches the final milestone level");
    *year = *r->r.year_reached;
    if (whole_year) *whole_year = r->r.year_reached_whole.value_or(ghgtrack::whole_year(*r->r.year_reached));
  });
}

ghgtrack_status ghgtrack_tracking_budget(const ghgtrack_tracking* r, double* budget, double* spent, double* remaining) {
  return guard([&] {
    need(r, "result");
    if (budget) *budget = r->r.budget.value();
    if (spent) *spent = r->r.spent.value();
    if (remaining) *remaining = r->r.remaining.value();
  });
}

ghgtrack_status ghgtrack_tracking_nowcast(const ghgtrack_tracking* r, const int** years, const double** value,
                                          const double** lo, const double** hi, size_t* n) {
  return guard([&] {
    need(r, "result");
    need(n, "n");
    if (years) *years = r->r.nowcast_years.data();
    if (value) *value = r->r.nowcast.data();
    if (lo) *lo = r->r.nowcast_lo.data();
    if (hi) *hi = r->r.nowcast_hi.data();
    *n = r->r.nowcast_years.size();
  });
}

ghgtrack_status ghgtrack_tracking_pathway(const ghgtrack_tracking* r, ghgtrack_pathway** out) {
  return guard([&] {
    need(r, "result");
    need(out, "out");
    *out = new ghgtrack_pathway{r->r.path};
  });
}

ghgtrack_status ghgtrack_target_probability(const ghgtrack_tracking* r, size_t n, const double* base_t_co2e,
                                            const double* latest_t_co2e, const double* ad_uncertainty,
                                            const double* ef_uncertainty, size_t iterations, uint64_t seed,
                                            unsigned threads, double* probability_met, double* probability_budget) {
  return guard([&] {
    need(r, "result");
    if (n) {
      need(base_t_co2e, "base_t_co2e");
      need(latest_t_co2e, "latest_t_co2e");
      need(ad_uncertainty, "ad_uncertainty");
      need(ef_uncertainty, "ef_uncertainty");
    }
    if (!r->r.fit)
      throw ghgtrack::no_solution_error(
          "ghgtrack_target_probability needs a trend: tracking fitted none (fewer than 3 positive years)");
    const std::vector<double> base(base_t_co2e, base_t_co2e + n), latest(latest_t_co2e, latest_t_co2e + n);
    const auto cats = ghgtrack::mc_categories(base, latest, std::vector<double>(ad_uncertainty, ad_uncertainty + n),
                                              std::vector<double>(ef_uncertainty, ef_uncertainty + n),
                                              std::vector<ghgtrack::distribution>(n, ghgtrack::distribution::normal),
                                              std::vector<ghgtrack::distribution>(n, ghgtrack::distribution::normal));
    ghgtrack::mc_options opt;
    opt.seed = seed;
    opt.iterations = iterations;
    opt.threads = threads;
    const auto mc = ghgtrack::monte_carlo(cats, opt);
    // The question as the Python layer asks it (uncertainty.probability_of_target).
    ghgtrack::target_question q;
    double base_total = 0.0;
    for (double b : base) base_total += b;
    q.base_total = base_total;
    q.latest_year = r->r.latest_year;
    q.target_year = r->r.milestones.back().year;
    q.change = r->r.milestones.back().level.value() / r->r.base_value.value() - 1.0;
    q.remaining_budget = std::max(r->r.remaining.value(), 0.0);
    q.seed = seed;
    const auto o = ghgtrack::target_probability(mc, *r->r.fit, q);
    if (probability_met) *probability_met = o.probability_met;
    if (probability_budget) *probability_budget = o.probability_budget;
  });
}

// -- LMDI ----------------------------------------------------------------------------

ghgtrack_status ghgtrack_lmdi(size_t n_categories, size_t n_factors, const double* x0, const double* xt,
                              unsigned threads, double* additive, double* multiplicative, int* multiplicative_defined,
                              double* v0, double* vt) {
  return guard([&] {
    if (n_categories && n_factors) {
      need(x0, "x0");
      need(xt, "xt");
    }
    // Row-major categories x factors, read in place (no copy). More doubles
    // than memory can hold cannot be there: no memory, as a copy would fail.
    if (n_factors && n_categories > static_cast<std::size_t>(std::numeric_limits<std::ptrdiff_t>::max()) /
                                        sizeof(double) / n_factors)
      throw std::bad_alloc();
    const auto rows = static_cast<std::ptrdiff_t>(n_categories), cols = static_cast<std::ptrdiff_t>(n_factors);
    const auto res = ghgtrack::lmdi(ghgtrack::strided_matrix::row_major(x0, rows, cols),
                                    ghgtrack::strided_matrix::row_major(xt, rows, cols), false, threads);
    for (std::ptrdiff_t k = 0; k < cols; ++k) {
      if (additive) additive[k] = res.additive[k];
      if (multiplicative) multiplicative[k] = res.multiplicative[k];
    }
    if (multiplicative_defined) *multiplicative_defined = res.multiplicative_defined ? 1 : 0;
    if (v0) *v0 = res.v0;
    if (vt) *vt = res.vt;
  });
}

// -- measures, scenarios -----------------------------------------------------------------

ghgtrack_status ghgtrack_measures_read_csv(const char* path, ghgtrack_measures** out) {
  return guard([&] {
    need(path, "path");
    need(out, "out");
    *out = new ghgtrack_measures{ghgtrack::read_measures(path)};
  });
}

void ghgtrack_measures_free(ghgtrack_measures* measures) { delete measures; }

ghgtrack_status ghgtrack_measures_count(const ghgtrack_measures* measures, size_t* n) {
  return guard([&] {
    need(measures, "measures");
    need(n, "n");
    *n = measures->m.size();
  });
}

ghgtrack_status ghgtrack_measures_id(const ghgtrack_measures* measures, size_t i, const char** id) {
  return guard([&] {
    need(measures, "measures");
    need(id, "id");
    if (i >= measures->m.size())
      throw ghgtrack::unknown_label_error("ghgtrack: measure " + std::to_string(i) + " is out of range (there are " +
                                          std::to_string(measures->m.size()) + ")");
    *id = measures->m[i].id.c_str();
  });
}

ghgtrack_status ghgtrack_scenario_run(const ghgtrack_inventory* baseline, const ghgtrack_measures* measures,
                                      const char* statuses, int last_actual_year, unsigned threads,
                                      ghgtrack_scenario** out) {
  return guard([&] {
    need(baseline, "baseline");
    need(measures, "measures");
    need(out, "out");
    ghgtrack::scenario_options opt;
    if (statuses) {
      std::vector<ghgtrack::measure_status> st;
      const std::string_view all(statuses);
      std::size_t b = 0;
      while (b <= all.size()) { // comma-separated names, spaces around them ignored
        const std::size_t e = std::min(all.find(',', b), all.size());
        std::string_view name = all.substr(b, e - b);
        while (!name.empty() && name.front() == ' ') name.remove_prefix(1);
        while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
        if (!name.empty()) st.push_back(ghgtrack::parse_measure_status(name));
        b = e + 1;
      }
      opt.statuses = st;
    }
    if (last_actual_year) opt.last_actual_year = last_actual_year;
    opt.overlaps = false;
    opt.threads = threads;
    auto res = ghgtrack::run_scenario(baseline->inv, measures->m, opt);
    const Eigen::ArrayXd red = res.total_reduction();
    auto h = new ghgtrack_scenario{ghgtrack_inventory(std::move(res.values)),
                                   std::vector<double>(red.data(), red.data() + red.size()), res.applied.size(),
                                   res.unquantified.size()};
    *out = h;
  });
}

void ghgtrack_scenario_free(ghgtrack_scenario* scenario) { delete scenario; }

ghgtrack_status ghgtrack_scenario_inventory(const ghgtrack_scenario* scenario, const ghgtrack_inventory** inv) {
  return guard([&] {
    need(scenario, "scenario");
    need(inv, "inv");
    *inv = &scenario->values;
  });
}

ghgtrack_status ghgtrack_scenario_reduction(const ghgtrack_scenario* scenario, const double** values, size_t* n_years) {
  return guard([&] {
    need(scenario, "scenario");
    need(values, "values");
    need(n_years, "n_years");
    *values = scenario->reduction.data();
    *n_years = scenario->reduction.size();
  });
}

ghgtrack_status ghgtrack_scenario_counts(const ghgtrack_scenario* scenario, size_t* applied, size_t* unquantified) {
  return guard([&] {
    need(scenario, "scenario");
    if (applied) *applied = scenario->applied;
    if (unquantified) *unquantified = scenario->unquantified;
  });
}

// -- ledger ------------------------------------------------------------------------------

ghgtrack_status ghgtrack_ledger_create(size_t n_caps, const int* cap_years, const double* cap_t, size_t n_plan,
                                       const int* plan_years, const double* baseline_t, size_t n_measures,
                                       const char* const* ids, const char* const* names, const char* const* responsible,
                                       const double* planned_t, size_t n_actual, const int* actual_years,
                                       const double* actual_t, ghgtrack_ledger** out) {
  return guard([&] {
    need(out, "out");
    if (n_caps) {
      need(cap_years, "cap_years");
      need(cap_t, "cap_t");
    }
    if (n_plan) {
      need(plan_years, "plan_years");
      need(baseline_t, "baseline_t");
    }
    if (n_measures) need(ids, "ids");
    if (n_measures && n_plan) need(planned_t, "planned_t");
    if (n_actual) {
      need(actual_years, "actual_years");
      need(actual_t, "actual_t");
    }
    ghgtrack::ledger_inputs in;
    in.caps = ghgtrack::cap_schedule::in_tonnes(std::vector<int>(cap_years, cap_years + n_caps),
                                                std::vector<double>(cap_t, cap_t + n_caps));
    in.plan_years.assign(plan_years, plan_years + n_plan);
    in.baseline_t.assign(baseline_t, baseline_t + n_plan);
    for (size_t m = 0; m < n_measures; ++m) {
      ghgtrack::measure_info mi;
      mi.id = ids[m] ? ids[m] : "";
      if (names && names[m]) mi.name = names[m];
      if (responsible && responsible[m]) mi.responsible = responsible[m];
      in.measures.push_back(std::move(mi));
    }
    if (n_measures) {
      using row_major = Eigen::Array<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
      in.planned_t = n_plan ? Eigen::ArrayXXd(Eigen::Map<const row_major>(
                                  planned_t, static_cast<Eigen::Index>(n_measures), static_cast<Eigen::Index>(n_plan)))
                            : Eigen::ArrayXXd(static_cast<Eigen::Index>(n_measures), 0);
    }
    in.actual_years.assign(actual_years, actual_years + n_actual);
    in.actual_t.assign(actual_t, actual_t + n_actual);
    *out = new ghgtrack_ledger{ghgtrack::make_ledger(in)};
  });
}

void ghgtrack_ledger_free(ghgtrack_ledger* ledger) { delete ledger; }

ghgtrack_status ghgtrack_ledger_years(const ghgtrack_ledger* ledger, const int** years, const double** cap,
                                      const double** planned, const double** projected, const double** gap,
                                      const double** actual, size_t* n) {
  return guard([&] {
    need(ledger, "ledger");
    need(n, "n");
    const auto& r = ledger->r;
    if (years) *years = r.years.data();
    if (cap) *cap = r.cap_t.data();
    if (planned) *planned = r.planned_t.data();
    if (projected) *projected = r.projected_t.data();
    if (gap) *gap = r.gap_t.data();
    if (actual) *actual = r.actual_t.data();
    *n = r.years.size();
  });
}

} // extern "C"
