// Miljødirektoratet's municipal workbook -> inventories (see
// include/ghgtrack/miljodirektoratet.hpp). Only finds the cells (sheets,
// header names, municipality filters) and compares detail with overview;
// every row's cells go, raw, to inventory_builder::add_row.
#include <ghgtrack/inventory_builder.hpp>
#include <ghgtrack/miljodirektoratet.hpp>

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <set>
#include <unordered_map>
#include <tuple>

namespace ghgtrack::miljodirektoratet {

namespace {

using xlsx::cell;
using xlsx::cell_type;

bool is_space(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

// Python's str.strip() for the whitespace that occurs in these files
// (ASCII whitespace and the no-break space U+00A0).
std::string_view strip(std::string_view s) {
  for (;;) {
    if (!s.empty() && is_space(static_cast<unsigned char>(s.front())))
      s.remove_prefix(1);
    else if (s.size() >= 2 && static_cast<unsigned char>(s[0]) == 0xC2 && static_cast<unsigned char>(s[1]) == 0xA0)
      s.remove_prefix(2);
    else
      break;
  }
  for (;;) {
    if (!s.empty() && is_space(static_cast<unsigned char>(s.back())))
      s.remove_suffix(1);
    else if (s.size() >= 2 && static_cast<unsigned char>(s[s.size() - 2]) == 0xC2 &&
             static_cast<unsigned char>(s.back()) == 0xA0)
      s.remove_suffix(2);
    else
      break;
  }
  return s;
}

// Lower case for ASCII and the Latin-1 letters (UTF-8 C3 80-9E, × aside).
std::string lower(std::string_view s) {
  std::string out(s);
  for (std::size_t i = 0; i < out.size(); ++i) {
    const auto c = static_cast<unsigned char>(out[i]);
    if (c >= 'A' && c <= 'Z') {
      out[i] = static_cast<char>(c - 'A' + 'a');
    } else if (c == 0xC3 && i + 1 < out.size()) {
      const auto d = static_cast<unsigned char>(out[i + 1]);
      if (d >= 0x80 && d <= 0x9E && d != 0x97) out[i + 1] = static_cast<char>(d + 0x20);
      ++i;
    }
  }
  return out;
}

// A cell as Python's str() shows what openpyxl gives (None: empty).
std::string py_str(const cell* c) {
  if (!c || c->type == cell_type::empty) return "None";
  switch (c->type) {
  case cell_type::number:
    if (c->integral && std::fabs(c->number) < 9.0e18)
      return std::to_string(static_cast<long long>(c->number));
    else {
      std::string t = number_to_text(c->number);
      if (t.find_first_of(".eEn") == std::string::npos) t += ".0";
      return t;
    }
  case cell_type::boolean: return c->number != 0 ? "True" : "False";
  default: return std::string(c->text);
  }
}

bool present(const cell* c) { return c && c->type != cell_type::empty; }

// Python's _matches: equal ignoring case and surrounding spaces, or the
// same whole number ("0301" and "301").
bool key_matches(const std::string& v, const std::string& wanted_lower) {
  if (v == wanted_lower) return true;
  auto digits = [](const std::string& s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
  };
  if (!digits(v) || !digits(wanted_lower)) return false;
  auto strip0 = [](const std::string& s) {
    const auto i = s.find_first_not_of('0');
    return i == std::string::npos ? std::string("0") : s.substr(i);
  };
  return strip0(v) == strip0(wanted_lower);
}

// One sheet as rows of cells by column (0-based), with row numbers.
struct grid {
  xlsx::sheet sh;
  std::vector<std::pair<std::size_t, std::size_t>> index;
  std::uint32_t max_col = 0;

  explicit grid(xlsx::sheet s) : sh(std::move(s)), index(sh.row_index()) {
    for (const auto& c : sh.cells())
      if (c.type != cell_type::empty) max_col = std::max(max_col, c.col);
  }
  std::uint32_t rows() const { return sh.max_row(); }
  const cell* at(std::uint32_t row, int col0) const {
    if (col0 < 0 || row == 0 || row >= index.size()) return nullptr;
    const auto [b, e] = index[row];
    for (std::size_t i = b; i < e; ++i)
      if (sh.cells()[i].col == static_cast<std::uint32_t>(col0 + 1)) return &sh.cells()[i];
    return nullptr;
  }
  bool any(std::uint32_t row) const {
    if (row == 0 || row >= index.size()) return false;
    for (std::size_t i = index[row].first; i < index[row].second; ++i)
      if (sh.cells()[i].type != cell_type::empty) return true;
    return false;
  }
};

enum col_key { k_year, k_sector, k_source, k_gas, k_value, k_muni_number, k_muni, k_county, k_count };
constexpr std::array<const char*, 5> required_names{"year", "sector", "source", "gas", "value"};

std::array<int, k_count> find_columns(const grid& g, const std::string& origin) {
  std::array<int, k_count> found;
  found.fill(-1);
  static const std::array<std::vector<std::string>, 4> aliases{{{"år", "aar", "year"},
                                                                {"sektor", "sector"},
                                                                {"utslippskilde", "kilde", "source"},
                                                                {"klimagass", "gass", "gas"}}};
  std::vector<std::pair<int, std::string>> names; // (column, normalised name)
  std::string seen;
  if (g.index.size() > 1)
    for (std::size_t i = g.index[1].first; i < g.index[1].second; ++i) {
      const cell& c = g.sh.cells()[i];
      if (c.type == cell_type::empty) continue;
      names.emplace_back(static_cast<int>(c.col) - 1, normalise_header(py_str(&c)));
      seen += (seen.empty() ? "" : ", ") + py_str(&c);
    }
  for (std::size_t k = 0; k < aliases.size(); ++k)
    for (const auto& [col, n] : names)
      if (std::find(aliases[k].begin(), aliases[k].end(), n) != aliases[k].end()) found[k] = col;
  for (const auto& [col, n] : names) {
    if (n.rfind("utslipp", 0) == 0 && (n.find("tonn") != std::string::npos || n.find("co2") != std::string::npos ||
                                       n.find("co₂") != std::string::npos))
      found[k_value] = col;
    else if (n == "value" || n == "utslipp")
      found[k_value] = col;
    else if (n.find("kommunenummer") != std::string::npos || n == "kommunenr" || n == "knr")
      found[k_muni_number] = col;
    else if (n.find("kommune") != std::string::npos)
      found[k_muni] = col;
    else if (n.find("fylke") != std::string::npos)
      found[k_county] = col;
  }
  std::string missing;
  std::string first;
  for (std::size_t k = 0; k < required_names.size(); ++k)
    if (found[k] < 0) {
      if (first.empty()) first = required_names[k];
      missing += (missing.empty() ? "" : ", ") + std::string(required_names[k]);
    }
  if (!missing.empty())
    throw input_error(origin, 1, first, "",
                      "required column(s) " + missing +
                          " not found (expected År, Sektor, Utslippskilde, Klimagass, Utslipp (tonn "
                          "CO₂-ekvivalenter); found: " +
                          seen + ")");
  return found;
}

// The message of an input_error without its location prefix.
std::string problem_of(const input_error& e) {
  const std::string prefix = input_error(e.origin(), e.row(), e.column(), e.value(), "").what();
  const std::string all = e.what();
  return all.size() >= prefix.size() ? all.substr(prefix.size()) : all;
}

// A formula whose result the file does not hold (written by a program that
// does not calculate formulas) is not an empty cell: say what it is.
void check_cached(const cell* c, const std::string& origin, std::uint32_t r, const char* column) {
  if (c && c->type == cell_type::empty && c->formula)
    throw input_error(origin, r, column, "",
                      "formula without a cached value (cell " + xlsx::cell_ref(c->row, c->col) +
                          "): the workbook was saved by a program that does not calculate formulas; open it in "
                          "Excel or LibreOffice and save it again, or write the value itself");
}

// A cell as the builder takes it for the year and value columns.
input_cell as_input(const cell* c, std::string& scratch) {
  if (!present(c)) return input_cell();
  if (c->type == cell_type::number) return input_cell(c->number);
  if (c->type == cell_type::boolean) {
    scratch = c->number != 0 ? "True" : "False";
    return input_cell(std::string_view(scratch));
  }
  return input_cell(c->text);
}

// A cell as text for the sector, source and gas columns.
std::string_view as_text(const cell* c, std::string& scratch) {
  if (!present(c)) return {};
  if (c->type == cell_type::number) return scratch = number_to_text(c->number);
  if (c->type == cell_type::boolean) return scratch = c->number != 0 ? "True" : "False";
  return c->text;
}

// Adds one row through the one row check; a cell's error names the cell.
void add(inventory_builder& b, const input_row& r, const std::array<int, 5>& xlsx_cols) {
  try {
    b.add_row(r);
  } catch (const input_error& e) {
    for (std::size_t k = 0; k < required_names.size(); ++k)
      if (e.column() == required_names[k] && xlsx_cols[k] >= 0 && r.row > 0)
        throw input_error(
            e.origin(), e.row(), e.column(), e.value(),
            problem_of(e) + " (cell " +
                xlsx::cell_ref(static_cast<std::uint32_t>(r.row), static_cast<std::uint32_t>(xlsx_cols[k] + 1)) + ")");
    throw;
  }
}

struct check_result {
  std::vector<overview_check> checks;
  std::map<std::pair<int, std::string>, bool> ok;
};

check_result compare(const inventory& detail, const inventory& overview) {
  // Rows of the tidy frame per (year, sector): cells with a value or a
  // notation key other than NA / missing.
  std::map<std::pair<int, std::string>, long> counts;
  const auto& keys = detail.keys();
  const auto& vals = detail.values();
  for (Eigen::Index c = 0; c < detail.n_categories(); ++c)
    for (Eigen::Index g = 0; g < detail.n_gases(); ++g)
      for (Eigen::Index y = 0; y < detail.n_years(); ++y) {
        const auto cell = detail.cell(c, g);
        const auto k = static_cast<notation>(keys(cell, y));
        if ((k == notation::na || k == notation::missing) && vals(cell, y) == 0.0) continue;
        ++counts[{detail.years()[static_cast<std::size_t>(y)],
                  detail.categories()[static_cast<std::size_t>(c)].sector}];
      }
  const double nan = std::numeric_limits<double>::quiet_NaN();
  std::map<std::pair<int, std::string>, std::pair<double, double>> joined;
  const aggregate d = detail.by_sector();
  for (std::size_t s = 0; s < d.labels.size(); ++s)
    for (std::size_t y = 0; y < d.years.size(); ++y)
      joined[{d.years[y], d.labels[s]}] = {d.values(static_cast<Eigen::Index>(s), static_cast<Eigen::Index>(y)), nan};
  const aggregate o = overview.by_sector();
  for (std::size_t s = 0; s < o.labels.size(); ++s)
    for (std::size_t y = 0; y < o.years.size(); ++y) {
      auto it = joined.find({o.years[y], o.labels[s]});
      const double v = o.values(static_cast<Eigen::Index>(s), static_cast<Eigen::Index>(y));
      if (it == joined.end())
        joined[{o.years[y], o.labels[s]}] = {nan, v};
      else
        it->second.second = v;
    }
  check_result out;
  for (const auto& [key, dv] : joined) {
    overview_check c;
    c.year = key.first;
    c.sector = key.second;
    c.detail = dv.first;
    c.overview = dv.second;
    c.difference = c.detail - c.overview;
    const auto n = counts.find(key);
    c.tolerance = 0.05 * (static_cast<double>(n == counts.end() ? 0 : n->second) + 1.0);
    c.ok = std::fabs(c.difference) <= c.tolerance; // false for NaN
    out.ok[key] = c.ok;
    out.checks.push_back(std::move(c));
  }
  return out;
}

} // namespace

std::string normalise_header(std::string_view s) {
  std::string collapsed;
  bool space = false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    const bool nbsp = c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0xA0;
    if (is_space(c) || nbsp) {
      if (nbsp) ++i;
      space = true;
      continue;
    }
    if (space && !collapsed.empty()) collapsed += ' ';
    space = false;
    collapsed += static_cast<char>(c);
  }
  return lower(collapsed);
}

workbook_accounts read(const std::string& path, const std::vector<std::string>& municipalities, const options& opts) {
  return read(xlsx::workbook::open(path, opts.limits), municipalities, opts);
}

workbook_accounts read(const xlsx::workbook& wb, const std::vector<std::string>& municipalities, const options& opts) {
  const std::string& path = wb.origin();
  const std::string origin = path + " [" + std::string(detail_sheet) + "]";
  if (!wb.has_sheet(detail_sheet)) {
    std::string all;
    for (const auto& n : wb.sheet_names()) all += (all.empty() ? "" : ", ") + n;
    throw input_error(path, 0, "", "",
                      "no sheet '" + std::string(detail_sheet) + "' (sheets: " + all +
                          "); is this Miljødirektoratet's 'Klimagassutslipp i kommuner' file?");
  }
  const grid det(wb.read_sheet(detail_sheet, opts.threads));
  std::optional<grid> ov;
  if (wb.has_sheet(overview_sheet)) ov.emplace(wb.read_sheet(overview_sheet));
  workbook_accounts out;
  out.file = path;
  if (wb.has_sheet(info_sheet)) {
    const grid info(wb.read_sheet(info_sheet));
    for (std::uint32_t r = 1; r <= info.rows(); ++r) {
      std::vector<const cell*> cells;
      for (std::size_t i = info.index[r].first; i < info.index[r].second; ++i)
        if (info.sh.cells()[i].type != cell_type::empty) cells.push_back(&info.sh.cells()[i]);
      if (cells.size() < 2) continue;
      std::string key = normalise_header(py_str(cells[0]));
      while (!key.empty() && key.back() == ':') key.pop_back();
      const std::string value = py_str(cells[1]);
      auto it = std::find_if(out.info.begin(), out.info.end(), [&](const auto& kv) { return kv.first == key; });
      if (it == out.info.end())
        out.info.emplace_back(std::move(key), value);
      else
        it->second = value;
    }
  }
  auto info_get = [&](const std::string& k) -> std::optional<std::string> {
    for (const auto& [key, v] : out.info)
      if (key == k) return v;
    return std::nullopt;
  };

  if (det.rows() == 0) throw input_error(origin, 0, "", "", "the sheet is empty");
  const auto cols = find_columns(det, origin);
  const int muni_col = cols[k_muni] >= 0 ? cols[k_muni] : cols[k_muni_number];
  const int number_col = cols[k_muni_number] >= 0 ? cols[k_muni_number] : muni_col;
  std::vector<std::uint32_t> data_rows;
  data_rows.reserve(det.rows());
  for (std::uint32_t r = 2; r <= det.rows(); ++r)
    if (det.any(r)) data_rows.push_back(r);
  if (data_rows.empty()) throw input_error(origin, 0, "", "", "the sheet has a header but no data rows");

  // The municipalities to read.
  std::vector<std::string> wanted;
  std::vector<std::string> muni_key, number_key;
  std::vector<std::vector<std::uint32_t>> selections;
  if (muni_col < 0) {
    if (opts.several || municipalities.size() > 1)
      throw input_error(path, 0, "", "", "a per-municipality file holds one municipality; a list was given");
    if (municipalities.size() == 1) {
      const std::string& w = municipalities[0];
      const auto held = info_get("datasett");
      if (!held)
        throw input_error(path, 0, "municipality", w,
                          "the file does not name its municipality (no Datasett in its Info sheet), so it cannot be "
                          "checked against '" +
                              w + "'; leave municipality out");
      if (!key_matches(lower(strip(*held)), lower(strip(w))))
        throw input_error(path, 0, "municipality", w,
                          "the file holds " + *held + "'s accounts (Info: Datasett), not " + w + "'s");
    }
    out.municipalities.push_back({});
    out.municipalities.back().municipality = info_get("datasett").value_or("");
  } else {
    out.all_municipalities = true;
    // Each data row's municipality cells, compared as _matches compares.
    // Text cells repeat (shared or interned strings): each distinct text is
    // normalised once.
    std::unordered_map<const char*, std::string> key_of;
    auto key = [&](const cell* c) -> std::string {
      if (!present(c)) return {};
      if (c->type != cell_type::text) return lower(strip(py_str(c)));
      auto it = key_of.find(c->text.data());
      if (it == key_of.end()) it = key_of.emplace(c->text.data(), lower(strip(c->text))).first;
      return it->second;
    };
    muni_key.reserve(data_rows.size());
    number_key.reserve(data_rows.size());
    std::set<std::string> name_set;
    std::string_view last_name;
    for (auto r : data_rows) {
      const cell* c = det.at(r, muni_col);
      const cell* n = det.at(r, number_col);
      muni_key.push_back(key(c));
      number_key.push_back(key(n));
      if (present(c)) {
        if (c->type == cell_type::text) {
          if (c->text.data() != last_name.data()) name_set.emplace(strip(c->text));
          last_name = c->text;
        } else {
          name_set.emplace(strip(py_str(c)));
        }
      }
    }
    const std::vector<std::string> names(name_set.begin(), name_set.end());
    std::string some;
    for (std::size_t i = 0; i < names.size() && i < 5; ++i) some += (i ? ", " : "") + names[i];
    if (municipalities.empty()) {
      if (names.size() > 1)
        throw input_error(path, 0, "", "",
                          "the file holds " + std::to_string(names.size()) +
                              " municipalities; choose with municipality= (e.g. " + some + ")");
      if (names.empty()) throw input_error(origin, 0, "", "", "no row names a municipality");
      wanted = names;
    } else {
      wanted = municipalities;
    }
    for (const auto& w : wanted) {
      const std::string wl = lower(strip(w));
      std::vector<std::uint32_t> sel;
      for (std::size_t i = 0; i < data_rows.size(); ++i)
        if ((!muni_key[i].empty() && key_matches(muni_key[i], wl)) ||
            (!number_key[i].empty() && key_matches(number_key[i], wl)))
          sel.push_back(data_rows[i]);
      if (sel.empty())
        throw input_error(path, 0, "municipality", w, "no municipality '" + w + "' in the file (e.g. " + some + ")");
      selections.push_back(std::move(sel));
      out.municipalities.push_back({});
      out.municipalities.back().municipality = w;
    }
  }

  const std::array<int, 5> xcols{cols[k_year], cols[k_sector], cols[k_source], cols[k_gas], cols[k_value]};
  auto build_rows = [&](inventory_builder& b, const std::vector<std::uint32_t>& rows) {
    b.reserve(rows.size());
    std::string s_year, s_value, s_sector, s_source, s_gas;
    for (auto r : rows) {
      input_row row;
      row.row = r;
      check_cached(det.at(r, cols[k_year]), origin, r, "year");
      check_cached(det.at(r, cols[k_sector]), origin, r, "sector");
      check_cached(det.at(r, cols[k_source]), origin, r, "source");
      check_cached(det.at(r, cols[k_gas]), origin, r, "gas");
      check_cached(det.at(r, cols[k_value]), origin, r, "value");
      row.year = as_input(det.at(r, cols[k_year]), s_year);
      row.value = as_input(det.at(r, cols[k_value]), s_value);
      row.sector = as_text(det.at(r, cols[k_sector]), s_sector);
      row.source = as_text(det.at(r, cols[k_source]), s_source);
      row.gas = as_text(det.at(r, cols[k_gas]), s_gas);
      add(b, row, xcols);
    }
  };

  if (muni_col < 0) {
    accounts& acc = out.municipalities.front();
    inventory_builder b(opts.gwp_metric, origin, ';');
    build_rows(b, data_rows);
    acc.inv = b.build();
    if (opts.check && ov) {
      const std::string ov_origin = path + " [" + std::string(overview_sheet) + "]";
      int yi = -1, si = -1, vi = -1;
      if (ov->index.size() > 1)
        for (std::size_t i = ov->index[1].first; i < ov->index[1].second; ++i) {
          const cell& c = ov->sh.cells()[i];
          if (c.type == cell_type::empty) continue;
          const std::string n = normalise_header(py_str(&c));
          const int col = static_cast<int>(c.col) - 1;
          if (n == "år" && yi < 0) yi = col;
          if (n == "sektor" && si < 0) si = col;
          if (n.rfind("utslipp", 0) == 0 && vi < 0) vi = col;
        }
      // The columns before the first header cell count too (openpyxl pads
      // the header row from column A): an empty header matches nothing.
      if (yi < 0 || si < 0 || vi < 0)
        throw input_error(ov_origin, 1, "", "", "expected columns År, Sektor, Utslipp (tonn CO₂-ekvivalenter)");
      // The overview's rows go through the same row check: one row per
      // (year, sector), that sector's only source, all gases together.
      inventory_builder ob(opts.gwp_metric, ov_origin, ';');
      const std::array<int, 5> ocols{yi, si, si, -1, vi};
      std::string s_year, s_value, s_sector;
      for (std::uint32_t r = 2; r <= ov->rows(); ++r) {
        if (!ov->any(r)) continue;
        input_row row;
        row.row = r;
        check_cached(ov->at(r, yi), ov_origin, r, "year");
        check_cached(ov->at(r, si), ov_origin, r, "sector");
        check_cached(ov->at(r, vi), ov_origin, r, "value");
        row.year = as_input(ov->at(r, yi), s_year);
        row.value = as_input(ov->at(r, vi), s_value);
        row.sector = row.source = as_text(ov->at(r, si), s_sector);
        row.gas = "Kyoto GHG";
        add(ob, row, ocols);
      }
      const inventory overview = ob.build();
      check_result cr = compare(acc.inv, overview);
      acc.checked = true;
      acc.checks = std::move(cr.checks);
      // Missing cells whose year's sector total is confirmed: NO.
      struct gap {
        int year;
        std::string sector, source, gas;
      };
      std::vector<gap> gaps;
      const inventory& inv = acc.inv;
      for (Eigen::Index c = 0; c < inv.n_categories(); ++c)
        for (Eigen::Index g = 0; g < inv.n_gases(); ++g)
          for (Eigen::Index y = 0; y < inv.n_years(); ++y) {
            if (static_cast<notation>(inv.keys()(inv.cell(c, g), y)) != notation::missing) continue;
            const auto& cat = inv.categories()[static_cast<std::size_t>(c)];
            const int year = inv.years()[static_cast<std::size_t>(y)];
            const auto it = cr.ok.find({year, cat.sector});
            if (it == cr.ok.end() || !it->second) continue;
            gaps.push_back({year, cat.sector, cat.source, std::string(name(inv.gases()[static_cast<std::size_t>(g)]))});
          }
      std::sort(gaps.begin(), gaps.end(), [](const gap& x, const gap& z) {
        return std::tie(x.year, x.sector, x.source, x.gas) < std::tie(z.year, z.sector, z.source, z.gas);
      });
      if (!gaps.empty()) {
        for (const auto& x : gaps) {
          input_row row;
          row.row = 0;
          row.year = input_cell(static_cast<double>(x.year));
          row.sector = x.sector;
          row.source = x.source;
          row.gas = x.gas;
          row.notation = "NO";
          b.add_row(row);
          acc.inferred_not_occurring.push_back(std::to_string(x.year) + " " + x.sector + " / " + x.source + " / " +
                                               x.gas + ": no row; the published sector total equals the other rows");
        }
        acc.inv = b.build();
      }
    }
    return out;
  }

  for (std::size_t i = 0; i < out.municipalities.size(); ++i) {
    inventory_builder b(opts.gwp_metric, origin, ';');
    build_rows(b, selections[i]);
    out.municipalities[i].inv = b.build();
  }
  return out;
}

} // namespace ghgtrack::miljodirektoratet
