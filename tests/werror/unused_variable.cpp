// Deliberately warns (unused variable): the werror test checks that the
// project's warning switch turns this into a failed build.
int main() {
  int unused = 42;
  return 0;
}
