"""Writes the malformed-input corpus in tests/data/bad/ (committed; rerun to
regenerate). Each file is listed in expected.csv with the reader to use and
text its error message must contain (file name, row, column, what)."""

import csv
import pathlib
import sys
import zipfile

import openpyxl

HERE = pathlib.Path(__file__).resolve().parent
BAD = HERE / "bad"
SRC = HERE.parents[1] / "python" / "ghgtrack" / "data" / "Utslippsregnskap_Oslo.xlsx"
H = "year,sector,source,gas,value,unit,metric,notation\n"
OK = "2009,Veitrafikk,Personbiler,CO2,1000.5,t CO2e,AR5GWP100,\n"

csv_cases = {
    # name: (content bytes/str, expected fragments separated by |)
    "empty.csv": ("", "the file is empty"),
    "only_whitespace.csv": ("\n\n  \n", "the file is empty"),
    "header_only.csv": (H, "no data rows"),
    "missing_value_column.csv": ("year,sector,source,gas\n2009,S,a,CO2\n", "required column 'value' is missing"),
    "missing_year_column.csv": ("sector,source,gas,value\nS,a,CO2,1\n", "required column 'year' is missing"),
    "renamed_column.csv": ("aar,sector,source,gas,value\n2009,S,a,CO2,1\n", "row 1, column 'aar'|unknown column"),
    "duplicate_column.csv": ("year,sector,source,gas,value,value\n2009,S,a,CO2,1,2\n", "appears twice"),
    "unknown_gas.csv": (
        H + OK + "2009,Veitrafikk,Busser,CO3,5,t CO2e,AR5GWP100,\n",
        "row 3, column 'gas', value 'CO3'|unknown gas",
    ),
    "non_numeric_value.csv": (
        H + "2009,S,a,CO2,lots,t CO2e,AR5GWP100,\n",
        "row 2, column 'value', value 'lots'|not a number",
    ),
    "ambiguous_thousands.csv": (H + '2009,S,a,CO2,"1,234",t CO2e,AR5GWP100,\n', "row 2, column 'value'|ambiguous"),
    "bad_digit_groups.csv": ("year;sector;source;gas;value\n2009;S;a;CO2;12 34,5\n", "row 2, column 'value'|3 digits"),
    "empty_value_no_key.csv": (H + "2009,S,a,CO2,,t CO2e,AR5GWP100,\n", "row 2, column 'value'|no notation key"),
    "unknown_notation.csv": (H + "2009,S,a,CO2,,t CO2e,AR5GWP100,XX\n", "row 2, column 'notation', value 'XX'"),
    "impossible_year.csv": (
        H + "1209,S,a,CO2,1,t CO2e,AR5GWP100,\n",
        "row 2, column 'year', value '1209'|impossible year",
    ),
    "future_year.csv": (H + "20245,S,a,CO2,1,t CO2e,AR5GWP100,\n", "row 2, column 'year'|impossible year"),
    "text_year.csv": (H + "tjue,S,a,CO2,1,t CO2e,AR5GWP100,\n", "row 2, column 'year', value 'tjue'"),
    "fractional_year.csv": (H + "2009.5,S,a,CO2,1,t CO2e,AR5GWP100,\n", "row 2, column 'year'"),
    "duplicate_rows.csv": (H + OK + OK, "row 3|duplicate entry|first given in row 2"),
    "duplicate_rows_crlf.csv": ((H + OK + OK).replace("\n", "\r\n"), "row 3|duplicate entry"),
    "short_row.csv": (H + "2009,S,a,CO2,1,t CO2e\n", "row 2|expected 8 fields, found 6"),
    "long_row.csv": (H + "2009,S,a,CO2,1,t CO2e,AR5GWP100,,extra\n", "row 2|expected 8 fields, found 9"),
    "unterminated_quote.csv": (H + '2009,"S,a,CO2,1,t CO2e,AR5GWP100,\n', "row 2|unterminated quoted field"),
    "unknown_unit.csv": (H + "2009,S,a,CO2,1,kg CH4,AR5GWP100,\n", "row 2, column 'unit', value 'kg CH4'"),
    "unknown_metric.csv": (H + "2009,S,a,CO2,1,t CO2e,AR7GWP100,\n", "row 2, column 'metric', value 'AR7GWP100'"),
    "mixed_metrics.csv": (H + OK + "2011,Veitrafikk,Personbiler,CO2,9,t CO2e,AR4GWP100,\n", "row 3|mixed GWP metrics"),
    "empty_sector.csv": (H + "2009,,a,CO2,1,t CO2e,AR5GWP100,\n", "row 2, column 'sector'|the sector is empty"),
    "infinite_value.csv": (H + "2009,S,a,CO2,inf,t CO2e,AR5GWP100,\n", "row 2, column 'value'|not a finite number"),
    "nan_value.csv": (H + "2009,S,a,CO2,nan,t CO2e,AR5GWP100,\n", "row 2, column 'value'"),
    "bom_semicolon_bad_value.csv": (
        "\ufeffyear;sector;source;gas;value\r\n2009;S;a;CO2;12,3,4\r\n",
        "bom_semicolon_bad_value.csv|row 2, column 'value', value '12,3,4'",
    ),
    "binary_garbage.csv": ("\x00\x01\x02PK\x03\x04 not a csv\n", "binary_garbage.csv, row 1|unknown column"),
}
for name, (content, _) in csv_cases.items():
    (BAD / name).write_bytes(content.encode("utf-8"))


# Workbooks: start from the real file and break one thing each.
def workbook_case(name, mutate):
    wb = openpyxl.load_workbook(SRC)
    mutate(wb)
    wb.save(BAD / name)


def set_cell(sheet, ref, value):
    return lambda wb: wb[sheet].__setitem__(ref, value)


xlsx_cases = {
    "xlsx_unknown_gas.xlsx": (set_cell("Oversikt - detaljert", "D5", "Ozon"), "row 5, column 'gas', value 'Ozon'"),
    "xlsx_text_value.xlsx": (
        set_cell("Oversikt - detaljert", "E7", "mye"),
        "row 7, column 'value', value 'mye'|not a number",
    ),
    "xlsx_empty_value.xlsx": (set_cell("Oversikt - detaljert", "E9", None), "row 9, column 'value'|no notation key"),
    "xlsx_impossible_year.xlsx": (set_cell("Oversikt - detaljert", "A3", 3009), "row 3, column 'year', value '3009'"),
    "xlsx_text_year.xlsx": (
        set_cell("Oversikt - detaljert", "A4", "i fjor"),
        "row 4, column 'year', value 'i fjor'|not a whole number",
    ),
    "xlsx_renamed_column.xlsx": (set_cell("Oversikt - detaljert", "C1", "Kilde til utslipp"), "row 1|source"),
    "xlsx_empty_sector.xlsx": (set_cell("Oversikt - detaljert", "B6", None), "row 6|the sector is empty"),
    "xlsx_duplicate_row.xlsx": (
        lambda wb: [
            wb["Oversikt - detaljert"].cell(
                row=3, column=c, value=wb["Oversikt - detaljert"].cell(row=2, column=c).value
            )
            for c in range(1, 6)
        ],
        "row 3|duplicate entry|first given in row 2",
    ),
    "xlsx_no_detail_sheet.xlsx": (lambda wb: wb.remove(wb["Oversikt - detaljert"]), "no sheet 'Oversikt - detaljert'"),
    "xlsx_norwegian_text_number.xlsx": (
        set_cell("Oversikt - detaljert", "E10", "1 2,3"),
        "row 10, column 'value', value '1 2,3'",
    ),
}
for name, (mutate, _) in xlsx_cases.items():
    workbook_case(name, mutate)

data = SRC.read_bytes()
(BAD / "xlsx_truncated.xlsx").write_bytes(data[: len(data) // 2])
(BAD / "xlsx_not_a_zip.xlsx").write_text("year,sector\n2009,S\n")
with zipfile.ZipFile(BAD / "xlsx_empty_zip.xlsx", "w"):
    pass
xlsx_cases["xlsx_truncated.xlsx"] = (None, "xlsx_truncated.xlsx|not a readable xlsx")
xlsx_cases["xlsx_not_a_zip.xlsx"] = (None, "xlsx_not_a_zip.xlsx|not a readable xlsx")
xlsx_cases["xlsx_empty_zip.xlsx"] = (None, "xlsx_empty_zip.xlsx|not a readable xlsx")

iamc_cases = {
    "iamc_bad_variable.csv": (
        "Model,Scenario,Region,Variable,Unit,2009\nm,s,Oslo,CO2 emissions,t CO2e/yr,1\n",
        "row 2, column 'variable', value 'CO2 emissions'",
    ),
    # A mass of CH4 for a CO2 variable ("Mt CO2" alone is a valid CO2 mass since issue 14).
    "iamc_bad_unit.csv": (
        "Model,Scenario,Region,Variable,Unit,2009\nm,s,Oslo,Emissions|S|a|CO2,Mt CH4,1\n",
        "row 2, column 'unit', value 'Mt CH4'",
    ),
    "iamc_missing_column.csv": ("Model,Scenario,Variable,Unit,2009\nm,s,Emissions|S|a|CO2,t CO2e/yr,1\n", "region"),
    "iamc_two_regions.csv": (
        "Model,Scenario,Region,Variable,Unit,2009\nm,s,Oslo,Emissions|S|a|CO2,t CO2e/yr,1\nm,s,Asker,Emissions|S|a|CO2,t CO2e/yr,1\n",
        "several regions",
    ),
}
for name, (content, _) in iamc_cases.items():
    (BAD / name).write_text(content)


def f_cases():
    """The hostile-input classes of issue 13 on the Python and CLI side
    (files prefixed f_): municipality matching in every reader, frames read
    by pandas (labels None/NaN, string dtype, Int64 years with NA, booleans),
    an empty IAMC file, targets, tracking series and uncertainty inputs.

    ``reader`` is a reader of ghgtrack or a pseudo reader of
    tests/python/bad_corpus.py, optionally with arguments after '?'
    (``read_iamc?region=Bergen``); ``expected`` as above. Returns the rows."""
    rows = []

    def case(name, content, reader, expected):
        data = content if isinstance(content, bytes) else content.encode("utf-8")
        (BAD / name).write_bytes(data)
        rows.append((name, reader, expected))

    # -- municipality: an exact name, never a prefix; asking for another
    # municipality than the file holds names both.
    for asked in ("Bergen", "Os"):
        slug = asked.replace(" ", "_").lower()
        (BAD / f"f_oslo_asked_{slug}.xlsx").write_bytes(SRC.read_bytes())
        rows.append((f"f_oslo_asked_{slug}.xlsx", f"read_miljodirektoratet?municipality={asked}", f"{asked}|Oslo"))
    iamc_h = "Model,Scenario,Region,Variable,Unit,2009\n"
    iamc_ok = "m,s,Oslo,Emissions|Veitrafikk|Personbiler|CO2,t CO2e/yr,1000\n"
    for asked in ("Bergen", "Os"):
        case(
            f"f_iamc_region_asked_{asked.lower()}.csv", iamc_h + iamc_ok, f"read_iamc?region={asked}", f"'{asked}'|Oslo"
        )
    case("f_tidy_cli_municipality.csv", H + OK, "cli_report?--municipality=Bergen", "Bergen|names no municipality")
    case("f_xlsx_cli_municipality.xlsx", SRC.read_bytes(), "cli_report?--municipality=Os", "Os|Oslo")

    # -- an empty IAMC file
    case("f_iamc_empty.csv", "", "read_iamc", "the file is empty")
    case("f_iamc_blank_lines.csv", "\n\n\n", "read_iamc", "the file is empty")
    case("f_iamc_header_only.csv", iamc_h, "read_iamc", "no data rows")

    # -- frames: a tidy CSV read by pandas (default dtypes unless the reader
    # says ``pandas=string`` or ``year=Int64``), then Inventory.from_frame.
    # Frame rows are 1-based positions (the first data row is row 1).
    F = "year,sector,source,gas,value\n"
    ok = "2009,Veitrafikk,Personbiler,CO2,1000.5\n"
    for col, i in (("sector", 1), ("source", 2), ("gas", 3)):
        cells = ["2010", "Veitrafikk", "Busser", "CO2", "5"]
        cells[i] = ""
        line = ",".join(cells) + "\n"
        case(f"f_frame_nan_{col}.csv", F + ok + line, "from_frame", f"row 2, column '{col}'")
        case(f"f_frame_string_none_{col}.csv", F + ok + line, "from_frame?pandas=string", f"row 2, column '{col}'")
    case("f_frame_nan_year.csv", F + ok + ",Veitrafikk,Busser,CO2,5\n", "from_frame", "row 2, column 'year'")
    case(
        "f_frame_int64_year_na.csv",
        F + ok + ",Veitrafikk,Busser,CO2,5\n",
        "from_frame?year=Int64",
        "row 2, column 'year'",
    )
    case(
        "f_frame_int64_year_na_first.csv",
        F + ",Veitrafikk,Busser,CO2,5\n" + ok,
        "from_frame?year=Int64",
        "row 1, column 'year'",
    )
    case(
        "f_frame_text_year.csv",
        F + ok + "tjue,Veitrafikk,Busser,CO2,5\n",
        "from_frame",
        "row 2, column 'year', value 'tjue'",
    )
    case(
        "f_frame_string_text_year.csv",
        F + ok + "i fjor,Veitrafikk,Busser,CO2,5\n",
        "from_frame?pandas=string",
        "row 2, column 'year', value 'i fjor'",
    )
    case(
        "f_frame_fractional_year.csv", F + ok + "2010.5,Veitrafikk,Busser,CO2,5\n", "from_frame", "row 2, column 'year'"
    )
    case(
        "f_frame_bool_values.csv",
        F + "2009,S,a,CO2,True\n2010,S,a,CO2,False\n",
        "from_frame",
        "row 1, column 'value', value 'True'",
    )
    case(
        "f_frame_bool_value_mixed.csv",
        F + "2009,S,a,CO2,5\n2010,S,a,CO2,True\n",
        "from_frame?value=object_bool",
        "row 2, column 'value', value 'True'",
    )
    case("f_frame_bool_year.csv", F + "True,S,a,CO2,5\n", "from_frame", "row 1, column 'year', value 'True'")
    case(
        "f_frame_string_bad_number.csv",
        F + ok + "2010,S,a,CO2,1 2,3\n".replace("1 2,3", '"1 2,3"'),
        "from_frame?pandas=string",
        "row 2, column 'value', value '1 2,3'",
    )
    case(
        "f_frame_string_unknown_key.csv",
        F + ok + "2010,S,a,CO2,XE\n",
        "from_frame?pandas=string",
        "row 2, column 'value', value 'XE'",
    )
    case(
        "f_frame_string_text_value.csv",
        F + ok + "2010,S,a,CO2,mye\n",
        "from_frame?pandas=string",
        "row 2, column 'value', value 'mye'",
    )
    case("f_frame_unknown_gas.csv", F + ok + "2010,S,a,Ozon,5\n", "from_frame", "row 2, column 'gas', value 'Ozon'")
    case("f_frame_duplicate_row.csv", F + ok + ok, "from_frame", "row 2|duplicate entry|first given in row 1")
    case("f_frame_header_only.csv", F, "from_frame", "no data rows")
    case("f_frame_missing_value_column.csv", "year,sector,source,gas\n2009,S,a,CO2\n", "from_frame", "'value'")
    case(
        "f_frame_extra_column.csv",
        "year,sector,source,gas,value,aar\n2009,S,a,CO2,1,2\n",
        "from_frame",
        "column 'aar'|unknown column",
    )
    case("f_frame_infinite_value.csv", F + "2009,S,a,CO2,inf\n", "from_frame", "row 1, column 'value'")
    case("f_frame_empty_value.csv", F + ok + "2010,S,a,CO2,\n", "from_frame", "row 2, column 'value'|no notation key")
    case(
        "f_frame_string_empty_value.csv",
        F + ok + "2010,S,a,CO2,\n",
        "from_frame?pandas=string",
        "row 2, column 'value'",
    )

    # -- targets (the text of --target / Target.parse, base year 2009)
    for name, text, expected in (
        ("duplicate_year", "2030:-67%,2030:-80%", "two milestones for 2030"),
        ("duplicate_year_spaced", "2030: -67 %, 2030: -80 %", "two milestones for 2030"),
        ("no_sign", "2030:67%", "no sign"),
        ("magnitude", "2030:-6700%", "write -"),
        ("fraction_no_percent", "2030:-0.67", "cannot read target"),
        ("before_base", "2005:-10%", "not after the base year"),
        ("garbage", "by 2030 a lot less", "cannot read target"),
        ("empty", "", "cannot read target"),
        ("two_decimal_commas", "2030:-67,5,5%", "cannot read"),
        ("year_three_digits", "203:-67%", "cannot read target"),
    ):
        case(f"f_target_{name}.txt", text, "Target.parse?base_year=2009", expected)

    # -- tracking: a series of t CO2e by year (columns year, value) tracked
    # against 2030:-67% vs its first year.
    S = "year,value\n"
    case("f_track_empty.csv", S, "track", "empty")
    case("f_track_duplicate_year.csv", S + "2009,100\n2010,90\n2010,80\n2011,70\n", "track", "2010 appears 2 times")
    case("f_track_text_year.csv", S + "2009,100\nX,90\n", "track", "'X'")
    case("f_track_fractional_year.csv", S + "2009,100\n2010.5,90\n", "track", "2010.5")
    case("f_track_text_value.csv", S + "2009,100\n2010,mye\n", "track", "2010|'mye'")
    case("f_track_missing_value.csv", S + "2009,100\n2010,\n2011,80\n", "track", "no value for 2010")
    case("f_track_base_year_missing.csv", S + "2011,100\n2012,90\n2013,80\n", "track?base_year=2009", "base year 2009")
    case("f_track_bool_value.csv", S + "2009,100\n2010,True\n", "track", "2010|'True'")

    # -- uncertainty: a categories table (base, latest, ad/ef uncertainty %,
    # optional distributions); columns corr_<i> give the EF correlation matrix.
    C = "base,latest,ad_uncertainty_pct,ef_uncertainty_pct"
    case(
        "f_mc_correlation_nan.csv",
        C + ",corr_0,corr_1\n100,80,5,10,1,nan\n50,40,5,10,nan,1\n",
        "monte_carlo",
        "not a finite number",
    )
    case(
        "f_mc_correlation_not_symmetric.csv",
        C + ",corr_0,corr_1\n100,80,5,10,1,0.5\n50,40,5,10,0.2,1\n",
        "monte_carlo",
        "symmetric",
    )
    case(
        "f_mc_lognormal_negative_base.csv",
        C + ",ef_distribution\n100,80,5,10,normal\n-50,-40,5,10,lognormal\n",
        "monte_carlo",
        "category 1|lognormal",
    )
    case("f_mc_negative_uncertainty.csv", C + "\n100,80,-5,10\n", "monte_carlo", "not negative")
    case("f_mc_nan_base.csv", C + "\nnan,80,5,10\n", "monte_carlo", "column 'base'|no number")
    case("f_mc_unknown_distribution.csv", C + ",ad_distribution\n100,80,5,10,gauss\n", "monte_carlo", "gauss")
    case("f_prob_two_points.csv", S + "2009,100\n2020,60\n", "probability_of_target", "fewer than 3")
    case("f_prob_one_point.csv", S + "2009,100\n", "probability_of_target", "3")
    return rows


F_ROWS = f_cases()
# -- the parsers' cases (p_*: encodings, numbers, IAMC, xlsx formulas), kept in
# bad_cases_parsers.py so that each group of cases lives in its own file.
sys.path.insert(0, str(HERE))
import bad_cases_parsers as parsers  # noqa: E402

for name, (content, _) in {**parsers.csv_cases, **parsers.iamc_cases}.items():
    (BAD / name).write_bytes(content)
for name, (mutate, _) in parsers.xlsx_cases.items():
    workbook_case(name, mutate)
p_rows = (
    [(n, "read_csv", e) for n, (_, e) in parsers.csv_cases.items()]
    + [(n, "read_iamc", e) for n, (_, e) in parsers.iamc_cases.items()]
    + [(n, "read_miljodirektoratet", e) for n, (_, e) in parsers.xlsx_cases.items()]
)
# -- end of the parsers' cases

with open(BAD / "expected.csv", "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["file", "reader", "expected"])
    for name, (_, exp) in csv_cases.items():
        w.writerow([name, "read_csv", exp])
    for name, (_, exp) in xlsx_cases.items():
        w.writerow([name, "read_miljodirektoratet", exp])
    for name, (_, exp) in iamc_cases.items():
        w.writerow([name, "read_iamc", exp])
    for row in F_ROWS:
        w.writerow(row)
    w.writerows(p_rows)
print(len(csv_cases) + len(xlsx_cases) + len(iamc_cases) + len(F_ROWS) + len(p_rows), "files")
