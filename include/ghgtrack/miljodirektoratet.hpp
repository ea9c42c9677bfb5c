// ghgtrack/miljodirektoratet.hpp: Miljødirektoratet's municipal greenhouse-gas
// accounts ("Klimagassutslipp i kommuner", xlsx) as inventories.
//
// Compiled with the xlsx reader: link ghgtrack::xlsx (see xlsx.hpp).
//
// Both layouts are read:
//  - the per-municipality file (sheet "Oversikt - detaljert": År, Sektor,
//    Utslippskilde, Klimagass, Utslipp (tonn CO₂-ekvivalenter); sheet
//    "Oversikt": År, Sektor, Utslipp; sheet "Info": Datasett = the
//    municipality's name);
//  - the all-municipalities file (the detail sheet has extra columns
//    Fylke, Kommunenummer, Kommune): filtered to the municipalities asked
//    for, by name or number.
// Every data row goes through inventory_builder::add_row, the one row check
// of ghgtrack (a text number with a single comma is a decimal comma, as in
// a ';' CSV). Names lose surrounding whitespace (trailing newlines); a
// sector only some releases have (e.g. "produkter med fluorgasser") is
// simply read.
//
// The per-municipality file is checked against its overview: the detail
// summed by sector and year must equal the published overview within the
// rounding of the published figures, 0.05 t per summed value (each row and
// the overview are rounded to 0.1 t). A source with rows in some years but
// none in others is an unknown ("missing") in those years, unless that
// year's published sector total equals the other rows: then the official
// accounts count it as nothing, and it is read as NO, listed in
// `inferred_not_occurring`.
//
// Every error is an input_error naming the file, the sheet ("path [sheet]"),
// the row, column and value, and the cell ("cell E7") when one cell is at
// fault.
#ifndef GHGTRACK_MILJODIREKTORATET_HPP
#define GHGTRACK_MILJODIREKTORATET_HPP

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "ghgtrack/gwp.hpp"
#include "ghgtrack/inventory.hpp"
#include "ghgtrack/xlsx.hpp"

namespace ghgtrack::miljodirektoratet {

inline constexpr std::string_view detail_sheet = "Oversikt - detaljert";
inline constexpr std::string_view overview_sheet = "Oversikt";
inline constexpr std::string_view info_sheet = "Info";
/// The accounts are on AR5 GWP100 (the basis of Norway's national inventory
/// from the 2022 figures on; Miljødirektoratet recalculates the municipal
/// accounts with it back to 2009 in every release).
inline constexpr metric default_metric = metric::ar5_gwp100;

/// One (year, sector) of the overview check. `detail` or `overview` is NaN
/// when that side has no such entry (and then `ok` is false).
struct overview_check {
  int year = 0;
  std::string sector;
  double detail = 0, overview = 0, difference = 0, tolerance = 0;
  bool ok = false;
};

/// One municipality's accounts.
struct accounts {
  std::string municipality; ///< as asked for; for a per-municipality file, Info's Datasett
  inventory inv;
  bool checked = false;               ///< the overview check ran (per-municipality file with an overview)
  std::vector<overview_check> checks; ///< sorted by year, then sector
  std::vector<std::string> inferred_not_occurring;
};

struct options {
  /// The metric the values are on.
  std::optional<metric> gwp_metric = default_metric;
  /// Compare the detail with the overview (and infer NO cells from it).
  bool check = true;
  /// The municipalities were given as a list (an error for a
  /// per-municipality file, which holds one).
  bool several = false;
  xlsx::limits limits{};
  /// Threads for parsing a large detail sheet (xlsx::workbook::read_sheet):
  /// 1 (default) starts none, 0 is one per hardware thread. The result does
  /// not depend on it.
  unsigned threads = 1;
};

struct workbook_accounts {
  std::string file;
  /// Info sheet: (key, value) with the key normalised (lower case, single
  /// spaces, no trailing ':'), e.g. ("utgiver", "Miljødirektoratet").
  std::vector<std::pair<std::string, std::string>> info;
  bool all_municipalities = false; ///< the file had municipality columns
  /// One per municipality asked for, in that order (one for a
  /// per-municipality file).
  std::vector<accounts> municipalities;
};

/// Reads the workbook at `path`. `municipalities`: names or numbers; empty
/// for a per-municipality file (or an all-municipalities file that holds
/// one). Naming a municipality a per-municipality file does not hold (its
/// Info sheet names another) is an input_error naming both.
workbook_accounts read(const std::string& path, const std::vector<std::string>& municipalities = {},
                       const options& opts = {});

/// The same from a workbook already open (xlsx::workbook::from_bytes, say);
/// errors name the workbook's origin. `opts.limits` is not used (the
/// workbook was opened with its own).
workbook_accounts read(const xlsx::workbook& wb, const std::vector<std::string>& municipalities = {},
                       const options& opts = {});

/// Lower case (ASCII and Latin-1 letters such as Å, Ø, Æ), runs of
/// whitespace as one space, no surrounding whitespace: how header names are
/// compared.
std::string normalise_header(std::string_view s);

} // namespace ghgtrack::miljodirektoratet

#endif
