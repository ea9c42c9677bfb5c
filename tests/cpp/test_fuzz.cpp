// A deterministic mutation fuzzer for the tidy CSV reader, run in every
// build (and so under ASan+UBSan): random byte edits of valid files must
// either parse, and then round-trip exactly, or raise input_error; never
// crash or throw anything else. (tests/fuzz/fuzz_csv.cpp is the libFuzzer
// harness for longer, coverage-guided runs.)
#include <ghgtrack/csv.hpp>

#include <gtest/gtest.h>

#include <random>
#include <string>

namespace {
const char* seeds[] = {
    "year,sector,source,gas,value,unit,metric,notation\n"
    "2009,Veitrafikk,Personbiler,CO2,361234.5,t CO2e,AR5GWP100,\n"
    "2009,Jordbruk,\"Gjødsel, husdyr\",N2O,,t CO2e,AR5GWP100,NE\n"
    "2024,Veitrafikk,Personbiler,CO2,200000,t CO2e,AR5GWP100,\n",
    "\xEF\xBB\xBFyear;sector;source;gas;value\r\n2009;S;a;Metan;1 234,5\r\n2010;S;a;Metan;-0,5\r\n",
    "year\tsector\tsource\tgas\tvalue\tunit\n2020\tS\ta\tHFK\t1.5\tkt CO2e\n2021\tS\ta\tHFK\tNO\tkt CO2e\n",
};
const char alphabet[] = ",;\t\n\r\"0123456789.-+eE NOCIAa\xC2\xA0\xE2\x88\x92";
} // namespace

TEST(Fuzz, CsvReaderNeverCrashes) {
  std::mt19937_64 rng(20091);
  int parsed = 0, rejected = 0;
  for (const char* seed : seeds) {
    for (int iter = 0; iter < 10000; ++iter) {
      std::string s = seed;
      const int edits = 1 + static_cast<int>(rng() % 6);
      for (int e = 0; e < edits && !s.empty(); ++e) {
        const auto pos = static_cast<std::size_t>(rng() % s.size());
        switch (rng() % 4) {
        case 0: s[pos] = alphabet[rng() % (sizeof alphabet - 1)]; break;
        case 1: s.insert(pos, 1, alphabet[rng() % (sizeof alphabet - 1)]); break;
        case 2: s.erase(pos, 1 + rng() % 4); break;
        default: s.resize(pos); break; // truncation
        }
      }
      try {
        const auto inv = ghgtrack::read_csv_text(s, "fuzz");
        const auto back = ghgtrack::read_csv_text(ghgtrack::write_csv_text(inv), "roundtrip");
        ASSERT_TRUE((back.values() == inv.values()).all()) << s;
        ++parsed;
      } catch (const ghgtrack::input_error&) {
        ++rejected;
      }
    }
  }
  EXPECT_GT(parsed, 100);   // the mutations do reach the parsing paths
  EXPECT_GT(rejected, 100); // and the error paths
}
