#!/usr/bin/env bash
# Kill soak for the run state: ROUNDS times, starts two sweeps of one spec on one results folder at once and kills
# them at a random moment (SIGKILL both, or SIGTERM one and SIGKILL the other); after each round checks that every
# run ever seen completed is still completed with the very same summary.json and parameters (nothing completed is
# lost, cleared or trained again), and that no temporary file is left. Then lets one sweep finish and checks that
# every run completed exactly once (one attempt's epochs, no lock left).
#
#   scripts/kill-soak.sh [ROUNDS] [DATA_DIR]      # default 12 rounds, ../shared/data
#
# 16 small runs (the quickstart sweep over 8 seeds). Uses ./djlab (builds it if needed). A kill comes up to 3 s
# after a run completes in that round (every third round: 0.5 to 6 s after the start). A temporary file of the sweep table left by a killed writer is removed by a
# later write once it is a minute old: the last check waits for that. KEEP=1 keeps the temp folder. Exit 0 when
# every check passes.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
rounds="${1:-12}"
data="${2:-$root/../shared/data}"
spec=experiments/quickstart/bn-vs-no-bn.yaml
sweep=bn-vs-no-bn
runs=16
sets=(--set data.limit.train=6000 --set data.limit.test=300 --set train.epochs=2 --set 'sweep.seeds=[1,2,3,4,5,6,7,8]')
tmp="$(mktemp -d /tmp/djlab-soak.XXXXXX)"
trap '[ "${KEEP:-0}" = 1 ] && echo "kill-soak: kept $tmp" || rm -rf "$tmp"' EXIT
results="$tmp/results"
seen="$tmp/seen.json"
echo '{}' > "$seen"
export DJLAB_THREADS="${DJLAB_THREADS:-1}"
./djlab --version >/dev/null

check() {  # every run seen completed keeps its summary and parameters byte for byte; no *.tmp left (STRICT=1:
           # not even a sweep table's of a killed writer, which a later write removes once a minute old)
  STRICT="${1:-0}" python3 - "$results/$sweep" "$seen" <<'PY'
import hashlib, json, os, sys
folder, seen_file = sys.argv[1], sys.argv[2]
strict = os.environ.get("STRICT") == "1"
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
            if run.endswith(".tmp"):
                (bad.append if strict else print)(f"  {run}: temporary file left by a killed writer")
            continue
        completed = os.path.exists(os.path.join(d, "summary.json")) and json.load(open(os.path.join(d, "summary.json"))).get("status") == "completed"
        for f in os.listdir(d):
            if f.endswith(".tmp") and (strict or completed): bad.append(f"{run}/{f}: temporary file left")
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
  # Every third round at a random moment of the start (JVM, data); the others a random moment after a run
  # completes in this round, when the next ones are training and the table is being rewritten.
  completed() { { find "$results/$sweep" -mindepth 2 -maxdepth 2 -name summary.json 2>/dev/null || true; } | wc -l; }
  before="$(completed)"
  extra="$(python3 -c "import random; print(round(random.uniform(0, 3), 2))")"
  if (( round % 3 == 0 )); then
    delay="$(python3 -c "import random; print(round(random.uniform(0.5, 6), 2))")"; sleep "$delay"
  else
    for _ in $(seq 600); do
      (( $(completed) > before )) && break
      kill -0 "$a" 2>/dev/null || kill -0 "$b" 2>/dev/null || break
      sleep 0.1
    done
    sleep "$extra"; delay="a run's end + ${extra}"
  fi
  if (( round % 2 )); then how="KILL both"; kill -KILL "$a" "$b" 2>/dev/null || true
  else how="TERM one, KILL the other"; kill -TERM "$a" 2>/dev/null || true; kill -KILL "$b" 2>/dev/null || true; fi
  wait "$a" 2>/dev/null || true; wait "$b" 2>/dev/null || true
  echo "kill-soak: round $round: $how after ${delay}s"
  check || fail=1
done

echo "kill-soak: finishing the sweep"
./djlab sweep "$spec" --results "$results" --data-dir "$data" "${sets[@]}" >"$tmp/final.log" 2>&1 || { tail "$tmp/final.log"; fail=1; }
tail -n 1 "$tmp/final.log"
if ls "$results/$sweep"/*.tmp >/dev/null 2>&1; then
  echo "kill-soak: a killed writer's temporary file is there; a minute later the next sweep removes it"
  sleep 61
  ./djlab sweep "$spec" --results "$results" --data-dir "$data" "${sets[@]}" >"$tmp/again.log" 2>&1 || fail=1
fi
check 1 || fail=1
python3 - "$results/$sweep" "$runs" <<'PY' || fail=1
import csv, json, os, sys
folder = sys.argv[1]
rows = list(csv.DictReader(open(os.path.join(folder, "summary.csv"), newline="")))
want = int(sys.argv[2])
ok = len(rows) == want and all(r["status"] == "completed" for r in rows) and len({r["run_id"] for r in rows}) == want
for r in rows:
    d = os.path.join(folder, r["run_id"])
    epochs = [l.split(",")[0] for l in open(os.path.join(d, "epochs.csv")) if l.strip()][1:]
    if epochs != ["1", "2"] or os.path.exists(os.path.join(d, "run.lock")):
        print(f"  BAD {r['run_id']}: epochs {epochs}, lock left: {os.path.exists(os.path.join(d, 'run.lock'))}"); ok = False
print(f"  summary.csv: {len(rows)} rows, every run completed exactly once: {ok}")
sys.exit(0 if ok else 1)
PY
[ $fail = 0 ] && echo "kill-soak: PASS ($rounds rounds)" || { echo "kill-soak: FAIL" >&2; exit 1; }
