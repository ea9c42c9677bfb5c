// ghgtrack/measure_table.hpp: the measures table (one row per measure).
//
// A CSV (or, through the Python layer, an xlsx sheet) that municipal staff
// can edit in Excel; docs/planning.md documents every column. Column names
// are matched ignoring case, spaces, '_' and '-', with Norwegian aliases
// (tiltak, ansvarlig, rapporteringsansvarlig, sektor, kilde, gass, effekt,
// startår, fullt år, sluttår, status, merknad, ...). An unknown column is an
// error (nothing is dropped silently); a wholly blank row is skipped.
//
// Lists (sectors, sources, gases) are separated by ';'. A source is written
// "Sector / Source", or just "Source" when the row names exactly one sector
// (that sector is then only the sources' sector, not a scope of its own).
// The effect cell holds a number (t CO2e/yr, in `effect_unit`, default
// t CO2e), a percentage or fraction for a relative effect ("-30%", -0.3), or
// a reason the effect is unknown ("not calculated", "facilitating",
// "ikke beregnet", "tilretteleggende", "unknown"): such a measure is kept,
// flagged and left out of sums. A blank effect is an error: write one of
// those words to list a measure without an effect.
//
// Every bad cell is an input_error with origin, row (the header is row 1),
// the column as written in the header, and the value. Writing then reading
// gives the same numbers exactly (shortest round-trip form; atomic write).
#ifndef GHGTRACK_MEASURE_TABLE_HPP
#define GHGTRACK_MEASURE_TABLE_HPP

#include <array>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ghgtrack/csv.hpp"
#include "ghgtrack/detail/atomic_file.hpp"
#include "ghgtrack/error.hpp"
#include "ghgtrack/gas.hpp"
#include "ghgtrack/measure.hpp"

namespace ghgtrack {

/// The canonical columns of the measures table, in the order written.
inline const std::vector<std::string>& measure_columns() {
  static const std::vector<std::string> cols{"id",
                                             "name",
                                             "sectors",
                                             "sources",
                                             "gases",
                                             "effect_kind",
                                             "effect",
                                             "effect_unit",
                                             "activity",
                                             "activity_unit",
                                             "factor",
                                             "factor_unit",
                                             "factor_gas",
                                             "removal",
                                             "start_year",
                                             "full_year",
                                             "end_year",
                                             "ramp_shape",
                                             "ramp_points",
                                             "status",
                                             "agency",
                                             "reporting_owner",
                                             "notes",
                                             "investment",
                                             "operating_cost",
                                             "lifetime",
                                             "discount_rate",
                                             "cost_low",
                                             "cost_high",
                                             "cost_class",
                                             "currency",
                                             "price_year"};
  return cols;
}

namespace detail {

// Canonical column index for a header spelling, or -1.
inline int measure_column_of(std::string_view header) {
  static const std::array<std::pair<const char*, const char*>, 32> aliases{{
      {"id", "id nr tiltaksnr tiltaksnummer measureno measureid tiltaksid tiltakid"},
      {"name", "name tiltak navn measure tiltaksnavn measurename"},
      {"sectors", "sectors sector sektor sektorer"},
      {"sources", "sources source kilde kilder utslippskilde utslippskilder"},
      {"gases", "gases gas gass gasser"},
      {"effect_kind", "effectkind kind effekttype type"},
      {"effect", "effect effekt"},
      {"effect_unit", "effectunit unit enhet effektenhet"},
      {"activity", "activity aktivitet"},
      {"activity_unit", "activityunit aktivitetsenhet"},
      {"factor", "factor emissionfactor utslippsfaktor faktor"},
      {"factor_unit", "factorunit faktorenhet"},
      {"factor_gas", "factorgas faktorgass"},
      {"removal", "removal opptak"},
      {"start_year", "startyear start startar"},
      {"full_year", "fullyear fulleffectyear fulltar fullar fulleffektar"},
      {"end_year", "endyear end sluttar slutt"},
      {"ramp_shape", "rampshape shape ramp form kurve opptrapping"},
      {"ramp_points", "ramppoints points punkter"},
      {"status", "status"},
      {"agency", "agency responsible responsibleagency ansvarlig ansvarligetat"},
      {"reporting_owner", "reportingowner reporting rapporteringsansvarlig rapportering"},
      {"notes", "notes note merknad merknader kommentar"},
      {"investment", "investment investering investeringer"},
      {"operating_cost", "operatingcost driftskostnad driftskostnader"},
      {"lifetime", "lifetime levetid"},
      {"discount_rate", "discountrate kalkulasjonsrente diskonteringsrente"},
      {"cost_low", "costlow kostnadlav"},
      {"cost_high", "costhigh kostnadhoy"},
      {"cost_class", "costclass kostnadsklasse"},
      {"currency", "currency valuta"},
      {"price_year", "priceyear prisar"},
  }};
  const std::string k = fold_key(header);
  if (k.empty()) return -1;
  for (std::size_t i = 0; i < aliases.size(); ++i)
    if (alias_list_contains(aliases[i].second, k)) return static_cast<int>(i);
  return -1;
}

inline std::vector<std::string> split_list(std::string_view s, char sep = ';') {
  std::vector<std::string> out;
  while (true) {
    const auto p = s.find(sep);
    const auto part = detail::trim(s.substr(0, p));
    if (!part.empty()) out.emplace_back(part);
    if (p == std::string_view::npos) break;
    s.remove_prefix(p + 1);
  }
  return out;
}

struct activity_unit_info {
  int dim; // 0 energy (J), 1 volume (m3), 2 length (m), 3 mass (kg)
  double scale;
};

inline std::optional<activity_unit_info> parse_activity_unit(std::string_view u) {
  const std::string k = fold_key(u);
  if (k == "j") return activity_unit_info{0, 1.0};
  if (k == "kj") return activity_unit_info{0, 1e3};
  if (k == "mj") return activity_unit_info{0, 1e6};
  if (k == "gj") return activity_unit_info{0, 1e9};
  if (k == "tj") return activity_unit_info{0, 1e12};
  if (k == "kwh") return activity_unit_info{0, 3.6e6};
  if (k == "mwh") return activity_unit_info{0, 3.6e9};
  if (k == "gwh") return activity_unit_info{0, 3.6e12};
  if (k == "twh") return activity_unit_info{0, 3.6e15};
  if (k == "l" || k == "litre" || k == "liter" || k == "litres" || k == "liters") return activity_unit_info{1, 1e-3};
  if (k == "m3" || k == "sm3") return activity_unit_info{1, 1.0};
  if (k == "m") return activity_unit_info{2, 1.0};
  if (k == "km" || k == "vehiclekm" || k == "vkm" || k == "kjoretoykm") return activity_unit_info{2, 1e3};
  if (k == "g") return activity_unit_info{3, 1e-3};
  if (k == "kg") return activity_unit_info{3, 1.0};
  if (k == "t" || k == "tonne" || k == "tonnes" || k == "tonn") return activity_unit_info{3, 1e3};
  return std::nullopt;
}

inline const char* activity_dim_name(int d) {
  static const char* names[] = {"energy", "volume", "distance", "mass"};
  return names[d];
}

inline std::string fmt_double(double v) {
  std::string s;
  write_double(s, v);
  return s;
}

} // namespace detail

/// Reads measures from table rows: `header` as written, each row's cells as
/// text. `rows[i]` is reported as row `row_numbers[i]` (default i + 2: the
/// header is row 1). Throws input_error for a bad cell, unknown or repeated
/// column, or repeated id.
inline std::vector<measure> measures_from_rows(const std::vector<std::string>& header,
                                               const std::vector<std::vector<std::string>>& rows,
                                               const std::string& origin,
                                               const std::vector<std::size_t>& row_numbers = {}) {
  const auto& canon = measure_columns();
  std::vector<int> col(canon.size(), -1);
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (detail::trim(header[i]).empty()) continue;
    const int k = detail::measure_column_of(header[i]);
    if (k < 0) {
      std::string known;
      for (const auto& c : canon) known += (known.empty() ? "" : ", ") + c;
      throw input_error(origin, 1, header[i], header[i],
                        "unknown column (accepted: " + known +
                            "; Norwegian aliases such as tiltak, sektor, kilde, gass, effekt, startår, "
                            "fullt år, sluttår, ansvarlig, rapporteringsansvarlig, merknad)");
    }
    if (col[static_cast<std::size_t>(k)] >= 0)
      throw input_error(origin, 1, header[i], header[i],
                        "the column '" + canon[static_cast<std::size_t>(k)] + "' appears twice (also as '" +
                            header[static_cast<std::size_t>(col[static_cast<std::size_t>(k)])] + "')");
    col[static_cast<std::size_t>(k)] = static_cast<int>(i);
  }
  for (const char* req : {"id", "effect", "status"}) {
    std::size_t k = 0;
    while (canon[k] != req) ++k;
    if (col[k] < 0) throw input_error(origin, 1, req, "", std::string("required column '") + req + "' is missing");
  }
  std::vector<measure> out;
  std::vector<std::size_t> out_rows;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const auto& cells = rows[r];
    const std::size_t row = r < row_numbers.size() ? row_numbers[r] : r + 2;
    bool blank = true;
    for (const auto& c : cells) blank = blank && detail::trim(c).empty();
    if (blank) continue;
    if (cells.size() > header.size())
      for (std::size_t i = header.size(); i < cells.size(); ++i)
        if (!detail::trim(cells[i]).empty())
          throw input_error(origin, row, "", cells[i], "a value beyond the last column of the header");
    auto get = [&](const char* name) -> std::string {
      std::size_t k = 0;
      while (canon[k] != name) ++k;
      const int c = col[k];
      if (c < 0 || static_cast<std::size_t>(c) >= cells.size()) return {};
      return std::string(detail::trim(cells[static_cast<std::size_t>(c)]));
    };
    auto colname = [&](const char* name) -> std::string {
      std::size_t k = 0;
      while (canon[k] != name) ++k;
      return col[k] >= 0 ? header[static_cast<std::size_t>(col[k])] : std::string(name);
    };
    auto bad = [&](const char* name, const std::string& value, const std::string& problem) {
      return input_error(origin, row, colname(name), value, problem);
    };
    auto number = [&](const char* name, const std::string& text) {
      double v = 0;
      const std::string err = detail::parse_number(text, ',', v);
      if (!err.empty()) throw bad(name, text, err);
      return v;
    };
    auto opt_number = [&](const char* name) {
      const std::string t = get(name);
      return t.empty() ? std::nan("") : number(name, t);
    };
    auto year = [&](const char* name) -> std::optional<int> {
      const std::string t = get(name);
      if (t.empty()) return std::nullopt;
      const double v = number(name, t);
      if (v != std::floor(v) || v < inventory_builder::min_year || v > inventory_builder::max_year)
        throw bad(name, t,
                  "not a year (accepted: whole years " + std::to_string(inventory_builder::min_year) + "-" +
                      std::to_string(inventory_builder::max_year) + ")");
      return static_cast<int>(v);
    };
    auto year_pairs = [&](const char* name, double lo, double hi) {
      std::vector<std::pair<int, double>> pts;
      const std::string t = get(name);
      for (const auto& part : detail::split_list(t)) {
        const auto colon = part.find(':');
        if (colon == std::string::npos)
          throw bad(name, t, "write year: value pairs separated by ';', e.g. '2023: 0.25; 2030: 1'");
        const std::string ys(detail::trim(std::string_view(part).substr(0, colon)));
        const std::string vs(detail::trim(std::string_view(part).substr(colon + 1)));
        double yv = 0, vv = 0;
        if (!detail::parse_number(ys, ',', yv).empty() || yv != std::floor(yv))
          throw bad(name, t, "'" + ys + "' is not a year");
        const std::string err = detail::parse_number(vs, ',', vv);
        if (!err.empty()) throw bad(name, t, "'" + vs + "': " + err);
        if (vv < lo || vv > hi)
          throw bad(name, t,
                    "'" + vs + "' is outside [" + detail::fmt_double(lo) + ", " + detail::fmt_double(hi) + "]");
        pts.emplace_back(static_cast<int>(yv), vv);
      }
      return pts;
    };

    measure m;
    m.id = get("id");
    if (m.id.empty()) throw bad("id", "", "the id is empty");
    for (std::size_t j = 0; j < out.size(); ++j)
      if (out[j].id == m.id)
        throw bad("id", m.id, "the id is repeated (first in row " + std::to_string(out_rows[j]) + ")");
    m.name = get("name");
    // Scope.
    auto sectors = detail::split_list(get("sectors"));
    const auto sources = detail::split_list(get("sources"));
    bool paired_with_sector = false;
    for (const auto& s : sources) {
      const auto slash = s.find(" / ");
      if (slash != std::string::npos) {
        m.scope.sources.push_back({std::string(detail::trim(std::string_view(s).substr(0, slash))),
                                   std::string(detail::trim(std::string_view(s).substr(slash + 3)))});
      } else if (sectors.size() == 1) {
        m.scope.sources.push_back({sectors.front(), s});
        paired_with_sector = true;
      } else {
        throw bad("sources", get("sources"),
                  "source '" + s + "' needs its sector: write 'Sector / " + s + "', or give exactly one sector");
      }
    }
    if (!paired_with_sector) m.scope.sectors = sectors;
    for (const auto& g : detail::split_list(get("gases"))) {
      try {
        m.scope.gases.push_back(parse_gas(g));
      } catch (const unknown_gas_error& e) {
        throw bad("gases", g, e.what());
      }
    }
    if (m.scope.empty())
      throw input_error(origin, row, colname("sectors"), "",
                        "the measure has no scope: give one or more sectors, sources or gases");
    // Status.
    try {
      m.status = parse_measure_status(get("status"));
    } catch (const argument_error& e) {
      throw bad("status", get("status"), e.what());
    }
    // Effect.
    const std::string etext = get("effect");
    const std::string ktext = get("effect_kind");
    effect_kind kind;
    if (!ktext.empty()) {
      try {
        kind = parse_effect_kind(ktext);
      } catch (const argument_error& e) {
        throw bad("effect_kind", ktext, e.what());
      }
    } else {
      double dummy = 0;
      if (!get("activity").empty() || !get("factor").empty())
        kind = effect_kind::activity;
      else if (!etext.empty() && etext.back() == '%')
        kind = effect_kind::relative;
      else if (!etext.empty() && detail::parse_number(etext, ',', dummy).empty())
        kind = effect_kind::absolute;
      else
        kind = effect_kind::unknown;
    }
    switch (kind) {
    case effect_kind::unknown: {
      const std::string ek = detail::fold_key(etext);
      static const char* reasons = "unknown ukjent notcalculated ikkeberegnet facilitating tilretteleggende "
                                   "blankinsource notquantified ikkekvantifisert na";
      if (etext.empty() || !detail::alias_list_contains(reasons, ek))
        throw bad("effect", etext,
                  etext.empty() ? "the effect is blank: write a number (t CO2e per year), a cut such as "
                                  "'-30%', or 'not calculated' / 'facilitating' / 'unknown' to list the "
                                  "measure without an effect"
                                : "not a number, a percentage or a known reason (not calculated, "
                                  "facilitating, unknown, ikke beregnet, tilretteleggende)");
      m.effect = effect::unknown(etext);
      break;
    }
    case effect_kind::relative: {
      std::string t = etext;
      double scale = 1.0;
      if (!t.empty() && t.back() == '%') {
        t.pop_back();
        scale = 0.01;
      }
      const double v = number("effect", t) * scale;
      try {
        m.effect = effect::relative(v);
      } catch (const argument_error& e) {
        throw bad("effect", etext, e.what());
      }
      break;
    }
    case effect_kind::absolute: {
      const double v = number("effect", etext);
      const std::string ut = get("effect_unit");
      double scale = 1.0;
      if (!ut.empty()) {
        const auto s = co2e_unit_scale(ut);
        if (!s) throw bad("effect_unit", ut, "unknown unit (accepted: t CO2e, kt CO2e, Mt CO2e, per year)");
        scale = *s;
      }
      try {
        m.effect = effect::absolute(v * scale * units::tonne_co2e);
      } catch (const argument_error& e) {
        throw bad("effect", etext, e.what());
      }
      break;
    }
    case effect_kind::activity: {
      const std::string at = get("activity"), aut = get("activity_unit"), ft = get("factor"), fut = get("factor_unit");
      if (at.empty()) throw bad("activity", at, "an activity effect needs the activity avoided");
      if (ft.empty()) throw bad("factor", ft, "an activity effect needs an emission factor");
      const double av = number("activity", at), fv = number("factor", ft);
      const auto au = detail::parse_activity_unit(aut);
      if (!au)
        throw bad("activity_unit", aut,
                  "unknown activity unit (accepted: kWh, MWh, GWh, GJ, TJ, l, m3, km, vehicle-km, kg, t)");
      const auto slash = fut.find('/');
      if (slash == std::string::npos)
        throw bad("factor_unit", fut, "write the factor unit as mass/activity, e.g. 'kg CO2/l' or 'g/kWh'");
      const auto num = detail::split_list(fut.substr(0, slash), ' ');
      const auto den = detail::parse_activity_unit(detail::trim(std::string_view(fut).substr(slash + 1)));
      std::optional<detail::activity_unit_info> mu;
      if (!num.empty()) mu = detail::parse_activity_unit(num.front());
      if (!mu || mu->dim != 3 || !den)
        throw bad("factor_unit", fut, "write the factor unit as mass/activity, e.g. 'kg CO2/l' or 'g/kWh'");
      if (den->dim != au->dim)
        throw bad("factor_unit", fut,
                  std::string("a factor per ") + detail::activity_dim_name(den->dim) +
                      " cannot apply to an activity in " + aut + " (" + detail::activity_dim_name(au->dim) + ")");
      std::optional<gas> g;
      std::string gtext = get("factor_gas");
      if (num.size() > 1) {
        std::string rest;
        for (std::size_t i = 1; i < num.size(); ++i) rest += (i > 1 ? " " : "") + num[i];
        try {
          g = parse_gas(rest);
        } catch (const unknown_gas_error& e) {
          throw bad("factor_unit", fut, e.what());
        }
      }
      if (!gtext.empty()) {
        gas g2;
        try {
          g2 = parse_gas(gtext);
        } catch (const unknown_gas_error& e) {
          throw bad("factor_gas", gtext, e.what());
        }
        if (g && *g != g2)
          throw bad("factor_gas", gtext,
                    "the factor unit names " + std::string(name(*g)) + ", the factor gas " + std::string(name(g2)));
        g = g2;
      }
      if (!g) throw bad("factor_gas", gtext, "name the factor's gas (factor_gas, or in the unit: 'kg CO2/l')");
      const double kg = av * au->scale * fv * mu->scale / den->scale;
      try {
        m.effect = effect::activity_mass(kg * units::kilogram, *g);
      } catch (const argument_error& e) {
        throw bad("activity", at, e.what());
      }
      break;
    }
    }
    // Removal.
    {
      const std::string t = detail::fold_key(get("removal"));
      if (t.empty() || t == "no" || t == "false" || t == "nei" || t == "0")
        m.removal = false;
      else if (t == "yes" || t == "true" || t == "ja" || t == "1" || t == "x")
        m.removal = true;
      else
        throw bad("removal", get("removal"), "accepted: yes/no, true/false, ja/nei, 1/0");
    }
    // Ramp.
    {
      const auto start = year("start_year"), full = year("full_year"), end = year("end_year");
      ramp_shape shape;
      try {
        shape = parse_ramp_shape(get("ramp_shape"));
      } catch (const argument_error& e) {
        throw bad("ramp_shape", get("ramp_shape"), e.what());
      }
      const bool has_points = !get("ramp_points").empty();
      try {
        if (shape == ramp_shape::points || has_points) {
          auto pts = year_pairs("ramp_points", 0.0, 1.0);
          if (pts.empty()) throw bad("ramp_points", "", "a 'points' ramp needs year: factor pairs");
          m.ramp = ramp::from_points(std::move(pts), end);
        } else if (start) {
          const int f = full ? *full : *start;
          m.ramp = shape == ramp_shape::s_curve ? ramp::s_curve(*start, f, end) : ramp::linear(*start, f, end);
        } else if (m.effect.known()) {
          throw bad("start_year", "", "a measure with an effect needs its start year (startår)");
        }
      } catch (const argument_error& e) {
        throw bad(has_points ? "ramp_points" : "full_year", get(has_points ? "ramp_points" : "full_year"), e.what());
      }
    }
    m.agency = get("agency");
    m.reporting_owner = get("reporting_owner");
    m.notes = get("notes");
    // Costs.
    m.costs.investment = year_pairs("investment", -1e300, 1e300);
    m.costs.operating_cost = opt_number("operating_cost");
    m.costs.lifetime_years = opt_number("lifetime");
    if (!get("discount_rate").empty()) {
      std::string t = get("discount_rate");
      double scale = 1.0;
      if (t.back() == '%') {
        t.pop_back();
        scale = 0.01;
      }
      m.costs.discount_rate = number("discount_rate", t) * scale;
      if (!(m.costs.discount_rate > -1.0 && m.costs.discount_rate < 1.0))
        throw bad("discount_rate", get("discount_rate"), "write 0.04 or '4%' for 4 %");
    }
    m.costs.cost_low = opt_number("cost_low");
    m.costs.cost_high = opt_number("cost_high");
    m.costs.cost_class = get("cost_class");
    m.costs.currency = get("currency");
    m.costs.price_year = year("price_year");
    out.push_back(std::move(m));
    out_rows.push_back(row);
  }
  return out;
}

/// One measure from (column, text) fields in any accepted spelling (the
/// Python Measure(...) path): the same validation as a table row.
inline measure measure_from_fields(const std::vector<std::pair<std::string, std::string>>& fields,
                                   const std::string& origin = "<measure>") {
  std::vector<std::string> header, cells;
  for (const auto& f : fields) {
    header.push_back(f.first);
    cells.push_back(f.second);
  }
  auto ms = measures_from_rows(header, {cells}, origin);
  if (ms.empty()) throw input_error(origin, 2, "", "", "the measure is blank");
  return std::move(ms.front());
}

/// The table cells of a measure, in measure_columns() order.
inline std::vector<std::string> measure_to_cells(const measure& m) {
  auto num = [](double v) { return std::isnan(v) ? std::string() : detail::fmt_double(v); };
  auto pairs = [](const std::vector<std::pair<int, double>>& p) {
    std::string s;
    for (const auto& x : p)
      s += (s.empty() ? "" : "; ") + std::to_string(x.first) + ": " + detail::fmt_double(x.second);
    return s;
  };
  auto join = [](const std::vector<std::string>& v) {
    std::string s;
    for (const auto& x : v) s += (s.empty() ? "" : "; ") + x;
    return s;
  };
  std::vector<std::string> src, gs;
  for (const auto& c : m.scope.sources) src.push_back(c.sector + " / " + c.source);
  for (gas g : m.scope.gases) gs.emplace_back(name(g));
  std::string effect, unit, activity, activity_unit, factor, factor_unit, factor_gas;
  switch (m.effect.kind()) {
  case effect_kind::absolute:
    effect = detail::fmt_double(m.effect.value());
    unit = "t CO2e";
    break;
  case effect_kind::relative: effect = detail::fmt_double(-m.effect.value()); break;
  case effect_kind::activity:
    // Stored as the gas mass avoided (kg, as units::mass holds it): written
    // as that mass with a factor of 1 kg/kg, so reading it back is exact.
    activity = detail::fmt_double(m.effect.avoided_mass().value());
    activity_unit = "kg";
    factor = "1";
    factor_unit = "kg/kg";
    factor_gas = std::string(name(m.effect.activity_gas()));
    break;
  case effect_kind::unknown: effect = m.effect.reason(); break;
  }
  const bool has_ramp = m.effect.known() || m.ramp.start_year() != 0;
  std::string start, full, end, shape, points;
  if (has_ramp) {
    shape = std::string(name(m.ramp.shape()));
    if (m.ramp.shape() == ramp_shape::points) {
      points = pairs(m.ramp.points());
    } else {
      start = std::to_string(m.ramp.start_year());
      full = std::to_string(m.ramp.full_year());
    }
    if (m.ramp.end_year()) end = std::to_string(*m.ramp.end_year());
  }
  return {m.id,
          m.name,
          join(m.scope.sectors),
          join(src),
          join(gs),
          std::string(name(m.effect.kind())),
          effect,
          unit,
          activity,
          activity_unit,
          factor,
          factor_unit,
          factor_gas,
          m.removal ? "yes" : "no",
          start,
          full,
          end,
          shape,
          points,
          std::string(name(m.status)),
          m.agency,
          m.reporting_owner,
          m.notes,
          pairs(m.costs.investment),
          num(m.costs.operating_cost),
          num(m.costs.lifetime_years),
          detail::fmt_double(m.costs.discount_rate),
          num(m.costs.cost_low),
          num(m.costs.cost_high),
          m.costs.cost_class,
          m.costs.currency,
          m.costs.price_year ? std::to_string(*m.costs.price_year) : std::string()};
}

/// The measures table as CSV text (comma-separated, UTF-8, header first).
inline std::string write_measures_text(const std::vector<measure>& measures) {
  std::string out;
  const auto& cols = measure_columns();
  for (std::size_t i = 0; i < cols.size(); ++i) {
    if (i) out.push_back(',');
    out += cols[i];
  }
  out.push_back('\n');
  for (const auto& m : measures) {
    const auto cells = measure_to_cells(m);
    for (std::size_t i = 0; i < cells.size(); ++i) {
      if (i) out.push_back(',');
      detail::write_field(out, cells[i]);
    }
    out.push_back('\n');
  }
  return out;
}

/// Reads a measures table from CSV text (',' ';' or tab, found from the
/// header; a UTF-8 byte-order mark is skipped).
inline std::vector<measure> read_measures_text(std::string_view text, const std::string& origin = "<measures>") {
  if (text.size() >= 3 && static_cast<unsigned char>(text[0]) == 0xEF && static_cast<unsigned char>(text[1]) == 0xBB &&
      static_cast<unsigned char>(text[2]) == 0xBF)
    text.remove_prefix(3);
  if (detail::trim(text).empty()) throw input_error(origin, 0, "", "", "the measures table is empty");
  const auto nl = text.find('\n');
  const std::string_view head = text.substr(0, nl);
  char delim = ',';
  std::size_t best = 0;
  for (char cand : {',', ';', '\t'}) {
    std::size_t n = 0;
    bool q = false;
    for (char c : head) {
      if (c == '"')
        q = !q;
      else if (c == cand && !q)
        ++n;
    }
    if (n > best) {
      best = n;
      delim = cand;
    }
  }
  detail::csv_cursor cur(text, delim);
  std::vector<std::string_view> f;
  std::size_t line = 1;
  cur.next(f, line, origin);
  std::vector<std::string> header(f.begin(), f.end());
  std::vector<std::vector<std::string>> rows;
  std::vector<std::size_t> lines;
  while (cur.next(f, line, origin)) {
    rows.emplace_back(f.begin(), f.end());
    lines.push_back(line);
  }
  if (delim == ';') // Norwegian Excel: decimal commas are unambiguous with ';'
    for (auto& r : rows)
      for (auto& c : r) {
        double v = 0;
        if (c.find(',') != std::string::npos && c.find(':') == std::string::npos &&
            detail::parse_number(c, ';', v).empty())
          c = detail::fmt_double(v);
      }
  return measures_from_rows(header, rows, origin, lines);
}

/// Reads a measures table from a CSV file. Throws input_error naming the file.
inline std::vector<measure> read_measures(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw input_error(path, 0, "", "", "cannot open the file");
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  return read_measures_text(text, path);
}

/// Writes the measures table atomically: to `path`.tmp, then renamed over
/// `path`. Throws io_error if it cannot be written.
inline void write_measures(const std::vector<measure>& measures, const std::string& path) {
  detail::write_file_atomically(path, write_measures_text(measures));
}

} // namespace ghgtrack

#endif
