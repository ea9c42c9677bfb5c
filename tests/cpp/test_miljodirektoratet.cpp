// Miljødirektoratet's municipal workbook read in C++ (ghgtrack::xlsx): the
// bundled Oslo file, both layouts, the overview check, the inferred NO
// cells, and errors naming file, sheet and cell.
#include <ghgtrack/miljodirektoratet.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <string>

using namespace ghgtrack;

namespace {
const std::string oslo_path = std::string(GHGTRACK_SOURCE_DIR) + "/python/ghgtrack/data/Utslippsregnskap_Oslo.xlsx";
const std::string bad_dir = std::string(GHGTRACK_SOURCE_DIR) + "/tests/data/bad/";

double total(const inventory& inv, int year) {
  const auto t = inv.total();
  const auto it = std::find(t.years.begin(), t.years.end(), year);
  return t.values(0, it - t.years.begin());
}

std::string error_of(const std::string& path, const std::vector<std::string>& munis = {}) {
  try {
    (void)miljodirektoratet::read(path, munis);
  } catch (const input_error& e) {
    return e.what();
  }
  return "no error";
}
} // namespace

TEST(Miljodirektoratet, NormalisesHeaders) {
  EXPECT_EQ(miljodirektoratet::normalise_header("  Utslipp (tonn\nCO₂-ekvivalenter) "),
            "utslipp (tonn co₂-ekvivalenter)");
  EXPECT_EQ(miljodirektoratet::normalise_header("År"), "år");
  EXPECT_EQ(miljodirektoratet::normalise_header("ÆØÅ\xC2\xA0x"), "æøå x");
}

TEST(Miljodirektoratet, ReadsTheBundledOsloFile) {
  const auto r = miljodirektoratet::read(oslo_path);
  ASSERT_EQ(r.municipalities.size(), 1u);
  EXPECT_FALSE(r.all_municipalities);
  const auto& a = r.municipalities[0];
  EXPECT_EQ(a.municipality, "Oslo"); // Info: "Datasett: Oslo"
  const inventory& inv = a.inv;
  EXPECT_EQ(inv.gwp_metric(), metric::ar5_gwp100);
  EXPECT_EQ(inv.years().front(), 2009);
  EXPECT_EQ(inv.years().back(), 2024);
  // Published totals of Oslo (Miljødirektoratet, Klimagassutslipp i kommuner,
  // overview sheet summed over sectors): 2009 1 388 245.6 t, 2024 944 853.2 t.
  EXPECT_NEAR(total(inv, 2009), 1388245.6, 1e-6);
  EXPECT_NEAR(total(inv, 2024), 944853.2, 1e-6);
  // The newer sector is read; trailing newlines in names are gone
  // (sharedStrings.xml has "Jordbruk\n" among the sources).
  bool fluor = false, newline = false, jordbruk_source = false;
  for (const auto& c : inv.categories()) {
    fluor |= c.sector == "produkter med fluorgasser";
    newline |= c.source.find('\n') != std::string::npos || c.sector.find('\n') != std::string::npos;
    jordbruk_source |= c.source == "Jordbruk";
  }
  EXPECT_TRUE(fluor);
  EXPECT_FALSE(newline);
  EXPECT_TRUE(jordbruk_source);
  // Info sheet.
  bool publisher = false;
  for (const auto& [k, v] : r.info) publisher |= k == "utgiver" && v == "Miljødirektoratet";
  EXPECT_TRUE(publisher);
}

TEST(Miljodirektoratet, DetailAgreesWithOverviewAndInfersNotOccurring) {
  const auto r = miljodirektoratet::read(oslo_path);
  const auto& a = r.municipalities[0];
  ASSERT_TRUE(a.checked);
  // 16 years x the sectors of the overview sheet (2009-2024).
  ASSERT_FALSE(a.checks.empty());
  EXPECT_TRUE(std::all_of(a.checks.begin(), a.checks.end(), [](const auto& c) { return c.ok; }));
  EXPECT_TRUE(std::is_sorted(a.checks.begin(), a.checks.end(), [](const auto& x, const auto& y) {
    return std::tie(x.year, x.sector) < std::tie(y.year, y.sector);
  }));
  // Every inferred cell is NO now, and no "missing" is left where the
  // year's sector total was confirmed.
  ASSERT_FALSE(a.inferred_not_occurring.empty());
  const inventory& inv = a.inv;
  for (Eigen::Index c = 0; c < inv.n_categories(); ++c)
    for (Eigen::Index g = 0; g < inv.n_gases(); ++g)
      for (Eigen::Index y = 0; y < inv.n_years(); ++y)
        EXPECT_NE(static_cast<notation>(inv.keys()(inv.cell(c, g), y)), notation::missing);
  // Without the check they stay unknown.
  miljodirektoratet::options o;
  o.check = false;
  const auto raw = miljodirektoratet::read(oslo_path, {}, o);
  EXPECT_FALSE(raw.municipalities[0].checked);
  EXPECT_TRUE((raw.municipalities[0].inv.keys() == static_cast<std::uint8_t>(notation::missing)).any());
}

TEST(Miljodirektoratet, AnotherMunicipalityOnOslosFileIsAnError) {
  const std::string e = error_of(oslo_path, {"Asker"});
  EXPECT_NE(e.find("Oslo"), std::string::npos) << e;
  EXPECT_NE(e.find("Asker"), std::string::npos) << e;
  EXPECT_NE(e.find("Utslippsregnskap_Oslo.xlsx"), std::string::npos) << e;
  EXPECT_EQ(error_of(oslo_path, {"oslo"}), "no error"); // case is not a difference
  EXPECT_EQ(error_of(oslo_path, {" Oslo\n"}), "no error");
}

TEST(Miljodirektoratet, ErrorsNameFileSheetRowColumnValueAndCell) {
  std::string e = error_of(bad_dir + "xlsx_text_value.xlsx");
  EXPECT_NE(e.find("xlsx_text_value.xlsx [Oversikt - detaljert], row 7, column 'value', value 'mye'"),
            std::string::npos)
      << e;
  EXPECT_NE(e.find("(cell E7)"), std::string::npos) << e;
  e = error_of(bad_dir + "xlsx_unknown_gas.xlsx");
  EXPECT_NE(e.find("row 5, column 'gas', value 'Ozon'"), std::string::npos) << e;
  EXPECT_NE(e.find("(cell D5)"), std::string::npos) << e;
  e = error_of(bad_dir + "xlsx_duplicate_row.xlsx");
  EXPECT_NE(e.find("row 3"), std::string::npos) << e;
  EXPECT_NE(e.find("first given in row 2"), std::string::npos) << e;
  e = error_of(bad_dir + "xlsx_no_detail_sheet.xlsx");
  EXPECT_NE(e.find("no sheet 'Oversikt - detaljert'"), std::string::npos) << e;
  for (const char* f : {"xlsx_truncated.xlsx", "xlsx_not_a_zip.xlsx", "xlsx_empty_zip.xlsx"}) {
    e = error_of(bad_dir + f);
    EXPECT_NE(e.find(std::string(f) + ": not a readable xlsx"), std::string::npos) << e;
  }
  e = error_of(bad_dir + "xlsx_renamed_column.xlsx");
  EXPECT_NE(e.find("row 1, column 'source'"), std::string::npos) << e;
  EXPECT_NE(e.find("found: År, Sektor, Kilde til utslipp"), std::string::npos) << e;
}
