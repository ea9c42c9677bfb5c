// Inventory model: aggregation checked against sums worked by hand, notation
// keys, selection, restating, merging.
#include <ghgtrack/inventory.hpp>
#include <ghgtrack/inventory_builder.hpp>
#include <ghgtrack/merge.hpp>

#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
#include <random>
#include <tuple>

using namespace ghgtrack;

namespace {
// Two sectors, three sources, CO2 and CH4, years 2009 and 2024.
inventory small(std::optional<metric> m = metric::ar5_gwp100) {
  inventory_builder b(m, "test");
  b.add("Veitrafikk", "Personbiler", gas::co2, 2009, 100.0 * units::tonne_co2e, 2);
  b.add("Veitrafikk", "Personbiler", gas::ch4, 2009, 2.0 * units::tonne_co2e, 3);
  b.add("Veitrafikk", "Busser", gas::co2, 2009, 50.0 * units::tonne_co2e, 4);
  b.add("Veitrafikk", "Personbiler", gas::co2, 2024, 60.0 * units::tonne_co2e, 5);
  b.add("Veitrafikk", "Personbiler", gas::ch4, 2024, 1.0 * units::tonne_co2e, 6);
  b.add("Veitrafikk", "Busser", gas::co2, 2024, 10.0 * units::tonne_co2e, 7);
  b.add("Jordbruk", "Gjødsel", gas::ch4, 2009, 28.0 * units::tonne_co2e, 8);
  b.add("Jordbruk", "Gjødsel", gas::ch4, 2024, notation::ne, 9);
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
  EXPECT_EQ(t.flags(0, 1), bits(aggregate_flag::incomplete)); // NE in Jordbruk 2024
  const auto s = inv.by_sector();
  EXPECT_EQ(s.labels, (std::vector<std::string>{"Jordbruk", "Veitrafikk"}));
  EXPECT_DOUBLE_EQ(s.values(1, 0), 152.0);
  EXPECT_EQ(s.flags(0, 1), (aggregate_flag::incomplete | aggregate_flag::no_value)); // only NE
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
  b.add("S", "a", gas::co2, 2009, 1.0 * units::tonne_co2e);
  b.add("S", "a", gas::co2, 2010, 1.0 * units::tonne_co2e);
  b.add("S", "b", gas::co2, 2009, 5.0 * units::tonne_co2e);
  const auto inv = b.build();
  EXPECT_EQ(inv.key(1, 0, 1), notation::missing);
  const auto t = inv.total();
  EXPECT_EQ(t.flags(0, 0), 0);
  EXPECT_EQ(t.flags(0, 1), bits(aggregate_flag::incomplete));
  EXPECT_DOUBLE_EQ(t.values(0, 1), 1.0);
}

TEST(Inventory, SumsDoNotDependOnRowOrder) {
  // Values spanning many magnitudes; the sums of every shuffle must be
  // bitwise equal, and equal to an exact integer reference.
  struct row {
    std::string source;
    int year;
    double v;
  };
  std::vector<row> rows;
  for (int i = 0; i < 200; ++i) rows.push_back({"src" + std::to_string(i), 2020, (i % 2 ? 1e12 : 1.0) + i});
  long double exact = 0;
  for (const auto& r : rows) exact += static_cast<long double>(r.v);
  std::mt19937 rng(42);
  double first = 0;
  for (int trial = 0; trial < 5; ++trial) {
    std::shuffle(rows.begin(), rows.end(), rng);
    inventory_builder b(metric::ar5_gwp100);
    for (const auto& r : rows) b.add("S", r.source, gas::co2, r.year, r.v * units::tonne_co2e);
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
  b.add("S", "a", gas::co2, 2020, 1.0 * units::tonne_co2e);
  b.add("S", "b", gas::co2, 2020, 1e16 * units::tonne_co2e);
  b.add("S", "c", gas::co2, 2020, -1e16 * units::tonne_co2e);
  EXPECT_EQ(b.build().total().values(0, 0), 1.0);
}

TEST(Inventory, DuplicateAndImpossibleRows) {
  inventory_builder b(std::nullopt, "f.csv");
  b.add("S", "a", gas::co2, 2020, 1.0 * units::tonne_co2e, 2);
  b.add("S", "a", gas::co2, 2020, 2.0 * units::tonne_co2e, 7);
  try {
    (void)b.build();
    FAIL();
  } catch (const input_error& e) {
    EXPECT_EQ(e.row(), 7u);
    EXPECT_NE(std::string(e.what()).find("first given in row 2"), std::string::npos);
  }
  EXPECT_THROW(b.add("S", "a", gas::co2, 20200, 1.0 * units::tonne_co2e, 3), input_error);
  EXPECT_THROW(b.add("", "a", gas::co2, 2020, 1.0 * units::tonne_co2e, 3), input_error);
}

TEST(Inventory, Select) {
  const auto inv = small();
  const auto s = inv.select(std::vector<int>{2024}, std::vector<std::string>{"Veitrafikk"}, std::nullopt);
  EXPECT_EQ(s.years(), std::vector<int>{2024});
  EXPECT_EQ(s.n_categories(), 2);
  EXPECT_DOUBLE_EQ(s.total().values(0, 0), 71.0);
  EXPECT_THROW((void)inv.select(std::vector<int>{2010}, std::nullopt, std::nullopt), unknown_label_error);
  EXPECT_THROW((void)inv.select(std::nullopt, std::vector<std::string>{"Luftfart"}, std::nullopt), unknown_label_error);
}

TEST(Inventory, RestateGasByGas) {
  // AR5 -> AR4: CO2 unchanged; CH4 x 25/28. 2009 total = 150 + (2 + 28) * 25/28.
  const auto r = small().restated(metric::ar4_gwp100);
  EXPECT_EQ(r.gwp_metric(), metric::ar4_gwp100);
  EXPECT_NEAR(r.total().values(0, 0), 150.0 + 30.0 * 25.0 / 28.0, 1e-12);
  EXPECT_THROW((void)small(std::nullopt).restated(metric::ar4_gwp100), incompatible_error);
  inventory_builder b(metric::ar5_gwp100);
  b.add("Produkter", "Bruk av HFK", gas::hfcs, 2020, 1000.0 * units::tonne_co2e);
  EXPECT_THROW((void)b.build().restated(metric::ar6_gwp100), incompatible_error);
}

TEST(Inventory, MergeBoundaries) {
  const auto a = small();
  const auto b = small();
  const auto m = merge({a, b}, {"Asker", "Røyken"});
  EXPECT_DOUBLE_EQ(m.total().values(0, 0), 360.0);
  EXPECT_EQ(m.total().flags(0, 1), bits(aggregate_flag::incomplete)); // NE stays visible
  inventory_builder ob(metric::ar5_gwp100);
  ob.add("Veitrafikk", "Personbiler", gas::co2, 2009, 1.0 * units::tonne_co2e);
  ob.add("Veitrafikk", "Personbiler", gas::co2, 2024, 1.0 * units::tonne_co2e);
  try {
    (void)merge({a, ob.build()}, {"Asker", "Hurum"});
    FAIL();
  } catch (const incompatible_error& e) {
    EXPECT_NE(std::string(e.what()).find("Asker"), std::string::npos);
  }
  EXPECT_THROW((void)merge({a, small(metric::ar4_gwp100)}), incompatible_error);
}

TEST(Inventory, SelectSources) {
  // Personbiler exists in one sector only: 2009 = 100 (CO2) + 2 (CH4).
  const auto s = small().select(std::nullopt, std::nullopt, std::nullopt, std::vector<std::string>{"Personbiler"});
  ASSERT_EQ(s.n_categories(), 1);
  EXPECT_DOUBLE_EQ(s.total().values(0, 0), 102.0);
  EXPECT_THROW((void)small().select(std::nullopt, std::nullopt, std::nullopt, std::vector<std::string>{"Fly"}),
               unknown_label_error);
}

TEST(Inventory, ArraysConstructorKeepsInvariants) {
  const std::vector<category> cats{{"S", "a"}};
  const std::vector<gas> gases{gas::co2};
  const std::vector<int> years{2020, 2021};
  Eigen::ArrayXXd v(1, 2);
  v << 1.0, 2.0;
  key_array k = key_array::Zero(1, 2);
  const inventory ok(cats, gases, years, metric::ar5_gwp100, v, k);
  EXPECT_DOUBLE_EQ(ok.total().values(0, 1), 2.0);
  Eigen::ArrayXXd nan = v;
  nan(0, 0) = std::numeric_limits<double>::quiet_NaN();
  EXPECT_THROW(inventory(cats, gases, years, std::nullopt, nan, k), argument_error);
  key_array bad = k;
  bad(0, 1) = 9; // not a notation
  EXPECT_THROW(inventory(cats, gases, years, std::nullopt, v, bad), argument_error);
  EXPECT_THROW(inventory(cats, gases, years, std::nullopt, Eigen::ArrayXXd::Zero(2, 2), k), shape_error);
  EXPECT_THROW(inventory({{"S", "b"}, {"S", "a"}}, gases, years, std::nullopt), argument_error); // unsorted
}

TEST(Inventory, NamesNeverThrow) {
  // An out-of-range enum value (reachable only by a cast) names itself "?".
  EXPECT_EQ(name(static_cast<gas>(200)), "?");
  EXPECT_EQ(name(static_cast<metric>(200)), "?");
  EXPECT_EQ(name(static_cast<notation>(200)), "?");
  static_assert(noexcept(name(gas::co2))&& noexcept(name(metric::ar5_gwp100))&& noexcept(name(notation::ne)),
                "names are noexcept");
  static_assert(bits(aggregate_flag::incomplete) == 1 && bits(aggregate_flag::no_value) == 2, "flag bits");
}

TEST(InventoryBuilder, OneRowCheckForTextAndNumbers) {
  // The same rows as text cells (a file) and as typed numbers (a spreadsheet)
  // give the same inventory: 1.5 kt CO2e = 1500 t, "1 234,5" = 1234.5.
  inventory_builder text(std::nullopt, "t.csv", ';');
  input_row r;
  r.row = 2;
  r.year = "2020";
  r.sector = " S ";
  r.source = "a";
  r.gas = "Metan";
  r.value = "1,5";
  r.unit = "kt CO2e";
  r.metric = "AR5GWP100";
  text.add_row(r);
  r.row = 3;
  r.source = "b";
  r.value = "1 234,5";
  r.unit = "";
  text.add_row(r);
  r.row = 4;
  r.source = "c";
  r.value = "NE";
  text.add_row(r);
  inventory_builder typed(std::nullopt, "frame");
  input_row n;
  n.row = 2;
  n.year = 2020.0;
  n.sector = "S";
  n.source = "a";
  n.gas = "CH4";
  n.value = 1.5;
  n.unit = "kt CO2e";
  n.metric = "ar5gwp100";
  typed.add_row(n);
  n.row = 3;
  n.source = "b";
  n.value = 1234.5;
  n.unit = "";
  typed.add_row(n);
  n.row = 4;
  n.source = "c";
  n.value = std::numeric_limits<double>::quiet_NaN();
  n.notation = "NE";
  typed.add_row(n);
  const auto a = text.build(), b = typed.build();
  EXPECT_EQ(a.gwp_metric(), metric::ar5_gwp100);
  EXPECT_TRUE((a.values() == b.values()).all());
  EXPECT_TRUE((a.keys() == b.keys()).all());
  EXPECT_DOUBLE_EQ(a.total().values(0, 0), 1500.0 + 1234.5);
  EXPECT_EQ(a.key(2, 0, 0), notation::ne);
}

TEST(InventoryBuilder, RowErrorsNameRowColumnValue) {
  auto error_of = [](input_row r,
                     std::optional<metric> m = std::nullopt) -> std::tuple<std::size_t, std::string, std::string> {
    inventory_builder b(m, "x.xlsx", ';');
    try {
      b.add_row(r);
    } catch (const input_error& e) {
      return {e.row(), e.column(), e.value()};
    }
    return {0, "no error", ""};
  };
  input_row r;
  r.row = 7;
  r.year = 2020.0;
  r.sector = "S";
  r.source = "a";
  r.gas = "CO2";
  r.value = "mye";
  EXPECT_EQ(error_of(r), std::make_tuple(std::size_t{7}, std::string("value"), std::string("mye")));
  r.value = 1.0;
  r.year = 2020.5;
  EXPECT_EQ(error_of(r), std::make_tuple(std::size_t{7}, std::string("year"), std::string("2020.5")));
  r.year = 3009.0;
  EXPECT_EQ(error_of(r), std::make_tuple(std::size_t{7}, std::string("year"), std::string("3009")));
  r.year = "2020";
  r.gas = "Ozon";
  EXPECT_EQ(error_of(r), std::make_tuple(std::size_t{7}, std::string("gas"), std::string("Ozon")));
  r.gas = "CO2";
  r.sector = "  ";
  EXPECT_EQ(std::get<1>(error_of(r)), "sector");
  r.sector = "S";
  r.value = std::numeric_limits<double>::infinity();
  EXPECT_EQ(std::get<1>(error_of(r)), "value");
  r.value = 1.0;
  r.metric = "AR4GWP100";
  EXPECT_EQ(error_of(r, metric::ar5_gwp100),
            std::make_tuple(std::size_t{7}, std::string("metric"), std::string("AR4GWP100")));
}
