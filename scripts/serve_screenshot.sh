#!/usr/bin/env bash
# Screenshots of the review pages (`tizilim serve`) in headless Chromium, for the README and for
# a person to look at: the findings list, a finding's page and the summary.
#
# It refreshes a copy of corpus/ (plus a second illustrative by-law derived from the first, so
# the list has more than one row) into a temporary store, starts `tizilim serve` on a free
# loopback port, accepts one finding with an edited wording through the JSON API (as the page
# does), and renders the pages.
#
# Usage: scripts/serve_screenshot.sh [OUTDIR]      (default: docs/img)
#   writes OUTDIR/serve-list.png, OUTDIR/serve-finding.png, OUTDIR/serve-summary.png
# Environment: TIZILIM (the binary; default target/release/tizilim).
# Exit status: 0 written; 1 Chromium or the server failed; 2 usage error or a tool is missing.
# Needs: chromium, curl (Debian: apt-get install -y chromium curl).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$root/docs/img}
bin=${TIZILIM:-$root/target/release/tizilim}
if [[ ! -x $bin ]]; then
    echo "$0: $bin not found: run cargo build --release first" >&2
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
command -v curl >/dev/null 2>&1 || { echo "$0: curl not found" >&2; exit 2; }
mkdir -p "$out"
out=$(cd "$out" && pwd)

work=$(mktemp -d)
server=
cleanup() {
    if [[ -n $server ]]; then kill "$server" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

cp -r "$root/corpus" "$work/corpus"
sed -e 's/вырубку деревьев/пересадку деревьев/g; s/вырубка деревьев/пересадка деревьев/g; s/34100/34101/g' \
    "$root/corpus/illustrative/bylaw_ru.txt" >"$work/corpus/illustrative/bylaw2_ru.txt"
(cd "$work" && "$bin" refresh --no-ocr --db t.db --out out --registry corpus/registry.csv >/dev/null 2>&1)

(cd "$work" && exec "$bin" serve --db t.db --addr 127.0.0.1:0 --user "analyst" \
    --registry corpus/registry.csv >"$work/url" 2>"$work/serve.log") &
server=$!
for _ in $(seq 100); do
    [[ -s $work/url ]] && break
    sleep 0.1
done
url=$(head -1 "$work/url")
if [[ $url != http://* ]]; then
    echo "$0: tizilim serve did not start: $(cat "$work/serve.log")" >&2
    exit 1
fi

# Accept the felling finding with an edited Russian name, as the page's form would.
ids=$(curl -fsS "${url}api/findings" | grep -o '"id":"[0-9a-f]\{16\}"' | cut -d'"' -f4)
first=$(echo "$ids" | head -1)
token=$(curl -fsS "${url}findings/$first" | grep -o 'csrf-token" content="[0-9a-f]*' | cut -d'"' -f3)
curl -fsS -o /dev/null -X POST "${url}api/findings/$first/decision" \
    -H 'Content-Type: application/json' -H "X-CSRF-Token: $token" \
    -d '{"decision":"accept","comment":"Услуга есть в Правилах, в реестр не внесена.","wording":{"ru":{"name":"Выдача разрешения на вырубку зелёных насаждений"}}}'

shot() {
    local name=$1 path=$2 height=$3
    local profile
    profile=$(mktemp -d -p "$work")
    rm -f "$out/$name"
    # --no-sandbox: CI runs as root; the network flags keep Chromium from calling home.
    timeout 120 "$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$profile" --hide-scrollbars --window-size=1280,"$height" \
        --screenshot="$out/$name" "${url}${path}" >/dev/null 2>&1 || true
    if [[ ! -s $out/$name ]]; then
        echo "$0: $browser wrote no screenshot of ${url}${path}" >&2
        exit 1
    fi
    echo "$out/$name"
}
shot serve-list.png findings 560
shot serve-finding.png "findings/$first" 2000
shot serve-summary.png "" 760
