// ghgtrack/gas.hpp: greenhouse gases and gas baskets, and their names.
//
// A `gas` is either a single species (CO2, CH4, ...) or a basket that official
// tables report as one column (Miljødirektoratet's "HFK" = all HFCs, "PFK" =
// all PFCs). A basket has no GWP of its own: its CO2e cannot be turned back
// into a gas mass or restated to another metric without the species split.
//
// Names parse in the common spellings: chemical formulas with or without
// hyphens or subscripts ("CO2", "CO₂", "HFC-134a", "HFC134a"), English names
// ("methane"), and the Norwegian names used in SSB and Miljødirektoratet
// tables ("Karbondioksid", "Metan", "Lystgass", "HFK", "PFK").
#ifndef GHGTRACK_GAS_HPP
#define GHGTRACK_GAS_HPP

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "ghgtrack/error.hpp"

namespace ghgtrack {

/// Greenhouse gases and baskets. The order is stable (it indexes GWP tables
/// and stored arrays); new gases are only ever appended before `count_`.
enum class gas : std::uint8_t {
  co2,
  ch4,            ///< methane, origin not stated
  ch4_fossil,     ///< fossil methane (AR5/AR6 add the CO2 from its oxidation)
  ch4_non_fossil, ///< biogenic methane
  n2o,
  sf6,
  nf3,
  hfc_23,
  hfc_32,
  hfc_125,
  hfc_134a,
  hfc_143a,
  hfc_152a,
  hfc_227ea,
  hfc_236fa,
  hfc_245fa,
  hfc_365mfc,
  hfc_43_10mee,
  cf4,
  c2f6,
  c3f8,
  c_c4f8,
  hfcs,  ///< basket: all hydrofluorocarbons (Norwegian "HFK")
  pfcs,  ///< basket: all perfluorocarbons (Norwegian "PFK")
  kyoto, ///< basket: the Kyoto gases (CO2, CH4, N2O, HFCs, PFCs, SF6, NF3)
  // Added for parity with openscm-units (issue 14). Not members of any
  // basket: CCl4, HCFC-142b and CH2Cl2 are Montreal-Protocol or unregulated
  // halocarbons; C7F16 (PFC-61-16) and C8F18 (PFC-71-18) are not in the
  // Kyoto Protocol's PFC list (Doha amendment, Annex A); SO2F2 and the HFEs
  // are not Kyoto gases either.
  ccl4,        ///< carbon tetrachloride
  hcfc_142b,   ///< HCFC-142b
  hfe_356pcc3, ///< HFE-356pcc3
  ch2cl2,      ///< dichloromethane
  c7f16,       ///< perfluoroheptane
  c8f18,       ///< perfluorooctane
  so2f2,       ///< sulphuryl fluoride
  hfe_134,     ///< HFE-134
  count_
};

inline constexpr std::size_t gas_count = static_cast<std::size_t>(gas::count_);

namespace detail {

struct gas_record {
  gas id;
  std::string_view name;    // canonical display name
  std::string_view aliases; // space-separated, in normalize_name() form
};

// Aliases are compared after normalize_name(): lower case, ASCII letters and
// digits only, Unicode subscript digits mapped to ASCII.
inline constexpr std::array<gas_record, gas_count> gas_records{{
    {gas::co2, "CO2", "co2 carbondioxide karbondioksid"},
    {gas::ch4, "CH4", "ch4 methane metan"},
    {gas::ch4_fossil, "CH4 fossil", "ch4fossil fossilch4 fossilmethane fossilmetan"},
    {gas::ch4_non_fossil, "CH4 non-fossil",
     "ch4nonfossil nonfossilch4 ch4biogenic biogenicch4 biogenicmethane biogenmetan"},
    {gas::n2o, "N2O", "n2o nitrousoxide dinitrogenoxide lystgass dinitrogenoksid"},
    {gas::sf6, "SF6", "sf6 sulphurhexafluoride sulfurhexafluoride svovelheksafluorid"},
    {gas::nf3, "NF3", "nf3 nitrogentrifluoride nitrogentrifluorid"},
    {gas::hfc_23, "HFC-23", "hfc23 hfk23 r23"},
    {gas::hfc_32, "HFC-32", "hfc32 hfk32 r32"},
    {gas::hfc_125, "HFC-125", "hfc125 hfk125 r125"},
    {gas::hfc_134a, "HFC-134a", "hfc134a hfk134a r134a"},
    {gas::hfc_143a, "HFC-143a", "hfc143a hfk143a r143a"},
    {gas::hfc_152a, "HFC-152a", "hfc152a hfk152a r152a"},
    {gas::hfc_227ea, "HFC-227ea", "hfc227ea hfk227ea r227ea"},
    {gas::hfc_236fa, "HFC-236fa", "hfc236fa hfk236fa r236fa"},
    {gas::hfc_245fa, "HFC-245fa", "hfc245fa hfk245fa r245fa"},
    {gas::hfc_365mfc, "HFC-365mfc", "hfc365mfc hfk365mfc r365mfc"},
    {gas::hfc_43_10mee, "HFC-43-10mee", "hfc4310mee hfk4310mee hfc4310"},
    {gas::cf4, "CF4", "cf4 pfc14 pfk14 tetrafluoromethane"},
    {gas::c2f6, "C2F6", "c2f6 pfc116 pfk116 hexafluoroethane"},
    {gas::c3f8, "C3F8", "c3f8 pfc218 pfk218 octafluoropropane"},
    {gas::c_c4f8, "c-C4F8", "cc4f8 pfc318 pfk318 pfcc318 octafluorocyclobutane"},
    {gas::hfcs, "HFCs", "hfcs hfc hfk hydrofluorocarbons hydrofluorkarboner"},
    {gas::pfcs, "PFCs", "pfcs pfc pfk perfluorocarbons perfluorkarboner"},
    {gas::kyoto, "Kyoto GHG", "kyotoghg kyotogases kyoto ghg"},
    {gas::ccl4, "CCl4", "ccl4 carbontetrachloride tetraklormetan"},
    {gas::hcfc_142b, "HCFC-142b", "hcfc142b hkfk142b r142b"},
    {gas::hfe_356pcc3, "HFE-356pcc3", "hfe356pcc3"},
    {gas::ch2cl2, "CH2Cl2", "ch2cl2 dichloromethane methylenechloride diklormetan"},
    {gas::c7f16, "C7F16", "c7f16 pfc6116 perfluoroheptane"},
    {gas::c8f18, "C8F18", "c8f18 pfc7118 perfluorooctane"},
    {gas::so2f2, "SO2F2", "so2f2 sulfurylfluoride sulphurylfluoride"},
    {gas::hfe_134, "HFE-134", "hfe134"},
}};

/// Lower-case ASCII letters and digits only; Unicode subscript digits
/// (U+2080..U+2089, UTF-8 E2 82 80..89) become ASCII digits. Everything else
/// (spaces, hyphens, underscores, trailing newlines) is dropped.
inline std::string normalize_name(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 'A' && c <= 'Z') {
      out.push_back(static_cast<char>(c - 'A' + 'a'));
    } else if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
      out.push_back(static_cast<char>(c));
    } else if (c == 0xE2 && i + 2 < s.size() && static_cast<unsigned char>(s[i + 1]) == 0x82) {
      const auto d = static_cast<unsigned char>(s[i + 2]);
      if (d >= 0x80 && d <= 0x89) out.push_back(static_cast<char>('0' + (d - 0x80)));
      i += 2;
    }
  }
  return out;
}

inline bool alias_list_contains(std::string_view list, std::string_view key) {
  while (!list.empty()) {
    const auto sp = list.find(' ');
    const auto word = list.substr(0, sp);
    if (word == key) return true;
    if (sp == std::string_view::npos) break;
    list.remove_prefix(sp + 1);
  }
  return false;
}

} // namespace detail

/// The canonical display name ("CO2", "HFC-134a", "HFCs"). Like
/// name(notation), it never throws: a value outside the enumeration (only
/// reachable through a cast) gives "?", with no undefined behaviour.
inline std::string_view name(gas g) noexcept {
  const auto i = static_cast<std::size_t>(g);
  return i < gas_count ? detail::gas_records[i].name : std::string_view{"?"};
}

/// True for a basket (HFCs, PFCs, Kyoto GHG) rather than a single species.
constexpr bool is_basket(gas g) noexcept { return g == gas::hfcs || g == gas::pfcs || g == gas::kyoto; }

/// All gases and baskets, in enum order.
inline std::vector<gas> all_gases() {
  std::vector<gas> v;
  v.reserve(gas_count);
  for (const auto& r : detail::gas_records) v.push_back(r.id);
  return v;
}

/// The single species a basket contains (Kyoto also contains the HFC and PFC
/// baskets' species). A single species is its own only member.
inline std::vector<gas> members(gas basket) {
  std::vector<gas> v;
  auto add_range = [&v](gas first, gas last) {
    for (auto i = static_cast<int>(first); i <= static_cast<int>(last); ++i) v.push_back(static_cast<gas>(i));
  };
  switch (basket) {
  case gas::hfcs: add_range(gas::hfc_23, gas::hfc_43_10mee); break;
  case gas::pfcs: add_range(gas::cf4, gas::c_c4f8); break;
  case gas::kyoto:
    v = {gas::co2, gas::ch4, gas::n2o, gas::sf6, gas::nf3};
    add_range(gas::hfc_23, gas::c_c4f8);
    break;
  default: v.push_back(basket);
  }
  return v;
}

/// The gas for a name in any accepted spelling; throws unknown_gas_error
/// naming the input and listing the known names.
inline gas parse_gas(std::string_view text) {
  const std::string key = detail::normalize_name(text);
  if (!key.empty()) {
    for (const auto& r : detail::gas_records)
      if (detail::alias_list_contains(r.aliases, key)) return r.id;
  }
  std::string msg = "ghgtrack: unknown gas '" + std::string(text) + "'; known gases: ";
  for (std::size_t i = 0; i < gas_count; ++i) {
    if (i) msg += ", ";
    msg += detail::gas_records[i].name;
  }
  msg += " (also accepted: Norwegian names such as Karbondioksid, Metan, Lystgass, HFK, PFK)";
  throw unknown_gas_error(msg);
}

} // namespace ghgtrack

#endif
