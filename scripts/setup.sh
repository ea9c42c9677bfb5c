#!/usr/bin/env bash
# Set-up shared by scripts/main.sh and scripts/test.sh; safe to run again.
#  - Debian packages for the C++ side (only when missing): Eigen, Boost
#    (Units), GoogleTest, Google Benchmark, pybind11 headers, ccache, and
#    minizip + zlib + expat + pugixml for the compiled xlsx reader (ghgtrack::xlsx),
#    clang-14 + libclang-rt-14-dev (libclang_rt.fuzzer) for the libFuzzer
#    harnesses in tests/fuzz, chromium + chromium-driver + poppler-utils for
#    the status page's browser tests and PDF.
#  - A virtual environment in .venv with the Python build and test tools.
#  - The ghgtrack Python package built and installed into it.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(g++ librsvg2-bin fonts-dejavu-core libeigen3-dev libboost-dev libgtest-dev libgmock-dev libbenchmark-dev nlohmann-json3-dev chromium chromium-driver poppler-utils
              pybind11-dev ccache clang-format libminizip-dev libexpat1-dev zlib1g-dev libpugixml-dev clang-14 libclang-rt-14-dev libhwy-dev)
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "setup: installing Debian packages: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
fi

PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv"
  "$PY" -m venv .venv
fi
# shellcheck disable=SC1091
source .venv/bin/activate
stamp=.venv/.ghgtrack-requirements
if ! cmp -s requirements-dev.txt "$stamp" 2>/dev/null; then
  echo "setup: installing Python requirements"
  # (pip's notes about this machine's optional local package folders are noise)
  quiet() { "$@" 2>&1 | { grep -v "^WARNING: Location" || true; }; }
  quiet python -m pip install -q --upgrade pip
  quiet python -m pip install -q -r requirements-dev.txt
  cp requirements-dev.txt "$stamp"
fi

export CMAKE_CXX_COMPILER_LAUNCHER=ccache
export CCACHE_DIR=${CCACHE_DIR:-$HOME/.cache/ccache}
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$PWD}  # cache hits across clones (CI clones anew)
echo "setup: building and installing the ghgtrack Python package"
python -m pip install -q --no-build-isolation --no-deps . 2>&1 | { grep -v -e "^$" -e "^WARNING: Location" || true; }
python -c "import ghgtrack; print('setup: ghgtrack', ghgtrack.__version__, 'ready')"
