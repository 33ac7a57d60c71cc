#!/usr/bin/env bash
# Renders an HTML report (from `tizilim refresh` or `tizilim diff --format html`) in headless
# Chromium: writes a screenshot and the DOM as Chromium built it (after running any script the page
# might carry), so a person can look at the page and a test can check that act text stayed text.
#
# Usage: scripts/report_screenshot.sh REPORT.html OUT.png [DOM.html]
#   REPORT.html  the report to render
#   OUT.png      where the screenshot goes (1280 x 2400 window, the top of the page)
#   DOM.html     where the rendered DOM goes (default: OUT.png with .dom.html)
# Exit status: 0 rendered; 1 Chromium failed or wrote nothing; 2 usage error or Chromium not found.
# Needs: chromium (Debian: apt-get install -y chromium).
set -euo pipefail

if [[ $# -lt 2 || $# -gt 3 ]]; then
    echo "usage: $0 REPORT.html OUT.png [DOM.html]" >&2
    exit 2
fi
report=$1
png=$2
dom=${3:-${png%.png}.dom.html}
if [[ ! -f $report ]]; then
    echo "$0: $report: no such file" >&2
    exit 2
fi
browser=
for b in chromium chromium-browser google-chrome; do
    if command -v "$b" >/dev/null 2>&1; then
        browser=$b
        break
    fi
done
if [[ -z $browser ]]; then
    echo "$0: chromium not found (install chromium)" >&2
    exit 2
fi
abs=$(cd "$(dirname "$report")" && pwd)/$(basename "$report")
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
# --no-sandbox: CI runs as root. The network flags keep Chromium from calling home on a closed
# network; the report is self-contained, so nothing is fetched anyway.
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run
    --disable-background-networking --disable-component-update --disable-sync
    --user-data-dir="$profile" --window-size=1280,2400 --virtual-time-budget=2000)
rm -f "$png" "$dom"
timeout 120 "$browser" "${flags[@]}" --screenshot="$png" "file://$abs" >/dev/null 2>&1 || true
timeout 120 "$browser" "${flags[@]}" --dump-dom "file://$abs" >"$dom" 2>/dev/null || true
if [[ ! -s $png || ! -s $dom ]]; then
    echo "$0: $browser wrote no screenshot or DOM for $report" >&2
    exit 1
fi
echo "$png"
