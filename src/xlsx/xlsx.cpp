// The xlsx reader (include/ghgtrack/xlsx.hpp): minizip + zlib for the zip
// container, expat for the XML, and pugixml for the rows of large sheets.
// No inflate and no XML parsing is written here; this file only walks the
// parts and enforces the limits.
//
// Two parsers, one rule. expat (streaming) is the reference path: it reads
// every part and gives every error its place. A sheet larger than 4 MB is
// unpacked whole, checked around its rows with expat (well-formed, no DTD),
// cut into pieces of whole rows, and each piece parsed in place with pugixml
// (several times faster than expat's callbacks: issue 11's 356-municipality
// file). Both turn a cell's type, value and inline text into a cell through
// the same function (convert_cell). Anything the fast path does not expect
// (a row without a number, a cell out of order, a bad value, an unknown
// tag) makes it give up, and the sheet is read again by expat, which reports
// the error as it always has: the fast path never decides what an error
// says.
#include <ghgtrack/detail/parallel.hpp>
#include <ghgtrack/xlsx.hpp>

#include <expat.h>
#include <pugixml.hpp>
#include <unzip.h>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <exception>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <sstream>
#include <unordered_set>
#include <utility>

namespace ghgtrack::xlsx {

namespace {

// ---------------------------------------------------------------------------
// minizip over a memory buffer (ioapi callbacks).
struct mem_file {
  const char* data;
  ZPOS64_T size;
  ZPOS64_T pos;
};

voidpf ZCALLBACK mem_open(voidpf opaque, const void* /*filename*/, int /*mode*/) {
  const auto* src = static_cast<const mem_file*>(opaque);
  return new (std::nothrow) mem_file{src->data, src->size, 0};
}
uLong ZCALLBACK mem_read(voidpf /*opaque*/, voidpf stream, void* buf, uLong size) {
  auto* f = static_cast<mem_file*>(stream);
  const ZPOS64_T left = f->pos < f->size ? f->size - f->pos : 0;
  const uLong n = static_cast<uLong>(std::min<ZPOS64_T>(left, size));
  if (n) std::memcpy(buf, f->data + f->pos, n);
  f->pos += n;
  return n;
}
uLong ZCALLBACK mem_write(voidpf, voidpf, const void*, uLong) { return 0; }
ZPOS64_T ZCALLBACK mem_tell(voidpf /*opaque*/, voidpf stream) { return static_cast<mem_file*>(stream)->pos; }
long ZCALLBACK mem_seek(voidpf /*opaque*/, voidpf stream, ZPOS64_T offset, int origin) {
  auto* f = static_cast<mem_file*>(stream);
  ZPOS64_T base = 0;
  switch (origin) {
  case ZLIB_FILEFUNC_SEEK_SET: base = 0; break;
  case ZLIB_FILEFUNC_SEEK_CUR: base = f->pos; break;
  case ZLIB_FILEFUNC_SEEK_END: base = f->size; break;
  default: return -1;
  }
  if (offset > f->size || base > f->size - offset) return -1;
  f->pos = base + offset;
  return 0;
}
int ZCALLBACK mem_close(voidpf /*opaque*/, voidpf stream) {
  delete static_cast<mem_file*>(stream);
  return 0;
}
int ZCALLBACK mem_error(voidpf, voidpf) { return 0; }

// ---------------------------------------------------------------------------
// expat with the safety settings; handlers never let an exception cross
// expat's C frames: they store it and stop the parser.
class xml_reader {
public:
  xml_reader() : p_(XML_ParserCreate("UTF-8")) {
    if (!p_) throw std::bad_alloc();
    XML_SetUserData(p_, this);
    XML_SetElementHandler(p_, &xml_reader::on_start, &xml_reader::on_end);
    XML_SetCharacterDataHandler(p_, &xml_reader::on_text);
    // No DTD at all: no entity can be declared, so none can be external
    // or expand. Parameter entities are never parsed.
    XML_SetStartDoctypeDeclHandler(p_, &xml_reader::on_doctype);
    XML_SetEntityDeclHandler(p_, &xml_reader::on_entity);
    XML_SetParamEntityParsing(p_, XML_PARAM_ENTITY_PARSING_NEVER);
#ifdef XML_DTD
    XML_SetBillionLaughsAttackProtectionMaximumAmplification(p_, 20.0f);
    XML_SetBillionLaughsAttackProtectionActivationThreshold(p_, 1u << 20);
#endif
  }
  xml_reader(const xml_reader&) = delete;
  xml_reader& operator=(const xml_reader&) = delete;
  virtual ~xml_reader() { XML_ParserFree(p_); }

  /// Feeds a chunk; `origin` and `part` name the input in error messages.
  void feed(const char* data, std::size_t n, bool last, const std::string& origin, const std::string& part) {
    constexpr std::size_t slice = std::size_t{1} << 30; // XML_Parse takes an int length
    while (n > slice) {
      feed(data, slice, false, origin, part);
      data += slice;
      n -= slice;
    }
    const int ok = XML_Parse(p_, data, static_cast<int>(n), last ? 1 : 0);
    if (failure_) std::rethrow_exception(failure_);
    if (ok == XML_STATUS_ERROR) {
      throw input_error(origin, 0, "", "",
                        "the workbook is damaged: bad XML in " + part + " at line " +
                            std::to_string(XML_GetCurrentLineNumber(p_)) + ", column " +
                            std::to_string(XML_GetCurrentColumnNumber(p_)) + " (" +
                            XML_ErrorString(XML_GetErrorCode(p_)) + ")" + where());
    }
  }

protected:
  virtual void start(std::string_view name, const XML_Char** attrs) = 0;
  virtual void end(std::string_view name) = 0;
  virtual void text(const char* s, int len) = 0;
  /// Extra context for XML errors (the last cell read).
  virtual std::string where() const { return {}; }

  static std::string_view local(const char* name) {
    std::string_view n(name);
    const auto colon = n.rfind(':');
    return colon == std::string_view::npos ? n : n.substr(colon + 1);
  }
  static const char* attr(const XML_Char** attrs, std::string_view local_name) {
    for (; *attrs; attrs += 2)
      if (local(attrs[0]) == local_name) return attrs[1];
    return nullptr;
  }
  void fail(std::exception_ptr e) {
    if (!failure_) failure_ = std::move(e);
    XML_StopParser(p_, XML_FALSE);
  }

private:
  static void XMLCALL on_start(void* self, const XML_Char* name, const XML_Char** attrs) {
    auto* r = static_cast<xml_reader*>(self);
    if (r->failure_) return;
    try {
      r->start(local(name), attrs);
    } catch (...) {
      r->fail(std::current_exception());
    }
  }
  static void XMLCALL on_end(void* self, const XML_Char* name) {
    auto* r = static_cast<xml_reader*>(self);
    if (r->failure_) return;
    try {
      r->end(local(name));
    } catch (...) {
      r->fail(std::current_exception());
    }
  }
  static void XMLCALL on_text(void* self, const XML_Char* s, int len) {
    auto* r = static_cast<xml_reader*>(self);
    if (r->failure_) return;
    try {
      r->text(s, len);
    } catch (...) {
      r->fail(std::current_exception());
    }
  }
  static void XMLCALL on_doctype(void* self, const XML_Char*, const XML_Char*, const XML_Char*, int) {
    auto* r = static_cast<xml_reader*>(self);
    r->fail(std::make_exception_ptr(std::runtime_error("dtd")));
  }
  static void XMLCALL on_entity(void* self, const XML_Char*, int, const XML_Char*, int, const XML_Char*,
                                const XML_Char*, const XML_Char*, const XML_Char*) {
    auto* r = static_cast<xml_reader*>(self);
    r->fail(std::make_exception_ptr(std::runtime_error("dtd")));
  }

  XML_Parser p_;
  std::exception_ptr failure_;
};

// Relationships (_rels/*.rels): Id -> (Type, Target, external?).
struct relationship {
  std::string type, target;
  bool external = false;
};

class rels_reader final : public xml_reader {
public:
  std::map<std::string, relationship> rels;

protected:
  void start(std::string_view name, const XML_Char** attrs) override {
    if (name != "Relationship") return;
    const char* id = attr(attrs, "Id");
    const char* target = attr(attrs, "Target");
    const char* type = attr(attrs, "Type");
    const char* mode = attr(attrs, "TargetMode");
    if (!id || !target) return;
    rels[id] = {type ? type : "", target, mode && std::string_view(mode) == "External"};
  }
  void end(std::string_view) override {}
  void text(const char*, int) override {}
};

class workbook_reader final : public xml_reader {
public:
  std::vector<std::pair<std::string, std::string>> sheets; // name, relationship id

protected:
  void start(std::string_view name, const XML_Char** attrs) override {
    if (name != "sheet") return;
    const char* n = attr(attrs, "name");
    const char* id = attr(attrs, "id");
    if (n && id) sheets.emplace_back(n, id);
  }
  void end(std::string_view) override {}
  void text(const char*, int) override {}
};

// Shared strings: the text of <t> in <si>, and of <t> in its runs <r>;
// phonetic runs (<rPh>) are not part of the value (as openpyxl reads it).
class shared_strings_reader final : public xml_reader {
public:
  std::vector<std::string> strings;

protected:
  void start(std::string_view name, const XML_Char**) override {
    if (name == "si") {
      in_si_ = true;
      cur_.clear();
    } else if (name == "rPh") {
      ++in_rph_;
    } else if (name == "t" && in_si_ && !in_rph_) {
      in_t_ = true;
    }
  }
  void end(std::string_view name) override {
    if (name == "si") {
      in_si_ = false;
      // openpyxl drops the escape of the escape character (x005F_).
      std::string::size_type at;
      while ((at = cur_.find("x005F_")) != std::string::npos) cur_.erase(at, 6);
      strings.push_back(std::move(cur_));
      cur_.clear();
    } else if (name == "rPh") {
      --in_rph_;
    } else if (name == "t") {
      in_t_ = false;
    }
  }
  void text(const char* s, int len) override {
    if (in_t_) cur_.append(s, static_cast<std::size_t>(len));
  }

private:
  bool in_si_ = false, in_t_ = false;
  int in_rph_ = 0;
  std::string cur_;
};

constexpr std::uint32_t max_rows = 1048576; // Excel's limits
constexpr std::uint32_t max_cols = 16384;

// "E7" -> (7, 5); false when it is not a cell reference.
bool parse_ref(std::string_view r, std::uint32_t& row, std::uint32_t& col) {
  std::size_t i = 0;
  std::uint32_t c = 0;
  while (i < r.size() && r[i] >= 'A' && r[i] <= 'Z' && i < 3) c = c * 26 + static_cast<std::uint32_t>(r[i++] - 'A' + 1);
  if (i == 0) return false;
  std::uint32_t rr = 0;
  auto [p, ec] = std::from_chars(r.data() + i, r.data() + r.size(), rr);
  if (ec != std::errc() || p != r.data() + r.size() || i == r.size()) return false;
  row = rr;
  col = c;
  return true;
}

// a == lit, with the literal's length known at compile time (an inlined
// compare instead of a call to memcmp per tag: most of the fast path's time
// went there).
template <std::size_t N>
bool same(std::string_view a, const char (&lit)[N]) {
  return a.size() == N - 1 && std::memcmp(a.data(), lit, N - 1) == 0;
}

// One kept copy of each inline string: `own` stores it, `seen` finds it.
// Inline strings repeat (openpyxl's write-only mode writes every text cell
// inline).
std::string_view intern_text(std::unordered_set<std::string_view>& seen, std::deque<std::string>& own,
                             std::string_view t) {
  const auto it = seen.find(t);
  if (it != seen.end()) return *it;
  const std::string_view kept = own.emplace_back(t);
  seen.insert(kept);
  return kept;
}

// What convert_cell found wrong (ok = a cell was made).
enum class cell_problem : std::uint8_t { ok, bad_number, bad_shared, bad_bool, bad_type };

// One cell from its type attribute ("n" when absent), its <v> text and its
// inline text: the one rule both parsers use. `keep` stores a text that
// must outlive the parse; `intern` stores an inline string once.
template <class Keep, class Intern>
cell_problem convert_cell(cell& out, std::string_view type, bool have_v, std::string_view v, bool have_is,
                          std::string_view is, const std::vector<std::string>& shared, Keep&& keep, Intern&& intern) {
  if (same(type, "inlineStr")) {
    if (have_is) {
      out.type = cell_type::text;
      out.text = intern(is);
    }
    return cell_problem::ok;
  }
  if (!have_v || v.empty()) return cell_problem::ok;
  if (same(type, "n")) {
    double d = 0;
    const char* b = v.data();
    const char* e = b + v.size();
    // Surrounding spaces are tolerated (as Python's int()/float() do).
    while (b < e && (*b == ' ' || *b == '\t' || *b == '\n' || *b == '\r')) ++b;
    while (e > b && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' || e[-1] == '\r')) --e;
    if (b < e && *b == '+') ++b;
    auto [p, ec] = std::from_chars(b, e, d);
    if (b == e || ec != std::errc() || p != e) return cell_problem::bad_number;
    out.type = cell_type::number;
    out.number = d;
    out.integral = v.find_first_of(".eE") == std::string_view::npos;
  } else if (same(type, "s")) {
    std::size_t i = 0;
    auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), i);
    if (ec != std::errc() || p != v.data() + v.size() || i >= shared.size()) return cell_problem::bad_shared;
    out.type = cell_type::text;
    out.text = shared[i];
  } else if (same(type, "str") || same(type, "d")) {
    out.type = cell_type::text;
    out.text = keep(v);
  } else if (same(type, "e")) {
    out.type = cell_type::error;
    out.text = keep(v);
  } else if (same(type, "b")) {
    if (v != "0" && v != "1") return cell_problem::bad_bool;
    out.type = cell_type::boolean;
    out.number = v == "1" ? 1.0 : 0.0;
  } else {
    return cell_problem::bad_type;
  }
  return cell_problem::ok;
}

class sheet_reader final : public xml_reader {
public:
  sheet_reader(std::vector<cell>& cells, const std::vector<std::string>& shared, std::string origin,
               std::deque<std::string>& own)
      : cells_(cells), shared_(shared), origin_(std::move(origin)), own_(own) {}

protected:
  void start(std::string_view name, const XML_Char** attrs) override {
    if (name == "c") {
      std::uint32_t r = row_, c = col_ + 1;
      if (const char* ref = attr(attrs, "r")) {
        if (!parse_ref(ref, r, c))
          throw input_error(origin_, row_, "", ref, "the workbook is damaged: bad cell reference");
      }
      check_position(r, c);
      row_ = r;
      col_ = c;
      const char* t = attr(attrs, "t");
      type_ = t ? std::string(t) : std::string("n");
      in_c_ = true;
      have_v_ = false;
      have_f_ = false;
      v_.clear();
      is_.clear();
      have_is_ = false;
    } else if (name == "row") {
      std::uint32_t r = row_ + 1;
      const char* rr = attr(attrs, "r");
      if (!rr) row_without_number_ = true;
      if (rr) {
        std::string_view sv(rr);
        auto [p, ec] = std::from_chars(sv.data(), sv.data() + sv.size(), r);
        if (ec != std::errc() || p != sv.data() + sv.size() || r == 0 || r > max_rows)
          throw input_error(origin_, row_, "", rr, "the workbook is damaged: bad row number");
      }
      if (r <= row_ && row_started_)
        throw input_error(origin_, r, "", std::to_string(r),
                          "the workbook is damaged: rows out of order or repeated (after row " + std::to_string(row_) +
                              ")");
      row_ = r;
      col_ = 0;
      if (!row_started_) first_row_ = r;
      row_started_ = true;
    } else if (in_c_ && name == "v") {
      in_v_ = true;
      have_v_ = true;
    } else if (in_c_ && name == "f") {
      have_f_ = true;
    } else if (in_c_ && name == "is") {
      have_is_ = true;
    } else if (in_c_ && name == "rPh") {
      ++in_rph_;
    } else if (in_c_ && have_is_ && name == "t" && !in_rph_) {
      in_t_ = true;
    }
  }
  void end(std::string_view name) override {
    if (name == "c") {
      finish_cell();
      in_c_ = false;
    } else if (name == "v") {
      in_v_ = false;
    } else if (name == "t") {
      in_t_ = false;
    } else if (name == "rPh") {
      --in_rph_;
    }
  }
  void text(const char* s, int len) override {
    if (in_v_)
      v_.append(s, static_cast<std::size_t>(len));
    else if (in_t_)
      is_.append(s, static_cast<std::size_t>(len));
  }
  std::string where() const override { return row_ && col_ ? " after cell " + cell_ref(row_, col_) : std::string(); }

public:
  // For the parallel parse (pieces of whole rows): the first and last row
  // numbers seen, and whether a row had no number (then its number depends
  // on the piece before, and the sheet is parsed in one piece instead).
  std::uint32_t first_row_ = 0;
  std::uint32_t last_row() const noexcept { return row_; }
  bool row_without_number_ = false;

private:
  void check_position(std::uint32_t r, std::uint32_t c) {
    if (r == 0 || r > max_rows || c == 0 || c > max_cols)
      throw input_error(origin_, r, cell_ref(r ? r : 1, c ? c : 1), "",
                        "the workbook is damaged: a cell outside Excel's grid");
    if (!cells_.empty()) {
      const auto& last = cells_.back();
      if (r < last.row || (r == last.row && c <= last.col))
        throw input_error(origin_, r, cell_ref(r, c), "",
                          "the workbook is damaged: cell " + cell_ref(r, c) + " out of order or repeated (after " +
                              cell_ref(last.row, last.col) + ")");
    }
  }
  void finish_cell() {
    cell out;
    out.row = row_;
    out.col = col_;
    out.formula = have_f_;
    const cell_problem pr = convert_cell(
        out, type_, have_v_, v_, have_is_, is_, shared_,
        [&](std::string_view t) { return std::string_view(own_.emplace_back(t)); },
        [&](std::string_view t) { return intern_text(interned_, own_, t); });
    const std::string ref = pr == cell_problem::ok ? std::string() : cell_ref(row_, col_);
    switch (pr) {
    case cell_problem::ok: break;
    case cell_problem::bad_number:
      throw input_error(origin_, row_, ref, v_,
                        "the workbook is damaged: cell " + ref + " is numeric but holds no number");
    case cell_problem::bad_shared:
      throw input_error(origin_, row_, ref, v_,
                        "the workbook is damaged: cell " + ref + " refers to a shared string that does not exist (" +
                            std::to_string(shared_.size()) + " strings)");
    case cell_problem::bad_bool:
      throw input_error(origin_, row_, ref, v_,
                        "the workbook is damaged: cell " + ref + " is boolean but holds neither 0 nor 1");
    case cell_problem::bad_type:
      throw input_error(origin_, row_, ref, type_, "the workbook is damaged: cell " + ref + " has an unknown type");
    }
    cells_.push_back(out);
    v_.clear();
    is_.clear();
  }

  std::vector<cell>& cells_;
  const std::vector<std::string>& shared_;
  std::string origin_;
  std::deque<std::string>& own_;
  std::uint32_t row_ = 0, col_ = 0;
  bool row_started_ = false;
  bool in_c_ = false, in_v_ = false, in_t_ = false, have_v_ = false, have_is_ = false, have_f_ = false;
  int in_rph_ = 0;
  std::string type_, v_, is_;
  std::unordered_set<std::string_view> interned_;
};

// Resolves a relationship target against the directory of its source part,
// inside the package; nullopt when it would climb out of it.
std::optional<std::string> resolve(const std::string& base_dir, const std::string& target) {
  std::string path = !target.empty() && target[0] == '/' ? target.substr(1) : base_dir + target;
  std::vector<std::string> parts;
  std::stringstream ss(path);
  std::string seg;
  while (std::getline(ss, seg, '/')) {
    if (seg.empty() || seg == ".") continue;
    if (seg == "..") {
      if (parts.empty()) return std::nullopt;
      parts.pop_back();
    } else {
      parts.push_back(seg);
    }
  }
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : "/") + p;
  return out;
}

std::string dir_of(const std::string& part) {
  const auto slash = part.rfind('/');
  return slash == std::string::npos ? std::string() : part.substr(0, slash + 1);
}

std::string rels_of(const std::string& part) {
  const auto slash = part.rfind('/');
  const std::string dir = slash == std::string::npos ? std::string() : part.substr(0, slash + 1);
  const std::string base = slash == std::string::npos ? part : part.substr(slash + 1);
  return dir + "_rels/" + base + ".rels";
}

} // namespace

std::string cell_ref(std::uint32_t row, std::uint32_t col) {
  std::string letters;
  for (std::uint32_t c = col; c > 0; c = (c - 1) / 26)
    letters.insert(letters.begin(), static_cast<char>('A' + (c - 1) % 26));
  return letters + std::to_string(row);
}

std::vector<std::pair<std::size_t, std::size_t>> sheet::row_index() const {
  std::vector<std::pair<std::size_t, std::size_t>> idx(static_cast<std::size_t>(max_row()) + 1, {0, 0});
  std::size_t i = 0;
  while (i < cells_.size()) {
    const std::size_t b = i;
    const auto r = cells_[i].row;
    while (i < cells_.size() && cells_[i].row == r) ++i;
    idx[r] = {b, i};
  }
  return idx;
}

struct workbook::impl {
  std::string origin;
  std::string bytes;
  limits lim;
  mem_file src{};
  zlib_filefunc64_def io{};
  unzFile zip = nullptr;
  struct entry {
    unz64_file_pos pos;
    std::uint64_t packed, unpacked;
  };
  std::map<std::string, entry> entries;
  mutable std::uint64_t total_read = 0;
  std::vector<std::string> names;
  std::vector<std::string> sheet_parts; // resolved part name of each sheet
  std::shared_ptr<const std::vector<std::string>> shared = std::make_shared<std::vector<std::string>>();

  ~impl() {
    if (zip) unzClose(zip);
  }

  [[noreturn]] void unreadable(const std::string& why) const {
    throw input_error(origin, 0, "", "", "not a readable xlsx workbook (truncated or not Excel?): " + why);
  }
  [[noreturn]] void damaged(const std::string& part, const std::string& why) const {
    throw input_error(origin, 0, "", "", "the workbook is damaged: " + part + ": " + why);
  }

  void open_zip() {
    src = {bytes.data(), bytes.size(), 0};
    io.zopen64_file = &mem_open;
    io.zread_file = &mem_read;
    io.zwrite_file = &mem_write;
    io.ztell64_file = &mem_tell;
    io.zseek64_file = &mem_seek;
    io.zclose_file = &mem_close;
    io.zerror_file = &mem_error;
    io.opaque = &src;
    zip = unzOpen2_64("", &io);
    if (!zip) unreadable("no zip directory found");
    unz_global_info64 gi{};
    if (unzGetGlobalInfo64(zip, &gi) != UNZ_OK) unreadable("the zip directory is damaged");
    if (gi.number_entry > lim.max_entries)
      unreadable("the zip holds " + std::to_string(gi.number_entry) + " entries (limit " +
                 std::to_string(lim.max_entries) + ")");
    std::uint64_t declared = 0;
    for (int rc = unzGoToFirstFile(zip); rc == UNZ_OK; rc = unzGoToNextFile(zip)) {
      unz_file_info64 fi{};
      char name[1024];
      if (unzGetCurrentFileInfo64(zip, &fi, name, sizeof name, nullptr, 0, nullptr, 0) != UNZ_OK)
        unreadable("the zip directory is damaged");
      if (fi.size_filename >= sizeof name) continue; // not a part name we could ever look for
      entry e{};
      if (unzGetFilePos64(zip, &e.pos) != UNZ_OK) unreadable("the zip directory is damaged");
      e.packed = fi.compressed_size;
      e.unpacked = fi.uncompressed_size;
      declared += e.unpacked;
      entries[name] = e;
    }
    if (entries.empty()) unreadable("the zip is empty");
    if (declared > lim.max_total_bytes)
      unreadable("zip bomb? the parts declare " + std::to_string(declared) + " bytes unpacked (limit " +
                 std::to_string(lim.max_total_bytes) + " bytes in total)");
  }

  bool has(const std::string& part) const { return entries.count(part) != 0; }

  // Streams one part, unpacked, to `sink` in chunks; enforces the limits.
  template <class Sink>
  void read_part(const std::string& part, Sink&& sink) const {
    const auto it = entries.find(part);
    if (it == entries.end()) damaged(part, "the part is missing");
    const entry& e = it->second;
    auto ratio_ok = [&](std::uint64_t unpacked) {
      return unpacked <= lim.ratio_floor_bytes ||
             static_cast<double>(unpacked) <= lim.max_ratio * static_cast<double>(std::max<std::uint64_t>(e.packed, 1));
    };
    if (e.unpacked > lim.max_part_bytes)
      damaged(part, "zip bomb? the part declares " + std::to_string(e.unpacked) + " bytes unpacked (limit " +
                        std::to_string(lim.max_part_bytes) + " per part)");
    if (!ratio_ok(e.unpacked))
      damaged(part, "zip bomb? compression ratio " + std::to_string(e.unpacked / std::max<std::uint64_t>(e.packed, 1)) +
                        ":1 (limit " + std::to_string(static_cast<long long>(lim.max_ratio)) + ":1)");
    unz64_file_pos pos = e.pos;
    if (unzGoToFilePos64(zip, &pos) != UNZ_OK) damaged(part, "cannot find the part in the zip");
    unz_file_info64 fi{};
    if (unzGetCurrentFileInfo64(zip, &fi, nullptr, 0, nullptr, 0, nullptr, 0) != UNZ_OK)
      damaged(part, "the zip entry is damaged");
    if (fi.flag & 1u) damaged(part, "the part is encrypted");
    if (fi.compression_method != 0 && fi.compression_method != Z_DEFLATED)
      damaged(part, "unknown compression method " + std::to_string(fi.compression_method));
    if (unzOpenCurrentFile(zip) != UNZ_OK) damaged(part, "cannot unpack the part");
    struct closer {
      unzFile z;
      bool open = true;
      ~closer() {
        if (open) unzCloseCurrentFile(z);
      }
    } guard{zip};
    std::uint64_t got = 0;
    std::vector<char> buf(1 << 16);
    for (;;) {
      const int n = unzReadCurrentFile(zip, buf.data(), static_cast<unsigned>(buf.size()));
      if (n < 0) damaged(part, "the compressed data are damaged (zip error " + std::to_string(n) + ")");
      if (n == 0) break;
      got += static_cast<std::uint64_t>(n);
      total_read += static_cast<std::uint64_t>(n);
      if (got > e.unpacked) damaged(part, "zip bomb? more data than the zip declares");
      if (got > lim.max_part_bytes) damaged(part, "zip bomb? the part exceeds the limit per part");
      if (total_read > lim.max_total_bytes) damaged(part, "zip bomb? the parts read exceed the total limit");
      if (!ratio_ok(got)) damaged(part, "zip bomb? the compression ratio exceeds the limit");
      sink(buf.data(), static_cast<std::size_t>(n), false);
    }
    guard.open = false;
    const int rc = unzCloseCurrentFile(zip);
    if (rc == UNZ_CRCERROR) damaged(part, "CRC mismatch (the data are damaged)");
    if (rc != UNZ_OK) damaged(part, "the compressed data are damaged");
    if (got != e.unpacked) damaged(part, "the part is shorter than the zip declares");
    sink(nullptr, 0, true);
  }

  void parse(const std::string& part, xml_reader& r, const std::string& err_origin) const {
    read_part(part, [&](const char* d, std::size_t n, bool last) { r.feed(d, n, last, err_origin, part); });
  }

  void load() {
    open_zip();
    // The main part: the officeDocument relationship of the package.
    std::string main_part = "xl/workbook.xml";
    if (has("_rels/.rels")) {
      rels_reader rr;
      parse("_rels/.rels", rr, origin);
      for (const auto& [id, rel] : rr.rels)
        if (rel.type.size() >= 15 && rel.type.compare(rel.type.size() - 15, 15, "/officeDocument") == 0) {
          if (rel.external) damaged("_rels/.rels", "the workbook part is external");
          const auto p = resolve("", rel.target);
          if (!p) damaged("_rels/.rels", "the target '" + rel.target + "' leaves the package");
          main_part = *p;
        }
    }
    if (!has(main_part)) unreadable("no workbook part (" + main_part + ")");
    workbook_reader wr;
    parse(main_part, wr, origin);
    std::map<std::string, relationship> rels;
    const std::string rels_part = rels_of(main_part);
    if (has(rels_part)) {
      rels_reader rr;
      parse(rels_part, rr, origin);
      rels = std::move(rr.rels);
    }
    const std::string base = dir_of(main_part);
    for (const auto& [name, id] : wr.sheets) {
      const auto it = rels.find(id);
      if (it == rels.end()) damaged(main_part, "sheet '" + name + "' has no relationship '" + id + "'");
      if (it->second.external) damaged(rels_part, "sheet '" + name + "' is an external target");
      const auto p = resolve(base, it->second.target);
      if (!p) damaged(rels_part, "the target '" + it->second.target + "' of sheet '" + name + "' leaves the package");
      names.push_back(name);
      sheet_parts.push_back(*p);
    }
    for (const auto& [id, rel] : rels) {
      const auto& t = rel.type;
      if (t.size() >= 14 && t.compare(t.size() - 14, 14, "/sharedStrings") == 0) {
        if (rel.external) damaged(rels_part, "the shared strings are an external target");
        const auto p = resolve(base, rel.target);
        if (!p) damaged(rels_part, "the target '" + rel.target + "' leaves the package");
        if (has(*p)) {
          shared_strings_reader sr;
          parse(*p, sr, origin + " [shared strings]");
          shared = std::make_shared<const std::vector<std::string>>(std::move(sr.strings));
        }
      }
    }
  }
};

workbook::workbook(std::unique_ptr<impl> p) : p_(std::move(p)) {}
workbook::workbook(workbook&&) noexcept = default;
workbook& workbook::operator=(workbook&&) noexcept = default;
workbook::~workbook() = default;

workbook workbook::from_bytes(std::string bytes, std::string origin, const limits& lim) {
  auto p = std::make_unique<impl>();
  p->origin = std::move(origin);
  p->bytes = std::move(bytes);
  p->lim = lim;
  try {
    p->load();
  } catch (const input_error&) {
    throw;
  } catch (const std::runtime_error&) {
    // Only the DTD handlers raise a plain runtime_error.
    throw input_error(p->origin, 0, "", "",
                      "the workbook is refused: an XML part has a DTD (no entities are allowed in an xlsx part)");
  }
  return workbook(std::move(p));
}

workbook workbook::open(const std::string& path, const limits& lim) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw input_error(path, 0, "", "", "cannot open the file");
  // Read until the end, never trusting a size the system reports: a pipe
  // has none, and a file under /proc says 0.
  std::string bytes;
  char buf[1 << 16];
  while (in) {
    in.read(buf, sizeof buf);
    const auto n = static_cast<std::size_t>(in.gcount());
    if (n == 0) break;
    if (bytes.size() + n > lim.max_total_bytes)
      throw input_error(path, 0, "", "", "the file is larger than the total size limit");
    bytes.append(buf, n);
  }
  if (in.bad()) throw input_error(path, 0, "", "", "cannot read the file");
  return from_bytes(std::move(bytes), path, lim);
}

const std::string& workbook::origin() const noexcept { return p_->origin; }
const std::vector<std::string>& workbook::sheet_names() const noexcept { return p_->names; }
bool workbook::has_sheet(std::string_view name) const noexcept {
  return std::find(p_->names.begin(), p_->names.end(), name) != p_->names.end();
}

namespace {

// The local name of the tag starting at xml[p] == '<' ("x:row" -> "row").
std::string_view tag_name(const std::string& xml, std::size_t p) {
  std::size_t b = p + 1, e = b;
  while (e < xml.size() && xml[e] != ' ' && xml[e] != '>' && xml[e] != '/' && xml[e] != '\t' && xml[e] != '\n' &&
         xml[e] != '\r')
    ++e;
  std::string_view n(xml.data() + b, e - b);
  const auto colon = n.rfind(':');
  return colon == std::string_view::npos ? n : n.substr(colon + 1);
}

// Where each piece of whole rows starts, in a sheet's XML with no comments,
// CDATA, DTD or processing instructions (then every '<' opens a tag):
// [starts..., end of the last row]. Empty when it cannot be split.
std::vector<std::size_t> row_pieces(const std::string& xml, std::size_t pieces) {
  std::size_t body = 0;
  if (xml.compare(0, 3, "\xEF\xBB\xBF") == 0) body = 3;
  if (xml.compare(body, 5, "<?xml") == 0) {
    const auto e = xml.find("?>", body);
    if (e == std::string::npos) return {};
    std::string decl = xml.substr(body, e - body);
    for (auto& ch : decl) ch = static_cast<char>(ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch);
    const auto enc = decl.find("encoding");
    if (enc != std::string::npos && decl.find("utf-8", enc) == std::string::npos) return {};
    body = e + 2;
  }
  if (xml.find("<!", body) != std::string::npos || xml.find("<?", body) != std::string::npos) return {};
  // The first row, and the end of sheetData.
  std::size_t first = std::string::npos;
  for (std::size_t p = xml.find('<', body); p != std::string::npos; p = xml.find('<', p + 1)) {
    if (xml[p + 1] == '/') {                              // closing tags of the parts before the rows (</sheetPr>, ...)
      if (tag_name(xml, p + 1) == "sheetData") return {}; // a sheet without rows
      continue;
    }
    const auto n = tag_name(xml, p);
    if (n == "row") {
      first = p;
      break;
    }
    if (n.empty()) return {};
  }
  if (first == std::string::npos) return {};
  std::size_t end = std::string::npos;
  for (std::size_t p = xml.rfind("</"); p != std::string::npos && p > first;
       p = p ? xml.rfind("</", p - 1) : std::string::npos) {
    std::string_view n(xml.data() + p + 2, std::min<std::size_t>(xml.size() - p - 2, 64));
    n = n.substr(0, n.find('>'));
    const auto colon = n.rfind(':');
    if ((colon == std::string_view::npos ? n : n.substr(colon + 1)) == "sheetData") {
      end = p;
      break;
    }
  }
  if (end == std::string::npos) return {};
  std::vector<std::size_t> starts{first};
  for (std::size_t k = 1; k < pieces; ++k) {
    std::size_t p = first + (end - first) / pieces * k;
    if (p <= starts.back()) continue;
    for (p = xml.find('<', p); p != std::string::npos && p < end; p = xml.find('<', p + 1))
      if (xml[p + 1] != '/' && tag_name(xml, p) == "row") break;
    if (p == std::string::npos || p >= end) break;
    if (p > starts.back()) starts.push_back(p);
  }
  starts.push_back(end);
  return starts;
}

// The local name of an element ("x:row" -> "row").
std::string_view local_name(const pugi::xml_node& n) {
  std::string_view v(n.name());
  const auto colon = v.rfind(':');
  return colon == std::string_view::npos ? v : v.substr(colon + 1);
}
const char* local_attr(const pugi::xml_node& n, std::string_view want) {
  for (auto a = n.first_attribute(); a; a = a.next_attribute()) {
    std::string_view v(a.name());
    const auto colon = v.rfind(':');
    const std::string_view local = colon == std::string_view::npos ? v : v.substr(colon + 1);
    if (local.size() == want.size() && local[0] == want[0] && local == want) return a.value();
  }
  return nullptr;
}

// The text of an inline string: the <t> children of <is> and of its rich
// runs <r>, phonetic runs <rPh> left out (as the expat path does).
void inline_text(const pugi::xml_node& is, std::string& out) {
  for (auto k = is.first_child(); k; k = k.next_sibling()) {
    if (k.type() != pugi::node_element) continue;
    const auto n = local_name(k);
    if (same(n, "t")) {
      for (auto t = k.first_child(); t; t = t.next_sibling())
        if (t.type() == pugi::node_pcdata || t.type() == pugi::node_cdata) out += t.value();
    } else if (same(n, "r")) {
      inline_text(k, out);
    }
  }
}

// Parses xml[0, n) - whole <row> elements, nothing else - in place with
// pugixml into `cells`. False when anything is not as expected; the caller
// then reads the sheet with expat, which says what is wrong and where.
// `after_row`: the last row of the piece before (0 for the first), so that
// rows stay in order across pieces parsed one after the other into the same
// `cells`; `interned` holds the inline strings kept so far.
bool fast_rows(char* xml, std::size_t n, std::vector<cell>& cells, const std::vector<std::string>& shared,
               std::deque<std::string>& own, std::unordered_set<std::string_view>& interned, std::uint32_t after_row,
               std::uint32_t& first_row, std::uint32_t& last_row) {
  pugi::xml_document doc;
  const unsigned flags = pugi::parse_fragment | pugi::parse_escapes | pugi::parse_eol | pugi::parse_ws_pcdata_single;
  if (!doc.load_buffer_inplace(xml, n, flags, pugi::encoding_utf8)) return false;
  std::string v, is;
  std::uint32_t row = after_row, col = 0;
  first_row = 0;
  for (auto r = doc.first_child(); r; r = r.next_sibling()) {
    if (r.type() == pugi::node_pcdata) continue; // whitespace between rows
    if (r.type() != pugi::node_element || !same(local_name(r), "row")) return false;
    const char* rr = local_attr(r, "r");
    if (!rr) return false;
    std::uint32_t rn = 0;
    const std::string_view rs(rr);
    auto [rp, rec] = std::from_chars(rs.data(), rs.data() + rs.size(), rn);
    if (rec != std::errc() || rp != rs.data() + rs.size() || rn == 0 || rn > max_rows || rn <= row) return false;
    row = rn;
    col = 0;
    if (!first_row) first_row = rn;
    for (auto c = r.first_child(); c; c = c.next_sibling()) {
      if (c.type() == pugi::node_pcdata) continue;
      if (c.type() != pugi::node_element) return false;
      const auto cn = local_name(c);
      if (!same(cn, "c")) {
        if (same(cn, "extLst")) continue;
        return false;
      }
      std::uint32_t cr = row, cc = col + 1;
      if (const char* ref = local_attr(c, "r"))
        if (!parse_ref(ref, cr, cc)) return false;
      if (cr != row || cc == 0 || cc > max_cols || cc <= col) return false;
      col = cc;
      const char* t = local_attr(c, "t");
      bool have_v = false, have_is = false, have_f = false;
      v.clear();
      is.clear();
      for (auto k = c.first_child(); k; k = k.next_sibling()) {
        if (k.type() != pugi::node_element) continue;
        const auto kn = local_name(k);
        if (same(kn, "v")) {
          have_v = true;
          for (auto x = k.first_child(); x; x = x.next_sibling())
            if (x.type() == pugi::node_pcdata || x.type() == pugi::node_cdata) v += x.value();
        } else if (same(kn, "is")) {
          have_is = true;
          inline_text(k, is);
        } else if (same(kn, "f")) {
          have_f = true;
        }
      }
      cell out;
      out.row = row;
      out.col = col;
      out.formula = have_f;
      const auto pr = convert_cell(
          out, t ? std::string_view(t) : std::string_view("n"), have_v, v, have_is, is, shared,
          [&](std::string_view x) { return std::string_view(own.emplace_back(x)); },
          [&](std::string_view x) { return intern_text(interned, own, x); });
      if (pr != cell_problem::ok) return false;
      cells.push_back(out);
    }
  }
  last_row = row;
  return true;
}

} // namespace

sheet workbook::read_sheet(std::string_view name, unsigned threads) const {
  const auto it = std::find(p_->names.begin(), p_->names.end(), name);
  if (it == p_->names.end()) {
    std::string all;
    for (const auto& n : p_->names) all += (all.empty() ? "" : ", ") + n;
    throw unknown_label_error("ghgtrack::xlsx: " + p_->origin + " has no sheet '" + std::string(name) +
                              "' (sheets: " + all + ")");
  }
  const std::string& part = p_->sheet_parts[static_cast<std::size_t>(it - p_->names.begin())];
  const std::string origin = p_->origin + " [" + std::string(name) + "]";
  const auto entry = p_->entries.find(part);
  const std::uint64_t declared = entry == p_->entries.end() ? 0 : entry->second.unpacked;
  const unsigned nthreads = detail::resolve_threads(threads);
  if (declared > (4u << 20)) {
    // Unpacked whole, checked around the rows with expat, then pieces of
    // whole rows (about 8 MB each, at least one per thread) parsed in place
    // with pugixml (see the top of this file).
    std::string xml;
    xml.reserve(static_cast<std::size_t>(declared));
    p_->read_part(part, [&](const char* d, std::size_t n, bool) { xml.append(d, n); });
    const std::size_t want = std::max<std::size_t>(nthreads, xml.size() / (8u << 20) + 1);
    const auto cuts = row_pieces(xml, want);
    if (cuts.size() >= 2) {
      const std::size_t pieces = cuts.size() - 1;
      bool head_ok = true;
      try { // the document around the rows: well-formed, no DTD
        std::vector<cell> none;
        std::deque<std::string> none_own;
        sheet_reader r(none, *p_->shared, origin, none_own);
        r.feed(xml.data(), cuts.front(), false, origin, part);
        r.feed(xml.data() + cuts.back(), xml.size() - cuts.back(), true, origin, part);
      } catch (...) {
        head_ok = false;
      }
      if (head_ok) {
        if (nthreads == 1) {
          // One thread: every piece straight into the sheet's own cells, in
          // order (no second copy of 3.8 million cells, one set of strings).
          sheet s;
          s.name_ = std::string(name);
          s.shared_ = p_->shared;
          s.cells_.reserve(static_cast<std::size_t>(std::min<std::uint64_t>(declared / 40, 1u << 26)));
          auto& own = s.own_.emplace_back();
          std::unordered_set<std::string_view> interned;
          std::uint32_t after = 0, first = 0, last = 0;
          bool all_ok = true;
          try {
            for (std::size_t i = 0; i < pieces && all_ok; ++i) {
              all_ok = fast_rows(xml.data() + cuts[i], cuts[i + 1] - cuts[i], s.cells_, *p_->shared, own, interned,
                                 after, first, last);
              after = last;
            }
          } catch (...) {
            all_ok = false; // read again by expat, for the error as it is reported there
          }
          if (all_ok) return s;
          head_ok = false; // to the expat path below
        }
      }
      if (head_ok) {
        std::vector<std::vector<cell>> cells(pieces);
        std::vector<std::deque<std::string>> own(pieces);
        std::vector<std::uint32_t> first(pieces), last(pieces);
        std::vector<char> ok(pieces, 0);
        detail::parallel_parts(nthreads, static_cast<std::ptrdiff_t>(pieces), static_cast<std::ptrdiff_t>(pieces),
                               [&](std::ptrdiff_t k, std::ptrdiff_t, std::ptrdiff_t) {
                                 const auto i = static_cast<std::size_t>(k);
                                 try {
                                   cells[i].reserve((cuts[i + 1] - cuts[i]) / 40);
                                   std::unordered_set<std::string_view> interned;
                                   ok[i] = fast_rows(xml.data() + cuts[i], cuts[i + 1] - cuts[i], cells[i], *p_->shared,
                                                     own[i], interned, 0, first[i], last[i]);
                                 } catch (...) {
                                   ok[i] = 0; // read again by expat, for the error as it is reported there
                                 }
                               });
        bool all_ok = std::all_of(ok.begin(), ok.end(), [](char c) { return c != 0; });
        for (std::size_t i = 1; i < pieces && all_ok; ++i) all_ok = cells[i].empty() || first[i] > last[i - 1];
        if (all_ok) {
          sheet s;
          s.name_ = std::string(name);
          s.shared_ = p_->shared;
          std::size_t total = 0;
          for (const auto& c : cells) total += c.size();
          s.cells_.reserve(total);
          for (std::size_t i = 0; i < pieces; ++i) {
            s.cells_.insert(s.cells_.end(), cells[i].begin(), cells[i].end());
            s.own_.emplace_back(std::move(own[i])); // moving a deque keeps its strings in place
          }
          return s;
        }
      }
    }
  }
  sheet s;
  s.name_ = std::string(name);
  s.shared_ = p_->shared;
  try {
    // About 40 bytes of XML per cell in the files Excel and openpyxl write.
    s.cells_.reserve(static_cast<std::size_t>(std::min<std::uint64_t>(declared / 40, 1u << 26)));
    sheet_reader r(s.cells_, *p_->shared, origin, s.own_.emplace_back());
    p_->parse(part, r, origin);
  } catch (const input_error&) {
    throw;
  } catch (const std::runtime_error&) {
    throw input_error(origin, 0, "", "",
                      "the workbook is refused: the sheet's XML has a DTD (no entities are allowed in an xlsx part)");
  }
  return s;
}

} // namespace ghgtrack::xlsx
