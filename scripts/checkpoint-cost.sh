#!/usr/bin/env bash
# What checkpoints cost on the bench models (experiments/bench: mlp, lenet, cnnbn on Fashion-MNIST): the time spent
# writing them as a share of the training time, the size of one, and the time to read and restore one on resume.
#   scripts/checkpoint-cost.sh [DATA_DIR] [TRAIN_LIMIT]     (defaults: ../shared/data, 15000)
# A smaller TRAIN_LIMIT makes epochs shorter and the share larger (one checkpoint per epoch either way).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
data="$(cd "${1:-$root/../shared/data}" && pwd)"
limit="${2:-15000}"
export DJLAB_THREADS="${DJLAB_THREADS:-2}"
work="$(mktemp -d /tmp/djlab-checkpoint-cost.XXXXXX)"
trap 'rm -rf "$work"' EXIT
cd "$root"
./djlab --version >/dev/null
field() { sed -n "s/.*\"$1\" *: *\([0-9.eE+-]*\).*/\1/p" "$2" | head -1; }
printf '%-7s %9s %10s %12s %8s %11s %10s %10s\n' model epochs train_s checkpoint_s share size_MB read_s restore_s
for model in mlp lenet cnnbn; do
  common=(--data-dir "$data" --set "data.limit.train=$limit" --set train.log_every=10)
  # Every epoch's checkpoint written and the last one kept (by default the last epoch's is skipped).
  ./djlab run "experiments/bench/$model.yaml" "${common[@]}" --results "$work/cost" \
    --set train.checkpoint.keep=true > "$work/$model.log" 2>&1
  summary="$(ls "$work"/cost/*/*/summary.json | grep "bench-$model/")"
  # Resume: stopped by SIGTERM in its second epoch, then run again.
  ./djlab run "experiments/bench/$model.yaml" "${common[@]}" --results "$work/resume" > "$work/$model-stop.log" 2>&1 &
  pid=$!
  curve=""
  while kill -0 "$pid" 2>/dev/null; do
    curve="$(ls "$work"/resume/bench-"$model"/*/epochs.csv 2>/dev/null | head -1 || true)"
    if [ -n "$curve" ] && [ "$(wc -l < "$curve")" -ge 2 ]; then sleep 1; kill -TERM "$pid"; break; fi
    sleep 0.2
  done
  wait "$pid" || true
  ./djlab run "experiments/bench/$model.yaml" "${common[@]}" --results "$work/resume" > "$work/$model-resume.log" 2>&1
  line="$(grep -h 'resuming' "$work/$model-resume.log" || echo 'read in ? s, restored in ? s')"
  read_s="$(echo "$line" | sed -n 's/.*read in \([0-9.?]*\) s.*/\1/p')"
  restore_s="$(echo "$line" | sed -n 's/.*restored in \([0-9.?]*\) s.*/\1/p')"
  train_s="$(field train_seconds "$summary")"; ck_s="$(field checkpoint_seconds "$summary")"
  bytes="$(field checkpoint_bytes "$summary")"; epochs="$(field epochs_completed "$summary")"
  printf '%-7s %9s %10.2f %12.3f %7.2f%% %11.2f %10s %10s\n' "$model" "$epochs" "$train_s" "$ck_s" \
    "$(echo "100 * $ck_s / $train_s" | bc -l)" "$(echo "$bytes / 1048576" | bc -l)" "$read_s" "$restore_s"
done
