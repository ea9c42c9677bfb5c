/* The smallest use of the installed C API (tests/c/consumer). */
#include <stdio.h>

#include "ghgtrack/c/ghgtrack.h"

int main(void) {
  ghgtrack_target* t = NULL;
  if (ghgtrack_abi_version() != GHGTRACK_C_ABI_VERSION) return 1;
  if (ghgtrack_target_parse("2030:-67%", 2009, NULL, &t) != GHGTRACK_OK) return 1;
  const char* text = NULL;
  ghgtrack_target_describe(t, &text);
  printf("%s\nconsumer ok\n", text);
  ghgtrack_target_free(t);
  return 0;
}
