// The tidy CSV reader and writer: formats, round trips and bad input.
#include <ghgtrack/csv.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <random>
#include <string>

using namespace ghgtrack;

namespace {
const char* good = "year,sector,source,gas,value,unit,metric,notation\n"
                   "2009,Veitrafikk,Personbiler,CO2,361234.5,t CO2e,AR5GWP100,\n"
                   "2009,Veitrafikk,Personbiler,CH4,12.25,t CO2e,AR5GWP100,\n"
                   "2009,Jordbruk,Gjødsel,N2O,,t CO2e,AR5GWP100,NE\n"
                   "2024,Veitrafikk,Personbiler,CO2,200000,t CO2e,AR5GWP100,\n"
                   "2024,Veitrafikk,Personbiler,CH4,10,t CO2e,AR5GWP100,\n"
                   "2024,Jordbruk,Gjødsel,N2O,3.5,t CO2e,AR5GWP100,\n";

std::string error_of(const std::string& text) {
  try {
    (void)read_csv_text(text, "bad.csv");
  } catch (const input_error& e) {
    return e.what();
  }
  return "no error";
}
} // namespace

TEST(Csv, ReadsTidyFile) {
  const auto inv = read_csv_text(good, "good.csv");
  EXPECT_EQ(inv.gwp_metric(), metric::ar5_gwp100);
  EXPECT_EQ(inv.years(), (std::vector<int>{2009, 2024}));
  const auto t = inv.total();
  EXPECT_DOUBLE_EQ(t.values(0, 0), 361234.5 + 12.25);
  EXPECT_EQ(t.flags(0, 0), bits(aggregate_flag::incomplete));
  EXPECT_DOUBLE_EQ(t.values(0, 1), 200013.5);
}

TEST(Csv, RoundTripIsExact) {
  // Random values of every magnitude, including ones with no short decimal form.
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> u(-1.0, 1.0);
  inventory_builder b(metric::ar6_gwp100);
  for (int s = 0; s < 20; ++s)
    for (int y = 2000; y < 2010; ++y)
      b.add("Sector, \"quoted\"", "source " + std::to_string(s), gas::ch4, y,
            u(rng) * std::pow(10.0, (s - 10)) * units::tonne_co2e);
  b.add("Other", "x", gas::n2o, 2000, notation::ie);
  const auto a = b.build();
  const auto text = write_csv_text(a);
  const auto c = read_csv_text(text, "roundtrip.csv");
  EXPECT_EQ(c.categories(), a.categories());
  EXPECT_EQ(c.gwp_metric(), a.gwp_metric());
  EXPECT_TRUE((c.values() == a.values()).all()); // bitwise equal
  EXPECT_TRUE((c.keys() == a.keys()).all());
  EXPECT_EQ(write_csv_text(c), text);
}

TEST(Csv, SpreadsheetQuirks) {
  // BOM, CRLF, semicolons and Norwegian numbers.
  const std::string text = "\xEF\xBB\xBFyear;sector;source;gas;value\r\n"
                           "2009;S;a;CO2;1 234,5\r\n"
                           "2009;S;b;CO2;\"12\xC2\xA0"
                           "000,25\"\r\n"
                           "2009;S;c;Metan;-0,5\r\n";
  const auto inv = read_csv_text(text, "semi.csv");
  EXPECT_DOUBLE_EQ(inv.total().values(0, 0), 1234.5 + 12000.25 - 0.5);
  EXPECT_FALSE(inv.gwp_metric().has_value());
  // kt CO2e scale and a notation key written in the value column.
  const auto kt =
      read_csv_text("year,sector,source,gas,value,unit\n2020,S,a,CO2,1.5,kt CO2e\n2020,S,b,CO2,NO,kt CO2e\n");
  EXPECT_DOUBLE_EQ(kt.total().values(0, 0), 1500.0);
  EXPECT_EQ(kt.key(1, 0, 0), notation::no);
}

TEST(Csv, NumberForms) {
  double v = 0;
  EXPECT_EQ(detail::parse_number("1234,5", ',', v), "");
  EXPECT_DOUBLE_EQ(v, 1234.5);
  EXPECT_EQ(detail::parse_number("1.234,5", ',', v), "");
  EXPECT_DOUBLE_EQ(v, 1234.5);
  EXPECT_EQ(detail::parse_number("1,234", ';', v), ""); // ';' file: comma is decimal
  EXPECT_DOUBLE_EQ(v, 1.234);
  EXPECT_NE(detail::parse_number("1,234", ',', v).find("ambiguous"), std::string::npos);
  EXPECT_NE(detail::parse_number("12 34", ',', v), "");
  EXPECT_NE(detail::parse_number("abc", ',', v), "");
  EXPECT_NE(detail::parse_number("nan", ',', v), "");
  EXPECT_NE(detail::parse_number("inf", ',', v), "");
  EXPECT_EQ(detail::parse_number("\xE2\x88\x92"
                                 "5",
                                 ',', v),
            ""); // U+2212 minus
  EXPECT_DOUBLE_EQ(v, -5.0);
}

TEST(Csv, ErrorsNameFileRowColumnValue) {
  const std::string h = "year,sector,source,gas,value\n";
  EXPECT_NE(error_of("").find("bad.csv: the file is empty"), std::string::npos);
  EXPECT_NE(error_of(h).find("no data rows"), std::string::npos);
  EXPECT_NE(error_of(h + "2009,S,a,CO2,abc\n").find("bad.csv, row 2, column 'value', value 'abc'"), std::string::npos);
  EXPECT_NE(error_of(h + "2009,S,a,CO2,1\n2009,S,a,CO3,1\n").find("row 3, column 'gas'"), std::string::npos);
  EXPECT_NE(error_of(h + "20O9,S,a,CO2,1\n").find("column 'year'"), std::string::npos);
  EXPECT_NE(error_of(h + "3009,S,a,CO2,1\n").find("impossible year"), std::string::npos);
  EXPECT_NE(error_of(h + "2009,S,a,CO2\n").find("expected 5 fields, found 4"), std::string::npos);
  EXPECT_NE(error_of(h + "2009,S,a,CO2,\n").find("no notation key"), std::string::npos);
  EXPECT_NE(error_of(h + "2009,S,a,CO2,1\n2009,S,a,CO2,2\n").find("row 3"), std::string::npos);
  EXPECT_NE(error_of("year,sector,kilde,gas,value\n2009,S,a,CO2,1\n").find("column 'kilde'"), std::string::npos);
  EXPECT_NE(error_of("year,sector,gas,value\n2009,S,CO2,1\n").find("'source' is missing"), std::string::npos);
  EXPECT_NE(error_of(h + "2009,S,\"a,CO2,1\n").find("unterminated"), std::string::npos);
  EXPECT_NE(error_of("year,sector,source,gas,value,metric\n2009,S,a,CO2,1,AR5GWP100\n2009,S,b,CO2,1,AR4GWP100\n")
                .find("mixed GWP metrics"),
            std::string::npos);
}

TEST(Csv, LargeInputsParsedInChunksGiveTheSameResultAndErrors) {
  // Over 12 MiB without quotes: parsed in 3 parts, on several threads.
  std::string text = "year,sector,source,gas,value,unit,metric\n";
  std::size_t rows = 0;
  double expected = 0;
  for (int s = 0; s < 8000 && text.size() < (13u << 20); ++s)
    for (int y = 1990; y < 2030; ++y) {
      const double v = s * 0.25 + (y - 1990);
      expected += v;
      text += std::to_string(y) + ",Sector " + std::to_string(s % 7) + ",Source " + std::to_string(s) + ",CO2," +
              std::to_string(v) + ",t CO2e,AR5GWP100\n";
      ++rows;
    }
  ASSERT_GT(text.size(), 12u << 20);
  const auto inv = read_csv_text(text, "big.csv");
  EXPECT_NEAR(inv.total().values.sum(), expected, 1e-6 * expected);
  EXPECT_EQ(inv.n_years(), 40);
  // An error near the end: its row number counts every line before it.
  std::string bad = text;
  const auto last = bad.rfind(",CO2,");
  bad.replace(last, 5, ",CO9,");
  try {
    (void)read_csv_text(bad, "big.csv");
    FAIL();
  } catch (const input_error& e) {
    EXPECT_EQ(e.row(), rows + 1); // the header is row 1
    EXPECT_EQ(e.column(), "gas");
  }
  // A metric that differs in a later chunk.
  std::string mixed = text;
  const auto pos = mixed.rfind("AR5GWP100");
  mixed.replace(pos, 9, "AR4GWP100");
  try {
    (void)read_csv_text(mixed, "big.csv");
    FAIL();
  } catch (const input_error& e) {
    EXPECT_EQ(e.row(), rows + 1);
    EXPECT_NE(std::string(e.what()).find("mixed GWP metrics: row "), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("says AR5GWP100"), std::string::npos);
  }
  // The metric named in the first row only, another one at 40 % (the first
  // the second part names), and a bad gas after it in the same part: the
  // metric's row is the earlier, on any thread count.
  std::string both;
  for (std::size_t at = 0, n = 0; at < text.size(); ++n) {
    const auto end = text.find('\n', at) + 1;
    std::string line = text.substr(at, end - at);
    if (n > 1) line.replace(line.find("AR5GWP100"), 9, "");
    both += line;
    at = end;
  }
  const auto m_at = both.find('\n', both.size() * 2 / 5); // the end of a row
  both.insert(m_at, "AR4GWP100");
  const auto g_at = both.find(",CO2,", both.size() / 2);
  both.replace(g_at, 5, ",CO9,");
  const auto m_row =
      static_cast<std::size_t>(std::count(both.begin(), both.begin() + static_cast<long>(m_at), '\n')) + 1;
  for (unsigned t : {1u, 0u}) {
    try {
      (void)read_csv_text(both, "big.csv", t);
      FAIL();
    } catch (const input_error& e) {
      EXPECT_EQ(e.row(), m_row) << t;
      EXPECT_EQ(e.column(), "metric") << t;
    }
  }
}

TEST(Csv, ReadsFileAndReportsMissingFile) {
  const std::string path = ::testing::TempDir() + "ghgtrack_csv_test.csv";
  const auto inv = read_csv_text(good, "good.csv");
  write_csv(inv, path);
  const auto back = read_csv(path);
  EXPECT_TRUE((back.values() == inv.values()).all());
  EXPECT_THROW((void)read_csv(path + ".nope"), input_error);
}

TEST(Csv, QuotedFieldsDoNotConfuseTheFieldCaches) {
  // Found by the fuzzer: with quoted fields, the cached spelling of the gas
  // must not change when the next record reuses the reader's buffers.
  const auto inv = read_csv_text("year,sector,source,gas,value\n"
                                 "\"2009\",\"S\",\"a\",\"CO2\",\"1\"\n"
                                 "\"2009\",\"S\",\"b\",\"CH4\",\"2\"\n"
                                 "\"2010\",\"S\",\"a\",\"CO2\",\"3\"\n",
                                 "quoted.csv");
  EXPECT_EQ(inv.gases(), (std::vector<gas>{gas::co2, gas::ch4}));
  EXPECT_EQ(inv.years(), (std::vector<int>{2009, 2010}));
  EXPECT_DOUBLE_EQ(inv.by_gas().values(1, 0), 2.0);
  EXPECT_DOUBLE_EQ(inv.by_gas().values(0, 1), 3.0);
}

TEST(Csv, Co2eUnitSpellings) {
  EXPECT_EQ(co2e_unit_scale("t CO2e"), 1.0);
  EXPECT_EQ(co2e_unit_scale("t CO2e/yr"), 1.0);
  EXPECT_EQ(co2e_unit_scale("kt CO2e per year"), 1e3);
  EXPECT_EQ(co2e_unit_scale("Mt CO2-eq/yr"), 1e6);
  EXPECT_EQ(co2e_unit_scale("1000 tonn CO2-ekvivalenter"), 1e3);
  EXPECT_FALSE(co2e_unit_scale("Mt CO2").has_value());
  EXPECT_FALSE(co2e_unit_scale("kg CH4").has_value());
}

TEST(Csv, SameResultAndErrorForAnyThreadCount) {
  // A body over 4 MB is cut into parts; 1, 2 and all threads must agree, and
  // report the same (earliest) bad row.
  std::string text = "year,sector,source,gas,value\n";
  for (int i = 0; i < 160000; ++i)
    text += std::to_string(1990 + i % 30) + ",Sector " + std::to_string(i % 7) + ",source " + std::to_string(i / 30) +
            ",CO2," + std::to_string(i % 1000) + ".25\n";
  ASSERT_GT(text.size(), std::size_t{4} << 20);
  const auto one = read_csv_text(text, "big.csv", 1);
  const auto two = read_csv_text(text, "big.csv", 2);
  const auto all = read_csv_text(text, "big.csv", 0);
  EXPECT_TRUE((one.values() == two.values()).all());
  EXPECT_TRUE((one.values() == all.values()).all());
  EXPECT_EQ(one.categories(), all.categories());
  // Sum of (i % 1000) + 0.25 over i < 160000: 160 x 499500 + 40000.
  EXPECT_DOUBLE_EQ(one.total().values.sum(), 160.0 * 499500.0 + 40000.0);
  std::string bad = text;
  const auto at = bad.size() * 3 / 4;
  const auto line_start = bad.rfind('\n', at) + 1;
  bad.replace(bad.find(",CO2,", line_start), 5, ",XX9,");
  const auto late = bad.size() / 4;
  const auto ls2 = bad.rfind('\n', late) + 1;
  bad.replace(bad.find(",CO2,", ls2), 5, ",YY9,");
  std::size_t row1 = 0, row0 = 0;
  // The bad line's row, counted here: the lines before it, plus one.
  const auto expected_row =
      static_cast<std::size_t>(std::count(bad.begin(), bad.begin() + static_cast<long>(ls2), '\n')) + 1;
  try {
    (void)read_csv_text(bad, "bad.csv", 1);
  } catch (const input_error& e) {
    row1 = e.row();
    EXPECT_EQ(e.value(), "YY9");
  }
  EXPECT_EQ(row1, expected_row);
  try {
    (void)read_csv_text(bad, "bad.csv", 0);
  } catch (const input_error& e) {
    row0 = e.row();
  }
  EXPECT_GT(row1, 0u);
  EXPECT_EQ(row1, row0);
}

namespace {
// A tidy body of `n` rows: 30 years, n / 30 sources in 7 sectors (about 37
// bytes a row: a body over 4 MiB is read in parts of about 4 MiB).
std::string big_body(int n, bool sorted = true, const char* eol = "\n") {
  std::string text;
  for (int k = 0; k < n; ++k) {
    const int i = sorted ? k : static_cast<int>((static_cast<long long>(k) * 7919) % n); // a permutation of 0..n-1
    text += std::to_string(1990 + i % 30) + ",Sector " + std::to_string(i % 7) + ",source " + std::to_string(i / 30) +
            ",CO2," + std::to_string(i % 1000) + ".25" + eol;
  }
  return text;
}

std::size_t row_at(const std::string& text, std::size_t pos) {
  return static_cast<std::size_t>(std::count(text.begin(), text.begin() + static_cast<long>(pos), '\n')) + 1;
}

template <class Fn>
input_error error_from(Fn&& fn) {
  try {
    fn();
  } catch (const input_error& e) {
    return e;
  }
  ADD_FAILURE() << "no input_error";
  return input_error("", 0, "", "", "");
}
} // namespace

TEST(Csv, PlainDecimalsReadAsFromCharsReadsThem) {
  // The quick decimal path (detail/number.hpp) must give the very double
  // std::from_chars gives (the second method here), bit for bit.
  std::mt19937_64 rng(12);
  std::uniform_real_distribution<double> u(-1e6, 1e6);
  char buf[64];
  std::size_t quick = 0;
  auto check = [&](const std::string& t) {
    double a = 0, b = 0;
    if (!detail::parse_plain_decimal(t.data(), t.data() + t.size(), a)) return;
    ++quick;
    const char* s = t.data() + (t[0] == '+' ? 1 : 0);
    const auto r = std::from_chars(s, t.data() + t.size(), b);
    ASSERT_TRUE(r.ec == std::errc() && r.ptr == t.data() + t.size()) << t;
    ASSERT_EQ(std::memcmp(&a, &b, sizeof a), 0) << t << ": " << a << " vs " << b;
  };
  for (int i = 0; i < 200000; ++i) {
    const double v = u(rng) * std::pow(10.0, static_cast<int>(rng() % 16) - 8);
    auto r = std::to_chars(buf, buf + sizeof buf, v);
    check(std::string(buf, r.ptr));
    r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::fixed);
    check(std::string(buf, r.ptr));
    std::string t = (rng() & 1) ? "-" : "";
    for (int k = static_cast<int>(rng() % 21); k > 0; --k) t += static_cast<char>('0' + rng() % 10);
    if (rng() & 1) {
      t += '.';
      for (int k = static_cast<int>(rng() % 22); k > 0; --k) t += static_cast<char>('0' + rng() % 10);
    }
    if (t != "-" && !t.empty()) check(t);
  }
  EXPECT_GT(quick, 300000u); // the quick path did the work
  // At the edges: 2^53 is the largest integer the quick path takes; beyond,
  // and with more than 19 digits, an exponent or no digit after the point,
  // it leaves the number to std::from_chars.
  double v = 0;
  EXPECT_TRUE(detail::parse_plain_decimal("9007199254740992", "9007199254740992" + 16, v));
  EXPECT_EQ(v, 9007199254740992.0);
  EXPECT_FALSE(detail::parse_plain_decimal("9007199254740993", "9007199254740993" + 16, v));
  EXPECT_FALSE(detail::parse_plain_decimal("12345678901234567890", "12345678901234567890" + 20, v));
  EXPECT_FALSE(detail::parse_plain_decimal("1e3", "1e3" + 3, v));
  EXPECT_FALSE(detail::parse_plain_decimal("1.", "1." + 2, v));
  EXPECT_TRUE(detail::parse_plain_decimal("-0", "-0" + 2, v));
  EXPECT_TRUE(std::signbit(v));
  EXPECT_TRUE(detail::parse_plain_decimal("+0.1", "+0.1" + 4, v));
  EXPECT_EQ(v, 0.1);
  // Through the reader: every path gives the same numbers.
  const auto inv = read_csv_text("year,sector,source,gas,value\n2009,S,a,CO2,0.1\n2009,S,b,CO2,9007199254740993\n"
                                 "2009,S,c,CO2,1e3\n2009,S,d,CO2,-12.500\n",
                                 "n.csv");
  EXPECT_EQ(inv.values()(0, 0), 0.1);
  EXPECT_EQ(inv.values()(1, 0), 9007199254740992.0); // 2^53 + 1 rounds to even
  EXPECT_EQ(inv.values()(2, 0), 1000.0);
  EXPECT_EQ(inv.values()(3, 0), -12.5);
}

TEST(Csv, PartsAgreeOnDuplicatesEncodingsAndLineEnds) {
  const std::string head = "year,sector,source,gas,value\n";
  constexpr int n = 360000;
  const std::string body = big_body(n);
  ASSERT_GT(body.size(), std::size_t{12} << 20); // 3 parts
  const auto one = read_csv_text(head + body, "big.csv", 1);
  // CRLF line ends and unsorted rows (categories in every part): the same inventory.
  for (const auto& text : {head + big_body(n, true, "\r\n"), head + big_body(n, false)})
    for (unsigned t : {1u, 0u}) {
      const auto inv = read_csv_text(text, "big.csv", t);
      EXPECT_EQ(inv.categories(), one.categories());
      EXPECT_TRUE((inv.values() == one.values()).all());
      EXPECT_TRUE((inv.keys() == one.keys()).all());
    }
  // A duplicate of an early row near the end names both rows, on any thread count.
  const auto first_line_end = body.find('\n');
  const std::string dup = head + body + body.substr(0, first_line_end + 1);
  for (unsigned t : {1u, 2u, 0u}) {
    const auto e = error_from([&] { (void)read_csv_text(dup, "dup.csv", t); });
    EXPECT_EQ(e.row(), std::size_t{n} + 2) << t;
    EXPECT_NE(std::string(e.what()).find("(first given in row 2)"), std::string::npos) << e.what();
  }
  // Two duplicates in different parts: the earlier one is reported.
  std::string dup2 = head + body;
  const auto late = dup2.rfind('\n', dup2.size() * 3 / 4) + 1;
  const auto late_end = dup2.find('\n', late) + 1;
  dup2.insert(late_end, dup2.substr(late, late_end - late)); // repeats the line at `late`
  const auto early = dup2.rfind('\n', dup2.size() / 4) + 1;
  const auto early_end = dup2.find('\n', early) + 1;
  dup2.insert(early_end, dup2.substr(early, early_end - early));
  for (unsigned t : {1u, 0u}) {
    const auto e = error_from([&] { (void)read_csv_text(dup2, "dup.csv", t); });
    EXPECT_EQ(e.row(), row_at(dup2, early_end)) << t;
  }
  // Text that is not UTF-8 deep in the file: the cell is named, as in a small file.
  std::string latin1 = head + body;
  const auto at = latin1.find(",source ", latin1.size() * 2 / 3) + 1;
  latin1.replace(at, 6, "s\xF8urce");
  for (unsigned t : {1u, 0u}) {
    const auto e = error_from([&] { (void)read_csv_text(latin1, "latin1.csv", t); });
    EXPECT_EQ(e.row(), row_at(latin1, at)) << t;
    EXPECT_EQ(e.column(), "source");
    EXPECT_NE(std::string(e.what()).find("byte 0xF8"), std::string::npos);
  }
  // UTF-8 labels in a large file are read (the rows with them take the full check).
  std::string utf8 = head + body;
  const auto at2 = utf8.find(",Sector 3,", utf8.size() / 2) + 1;
  utf8.replace(at2, 6,
               "S\xC3\xB8"
               "ctor"); // "Søctor"
  for (unsigned t : {1u, 0u}) {
    const auto inv = read_csv_text(utf8, "utf8.csv", t);
    EXPECT_EQ(inv.total().values.sum(), one.total().values.sum());
    EXPECT_TRUE(std::any_of(inv.categories().begin(), inv.categories().end(), [](const category& c) {
      return c.sector == "S\xC3\xB8"
                         "ctor 3";
    }));
  }
}
