/* ghgtrack/c/ghgtrack.h: the stable C API of ghgtrack (C99/C11, no C++ types).
 *
 * Link with the shared library libghgtrack_c.so.0 (CMake: ghgtrack::c;
 * pkg-config: ghgtrack-c). docs/c-api.md has a worked example.
 *
 * Conventions
 *  - Every function that can fail returns a ghgtrack_status; GHGTRACK_OK (0)
 *    is success. On failure the out-parameters are left unchanged (handles
 *    are not created) and the details of the error can be read with
 *    ghgtrack_last_error_*() on the same thread.
 *  - The last error is per thread (thread-local storage inside the C layer),
 *    like errno: a failing call on one thread never changes another thread's
 *    last error. A successful call leaves the last error as it was; call
 *    ghgtrack_clear_error() to reset it.
 *  - No C++ exception crosses this boundary, and bad input never aborts: it
 *    is reported as a status. A NULL handle or out-pointer where one is
 *    required is GHGTRACK_E_ARGUMENT.
 *  - Handles are opaque and come in create/free pairs; every *_free accepts
 *    NULL. A handle may be read from several threads at once; it must not be
 *    freed while another thread uses it.
 *  - Arrays: each function says whether the caller OWNS a returned array
 *    (free it with ghgtrack_free_array) or BORROWS it (valid until the handle
 *    it came from is freed; do not free it). Strings returned as
 *    `const char *` are always borrowed. Matrices are row-major.
 *  - Emissions are in tonnes of CO2 equivalent (t CO2e). A change relative
 *    to a base year is a signed fraction: -0.67 (or the text "-67%") is a
 *    67 % cut.
 *  - Thread counts: 1 runs on the calling thread only (no thread started);
 *    0 uses one thread per hardware thread.
 *
 * ABI: ghgtrack_abi_version() returns GHGTRACK_C_ABI_VERSION of the library
 * actually loaded (it counts compatible additions to the API); the soname
 * (libghgtrack_c.so.0) changes only with an incompatible change. Only
 * the functions declared here are exported (src/c/ghgtrack_c.symbols in
 * the source tree lists them and a test compares them with the library).
 */
#ifndef GHGTRACK_C_GHGTRACK_H
#define GHGTRACK_C_GHGTRACK_H

#include <stddef.h>
#include <stdint.h>

#if defined(_WIN32)
#if defined(GHGTRACK_C_BUILDING)
#define GHGTRACK_C_API __declspec(dllexport)
#else
#define GHGTRACK_C_API __declspec(dllimport)
#endif
#elif defined(__GNUC__)
#define GHGTRACK_C_API __attribute__((visibility("default")))
#else
#define GHGTRACK_C_API
#endif

#ifdef __cplusplus
extern "C" {
#endif

/** The ABI version of this header; compare with ghgtrack_abi_version(). */
#define GHGTRACK_C_ABI_VERSION 1

/* ---------------------------------------------------------------------------
 * Status codes and the last error
 * ------------------------------------------------------------------------- */

/** What a function returns. The values are part of the ABI and never change. */
typedef enum ghgtrack_status {
  GHGTRACK_OK = 0,
  GHGTRACK_E_INPUT = 1,         /**< bad input data: file, row, column and value are set */
  GHGTRACK_E_ARGUMENT = 2,      /**< an argument value the function cannot accept (NULL included) */
  GHGTRACK_E_SHAPE = 3,         /**< array sizes that do not agree */
  GHGTRACK_E_UNKNOWN_LABEL = 4, /**< a year, sector, source, gas or index the data does not have */
  GHGTRACK_E_NO_SOLUTION = 5,   /**< the question has no answer for these inputs */
  GHGTRACK_E_INCOMPATIBLE = 6,  /**< data that cannot be combined (different metrics, years...) */
  GHGTRACK_E_UNKNOWN_GAS = 7,   /**< a gas or GWP metric name that is not recognised */
  GHGTRACK_E_IO = 8,            /**< a file could not be opened, read or written */
  GHGTRACK_E_NOMEM = 9,         /**< out of memory */
  GHGTRACK_E_UNSUPPORTED = 10,  /**< not available in this build */
  GHGTRACK_E_INTERNAL = 11      /**< a bug in ghgtrack: please report it */
} ghgtrack_status;

/** The ABI version of the loaded library (GHGTRACK_C_ABI_VERSION it was built with). */
GHGTRACK_C_API unsigned ghgtrack_abi_version(void);
/** The library version, e.g. "0.1.0" (static string). */
GHGTRACK_C_API const char* ghgtrack_version_string(void);
/** The name of a status, e.g. "GHGTRACK_E_INPUT" (static string; "unknown status" otherwise). */
GHGTRACK_C_API const char* ghgtrack_status_name(ghgtrack_status status);

/** The status of this thread's last failing call (GHGTRACK_OK when none). */
GHGTRACK_C_API ghgtrack_status ghgtrack_last_error_status(void);
/** Its message ("" when none). Borrowed: valid until the next failing call
 * or ghgtrack_clear_error() on this thread. */
GHGTRACK_C_API const char* ghgtrack_last_error_message(void);
/** For GHGTRACK_E_INPUT: the file (or other origin) of the bad input; "" otherwise. Borrowed as above. */
GHGTRACK_C_API const char* ghgtrack_last_error_file(void);
/** For GHGTRACK_E_INPUT: the row (1-based; the header is row 1; 0 for the whole input); 0 otherwise. */
GHGTRACK_C_API size_t ghgtrack_last_error_row(void);
/** For GHGTRACK_E_INPUT: the column name ("" when none). Borrowed as above. */
GHGTRACK_C_API const char* ghgtrack_last_error_column(void);
/** For GHGTRACK_E_INPUT: the offending value ("" when none). Borrowed as above. */
GHGTRACK_C_API const char* ghgtrack_last_error_value(void);
/** Resets this thread's last error. */
GHGTRACK_C_API void ghgtrack_clear_error(void);

/** Frees an array the caller owns (see each function). NULL is accepted. */
GHGTRACK_C_API void ghgtrack_free_array(void* array);

/* ---------------------------------------------------------------------------
 * Enumerations passed by value
 * ------------------------------------------------------------------------- */

/** Shape of a pathway segment. */
typedef enum ghgtrack_shape {
  GHGTRACK_SHAPE_LINEAR = 0,
  GHGTRACK_SHAPE_CONSTANT_RATE = 1,
  GHGTRACK_SHAPE_LOGISTIC = 2
} ghgtrack_shape;

/** How cumulative emissions over whole years are counted. */
typedef enum ghgtrack_convention {
  GHGTRACK_CONVENTION_ANNUAL_SUM = 0, /**< sum of the values at whole years, both ends included */
  GHGTRACK_CONVENTION_TRAPEZOID = 1   /**< the trapezoid rule over the same points */
} ghgtrack_convention;

/** Tracking status (the rule of include/ghgtrack/tracking.hpp). */
typedef enum ghgtrack_tracking_state {
  GHGTRACK_ON_TRACK = 0,
  GHGTRACK_AT_RISK = 1,
  GHGTRACK_OFF_TRACK = 2
} ghgtrack_tracking_state;

/** Bits of an aggregate flag (ghgtrack_inventory_total, _by_sector). */
#define GHGTRACK_FLAG_INCOMPLETE 1u /**< includes an unknown (NE, C or a missing row) */
#define GHGTRACK_FLAG_NO_VALUE 2u   /**< no reported value among its cells, only notation keys */

/* ---------------------------------------------------------------------------
 * Inventory: emissions by category (sector / source), gas and year
 * ------------------------------------------------------------------------- */

typedef struct ghgtrack_inventory ghgtrack_inventory;

/** Reads a tidy CSV file (columns year, sector, source, gas, value and
 * optionally unit, metric, notation; include/ghgtrack/csv_reader.hpp). Errors: E_INPUT
 * with file, row, column and value set; E_IO is not used (a file that
 * cannot be opened is E_INPUT naming it, row 0). */
GHGTRACK_C_API ghgtrack_status ghgtrack_inventory_read_csv(const char* path, unsigned threads,
                                                           ghgtrack_inventory** out);
/** The same from text in memory (`size` bytes; need not be NUL-terminated);
 * `origin` names it in errors (NULL: "<csv>"). */
GHGTRACK_C_API ghgtrack_status ghgtrack_inventory_read_csv_text(const char* text, size_t size, const char* origin,
                                                                ghgtrack_inventory** out);
/** Reads Miljødirektoratet's municipal workbook (Utslippsregnskap_*.xlsx);
 * `municipality` selects one municipality of an all-municipalities workbook
 * (NULL: the file must hold exactly one). The same C++ reader as the
 * Python package's (checks against the overview sheet included); a damaged
 * workbook is E_INPUT naming the file, sheet and cell. */
GHGTRACK_C_API ghgtrack_status ghgtrack_inventory_read_xlsx(const char* path, const char* municipality,
                                                            ghgtrack_inventory** out);
/** Builds an inventory from `n` rows given as parallel arrays: years,
 * sectors, sources, gases (names such as "CO2", "CH4", "N2O"), values in
 * t CO2e and, optionally, notations (NULL, or per row NULL / "" for a
 * number, else a key "NO", "NE", "IE", "C", "NA"; the value of a keyed row
 * is ignored). `metric` names the GWP metric (e.g. "AR5GWP100"; NULL: not
 * stated). Rows are checked as a file's are: E_INPUT names the row
 * (1-based) and column; E_UNKNOWN_GAS for a metric name not recognised. */
GHGTRACK_C_API ghgtrack_status ghgtrack_inventory_from_arrays(size_t n, const int* years, const char* const* sectors,
                                                              const char* const* sources, const char* const* gases,
                                                              const double* values_t_co2e, const char* const* notations,
                                                              const char* metric, ghgtrack_inventory** out);
GHGTRACK_C_API void ghgtrack_inventory_free(ghgtrack_inventory* inv);

/** Number of years, and the years in increasing order (BORROWED, `*n` entries). */
GHGTRACK_C_API ghgtrack_status ghgtrack_inventory_years(const ghgtrack_inventory* inv, const int** years, size_t* n);
/** Number of distinct sectors. */
GHGTRACK_C_API ghgtrack_status ghgtrack_inventory_n_sectors(const ghgtrack_inventory* inv, size_t* n);
/** The name of sector `i` (sorted order; BORROWED). E_UNKNOWN_LABEL when i is out of range. */
GHGTRACK_C_API ghgtrack_status ghgtrack_inventory_sector(const ghgtrack_inventory* inv, size_t i, const char** name);
/** The GWP metric recorded ("" when the data did not state it; BORROWED). */
GHGTRACK_C_API ghgtrack_status ghgtrack_inventory_metric(const ghgtrack_inventory* inv, const char** name);

/** The total (all categories and gases) per year, t CO2e: `*values` has one
 * entry per year (ghgtrack_inventory_years order) and is OWNED by the caller;
 * `flags` (may be NULL) receives an OWNED array of GHGTRACK_FLAG_* bits per
 * year. Free both with ghgtrack_free_array. */
GHGTRACK_C_API ghgtrack_status ghgtrack_inventory_total(const ghgtrack_inventory* inv, double** values, uint8_t** flags,
                                                        size_t* n_years);
/** The total in one year; `flags` may be NULL. E_UNKNOWN_LABEL when the year is not in the data. */
GHGTRACK_C_API ghgtrack_status ghgtrack_inventory_total_in_year(const ghgtrack_inventory* inv, int year, double* value,
                                                                uint8_t* flags);
/** Totals by sector and year, t CO2e: `*values` is sectors x years,
 * row-major, OWNED; `flags` (may be NULL) likewise. Sectors in the order of
 * ghgtrack_inventory_sector. */
GHGTRACK_C_API ghgtrack_status ghgtrack_inventory_by_sector(const ghgtrack_inventory* inv, double** values,
                                                            uint8_t** flags, size_t* n_sectors, size_t* n_years);
/** The total of one sector in one year. E_UNKNOWN_LABEL for a sector or year not in the data. */
GHGTRACK_C_API ghgtrack_status ghgtrack_inventory_sector_in_year(const ghgtrack_inventory* inv, const char* sector,
                                                                 int year, double* value, uint8_t* flags);

/** A baseline projection of `inv` to `until` (the future years only):
 * `method` "linear", "loglinear" or "frozen"; `by` "sector", "source" or
 * "cell" (NULL: "linear", "sector"). A new inventory the caller frees. */
GHGTRACK_C_API ghgtrack_status ghgtrack_baseline_project(const ghgtrack_inventory* inv, int until, const char* method,
                                                         const char* by, ghgtrack_inventory** out);

/* ---------------------------------------------------------------------------
 * Target: a base year and milestones
 * ------------------------------------------------------------------------- */

typedef struct ghgtrack_target ghgtrack_target;

/** Parses "2030:-67%" or "2025:-40%,2030:-67%" (each change with its sign;
 * "2030:67%" is E_ARGUMENT saying how to write a cut) relative to
 * `base_year`. With `base_from` (may be NULL) the base-year value is the
 * inventory's total in `base_year` (E_UNKNOWN_LABEL when that year is not
 * in it); without, tracking takes it from the data tracked. */
GHGTRACK_C_API ghgtrack_status ghgtrack_target_parse(const char* text, int base_year,
                                                     const ghgtrack_inventory* base_from, ghgtrack_target** out);
GHGTRACK_C_API void ghgtrack_target_free(ghgtrack_target* target);
/** "2030: -67 % vs 2009" (BORROWED). */
GHGTRACK_C_API ghgtrack_status ghgtrack_target_describe(const ghgtrack_target* target, const char** text);
/** The base year; `value` (may be NULL) the base-year value in t CO2e and
 * `has_value` (may be NULL) 1 when the target carries one, else 0. */
GHGTRACK_C_API ghgtrack_status ghgtrack_target_base(const ghgtrack_target* target, int* year, double* value,
                                                    int* has_value);
/** Number of milestones. */
GHGTRACK_C_API ghgtrack_status ghgtrack_target_n_milestones(const ghgtrack_target* target, size_t* n);
/** Milestone `i` (year order): its year and signed change (-0.67 = 67 % cut). */
GHGTRACK_C_API ghgtrack_status ghgtrack_target_milestone(const ghgtrack_target* target, size_t i, int* year,
                                                         double* change);

/* ---------------------------------------------------------------------------
 * Pathway: emissions (t CO2e/yr) as a function of a continuous year
 * ------------------------------------------------------------------------- */

typedef struct ghgtrack_pathway ghgtrack_pathway;

/** Straight line from (y0, e0) to (y1, e1), holding e1 afterwards. */
GHGTRACK_C_API ghgtrack_status ghgtrack_pathway_linear(double y0, double e0, double y1, double e1,
                                                       ghgtrack_pathway** out);
/** The same percentage change `rate` (a fraction in (-1, 1), -0.1 = -10 %/yr) every year from (y0, e0). */
GHGTRACK_C_API ghgtrack_status ghgtrack_pathway_constant_rate(double y0, double e0, double rate,
                                                              ghgtrack_pathway** out);
/** Through `n` >= 2 milestones (years increasing), each segment `shape` (linear or constant rate). */
GHGTRACK_C_API ghgtrack_status ghgtrack_pathway_through(size_t n, const double* years, const double* values_t_co2e,
                                                        ghgtrack_shape shape, ghgtrack_pathway** out);
GHGTRACK_C_API void ghgtrack_pathway_free(ghgtrack_pathway* pathway);
/** Emissions in `year`, t CO2e/yr. */
GHGTRACK_C_API ghgtrack_status ghgtrack_pathway_at(const ghgtrack_pathway* pathway, double year, double* value);
/** Cumulative emissions over whole years first..last, t CO2e. */
GHGTRACK_C_API ghgtrack_status ghgtrack_pathway_cumulative(const ghgtrack_pathway* pathway, int first, int last,
                                                           ghgtrack_convention convention, double* value);
/** The first (fractional) year the pathway reaches `level`; E_NO_SOLUTION when it never does. */
GHGTRACK_C_API ghgtrack_status ghgtrack_pathway_year_reaching(const ghgtrack_pathway* pathway, double level,
                                                              double* year);

/* ---------------------------------------------------------------------------
 * Tracking: how the data compare with a target
 * ------------------------------------------------------------------------- */

typedef struct ghgtrack_tracking ghgtrack_tracking;

/** Tracks the inventory's total against `target`: pathway `shape`, budget
 * `convention`, a nowcast of the years after the data up to
 * `nowcast_until` (0: none) with intervals of probability `level` (e.g.
 * 0.95). */
GHGTRACK_C_API ghgtrack_status ghgtrack_track(const ghgtrack_inventory* inv, const ghgtrack_target* target,
                                              ghgtrack_shape shape, ghgtrack_convention convention, int nowcast_until,
                                              double level, ghgtrack_tracking** out);
/** The same for a series of `n` (year, t CO2e) pairs, years increasing. */
GHGTRACK_C_API ghgtrack_status ghgtrack_track_series(size_t n, const int* years, const double* values_t_co2e,
                                                     const ghgtrack_target* target, ghgtrack_shape shape,
                                                     ghgtrack_convention convention, int nowcast_until, double level,
                                                     ghgtrack_tracking** out);
GHGTRACK_C_API void ghgtrack_tracking_free(ghgtrack_tracking* result);

GHGTRACK_C_API ghgtrack_status ghgtrack_tracking_status(const ghgtrack_tracking* r, ghgtrack_tracking_state* state);
/** "on track", "at risk" or "off track" (static string; NULL for a bad value). */
GHGTRACK_C_API const char* ghgtrack_tracking_state_name(ghgtrack_tracking_state state);
/** The base year and its value (t CO2e). */
GHGTRACK_C_API ghgtrack_status ghgtrack_tracking_base(const ghgtrack_tracking* r, int* year, double* value);
/** The latest year of the data and its value (t CO2e). */
GHGTRACK_C_API ghgtrack_status ghgtrack_tracking_latest(const ghgtrack_tracking* r, int* year, double* value);
/** Per data year from the base year on (all BORROWED, `*n` entries each;
 * any pointer may be NULL): years, actual values, pathway values, gap
 * (actual - pathway, t CO2e). */
GHGTRACK_C_API ghgtrack_status ghgtrack_tracking_series(const ghgtrack_tracking* r, const int** years,
                                                        const double** actual, const double** pathway,
                                                        const double** gap, size_t* n);
/** Compound annual rate from the base to the latest year (fraction/yr);
 * E_NO_SOLUTION when there is none (the series changes sign, or one year). */
GHGTRACK_C_API ghgtrack_status ghgtrack_tracking_compound_rate(const ghgtrack_tracking* r, double* rate);
/** The log-linear trend's annual rate and its interval; E_NO_SOLUTION when
 * no trend was fitted (fewer than 3 positive years). Any pointer may be NULL. */
GHGTRACK_C_API ghgtrack_status ghgtrack_tracking_trend_rate(const ghgtrack_tracking* r, double* rate, double* lo,
                                                            double* hi);
/** The (fractional) year the final milestone level is reached on the trend;
 * E_NO_SOLUTION when never. `whole_year` (may be NULL) is the calendar year. */
GHGTRACK_C_API ghgtrack_status ghgtrack_tracking_year_reached(const ghgtrack_tracking* r, double* year,
                                                              int* whole_year);
/** The pathway's budget (base year to final milestone), spent so far and remaining, t CO2e. */
GHGTRACK_C_API ghgtrack_status ghgtrack_tracking_budget(const ghgtrack_tracking* r, double* budget, double* spent,
                                                        double* remaining);
/** The nowcast years after the data with value and interval (BORROWED; any pointer may be NULL). */
GHGTRACK_C_API ghgtrack_status ghgtrack_tracking_nowcast(const ghgtrack_tracking* r, const int** years,
                                                         const double** value, const double** lo, const double** hi,
                                                         size_t* n);
/** The target pathway used, as a new pathway handle the caller frees. */
GHGTRACK_C_API ghgtrack_status ghgtrack_tracking_pathway(const ghgtrack_tracking* r, ghgtrack_pathway** out);

/** The probability that the tracked target's final milestone is met, and
 * that the pathway's remaining budget holds, given the inventory
 * uncertainty (IPCC Approach 2 Monte Carlo over `n` categories: emissions
 * in the base and latest years, t CO2e, and activity-data and
 * emission-factor uncertainties as fractions, half the 95 % interval,
 * normal distributions) and the trend tracking fitted. `iterations` draws,
 * reproducible from `seed` whatever `threads`. E_NO_SOLUTION when tracking
 * fitted no trend. Either output pointer may be NULL. */
GHGTRACK_C_API ghgtrack_status ghgtrack_target_probability(const ghgtrack_tracking* r, size_t n,
                                                           const double* base_t_co2e, const double* latest_t_co2e,
                                                           const double* ad_uncertainty, const double* ef_uncertainty,
                                                           size_t iterations, uint64_t seed, unsigned threads,
                                                           double* probability_met, double* probability_budget);

/* ---------------------------------------------------------------------------
 * LMDI-I decomposition (include/ghgtrack/lmdi.hpp)
 * ------------------------------------------------------------------------- */

/** Decomposes the change of V = sum_i prod_k x_ik between a start `x0` and
 * an end `xt` (each `n_categories` x `n_factors`, row-major, not negative).
 * Writes into caller arrays of `n_factors` entries: `additive` (effects in
 * the unit of V, summing to V^T - V^0) and `multiplicative` (indices
 * multiplying to V^T / V^0; NaN when V^0 or V^T is zero, and then
 * `*multiplicative_defined` is 0). Any output pointer may be NULL. */
GHGTRACK_C_API ghgtrack_status ghgtrack_lmdi(size_t n_categories, size_t n_factors, const double* x0, const double* xt,
                                             unsigned threads, double* additive, double* multiplicative,
                                             int* multiplicative_defined, double* v0, double* vt);

/* ---------------------------------------------------------------------------
 * Measures and scenarios (include/ghgtrack/scenario.hpp)
 * ------------------------------------------------------------------------- */

typedef struct ghgtrack_measures ghgtrack_measures;
typedef struct ghgtrack_scenario ghgtrack_scenario;

/** Reads a measures table (CSV; docs/planning.md). E_INPUT names file, row, column and value. */
GHGTRACK_C_API ghgtrack_status ghgtrack_measures_read_csv(const char* path, ghgtrack_measures** out);
GHGTRACK_C_API void ghgtrack_measures_free(ghgtrack_measures* measures);
GHGTRACK_C_API ghgtrack_status ghgtrack_measures_count(const ghgtrack_measures* measures, size_t* n);
/** The id of measure `i` (BORROWED). */
GHGTRACK_C_API ghgtrack_status ghgtrack_measures_id(const ghgtrack_measures* measures, size_t i, const char** id);

/** Applies the measures whose status is listed in `statuses` (comma
 * separated, e.g. "adopted,implemented"; NULL: all) to `baseline`; years up
 * to `last_actual_year` count as actual data (0: every year is projected). The
 * scenario copies what it needs: the baseline and the measures may be freed
 * before it. */
GHGTRACK_C_API ghgtrack_status ghgtrack_scenario_run(const ghgtrack_inventory* baseline,
                                                     const ghgtrack_measures* measures, const char* statuses,
                                                     int last_actual_year, unsigned threads, ghgtrack_scenario** out);
GHGTRACK_C_API void ghgtrack_scenario_free(ghgtrack_scenario* scenario);
/** The scenario's emissions as an inventory (BORROWED: valid until the
 * scenario is freed; do not free it). */
GHGTRACK_C_API ghgtrack_status ghgtrack_scenario_inventory(const ghgtrack_scenario* scenario,
                                                           const ghgtrack_inventory** inv);
/** The total reduction (baseline - scenario) per year, t CO2e (BORROWED, in
 * the years of the scenario's inventory). */
GHGTRACK_C_API ghgtrack_status ghgtrack_scenario_reduction(const ghgtrack_scenario* scenario, const double** values,
                                                           size_t* n_years);
/** How many measures were applied, and how many were left out because their effect is unknown. */
GHGTRACK_C_API ghgtrack_status ghgtrack_scenario_counts(const ghgtrack_scenario* scenario, size_t* applied,
                                                        size_t* unquantified);

/* ---------------------------------------------------------------------------
 * Ledger: the klimabudsjett (include/ghgtrack/ledger.hpp)
 * ------------------------------------------------------------------------- */

typedef struct ghgtrack_ledger ghgtrack_ledger;

/** A ledger of annual caps (`n_caps` years and caps in t CO2e), the
 * baseline per plan year (`n_plan` years), `n_measures` measures (ids;
 * names and responsible agencies may be NULL) with their planned effects
 * (`planned_t`: n_measures x n_plan, row-major, t CO2e) and `n_actual`
 * actual inventory levels (may be 0). */
GHGTRACK_C_API ghgtrack_status ghgtrack_ledger_create(size_t n_caps, const int* cap_years, const double* cap_t,
                                                      size_t n_plan, const int* plan_years, const double* baseline_t,
                                                      size_t n_measures, const char* const* ids,
                                                      const char* const* names, const char* const* responsible,
                                                      const double* planned_t, size_t n_actual, const int* actual_years,
                                                      const double* actual_t, ghgtrack_ledger** out);
GHGTRACK_C_API void ghgtrack_ledger_free(ghgtrack_ledger* ledger);
/** Per cap year (all BORROWED, `*n` entries; any pointer may be NULL):
 * years, cap, planned effect, projected (baseline - planned), gap
 * (projected - cap; positive: over the cap) and actual level, t CO2e. NaN
 * where a figure is not defined (no plan or no actual for that year). */
GHGTRACK_C_API ghgtrack_status ghgtrack_ledger_years(const ghgtrack_ledger* ledger, const int** years,
                                                     const double** cap, const double** planned,
                                                     const double** projected, const double** gap,
                                                     const double** actual, size_t* n);

#ifdef __cplusplus
}
#endif

#endif /* GHGTRACK_C_GHGTRACK_H */
