#!/usr/bin/env bash
# Proves deploy/slurm/sweep.sbatch on a throw-away single-node Slurm on this machine (Debian/Ubuntu, as root):
# installs slurm-wlm and munge with apt if missing, writes a minimal cgroup-free slurm.conf into a temp folder
# (SLURM_CONF points at it; /etc/slurm is left alone), starts munged (unless one runs), slurmctld and slurmd,
# submits a 3-task array of the quickstart sweep (6,000 training images, 3 epochs) into a fresh results folder,
# requeues one task while it trains a run (scontrol requeue: TERM, back to the queue, started again), waits for the
# array to finish, checks that all 6 runs completed exactly once (one summary each, one attempt's epochs, no lock
# left, the requeued task started twice), says whether the interrupted run resumed from a checkpoint or started
# over, prints the tasks' logs, and stops the daemons it started.
#
#   sudo deploy/slurm/try-local.sh [DATA_DIR]      # DATA_DIR: default ../shared/data, else $DJLAB_DATA_DIR
#
# KEEP=1 keeps the temp folder (slurm.conf, daemon logs, task logs, results); CPUS_PER_TASK=N overrides the
# cores each task gets (default: the node's CPUs / 3, at least 1). Exit 0 when the check passes.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
spec=experiments/quickstart/bn-vs-no-bn.yaml
sweep=bn-vs-no-bn
expected=6
tasks=3
epochs=3
say() { echo "try-local: $*"; }
die() { echo "try-local: FAIL: $*" >&2; exit 1; }

[ "$(id -u)" = 0 ] || die "needs root (slurmd and munged are started here): sudo $0 $*"
data="${1:-}"
if [ -z "$data" ]; then
  if [ -d "$root/../shared/data" ]; then data="$root/../shared/data"; else data="${DJLAB_DATA_DIR:-}"; fi
fi
[ -n "$data" ] && [ -d "$data" ] || die "no data folder: pass one (holding mnist/) as the first argument"
data="$(cd "$data" && pwd)"

# 1. Packages.
if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v sbatch >/dev/null \
   || ! command -v munged >/dev/null; then
  say "installing slurm-wlm and munge with apt"
  DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends slurm-wlm munge >/dev/null \
    || { apt-get update >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends slurm-wlm munge >/dev/null; }
fi
if pgrep -x slurmctld >/dev/null || pgrep -x slurmd >/dev/null; then
  die "a slurmctld/slurmd already runs here: use that Slurm (sbatch --array=0-2 deploy/slurm/sweep.sbatch ...) instead"
fi

tmp="$(mktemp -d /tmp/djlab-slurm.XXXXXX)"
mkdir -p "$tmp/state" "$tmp/spool" "$tmp/logs"
pids=()
munge_pid=
job=
cleanup() {
  local rc=$?
  # Jobs still in the queue (the check stopped early): cancel them first, or their steps outlive the daemons.
  if [ -n "$job" ]; then
    scancel "$job" 2>/dev/null || true
    for _ in $(seq 30); do [ -z "$(squeue -h -j "$job" 2>/dev/null)" ] && break; sleep 1; done
  fi
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  if [ -n "$munge_pid" ]; then kill "$munge_pid" 2>/dev/null || true; fi
  if [ "${KEEP:-0}" = 1 ] || [ $rc != 0 ]; then say "kept $tmp (slurm.conf, slurmctld.log, slurmd.log, logs/, results/)"
  else rm -rf "$tmp"; fi
  say "daemons stopped"
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# 2. munge: reuse a running munged, else start one (as the munge user) and stop it at the end.
if munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then
  say "munged already running: using it"
else
  if [ ! -s /etc/munge/munge.key ]; then
    mungekey --create --keyfile=/etc/munge/munge.key 2>/dev/null \
      || dd if=/dev/urandom of=/etc/munge/munge.key bs=1 count=1024 status=none
    chown munge:munge /etc/munge/munge.key; chmod 400 /etc/munge/munge.key
  fi
  mkdir -p /run/munge /var/log/munge /var/lib/munge
  chown munge:munge /run/munge /var/log/munge /var/lib/munge
  runuser -u munge -- munged
  for _ in $(seq 50); do [ -s /run/munge/munged.pid ] && break; sleep 0.1; done
  munge_pid="$(cat /run/munge/munged.pid)"
  munge -n | unmunge >/dev/null || die "munged does not answer"
  say "started munged (pid $munge_pid)"
fi

# 3. slurm.conf for this one node, cgroup-free (works in a container).
node="$(slurmd -C | head -1)"          # NodeName=<host> CPUs=.. Boards=.. SocketsPerBoard=.. ... RealMemory=..
host="$(sed -E 's/^NodeName=([^ ]+).*/\1/' <<<"$node")"
cpus="$(sed -E 's/.* CPUs=([0-9]+).*/\1/' <<<"$node")"
export SLURM_CONF="$tmp/slurm.conf"
cat > "$SLURM_CONF" <<CONF
ClusterName=djlab-local
SlurmctldHost=$host
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
StateSaveLocation=$tmp/state
SlurmdSpoolDir=$tmp/spool
SlurmctldPidFile=$tmp/slurmctld.pid
SlurmdPidFile=$tmp/slurmd.pid
SlurmctldLogFile=$tmp/slurmctld.log
SlurmdLogFile=$tmp/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SchedulerType=sched/backfill
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
MpiDefault=none
ReturnToService=2
SlurmdTimeout=60
# A requeued job waits this long before it may start again (default 120 s).
AuthInfo=cred_expire=10
$node State=UNKNOWN
PartitionName=local Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
say "slurm.conf in $SLURM_CONF: $node"

# 4. Daemons (in the foreground of background jobs, so we stop exactly these).
slurmctld -D -i >>"$tmp/slurmctld.log" 2>&1 & pids+=($!)
sleep 1
slurmd -D >>"$tmp/slurmd.log" 2>&1 & pids+=($!)
say "started slurmctld (pid ${pids[0]}) and slurmd (pid ${pids[1]})"
state=
for i in $(seq 60); do
  state="$(sinfo -h -N -n "$host" -o %t 2>/dev/null | head -1 || true)"
  [ "$state" = idle ] && break
  case "$state" in down*|drain*|unk*) [ "$i" -gt 5 ] && scontrol update nodename="$host" state=resume 2>/dev/null || true ;; esac
  kill -0 "${pids[0]}" 2>/dev/null || die "slurmctld died; see $tmp/slurmctld.log"
  kill -0 "${pids[1]}" 2>/dev/null || die "slurmd died; see $tmp/slurmd.log"
  sleep 1
done
[ "$state" = idle ] || die "node $host is '$state', not idle, after 60 s; see $tmp/slurmd.log"
sinfo

# 5. Build once here, so the array tasks do not race to build; then the array.
./djlab --version
cpt="${CPUS_PER_TASK:-$(( cpus / tasks > 0 ? cpus / tasks : 1 ))}"
export DJLAB_RESULTS="$tmp/results"
cmd=(sbatch --parsable --array=0-$((tasks - 1)) --cpus-per-task="$cpt" --mem=2G
     --output="$tmp/logs/djlab-sweep-%A_%a.log"
     deploy/slurm/sweep.sbatch "$spec" --data-dir "$data"
     --set data.limit.train=6000 --set data.limit.test=500 --set train.epochs=$epochs)
say "DJLAB_RESULTS=$DJLAB_RESULTS ${cmd[*]}"
start=$SECONDS
job="$("${cmd[@]}")"
job="${job%%;*}"
say "submitted array job $job"
log0="$tmp/logs/djlab-sweep-${job}_0.log"

# 6. Requeue task 0 while it trains a run past its first epoch: its latest "[run k/n] label (run-id, ..." has an
#    epoch recorded (so there is a checkpoint to resume from, where DJLab writes them) but no summary yet.
requeued=
for _ in $(seq 1500); do
  id="$(grep -o '\[run [0-9]*/[0-9]*\] [^ ]* ([0-9a-f]\{12\}' "$log0" 2>/dev/null | tail -1 | sed 's/.*(//' || true)"
  run="$DJLAB_RESULTS/$sweep/$id"
  if [ -n "$id" ] && [ "$(grep -c . "$run/epochs.csv" 2>/dev/null || echo 0)" -ge 2 ] && [ ! -f "$run/summary.json" ]; then
    scontrol requeue "${job}_0"
    requeued="$id"
    say "requeued task ${job}_0 while it trained run $id (after epoch $(( $(grep -c . "$run/epochs.csv") - 1 )) of $epochs)"
    break
  fi
  [ -n "$(squeue -h -j "$job" 2>/dev/null)" ] || break
  sleep 0.1
done
[ -n "$requeued" ] || die "task 0 was never caught training a run past its first epoch; see $log0"

# 7. Wait for the whole array to leave the queue (the requeued task starts again after ~10 s).
for _ in $(seq 1800); do
  [ -z "$(squeue -h -j "$job" 2>/dev/null)" ] && break
  sleep 1
done
[ -z "$(squeue -h -j "$job" 2>/dev/null)" ] || die "the array did not finish in 30 minutes: $(squeue -j "$job")"
took=$(( SECONDS - start ))
say "array $job finished after ${took}s"

# 8. Check: every run completed exactly once, the requeued task started twice and ended without failures.
for log in "$tmp"/logs/*.log; do
  echo "---- $(basename "$log") (sweep.sbatch lines and last lines)"
  grep '^sweep.sbatch:' "$log" || true
  tail -n 3 "$log"
done
echo "----"
status="$(./djlab status "$DJLAB_RESULTS/$sweep")" || true
echo "$status"
csv="$DJLAB_RESULTS/$sweep/summary.csv"
[ -f "$csv" ] || die "no $csv"
fail=0
python3 - "$DJLAB_RESULTS/$sweep" "$expected" "$epochs" "$requeued" <<'PY' || fail=1
import csv, json, os, sys
folder, want, epochs, requeued = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
rows = list(csv.DictReader(open(os.path.join(folder, "summary.csv"), newline="")))
ids = [r["run_id"] for r in rows]
done = [r for r in rows if r["status"] == "completed"]
print(f"summary.csv: {len(rows)} rows, {len(done)} completed, {len(set(ids))} distinct runs")
ok = len(rows) == want and len(done) == want and len(set(ids)) == want
for run in ids:
    d = os.path.join(folder, run)
    summary = json.load(open(os.path.join(d, "summary.json")))
    lines = [l for l in open(os.path.join(d, "epochs.csv")) if l.strip()][1:]
    epochs_seen = [l.split(",")[0] for l in lines]
    if epochs_seen != [str(e) for e in range(1, epochs + 1)]:
        print(f"{run}: epochs.csv has epochs {epochs_seen}, not one attempt's 1..{epochs}"); ok = False
    if os.path.exists(os.path.join(d, "run.lock")):
        print(f"{run}: run.lock left behind"); ok = False
    if run == requeued:
        resumed = summary.get("resumed")
        how = (f"resumed {resumed} time(s) from its checkpoint" if resumed
               else "started over (no checkpoint to resume from)")
        print(f"requeued run {run}: {summary['status']}, {how}")
sys.exit(0 if ok else 1)
PY
folders=$(find "$DJLAB_RESULTS/$sweep" -mindepth 1 -maxdepth 1 -type d | wc -l)
say "$folders run folders"
starts=$(grep -c '^sweep.sbatch: job .* task 0 ' "$log0" || true)
say "task 0 started $starts times"
[ "$starts" -ge 2 ] || fail=1
for log in "$tmp"/logs/*.log; do
  # each task's last tally: nothing failed
  tail_tally="$(grep -E "^$sweep: [0-9]+ completed" "$log" | tail -1)"
  [[ "$tail_tally" == *" 0 failed"* ]] || { say "$(basename "$log"): last tally '$tail_tally'"; fail=1; }
done
grep -Eq "(^|[^0-9])$expected done|done[: ]+$expected([^0-9]|$)" <<<"$status" || fail=1
[ "$folders" = "$expected" ] || fail=1
[ $fail = 0 ] || die "the sweep did not end with $expected runs completed exactly once"
say "PASS: $expected of $expected runs completed exactly once over $tasks array tasks, task 0 requeued mid-run, in ${took}s"
