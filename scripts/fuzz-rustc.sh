#!/usr/bin/env bash
# RUSTC_WRAPPER for scripts/fuzz.sh: compiles the regex engine family (regex, regex-automata,
# regex-syntax, aho-corasick, memchr) without libFuzzer's coverage instrumentation.
#
# Those crates are fuzzed continuously upstream (OSS-Fuzz); instrumenting them here made every
# comparison inside a regex search call back into libFuzzer, which cost ~70 % of each execution
# and steered the fuzzer towards regex-engine states instead of tizilim's own branches. tizilim,
# lopdf, scraper/html5ever, encoding_rs, flate2 and the rest stay instrumented.
set -euo pipefail
rustc=$1
shift
crate=
prev=
for a in "$@"; do
    [ "$prev" = --crate-name ] && crate=$a
    prev=$a
done
case $crate in
    regex | regex_automata | regex_syntax | aho_corasick | memchr)
        args=()
        for a in "$@"; do
            case $a in
                -Cpasses=sancov-module | -Cllvm-args=-sanitizer-coverage*) ;;
                *) args+=("$a") ;;
            esac
        done
        exec "$rustc" "${args[@]}" ;;
    *) exec "$rustc" "$@" ;;
esac
