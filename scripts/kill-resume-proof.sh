#!/usr/bin/env bash
# Proof that nothing trained is lost: a sweep on real MNIST, killed mid-run again and again with SIGKILL and SIGTERM
# and then run to the end, ends with every run completed exactly once and the same final parameters (sha256 of
# model-*.params) as the same sweep never interrupted. Prints the hashes side by side; exits 1 on any mismatch.
#
#   scripts/kill-resume-proof.sh [DATA_DIR] [ROUNDS]     (defaults: ../shared/data, 6)
#   KEEP=1 keeps the work folder; DJLAB_THREADS (default 2) must be the same for both sweeps, and is.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="$(cd "${1:-$root/../shared/data}" && pwd)"
rounds="${2:-6}"
export DJLAB_THREADS="${DJLAB_THREADS:-2}"
work="$(mktemp -d /tmp/djlab-kill-resume.XXXXXX)"
[ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$work"' EXIT
cd "$root"
./djlab --version >/dev/null   # build once, outside the timings

# 4 runs (batch norm on/off x 2 seeds) of an MLP with dropout and Adam, 2 epochs of 10800 MNIST images (108
# batches), a checkpoint every 20 iterations. Each round waits until a run is training, then signals it a random
# 0-3 s later, so the signals land mid-epoch (and now and then during an epoch's evaluation or a checkpoint).
cat > "$work/kill-resume.yaml" <<'YAML'
name: kill-resume
data: {dataset: mnist, validation: 0.1, limit: {train: 12000, test: 2000}}
model: {type: mlp, hidden: [256, 128], dropout: 0.2}
train:
  epochs: 2
  batch_size: 100
  log_every: 5
  optimizer: {type: adam, lr: 0.001}
  checkpoint: {every: 20, unit: iteration}
sweep:
  grid: {model.batchnorm: [true, false]}
  seeds: [1, 2]
YAML
spec="$work/kill-resume.yaml"

echo "== uninterrupted sweep"
./djlab sweep "$spec" --data-dir "$data" --results "$work/straight" > "$work/straight.log" 2>&1

rows() { (cat "$work"/killed/kill-resume/*/iterations.csv 2>/dev/null || true) | wc -l; }
echo "== interrupted sweep: $rounds rounds, alternating kill -9 and SIGTERM"
for ((i = 1; i <= rounds; i++)); do
  ./djlab sweep "$spec" --data-dir "$data" --results "$work/killed" > "$work/round-$i.log" 2>&1 &
  pid=$!
  # Until some run's iteration curve grows (training, not starting up), then 0-3 s more.
  before="$(rows)"
  for ((t = 0; t < 600; t++)); do
    [ "$(rows)" -gt "$((before + 1))" ] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  sleep "$(awk -v r="$RANDOM" 'BEGIN { printf "%.1f", r % 31 / 10 }')"
  if ((i % 2)); then signal=KILL; else signal=TERM; fi
  if kill -0 "$pid" 2>/dev/null; then
    kill "-$signal" "$pid"
    start=$(date +%s.%N)
    code=0; wait "$pid" || code=$?
    took=$(echo "$(date +%s.%N) - $start" | bc)
    echo "round $i: SIG$signal after $(grep -c '^\[run' "$work/round-$i.log" || true) run(s) started, exit $code, ${took}s to exit"
    if [ "$signal" = TERM ] && [ "$code" != 143 ]; then echo "FAIL: exit $code after SIGTERM, expected 143"; exit 1; fi
  else
    wait "$pid" || true
    echo "round $i: the sweep had finished before the signal"
  fi
done
echo "== finishing the interrupted sweep"
./djlab sweep "$spec" --data-dir "$data" --results "$work/killed" > "$work/last.log" 2>&1

status=0
printf '\n%-14s %-28s %-66s %-66s %s\n' run-id label straight interrupted-and-resumed resumed
for dir in "$work"/straight/kill-resume/*/; do
  id="$(basename "$dir")"
  other="$work/killed/kill-resume/$id"
  label="$(sed -n 's/.*"label" *: *"\([^"]*\)".*/\1/p' "$dir/summary.json" | head -1)"
  a="$(sha256sum "$dir"/model-*.params | cut -d' ' -f1)"
  b="$(sha256sum "$other"/model-*.params 2>/dev/null | cut -d' ' -f1 || echo missing)"
  resumed="$(sed -n 's/.*"resumed" *: *\([0-9]*\).*/\1/p' "$other/summary.json" | head -1)"
  st="$(sed -n 's/.*"status" *: *"\([^"]*\)".*/\1/p' "$other/summary.json" | head -1)"
  mark=same
  [ "$a" = "$b" ] || { mark=DIFFERENT; status=1; }
  [ "$st" = completed ] || { mark="$mark, status $st"; status=1; }
  # Completed exactly once: each epoch's row once, each iteration row once, as in the uninterrupted run.
  if ! diff <(cut -d, -f1-7 "$dir/epochs.csv") <(cut -d, -f1-7 "$other/epochs.csv") >/dev/null; then mark="$mark, epochs.csv differs"; status=1; fi
  if ! cmp -s "$dir/iterations.csv" "$other/iterations.csv"; then mark="$mark, iterations.csv differs"; status=1; fi
  if [ -e "$other/checkpoint.bin" ]; then mark="$mark, checkpoint left"; status=1; fi
  printf '%-14s %-28s %-66s %-66s %s (%s)\n' "$id" "$label" "$a" "$b" "${resumed:-?}" "$mark"
done
runs_a=$(ls -d "$work"/straight/kill-resume/*/ | wc -l); runs_b=$(ls -d "$work"/killed/kill-resume/*/ | wc -l)
[ "$runs_a" = "$runs_b" ] || { echo "FAIL: $runs_a runs uninterrupted, $runs_b interrupted"; status=1; }
total=$(cat "$work"/killed/kill-resume/*/summary.json | sed -n 's/.*"resumed" *: *\([0-9]*\).*/\1/p' | paste -sd+ | bc)
echo "runs: $runs_b, resumes from a checkpoint in all: $total"
[ "$total" -gt 0 ] || { echo "FAIL: no run was continued from a checkpoint (the kills missed the runs)"; status=1; }
if [ "$status" = 0 ]; then echo "OK: every run completed once, parameters identical"; else echo "MISMATCH"; fi
exit "$status"
