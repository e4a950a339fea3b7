#!/usr/bin/env bash
# Smoke-runs every sweep in experiments/ (a few iterations of each variant on a small slice, on the CPU, into a
# throw-away folder) and validates every other spec, each group in one JVM. Fails if any cannot build, train or
# record. Data: --data-dir/DJLAB_DATA_DIR when given (offline), else DJL downloads the data sets.
set -euo pipefail
cd "$(dirname "$0")/.."
sweeps=()
specs=()
while IFS= read -r spec; do
  if grep -q '^sweep:' "$spec"; then sweeps+=("$spec"); else specs+=("$spec"); fi
done < <(find experiments \( -name '*.yaml' -o -name '*.json' \) ! -name claims.yaml | sort)
log=$(mktemp)
trap 'rm -f "$log"' EXIT
echo "validate ${#specs[@]} specs"
./djlab validate "${specs[@]}" "$@" >"$log" 2>&1 || { cat "$log"; echo "FAILED: validate"; exit 1; }
echo "smoke-run ${#sweeps[@]} sweeps"
./djlab sweep --smoke "${sweeps[@]}" "$@" >"$log" 2>&1 || { grep -E "failed|diverged|error" "$log" || tail -20 "$log"; echo "FAILED: smoke"; exit 1; }
grep -E "^[^ ].*: [0-9]+ completed" "$log" || true
