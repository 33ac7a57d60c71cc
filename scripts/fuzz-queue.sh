#!/usr/bin/env bash
# Runs already-built fuzz targets one after another, each for a given number of executions:
#   scripts/fuzz-queue.sh LOG TARGET=RUNS...
# (for topping up cumulative counts; scripts/fuzz.sh builds and seeds).
set -uo pipefail
cd "$(dirname "$0")/../fuzz"
log=$1
shift
B=${FUZZ_TARGET_DIR:-target}/x86_64-unknown-linux-gnu/release
# No external OCR and a small repair budget: the targets set these themselves (common.rs).
for tr in "$@"; do
    t=${tr%%=*} runs=${tr#*=}
    echo "== $t: $runs runs, max_len ${MAX_LEN:-4096} ($(date +%T))" >> "$log"
    mkdir -p "artifacts/$t"
    (ulimit -s 2048 && "$B/$t" "corpus/$t" -runs="$runs" -max_len="${MAX_LEN:-4096}" \
        -rss_limit_mb="${RSS_MB:-2048}" -timeout=10 -artifact_prefix="artifacts/$t/" \
        -print_final_stats=1 2>&1 |
        grep -E "^(stat::|==|.*(ERROR|panicked|Test unit written|SUMMARY|overflow|DONE))" >> "$log")
    echo "== $t finished ($(date +%T))" >> "$log"
done
