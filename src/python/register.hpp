// One registration function per area of the library (boost-histogram style).
#ifndef GHGTRACK_PYTHON_REGISTER_HPP
#define GHGTRACK_PYTHON_REGISTER_HPP

#include <pybind11/pybind11.h>

void register_gwp(pybind11::module_& m);
void register_inventory(pybind11::module_& m);
void register_tracking(pybind11::module_& m);
void register_analysis(pybind11::module_& m);
void register_ledger(pybind11::module_& m);
void register_planning(pybind11::module_& m);
void register_costs(pybind11::module_& m);
void register_xlsx(pybind11::module_& m);
void register_nowcast(pybind11::module_& m);
void register_simd(pybind11::module_& m);

#endif
