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

echo "== C++ tests (Release, C++17)"
cmake -S . -B build/release -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build/release -j "$JOBS"
ctest --test-dir build/release -j "$JOBS" --output-on-failure

echo "== C++ tests under ASan+UBSan (C++20)"
cmake -S . -B build/asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DGHGTRACK_SANITIZE=ON \
  -DGHGTRACK_TEST_CXX_STANDARD=20 -DGHGTRACK_BENCHMARKS=OFF >/dev/null
cmake --build build/asan -j "$JOBS"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build/asan -j "$JOBS" --output-on-failure

echo "== Python tests"
python -m pytest -q
