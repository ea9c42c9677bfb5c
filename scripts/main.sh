#!/usr/bin/env bash
# The main job on the bundled data. Does all set-up it needs.
# Extra arguments go to the `ghgtrack` command (e.g. --json).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh >&2
source .venv/bin/activate
exec ghgtrack "$@"
