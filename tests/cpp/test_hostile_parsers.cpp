// Hostile input for the C++ readers (issue 13, the parsers' part):
// encodings, unknown sizes, numbers, the round trip of unknowns, overflow.
// Expected values are worked out by hand in the comments.
#include <ghgtrack/csv.hpp>
#include <ghgtrack/miljodirektoratet.hpp>
#include <ghgtrack/xlsx.hpp>

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <string>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace ghgtrack;

namespace {
const std::string H = "year,sector,source,gas,value,unit,metric,notation\n";

input_error error_of(const std::string& text, const std::string& origin = "x.csv") {
  try {
    (void)read_csv_text(text, origin);
  } catch (const input_error& e) {
    return e;
  }
  ADD_FAILURE() << "no error for: " << text;
  return input_error(origin, 0, "", "", "none");
}

bool valid_utf8(const std::string& s) { return invalid_utf8_at(s) == std::string_view::npos; }

std::string utf16le(const std::string& ascii_or_utf8) {
  // Enough for the test texts: ASCII plus 'ø' (U+00F8).
  std::string out = "\xFF\xFE";
  for (std::size_t i = 0; i < ascii_or_utf8.size(); ++i) {
    unsigned cp = static_cast<unsigned char>(ascii_or_utf8[i]);
    if (cp == 0xC3) cp = 0xC0 | (static_cast<unsigned char>(ascii_or_utf8[++i]) & 0x3F);
    out += static_cast<char>(cp & 0xFF);
    out += static_cast<char>(cp >> 8);
  }
  return out;
}
} // namespace

TEST(HostileParsers, ErrorTextIsValidUtf8) {
  // A cp1252 'ø' (0xF8) and a stray 0xDA are shown as \xNN; valid UTF-8
  // ('ø' = C3 B8) and the problem text stay as they are.
  const input_error e("f\xE6.csv", 3, "source",
                      "Gj\xF8"
                      "dsel",
                      "not \xDA ok (\xC3\xB8)");
  const std::string m = e.what();
  EXPECT_TRUE(valid_utf8(m)) << m;
  EXPECT_EQ(m, "f\\xE6.csv, row 3, column 'source', value 'Gj\\xF8dsel': not \\xDA ok (\xC3\xB8)");
  // Truncated, overlong and surrogate sequences are invalid too.
  EXPECT_EQ(invalid_utf8_at("a\xC3"), 1u);
  EXPECT_EQ(invalid_utf8_at("\xC0\xAF"), 0u);
  EXPECT_EQ(invalid_utf8_at("\xED\xA0\x80"), 0u);
  EXPECT_EQ(invalid_utf8_at("\xF4\x90\x80\x80"), 0u); // above U+10FFFF
  EXPECT_EQ(invalid_utf8_at("\xF0\x9F\x98\x80 ok"), std::string_view::npos);
}

TEST(HostileParsers, Cp1252LabelIsRefusedWhenRead) {
  const auto e = error_of(H + "2009,S,a,CO2,1,,,\n2010,Jordbruk,Gj\xF8"
                              "dsel,N2O,5,,,\n",
                          "k.csv");
  EXPECT_EQ(e.row(), 3u);
  EXPECT_EQ(e.column(), "source");
  EXPECT_EQ(e.value(), "Gj\xF8"
                       "dsel");
  const std::string m = e.what();
  EXPECT_TRUE(valid_utf8(m));
  EXPECT_NE(m.find("0xF8"), std::string::npos) << m;
  EXPECT_NE(m.find("encoding"), std::string::npos) << m;
  // The same bytes in a unit (the stray-byte case): refused, not read as t CO2e.
  EXPECT_EQ(error_of(H + "2009,S,a,CO2,1,t\xDA CO2e,,\n").column(), "unit");
}

TEST(HostileParsers, Utf16IsReadLikeUtf8) {
  const std::string text = H + "2009,Jordbruk,Gj\xC3\xB8"
                               "dsel,N2O,5.5,,,\n2010,Jordbruk,Gj\xC3\xB8"
                               "dsel,N2O,NE,,,\n";
  const auto a = read_csv_text(text);
  const auto le = read_csv_text(utf16le(text));
  std::string be = "\xFE\xFF";
  const std::string le_body = utf16le(text).substr(2);
  for (std::size_t i = 0; i + 1 < le_body.size(); i += 2) be += std::string{le_body[i + 1], le_body[i]};
  const auto b = read_csv_text(be);
  const auto nobom = read_csv_text(le_body);
  for (const auto* inv : {&le, &b, &nobom}) {
    ASSERT_EQ(inv->categories().size(), 1u);
    EXPECT_EQ(inv->categories()[0].source, "Gj\xC3\xB8"
                                           "dsel");
    EXPECT_EQ(inv->value(0, 0, 0), 5.5);
    EXPECT_EQ(inv->key(0, 0, 1), notation::ne);
    EXPECT_TRUE((inv->values() == a.values()).all());
  }
  // Errors keep their rows: row 3 holds the bad value.
  const auto e = error_of(utf16le(H + "2009,S,a,CO2,1,,,\n2010,S,a,CO2,mye,,,\n"));
  EXPECT_EQ(e.row(), 3u);
  EXPECT_EQ(e.value(), "mye");
  // Damaged UTF-16 and UTF-32: refused, naming the encoding.
  EXPECT_NE(std::string(error_of(utf16le(H) + "x").what()).find("UTF-16LE"), std::string::npos);
  EXPECT_NE(std::string(error_of(std::string("\xFF\xFE\0\0", 4) + "y").what()).find("UTF-32"), std::string::npos);
}

TEST(HostileParsers, PipeAndZeroSizeFilesAreReadToTheEnd) {
  char dir[] = "/tmp/ghgtrack_pipe_XXXXXX";
  ASSERT_NE(mkdtemp(dir), nullptr);
  const std::string fifo = std::string(dir) + "/in.csv";
  ASSERT_EQ(mkfifo(fifo.c_str(), 0600), 0);
  const pid_t pid = fork();
  ASSERT_GE(pid, 0);
  if (pid == 0) { // the writer
    FILE* f = std::fopen(fifo.c_str(), "w");
    if (!f) _exit(1);
    std::fputs((H + "2009,S,a,CO2,1.5,,,\n2010,S,a,CO2,2.5,,,\n").c_str(), f);
    std::fclose(f);
    _exit(0);
  }
  const auto inv = read_csv(fifo);
  int status = 0;
  waitpid(pid, &status, 0);
  EXPECT_EQ(inv.n_years(), 2);
  EXPECT_EQ(inv.value(0, 0, 1), 2.5);
  unlink(fifo.c_str());
  rmdir(dir);
  // /proc files report size 0 but have content: not "empty" (here it is
  // not a CSV, so the header is what is refused).
  try {
    (void)read_csv("/proc/self/status");
    FAIL();
  } catch (const input_error& e) {
    EXPECT_EQ(e.row(), 1u) << e.what();
  }
}

TEST(HostileParsers, OneRuleForTheLoneSeparator) {
  auto num = [](const char* s, char delim) {
    double v = 0;
    const auto err = detail::parse_number(s, delim, v);
    return err.empty() ? v : std::nan("");
  };
  auto ambiguous = [](const char* s, char delim) {
    double v = 0;
    return detail::parse_number(s, delim, v).find("ambiguous") != std::string::npos;
  };
  // ',' files: the point is the decimal mark.
  EXPECT_EQ(num("1.234", ','), 1.234);
  EXPECT_TRUE(ambiguous("1,234", ','));
  EXPECT_TRUE(ambiguous("-12,500", ','));
  // ';' files: the comma is the decimal mark.
  EXPECT_EQ(num("1,234", ';'), 1.234);
  EXPECT_TRUE(ambiguous("1.234", ';'));
  EXPECT_TRUE(ambiguous("-12.500", ';'));
  // Unambiguous forms read the same with either delimiter.
  for (char d : {',', ';', '\t'}) {
    EXPECT_EQ(num("1.5", d), 1.5);
    EXPECT_EQ(num("1,5", d), 1.5);
    EXPECT_EQ(num("1234.567", d), 1234.567); // 1234 cannot start a group of thousands
    EXPECT_EQ(num("0,125", d), 0.125);       // nor can 0
    EXPECT_EQ(num("1 234,5", d), 1234.5);
    EXPECT_EQ(num("1.234,5", d), 1234.5);
    EXPECT_EQ(num("1.234.567,5", d), 1234567.5);
    EXPECT_TRUE(std::isnan(num("1.2,5", d)));    // a group of 1 digit after a point
    EXPECT_TRUE(std::isnan(num("1.2345,5", d))); // and of 4
    EXPECT_TRUE(std::isnan(num("True", d)));
  }
  // In a file: the error names the cell.
  const auto e = error_of("year;sector;source;gas;value\n2009;S;a;CO2;1,5\n2010;S;a;CO2;1.234\n");
  EXPECT_EQ(e.row(), 3u);
  EXPECT_EQ(e.column(), "value");
  EXPECT_EQ(e.value(), "1.234");
}

TEST(HostileParsers, MetricNamesIgnoreCase) {
  const auto inv = read_csv_text(H + "2009,S,a,CO2,1,,AR5GWP100,\n2010,S,a,CO2,2,,ar5gwp100,\n");
  ASSERT_TRUE(inv.gwp_metric());
  EXPECT_EQ(*inv.gwp_metric(), metric::ar5_gwp100);
}

TEST(HostileParsers, OverflowingSumIsNotANumber) {
  // Each value is finite; 1e308 + 1e308 exceeds the largest double (~1.8e308).
  const auto inv =
      read_csv_text(H + "2009,S,a,CO2,1e308,,,\n2009,S,b,CO2,1e308,,,\n2010,S,a,CO2,1,,,\n2010,S,b,CO2,2,,,\n");
  const auto t = inv.total();
  EXPECT_TRUE(std::isnan(t.values(0, 0)));
  EXPECT_TRUE(has_flag(t.flags(0, 0), aggregate_flag::not_finite));
  EXPECT_TRUE(has_flag(t.flags(0, 0), aggregate_flag::incomplete));
  EXPECT_EQ(t.values(0, 1), 3.0); // the other year is untouched
  EXPECT_EQ(t.flags(0, 1), 0);
}

TEST(HostileParsers, SourceWithOnlyMissingSurvivesTheRoundTrip) {
  // Source b has one cell, MISSING: it must be written, and read back as
  // missing, so the 2009 total stays incomplete.
  const auto inv = read_csv_text(H + "2009,S,a,CO2,1,,,\n2009,S,b,CH4,,,,missing\n2010,S,a,CO2,2,,,\n");
  ASSERT_TRUE(has_flag(inv.total().flags(0, 0), aggregate_flag::incomplete));
  const std::string csv = write_csv_text(inv);
  EXPECT_NE(csv.find("2009,S,b,CH4,,t CO2e,,missing\n"), std::string::npos) << csv;
  const auto back = read_csv_text(csv);
  ASSERT_EQ(back.categories().size(), 2u);
  EXPECT_TRUE((back.keys() == inv.keys()).all());
  EXPECT_TRUE((back.values() == inv.values()).all());
  EXPECT_TRUE(has_flag(back.total().flags(0, 0), aggregate_flag::incomplete));
  // A gap is not written (the reader re-creates it), but a year that only
  // gaps would hold is: its missing rows are.
  inventory gap({{"S", "a"}}, {gas::co2}, {2009, 2010, 2011}, std::nullopt);
  gap.set(0, 0, 0, 1.0 * units::tonne_co2e);
  gap.set(0, 0, 1, notation::missing);
  gap.set(0, 0, 2, 3.0 * units::tonne_co2e);
  const auto g2 = read_csv_text(write_csv_text(gap));
  EXPECT_EQ(g2.years(), gap.years());
  EXPECT_EQ(g2.key(0, 0, 1), notation::missing);
  inventory tail({{"S", "a"}}, {gas::co2}, {2009, 2010}, std::nullopt);
  tail.set(0, 0, 0, 1.0 * units::tonne_co2e);
  tail.set(0, 0, 1, notation::missing);
  const auto t2 = read_csv_text(write_csv_text(tail));
  EXPECT_EQ(t2.years(), tail.years());
  EXPECT_EQ(t2.key(0, 0, 1), notation::missing);
}

TEST(HostileParsers, XlsxFormulaWithoutCachedValue) {
  // The Oslo workbook with the value of one detail row replaced by a
  // formula that has no cached result.
  const std::string path = std::string(GHGTRACK_SOURCE_DIR) + "/tests/data/bad/p_xlsx_formula_value.xlsx";
  try {
    (void)miljodirektoratet::read(path);
    FAIL();
  } catch (const input_error& e) {
    EXPECT_EQ(e.row(), 7u);
    EXPECT_EQ(e.column(), "value");
    EXPECT_NE(std::string(e.what()).find("formula without a cached value (cell E7)"), std::string::npos) << e.what();
  }
}
