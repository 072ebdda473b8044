#!/usr/bin/env bash
# Set everything up and run the main job: check the demo portfolio in customers/, then build the
# team site and every customer's EBR deck into site/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/successplans build "$@"
