#!/usr/bin/env bash
# Every test: C++ tests (ctest), the same tests under ASan+UBSan, the Python
# tests. Does all set-up it needs (scripts/setup.sh). .ci/run runs this.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
source .venv/bin/activate
export CMAKE_CXX_COMPILER_LAUNCHER=ccache
export CCACHE_DIR=${CCACHE_DIR:-$HOME/.cache/ccache}
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$PWD}  # cache hits across clones (CI clones anew)
JOBS=${JOBS:-$(nproc)}

echo "== Formatting and lint (scripts/format.sh --check)"
bash scripts/format.sh --check

echo "== C++ tests (Release, C++17): CMakePresets.json preset 'release'"
cmake --preset release >/dev/null
cmake --build --preset release -j "$JOBS"
ctest --preset release -j "$JOBS"

echo "== C++ tests under ASan+UBSan (C++20): preset 'asan'"
cmake --preset asan >/dev/null
cmake --build --preset asan -j "$JOBS"
ctest --preset asan -j "$JOBS"

echo "== Python tests"
# A cache folder of the run's own: iam-units/pint keep pickled registries
# with absolute paths under ~/.cache, which go stale when a venv moves.
export XDG_CACHE_HOME="$PWD/build/xdg-cache"
python -m pytest -q

echo "== Fuzzing (libFuzzer: tests/fuzz; GHGTRACK_FUZZ_SECONDS per harness, default 60; 0 skips)"
# The CSV and xlsx harnesses, built with Debian's clang (ASan+UBSan), each
# run for a bounded time from its seed corpus (tests/fuzz/corpus, plus the
# bundled Oslo workbook for xlsx), in a scratch copy so nothing is written
# into the repository. A finding stops the run; the crashing input is kept
# in build/fuzz/findings (add it to tests/data/bad or the corpus once fixed).
# The IAMC reader is Python: its property-based fuzzing runs with the Python
# tests (tests/python/test_roundtrip_hypothesis.py).
FUZZ_SECONDS=${GHGTRACK_FUZZ_SECONDS:-60}
FUZZ_CXX=$(command -v clang++-14 || command -v clang++ || true)
if [ "$FUZZ_SECONDS" = "0" ]; then
  echo "fuzzing: skipped (GHGTRACK_FUZZ_SECONDS=0)"
elif [ -z "$FUZZ_CXX" ] || ! echo 'extern "C" int LLVMFuzzerTestOneInput(const char*, unsigned long) { return 0; }' |
  "$FUZZ_CXX" -x c++ -fsanitize=fuzzer - -o /dev/null 2>/dev/null; then
  echo "fuzzing: skipped (no clang++ with libFuzzer; Debian: apt-get install clang-14 libclang-rt-14-dev)"
else
  cmake -S . -B build/fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER="$FUZZ_CXX" \
    -DGHGTRACK_FUZZ=ON -DGHGTRACK_BENCHMARKS=OFF -DGHGTRACK_C_API=OFF -DGHGTRACK_WERROR=OFF >/dev/null
  cmake --build build/fuzz -j "$JOBS" --target fuzz_csv fuzz_xlsx
  mkdir -p build/fuzz/findings
  for h in csv xlsx; do
    work=build/fuzz/corpus-$h
    rm -rf "$work" && mkdir -p "$work"
    cp tests/fuzz/corpus/$h/* "$work"/
    [ "$h" = xlsx ] && cp python/ghgtrack/data/Utslippsregnskap_Oslo.xlsx "$work"/
    echo "fuzzing $h for ${FUZZ_SECONDS}s"
    if ! "build/fuzz/tests/fuzz_$h" -max_total_time="$FUZZ_SECONDS" -rss_limit_mb=2048 -max_len=262144 \
      -timeout=20 -print_final_stats=1 -artifact_prefix="build/fuzz/findings/$h-" "$work" >"build/fuzz/$h.log" 2>&1; then
      tail -n 40 "build/fuzz/$h.log"
      echo "fuzzing $h: FINDING (input kept in build/fuzz/findings)"
      exit 1
    fi
    grep -E "^(#[0-9]+.*DONE|stat::number_of_executed_units|stat::peak_rss_mb)" "build/fuzz/$h.log" || true
  done
fi
