"""Writes the malformed-input corpus in tests/data/bad/ (committed; rerun to
regenerate). Each file is listed in expected.csv with the reader to use and
text its error message must contain (file name, row, column, what)."""

import csv
import pathlib
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

with open(BAD / "expected.csv", "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["file", "reader", "expected"])
    for name, (_, exp) in csv_cases.items():
        w.writerow([name, "read_csv", exp])
    for name, (_, exp) in xlsx_cases.items():
        w.writerow([name, "read_miljodirektoratet", exp])
    for name, (_, exp) in iamc_cases.items():
        w.writerow([name, "read_iamc", exp])
print(len(csv_cases) + len(xlsx_cases) + len(iamc_cases), "files")
