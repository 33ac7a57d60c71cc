#!/usr/bin/env python3
"""Wrong-language OCR pairs at scale, from real acts, split by act.

Usage: scripts/ocr_pairs.py OUT_DIR ACT_DIR...  (each ACT_DIR holds act folders with kaz.md and
rus.md, as ../shared/real does; or .md files directly)

For every act and language, lines of the act's own text (markdown stripped; paragraphs cut into
lines of at most 72 characters at word boundaries, as a page would wrap them; headings kept whole
up to 72 characters) are drawn by headless Chromium in one of several styles, 30 lines to an image,
and read back with Tesseract's English model (`--psm 6`), which is what a wrong-language text
layer is. Styles vary the font (DejaVu Sans/Serif, Liberation Sans/Serif), the weight (bold), the
size (26 to 40 px, i.e. different resolutions) and upper case (headings). A batch whose line count
differs from what was drawn is dropped.

The split is by act: an act whose folder name hashes (crc32) to 0 or 1 mod 5 is `heldout`, the
others `train`. Output: OUT_DIR/{train,heldout}.jsonl, one object per line: act, lang (kk|ru),
style, clean, garbled. Pairs whose garbled side has Cyrillic letters or equals the clean side are
left out. Nothing here is committed: the pairs are real act text (the repository keeps only what is
learned from them, crates/repair/data/channel.tsv). Needs chromium, tesseract (eng), python3.

Acts listed in ../shared/real/HELDOUT.md must not be given here.
"""
import concurrent.futures
import hashlib
import html
import json
import os
import re
import subprocess
import sys
import tempfile
import zlib

STYLES = [
    # name, font family, weight, size px, upper case
    ("sans", "DejaVu Sans", 400, 33, False),
    ("serif", "Liberation Serif", 400, 36, False),
    ("arial-bold", "Liberation Sans", 700, 32, False),
    ("dserif-small", "DejaVu Serif", 400, 27, False),
    ("caps-bold", "Liberation Sans", 700, 30, True),
    ("sans-large", "Liberation Sans", 400, 40, False),
    ("times-bold-caps", "Liberation Serif", 700, 34, True),
    ("sans-small", "DejaVu Sans", 400, 26, False),
]
PER_ACT = 90  # lines per act and language
CYR = re.compile("[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]")


def plain_lines(md: str):
    """Text lines of a markdown act: links, emphasis, anchors and table pipes removed."""
    out = []
    for raw in md.splitlines():
        l = raw.strip()
        if not l or l.startswith("<a id") or l.startswith("```"):
            continue
        l = re.sub(r"<[^>]+>", " ", l)
        l = re.sub(r"!?\[([^\]]*)\]\([^)]*\)", r"\1", l)
        l = re.sub(r"^#+\s*", "", l)
        l = re.sub(r"^>\s*", "", l)
        l = l.replace("**", "").replace("*", "").replace("`", "")
        cells = [c.strip() for c in l.split("|")] if l.startswith("|") else [l]
        for c in cells:
            c = re.sub(r"\s+", " ", c).strip()
            if re.fullmatch(r"[-: ]*", c):
                continue
            out.append(c)
    return out


def wrap(par: str, width: int = 72):
    words, line, lines = par.split(" "), "", []
    for w in words:
        if line and len(line) + 1 + len(w) > width:
            lines.append(line)
            line = w
        else:
            line = f"{line} {w}" if line else w
    if line:
        lines.append(line)
    return lines


def act_lines(md: str, seed: int):
    seen, lines = set(), []
    for par in plain_lines(md):
        for l in wrap(par):
            if len(CYR.findall(l)) >= 8 and len(l.split()) >= 2 and l not in seen:
                seen.add(l)
                lines.append(l)
    # A deterministic spread over the act (not only its first page).
    if len(lines) > PER_ACT:
        step = len(lines) / PER_ACT
        lines = [lines[int(i * step + seed % max(1, int(step))) % len(lines)] for i in range(PER_ACT)]
        lines = list(dict.fromkeys(lines))
    return lines


def render_and_read(job):
    tmp, name, lines, style = job
    _, family, weight, size, caps = style
    shown = [l.upper() if caps else l for l in lines]
    body = "".join(f"<div>{html.escape(x)}</div>" for x in shown)
    page = (
        '<!doctype html><meta charset="utf-8"><style>body{margin:20px;background:#fff}'
        f'div{{font-family:"{family}";font-weight:{weight};font-size:{size}px;'
        f"line-height:{int(size * 2.3)}px;white-space:nowrap}}</style>{body}"
    )
    base = os.path.join(tmp, name)
    open(base + ".html", "w", encoding="utf-8").write(page)
    width = max(1200, int(max(len(x) for x in shown) * size * 0.72) + 60)
    height = int(len(shown) * size * 2.3) + 60
    prof = tempfile.mkdtemp(dir=tmp)
    subprocess.run(
        ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={prof}", "--hide-scrollbars", f"--window-size={width},{height}",
         f"--screenshot={base}.png", f"file://{base}.html"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False, timeout=120)
    env = dict(os.environ, OMP_THREAD_LIMIT="1")
    subprocess.run(["tesseract", base + ".png", base, "-l", "eng", "--psm", "6"],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, check=False, timeout=300)
    try:
        got = [l for l in open(base + ".txt", encoding="utf-8").read().split("\n") if l.strip()]
    except OSError:
        got = []
    if len(got) != len(shown):
        print(f"dropped {name}: {len(got)} lines read for {len(shown)} drawn", file=sys.stderr)
        return []
    return [(c, g) for c, g in zip(shown, got)]


def acts(dirs):
    for d in dirs:
        for entry in sorted(os.listdir(d)):
            p = os.path.join(d, entry)
            if os.path.isdir(p):
                for lang, f in (("kk", "kaz.md"), ("ru", "rus.md")):
                    if os.path.isfile(os.path.join(p, f)):
                        yield entry, lang, os.path.join(p, f)


def main():
    out, dirs = sys.argv[1], sys.argv[2:]
    os.makedirs(out, exist_ok=True)
    tmp = tempfile.mkdtemp()
    jobs, meta = [], {}
    for act, lang, path in acts(dirs):
        seed = zlib.crc32(f"{act}/{lang}".encode())
        lines = act_lines(open(path, encoding="utf-8").read(), seed)
        for b in range(0, len(lines), 30):
            style = STYLES[(seed + b // 30) % len(STYLES)]
            name = hashlib.sha1(f"{act}/{lang}/{b}".encode()).hexdigest()[:12]
            jobs.append((tmp, name, lines[b:b + 30], style))
            meta[name] = (act, lang, style[0])
    split = {"train": [], "heldout": []}
    with concurrent.futures.ThreadPoolExecutor(max_workers=int(os.environ.get("JOBS", "2"))) as ex:
        for job, pairs in zip(jobs, ex.map(render_and_read, jobs)):
            act, lang, style = meta[job[1]]
            part = "heldout" if zlib.crc32(act.encode()) % 5 in (0, 1) else "train"
            for c, g in pairs:
                if c == g or CYR.search(g):
                    continue
                split[part].append({"act": act, "lang": lang, "style": style, "clean": c, "garbled": g})
    for part, rows in split.items():
        with open(os.path.join(out, f"{part}.jsonl"), "w", encoding="utf-8") as o:
            for r in rows:
                o.write(json.dumps(r, ensure_ascii=False) + "\n")
        print(f"{part}: {len(rows)} pairs from {len({r['act'] for r in rows})} acts")


if __name__ == "__main__":
    main()
