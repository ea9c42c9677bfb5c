// The xlsx reader (ghgtrack::xlsx): cells of the bundled Oslo workbook,
// hostile packages (zip bombs, DTDs and entities, path traversal, external
// targets) and a seeded mutation fuzz: damage is an input_error naming the
// file, never a crash (this runs under ASan+UBSan in scripts/test.sh too).
#include <ghgtrack/xlsx.hpp>

#include <gtest/gtest.h>
#include <zlib.h>

#include <cstdint>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <utility>
#include <vector>

using namespace ghgtrack;

namespace {

const std::string oslo_path = std::string(GHGTRACK_SOURCE_DIR) + "/python/ghgtrack/data/Utslippsregnskap_Oslo.xlsx";

std::string file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

// A minimal zip writer (deflate from zlib; the container by hand, as the
// PKWARE APPNOTE lays it out), to build hostile packages in the tests.
struct zip_entry {
  std::string name, data;
  bool deflate = true;
  std::int64_t lie_size = -1; // declared uncompressed size, when lying
};

void put16(std::string& s, unsigned v) {
  s += static_cast<char>(v & 0xFF);
  s += static_cast<char>((v >> 8) & 0xFF);
}
void put32(std::string& s, std::uint32_t v) {
  put16(s, v & 0xFFFF);
  put16(s, v >> 16);
}

std::string raw_deflate(const std::string& in) {
  z_stream z{};
  deflateInit2(&z, 9, Z_DEFLATED, -15, 9, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&z, static_cast<uLong>(in.size())), '\0');
  z.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(in.data()));
  z.avail_in = static_cast<uInt>(in.size());
  z.next_out = reinterpret_cast<Bytef*>(out.data());
  z.avail_out = static_cast<uInt>(out.size());
  deflate(&z, Z_FINISH);
  out.resize(z.total_out);
  deflateEnd(&z);
  return out;
}

std::string make_zip(const std::vector<zip_entry>& entries) {
  std::string body, dir;
  for (const auto& e : entries) {
    const std::string packed = e.deflate ? raw_deflate(e.data) : e.data;
    const auto crc = static_cast<std::uint32_t>(
        crc32(0, reinterpret_cast<const Bytef*>(e.data.data()), static_cast<uInt>(e.data.size())));
    const auto size =
        static_cast<std::uint32_t>(e.lie_size >= 0 ? e.lie_size : static_cast<std::int64_t>(e.data.size()));
    const auto offset = static_cast<std::uint32_t>(body.size());
    std::string local;
    put32(local, 0x04034b50);
    put16(local, 20);
    put16(local, 0);
    put16(local, e.deflate ? 8 : 0);
    put16(local, 0);
    put16(local, 0);
    put32(local, crc);
    put32(local, static_cast<std::uint32_t>(packed.size()));
    put32(local, size);
    put16(local, static_cast<unsigned>(e.name.size()));
    put16(local, 0);
    body += local + e.name + packed;
    put32(dir, 0x02014b50);
    put16(dir, 20);
    put16(dir, 20);
    put16(dir, 0);
    put16(dir, e.deflate ? 8 : 0);
    put16(dir, 0);
    put16(dir, 0);
    put32(dir, crc);
    put32(dir, static_cast<std::uint32_t>(packed.size()));
    put32(dir, size);
    put16(dir, static_cast<unsigned>(e.name.size()));
    put16(dir, 0);
    put16(dir, 0);
    put16(dir, 0);
    put16(dir, 0);
    put32(dir, 0);
    put32(dir, offset);
    dir += e.name;
  }
  std::string end;
  put32(end, 0x06054b50);
  put16(end, 0);
  put16(end, 0);
  put16(end, static_cast<unsigned>(entries.size()));
  put16(end, static_cast<unsigned>(entries.size()));
  put32(end, static_cast<std::uint32_t>(dir.size()));
  put32(end, static_cast<std::uint32_t>(body.size()));
  put16(end, 0);
  return body + dir + end;
}

const char* workbook_xml =
    R"(<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" )"
    R"(xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>)"
    R"(<sheet name="Ark1" sheetId="1" r:id="rId1"/></sheets></workbook>)";

std::string workbook_rels(const std::string& sheet_target, const std::string& extra = "") {
  return R"(<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">)"
         R"(<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target=")" +
         sheet_target + R"("/>)" + extra +
         R"(<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>)"
         R"(</Relationships>)";
}

const char* shared_xml =
    R"(<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">)"
    R"(<si><t>Veitrafikk</t></si><si><r><t>Person</t></r><r><t xml:space="preserve">biler
</t></r><rPh><t>x</t></rPh></si></sst>)";

std::string sheet_xml(const std::string& rows) {
  return R"(<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>)" +
         rows + "</sheetData></worksheet>";
}

std::string package(const std::string& sheet, const std::string& sheet_target = "worksheets/sheet1.xml",
                    const std::string& extra_rels = "") {
  return make_zip({{"xl/workbook.xml", workbook_xml},
                   {"xl/_rels/workbook.xml.rels", workbook_rels(sheet_target, extra_rels)},
                   {"xl/sharedStrings.xml", shared_xml},
                   {"xl/worksheets/sheet1.xml", sheet}});
}

std::string error_of(const std::string& bytes, const xlsx::limits& lim = {}) {
  try {
    const auto wb = xlsx::workbook::from_bytes(bytes, "hostile.xlsx", lim);
    for (const auto& n : wb.sheet_names()) (void)wb.read_sheet(n);
  } catch (const input_error& e) {
    return e.what();
  }
  return "no error";
}

} // namespace

TEST(Xlsx, CellRefs) {
  EXPECT_EQ(xlsx::cell_ref(7, 5), "E7");
  EXPECT_EQ(xlsx::cell_ref(1, 26), "Z1");
  EXPECT_EQ(xlsx::cell_ref(1, 27), "AA1");
  EXPECT_EQ(xlsx::cell_ref(3, 16384), "XFD3"); // Excel's last column
}

TEST(Xlsx, ReadsTheBundledOsloWorkbook) {
  const auto wb = xlsx::workbook::open(oslo_path);
  // xl/workbook.xml of the file lists 15 sheets, Info first.
  ASSERT_EQ(wb.sheet_names().size(), 15u);
  EXPECT_EQ(wb.sheet_names()[0], "Info");
  EXPECT_EQ(wb.sheet_names()[2], "Oversikt - detaljert");
  EXPECT_TRUE(wb.has_sheet("produkter med fluorgasser"));
  const auto s = wb.read_sheet("Oversikt - detaljert");
  // The sheet's <dimension ref="A1:E1347"/>.
  EXPECT_EQ(s.max_row(), 1347u);
  const auto idx = s.row_index();
  const auto& cells = s.cells();
  // Row 1: shared strings 16, 17, 70, 71, 18 (read off sharedStrings.xml).
  ASSERT_EQ(idx[1].second - idx[1].first, 5u);
  EXPECT_EQ(cells[idx[1].first].text, "År");
  EXPECT_EQ(cells[idx[1].first + 1].text, "Sektor");
  // Row 2 as in sheet3.xml: <v>2009</v> ... <v>21054.4</v>.
  const auto& a2 = cells[idx[2].first];
  EXPECT_EQ(a2.type, xlsx::cell_type::number);
  EXPECT_TRUE(a2.integral);
  EXPECT_EQ(a2.number, 2009.0);
  const auto& e2 = cells[idx[2].first + 4];
  EXPECT_EQ(xlsx::cell_ref(e2.row, e2.col), "E2");
  EXPECT_EQ(e2.number, 21054.4);
  EXPECT_FALSE(e2.integral);
  EXPECT_EQ(cells[idx[2].first + 1].text, "Annen mobil forbrenning");
  EXPECT_THROW((void)wb.read_sheet("Nope"), unknown_label_error);
}

TEST(Xlsx, SharedStringsRunsAndInlineStrings) {
  const auto wb = xlsx::workbook::from_bytes(
      package(
          sheet_xml(R"(<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>)"
                    R"(<c r="C1" t="inlineStr"><is><t>inline</t></is></c><c r="D1" t="b"><v>1</v></c>)"
                    R"(<c r="E1" t="e"><v>#N/A</v></c><c r="F1"><f>1+1</f></c><c r="G1" t="str"><v>txt</v></c></row>)"
                    R"(<row r="4"><c r="B4"><v>1.5E3</v></c></row>)")),
      "small.xlsx");
  const auto s = wb.read_sheet("Ark1");
  const auto& c = s.cells();
  ASSERT_EQ(c.size(), 8u);
  EXPECT_EQ(c[0].text, "Veitrafikk");
  EXPECT_EQ(c[1].text, "Personbiler\n"); // runs joined, phonetic text left out, newline kept
  EXPECT_EQ(c[2].text, "inline");
  EXPECT_EQ(c[3].type, xlsx::cell_type::boolean);
  EXPECT_EQ(c[4].type, xlsx::cell_type::error);
  EXPECT_EQ(c[4].text, "#N/A");
  EXPECT_EQ(c[5].type, xlsx::cell_type::empty); // a formula without a cached value
  EXPECT_EQ(c[6].text, "txt");
  EXPECT_EQ(c[7].row, 4u);
  EXPECT_EQ(c[7].col, 2u);
  EXPECT_EQ(c[7].number, 1500.0);
  EXPECT_FALSE(c[7].integral);
  const auto idx = s.row_index();
  EXPECT_EQ(idx[2].first, idx[2].second); // absent rows are empty
}

TEST(Xlsx, RefusesDtdsAndEntities) {
  // The billion laughs: entities that expand tenfold per level.
  std::string laughs = R"(<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">)";
  laughs += R"(<!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">)";
  for (int i = 2; i < 10; ++i) {
    laughs += "<!ENTITY lol" + std::to_string(i) + " \"";
    for (int k = 0; k < 10; ++k) laughs += "&lol" + std::to_string(i - 1) + ";";
    laughs += "\">";
  }
  laughs +=
      R"(]><worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol9;</t></is></c></row></sheetData></worksheet>)";
  std::string e = error_of(package(laughs));
  EXPECT_NE(e.find("hostile.xlsx [Ark1]"), std::string::npos) << e;
  EXPECT_NE(e.find("DTD"), std::string::npos) << e;
  // An external entity (XXE): never loaded, refused.
  const std::string xxe =
      R"(<?xml version="1.0"?><!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]>)"
      R"(<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&x;</t></is></c></row></sheetData></worksheet>)";
  e = error_of(package(xxe));
  EXPECT_NE(e.find("DTD"), std::string::npos) << e;
  EXPECT_EQ(e.find("root:"), std::string::npos) << e;
}

TEST(Xlsx, ZipBombLimits) {
  // 16 MiB of one character packs ~1000:1.
  const std::string big(16u << 20, 'a');
  const std::string bomb =
      package(sheet_xml(R"(<row r="1"><c r="A1" t="inlineStr"><is><t>)" + big + "</t></is></c></row>"));
  std::string e = error_of(bomb);
  EXPECT_NE(e.find("hostile.xlsx"), std::string::npos) << e;
  EXPECT_NE(e.find("zip bomb? compression ratio"), std::string::npos) << e;
  // The size limits, with a ratio the file respects.
  xlsx::limits lim;
  lim.max_ratio = 2000;
  lim.max_part_bytes = 1u << 20;
  e = error_of(bomb, lim);
  EXPECT_NE(e.find("limit 1048576 per part"), std::string::npos) << e;
  lim.max_part_bytes = 1u << 30;
  lim.max_total_bytes = 8u << 20;
  e = error_of(bomb, lim);
  EXPECT_NE(e.find("zip bomb?"), std::string::npos) << e;
  EXPECT_NE(e.find("in total"), std::string::npos) << e;
  // A header that lies about the size: minizip inflates no more than the
  // declared size (the reader counts too), and the CRC then fails.
  lim = {};
  lim.max_ratio = 2000;
  const std::string small_sheet = sheet_xml(R"(<row r="1"><c r="A1"><v>1</v></c></row>)" + std::string(4096, ' '));
  auto liar = make_zip({{"xl/workbook.xml", workbook_xml},
                        {"xl/_rels/workbook.xml.rels", workbook_rels("worksheets/sheet1.xml")},
                        {"xl/worksheets/sheet1.xml", small_sheet, true, 100}});
  e = error_of(liar, lim);
  EXPECT_NE(e.find("hostile.xlsx: the workbook is damaged: xl/worksheets/sheet1.xml"), std::string::npos) << e;
  EXPECT_TRUE(e.find("CRC mismatch") != std::string::npos ||
              e.find("more data than the zip declares") != std::string::npos)
      << e;
}

TEST(Xlsx, NoPathTraversalNoExternalTargets) {
  const std::string sheet = sheet_xml(R"(<row r="1"><c r="A1"><v>1</v></c></row>)");
  std::string e = error_of(package(sheet, "../../../etc/passwd"));
  EXPECT_NE(e.find("leaves the package"), std::string::npos) << e;
  e = error_of(package(sheet, "/../worksheets/sheet1.xml"));
  EXPECT_NE(e.find("leaves the package"), std::string::npos) << e;
  // An absolute target inside the package is fine.
  EXPECT_EQ(error_of(package(sheet, "/xl/worksheets/sheet1.xml")), "no error");
  e = error_of(make_zip(
      {{"xl/workbook.xml", workbook_xml},
       {"xl/_rels/workbook.xml.rels",
        R"(<Relationships><Relationship Id="rId1" Type="x/worksheet" Target="http://example.com/s.xml" TargetMode="External"/></Relationships>)"}}));
  EXPECT_NE(e.find("external"), std::string::npos) << e;
}

TEST(Xlsx, DamagedPackagesAreInputErrors) {
  EXPECT_NE(error_of("not a zip at all").find("hostile.xlsx: not a readable xlsx workbook"), std::string::npos);
  EXPECT_NE(error_of("").find("not a readable xlsx workbook"), std::string::npos);
  EXPECT_NE(error_of(make_zip({})).find("not a readable xlsx workbook"), std::string::npos);
  const std::string sheet = sheet_xml(R"(<row r="1"><c r="A1"><v>1</v></c><c r="B1"><v>x</v></c></row>)");
  std::string e = error_of(package(sheet));
  EXPECT_NE(e.find("hostile.xlsx [Ark1], row 1, column 'B1', value 'x'"), std::string::npos) << e;
  e = error_of(package(sheet_xml(R"(<row r="1"><c r="A1" t="s"><v>7</v></c></row>)")));
  EXPECT_NE(e.find("shared string that does not exist"), std::string::npos) << e;
  e = error_of(package(sheet_xml(R"(<row r="2"><c r="B2"><v>1</v></c><c r="A2"><v>2</v></c></row>)")));
  EXPECT_NE(e.find("out of order"), std::string::npos) << e;
  e = error_of(package(sheet_xml(R"(<row r="1"><c r="A1"><v>1</v></row>)")));
  EXPECT_NE(e.find("hostile.xlsx [Ark1]: the workbook is damaged: bad XML"), std::string::npos) << e;
  EXPECT_NE(e.find("after cell A1"), std::string::npos) << e;
  // A CRC that does not match the data (a stored part with one byte changed).
  std::string z =
      make_zip({{"xl/workbook.xml", workbook_xml},
                {"xl/_rels/workbook.xml.rels", workbook_rels("worksheets/sheet1.xml")},
                {"xl/worksheets/sheet1.xml", sheet_xml(R"(<row r="1"><c r="A1"><v>1</v></c></row>)"), false}});
  const auto at = z.find("<v>1</v>");
  ASSERT_NE(at, std::string::npos);
  z[at + 3] = '2';
  e = error_of(z);
  EXPECT_NE(e.find("CRC mismatch"), std::string::npos) << e;
}

TEST(Xlsx, ThreadsGiveTheSameCells) {
  // A sheet over the 4 MB threshold: 40 000 rows of inline text and numbers
  // (stored, not deflated: the test is about the parse).
  auto stored = [](const std::string& sheet) {
    return make_zip({{"xl/workbook.xml", workbook_xml},
                     {"xl/_rels/workbook.xml.rels", workbook_rels("worksheets/sheet1.xml")},
                     {"xl/sharedStrings.xml", shared_xml},
                     {"xl/worksheets/sheet1.xml", sheet, false}});
  };
  std::string rows;
  for (int r = 1; r <= 40000; ++r) {
    const auto n = std::to_string(r);
    rows += "<row r=\"" + n + "\"><c r=\"A" + n + "\" t=\"inlineStr\"><is><t>Kommune " + std::to_string(r % 356) +
            "</t></is></c><c r=\"B" + n + "\"><v>" + std::to_string(r * 0.25) + "</v></c><c r=\"C" + n +
            "\" t=\"s\"><v>" + std::to_string(r % 2) + "</v></c></row>";
  }
  for (const std::string& extra : {std::string(), std::string("<!-- a comment: parsed on one thread -->")}) {
    const auto wb = xlsx::workbook::from_bytes(stored(sheet_xml(extra + rows)), "big.xlsx");
    const auto one = wb.read_sheet("Ark1", 1);
    for (unsigned threads : {2u, 3u}) {
      const auto many = wb.read_sheet("Ark1", threads);
      ASSERT_EQ(many.cells().size(), one.cells().size());
      ASSERT_EQ(one.cells().size(), 120000u);
      for (std::size_t i = 0; i < one.cells().size(); ++i) {
        const auto &a = one.cells()[i], &b = many.cells()[i];
        ASSERT_TRUE(a.row == b.row && a.col == b.col && a.type == b.type && a.number == b.number && a.text == b.text)
            << i;
      }
    }
  }
  // A damaged row deep in the sheet: the same error on any number of threads.
  const auto bad = xlsx::workbook::from_bytes(
      stored(sheet_xml(rows + R"(<row r="70000"><c r="B70000"><v>zz</v></c></row>)")), "big.xlsx");
  std::string e1, e2;
  try {
    (void)bad.read_sheet("Ark1", 1);
  } catch (const input_error& e) {
    e1 = e.what();
  }
  try {
    (void)bad.read_sheet("Ark1", 2);
  } catch (const input_error& e) {
    e2 = e.what();
  }
  EXPECT_NE(e1.find("big.xlsx [Ark1], row 70000, column 'B70000', value 'zz'"), std::string::npos) << e1;
  EXPECT_EQ(e1, e2);
}

TEST(Xlsx, SeededMutationsOfTheOsloWorkbookNeverCrash) {
  const std::string base = file_bytes(oslo_path);
  ASSERT_GT(base.size(), 10000u);
  std::mt19937_64 rng(11);
  int read = 0, rejected = 0;
  for (int iter = 0; iter < 300; ++iter) {
    std::string s = base;
    const int edits = 1 + static_cast<int>(rng() % 4);
    for (int e = 0; e < edits; ++e) {
      const auto pos = static_cast<std::size_t>(rng() % s.size());
      switch (rng() % 3) {
      case 0: s[pos] = static_cast<char>(rng() & 0xFF); break;
      case 1: s.erase(pos, 1 + rng() % 16); break;
      default: s.resize(std::max<std::size_t>(pos, s.size() - 64)); break;
      }
    }
    try {
      const auto wb = xlsx::workbook::from_bytes(s, "mutated.xlsx");
      for (const auto& n : wb.sheet_names()) (void)wb.read_sheet(n);
      ++read;
    } catch (const input_error& e) {
      EXPECT_NE(std::string(e.what()).find("mutated.xlsx"), std::string::npos) << e.what();
      ++rejected;
    } catch (const unknown_label_error&) {
      ++rejected; // a sheet name damaged between workbook.xml and the lookup cannot happen here
    }
  }
  EXPECT_GT(rejected, 50); // the mutations reach the error paths
  EXPECT_GT(read, 0);      // and some still read (stored metadata, padding)
}
