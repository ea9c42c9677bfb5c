// ghgtrack/units.hpp: the physical units at ghgtrack's C++ API, on Boost.Units.
//
// CO2-equivalent is a base dimension of its own, not a mass. A tonne of CH4
// and a tonne of CO2e are different types, so adding them does not compile
// (tests/compile_fail/co2e_plus_mass.cpp proves it); the only way across is
// ghgtrack::to_co2e / from_co2e (co2e.hpp), which name the gas and the GWP
// metric. Why not simply mass: a CO2e value is a statement about warming under
// a chosen metric, and mixing it with physical mass is the commonest error in
// inventory spreadsheets (see mp-units' "quantity kinds" for the same idea).
//
// The system is SI (metre, kilogram, second) plus the tonne of CO2e. Every
// quantity stores its value in that system's unit: mass in kg, energy in J,
// volume in m3, length in m, CO2e in t. Arrays of plain doubles (Eigen) use
// tonnes for gas mass and tonnes CO2e; their unit is part of their name.
//
// The named constants below are quantities, so `5.0 * units::megawatt_hour`
// and `0.2645 * units::kilogram / units::kilowatt_hour` read like the paper
// form, and `value_in(q, units::kilotonne_co2e)` reads a value back.
#ifndef GHGTRACK_UNITS_HPP
#define GHGTRACK_UNITS_HPP

#include <boost/units/base_dimension.hpp>
#include <boost/units/base_unit.hpp>
#include <boost/units/base_units/si/kilogram.hpp>
#include <boost/units/base_units/si/meter.hpp>
#include <boost/units/base_units/si/second.hpp>
#include <boost/units/make_system.hpp>
#include <boost/units/physical_dimensions/energy.hpp>
#include <boost/units/physical_dimensions/length.hpp>
#include <boost/units/physical_dimensions/mass.hpp>
#include <boost/units/physical_dimensions/volume.hpp>
#include <boost/units/quantity.hpp>
#include <boost/units/unit.hpp>

namespace ghgtrack {
namespace units {

namespace bu = boost::units;

/// The CO2-equivalent dimension. Ordinal chosen well clear of Boost's own.
struct co2e_base_dimension : bu::base_dimension<co2e_base_dimension, 1471> {};
using co2e_dimension = co2e_base_dimension::dimension_type;

/// One tonne of CO2-equivalent: the base unit of the CO2e dimension.
struct tonne_co2e_base_unit : bu::base_unit<tonne_co2e_base_unit, co2e_dimension, 1471> {
  static const char* name() { return "tonne CO2e"; }
  static const char* symbol() { return "t CO2e"; }
};

/// SI mechanics plus CO2e.
using system = bu::make_system<bu::si::meter_base_unit, bu::si::kilogram_base_unit, bu::si::second_base_unit,
                               tonne_co2e_base_unit>::type;

using co2e_unit = bu::unit<co2e_dimension, system>;
using mass_unit = bu::unit<bu::mass_dimension, system>;
using energy_unit = bu::unit<bu::energy_dimension, system>;
using volume_unit = bu::unit<bu::volume_dimension, system>;
using length_unit = bu::unit<bu::length_dimension, system>;

/// A CO2-equivalent amount (stored in t CO2e).
using co2e = bu::quantity<co2e_unit, double>;
/// A physical mass of one gas (stored in kg).
using mass = bu::quantity<mass_unit, double>;
/// Energy (stored in J).
using energy = bu::quantity<energy_unit, double>;
/// Volume (stored in m3).
using volume = bu::quantity<volume_unit, double>;
/// Distance, including vehicle-kilometres (stored in m).
using length = bu::quantity<length_unit, double>;

// Emission factors are quotients of the above.
template <class Num, class Den>
using quotient = bu::quantity<typename bu::divide_typeof_helper<Num, Den>::type, double>;
using mass_per_energy = quotient<mass_unit, energy_unit>; ///< e.g. kg CO2/kWh
using mass_per_volume = quotient<mass_unit, volume_unit>; ///< e.g. kg CO2/l
using mass_per_length = quotient<mass_unit, length_unit>; ///< e.g. g NOx/km
using co2e_per_energy = quotient<co2e_unit, energy_unit>; ///< e.g. g CO2e/kWh
using co2e_per_volume = quotient<co2e_unit, volume_unit>; ///< e.g. kg CO2e/l
using co2e_per_length = quotient<co2e_unit, length_unit>; ///< e.g. g CO2e/vehicle-km
using co2e_per_mass = quotient<co2e_unit, mass_unit>;     ///< e.g. t CO2e/t waste

// Named amounts. Each is a quantity equal to one of the unit it names.
inline const co2e tonne_co2e = co2e::from_value(1.0);
inline const co2e kilogram_co2e = co2e::from_value(1e-3);
inline const co2e gram_co2e = co2e::from_value(1e-6);
inline const co2e kilotonne_co2e = co2e::from_value(1e3);
inline const co2e megatonne_co2e = co2e::from_value(1e6);

inline const mass gram = mass::from_value(1e-3);
inline const mass kilogram = mass::from_value(1.0);
inline const mass tonne = mass::from_value(1e3);
inline const mass kilotonne = mass::from_value(1e6);

inline const energy joule = energy::from_value(1.0);
inline const energy kilowatt_hour = energy::from_value(3.6e6); // 1 kWh = 3.6 MJ exactly
inline const energy megawatt_hour = energy::from_value(3.6e9);
inline const energy gigawatt_hour = energy::from_value(3.6e12);
inline const energy gigajoule = energy::from_value(1e9);
inline const energy terajoule = energy::from_value(1e12);

inline const volume cubic_metre = volume::from_value(1.0);
inline const volume litre = volume::from_value(1e-3);

inline const length metre = length::from_value(1.0);
inline const length kilometre = length::from_value(1e3);
/// A vehicle-kilometre: one vehicle driving one kilometre. Counted as distance.
inline const length vehicle_km = length::from_value(1e3);

/// The value of `q` expressed in multiples of `unit`, e.g.
/// `value_in(e, units::kilotonne_co2e)`.
template <class Unit, class T>
constexpr T value_in(const bu::quantity<Unit, T>& q, const bu::quantity<Unit, T>& unit) {
  return q.value() / unit.value();
}

} // namespace units
} // namespace ghgtrack

#endif
