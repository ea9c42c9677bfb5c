// ghgtrack/inventory.hpp: an emissions inventory and its aggregations.
//
// An inventory holds emissions in t CO2e indexed by category (sector ->
// source), gas and year, stored densely: `values()` is an Eigen array with
// one row per (category, gas) cell and one column per year, and `keys()` the
// notation key of every entry (notation.hpp). Entries with a key other than
// notation::value hold 0 unless an unknown part was merged with a known one.
//
// Invariants, relied on by every operation:
//  - categories are unique and sorted by (sector, source); gases unique in
//    enum order; years unique and increasing. This canonical order is why
//    sums do not depend on the order of the input rows.
//  - the CO2e values are on the recorded GWP metric (`gwp_metric()`), which
//    is empty only when the origin did not say.
//
// Sums use compensated (Neumaier) summation (detail/sum.hpp). An aggregate
// carries, per entry, whether it includes an unknown (NE, C, missing) and
// whether it has any reported value at all.
#ifndef GHGTRACK_INVENTORY_HPP
#define GHGTRACK_INVENTORY_HPP

#include <Eigen/Core>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <numeric>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <unordered_map>
#include <utility>
#include <vector>

#include "ghgtrack/detail/sum.hpp"
#include "ghgtrack/error.hpp"
#include "ghgtrack/gas.hpp"
#include "ghgtrack/gwp.hpp"
#include "ghgtrack/notation.hpp"

namespace ghgtrack {

/// A category of the inventory: a source within a sector.
struct category {
  std::string sector;
  std::string source;
  friend bool operator==(const category& a, const category& b) {
    return a.sector == b.sector && a.source == b.source;
  }
  friend bool operator!=(const category& a, const category& b) { return !(a == b); }
  friend bool operator<(const category& a, const category& b) {
    return std::tie(a.sector, a.source) < std::tie(b.sector, b.source);
  }
};

using key_array = Eigen::Array<std::uint8_t, Eigen::Dynamic, Eigen::Dynamic>;

/// Flags of an aggregate entry.
enum aggregate_flag : std::uint8_t {
  flag_incomplete = 1, ///< includes an unknown (NE, C or missing)
  flag_no_value = 2,   ///< no reported value among its cells (only notation keys)
};

/// The result of an aggregation: groups x years, in t CO2e.
struct aggregate {
  std::vector<std::string> labels;
  std::vector<int> years;
  Eigen::ArrayXXd values;
  key_array flags;
};

class inventory {
public:
  inventory() = default;

  /// An inventory whose cells are all NA (structurally empty). Throws
  /// std::invalid_argument unless categories are unique and sorted, gases
  /// unique in enum order and years strictly increasing.
  inventory(std::vector<category> categories, std::vector<gas> gases, std::vector<int> years,
            std::optional<metric> gwp_metric)
      : categories_(std::move(categories)), gases_(std::move(gases)), years_(std::move(years)),
        metric_(gwp_metric) {
    for (std::size_t i = 1; i < categories_.size(); ++i)
      if (!(categories_[i - 1] < categories_[i]))
        throw std::invalid_argument("ghgtrack::inventory: categories must be unique and sorted; '" +
                                    categories_[i].sector + " / " + categories_[i].source +
                                    "' is out of order or repeated");
    for (std::size_t i = 1; i < gases_.size(); ++i)
      if (!(gases_[i - 1] < gases_[i]))
        throw std::invalid_argument("ghgtrack::inventory: gases must be unique, in enum order");
    for (std::size_t i = 1; i < years_.size(); ++i)
      if (!(years_[i - 1] < years_[i]))
        throw std::invalid_argument("ghgtrack::inventory: years must be strictly increasing");
    values_ = Eigen::ArrayXXd::Zero(n_cells(), n_years());
    keys_ = key_array::Constant(n_cells(), n_years(), static_cast<std::uint8_t>(notation::na));
  }

  // -- shape and labels ----------------------------------------------------
  const std::vector<category>& categories() const noexcept { return categories_; }
  const std::vector<gas>& gases() const noexcept { return gases_; }
  const std::vector<int>& years() const noexcept { return years_; }
  std::optional<metric> gwp_metric() const noexcept { return metric_; }
  Eigen::Index n_categories() const noexcept { return static_cast<Eigen::Index>(categories_.size()); }
  Eigen::Index n_gases() const noexcept { return static_cast<Eigen::Index>(gases_.size()); }
  Eigen::Index n_years() const noexcept { return static_cast<Eigen::Index>(years_.size()); }
  Eigen::Index n_cells() const noexcept { return n_categories() * n_gases(); }
  /// Row of values() for category c and gas index g.
  Eigen::Index cell(Eigen::Index c, Eigen::Index g) const noexcept { return c * n_gases() + g; }

  /// The distinct sectors, sorted.
  std::vector<std::string> sectors() const {
    std::vector<std::string> out;
    for (const auto& c : categories_)
      if (out.empty() || out.back() != c.sector) out.push_back(c.sector);
    return out;
  }

  std::optional<Eigen::Index> year_index(int year) const noexcept {
    const auto it = std::lower_bound(years_.begin(), years_.end(), year);
    if (it == years_.end() || *it != year) return std::nullopt;
    return static_cast<Eigen::Index>(it - years_.begin());
  }
  std::optional<Eigen::Index> gas_index(gas g) const noexcept {
    const auto it = std::lower_bound(gases_.begin(), gases_.end(), g);
    if (it == gases_.end() || *it != g) return std::nullopt;
    return static_cast<Eigen::Index>(it - gases_.begin());
  }
  std::optional<Eigen::Index> category_index(const category& c) const noexcept {
    const auto it = std::lower_bound(categories_.begin(), categories_.end(), c);
    if (it == categories_.end() || *it != c) return std::nullopt;
    return static_cast<Eigen::Index>(it - categories_.begin());
  }

  // -- data ------------------------------------------------------------------
  /// (categories x gases) x years, t CO2e.
  const Eigen::ArrayXXd& values() const noexcept { return values_; }
  /// Notation keys, same shape as values(), as std::uint8_t(notation).
  const key_array& keys() const noexcept { return keys_; }

  double value(Eigen::Index c, Eigen::Index g, Eigen::Index y) const {
    return values_(cell(c, g), y);
  }
  notation key(Eigen::Index c, Eigen::Index g, Eigen::Index y) const {
    return static_cast<notation>(keys_(cell(c, g), y));
  }
  /// Sets one entry. A notation key other than `value` stores 0.
  void set(Eigen::Index c, Eigen::Index g, Eigen::Index y, double v, notation k = notation::value) {
    if (k == notation::value && !std::isfinite(v))
      throw std::invalid_argument("ghgtrack::inventory::set: value must be finite");
    values_(cell(c, g), y) = (k == notation::value) ? v : 0.0;
    keys_(cell(c, g), y) = static_cast<std::uint8_t>(k);
  }
  /// Raw mutable access for code that keeps the invariants (readers, merge).
  Eigen::ArrayXXd& mutable_values() noexcept { return values_; }
  key_array& mutable_keys() noexcept { return keys_; }

  // -- aggregation -------------------------------------------------------------
  /// Sums cells into groups: group_of_cell[i] in [0, labels.size()) or -1 to
  /// leave cell i out. Contiguous runs of one group are summed as blocks.
  aggregate aggregate_by(const std::vector<int>& group_of_cell, std::vector<std::string> labels) const {
    if (static_cast<Eigen::Index>(group_of_cell.size()) != n_cells())
      throw shape_error("ghgtrack::inventory::aggregate_by: " + std::to_string(group_of_cell.size()) +
                        " group indices for " + std::to_string(n_cells()) + " cells");
    const auto n_groups = static_cast<Eigen::Index>(labels.size());
    for (int gidx : group_of_cell)
      if (gidx < -1 || gidx >= n_groups)
        throw std::invalid_argument("ghgtrack::inventory::aggregate_by: group index out of range");
    aggregate out;
    out.labels = std::move(labels);
    out.years = years_;
    out.values = Eigen::ArrayXXd::Zero(n_groups, n_years());
    out.flags = key_array::Constant(n_groups, n_years(), flag_no_value);
    const auto n = n_cells();
    // Runs of consecutive cells in one group (the usual case: categories are
    // sorted by sector) are summed as blocks; otherwise cell by cell.
    struct run {
      Eigen::Index begin, end;
      int group;
    };
    std::vector<run> runs;
    for (Eigen::Index b = 0; b < n;) {
      Eigen::Index e = b + 1;
      while (e < n && group_of_cell[static_cast<std::size_t>(e)] == group_of_cell[static_cast<std::size_t>(b)]) ++e;
      if (group_of_cell[static_cast<std::size_t>(b)] >= 0)
        runs.push_back({b, e, group_of_cell[static_cast<std::size_t>(b)]});
      b = e;
    }
    std::vector<detail::neumaier> acc(static_cast<std::size_t>(n_groups));
    std::vector<std::uint8_t> unknown(static_cast<std::size_t>(n_groups));
    std::vector<std::uint8_t> valued(static_cast<std::size_t>(n_groups));
    for (Eigen::Index y = 0; y < n_years(); ++y) {
      const double* col = values_.col(y).data();
      const std::uint8_t* kcol = keys_.col(y).data();
      std::fill(acc.begin(), acc.end(), detail::neumaier{});
      std::fill(unknown.begin(), unknown.end(), std::uint8_t{0});
      std::fill(valued.begin(), valued.end(), std::uint8_t{0});
      for (const run& r : runs) {
        const auto gi = static_cast<std::size_t>(r.group);
        if (r.end - r.begin >= 16) {
          acc[gi].add(detail::compensated_sum(col + r.begin, r.end - r.begin));
        } else {
          for (Eigen::Index i = r.begin; i < r.end; ++i) acc[gi].add(col[i]);
        }
        // Flags from the keys: byte-wide, branch-free, so it vectorises.
        std::uint8_t unk = 0, val = 0;
        for (Eigen::Index i = r.begin; i < r.end; ++i) {
          const std::uint8_t k = kcol[i];
          unk |= static_cast<std::uint8_t>((k == 2) | (k == 4) | (k == 6)); // NE, C, missing
          val |= static_cast<std::uint8_t>(k == 0);
        }
        if (!val) // a keyed cell may still hold a known part (merges)
          for (Eigen::Index i = r.begin; i < r.end && !val; ++i) val = col[i] != 0.0;
        unknown[gi] |= unk;
        valued[gi] |= val;
      }
      for (Eigen::Index gidx = 0; gidx < n_groups; ++gidx) {
        const auto gi = static_cast<std::size_t>(gidx);
        out.values(gidx, y) = acc[gi].result();
        out.flags(gidx, y) = static_cast<std::uint8_t>((unknown[gi] ? flag_incomplete : 0) |
                                                        (valued[gi] ? 0 : flag_no_value));
      }
    }
    return out;
  }

  /// All cells in one group labelled "Total".
  aggregate total() const {
    return aggregate_by(std::vector<int>(static_cast<std::size_t>(n_cells()), 0), {"Total"});
  }

  /// One group per sector (labels: sectors()).
  aggregate by_sector() const {
    auto labels = sectors();
    std::vector<int> group(static_cast<std::size_t>(n_cells()));
    int s = -1;
    for (Eigen::Index c = 0; c < n_categories(); ++c) {
      if (c == 0 || categories_[static_cast<std::size_t>(c)].sector !=
                        categories_[static_cast<std::size_t>(c - 1)].sector)
        ++s;
      for (Eigen::Index g = 0; g < n_gases(); ++g) group[static_cast<std::size_t>(cell(c, g))] = s;
    }
    return aggregate_by(group, std::move(labels));
  }

  /// One group per category, labelled "sector / source".
  aggregate by_category() const {
    std::vector<std::string> labels;
    std::vector<int> group(static_cast<std::size_t>(n_cells()));
    for (Eigen::Index c = 0; c < n_categories(); ++c) {
      const auto& cat = categories_[static_cast<std::size_t>(c)];
      labels.push_back(cat.sector + " / " + cat.source);
      for (Eigen::Index g = 0; g < n_gases(); ++g)
        group[static_cast<std::size_t>(cell(c, g))] = static_cast<int>(c);
    }
    return aggregate_by(group, std::move(labels));
  }

  /// One group per gas (labels: canonical gas names).
  aggregate by_gas() const {
    std::vector<std::string> labels;
    for (gas g : gases_) labels.emplace_back(name(g));
    std::vector<int> group(static_cast<std::size_t>(n_cells()));
    for (Eigen::Index c = 0; c < n_categories(); ++c)
      for (Eigen::Index g = 0; g < n_gases(); ++g)
        group[static_cast<std::size_t>(cell(c, g))] = static_cast<int>(g);
    return aggregate_by(group, std::move(labels));
  }

  // -- transformations -----------------------------------------------------------
  /// The part of the inventory for the given years, sectors and gases (an
  /// empty optional keeps all). Throws unknown_label_error naming what exists.
  inventory select(const std::optional<std::vector<int>>& years,
                   const std::optional<std::vector<std::string>>& sectors,
                   const std::optional<std::vector<gas>>& gases) const {
    std::vector<Eigen::Index> yi, gi, ci;
    if (years) {
      auto ys = *years;
      std::sort(ys.begin(), ys.end());
      ys.erase(std::unique(ys.begin(), ys.end()), ys.end());
      for (int y : ys) {
        const auto i = year_index(y);
        if (!i) throw unknown_label_error("ghgtrack: year " + std::to_string(y) +
                                          " is not in the inventory; years: " + join_years());
        yi.push_back(*i);
      }
    } else {
      for (Eigen::Index i = 0; i < n_years(); ++i) yi.push_back(i);
    }
    if (gases) {
      auto gs = *gases;
      std::sort(gs.begin(), gs.end());
      gs.erase(std::unique(gs.begin(), gs.end()), gs.end());
      for (gas g : gs) {
        const auto i = gas_index(g);
        if (!i) throw unknown_label_error("ghgtrack: gas " + std::string(name(g)) +
                                          " is not in the inventory; gases: " + join_gases());
        gi.push_back(*i);
      }
    } else {
      for (Eigen::Index i = 0; i < n_gases(); ++i) gi.push_back(i);
    }
    if (sectors) {
      const auto all = this->sectors();
      for (const auto& s : *sectors)
        if (std::find(all.begin(), all.end(), s) == all.end()) {
          std::string known;
          for (const auto& a : all) known += (known.empty() ? "" : ", ") + a;
          throw unknown_label_error("ghgtrack: sector '" + s + "' is not in the inventory; sectors: " + known);
        }
      for (Eigen::Index c = 0; c < n_categories(); ++c)
        if (std::find(sectors->begin(), sectors->end(), categories_[static_cast<std::size_t>(c)].sector) !=
            sectors->end())
          ci.push_back(c);
    } else {
      for (Eigen::Index i = 0; i < n_categories(); ++i) ci.push_back(i);
    }
    std::vector<category> cats;
    for (auto c : ci) cats.push_back(categories_[static_cast<std::size_t>(c)]);
    std::vector<gas> gs;
    for (auto g : gi) gs.push_back(gases_[static_cast<std::size_t>(g)]);
    std::vector<int> ys;
    for (auto y : yi) ys.push_back(years_[static_cast<std::size_t>(y)]);
    inventory out(std::move(cats), std::move(gs), std::move(ys), metric_);
    for (std::size_t a = 0; a < ci.size(); ++a)
      for (std::size_t b = 0; b < gi.size(); ++b)
        for (std::size_t d = 0; d < yi.size(); ++d) {
          const auto src = cell(ci[a], gi[b]);
          const auto dst = out.cell(static_cast<Eigen::Index>(a), static_cast<Eigen::Index>(b));
          out.values_(dst, static_cast<Eigen::Index>(d)) = values_(src, yi[d]);
          out.keys_(dst, static_cast<Eigen::Index>(d)) = keys_(src, yi[d]);
        }
    return out;
  }

  /// The same emissions restated on another GWP metric, gas by gas:
  /// x * GWP_to(gas) / GWP_from(gas). Throws incompatible_error when the
  /// metric is not recorded or a basket (e.g. HFCs) holds values, since its
  /// gas split is unknown.
  inventory restated(metric to) const {
    if (!metric_)
      throw incompatible_error("ghgtrack: cannot restate: the inventory does not record its GWP metric");
    inventory out = *this;
    out.metric_ = to;
    for (Eigen::Index g = 0; g < n_gases(); ++g) {
      const gas gs = gases_[static_cast<std::size_t>(g)];
      if (is_basket(gs)) {
        for (Eigen::Index c = 0; c < n_categories(); ++c)
          for (Eigen::Index y = 0; y < n_years(); ++y)
            if (key(c, g, y) == notation::value || is_unknown(key(c, g, y)))
              throw incompatible_error(
                  "ghgtrack: cannot restate from " + std::string(name(*metric_)) + " to " +
                  std::string(name(to)) + ": '" + categories_[static_cast<std::size_t>(c)].sector +
                  " / " + categories_[static_cast<std::size_t>(c)].source + "' reports " +
                  std::string(name(gs)) + " (a basket of gases) in " +
                  std::to_string(years_[static_cast<std::size_t>(y)]) +
                  ", and its split by gas is not in the data");
        continue;
      }
      const double factor = gwp(gs, to) / gwp(gs, *metric_);
      for (Eigen::Index c = 0; c < n_categories(); ++c) out.values_.row(cell(c, g)) *= factor;
    }
    return out;
  }

private:
  std::string join_years() const {
    std::string s;
    for (int y : years_) s += (s.empty() ? "" : ", ") + std::to_string(y);
    return s;
  }
  std::string join_gases() const {
    std::string s;
    for (gas g : gases_) s += (s.empty() ? "" : ", ") + std::string(name(g));
    return s;
  }

  std::vector<category> categories_;
  std::vector<gas> gases_;
  std::vector<int> years_;
  std::optional<metric> metric_;
  Eigen::ArrayXXd values_;
  key_array keys_;
};

namespace detail {
/// The key of a cell that combines two parts (a boundary merge): any unknown
/// wins (the sum is not fully known), then a reported value, then NO, IE, NA.
inline notation combine_keys(notation a, notation b) noexcept {
  if (is_unknown(a)) return a;
  if (is_unknown(b)) return b;
  if (a == notation::value || b == notation::value) return notation::value;
  if (a == notation::no || b == notation::no) return notation::no;
  if (a == notation::ie || b == notation::ie) return notation::ie;
  return notation::na;
}
} // namespace detail

/// Combines the inventories of areas that became one municipality (old
/// Asker + Røyken + Hurum = today's Asker): cell by cell sums on the union of
/// the gases. Throws incompatible_error, naming the part and what differs,
/// when the years, categories or GWP metrics disagree.
inline inventory merge(const std::vector<inventory>& parts,
                       const std::vector<std::string>& names = {}) {
  if (parts.empty()) throw std::invalid_argument("ghgtrack::merge: nothing to merge");
  auto label = [&](std::size_t i) {
    return i < names.size() ? "'" + names[i] + "'" : "part " + std::to_string(i + 1);
  };
  const inventory& first = parts.front();
  std::vector<gas> gases;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const inventory& p = parts[i];
    if (p.years() != first.years())
      throw incompatible_error("ghgtrack::merge: " + label(i) + " has other years than " + label(0) +
                               " (" + std::to_string(p.years().size()) + " vs " +
                               std::to_string(first.years().size()) + " years)");
    if (p.gwp_metric() != first.gwp_metric())
      throw incompatible_error("ghgtrack::merge: " + label(i) + " is on another GWP metric than " + label(0));
    if (p.categories() != first.categories()) {
      std::string which;
      for (const auto& c : p.categories())
        if (!first.category_index(c)) { which = "'" + c.sector + " / " + c.source + "' is only in " + label(i); break; }
      if (which.empty())
        for (const auto& c : first.categories())
          if (!p.category_index(c)) { which = "'" + c.sector + " / " + c.source + "' is only in " + label(0); break; }
      throw incompatible_error("ghgtrack::merge: categories of " + label(i) + " and " + label(0) +
                               " differ: " + which);
    }
    gases.insert(gases.end(), p.gases().begin(), p.gases().end());
  }
  std::sort(gases.begin(), gases.end());
  gases.erase(std::unique(gases.begin(), gases.end()), gases.end());
  inventory out(first.categories(), gases, first.years(), first.gwp_metric());
  std::vector<bool> touched(static_cast<std::size_t>(out.n_cells()), false);
  for (const inventory& p : parts) {
    for (Eigen::Index g = 0; g < p.n_gases(); ++g) {
      const auto og = *out.gas_index(p.gases()[static_cast<std::size_t>(g)]);
      for (Eigen::Index c = 0; c < p.n_categories(); ++c) {
        const auto src = p.cell(c, g);
        const auto dst = out.cell(c, og);
        const bool first_part = !touched[static_cast<std::size_t>(dst)];
        touched[static_cast<std::size_t>(dst)] = true;
        for (Eigen::Index y = 0; y < p.n_years(); ++y) {
          const auto k = static_cast<notation>(p.keys()(src, y));
          out.mutable_values()(dst, y) += p.values()(src, y);
          const auto prev = static_cast<notation>(out.keys()(dst, y));
          out.mutable_keys()(dst, y) =
              static_cast<std::uint8_t>(first_part ? k : detail::combine_keys(prev, k));
        }
      }
    }
  }
  return out;
}

namespace detail {
/// Gives each distinct (sector, source) a small id in order of first use.
/// Rows usually come grouped by category, so the last one is tried first.
class category_interner {
public:
  int id(std::string_view sector, std::string_view source) {
    if (last_ >= 0 && cats_[static_cast<std::size_t>(last_)].sector == sector &&
        cats_[static_cast<std::size_t>(last_)].source == source)
      return last_;
    std::string k;
    k.reserve(sector.size() + source.size() + 1);
    k.append(sector).push_back('\x1f');
    k.append(source);
    const auto it = ids_.find(k);
    if (it != ids_.end()) return last_ = it->second;
    const int id = static_cast<int>(cats_.size());
    cats_.push_back({std::string(sector), std::string(source)});
    ids_.emplace(std::move(k), id);
    return last_ = id;
  }
  const std::vector<category>& categories() const noexcept { return cats_; }

private:
  std::vector<category> cats_;
  std::unordered_map<std::string, int> ids_;
  int last_ = -1;
};
} // namespace detail

/// Collects rows in any order and builds a canonical inventory. Reports bad
/// rows as input_error with the origin and row given to add().
class inventory_builder {
public:
  explicit inventory_builder(std::optional<metric> gwp_metric = std::nullopt, std::string origin = {})
      : metric_(gwp_metric), origin_(std::move(origin)) {}

  static constexpr int min_year = 1850;
  static constexpr int max_year = 2200;

  void reserve(std::size_t n) { rows_.reserve(n); }
  /// The GWP metric the CO2e values are on, when it is known only late.
  void set_metric(std::optional<metric> m) noexcept { metric_ = m; }

  /// One collected row; `cat` is an id from category_id().
  struct entry { // 32 bytes: a file of 10 million rows keeps 320 MB here
    double value;
    std::size_t row;
    int cat;
    int year;
    gas g;
    notation key;
  };

  /// Throws input_error unless the row's fields are acceptable.
  static void check(const std::string& origin, std::string_view sector, std::string_view source,
                    int year, double value, notation key, std::size_t row) {
    if (sector.empty()) throw input_error(origin, row, "sector", "", "the sector is empty");
    if (source.empty()) throw input_error(origin, row, "source", "", "the source is empty");
    if (year < min_year || year > max_year)
      throw input_error(origin, row, "year", std::to_string(year),
                        "impossible year (accepted: " + std::to_string(min_year) + "-" +
                            std::to_string(max_year) + ")");
    if (key == notation::value && !std::isfinite(value))
      throw input_error(origin, row, "value", std::to_string(value), "the value is not a finite number");
  }

  /// Adds one entry. `row` locates it in error messages (0 if unknown).
  void add(std::string_view sector, std::string_view source, gas g, int year, double value,
           notation key, std::size_t row = 0) {
    check(origin_, sector, source, year, value, key, row);
    // With a notation key, a finite value is a known part of the cell (e.g. a
    // merged cell that is partly NE); NaN means "no number".
    rows_.push_back({value, row, category_id(sector, source), year, g, key});
  }

  /// The id of a category, interning it on first use.
  int category_id(std::string_view sector, std::string_view source) { return cats_.id(sector, source); }

  /// The category of an id from category_id().
  const category& category_of(int id) const { return cats_.categories().at(static_cast<std::size_t>(id)); }

  /// Appends rows already checked (with check()) whose `cat` is a local id;
  /// `id_map[local]` gives this builder's id (from category_id()).
  void append(std::vector<entry>&& rows, const std::vector<int>& id_map) {
    for (auto& r : rows) r.cat = id_map[static_cast<std::size_t>(r.cat)];
    if (rows_.empty()) {
      rows_ = std::move(rows);
    } else {
      rows_.insert(rows_.end(), rows.begin(), rows.end());
    }
  }

  std::size_t size() const noexcept { return rows_.size(); }

  /// Builds the inventory. Throws input_error on a duplicate entry (naming
  /// both rows). Cells of a (category, gas) that has rows in some years but
  /// not in others become notation::missing; never reported ones stay NA.
  inventory build() const {
    // Canonical category order.
    const std::vector<category>& all = cats_.categories();
    std::vector<int> order(all.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](int a, int b) {
      return all[static_cast<std::size_t>(a)] < all[static_cast<std::size_t>(b)];
    });
    std::vector<int> rank(all.size());
    std::vector<category> cats;
    cats.reserve(all.size());
    for (std::size_t i = 0; i < order.size(); ++i) {
      rank[static_cast<std::size_t>(order[i])] = static_cast<int>(i);
      cats.push_back(all[static_cast<std::size_t>(order[i])]);
    }
    std::vector<int> years;
    std::array<bool, gas_count> gas_seen{};
    int ymin = max_year, ymax = min_year;
    for (const auto& r : rows_) {
      gas_seen[static_cast<std::size_t>(r.g)] = true;
      ymin = std::min(ymin, r.year);
      ymax = std::max(ymax, r.year);
    }
    std::vector<int> year_slot;
    if (!rows_.empty()) {
      std::vector<bool> seen(static_cast<std::size_t>(ymax - ymin + 1), false);
      for (const auto& r : rows_) seen[static_cast<std::size_t>(r.year - ymin)] = true;
      year_slot.assign(seen.size(), -1);
      for (std::size_t i = 0; i < seen.size(); ++i)
        if (seen[i]) {
          year_slot[i] = static_cast<int>(years.size());
          years.push_back(ymin + static_cast<int>(i));
        }
    }
    std::vector<gas> gases;
    std::array<int, gas_count> gas_slot{};
    for (std::size_t i = 0; i < gas_count; ++i)
      if (gas_seen[i]) {
        gas_slot[i] = static_cast<int>(gases.size());
        gases.push_back(static_cast<gas>(i));
      }
    inventory inv(std::move(cats), std::move(gases), std::move(years), metric_);
    // Row (1-based position in rows_) that filled each entry, for duplicates.
    std::vector<std::uint32_t> filled(static_cast<std::size_t>(inv.n_cells() * inv.n_years()), 0);
    if (rows_.size() >= 0xFFFFFFFFu)
      throw std::length_error("ghgtrack::inventory_builder: more than 4e9 rows");
    auto& vals = inv.mutable_values();
    auto& keys = inv.mutable_keys();
    for (std::size_t i = 0; i < rows_.size(); ++i) {
      const auto& r = rows_[i];
      const Eigen::Index c = rank[static_cast<std::size_t>(r.cat)];
      const Eigen::Index g = gas_slot[static_cast<std::size_t>(r.g)];
      const Eigen::Index y = year_slot[static_cast<std::size_t>(r.year - ymin)];
      const auto cell = inv.cell(c, g);
      auto& slot = filled[static_cast<std::size_t>(cell * inv.n_years() + y)];
      if (slot) {
        const auto& prev = rows_[slot - 1];
        const auto& cat = inv.categories()[static_cast<std::size_t>(c)];
        throw input_error(origin_, r.row, "", "",
                          "duplicate entry for " + cat.sector + " / " + cat.source + " / " +
                              std::string(name(r.g)) + " / " + std::to_string(r.year) +
                              " (first given in row " + std::to_string(prev.row) + ")");
      }
      slot = static_cast<std::uint32_t>(i + 1);
      vals(cell, y) = std::isfinite(r.value) ? r.value : 0.0;
      keys(cell, y) = static_cast<std::uint8_t>(r.key);
    }
    for (Eigen::Index cell = 0; cell < inv.n_cells(); ++cell) {
      bool any = false;
      for (Eigen::Index y = 0; y < inv.n_years() && !any; ++y)
        any = filled[static_cast<std::size_t>(cell * inv.n_years() + y)] != 0;
      if (!any) continue;
      for (Eigen::Index y = 0; y < inv.n_years(); ++y)
        if (!filled[static_cast<std::size_t>(cell * inv.n_years() + y)])
          keys(cell, y) = static_cast<std::uint8_t>(notation::missing);
    }
    return inv;
  }

private:
  std::optional<metric> metric_;
  std::string origin_;
  std::vector<entry> rows_;
  detail::category_interner cats_;
};

} // namespace ghgtrack

#endif
