#!/usr/bin/env bash
# Kill soak for the run state: ROUNDS times, starts two sweeps of one spec on one results folder at once and kills
# them at a random moment (SIGKILL both, or SIGTERM one and SIGKILL the other); after each round checks that every
# run ever seen completed is still completed with the very same summary.json and parameters (nothing completed is
# lost, cleared or trained again), and that no temporary file is left. Then lets one sweep finish and checks that
# every run completed exactly once (one attempt's epochs, no lock left).
#
#   scripts/kill-soak.sh [ROUNDS] [DATA_DIR]      # default 12 rounds, ../shared/data
#
# Uses ./djlab (builds it if needed). KEEP=1 keeps the temp folder. Exit 0 when every check passes.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
rounds="${1:-12}"
data="${2:-$root/../shared/data}"
spec=experiments/quickstart/bn-vs-no-bn.yaml
sweep=bn-vs-no-bn
sets=(--set data.limit.train=3000 --set data.limit.test=300 --set train.epochs=2)
tmp="$(mktemp -d /tmp/djlab-soak.XXXXXX)"
trap '[ "${KEEP:-0}" = 1 ] && echo "kill-soak: kept $tmp" || rm -rf "$tmp"' EXIT
results="$tmp/results"
seen="$tmp/seen.json"
echo '{}' > "$seen"
export DJLAB_THREADS="${DJLAB_THREADS:-1}"
./djlab --version >/dev/null

check() {  # every run seen completed keeps its summary and parameters byte for byte; no *.tmp left
  python3 - "$results/$sweep" "$seen" <<'PY'
import hashlib, json, os, sys
folder, seen_file = sys.argv[1], sys.argv[2]
seen = json.load(open(seen_file))
def digest(path):
    return hashlib.sha256(open(path, "rb").read()).hexdigest()
bad = []
for run, (summary_hash, params) in seen.items():
    d = os.path.join(folder, run)
    s = os.path.join(d, "summary.json")
    if not os.path.exists(s) or digest(s) != summary_hash:
        bad.append(f"{run}: completed summary changed or gone")
    for name, h in params.items():
        p = os.path.join(d, name)
        if not os.path.exists(p) or digest(p) != h:
            bad.append(f"{run}: {name} changed or gone")
if os.path.isdir(folder):
    for run in os.listdir(folder):
        d = os.path.join(folder, run)
        if not os.path.isdir(d):
            if run.endswith(".tmp"): bad.append(f"{run}: temporary file left")
            continue
        for f in os.listdir(d):
            if f.endswith(".tmp"): bad.append(f"{run}/{f}: temporary file left")
        s = os.path.join(d, "summary.json")
        if run not in seen and os.path.exists(s) and json.load(open(s)).get("status") == "completed":
            params = {f: digest(os.path.join(d, f)) for f in os.listdir(d) if f.endswith(".params")}
            seen[run] = [digest(s), params]
json.dump(seen, open(seen_file, "w"))
print(f"  {len(seen)} runs completed so far" + "".join("\n  BAD " + b for b in bad))
sys.exit(1 if bad else 0)
PY
}

fail=0
for round in $(seq "$rounds"); do
  a_log="$tmp/a-$round.log"; b_log="$tmp/b-$round.log"
  ./djlab sweep "$spec" --results "$results" --data-dir "$data" "${sets[@]}" >"$a_log" 2>&1 & a=$!
  ./djlab sweep "$spec" --results "$results" --data-dir "$data" "${sets[@]}" >"$b_log" 2>&1 & b=$!
  delay="$(python3 -c "import random; print(round(random.uniform(1, 14), 2))")"
  sleep "$delay"
  if (( round % 2 )); then how="KILL both"; kill -KILL "$a" "$b" 2>/dev/null || true
  else how="TERM one, KILL the other"; kill -TERM "$a" 2>/dev/null || true; kill -KILL "$b" 2>/dev/null || true; fi
  wait "$a" 2>/dev/null || true; wait "$b" 2>/dev/null || true
  echo "kill-soak: round $round: $how after ${delay}s"
  check || fail=1
done

echo "kill-soak: finishing the sweep"
./djlab sweep "$spec" --results "$results" --data-dir "$data" "${sets[@]}" >"$tmp/final.log" 2>&1 || { tail "$tmp/final.log"; fail=1; }
tail -n 1 "$tmp/final.log"
check || fail=1
python3 - "$results/$sweep" <<'PY' || fail=1
import csv, json, os, sys
folder = sys.argv[1]
rows = list(csv.DictReader(open(os.path.join(folder, "summary.csv"), newline="")))
ok = len(rows) == 6 and all(r["status"] == "completed" for r in rows) and len({r["run_id"] for r in rows}) == 6
for r in rows:
    d = os.path.join(folder, r["run_id"])
    epochs = [l.split(",")[0] for l in open(os.path.join(d, "epochs.csv")) if l.strip()][1:]
    if epochs != ["1", "2"] or os.path.exists(os.path.join(d, "run.lock")):
        print(f"  BAD {r['run_id']}: epochs {epochs}, lock left: {os.path.exists(os.path.join(d, 'run.lock'))}"); ok = False
print(f"  summary.csv: {len(rows)} rows, every run completed exactly once: {ok}")
sys.exit(0 if ok else 1)
PY
[ $fail = 0 ] && echo "kill-soak: PASS ($rounds rounds)" || { echo "kill-soak: FAIL" >&2; exit 1; }
