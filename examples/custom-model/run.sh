#!/usr/bin/env bash
# The example end to end, as CI runs it: installs DJLab into the local Maven repository, builds this project against
# it, runs its sweep through the ./djlab launcher (--plugins the example's jar) and through the Java API, and checks
# that every run completed. Exit code non-zero if anything fails.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"

./mvnw -q -B -DskipTests install
./mvnw -q -B -f examples/custom-model/pom.xml package
jar="$here/target/custom-model.jar"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

check() { # the sweep folder's summary.csv: one row per run, every one completed
  local table="$1/custom-model-sweep/summary.csv"
  [ -f "$table" ] || { echo "run.sh: no $table" >&2; exit 1; }
  local rows completed
  rows=$(($(wc -l < "$table") - 1))
  completed=$(grep -c ',completed,' "$table" || true)
  if [ "$rows" -ne 4 ] || [ "$completed" -ne 4 ]; then
    echo "run.sh: expected 4 completed runs in $table, got $completed of $rows:" >&2
    cat "$table" >&2
    exit 1
  fi
}

./djlab --version >/dev/null # builds the launcher's jar now if needed, so the timing below is the sweep's
start=$(date +%s%N)
./djlab sweep examples/custom-model/sweep.yaml --plugins "$jar" --results "$out/cli"
cli_ms=$((($(date +%s%N) - start) / 1000000))
check "$out/cli"

start=$(date +%s%N)
java -Dai.djl.offline=true -cp "$jar:$(cat "$here/target/classpath.txt")" example.Main examples/custom-model/sweep.yaml "$out/api"
api_ms=$((($(date +%s%N) - start) / 1000000))
check "$out/api"

# Same specs, same run ids: the launcher's and the API's sweeps made the same run folders.
diff <(ls "$out/cli/custom-model-sweep") <(ls "$out/api/custom-model-sweep")
echo "custom-model example: the sweep (4 runs) took $((cli_ms / 1000)).$((cli_ms % 1000 / 100)) s through ./djlab" \
  "and $((api_ms / 1000)).$((api_ms % 1000 / 100)) s through the Java API (JVM start included); all completed"
