#!/usr/bin/env python3
"""Wrong-language OCR pairs at scale, from real acts, split by act.

Usage: scripts/ocr_pairs.py OUT_DIR ACT_DIR...  (each ACT_DIR holds act folders with kaz.md and
rus.md, as ../shared/real does)
       scripts/ocr_pairs.py --text IN.txt OUT.txt  (one text of our own, e.g.
fixtures/ocr-amend/amend_ru.txt: its paragraphs wrapped at 72 characters, drawn in DejaVu Sans
33 px and read with the English model, written with the paragraphs' blank lines kept)

For every act and language, three runs of 30 consecutive lines of the act's own text (from its
start, middle and end part; markdown stripped; paragraphs cut into lines of at most 72
characters at word boundaries, as a page would wrap them) are drawn by headless Chromium, one run
to an image, and read back with Tesseract's English model (`--psm 6`), which is what a
wrong-language text layer is. Each run has a style: the font (DejaVu Sans/Serif, Liberation
Sans/Serif), the weight (bold), the size (26 to 40 px, i.e. different resolutions); headings of
the act (markdown `#` lines and lines wholly in bold) are drawn bold and in capitals, and in
some styles the heading stays in its own case. A batch whose line count differs from what was
drawn is dropped.

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
    # name, font family, weight, size px, headings in capitals
    ("sans", "DejaVu Sans", 400, 33, True),
    ("serif", "Liberation Serif", 400, 36, True),
    ("arial-bold", "Liberation Sans", 700, 32, False),
    ("dserif-small", "DejaVu Serif", 400, 27, True),
    ("arial", "Liberation Sans", 400, 30, True),
    ("sans-large", "Liberation Sans", 400, 40, False),
    ("times-bold", "Liberation Serif", 700, 34, True),
    ("sans-small", "DejaVu Sans", 400, 26, True),
]
PER_ACT = 90  # lines per act and language (three runs of 30)
CYR = re.compile("[А-Яа-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]")


def plain_lines(md: str):
    """Text lines of a markdown act (links, emphasis, anchors and table pipes removed), each
    with whether it is a heading (a `#` line or a line wholly in bold)."""
    out = []
    for raw in md.splitlines():
        l = raw.strip()
        if not l or l.startswith("<a id") or l.startswith("```"):
            continue
        heading = l.startswith("#") or (l.startswith("**") and l.endswith("**"))
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
            out.append((c, heading))
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


def act_lines(md: str):
    """Three runs of up to 30 consecutive lines: from the start, the middle and the end part."""
    seen, lines = set(), []
    for par, heading in plain_lines(md):
        for l in wrap(par):
            if len(CYR.findall(l)) >= 8 and len(l.split()) >= 2 and l not in seen:
                seen.add(l)
                lines.append((l, heading))
    if len(lines) <= PER_ACT:
        return [lines[b:b + 30] for b in range(0, len(lines), 30)]
    starts = [0, (len(lines) - 30) // 2, len(lines) - 30]
    return [lines[s:s + 30] for s in starts]


def render_and_read(job):
    tmp, name, lines, style = job
    _, family, weight, size, caps = style
    shown = [l.upper() if caps and h else l for l, h in lines]
    body = "".join(
        f'<div{" class=h" if h else ""}>{html.escape(x)}</div>' for x, (_, h) in zip(shown, lines))
    page = (
        '<!doctype html><meta charset="utf-8"><style>body{margin:20px;background:#fff}'
        f'div{{font-family:"{family}";font-weight:{weight};font-size:{size}px;'
        f"line-height:{int(size * 2.3)}px;white-space:nowrap}}.h{{font-weight:700}}</style>{body}"
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


def garble_text(src, dst):
    pars = [p.strip() for p in open(src, encoding="utf-8").read().split("\n\n") if p.strip()]
    wrapped = [wrap(" ".join(p.split())) for p in pars]
    flat = [(l, False) for w in wrapped for l in w]
    tmp = tempfile.mkdtemp()
    got = []
    for b in range(0, len(flat), 30):
        pairs = render_and_read((tmp, f"t{b:04d}", flat[b:b + 30], STYLES[0]))
        if not pairs:
            sys.exit(f"{src}: a batch was not read line for line; try again")
        got.extend(g for _, g in pairs)
    out, i = [], 0
    for w in wrapped:
        out.append("\n".join(got[i:i + len(w)]))
        i += len(w)
    open(dst, "w", encoding="utf-8").write("\n\n".join(out) + "\n")
    print(f"{dst}: {len(flat)} lines")


def main():
    if sys.argv[1] == "--text":
        return garble_text(sys.argv[2], sys.argv[3])
    out, dirs = sys.argv[1], sys.argv[2:]
    os.makedirs(out, exist_ok=True)
    tmp = tempfile.mkdtemp()
    jobs, meta = [], {}
    for act, lang, path in acts(dirs):
        seed = zlib.crc32(f"{act}/{lang}".encode())
        for b, run in enumerate(act_lines(open(path, encoding="utf-8").read())):
            style = STYLES[(seed + b) % len(STYLES)]
            name = hashlib.sha1(f"{act}/{lang}/{b}".encode()).hexdigest()[:12]
            jobs.append((tmp, name, run, style))
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
