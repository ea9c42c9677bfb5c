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
