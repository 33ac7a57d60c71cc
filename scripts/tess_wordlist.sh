#!/usr/bin/env bash
# Writes crates/repair/data/kk_tess_words.txt.gz and crates/repair/data/ru_tess_words.txt.gz: the word forms of the word
# lists inside Tesseract's Kazakh and Russian models (Debian tesseract-ocr-kaz / -rus,
# `lstm-word-dawg`, Apache-2.0, made by Google from web text), lowercased, Cyrillic words only
# (letters and inner hyphens), sorted and unique.
#
# Text repair uses them as the list of attested word forms: a form that real text uses, as
# opposed to one that only dictionary affix rules or tizilim's morphotactics generate.
#
#   scripts/tess_wordlist.sh [TESSDATA_DIR]     default: /usr/share/tesseract-ocr/5/tessdata
#
# Needs combine_tessdata and dawg2wordlist (Debian: tesseract-ocr).
set -euo pipefail
cd "$(dirname "$0")/.."
TESSDATA=${1:-/usr/share/tesseract-ocr/5/tessdata}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for pair in kaz:kk rus:ru; do
    model=${pair%%:*} out=${pair##*:}
    combine_tessdata -u "$TESSDATA/$model.traineddata" "$tmp/$model." >/dev/null 2>&1
    dawg2wordlist "$tmp/$model.lstm-unicharset" "$tmp/$model.lstm-word-dawg" "$tmp/$model.txt" >/dev/null 2>&1
    python3 - "$tmp/$model.txt" > "$tmp/$out.txt" <<'PY'
import re, sys
word = re.compile(r"^[а-яёәғқңөұүһі]+(-[а-яёәғқңөұүһі]+)*$")
seen = set()
for line in open(sys.argv[1], encoding="utf-8"):
    w = line.strip().lower().replace("i", "і")
    if word.match(w):
        seen.add(w)
sys.stdout.write("".join(w + "\n" for w in sorted(seen)))
PY
    gzip -9 -n -c "$tmp/$out.txt" > "crates/repair/data/${out}_tess_words.txt.gz"
    echo "crates/repair/data/${out}_tess_words.txt.gz: $(wc -l < "$tmp/$out.txt") forms from $model.traineddata"
done
