// ghgtrack/error.hpp: the exception types ghgtrack throws.
//
// Every error derives from a <stdexcept> type so that callers can catch it
// generically and pybind11 maps it to the matching Python class
// (std::invalid_argument -> ValueError, std::out_of_range -> IndexError /
// KeyError via the Python layer, std::runtime_error -> RuntimeError).
// Messages say what was wrong and what would have been accepted; ghgtrack
// never turns an unknown into a silent zero or NaN.
#ifndef GHGTRACK_ERROR_HPP
#define GHGTRACK_ERROR_HPP

#include <stdexcept>
#include <string>

namespace ghgtrack {

/// A gas name that ghgtrack does not recognise. The message lists the known names.
class unknown_gas_error : public std::invalid_argument {
public:
  using std::invalid_argument::invalid_argument;
};

/// A GWP metric identifier that ghgtrack does not recognise.
class unknown_metric_error : public std::invalid_argument {
public:
  using std::invalid_argument::invalid_argument;
};

/// The metric exists but gives no value for this gas (e.g. NF3 under SAR, or
/// a basket such as "HFCs" whose CO2e cannot be turned back into a gas mass).
class missing_gwp_error : public std::invalid_argument {
public:
  using std::invalid_argument::invalid_argument;
};

/// Input arrays whose shapes do not agree.
class shape_error : public std::invalid_argument {
public:
  using std::invalid_argument::invalid_argument;
};

} // namespace ghgtrack

#endif
