// Inventory model: aggregation checked against sums worked by hand, notation
// keys, selection, restating, merging.
#include <ghgtrack/inventory.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <random>

using namespace ghgtrack;

namespace {
// Two sectors, three sources, CO2 and CH4, years 2009 and 2024.
inventory small(std::optional<metric> m = metric::ar5_gwp100) {
  inventory_builder b(m, "test");
  b.add("Veitrafikk", "Personbiler", gas::co2, 2009, 100.0, notation::value, 2);
  b.add("Veitrafikk", "Personbiler", gas::ch4, 2009, 2.0, notation::value, 3);
  b.add("Veitrafikk", "Busser", gas::co2, 2009, 50.0, notation::value, 4);
  b.add("Veitrafikk", "Personbiler", gas::co2, 2024, 60.0, notation::value, 5);
  b.add("Veitrafikk", "Personbiler", gas::ch4, 2024, 1.0, notation::value, 6);
  b.add("Veitrafikk", "Busser", gas::co2, 2024, 10.0, notation::value, 7);
  b.add("Jordbruk", "Gjødsel", gas::ch4, 2009, 28.0, notation::value, 8);
  b.add("Jordbruk", "Gjødsel", gas::ch4, 2024, 0.0, notation::ne, 9);
  return b.build();
}
} // namespace

TEST(Inventory, CanonicalOrder) {
  const auto inv = small();
  ASSERT_EQ(inv.n_categories(), 3);
  EXPECT_EQ(inv.categories()[0].sector, "Jordbruk"); // sorted by (sector, source)
  EXPECT_EQ(inv.categories()[1].source, "Busser");
  EXPECT_EQ(inv.years(), (std::vector<int>{2009, 2024}));
  EXPECT_EQ(inv.gases(), (std::vector<gas>{gas::co2, gas::ch4}));
  EXPECT_EQ(inv.sectors(), (std::vector<std::string>{"Jordbruk", "Veitrafikk"}));
  EXPECT_EQ(inv.gwp_metric(), metric::ar5_gwp100);
}

TEST(Inventory, TotalsBySectorAndGasByHand) {
  const auto inv = small();
  const auto t = inv.total();
  EXPECT_DOUBLE_EQ(t.values(0, 0), 100 + 2 + 50 + 28); // 180
  EXPECT_DOUBLE_EQ(t.values(0, 1), 60 + 1 + 10);       // 71, plus an NE
  EXPECT_EQ(t.flags(0, 0), 0);
  EXPECT_EQ(t.flags(0, 1), flag_incomplete); // NE in Jordbruk 2024
  const auto s = inv.by_sector();
  EXPECT_EQ(s.labels, (std::vector<std::string>{"Jordbruk", "Veitrafikk"}));
  EXPECT_DOUBLE_EQ(s.values(1, 0), 152.0);
  EXPECT_EQ(s.flags(0, 1), flag_incomplete | flag_no_value); // only NE
  const auto g = inv.by_gas();
  EXPECT_DOUBLE_EQ(g.values(0, 0), 150.0); // CO2 2009
  EXPECT_DOUBLE_EQ(g.values(1, 0), 30.0);  // CH4 2009
  const auto c = inv.by_category();
  EXPECT_EQ(c.labels[2], "Veitrafikk / Personbiler");
  EXPECT_DOUBLE_EQ(c.values(2, 1), 61.0);
}

TEST(Inventory, StructuralGapsAreNotUnknowns) {
  // Busser has no CH4 row in any year: NA, sums stay complete. A series with
  // a row in one year but not the other is `missing`, an unknown.
  inventory_builder b(metric::ar5_gwp100);
  b.add("S", "a", gas::co2, 2009, 1.0, notation::value);
  b.add("S", "a", gas::co2, 2010, 1.0, notation::value);
  b.add("S", "b", gas::co2, 2009, 5.0, notation::value);
  const auto inv = b.build();
  EXPECT_EQ(inv.key(1, 0, 1), notation::missing);
  const auto t = inv.total();
  EXPECT_EQ(t.flags(0, 0), 0);
  EXPECT_EQ(t.flags(0, 1), flag_incomplete);
  EXPECT_DOUBLE_EQ(t.values(0, 1), 1.0);
}

TEST(Inventory, SumsDoNotDependOnRowOrder) {
  // Values spanning many magnitudes; the sums of every shuffle must be
  // bitwise equal, and equal to an exact integer reference.
  struct row { std::string source; int year; double v; };
  std::vector<row> rows;
  for (int i = 0; i < 200; ++i)
    rows.push_back({"src" + std::to_string(i), 2020, (i % 2 ? 1e12 : 1.0) + i});
  long double exact = 0;
  for (const auto& r : rows) exact += static_cast<long double>(r.v);
  std::mt19937 rng(42);
  double first = 0;
  for (int trial = 0; trial < 5; ++trial) {
    std::shuffle(rows.begin(), rows.end(), rng);
    inventory_builder b(metric::ar5_gwp100);
    for (const auto& r : rows) b.add("S", r.source, gas::co2, r.year, r.v, notation::value);
    const double total = b.build().total().values(0, 0);
    if (trial == 0) first = total;
    EXPECT_EQ(total, first);
  }
  // 100 x 1e12 + 100 x 1 + sum(0..199) = 1e14 + 100 + 19900, exactly representable.
  EXPECT_EQ(first, 1e14 + 100.0 + 19900.0);
}

TEST(Inventory, CompensatedSumBeatsNaive) {
  // 1 + 1e16 - 1e16 in that order: naive double sum gives 0, the exact sum is 1.
  inventory_builder b;
  b.add("S", "a", gas::co2, 2020, 1.0, notation::value);
  b.add("S", "b", gas::co2, 2020, 1e16, notation::value);
  b.add("S", "c", gas::co2, 2020, -1e16, notation::value);
  EXPECT_EQ(b.build().total().values(0, 0), 1.0);
}

TEST(Inventory, DuplicateAndImpossibleRows) {
  inventory_builder b(std::nullopt, "f.csv");
  b.add("S", "a", gas::co2, 2020, 1.0, notation::value, 2);
  b.add("S", "a", gas::co2, 2020, 2.0, notation::value, 7);
  try {
    (void)b.build();
    FAIL();
  } catch (const input_error& e) {
    EXPECT_EQ(e.row(), 7u);
    EXPECT_NE(std::string(e.what()).find("first given in row 2"), std::string::npos);
  }
  EXPECT_THROW(b.add("S", "a", gas::co2, 20200, 1.0, notation::value, 3), input_error);
  EXPECT_THROW(b.add("", "a", gas::co2, 2020, 1.0, notation::value, 3), input_error);
}

TEST(Inventory, Select) {
  const auto inv = small();
  const auto s = inv.select(std::vector<int>{2024}, std::vector<std::string>{"Veitrafikk"}, std::nullopt);
  EXPECT_EQ(s.years(), std::vector<int>{2024});
  EXPECT_EQ(s.n_categories(), 2);
  EXPECT_DOUBLE_EQ(s.total().values(0, 0), 71.0);
  EXPECT_THROW((void)inv.select(std::vector<int>{2010}, std::nullopt, std::nullopt), unknown_label_error);
  EXPECT_THROW((void)inv.select(std::nullopt, std::vector<std::string>{"Luftfart"}, std::nullopt),
               unknown_label_error);
}

TEST(Inventory, RestateGasByGas) {
  // AR5 -> AR4: CO2 unchanged; CH4 x 25/28. 2009 total = 150 + (2 + 28) * 25/28.
  const auto r = small().restated(metric::ar4_gwp100);
  EXPECT_EQ(r.gwp_metric(), metric::ar4_gwp100);
  EXPECT_NEAR(r.total().values(0, 0), 150.0 + 30.0 * 25.0 / 28.0, 1e-12);
  EXPECT_THROW((void)small(std::nullopt).restated(metric::ar4_gwp100), incompatible_error);
  inventory_builder b(metric::ar5_gwp100);
  b.add("Produkter", "Bruk av HFK", gas::hfcs, 2020, 1000.0, notation::value);
  EXPECT_THROW((void)b.build().restated(metric::ar6_gwp100), incompatible_error);
}

TEST(Inventory, MergeBoundaries) {
  const auto a = small();
  const auto b = small();
  const auto m = merge({a, b}, {"Asker", "Røyken"});
  EXPECT_DOUBLE_EQ(m.total().values(0, 0), 360.0);
  EXPECT_EQ(m.total().flags(0, 1), flag_incomplete); // NE stays visible
  inventory_builder ob(metric::ar5_gwp100);
  ob.add("Veitrafikk", "Personbiler", gas::co2, 2009, 1.0, notation::value);
  ob.add("Veitrafikk", "Personbiler", gas::co2, 2024, 1.0, notation::value);
  try {
    (void)merge({a, ob.build()}, {"Asker", "Hurum"});
    FAIL();
  } catch (const incompatible_error& e) {
    EXPECT_NE(std::string(e.what()).find("Asker"), std::string::npos);
  }
  EXPECT_THROW((void)merge({a, small(metric::ar4_gwp100)}), incompatible_error);
}
