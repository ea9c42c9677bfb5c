// ghgtrack/inventory.hpp: an emissions inventory and its aggregations.
//
// An inventory holds emissions in t CO2e indexed by category (sector ->
// source), gas and year, stored densely: `values()` is an Eigen array with
// one row per (category, gas) cell and one column per year, and `keys()` the
// notation key of every entry (notation.hpp). Entries with a key other than
// notation::value hold 0 unless an unknown part was merged with a known one.
//
// Invariants, relied on by every operation and checked by every constructor:
//  - categories are unique and sorted by (sector, source); gases unique in
//    enum order; years unique and increasing. This canonical order is why
//    sums do not depend on the order of the input rows.
//  - values() and keys() have one row per cell and one column per year;
//    every key is a valid notation; every value is finite.
//  - the CO2e values are on the recorded GWP metric (`gwp_metric()`), which
//    is empty only when the origin did not say.
// There is no mutable access to the arrays: an inventory is built by
// inventory_builder (inventory_builder.hpp), by the constructor that takes
// (and checks) whole arrays, or by the operations below.
//
// Sums use compensated (Neumaier) summation (detail/sum.hpp). An aggregate
// carries, per entry, whether it includes an unknown (NE, C, missing) and
// whether it has any reported value at all (aggregate.hpp).
//
// Related headers: category.hpp (category), aggregate.hpp (aggregate and its
// flags), inventory_builder.hpp (rows to an inventory), merge.hpp (areas that
// became one municipality), csv.hpp (the tidy CSV format).
#ifndef GHGTRACK_INVENTORY_HPP
#define GHGTRACK_INVENTORY_HPP

#include <Eigen/Core>

#include <algorithm>
#include <cmath>
#include <limits>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "ghgtrack/aggregate.hpp"
#include "ghgtrack/category.hpp"
#include "ghgtrack/detail/sum.hpp"
#include "ghgtrack/error.hpp"
#include "ghgtrack/gas.hpp"
#include "ghgtrack/gwp.hpp"
#include "ghgtrack/notation.hpp"
#include "ghgtrack/units.hpp"

namespace ghgtrack {

class inventory {
public:
  inventory() = default;

  /// An inventory whose cells are all NA (structurally empty). Throws
  /// argument_error unless categories are unique and sorted, gases unique in
  /// enum order and years strictly increasing.
  inventory(std::vector<category> categories, std::vector<gas> gases, std::vector<int> years,
            std::optional<metric> gwp_metric)
      : categories_(std::move(categories)), gases_(std::move(gases)), years_(std::move(years)), metric_(gwp_metric) {
    check_labels();
    values_ = Eigen::ArrayXXd::Zero(n_cells(), n_years());
    keys_ = key_array::Constant(n_cells(), n_years(), static_cast<std::uint8_t>(notation::na));
  }

  /// An inventory with the given data: `values_tonnes_co2e` and `keys` are
  /// (categories x gases) x years (row cell(c, g)), keys as
  /// std::uint8_t(notation). Throws argument_error naming what is wrong
  /// unless every invariant above holds (labels, shapes, keys, finite values);
  /// shape_error when the arrays do not match the labels.
  inventory(std::vector<category> categories, std::vector<gas> gases, std::vector<int> years,
            std::optional<metric> gwp_metric, Eigen::ArrayXXd values_tonnes_co2e, key_array keys)
      : categories_(std::move(categories)), gases_(std::move(gases)), years_(std::move(years)), metric_(gwp_metric),
        values_(std::move(values_tonnes_co2e)), keys_(std::move(keys)) {
    check_labels();
    if (values_.rows() != n_cells() || values_.cols() != n_years() || keys_.rows() != n_cells() ||
        keys_.cols() != n_years())
      throw shape_error(
          "ghgtrack::inventory: values are " + std::to_string(values_.rows()) + " x " + std::to_string(values_.cols()) +
          " and keys " + std::to_string(keys_.rows()) + " x " + std::to_string(keys_.cols()) +
          "; expected (categories x gases) x years = " + std::to_string(n_cells()) + " x " + std::to_string(n_years()));
    if (!values_.isFinite().all())
      throw argument_error("ghgtrack::inventory: every value must be finite (a number that is not "
                           "known is a notation key, not NaN)");
    if ((keys_ > static_cast<std::uint8_t>(notation::missing)).any())
      throw argument_error("ghgtrack::inventory: a key is not a notation (accepted: 0-6, see notation.hpp)");
  }

private:
  void check_labels() const {
    for (std::size_t i = 1; i < categories_.size(); ++i)
      if (!(categories_[i - 1] < categories_[i]))
        throw argument_error("ghgtrack::inventory: categories must be unique and sorted; '" + categories_[i].sector +
                             " / " + categories_[i].source + "' is out of order or repeated");
    for (std::size_t i = 1; i < gases_.size(); ++i)
      if (!(gases_[i - 1] < gases_[i]))
        throw argument_error("ghgtrack::inventory: gases must be unique, in enum order");
    for (std::size_t i = 1; i < years_.size(); ++i)
      if (!(years_[i - 1] < years_[i])) throw argument_error("ghgtrack::inventory: years must be strictly increasing");
  }

public:
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

  double value(Eigen::Index c, Eigen::Index g, Eigen::Index y) const { return values_(cell(c, g), y); }
  notation key(Eigen::Index c, Eigen::Index g, Eigen::Index y) const {
    return static_cast<notation>(keys_(cell(c, g), y));
  }
  /// Sets one entry, keeping the invariants: the indices must be in range,
  /// a value must be finite, and a notation key other than `value` stores 0.
  void set(Eigen::Index c, Eigen::Index g, Eigen::Index y, units::co2e v, notation k = notation::value) {
    if (c < 0 || c >= n_categories() || g < 0 || g >= n_gases() || y < 0 || y >= n_years())
      throw argument_error("ghgtrack::inventory::set: index out of range");
    const double t = units::value_in(v, units::tonne_co2e);
    if (k == notation::value && !std::isfinite(t))
      throw argument_error("ghgtrack::inventory::set: the value must be finite");
    values_(cell(c, g), y) = (k == notation::value) ? t : 0.0;
    keys_(cell(c, g), y) = static_cast<std::uint8_t>(k);
  }
  /// Sets one entry to a notation key (NO, NE, IE, C, NA or missing).
  void set(Eigen::Index c, Eigen::Index g, Eigen::Index y, notation k) { set(c, g, y, 0.0 * units::tonne_co2e, k); }
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
        throw argument_error("ghgtrack::inventory::aggregate_by: group index out of range (accepted: -1 to " +
                             std::to_string(n_groups - 1) + ")");
    aggregate out;
    out.labels = std::move(labels);
    out.years = years_;
    out.values = Eigen::ArrayXXd::Zero(n_groups, n_years());
    out.flags = key_array::Constant(n_groups, n_years(), bits(aggregate_flag::no_value));
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
        const double sum = acc[gi].result();
        const bool finite = std::isfinite(sum);
        out.values(gidx, y) = finite ? sum : std::numeric_limits<double>::quiet_NaN();
        out.flags(gidx, y) = static_cast<std::uint8_t>((unknown[gi] || !finite ? bits(aggregate_flag::incomplete) : 0) |
                                                       (valued[gi] ? 0 : bits(aggregate_flag::no_value)) |
                                                       (finite ? 0 : bits(aggregate_flag::not_finite)));
      }
    }
    return out;
  }

  /// All cells in one group labelled "Total".
  aggregate total() const { return aggregate_by(std::vector<int>(static_cast<std::size_t>(n_cells()), 0), {"Total"}); }

  /// One group per sector (labels: sectors()).
  aggregate by_sector() const {
    auto labels = sectors();
    std::vector<int> group(static_cast<std::size_t>(n_cells()));
    int s = -1;
    for (Eigen::Index c = 0; c < n_categories(); ++c) {
      if (c == 0 ||
          categories_[static_cast<std::size_t>(c)].sector != categories_[static_cast<std::size_t>(c - 1)].sector)
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
      for (Eigen::Index g = 0; g < n_gases(); ++g) group[static_cast<std::size_t>(cell(c, g))] = static_cast<int>(c);
    }
    return aggregate_by(group, std::move(labels));
  }

  /// One group per gas (labels: canonical gas names).
  aggregate by_gas() const {
    std::vector<std::string> labels;
    for (gas g : gases_) labels.emplace_back(name(g));
    std::vector<int> group(static_cast<std::size_t>(n_cells()));
    for (Eigen::Index c = 0; c < n_categories(); ++c)
      for (Eigen::Index g = 0; g < n_gases(); ++g) group[static_cast<std::size_t>(cell(c, g))] = static_cast<int>(g);
    return aggregate_by(group, std::move(labels));
  }

  // -- transformations -----------------------------------------------------------
  /// The distinct source names (the second part of a category), sorted.
  std::vector<std::string> sources() const {
    std::vector<std::string> out;
    for (const auto& c : categories_) out.push_back(c.source);
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
  }

  /// The part of the inventory for the given years, sectors, gases and
  /// sources (source names, in any sector); an empty optional keeps all.
  /// Throws unknown_label_error naming what exists.
  inventory select(const std::optional<std::vector<int>>& years, const std::optional<std::vector<std::string>>& sectors,
                   const std::optional<std::vector<gas>>& gases,
                   const std::optional<std::vector<std::string>>& sources = std::nullopt) const {
    std::vector<Eigen::Index> yi, gi, ci;
    if (years) {
      auto ys = *years;
      std::sort(ys.begin(), ys.end());
      ys.erase(std::unique(ys.begin(), ys.end()), ys.end());
      for (int y : ys) {
        const auto i = year_index(y);
        if (!i)
          throw unknown_label_error("ghgtrack: year " + std::to_string(y) +
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
        if (!i)
          throw unknown_label_error("ghgtrack: gas " + std::string(name(g)) +
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
    if (sources) {
      const auto all = this->sources();
      for (const auto& s : *sources)
        if (!std::binary_search(all.begin(), all.end(), s)) {
          std::string known;
          for (const auto& a : all) known += (known.empty() ? "" : ", ") + a;
          throw unknown_label_error("ghgtrack: source '" + s + "' is not in the inventory; sources: " + known);
        }
      ci.erase(std::remove_if(ci.begin(), ci.end(),
                              [&](Eigen::Index c) {
                                return std::find(sources->begin(), sources->end(),
                                                 categories_[static_cast<std::size_t>(c)].source) == sources->end();
                              }),
               ci.end());
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
    if (!metric_) throw incompatible_error("ghgtrack: cannot restate: the inventory does not record its GWP metric");
    inventory out = *this;
    out.metric_ = to;
    for (Eigen::Index g = 0; g < n_gases(); ++g) {
      const gas gs = gases_[static_cast<std::size_t>(g)];
      if (is_basket(gs)) {
        for (Eigen::Index c = 0; c < n_categories(); ++c)
          for (Eigen::Index y = 0; y < n_years(); ++y)
            if (key(c, g, y) == notation::value || is_unknown(key(c, g, y)))
              throw incompatible_error("ghgtrack: cannot restate from " + std::string(name(*metric_)) + " to " +
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

} // namespace ghgtrack

#endif
