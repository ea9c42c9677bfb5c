// A consumer of the installed ghgtrack::xlsx component: reads the Oslo
// workbook given on the command line; Oslo's published 2024 total is
// 944 853.2 t CO2e (Miljødirektoratet, Klimagassutslipp i kommuner).
#include <ghgtrack/miljodirektoratet.hpp>

#include <cmath>
#include <cstdio>

int main(int argc, char** argv) {
  if (argc < 2) return 2;
  const auto r = ghgtrack::miljodirektoratet::read(argv[1]);
  const auto t = r.municipalities.at(0).inv.total();
  if (t.years.back() != 2024 || std::fabs(t.values(0, t.values.cols() - 1) - 944853.2) > 1e-6) return 1;
  std::printf("consumer ok: %s\n", r.municipalities[0].municipality.c_str());
  return 0;
}
