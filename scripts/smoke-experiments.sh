#!/usr/bin/env bash
# Smoke-runs every sweep in experiments/ (a few iterations of each variant on a small slice, on the CPU, into a
# throw-away folder) and validates every other spec. Fails if any cannot build, train or record.
# Data: --data-dir/DJLAB_DATA_DIR when set (offline), else DJL downloads MNIST.
set -euo pipefail
cd "$(dirname "$0")/.."
status=0
log=$(mktemp)
for spec in $(find experiments -name '*.yaml' -o -name '*.json' | sort); do
  if grep -q '^sweep:' "$spec"; then
    echo "== smoke $spec"
    ./djlab sweep "$spec" --smoke "$@" >"$log" 2>&1 || { cat "$log"; echo "FAILED: $spec"; status=1; }
  else
    echo "== validate $spec"
    ./djlab validate "$spec" "$@" >"$log" 2>&1 || { cat "$log"; echo "FAILED: $spec"; status=1; }
  fi
done
rm -f "$log"
exit $status
