#!/usr/bin/env bash
# Opens a DJLab report in headless Chromium (Debian's `chromium` package), saves a screenshot and fails when the
# page logs a console error or tries to load anything from the network.
#   scripts/report-screenshot.sh results/<sweep>/report.html [out.png] [width,height]
# Install Chromium once with: apt-get install -y chromium
set -euo pipefail
html="${1:?usage: $0 REPORT.html [OUT.png] [WIDTH,HEIGHT]}"
out="${2:-${html%.html}-screenshot.png}"
size="${3:-1400,3000}"
chromium="${CHROMIUM:-$(command -v chromium || command -v chromium-browser || true)}"
if [ -z "$chromium" ]; then
  echo "chromium not found: install it with 'apt-get install -y chromium' (Debian) or set CHROMIUM" >&2
  exit 3
fi
url="file://$(cd "$(dirname "$html")" && pwd)/$(basename "$html")"
profile="$(mktemp -d)"
log="$(mktemp)"
trap 'rm -rf "$profile" "$log"' EXIT
flags=(--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update
       --disable-sync --no-first-run --hide-scrollbars --user-data-dir="$profile")
# Console messages go to stderr with --enable-logging=stderr; the DOM dump proves the page parsed and rendered.
timeout 120 "$chromium" "${flags[@]}" --enable-logging=stderr --v=0 --virtual-time-budget=5000 --dump-dom "$url" \
  > "$profile/dom.html" 2> "$log" || true
timeout 120 "$chromium" "${flags[@]}" --window-size="$size" --screenshot="$out" "$url" >/dev/null 2>>"$log" || true
problems=0
# A report has no scripts, so any console message at all (an error, a blocked load) is a fault.
if grep -E ':CONSOLE|Uncaught|net::ERR_|Failed to load resource' "$log"; then
  echo "console messages while loading $url (above)" >&2
  problems=1
fi
if grep -Eio '(src|href|data)[[:space:]]*=[[:space:]]*["'"'"']?[[:space:]]*(https?:)?//[^"'"'"' >]*|url\([[:space:]]*["'"'"']?(https?:)?//[^)]*|@import' "$html"; then
  echo "the report refers to something outside itself (above): it would not open offline" >&2
  problems=1
fi
if ! grep -q '<h1>' "$profile/dom.html"; then
  echo "the DOM dump has no <h1>: the page did not render" >&2
  problems=1
fi
if [ ! -s "$out" ]; then
  echo "no screenshot written" >&2
  problems=1
fi
[ "$problems" -eq 0 ] && echo "ok: $out ($(stat -c %s "$out") bytes)"
exit "$problems"
