// ghgtrack/xlsx.hpp: a small, safe reader of xlsx workbooks (cell values
// only: shared strings, sheets, cells; no styles, no formulas evaluated, the
// cached results are read).
//
// Compiled, not header-only: link the CMake target ghgtrack::xlsx (static
// library in src/xlsx/, built on minizip + zlib for the zip container and
// expat for the XML; Debian: libminizip-dev zlib1g-dev libexpat1-dev).
// ghgtrack::ghgtrack, the header-only core, does not need these libraries.
//
// Safety (every problem is an input_error naming the file, and the part,
// sheet or cell when known; never a crash):
//  - no DTD is accepted at all (an xlsx part never has one), so no external
//    entity is ever loaded and no entity expansion can grow (expat's own
//    amplification limit is set too, as a second line);
//  - zip-bomb limits: the size of one part, the total size unpacked and the
//    compression ratio (checked against the sizes the zip declares, and again
//    while inflating, so a lying header does not help);
//  - relationship targets are resolved inside the package: a target that
//    climbs above its root ("../../etc/passwd") or is external is refused;
//  - encrypted entries and unknown compression methods are refused.
#ifndef GHGTRACK_XLSX_HPP
#define GHGTRACK_XLSX_HPP

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "ghgtrack/error.hpp"

namespace ghgtrack::xlsx {

/// Limits against damaged or hostile workbooks (zip bombs). Exceeding one
/// is an input_error whose message names the limit.
struct limits {
  std::uint64_t max_part_bytes = std::uint64_t{1} << 30;  ///< one unpacked part (1 GiB)
  std::uint64_t max_total_bytes = std::uint64_t{2} << 30; ///< all parts read, unpacked (2 GiB)
  /// Unpacked / packed size of one part. Real sheets reach ~20-100;
  /// deflate's own maximum is ~1030, where zip bombs live.
  double max_ratio = 250.0;
  /// The ratio is only checked for parts larger than this (a tiny part
  /// with a high ratio does no harm).
  std::uint64_t ratio_floor_bytes = std::uint64_t{1} << 20;
  std::size_t max_entries = 100000; ///< entries in the zip directory
};

/// What a cell holds (openpyxl's value types, dates aside: a date is its
/// serial number, as the file stores it).
enum class cell_type : std::uint8_t {
  empty,   ///< no value (a styled empty cell, or a formula without a cached result)
  number,  ///< t="n" (or no t)
  text,    ///< shared string, inline string, or a formula's text result (t="str")
  boolean, ///< t="b"; `number` is 0 or 1
  error,   ///< t="e"; `text` is the error ("#N/A", "#DIV/0!")
};

/// One cell. `text` points into storage owned by the sheet (or the
/// workbook's shared strings, which the sheet keeps alive).
struct cell {
  std::uint32_t row = 0; ///< 1-based
  std::uint32_t col = 0; ///< 1-based (A = 1)
  cell_type type = cell_type::empty;
  /// For numbers: true when the file's text had no '.', 'e' or 'E' (an
  /// integer, as openpyxl types it).
  bool integral = false;
  /// True when the cell holds a formula (<f>). A formula whose result the
  /// file does not store (a workbook written by a program that does not
  /// calculate) is an empty cell with `formula` set: readers report it as
  /// "a formula without a cached value", never as an empty cell.
  bool formula = false;
  double number = 0.0;
  std::string_view text;
};

/// The cell reference of a row and column ("E7").
std::string cell_ref(std::uint32_t row, std::uint32_t col);

/// One sheet's cells in file order (rows ascending, columns ascending within
/// a row, as Excel writes them; a file that repeats or reorders cells is an
/// input_error).
class sheet {
public:
  const std::string& name() const noexcept { return name_; }
  const std::vector<cell>& cells() const noexcept { return cells_; }
  /// The highest row number with a cell (0 for an empty sheet).
  std::uint32_t max_row() const noexcept { return cells_.empty() ? 0 : cells_.back().row; }

  /// The cells of each row: [begin, end) indices into cells(), for rows
  /// 1..max_row() (index 0 unused); an absent row is an empty range.
  std::vector<std::pair<std::size_t, std::size_t>> row_index() const;

private:
  friend class workbook;
  std::string name_;
  std::vector<cell> cells_;
  std::shared_ptr<const std::vector<std::string>> shared_;
  // Inline strings and formula results, one store per parsed piece (stable addresses).
  std::deque<std::deque<std::string>> own_;
};

/// An xlsx workbook opened for reading. The file is read into memory once;
/// each sheet is unpacked and parsed when asked for. One workbook object is
/// not to be used from several threads at once (it holds one zip cursor);
/// open one per thread instead.
class workbook {
public:
  /// Opens `path`. Throws input_error (origin: the path) when the file
  /// cannot be read or is not an xlsx workbook.
  static workbook open(const std::string& path, const limits& lim = {});
  /// A workbook from the bytes of an xlsx file; `origin` names it in errors.
  static workbook from_bytes(std::string bytes, std::string origin, const limits& lim = {});

  workbook(workbook&&) noexcept;
  workbook& operator=(workbook&&) noexcept;
  ~workbook();

  const std::string& origin() const noexcept;
  /// The sheets' names, in workbook order.
  const std::vector<std::string>& sheet_names() const noexcept;
  bool has_sheet(std::string_view name) const noexcept;
  /// Unpacks and parses one sheet. Throws unknown_label_error for a name
  /// the workbook does not have; input_error for a damaged part.
  /// `threads` (default 1: no thread is started; 0: one per hardware
  /// thread): a large sheet (> 4 MB of XML) is parsed in pieces of whole
  /// rows, each by its own XML parser, on that many threads. The result is
  /// the same as with one thread; a sheet whose XML has comments, CDATA or
  /// processing instructions, rows without numbers, or any error is parsed
  /// on one thread (so errors are reported exactly as then).
  sheet read_sheet(std::string_view name, unsigned threads = 1) const;

private:
  struct impl;
  explicit workbook(std::unique_ptr<impl> p);
  std::unique_ptr<impl> p_;
};

} // namespace ghgtrack::xlsx

#endif
