#!/usr/bin/env bash
# Formats the whole tree: clang-format (C++, .clang-format) and ruff (Python,
# [tool.ruff] in pyproject.toml). `--check` changes nothing and fails when a
# file is not formatted or ruff finds a lint error (scripts/test.sh runs it).
set -euo pipefail
cd "$(dirname "$0")/.."
check=0
[ "${1:-}" = "--check" ] && check=1
RUFF=${RUFF:-ruff}
command -v "$RUFF" >/dev/null || RUFF=.venv/bin/ruff
mapfile -t cxx < <(git ls-files -co --exclude-standard '*.hpp' '*.cpp' '*.h' '*.c' | grep -v '^build')
py_dirs=(python tests bench)
if ((check)); then
  clang-format --dry-run --Werror "${cxx[@]}"
  "$RUFF" format --check --quiet "${py_dirs[@]}"
  "$RUFF" check --quiet "${py_dirs[@]}"
  echo "format: C++ (${#cxx[@]} files) and Python are formatted and lint-clean"
else
  clang-format -i "${cxx[@]}"
  "$RUFF" format --quiet "${py_dirs[@]}"
  "$RUFF" check --quiet --fix "${py_dirs[@]}"
fi
