#!/usr/bin/env bash
# Writes fixtures/ocr-pairs/rus_pairs.jsonl: Russian OCR pairs made the way the Kazakh ones were
# (fixtures/MANIFEST.md, "ocr-pairs"): clean text lines drawn with DejaVu Sans 33 px and read
# with Tesseract's English model. The lines are those of the LibreOffice PDF of
# rus_V2500037538 (its pdftotext text) with at least three words, ten Cyrillic letters and at
# most 80 characters, without repeats. They are drawn 30 to an image, 80 px apart, by headless
# Chromium, and read with `tesseract -l eng --psm 6`; a batch whose line count differs from
# what was drawn would be dropped (none is). Pairs whose garbled side has Cyrillic letters or
# equals the clean side are left out.
#
# Needs chromium, tesseract (with eng) and python3. None of these pairs was used for tuning:
# examples/repair_eval.rs --ru measures on all of them.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 - "$ROOT/fixtures/pdf/rus_V2500037538.pdftotext.txt" "$tmp" <<'PY'
import html, re, sys
src, out = sys.argv[1], sys.argv[2]
seen, lines = set(), []
for l in open(src, encoding="utf-8"):
    l = l.strip()
    if len(l.split()) >= 3 and len(re.findall("[А-Яа-яЁё]", l)) >= 10 and len(l) <= 80 and l not in seen:
        seen.add(l)
        lines.append(l)
for b in range(0, len(lines), 30):
    chunk = lines[b:b + 30]
    open(f"{out}/batch{b // 30:02d}.clean", "w", encoding="utf-8").write("\n".join(chunk) + "\n")
    body = "".join(f"<div>{html.escape(x)}</div>" for x in chunk)
    open(f"{out}/batch{b // 30:02d}.html", "w", encoding="utf-8").write(
        '<!doctype html><meta charset="utf-8"><style>body{margin:20px;background:#fff}'
        'div{font-family:"DejaVu Sans";font-size:33px;line-height:80px;white-space:nowrap}</style>' + body)
PY
for f in "$tmp"/batch*.html; do
    b=${f%.html}
    chromium --headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking \
        --disable-component-update --disable-sync --user-data-dir="$(mktemp -d)" --hide-scrollbars \
        --window-size=1800,2500 --screenshot="$b.png" "file://$f" >/dev/null 2>&1
    OMP_THREAD_LIMIT=1 tesseract "$b.png" "$b" -l eng --psm 6 >/dev/null 2>&1
done
python3 - "$tmp" "$ROOT/fixtures/ocr-pairs/rus_pairs.jsonl" <<'PY'
import glob, json, sys
tmp, out = sys.argv[1], sys.argv[2]
n = 0
with open(out, "w", encoding="utf-8") as o:
    for c in sorted(glob.glob(f"{tmp}/batch*.clean")):
        clean = [l.rstrip("\n") for l in open(c, encoding="utf-8")]
        garb = [l.rstrip("\n") for l in open(c[:-6] + ".txt", encoding="utf-8") if l.strip()]
        if len(garb) != len(clean):
            print(f"dropped {c}: {len(garb)} lines read for {len(clean)} drawn", file=sys.stderr)
            continue
        for cl, g in zip(clean, garb):
            if cl == g or any("\u0400" <= ch <= "\u04ff" for ch in g):
                continue
            o.write(json.dumps({"clean": cl, "garbled": g}, ensure_ascii=False) + "\n")
            n += 1
print(f"{out}: {n} pairs")
PY
