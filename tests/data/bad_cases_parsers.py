"""The parsers' part of the malformed-input corpus (files named p_*; issue
13): encodings, numbers, IAMC years and shapes, xlsx formulas. Imported by
make_bad_corpus.py, which writes the files and their rows of expected.csv.
Each case: file name -> (content, reader, expected fragments separated by
|). Content is bytes, or for workbooks a function that edits the Oslo
workbook (openpyxl)."""

H = "year,sector,source,gas,value,unit,metric,notation\n"
OK = "2009,Veitrafikk,Personbiler,CO2,1000.5,t CO2e,AR5GWP100,\n"
IAMC_H = "Model,Scenario,Region,Variable,Unit,2009,2010\n"
IAMC_OK = "m,s,Oslo,Emissions|Veitrafikk|Personbiler|CO2,t CO2e/yr,1,2\n"


def u8(s: str) -> bytes:
    return s.encode("utf-8")


csv_cases = {
    # Encodings: refused when read, naming row, column and the bytes.
    "p_cp1252_source.csv": (
        u8(H + OK) + b"2010,Jordbruk,Gj\xf8dsel,N2O,5,t CO2e,AR5GWP100,\n",
        "row 3, column 'source', value 'Gj\\xF8dsel'|not UTF-8|0xF8|encoding",
    ),
    "p_latin1_sector.csv": (
        u8(H) + b"2009,Sj\xf8fart,Ferger,CO2,5,t CO2e,AR5GWP100,\n",
        "row 2, column 'sector', value 'Sj\\xF8fart'|not UTF-8",
    ),
    "p_stray_byte_unit.csv": (
        u8(H) + b"2009,S,a,CO2,5,t\xda CO2e,AR5GWP100,\n",
        "row 2, column 'unit', value 't\\xDA CO2e'|not UTF-8",
    ),
    "p_overlong_utf8.csv": (
        u8(H) + b"2009,S\xc0\xaf,a,CO2,5,,,\n",
        "row 2, column 'sector'|not UTF-8|0xC0",
    ),
    "p_surrogate_utf8.csv": (
        u8(H) + b"2009,S,a\xed\xa0\x80,CO2,5,,,\n",
        "row 2, column 'source'|not UTF-8|0xED",
    ),
    "p_cp1252_gas.csv": (u8(H) + b"2009,S,a,CO\xb2,5,,,\n", "row 2, column 'gas'|not UTF-8|0xB2"),
    "p_cp1252_header.csv": (
        b"year,sector,kilde\xf8,gas,value\n2009,S,a,CO2,1\n",
        "row 1, column 'kilde\\xF8'|unknown column",
    ),
    "p_utf16le_bad_value.csv": (
        (H + OK + "2010,Veitrafikk,Personbiler,CO2,mye,t CO2e,AR5GWP100,\n").encode("utf-16"),
        "row 3, column 'value', value 'mye'|not a number",
    ),
    "p_utf16be_unknown_gas.csv": (
        b"\xfe\xff" + (H + "2009,Jordbruk,Gjødsel,Ozon,5,t CO2e,AR5GWP100,\n").encode("utf-16-be"),
        "row 2, column 'gas', value 'Ozon'|unknown gas",
    ),
    "p_utf16le_nobom_bad_year.csv": (
        (H + "2009.5,S,a,CO2,1,,,\n").encode("utf-16-le"),
        "row 2, column 'year', value '2009.5'|not a whole number",
    ),
    "p_utf16_odd_length.csv": (
        (H + OK).encode("utf-16") + b"\x32",
        "row 3|value '\\x32'|not valid UTF-16LE|odd number of bytes",
    ),
    "p_utf16_unpaired_surrogate.csv": (
        b"\xff\xfe" + (H + "2009,S,").encode("utf-16-le") + b"\x00\xd8" + "a,CO2,1,,,\n".encode("utf-16-le"),
        "row 2|value '\\x00\\xD8|not valid UTF-16LE|unpaired surrogate",
    ),
    "p_utf32.csv": ((H + OK).encode("utf-32"), "p_utf32.csv|UTF-32|save it as UTF-8"),
    # Numbers: one rule for a lone separator before 3 digits (number.hpp).
    "p_semicolon_point_thousands.csv": (
        u8("year;sector;source;gas;value\n2009;S;a;CO2;1,5\n2010;S;a;CO2;1.234\n"),
        "row 3, column 'value', value '1.234'|ambiguous number|decimal mark is the comma",
    ),
    "p_comma_quoted_thousands.csv": (
        u8(H + '2009,S,a,CO2,"12,500",,,\n'),
        "row 2, column 'value', value '12,500'|ambiguous number",
    ),
    "p_bad_point_groups.csv": (
        u8("year;sector;source;gas;value\n2009;S;a;CO2;1.2,5\n"),
        "row 2, column 'value', value '1.2,5'|3 digits",
    ),
    "p_boolean_value.csv": (u8(H + "2009,S,a,CO2,True,,,\n"), "row 2, column 'value', value 'True'|not a number"),
    "p_boolean_value_false.csv": (u8(H + OK + "2010,S,a,CO2,FALSE,,,\n"), "row 3, column 'value', value 'FALSE'"),
    "p_hex_value.csv": (u8(H + "2009,S,a,CO2,0x1F,,,\n"), "row 2, column 'value', value '0x1F'|not a number"),
    "p_value_overflow.csv": (u8(H + "2009,S,a,CO2,1e309,,,\n"), "row 2, column 'value', value '1e309'|out of range"),
    "p_negative_infinity.csv": (u8(H + "2009,S,a,CO2,-inf,,,\n"), "row 2, column 'value', value '-inf'|not a finite"),
    "p_year_exponent.csv": (u8(H + "2.009e3,S,a,CO2,1,,,\n"), "row 2, column 'year', value '2.009e3'|whole number"),
    "p_year_inner_space.csv": (u8(H + "20 09,S,a,CO2,1,,,\n"), "row 2, column 'year', value '20 09'|whole number"),
    "p_plus_minus.csv": (u8(H + "2009,S,a,CO2,+-5,,,\n"), "row 2, column 'value', value '+-5'|two signs"),
    "p_double_minus.csv": (u8(H + "2009,S,a,CO2,--5,,,\n"), "row 2, column 'value', value '--5'|not a number"),
    "p_exponent_only.csv": (u8(H + "2009,S,a,CO2,e5,,,\n"), "row 2, column 'value', value 'e5'|not a number"),
    "p_nul_in_value.csv": (u8(H) + b"2009,S,a,CO2,1\x002,,,\n", "row 2, column 'value', value '1\\x002'|not a number"),
    "p_nbsp_bad_groups.csv": (
        u8("year;sector;source;gas;value\n2009;S;a;CO2;1\u00a023,5\n"),
        "row 2, column 'value'|3 digits",
    ),
    "p_year_huge.csv": (u8(H + "99999999999999999999,S,a,CO2,1,,,\n"), "row 2, column 'year'|whole number"),
    "p_negative_year.csv": (u8(H + "-2009,S,a,CO2,1,,,\n"), "row 2, column 'year', value '-2009'|impossible year"),
    "p_missing_twice.csv": (
        u8(H + "2009,S,a,CO2,,,,missing\n2009,S,a,CO2,,,,NE\n"),
        "row 3|duplicate entry|first given in row 2",
    ),
    "p_quote_then_text.csv": (u8(H + '2009,"S"x,a,CO2,1,,,\n'), "row 2|unexpected character after a quoted field"),
    "p_unterminated_at_eof.csv": (u8(H + '2009,S,"a,CO2,1,,,'), "row 2|unterminated quoted field"),
}

iamc_cases = {
    "p_iamc_fractional_year.csv": (
        u8("Model,Scenario,Region,Variable,Unit,2009.7\n" + "m,s,Oslo,Emissions|S|a|CO2,t CO2e/yr,1\n"),
        "row 1, column '2009.7', value '2009.7'|not a whole number",
    ),
    "p_iamc_long_fractional_year.csv": (
        u8("Model,Scenario,Region,Variable,Unit,Year,Value\nm,s,Oslo,Emissions|S|a|CO2,t CO2e/yr,2009.7,1\n"),
        "row 2, column 'year', value '2009.7'|not a whole number",
    ),
    "p_iamc_empty.csv": (b"", "p_iamc_empty.csv|the file is empty"),
    "p_iamc_blank_lines.csv": (b"\n\n \n", "p_iamc_blank_lines.csv|the file is empty"),
    "p_iamc_header_only.csv": (u8(IAMC_H), "p_iamc_header_only.csv|no data rows"),
    "p_iamc_ragged_row.csv": (
        u8(IAMC_H + IAMC_OK + "m,s,Oslo,Emissions|S|b|CO2,t CO2e/yr,1,2,3\n"),
        "row 3|expected 7 fields, found 8",
    ),
    "p_iamc_cp1252.csv": (
        u8(IAMC_H) + b"m,s,Oslo,Emissions|Jordbruk|Gj\xf8dsel|N2O,t CO2e/yr,1,2\n",
        "row 2, column 'Variable'|0xF8|encoding",
    ),
    "p_iamc_text_value.csv": (
        u8(IAMC_H + "m,s,Oslo,Emissions|S|a|CO2,t CO2e/yr,1,lots\n"),
        "row 2, column 'value', value 'lots'|not a number",
    ),
    "p_iamc_bool_value.csv": (
        u8(IAMC_H + "m,s,Oslo,Emissions|S|a|CO2,t CO2e/yr,True,1\n"),
        "row 2, column 'value', value 'True'|not a number",
    ),
    "p_iamc_duplicate_year.csv": (
        u8("Model,Scenario,Region,Variable,Unit,2009,2009\n" + IAMC_OK),
        "row 1, column '2009'|appears twice",
    ),
    "p_iamc_mixed_metrics.csv": (
        u8(
            "Model,Scenario,Region,Variable,Unit,Metric,2009\n"
            "m,s,Oslo,Emissions|S|a|CO2,t CO2e/yr,AR5GWP100,1\n"
            "m,s,Oslo,Emissions|S|b|CO2,t CO2e/yr,AR4GWP100,1\n"
        ),
        "row 3, column 'metric', value 'AR4GWP100'|mixed GWP metrics",
    ),
    "p_iamc_unknown_metric.csv": (
        u8("Model,Scenario,Region,Variable,Unit,Metric,2009\nm,s,Oslo,Emissions|S|a|CO2,t CO2e/yr,AR9GWP100,1\n"),
        "row 2, column 'metric', value 'AR9GWP100'|unknown GWP metric",
    ),
    "p_iamc_unterminated_quote.csv": (
        u8(IAMC_H + 'm,s,"Oslo,Emissions|S|a|CO2,t CO2e/yr,1,2\n'),
        "p_iamc_unterminated_quote.csv, row 2|expected 7 fields, found 3",
    ),
}


def _set(sheet: str, ref: str, value):
    return lambda wb: wb[sheet].__setitem__(ref, value)


D = "Oversikt - detaljert"
xlsx_cases = {
    # openpyxl writes a formula without a cached result, as any program that
    # does not calculate does.
    "p_xlsx_formula_value.xlsx": (
        _set(D, "E7", "=E6*2"),
        "row 7, column 'value'|formula without a cached value (cell E7)",
    ),
    "p_xlsx_formula_year.xlsx": (
        _set(D, "A4", "=2000+9"),
        "row 4, column 'year'|formula without a cached value (cell A4)",
    ),
    "p_xlsx_formula_sector.xlsx": (
        _set(D, "B5", '=UPPER("x")'),
        "row 5, column 'sector'|formula without a cached value (cell B5)",
    ),
    "p_xlsx_bool_value.xlsx": (_set(D, "E8", True), "row 8, column 'value', value 'True'|not a number"),
    "p_xlsx_nan_text.xlsx": (_set(D, "E5", "nan"), "row 5, column 'value', value 'nan'|not a finite number"),
    "p_xlsx_fractional_year.xlsx": (_set(D, "A5", 2009.7), "row 5, column 'year', value '2009.7'|whole number"),
    "p_xlsx_ambiguous_text.xlsx": (_set(D, "E11", "1.234"), "row 11, column 'value', value '1.234'|ambiguous"),
}
