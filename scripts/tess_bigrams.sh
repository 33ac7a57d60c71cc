#!/usr/bin/env bash
# Writes crates/repair/data/kk_web_bigrams.txt.gz: the word pairs of the bigram list inside Tesseract's legacy
# Kazakh model (`kaz.bigram-dawg` of tessdata 4.0.0, Apache-2.0, made by Google from web text:
# the frequent consecutive word pairs), lowercased, Cyrillic words only, one "word word" pair
# per line, sorted and unique.
#
# Text repair uses them twice: how many pairs a word takes part in is a measure of how common
# the word is in real text (so «жер» beats «кер», «қаржы» beats «қарлы» when the channel cannot
# tell them apart), and a pair of readings that real text writes together is preferred in context.
#
#   scripts/tess_bigrams.sh [kaz.traineddata]
#
# Default input: the npm package @tesseract.js-data/kaz (folder 4.0.0), fetched with `npm pack`.
# The Debian packages ship the LSTM-only models, which have no bigram list. Russian has no such
# package, so there is no Russian list.
# Needs combine_tessdata and dawg2wordlist (Debian: tesseract-ocr), npm and python3.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
model=${1:-}
if [ -z "$model" ]; then
    (cd "$tmp" && npm pack --silent @tesseract.js-data/kaz@1.0.0 >/dev/null && tar xzf ./*.tgz)
    gunzip -c "$tmp/package/4.0.0/kaz.traineddata.gz" > "$tmp/kaz.traineddata"
    model="$tmp/kaz.traineddata"
fi
combine_tessdata -u "$model" "$tmp/kaz." >/dev/null 2>&1
dawg2wordlist "$tmp/kaz.unicharset" "$tmp/kaz.bigram-dawg" "$tmp/pairs.txt" >/dev/null 2>&1
python3 - "$tmp/pairs.txt" > "$tmp/kk.txt" <<'PY'
import re, sys
word = re.compile(r"^[а-яёәғқңөұүһі]+(-[а-яёәғқңөұүһі]+)*$")
seen = set()
for line in open(sys.argv[1], encoding="utf-8"):
    parts = line.strip().lower().replace("i", "і").split(" ")
    if len(parts) == 2 and all(word.match(p) for p in parts):
        seen.add(" ".join(parts))
sys.stdout.write("".join(p + "\n" for p in sorted(seen)))
PY
gzip -9 -n -c "$tmp/kk.txt" > "$root/crates/repair/data/kk_web_bigrams.txt.gz"
echo "crates/repair/data/kk_web_bigrams.txt.gz: $(wc -l < "$tmp/kk.txt") pairs"
