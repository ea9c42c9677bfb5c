// libFuzzer harness for the compiled xlsx reader (ghgtrack::xlsx) and
// Miljødirektoratet's workbook reader on top of it (build as fuzz_csv.cpp
// says; seeded with tests/fuzz/corpus/xlsx and the bundled Oslo workbook).
// Every input must be read or raise ghgtrack::input_error (a damaged zip,
// XML or cell) or unknown_label_error (a sheet that is not there); anything
// else is a bug. Error messages must be valid UTF-8.
#include <ghgtrack/miljodirektoratet.hpp>
#include <ghgtrack/xlsx.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  namespace x = ghgtrack::xlsx;
  x::limits lim;
  // Small limits keep one input's memory bounded (libFuzzer's -rss_limit_mb).
  lim.max_part_bytes = 16u << 20;
  lim.max_total_bytes = 64u << 20;
  lim.ratio_floor_bytes = 64u << 10;
  try {
    const auto wb = x::workbook::from_bytes(std::string(reinterpret_cast<const char*>(data), size), "fuzz", lim);
    for (const auto& name : wb.sheet_names()) {
      try {
        const auto sh = wb.read_sheet(name);
        std::size_t n = 0;
        for (const auto& c : sh.cells()) n += c.text.size() + (c.type == x::cell_type::number);
        (void)sh.row_index();
        if (n == static_cast<std::size_t>(-1)) __builtin_trap();
      } catch (const ghgtrack::input_error& e) {
        if (ghgtrack::invalid_utf8_at(e.what()) != std::string_view::npos) __builtin_trap();
      }
    }
    ghgtrack::miljodirektoratet::options opts;
    opts.limits = lim;
    (void)ghgtrack::miljodirektoratet::read(wb, {}, opts);
  } catch (const ghgtrack::input_error& e) {
    if (ghgtrack::invalid_utf8_at(e.what()) != std::string_view::npos) __builtin_trap();
  } catch (const ghgtrack::unknown_label_error&) {}
  return 0;
}
