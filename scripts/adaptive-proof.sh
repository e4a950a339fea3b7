#!/usr/bin/env bash
# Usage: scripts/adaptive-proof.sh [DATA_DIR]   (results in a temporary folder, kept; about 5-10 min on 2 cores)
# TPE+ASHA on real MNIST: uninterrupted, killed twice and resumed, and two concurrent shards; decisions compared.
set -u
cd "$(dirname "$0")/.."
spec=experiments/adaptive/tpe-asha-mlp.yaml
data="${1:-../shared/data}"; d="$(mktemp -d)"
t0=$(date +%s); ./djlab sweep $spec --data-dir "$data" --results $d/straight > $d/straight.log 2>&1; echo "straight exit $? in $(( $(date +%s)-t0 )) s"
t0=$(date +%s)
for wait in 8 12; do
  ./djlab sweep $spec --data-dir "$data" --results $d/killed > $d/killed.log 2>&1 & pid=$!
  sleep $wait; pkill -9 -f "results $d/killed"; wait $pid 2>/dev/null; echo "killed after $wait s"
done
./djlab sweep $spec --data-dir "$data" --results $d/killed >> $d/killed.log 2>&1; echo "resumed exit $? total $(( $(date +%s)-t0 )) s"
t0=$(date +%s)
./djlab sweep $spec --data-dir "$data" --results $d/shards --shard 0/2 > $d/shard0.log 2>&1 & a=$!
./djlab sweep $spec --data-dir "$data" --results $d/shards --shard 1/2 > $d/shard1.log 2>&1 & b=$!
wait $a; ea=$?; wait $b; eb=$?; echo "shards exit $ea $eb in $(( $(date +%s)-t0 )) s"
for r in straight killed shards; do
  python3 - "$d/$r/tpe-asha-mlp/decisions.jsonl" > $d/$r.decisions <<'PY'
import json,sys
rows=[json.loads(l) for l in open(sys.argv[1])]
keys=set()
for r in rows:
    r.pop("time",None); r.pop("process",None)
    keys.add(json.dumps(r,sort_keys=True))
print("\n".join(sorted(keys)))
PY
  echo "$r: $(wc -l < $d/$r.decisions) distinct decisions, $(grep -c '"pruned"\|stop' $d/$r.decisions) stop lines"
done
cmp -s $d/straight.decisions $d/killed.decisions && echo "killed+resumed: identical decisions" || echo "killed+resumed: DIFFER"
cmp -s $d/straight.decisions $d/shards.decisions && echo "two shards: identical decisions" || echo "two shards: DIFFER"
