#!/usr/bin/env bash
# Run the whole test suite, installing what it needs first (system packages and the venv).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-deps.sh
bash scripts/setup.sh --test
exec .venv/bin/python -m pytest "$@"
