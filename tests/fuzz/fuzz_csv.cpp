// libFuzzer harness for the tidy CSV reader (build with clang:
// cmake -DGHGTRACK_FUZZ=ON -DCMAKE_CXX_COMPILER=clang++; run
// build/tests/fuzz_csv tests/fuzz/corpus). Every input must either parse
// or raise ghgtrack::input_error; anything else (a crash, a sanitizer
// report, another exception) is a bug.
#include <ghgtrack/csv.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    const auto inv = ghgtrack::read_csv_text(std::string_view(reinterpret_cast<const char*>(data), size), "fuzz");
    // A parsed inventory must write and read back to the same numbers.
    const auto back = ghgtrack::read_csv_text(ghgtrack::write_csv_text(inv), "roundtrip");
    if (!(back.values() == inv.values()).all()) __builtin_trap();
  } catch (const ghgtrack::input_error&) {}
  return 0;
}
