"""Writes the seed corpora of the libFuzzer harnesses (committed; rerun to
regenerate): tests/fuzz/corpus/csv (small tidy CSV files, one feature each)
and tests/fuzz/corpus/xlsx (small crafted workbooks, stored uncompressed so
that byte mutations reach the XML). scripts/test.sh adds the bundled Oslo
workbook to the xlsx seeds at run time, and copies the seeds to a scratch
folder, so a run never writes into the repository."""

import pathlib
import zipfile

HERE = pathlib.Path(__file__).resolve().parent
CSV = HERE / "corpus" / "csv"
XLSX = HERE / "corpus" / "xlsx"
H = "year,sector,source,gas,value,unit,metric,notation\n"

csv_seeds = {
    "plain.csv": H + "2009,Veitrafikk,Personbiler,CO2,361234.5,t CO2e,AR5GWP100,\n"
    "2010,Veitrafikk,Personbiler,CO2,350000,t CO2e,AR5GWP100,\n",
    "notation.csv": H + "2009,Jordbruk,Gjødsel,N2O,,t CO2e,AR5GWP100,NE\n2010,Jordbruk,Gjødsel,N2O,NO,t CO2e,,\n",
    "missing_only.csv": H + "2009,S,a,CO2,1,t CO2e,,\n2009,S,b,CH4,,t CO2e,,missing\n",
    "quoted.csv": H + '2009,"Sektor, med komma","a ""sitat""",CO2,1e3,kt CO2e,AR4GWP100,\n',
    "semicolon.csv": "\ufeffyear;sector;source;gas;value\r\n2009;S;a;Metan;1 234,5\r\n2010;S;a;Metan;-0,5\r\n",
    "tab.csv": "year\tsector\tsource\tgas\tvalue\tunit\n2020\tS\ta\tHFK\t1.5\tMt CO2e\n2021\tS\ta\tHFK\tNO\t\n",
    "gaps.csv": H + "2009,S,a,CO2,1,,,\n2011,S,a,CO2,2,,,\n2010,S,b,SF6,3,,,\n",
    "huge.csv": H + "2009,S,a,CO2,1e308,,,\n2009,S,b,CO2,1e308,,,\n",
}
utf16 = (H + "2009,Oslo,Bøker,CO2,1,,,\n").encode("utf-16")


def stored_zip(path: pathlib.Path, parts: dict) -> None:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as z:
        for name, text in parts.items():
            z.writestr(name, text)


CT = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    "</Types>"
)
RELS = (
    '<?xml version="1.0" encoding="UTF-8"?><Relationships '
    'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    'officeDocument" Target="xl/workbook.xml"/></Relationships>'
)


def workbook(sheets: dict, shared: list) -> dict:
    wb = [
        '<?xml version="1.0" encoding="UTF-8"?><workbook '
        'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
    ]
    rels = [
        '<?xml version="1.0" encoding="UTF-8"?><Relationships '
        'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    ]
    parts = {"[Content_Types].xml": CT, "_rels/.rels": RELS}
    for i, (name, rows) in enumerate(sheets.items(), 1):
        wb.append(f'<sheet name="{name}" sheetId="{i}" r:id="rId{i}"/>')
        rels.append(
            f'<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            f'relationships/worksheet" Target="worksheets/sheet{i}.xml"/>'
        )
        parts[f"xl/worksheets/sheet{i}.xml"] = (
            '<?xml version="1.0" encoding="UTF-8"?><worksheet '
            'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            + "".join(rows)
            + "</sheetData></worksheet>"
        )
    n = len(sheets) + 1
    rels.append(
        f'<Relationship Id="rId{n}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        'relationships/sharedStrings" Target="sharedStrings.xml"/>'
    )
    wb.append("</sheets></workbook>")
    rels.append("</Relationships>")
    parts["xl/workbook.xml"] = "".join(wb)
    parts["xl/_rels/workbook.xml.rels"] = "".join(rels)
    parts["xl/sharedStrings.xml"] = (
        '<?xml version="1.0" encoding="UTF-8"?><sst '
        'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        + "".join(f"<si><t>{s}</t></si>" for s in shared)
        + "</sst>"
    )
    return parts


SHARED = [
    "År",
    "Sektor",
    "Kilde",
    "Klimagass",
    "Utslipp (tonn CO₂-ekvivalenter)",
    "Veitrafikk",
    "Personbiler",
    "Karbondioksid (CO2)",
    "Jordbruk",
    "Metan (CH4)",
]


def s(ref: str, i: int) -> str:
    return f'<c r="{ref}" t="s"><v>{i}</v></c>'


def n(ref: str, v: str, f: str = "") -> str:
    return f'<c r="{ref}"><f>{f}</f><v>{v}</v></c>' if f else f'<c r="{ref}"><v>{v}</v></c>'


header = '<row r="1">' + "".join(s(f"{c}1", i) for c, i in zip("ABCDE", range(5))) + "</row>"
detail = [
    header,
    f'<row r="2">{n("A2", "2009")}{s("B2", 5)}{s("C2", 6)}{s("D2", 7)}{n("E2", "1234.5")}</row>',
    f'<row r="3">{n("A3", "2010")}{s("B3", 5)}{s("C3", 6)}{s("D3", 7)}{n("E3", "1000", "E2-234.5")}</row>',
    f'<row r="4">{n("A4", "2009")}{s("B4", 8)}<c r="C4" t="inlineStr"><is><t>Gjødsel</t></is></c>'
    f'{s("D4", 9)}<c r="E4" t="str"><v>NE</v></c></row>',
    f'<row r="5">{n("A5", "2010")}{s("B5", 8)}<c r="C5" t="inlineStr"><is><t>Gjødsel</t></is></c>'
    f'{s("D5", 9)}<c r="E5" t="b"><v>0</v></c></row>',
]
overview = [
    '<row r="1">' + s("A1", 0) + s("B1", 1) + s("C1", 4) + "</row>",
    f'<row r="2">{n("A2", "2009")}{s("B2", 5)}{n("C2", "1234.5")}</row>',
]
xlsx_seeds = {
    "detail.xlsx": {"Oversikt - detaljert": detail, "Oversikt": overview},
    "formula_no_cache.xlsx": {
        "Oversikt - detaljert": detail[:2]
        + [f'<row r="3">{n("A3", "2010")}{s("B3", 5)}{s("C3", 6)}{s("D3", 7)}<c r="E3"><f>E2*2</f></c></row>']
    },
    "errors_and_dates.xlsx": {
        "Oversikt - detaljert": detail[:2]
        + [f'<row r="3">{n("A3", "2010")}{s("B3", 5)}{s("C3", 6)}{s("D3", 7)}<c r="E3" t="e"><v>#N/A</v></c></row>']
    },
}

if __name__ == "__main__":
    for name, text in csv_seeds.items():
        (CSV / name).write_bytes(text.encode("utf-8"))
    (CSV / "utf16.csv").write_bytes(utf16)
    for name, sheets in xlsx_seeds.items():
        stored_zip(XLSX / name, workbook(sheets, SHARED))
    print(len(csv_seeds) + 1, "csv seeds,", len(xlsx_seeds), "xlsx seeds")
