// ghgtrack/version.hpp: the single source of truth for the library version.
// CMake (CMakeLists.txt) and the Python package (pyproject.toml via the
// compiled module) both read these macros.
#ifndef GHGTRACK_VERSION_HPP
#define GHGTRACK_VERSION_HPP

#define GHGTRACK_VERSION_MAJOR 0
#define GHGTRACK_VERSION_MINOR 1
#define GHGTRACK_VERSION_PATCH 0

#define GHGTRACK_DETAIL_STR2(x) #x
#define GHGTRACK_DETAIL_STR(x) GHGTRACK_DETAIL_STR2(x)
/// "MAJOR.MINOR.PATCH" as a string literal.
#define GHGTRACK_VERSION_STRING                                                                                        \
  GHGTRACK_DETAIL_STR(GHGTRACK_VERSION_MAJOR)                                                                          \
  "." GHGTRACK_DETAIL_STR(GHGTRACK_VERSION_MINOR) "." GHGTRACK_DETAIL_STR(GHGTRACK_VERSION_PATCH)

namespace ghgtrack {
/// The library version as "MAJOR.MINOR.PATCH".
inline constexpr const char* version = GHGTRACK_VERSION_STRING;
} // namespace ghgtrack

#endif
