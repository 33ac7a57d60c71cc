#!/usr/bin/env bash
# Runs every fuzz target (fuzz/fuzz_targets/*.rs) for N seconds each, one after another.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]      default: 60 seconds, all targets
#
# Needs cargo-fuzz (`cargo install cargo-fuzz`). Only a stable toolchain is needed:
# RUSTC_BOOTSTRAP=1 lets it accept the nightly flags cargo-fuzz passes. Targets are built without
# a sanitizer (`-s none`: the code under test is safe Rust; panics, stack overflows, timeouts and
# memory blow-ups are what we look for) and with debug assertions (integer overflow checks).
#
# Seed corpora are made from fixtures/ on first use (fuzz/corpus/TARGET/, not committed): slices
# of the real acts and the whole bad-input corpus. Crashes land in fuzz/artifacts/TARGET/; turn
# each into a regression test in tests/bad_inputs.rs with its input under fixtures/bad/fuzz/.
# Environment: JOBS (parallel fuzzing processes per target, default 1), RSS_MB (default 2048),
# RUNS (stop each target after this many executions instead of after SECONDS), MAX_LEN (input
# size cap for every target instead of the per-target default). OCR tools are disabled (see below).
# The regex engine crates are built without coverage instrumentation (scripts/fuzz-rustc.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
SECONDS_EACH=${1:-60}
shift || true
ALL=(html pdf plain source legal refs report registry)
TARGETS=("${@:-${ALL[@]}}")
JOBS=${JOBS:-1}
RSS_MB=${RSS_MB:-2048}
export RUSTC_BOOTSTRAP=1
export CARGO_TARGET_DIR=${FUZZ_TARGET_DIR:-$ROOT/fuzz/target}
export RUSTC_WRAPPER=$ROOT/scripts/fuzz-rustc.sh
# No external OCR and a small repair budget while fuzzing: the targets pass these options
# themselves (fuzz_targets/common.rs, `extract_options`).

max_len() {
    [ -n "${MAX_LEN:-}" ] && { echo "$MAX_LEN"; return; }
    case $1 in
        pdf) echo 131072 ;;
        refs) echo 4096 ;;
        legal | report | registry) echo 32768 ;;
        *) echo 65536 ;;
    esac
}

# Writes slices of FILE (SIZE bytes every STEP bytes, at most N) into DIR.
slices() {
    local file=$1 dir=$2 size=$3 step=$4 n=$5 i=0 off=0 len
    len=$(stat -c %s "$file")
    while [ "$off" -lt "$len" ] && [ "$i" -lt "$n" ]; do
        { tail -c +"$((off + 1))" "$file" | head -c "$size" > "$dir/$(basename "$file").$off"; } || true
        off=$((off + step))
        i=$((i + 1))
    done
}

seed() {
    local t=$1 dir=fuzz/corpus/$1
    [ -d "$dir" ] && [ -n "$(ls -A "$dir")" ] && return
    mkdir -p "$dir"
    case $t in
        html)
            for f in fixtures/html/*.html; do slices "$f" "$dir" 16384 12000 8; done
            cp fixtures/bad/html/* "$dir/" ;;
        pdf)
            for f in fixtures/pdf/kaz_V2100022243.pdf fixtures/pdf/rus_V2500037538.pdf; do cp "$f" "$dir/"; done
            cp fixtures/bad/pdf/* "$dir/" ;;
        plain | legal)
            for f in fixtures/seeds/*.txt; do slices "$f" "$dir" 8192 6000 12; done
            cp fixtures/bad/text/*.txt "$dir/" ;;
        source)
            for f in fixtures/seeds/*.txt fixtures/html/*.html; do slices "$f" "$dir" 8192 20000 3; done
            cp fixtures/bad/text/* fixtures/bad/html/* "$dir/"
            cp fixtures/bad/pdf/minimal_ok.pdf fixtures/bad/pdf/xobject_self_loop.pdf "$dir/" ;;
        refs)
            for f in fixtures/seeds/*.txt; do slices "$f" "$dir" 600 1500 40; done ;;
        registry)
            for f in fixtures/registry/*.csv; do slices "$f" "$dir" 6000 20000 4; done
            cp fixtures/registry/*.html fixtures/bad/registry/* "$dir/" ;;
        report)
            local a b
            for f in fixtures/seeds/*.txt; do
                a=$(mktemp) b=$(mktemp)
                head -c 6000 "$f" > "$a"
                head -c 6000 "$f" | sed 's/1\./2./; s/ и / или /' > "$b"
                { cat "$a"; printf '\xff'; cat "$b"; } > "$dir/$(basename "$f")"
                rm -f "$a" "$b"
            done ;;
    esac
    if [ -d fixtures/bad/fuzz ]; then
        for f in fixtures/bad/fuzz/"$t"-*; do [ -e "$f" ] && cp "$f" "$dir/"; done
    fi
    return 0
}

cd fuzz
cargo fuzz build -O -s none
cd "$ROOT"
for t in "${TARGETS[@]}"; do
    seed "$t"
    echo "== $t: ${RUNS:+$RUNS runs or }${SECONDS_EACH}s, max_len $(max_len "$t")"
    par=()
    [ "$JOBS" -gt 1 ] && par=(-jobs="$JOBS" -workers="$JOBS")
    [ -n "${RUNS:-}" ] && par+=(-runs="$RUNS")
    # 2 MiB of stack, as a refresh worker thread has: a stack overflow there kills the run.
    (cd fuzz && ulimit -s "${STACK_KB:-2048}" && cargo fuzz run -O -s none "$t" -- \
        -max_total_time="$SECONDS_EACH" -max_len="$(max_len "$t")" \
        -rss_limit_mb="$RSS_MB" -timeout=10 "${par[@]}" -print_final_stats=1 2>&1 |
        grep -E "^(stat::|==|.*(ERROR|panicked|Test unit written|SUMMARY|overflow))" || true)
done
