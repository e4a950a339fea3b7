#!/usr/bin/env bash
# Measures `djlab serve` on a synthetic results folder of N runs (default 1000): the server's own figures (start-up,
# page JSON over HTTP, one poll, memory: `djlab serve --bench N`), then the front page in headless Chromium (Debian's
# `chromium` and `chromium-driver`): from the start of navigation to both tables drawn, first load and median of
# five more, and the server's resident memory after them.
#   scripts/serve-bench.sh [RUNS]          JAVA_OPTS=-Xmx64m scripts/serve-bench.sh   (a bounded heap)
set -euo pipefail
runs="${1:-1000}"
cd "$(dirname "$0")/.."
log="$(mktemp)"
DJLAB_BENCH_SERVE=1 ./djlab serve --bench "$runs" > "$log" 2>&1 &
pid=$!
trap 'kill "$pid" 2>/dev/null || true; rm -f "$log"' EXIT
for _ in $(seq 1 900); do
  grep -q '^serving ' "$log" && break
  kill -0 "$pid" 2>/dev/null || { cat "$log"; exit 1; }
  sleep 1
done
grep -v '^serving ' "$log"
url="$(sed -n 's/^serving \(http[^ ]*\) .*/\1/p' "$log")"
chromium="${CHROMIUM:-$(command -v chromium || true)}"
driver="${CHROMEDRIVER:-$(command -v chromedriver || true)}"
if [ -z "$chromium" ] || [ -z "$driver" ]; then
  echo "browser measurement skipped: no chromium/chromedriver (apt-get install -y chromium chromium-driver)"
  exit 0
fi
python3 - "$url" "$chromium" "$driver" "$pid" <<'PY'
import json, statistics, subprocess, sys, time, urllib.request, socket, tempfile

url, chromium, driver, server = sys.argv[1:5]
with socket.socket() as s:
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
proc = subprocess.Popen([driver, f"--port={port}"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
base = f"http://127.0.0.1:{port}"

def call(method, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(base + path, data=data, method=method, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=120) as r:
        return json.load(r)["value"]

try:
    for _ in range(100):
        try:
            call("GET", "/status")
            break
        except OSError:
            time.sleep(0.1)
    profile = tempfile.mkdtemp(prefix="djlab-bench-chromium")
    caps = {"capabilities": {"alwaysMatch": {"browserName": "chrome", "goog:chromeOptions": {
        "binary": chromium, "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                                     "--no-first-run", f"--user-data-dir={profile}", "--window-size=1400,1000"]}}}}
    session = call("POST", "/session", caps)["sessionId"]
    times = []
    for i in range(6):
        call("POST", f"/session/{session}/url", {"url": url})
        for _ in range(600):
            t = call("POST", f"/session/{session}/execute/sync", {"script": "return window.djlabRendered || null", "args": []})
            if t is not None:
                break
            time.sleep(0.05)
        times.append(t)
    rows = call("POST", f"/session/{session}/execute/sync", {"script":
        "return document.querySelectorAll('table[data-table=runs] tbody tr').length", "args": []})
    print(f"front page in Chromium ({rows} runs listed), navigation to tables drawn: first {times[0]:.0f} ms, "
          f"then median {statistics.median(times[1:]):.0f} ms, max {max(times[1:]):.0f} ms")
    status = open(f"/proc/{server}/status").read().splitlines()
    mem = {l.split(":")[0]: int(l.split()[1]) // 1024 for l in status if l.startswith(("VmRSS", "VmHWM"))}
    print(f"server resident memory after the browser's loads: {mem['VmRSS']} MB (peak {mem['VmHWM']} MB)")
    call("DELETE", f"/session/{session}")
finally:
    proc.terminate()
PY
