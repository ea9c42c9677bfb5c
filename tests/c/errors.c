/* tests/c/errors.c: forces each error class through the C API and checks
 * that the status and the last error (message, file, row, column, value)
 * say what happened, that no exception crosses the boundary and nothing
 * aborts (the program reaching its end is that check), and that the last
 * error is per thread.
 *
 * Not reachable through the current functions, so not forced here:
 * GHGTRACK_E_INCOMPATIBLE, GHGTRACK_E_IO (files that cannot be opened are
 * input errors naming the file) and GHGTRACK_E_INTERNAL (a bug). */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "ghgtrack/c/ghgtrack.h"

static int failures = 0;

static void expect_status(const char* what, ghgtrack_status got, ghgtrack_status want, const char* in_message) {
  if (got != want) {
    fprintf(stderr, "FAIL %s: got %s, expected %s (%s)\n", what, ghgtrack_status_name(got), ghgtrack_status_name(want),
            ghgtrack_last_error_message());
    ++failures;
    return;
  }
  if (ghgtrack_last_error_status() != want) {
    fprintf(stderr, "FAIL %s: last error status %s\n", what, ghgtrack_status_name(ghgtrack_last_error_status()));
    ++failures;
  }
  if (in_message && !strstr(ghgtrack_last_error_message(), in_message)) {
    fprintf(stderr, "FAIL %s: message '%s' lacks '%s'\n", what, ghgtrack_last_error_message(), in_message);
    ++failures;
  }
  printf("%-28s %-26s %s\n", what, ghgtrack_status_name(got), ghgtrack_last_error_message());
}

static void expect_str(const char* what, const char* got, const char* want) {
  if (strcmp(got, want) != 0) {
    fprintf(stderr, "FAIL %s: got '%s', expected '%s'\n", what, got, want);
    ++failures;
  }
}

static void* other_thread(void* arg) {
  (void)arg;
  /* A fresh thread has no last error, whatever the main thread's is. */
  int* ok = (int*)arg;
  *ok = ghgtrack_last_error_status() == GHGTRACK_OK && strcmp(ghgtrack_last_error_message(), "") == 0;
  ghgtrack_target* t = NULL;
  if (ghgtrack_target_parse("2030:67%", 2009, NULL, &t) != GHGTRACK_E_ARGUMENT) *ok = 0;
  return NULL;
}

int main(void) {
  ghgtrack_inventory* inv = NULL;

  /* INPUT: a bad value, with file, row, column and value. */
  const char csv[] = "year,sector,source,gas,value\n"
                     "2009,Transport,Cars,CO2,100\n"
                     "2010,Transport,Cars,CO2,abc\n";
  expect_status("input: bad value", ghgtrack_inventory_read_csv_text(csv, sizeof csv - 1, "mem.csv", &inv),
                GHGTRACK_E_INPUT, "mem.csv");
  expect_str("input file", ghgtrack_last_error_file(), "mem.csv");
  if (ghgtrack_last_error_row() != 3) {
    fprintf(stderr, "FAIL input row %zu, expected 3\n", ghgtrack_last_error_row());
    ++failures;
  }
  expect_str("input column", ghgtrack_last_error_column(), "value");
  expect_str("input value", ghgtrack_last_error_value(), "abc");
  if (inv != NULL) {
    fprintf(stderr, "FAIL a handle was created on failure\n");
    ++failures;
  }
  ghgtrack_clear_error();
  if (ghgtrack_last_error_status() != GHGTRACK_OK || ghgtrack_last_error_row() != 0) {
    fprintf(stderr, "FAIL clear_error\n");
    ++failures;
  }

  /* INPUT: a file that does not exist names it. */
  expect_status("input: no file", ghgtrack_inventory_read_csv("/nonexistent/x.csv", 1, &inv), GHGTRACK_E_INPUT,
                "/nonexistent/x.csv");
  expect_str("no-file file", ghgtrack_last_error_file(), "/nonexistent/x.csv");
  /* INPUT: binary garbage and an empty text never abort. */
  const char garbage[] = {'\x00', '\xff', '\n', ',', '"', '\x01'};
  expect_status("input: garbage", ghgtrack_inventory_read_csv_text(garbage, sizeof garbage, NULL, &inv),
                GHGTRACK_E_INPUT, NULL);
  expect_status("input: empty", ghgtrack_inventory_read_csv_text(NULL, 0, NULL, &inv), GHGTRACK_E_INPUT, "empty");
  /* INPUT: arrays checked as a file's rows (row 2 has an unknown gas). */
  {
    const int years[] = {2009, 2009};
    const char* sectors[] = {"Transport", "Transport"};
    const char* sources[] = {"Cars", "Buses"};
    const char* gases[] = {"CO2", "XYZ"};
    const double values[] = {1.0, 2.0};
    expect_status("input: arrays",
                  ghgtrack_inventory_from_arrays(2, years, sectors, sources, gases, values, NULL, NULL, &inv),
                  GHGTRACK_E_INPUT, "XYZ");
    if (ghgtrack_last_error_row() != 2) {
      fprintf(stderr, "FAIL arrays row %zu, expected 2\n", ghgtrack_last_error_row());
      ++failures;
    }
    /* UNKNOWN_GAS: a GWP metric name not recognised. */
    expect_status("unknown metric",
                  ghgtrack_inventory_from_arrays(1, years, sectors, sources, gases, values, NULL, "GWP999", &inv),
                  GHGTRACK_E_UNKNOWN_GAS, "GWP999");
  }

  /* ARGUMENT: a cut without a sign, with the how-to in the message; NULLs. */
  ghgtrack_target* t = NULL;
  expect_status("argument: 2030:67%", ghgtrack_target_parse("2030:67%", 2009, NULL, &t), GHGTRACK_E_ARGUMENT,
                "2030:-67%");
  expect_status("argument: NULL out", ghgtrack_target_parse("2030:-67%", 2009, NULL, NULL), GHGTRACK_E_ARGUMENT,
                "NULL");
  expect_status("argument: NULL text", ghgtrack_target_parse(NULL, 2009, NULL, &t), GHGTRACK_E_ARGUMENT, "NULL");
  ghgtrack_pathway* p = NULL;
  {
    /* 3 is not a shape (and still within the enum's range of values). */
    const double ys[] = {2020, 2030}, vs[] = {100.0, 50.0};
    expect_status("argument: bad shape", ghgtrack_pathway_through(2, ys, vs, (ghgtrack_shape)3, &p),
                  GHGTRACK_E_ARGUMENT, "shape");
  }
  expect_status("argument: rate -150%", ghgtrack_pathway_constant_rate(2020, 100.0, -1.5, &p), GHGTRACK_E_ARGUMENT,
                "rate");

  /* SHAPE: LMDI with no categories. */
  expect_status("shape: lmdi empty", ghgtrack_lmdi(0, 2, NULL, NULL, 1, NULL, NULL, NULL, NULL, NULL), GHGTRACK_E_SHAPE,
                NULL);
  /* NOMEM: an LMDI whose arrays cannot be allocated (the size overflows). */
  {
    const double x = 1.0;
    expect_status("nomem: lmdi huge", ghgtrack_lmdi(SIZE_MAX / 4, 8, &x, &x, 1, NULL, NULL, NULL, NULL, NULL),
                  GHGTRACK_E_NOMEM, NULL);
  }

  /* UNKNOWN_LABEL: a year and a sector the data does not have. */
  const char good[] = "year,sector,source,gas,value\n2009,Transport,Cars,CO2,100\n2010,Transport,Cars,CO2,90\n";
  if (ghgtrack_inventory_read_csv_text(good, sizeof good - 1, "good.csv", &inv) != GHGTRACK_OK) {
    fprintf(stderr, "FAIL reading good.csv: %s\n", ghgtrack_last_error_message());
    return 1;
  }
  double v = 0.0;
  expect_status("unknown label: year", ghgtrack_inventory_total_in_year(inv, 1800, &v, NULL), GHGTRACK_E_UNKNOWN_LABEL,
                "1800");
  expect_status("unknown label: sector", ghgtrack_inventory_sector_in_year(inv, "Shipping", 2009, &v, NULL),
                GHGTRACK_E_UNKNOWN_LABEL, "Transport");
  expect_status("unknown label: base year", ghgtrack_target_parse("2030:-50%", 1990, inv, &t), GHGTRACK_E_UNKNOWN_LABEL,
                "1990");

  /* NO_SOLUTION: a level a pathway never reaches; a constant rate to zero. */
  if (ghgtrack_pathway_linear(2020, 100.0, 2030, 50.0, &p) != GHGTRACK_OK) return 1;
  double y = 0.0;
  expect_status("no solution: never reached", ghgtrack_pathway_year_reaching(p, 10.0, &y), GHGTRACK_E_NO_SOLUTION,
                NULL);
  ghgtrack_pathway_free(p);
  {
    const double ys[] = {2020, 2030}, vs[] = {100.0, 0.0};
    expect_status("no solution: rate to zero", ghgtrack_pathway_through(2, ys, vs, GHGTRACK_SHAPE_CONSTANT_RATE, &p),
                  GHGTRACK_E_NO_SOLUTION, NULL);
  }
  /* NO_SOLUTION: two years give no trend, so no probability. */
  {
    ghgtrack_target* t2 = NULL;
    ghgtrack_tracking* tr = NULL;
    if (ghgtrack_target_parse("2030:-50%", 2009, NULL, &t2) != GHGTRACK_OK) return 1;
    if (ghgtrack_track(inv, t2, GHGTRACK_SHAPE_LINEAR, GHGTRACK_CONVENTION_ANNUAL_SUM, 0, 0.95, &tr) != GHGTRACK_OK)
      return 1;
    double r = 0.0;
    expect_status("no solution: no trend", ghgtrack_tracking_trend_rate(tr, &r, NULL, NULL), GHGTRACK_E_NO_SOLUTION,
                  "trend");
    const double b = 100.0, l = 90.0, u = 0.05;
    expect_status("no solution: probability", ghgtrack_target_probability(tr, 1, &b, &l, &u, &u, 100, 1, 1, NULL, NULL),
                  GHGTRACK_E_NO_SOLUTION, "trend");
    ghgtrack_tracking_free(tr);
    ghgtrack_target_free(t2);
  }

  /* INPUT: a workbook that is not there is an input error naming it. */
  expect_status("input: missing xlsx", ghgtrack_inventory_read_xlsx("no-such-Utslippsregnskap.xlsx", NULL, &inv),
                GHGTRACK_E_INPUT, "no-such-Utslippsregnskap.xlsx");
  ghgtrack_inventory_free(inv);

  /* A successful call leaves the last error; another thread has its own. */
  int ok = 0;
  pthread_t th;
  if (pthread_create(&th, NULL, other_thread, &ok) != 0 || pthread_join(th, NULL) != 0) return 1;
  if (!ok) {
    fprintf(stderr, "FAIL the last error is not per thread\n");
    ++failures;
  }
  if (ghgtrack_last_error_status() != GHGTRACK_E_INPUT) {
    fprintf(stderr, "FAIL another thread changed this thread's last error\n");
    ++failures;
  }

  /* Freeing NULL is allowed. */
  ghgtrack_inventory_free(NULL);
  ghgtrack_target_free(NULL);
  ghgtrack_pathway_free(NULL);
  ghgtrack_tracking_free(NULL);
  ghgtrack_measures_free(NULL);
  ghgtrack_scenario_free(NULL);
  ghgtrack_ledger_free(NULL);
  ghgtrack_free_array(NULL);

  if (failures) {
    fprintf(stderr, "%d check(s) failed\n", failures);
    return 1;
  }
  printf("c api errors ok\n");
  return 0;
}
