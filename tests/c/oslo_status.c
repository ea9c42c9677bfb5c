/* tests/c/oslo_status.c: a C11 program using only the C API. Reads the
 * bundled Oslo data (tests/data/oslo_tidy.csv, exported from
 * Miljødirektoratet's Utslippsregnskap_Oslo.xlsx), tracks it against Oslo's
 * target (-95 % by 2030 vs 2009) and prints its status. Exits non-zero when
 * a call fails or a figure differs from the published one.
 *
 * Usage: oslo_status <oslo_tidy.csv> [<measures.csv>]
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "ghgtrack/c/ghgtrack.h"

static int failures = 0;

#define CHECK(call)                                                                                                    \
  do {                                                                                                                 \
    ghgtrack_status s_ = (call);                                                                                       \
    if (s_ != GHGTRACK_OK) {                                                                                           \
      fprintf(stderr, "%s:%d: %s failed: %s: %s\n", __FILE__, __LINE__, #call, ghgtrack_status_name(s_),               \
              ghgtrack_last_error_message());                                                                          \
      exit(1);                                                                                                         \
    }                                                                                                                  \
  } while (0)

static void expect_near(const char* what, double got, double want, double tol) {
  if (!(fabs(got - want) <= tol)) {
    fprintf(stderr, "FAIL %s: got %.10g, expected %.10g\n", what, got, want);
    ++failures;
  }
}

int main(int argc, char** argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: %s oslo_tidy.csv [measures.csv]\n", argv[0]);
    return 2;
  }
  if (ghgtrack_abi_version() != GHGTRACK_C_ABI_VERSION) {
    fprintf(stderr, "ABI mismatch: header %d, library %u\n", GHGTRACK_C_ABI_VERSION, ghgtrack_abi_version());
    return 1;
  }
  printf("ghgtrack %s (C ABI %u)\n", ghgtrack_version_string(), ghgtrack_abi_version());

  ghgtrack_inventory* inv = NULL;
  CHECK(ghgtrack_inventory_read_csv(argv[1], 1, &inv));

  const int* years = NULL;
  size_t n_years = 0;
  CHECK(ghgtrack_inventory_years(inv, &years, &n_years));
  printf("Oslo: %zu years, %d-%d\n", n_years, years[0], years[n_years - 1]);

  /* Published: Miljødirektoratet's 2025 release gives Oslo 1,388,245.6 t
   * CO2e in 2009 and 944,853.2 t in 2024 (the bundled workbook). */
  double t2009 = 0.0, t2024 = 0.0;
  uint8_t flags = 0;
  CHECK(ghgtrack_inventory_total_in_year(inv, 2009, &t2009, &flags));
  CHECK(ghgtrack_inventory_total_in_year(inv, 2024, &t2024, NULL));
  expect_near("total 2009", t2009, 1388245.6, 1e-6);
  expect_near("total 2024", t2024, 944853.2, 1e-6);

  /* The totals per year (owned) agree with the per-year accessor, and the
   * sectors of a year add up to its total. */
  double* total = NULL;
  uint8_t* total_flags = NULL;
  size_t n = 0;
  CHECK(ghgtrack_inventory_total(inv, &total, &total_flags, &n));
  if (n != n_years) {
    fprintf(stderr, "FAIL total has %zu years, inventory %zu\n", n, n_years);
    ++failures;
  }
  expect_near("total[0] is 2009", total[0], t2009, 1e-6);
  double* by_sector = NULL;
  size_t n_sectors = 0, n_cols = 0;
  CHECK(ghgtrack_inventory_by_sector(inv, &by_sector, NULL, &n_sectors, &n_cols));
  double sum2009 = 0.0;
  for (size_t s = 0; s < n_sectors; ++s) sum2009 += by_sector[s * n_cols + 0];
  expect_near("sum of sectors 2009", sum2009, t2009, 1e-6);
  const char* sector0 = NULL;
  CHECK(ghgtrack_inventory_sector(inv, 0, &sector0));
  printf("%zu sectors (first: %s); total 2009 %.1f t, 2024 %.1f t\n", n_sectors, sector0, t2009, t2024);
  ghgtrack_free_array(by_sector);
  ghgtrack_free_array(total_flags);
  ghgtrack_free_array(total);

  /* Oslo's target: -95 % by 2030 vs 2009 (Klimastrategi 2030). */
  ghgtrack_target* target = NULL;
  CHECK(ghgtrack_target_parse("2030:-95%", 2009, inv, &target));
  const char* desc = NULL;
  CHECK(ghgtrack_target_describe(target, &desc));
  int base_year = 0, has_base = 0;
  double base = 0.0;
  CHECK(ghgtrack_target_base(target, &base_year, &base, &has_base));
  expect_near("target base", base, 1388245.6, 1e-6);

  ghgtrack_tracking* tr = NULL;
  CHECK(ghgtrack_track(inv, target, GHGTRACK_SHAPE_LINEAR, GHGTRACK_CONVENTION_ANNUAL_SUM, 0, 0.95, &tr));
  ghgtrack_tracking_state st;
  CHECK(ghgtrack_tracking_status(tr, &st));
  int latest_year = 0;
  double latest = 0.0;
  CHECK(ghgtrack_tracking_latest(tr, &latest_year, &latest));
  const int* ty = NULL;
  const double *actual = NULL, *path = NULL, *gap = NULL;
  size_t nt = 0;
  CHECK(ghgtrack_tracking_series(tr, &ty, &actual, &path, &gap, &nt));
  /* By hand: the linear pathway from 1,388,245.6 t (2009) to 5 % of it in
   * 2030 is 1,388,245.6 x (1 - 0.95 x 15/21) = 446,221.8 t in 2024. */
  if (latest_year != 2024 || ty[nt - 1] != 2024 || ty[0] != 2009) {
    fprintf(stderr, "FAIL years: latest %d, series %d-%d\n", latest_year, ty[0], ty[nt - 1]);
    ++failures;
  }
  expect_near("actual 2024", actual[nt - 1], 944853.2, 1e-6);
  expect_near("pathway 2024", path[nt - 1], 1388245.6 * (1.0 - 0.95 * 15.0 / 21.0), 1e-6);
  expect_near("gap 2024", gap[nt - 1], 944853.2 - 1388245.6 * (1.0 - 0.95 * 15.0 / 21.0), 1e-6);
  double budget = 0.0, spent = 0.0, remaining = 0.0;
  CHECK(ghgtrack_tracking_budget(tr, &budget, &spent, &remaining));
  expect_near("budget = spent + remaining", budget, spent + remaining, 1e-6 * budget);
  double rate = 0.0;
  if (ghgtrack_tracking_compound_rate(tr, &rate) == GHGTRACK_OK) {
    /* By hand: (944,853.2 / 1,388,245.6)^(1/15) - 1. */
    expect_near("compound rate", rate, pow(944853.2 / 1388245.6, 1.0 / 15.0) - 1.0, 1e-12);
  } else {
    fprintf(stderr, "FAIL no compound rate: %s\n", ghgtrack_last_error_message());
    ++failures;
  }
  ghgtrack_pathway* pw = NULL;
  CHECK(ghgtrack_tracking_pathway(tr, &pw));
  double at2030 = 0.0;
  CHECK(ghgtrack_pathway_at(pw, 2030.0, &at2030));
  expect_near("pathway 2030", at2030, 0.05 * 1388245.6, 1e-6);
  ghgtrack_pathway_free(pw);

  printf("Target %s: %s (%d: %.1f t, pathway %.1f t, gap %+.1f t; budget %.0f t, spent %.0f t)\n", desc,
         ghgtrack_tracking_state_name(st), latest_year, latest, path[nt - 1], gap[nt - 1], budget, spent);

  /* Probability of meeting the target: one category holding the whole
   * total, 5 % activity and 10 % emission-factor uncertainty. */
  double p_met = -1.0, p_budget = -1.0;
  const double ad = 0.05, ef = 0.10;
  if (ghgtrack_target_probability(tr, 1, &t2009, &t2024, &ad, &ef, 2000, 20091, 1, &p_met, &p_budget) == GHGTRACK_OK) {
    if (!(p_met >= 0.0 && p_met <= 1.0 && p_budget >= 0.0 && p_budget <= 1.0)) {
      fprintf(stderr, "FAIL probabilities out of [0, 1]: %g %g\n", p_met, p_budget);
      ++failures;
    }
    printf("P(target met) = %.3f, P(budget holds) = %.3f\n", p_met, p_budget);
  } else {
    printf("probability: %s\n", ghgtrack_last_error_message());
  }

  /* LMDI of the two-sector, two-factor example by hand: V = 2x3 + 1x4 = 10
   * -> 2x6 + 1x4 = 16; all of the change (+6) is factor 1 of sector 0. */
  const double x0[] = {2.0, 3.0, 1.0, 4.0}, xt[] = {2.0, 6.0, 1.0, 4.0};
  double add[2], mul[2], v0 = 0.0, vt = 0.0;
  int mdef = 0;
  CHECK(ghgtrack_lmdi(2, 2, x0, xt, 1, add, mul, &mdef, &v0, &vt));
  expect_near("lmdi additive[0]", add[0], 0.0, 1e-12);
  expect_near("lmdi additive[1]", add[1], 6.0, 1e-12);
  expect_near("lmdi ratio product", mul[0] * mul[1], 1.6, 1e-12);

  /* Scenario: a linear baseline to 2030 with the measures applied. */
  if (argc >= 3) {
    ghgtrack_inventory* baseline = NULL;
    CHECK(ghgtrack_baseline_project(inv, 2030, "linear", "sector", &baseline));
    ghgtrack_measures* ms = NULL;
    CHECK(ghgtrack_measures_read_csv(argv[2], &ms));
    size_t n_measures = 0, applied = 0, unquantified = 0;
    CHECK(ghgtrack_measures_count(ms, &n_measures));
    ghgtrack_scenario* sc = NULL;
    const ghgtrack_status s = ghgtrack_scenario_run(baseline, ms, "adopted,implemented", 0, 1, &sc);
    if (s == GHGTRACK_OK) {
      CHECK(ghgtrack_scenario_counts(sc, &applied, &unquantified));
      const ghgtrack_inventory* sinv = NULL;
      CHECK(ghgtrack_scenario_inventory(sc, &sinv));
      double s2030 = 0.0, b2030 = 0.0;
      CHECK(ghgtrack_inventory_total_in_year(sinv, 2030, &s2030, NULL));
      CHECK(ghgtrack_inventory_total_in_year(baseline, 2030, &b2030, NULL));
      const double* red = NULL;
      size_t nr = 0;
      CHECK(ghgtrack_scenario_reduction(sc, &red, &nr));
      expect_near("scenario reduction 2030", red[nr - 1], b2030 - s2030, 1e-6 * b2030);
      printf("Scenario (adopted): %zu of %zu measures applied, %zu unquantified; 2030: baseline %.0f t, "
             "scenario %.0f t\n",
             applied, n_measures, unquantified, b2030, s2030);
      ghgtrack_scenario_free(sc);
    } else {
      printf("scenario: %s: %s\n", ghgtrack_status_name(s), ghgtrack_last_error_message());
      ++failures;
    }
    ghgtrack_measures_free(ms);
    ghgtrack_inventory_free(baseline);
  }

  /* Ledger: two cap years, one measure (numbers by hand). */
  const int cap_years[] = {2025, 2030};
  const double caps[] = {500000.0, 70000.0};
  const double baseline_t[] = {800000.0, 600000.0};
  const char* ids[] = {"T1"};
  const double planned[] = {100000.0, 200000.0};
  const int actual_years[] = {2024};
  ghgtrack_ledger* lg = NULL;
  CHECK(ghgtrack_ledger_create(2, cap_years, caps, 2, cap_years, baseline_t, 1, ids, NULL, NULL, planned, 1,
                               actual_years, &t2024, &lg));
  const double* lgap = NULL;
  size_t nl = 0;
  CHECK(ghgtrack_ledger_years(lg, NULL, NULL, NULL, NULL, &lgap, NULL, &nl));
  expect_near("ledger gap 2025", lgap[0], 800000.0 - 100000.0 - 500000.0, 1e-9);
  expect_near("ledger gap 2030", lgap[1], 600000.0 - 200000.0 - 70000.0, 1e-9);
  ghgtrack_ledger_free(lg);

  ghgtrack_tracking_free(tr);
  ghgtrack_target_free(target);
  ghgtrack_inventory_free(inv);
  if (failures) {
    fprintf(stderr, "%d check(s) failed\n", failures);
    return 1;
  }
  printf("c api ok\n");
  return 0;
}
