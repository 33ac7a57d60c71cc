#!/usr/bin/env bash
# Writes crates/repair/data/ru_wordfreq.txt.gz: how often Russian text uses each word form, from
# the `large` Russian list of the Python package wordfreq (3.1.1; Robyn Speer et al.; its data is
# CC-BY-SA 4.0, made from subtitles, Wikipedia, news, books, web text and social media), as
# `word<TAB>zipf` lines: zipf is the form's Zipf frequency times ten (log10 of its frequency per
# billion words, ×10: «и» 75, «года» 62, «гора» 42), forms of lowercase Cyrillic letters and inner
# hyphens with Zipf ≥ 2.5, sorted by word.
#
# Text repair uses it to prefer, in a Russian text, the reading that Russian text uses more
# often when the glyphs cannot tell two readings apart («года»/«гора», «для»/«за»).
# There is no Kazakh list: wordfreq has none (the Kazakh web bigram list plays its part).
#
#   scripts/ru_wordfreq.sh
#
# Needs python3 with venv and pip (PyPI reachable).
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 -m venv "$tmp/venv"
"$tmp/venv/bin/pip" install --quiet wordfreq==3.1.1
"$tmp/venv/bin/python" - > "$tmp/ru.txt" <<'PY'
import math, re
from wordfreq import get_frequency_dict
word = re.compile(r"^[а-яё]+(-[а-яё]+)*$")
rows = {}
for w, f in get_frequency_dict("ru", "large").items():
    z = round((math.log10(f) + 9) * 10)
    if word.match(w) and z >= 25:
        rows[w] = max(z, rows.get(w, 0))
print("".join(f"{w}\t{z}\n" for w, z in sorted(rows.items())), end="")
PY
gzip -9 -n -c "$tmp/ru.txt" > crates/repair/data/ru_wordfreq.txt.gz
echo "crates/repair/data/ru_wordfreq.txt.gz: $(wc -l < "$tmp/ru.txt") forms"
