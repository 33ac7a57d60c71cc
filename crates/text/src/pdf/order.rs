//! Reading order: words into blocks, blocks into reading order, as pdftotext reads a page.
//!
//! The model is the one of xpdf/poppler's text output (reimplemented here, not copied):
//!
//! 1. Words (runs of non-blank characters) are bucketed by baseline into pools 4 units high.
//! 2. A block starts at the top-left word left and grows, as long as anything is found, by
//!    words on the line just above or below it (baseline within 1.5 font sizes, overlapping it
//!    horizontally, same font size), by words on its lines that overlap it or come within 0.7
//!    font sizes of it, and by up to three words just beside it (within one font size). So a
//!    table cell whose text wraps is one block; cells set close together merge into one block.
//! 3. A block's lines are chains of words on one baseline, each gap below 1.5 font sizes; the
//!    lines run top to bottom, left to right.
//! 4. Blocks are sorted topologically (T. M. Breuel's rules): a block comes after the blocks
//!    above it that overlap it horizontally, and after a block wholly to its left unless some
//!    block lies between them in that order. Groups of four cells aligned as a grid make a
//!    table, whose cells are read row by row.
//!
//! Work is bounded: the pools keep the growth local, every scan of a pool draws on a budget
//! proportional to the page's words ([`WORK_PER_WORD`]; when it is spent the page goes to the
//! simple line reader), and the topological sort (cubic in the worst case) runs only up to
//! [`MAX_SORT_BLOCKS`] blocks a page; above that, blocks are read top to bottom.

use super::content::PageText;

/// Height of a baseline pool, page units.
const POOL_STEP: f32 = 4.0;
/// Lines of a block are at most this far apart (font sizes).
const LINE_SPACE: f32 = 1.5;
/// Font size difference allowed for lines above and below a block (fraction).
const SIZE_DELTA_LINE: f32 = 0.05;
/// Font size difference allowed for words overlapping a block (fraction).
const SIZE_DELTA_OVERLAP: f32 = 0.6;
/// Font size difference allowed for words beside a block (fraction).
const SIZE_DELTA_SIDE: f32 = 0.2;
/// Baselines of one line differ by at most this (font sizes).
const INTRA_LINE: f32 = 0.5;
/// The widest gap inside a line (font sizes).
const WORD_SPACING: f32 = 1.5;
/// A word this close to a block's line joins the block (font sizes).
const COL_SPACE1: f32 = 0.7;
/// A word this close beside a block may join it (font sizes).
const COL_SPACE2: f32 = 1.0;
/// Words overlapping by more than this end a line (font sizes).
const MIN_CHAR_SPACING: f32 = -0.5;
/// The topological sort runs up to this many blocks a page.
pub(super) const MAX_SORT_BLOCKS: usize = 300;
/// Pages with more words are left to the simple line reader.
pub(super) const MAX_WORDS: usize = 30_000;

/// `floor(v / POOL_STEP)`, saturating; inlined (the libm call showed in profiles).
#[inline]
fn pool_of(v: f32) -> i32 {
    let q = v / POOL_STEP;
    let t = q as i32;
    if (t as f32) > q {
        t.saturating_sub(1)
    } else {
        t
    }
}

/// Work budget of a page: word visits per word, plus a base.
const WORK_PER_WORD: u64 = 400;
/// See [`WORK_PER_WORD`].
const WORK_BASE: u64 = 1_000_000;

/// A word: device space (y grows down from the top of the page).
#[derive(Debug, Clone)]
pub(super) struct Word {
    pub(super) x0: f32,
    pub(super) x1: f32,
    /// Top (baseline minus ascent).
    y0: f32,
    /// Bottom (baseline plus descent).
    y1: f32,
    /// Baseline.
    pub(super) base: f32,
    pub(super) size: f32,
    /// The chunk the word comes from.
    pub(super) chunk: usize,
    /// Byte range of the text in `PageText::text`.
    pub(super) start: usize,
    pub(super) end: usize,
}

/// A line of a block: word indices, left to right.
#[derive(Debug)]
pub(super) struct OLine {
    pub(super) words: Vec<usize>,
    base: f32,
    x0: f32,
}

#[derive(Debug)]
struct Block {
    x0: f32,
    x1: f32,
    y0: f32,
    y1: f32,
    words: Vec<usize>,
    /// Extended box (a table's cells share the table's box).
    ex: [f32; 4],
    table: Option<usize>,
    /// Font size of the first word.
    size: f32,
}

impl Block {
    fn new(w: &Word, i: usize) -> Block {
        Block {
            x0: w.x0,
            x1: w.x1,
            y0: w.y0,
            y1: w.y1,
            words: {
                let mut v = Vec::with_capacity(8);
                v.push(i);
                v
            },
            ex: [0.0; 4],
            table: None,
            size: w.size,
        }
    }
    fn add(&mut self, w: &Word, i: usize) {
        self.x0 = self.x0.min(w.x0);
        self.x1 = self.x1.max(w.x1);
        self.y0 = self.y0.min(w.y0);
        self.y1 = self.y1.max(w.y1);
        self.words.push(i);
    }
}

/// Words bucketed by baseline, each bucket sorted by horizontal centre.
struct Pools {
    min: i32,
    lists: Vec<Vec<usize>>,
}

impl Pools {
    fn new(words: &[Word], members: impl Iterator<Item = usize> + Clone) -> Option<Pools> {
        let raw = |b: f32| pool_of(b);
        let (mut min, mut max) = (i32::MAX, i32::MIN);
        for i in members.clone() {
            let p = raw(words[i].base);
            min = min.min(p);
            max = max.max(p);
        }
        if min > max {
            return None;
        }
        let n = usize::try_from(max.checked_sub(min)?).ok()? + 1;
        if n > 1 << 20 {
            return None;
        }
        let mut counts = vec![0usize; n];
        for i in members.clone() {
            if let Some(c) = counts.get_mut((raw(words[i].base) - min) as usize) {
                *c += 1;
            }
        }
        let mut lists: Vec<Vec<usize>> = counts.into_iter().map(Vec::with_capacity).collect();
        for i in members {
            let k = (raw(words[i].base) - min) as usize;
            if let Some(l) = lists.get_mut(k) {
                l.push(i);
            }
        }
        for l in &mut lists {
            l.sort_by(|&a, &b| (words[a].x0 + words[a].x1).total_cmp(&(words[b].x0 + words[b].x1)));
        }
        Some(Pools { min, lists })
    }
    fn max(&self) -> i32 {
        self.min + self.lists.len() as i32 - 1
    }
    /// The pool of a baseline, clamped to the pools there are.
    fn idx(&self, base: f32) -> i32 {
        pool_of(base).clamp(self.min, self.max())
    }
    fn list(&mut self, idx: i32) -> &mut Vec<usize> {
        let k = (idx - self.min).max(0) as usize;
        let last = self.lists.len().saturating_sub(1);
        &mut self.lists[k.min(last)]
    }
    fn first(&self, idx: i32) -> Option<usize> {
        self.lists
            .get(usize::try_from(idx - self.min).ok()?)
            .and_then(|l| l.first().copied())
    }
    /// The pool to start a block or line at: of the first four non-empty pools from `*from`,
    /// the one whose first word is leftmost (so that a superscript does not start it).
    fn start(&mut self, from: &mut i32, words: &[Word]) -> Option<i32> {
        while *from <= self.max() && self.first(*from).is_none() {
            *from += 1;
        }
        let first = self.first(*from)?;
        let mut start = (*from, words[first].x0);
        for b in *from + 1..(*from + 4).min(self.max() + 1) {
            if let Some(w) = self.first(b) {
                if words[w].x0 < start.1 {
                    start = (b, words[w].x0);
                }
            }
        }
        Some(start.0)
    }
}

/// Splits the page's chunks into words (positions interpolated inside a chunk), dropping
/// overprinted duplicates.
pub(super) fn words(page: &PageText) -> Vec<Word> {
    let (left, top) = (page.bbox[0], page.bbox[3]);
    let mut out = Vec::with_capacity(page.chunks.len() + page.chunks.len() / 4);
    for (ci, c) in page.chunks.iter().enumerate() {
        let t = page.text_of(c);
        let n = t.chars().count();
        if n == 0 {
            continue;
        }
        let cw = (c.x1 - c.x0) / n as f32;
        let base = top - c.y;
        let mut push = |sb: usize, eb: usize, sk: usize, ek: usize| {
            out.push(Word {
                x0: c.x0 - left + sk as f32 * cw,
                x1: c.x0 - left + ek as f32 * cw,
                y0: base - c.extent.0 * c.size,
                y1: base + c.extent.1 * c.size,
                base,
                size: c.size,
                chunk: ci,
                start: c.start as usize + sb,
                end: c.start as usize + eb,
            });
        };
        let mut open: Option<(usize, usize)> = None;
        for (k, (b, ch)) in t.char_indices().enumerate() {
            if ch.is_whitespace() {
                if let Some((sb, sk)) = open.take() {
                    push(sb, b, sk, k);
                }
            } else if open.is_none() {
                open = Some((b, k));
            }
        }
        if let Some((sb, sk)) = open {
            push(sb, t.len(), sk, n);
        }
    }
    dedup(page, out)
}

/// Drops words drawn twice at (almost) the same place: fake bold, shadows.
fn dedup(page: &PageText, mut words: Vec<Word>) -> Vec<Word> {
    let mut order: Vec<(i32, f32, usize)> = words
        .iter()
        .enumerate()
        .map(|(i, w)| (pool_of(w.base), w.x0, i))
        .collect();
    order.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(a.1.total_cmp(&b.1)).then(a.2.cmp(&b.2)));
    let mut drop = vec![false; words.len()];
    let text = |w: &Word| page.text.get(w.start..w.end).unwrap_or("");
    // The last few kept words of the current pool, compared with each next word.
    let mut kept: Vec<usize> = Vec::new();
    let mut pool = None;
    for &(p, _, i) in &order {
        let w = &words[i];
        if pool != Some(p) {
            pool = Some(p);
            kept.clear();
        }
        let dup = kept.iter().rev().take(4).any(|&j| {
            let p = &words[j];
            (p.x0 - w.x0).abs() < 0.1 * w.size
                && (p.base - w.base).abs() < 0.2 * w.size
                && text(p) == text(w)
        });
        if dup {
            drop[i] = true;
        } else {
            kept.push(i);
        }
    }
    let mut k = 0;
    words.retain(|_| {
        k += 1;
        !drop[k - 1]
    });
    words
}

/// The page's lines in reading order (block by block, each block's lines top to bottom).
/// `None` when the page is out of bounds for this reader.
pub(super) fn read(words: &[Word]) -> Option<Vec<OLine>> {
    if words.len() > MAX_WORDS {
        return None;
    }
    // Work budget (word visits): poppler's growth is quadratic on adversarial layouts.
    let mut work = WORK_PER_WORD * words.len() as u64 + WORK_BASE;
    let mut blocks = build_blocks(words, &mut work)?;
    let order = if blocks.len() <= MAX_SORT_BLOCKS {
        sort_blocks(&mut blocks)
    } else {
        let mut o: Vec<usize> = (0..blocks.len()).collect();
        o.sort_by(|&a, &b| {
            blocks[a]
                .y0
                .total_cmp(&blocks[b].y0)
                .then(blocks[a].x0.total_cmp(&blocks[b].x0))
        });
        o
    };
    let mut out = Vec::with_capacity(words.len() / 4);
    for b in order {
        out.extend(block_lines(words, &blocks[b].words, &mut work)?);
    }
    Some(out)
}

/// Takes `n` from the work budget; `None` when it is spent.
fn spend(work: &mut u64, n: usize) -> Option<()> {
    *work = work.checked_sub(n as u64 + 1)?;
    Some(())
}

fn build_blocks(words: &[Word], work: &mut u64) -> Option<Vec<Block>> {
    let mut pools = Pools::new(words, 0..words.len())?;
    let mut blocks = Vec::new();
    let mut from = pools.min;
    while let Some(sb) = pools.start(&mut from, words) {
        let w0 = pools.list(sb).remove(0);
        let mut blk = Block::new(&words[w0], w0);
        let fs = words[w0].size;
        let (mut min_base, mut max_base) = (words[w0].base, words[w0].base);
        let (cs1, cs2) = (COL_SPACE1 * fs, COL_SPACE2 * fs);
        let (line_space, intra) = (LINE_SPACE * fs, INTRA_LINE * fs);
        loop {
            let mut found = false;
            // The line above the block.
            let mut new_min = min_base;
            let mut b = pools.idx(min_base);
            while b >= pools.idx(min_base - line_space) {
                let list = pools.list(b);
                spend(work, list.len())?;
                let mut i = 0;
                while i < list.len() {
                    let w = &words[list[i]];
                    if w.base < min_base
                        && w.base >= min_base - line_space
                        && w.x0 < blk.x1
                        && w.x1 > blk.x0
                        && (w.size - fs).abs() < SIZE_DELTA_LINE * fs
                    {
                        let wi = list.remove(i);
                        blk.add(&words[wi], wi);
                        found = true;
                        new_min = words[wi].base;
                    } else {
                        i += 1;
                    }
                }
                b -= 1;
            }
            min_base = new_min;
            // The line below.
            let mut new_max = max_base;
            for b in pools.idx(max_base)..=pools.idx(max_base + line_space) {
                let list = pools.list(b);
                spend(work, list.len())?;
                let mut i = 0;
                while i < list.len() {
                    let w = &words[list[i]];
                    if w.base > max_base
                        && w.base <= max_base + line_space
                        && w.x0 < blk.x1
                        && w.x1 > blk.x0
                        && (w.size - fs).abs() < SIZE_DELTA_LINE * fs
                    {
                        let wi = list.remove(i);
                        blk.add(&words[wi], wi);
                        found = true;
                        new_max = words[wi].base;
                    } else {
                        i += 1;
                    }
                }
            }
            max_base = new_max;
            // Words on the block's lines that overlap it or nearly touch it.
            for b in pools.idx(min_base - intra)..=pools.idx(max_base + intra) {
                let list = pools.list(b);
                spend(work, list.len())?;
                let mut i = 0;
                while i < list.len() {
                    let w = &words[list[i]];
                    if w.base >= min_base - intra
                        && w.base <= max_base + intra
                        && w.x0 < blk.x1 + cs1
                        && w.x1 > blk.x0 - cs1
                        && (w.size - fs).abs() < SIZE_DELTA_OVERLAP * fs
                    {
                        let wi = list.remove(i);
                        blk.add(&words[wi], wi);
                        found = true;
                    } else {
                        i += 1;
                    }
                }
            }
            if found {
                continue;
            }
            // Up to three words just left of the block, then just right of it.
            for left in [true, false] {
                let beside = |w: &Word, blk: &Block, lo: f32, hi: f32| {
                    w.base >= lo
                        && w.base <= hi
                        && (w.size - fs).abs() < SIZE_DELTA_SIDE * fs
                        && if left {
                            w.x1 <= blk.x0 && w.x1 > blk.x0 - cs2
                        } else {
                            w.x0 >= blk.x1 && w.x0 < blk.x1 + cs2
                        }
                };
                let (lo, hi) = (min_base - intra, max_base + intra);
                let range = pools.idx(lo)..=pools.idx(hi);
                let n = range
                    .clone()
                    .filter(|&b| {
                        let list = pools.list(b);
                        *work = work.saturating_sub(list.len() as u64 + 1);
                        list.iter().any(|&wi| beside(&words[wi], &blk, lo, hi))
                    })
                    .count();
                if (1..=3).contains(&n) {
                    for b in range {
                        let list = pools.list(b);
                        if let Some(i) =
                            list.iter().position(|&wi| beside(&words[wi], &blk, lo, hi))
                        {
                            let wi = list.remove(i);
                            blk.add(&words[wi], wi);
                            let base = words[wi].base;
                            if base < min_base {
                                min_base = base;
                            } else if base > max_base {
                                max_base = base;
                            }
                            found = true;
                        }
                    }
                }
            }
            if !found {
                break;
            }
        }
        blocks.push(blk);
    }
    Some(blocks)
}

/// A block's lines, top to bottom: chains of words on one baseline, left to right.
fn block_lines(words: &[Word], members: &[usize], work: &mut u64) -> Option<Vec<OLine>> {
    if let [w] = members {
        return Some(vec![OLine {
            words: vec![*w],
            base: words.get(*w)?.base,
            x0: words.get(*w)?.x0,
        }]);
    }
    let mut pools = Pools::new(words, members.iter().copied())?;
    let mut lines: Vec<OLine> = Vec::new();
    let mut from = pools.min;
    while let Some(sb) = pools.start(&mut from, words) {
        let w0 = pools.list(sb).remove(0);
        let fs = words[w0].size;
        let (lo, hi) = (
            words[w0].base - INTRA_LINE * fs,
            words[w0].base + INTRA_LINE * fs,
        );
        let mut line = OLine {
            words: vec![w0],
            base: words[w0].base,
            x0: words[w0].x0,
        };
        let mut last = w0;
        loop {
            let mut best: Option<(i32, usize, usize)> = None;
            let mut overlap = false;
            for b in pools.idx(lo)..=pools.idx(hi) {
                let list = pools.list(b);
                spend(work, list.len())?;
                if let Some((i, &wi)) = list
                    .iter()
                    .enumerate()
                    .find(|(_, &wi)| (lo..=hi).contains(&words[wi].base))
                {
                    let delta = words[wi].x0 - words[last].x1;
                    if delta < MIN_CHAR_SPACING * fs {
                        overlap = true;
                        break;
                    }
                    if delta < WORD_SPACING * fs
                        && best.is_none_or(|(_, _, bw)| words[wi].x0 < words[bw].x0)
                    {
                        best = Some((b, i, wi));
                    }
                }
            }
            let Some((b, i, wi)) = best.filter(|_| !overlap) else {
                break;
            };
            pools.list(b).remove(i);
            line.x0 = line.x0.min(words[wi].x0);
            line.words.push(wi);
            last = wi;
        }
        lines.push(line);
    }
    lines.sort_by(|a, b| a.base.total_cmp(&b.base).then(a.x0.total_cmp(&b.x0)));
    Some(lines)
}

fn overlaps(a0: f32, a1: f32, b0: f32, b1: f32) -> bool {
    (a0 <= b0 && b0 <= a1) || (b0 <= a0 && a0 <= b1)
}

/// `a` comes before `b` by rule 1: they overlap horizontally and `a` starts higher.
fn rule1(a: &Block, b: &Block) -> bool {
    overlaps(a.ex[0], a.ex[1], b.ex[0], b.ex[1]) && a.ex[2] < b.ex[2]
}

/// `a` comes before `b` by rule 2 (unless something intervenes): `a` is wholly to the left.
fn rule2(a: &Block, b: &Block) -> bool {
    a.ex[1] <= b.ex[0]
}

/// Finds tables (a block, its neighbours right and below and the cell diagonal to it, aligned
/// as a grid) and sets every block's extended box: a table cell gets the table's box, another
/// block widens over the blocks below it up to its neighbours left and right.
fn tables(blocks: &mut [Block]) {
    let n = blocks.len();
    for b in blocks.iter_mut() {
        b.ex = [b.x0, b.x1, b.y0, b.y1];
    }
    let mut ntables = 0usize;
    for i in 0..n {
        let b1 = &blocks[i];
        let (mut right, mut below, mut diag) = (None::<usize>, None::<usize>, None::<usize>);
        let (mut bx0, mut by0, mut bx1, mut by1) = (f32::MAX, f32::MAX, f32::MAX, f32::MAX);
        for (j, b2) in blocks.iter().enumerate() {
            if j == i {
                continue;
            }
            if b2.y0 <= b1.y1 && b2.y1 >= b1.y0 && b2.x0 > b1.x1 && b2.x0 < bx0 {
                bx0 = b2.x0;
                right = Some(j);
            } else if b2.x0 <= b1.x1 && b2.x1 >= b1.x0 && b2.y0 > b1.y1 && b2.y0 < by0 {
                by0 = b2.y0;
                below = Some(j);
            } else if b2.x0 > b1.x1 && b2.x0 < bx1 && b2.y0 > b1.y1 && b2.y0 < by1 {
                bx1 = b2.x0;
                by1 = b2.y0;
                diag = Some(j);
            }
        }
        let (Some(r), Some(d), Some(g)) = (right, below, diag) else {
            continue;
        };
        let (f2, f3, f4) = (&blocks[r], &blocks[d], &blocks[g]);
        let bad = (f3.x0 <= f4.x1 && f3.x1 >= f4.x0)
            || (f2.y0 <= f4.y1 && f2.y1 >= f4.y0)
            || (f2.x0 <= f3.x1 && f2.x1 >= f3.x0)
            || (f2.y0 <= f3.y1 && f2.y1 >= f3.y0)
            || f4.x0 > f2.x1
            || f4.x1 < f2.x0
            || f4.y0 > f3.y1
            || f4.y1 < f3.y0;
        if bad {
            continue;
        }
        let size = b1.size.min(f2.size).min(f3.size).min(f4.size);
        let (dx, dy) = (COL_SPACE1 * size, INTRA_LINE * size);
        let cx = |b: &Block| (b.x0 + b.x1) / 2.0;
        let cy = |b: &Block| (b.y0 + b.y1) / 2.0;
        let close = |a: f32, b: f32, d: f32| (a - b).abs() <= d;
        let corr_x = (close(cx(b1), cx(f3), dx) && close(cx(f2), cx(f4), dx))
            || (close(b1.x0, f3.x0, dx) && close(f2.x0, f4.x0, dx))
            || (close(b1.x1, f3.x1, dx) && close(f2.x1, f4.x1, dx));
        let corr_y = (close(cy(b1), cy(f2), dy) && close(cy(f3), cy(f4), dy))
            || (close(b1.y0, f2.y0, dy) && close(f3.y0, f4.y0, dy))
            || (close(b1.y1, f2.y1, dy) && close(f3.y1, f4.y1, dy));
        if corr_x && corr_y {
            let t = [b1.table, f2.table, f3.table, f4.table]
                .into_iter()
                .flatten()
                .max()
                .unwrap_or_else(|| {
                    ntables += 1;
                    ntables - 1
                });
            for k in [i, r, d, g] {
                blocks[k].table = Some(t);
            }
        }
    }
    // A table's cells share its box.
    let mut env = vec![[f32::MAX, f32::MIN, f32::MAX, f32::MIN]; ntables];
    for b in blocks.iter() {
        if let Some(e) = b.table.and_then(|t| env.get_mut(t)) {
            e[0] = e[0].min(b.x0);
            e[1] = e[1].max(b.x1);
            e[2] = e[2].min(b.y0);
            e[3] = e[3].max(b.y1);
        }
    }
    for b in blocks.iter_mut() {
        if let Some(e) = b.table.and_then(|t| env.get(t)) {
            b.ex = *e;
        }
    }
    // Other blocks widen over the blocks below them, up to their neighbours on either side.
    for i in 0..n {
        if blocks[i].table.is_some() {
            continue;
        }
        let b1 = &blocks[i];
        let (mut lim0, mut lim1) = (f32::MIN_POSITIVE, f32::MAX);
        for (j, b2) in blocks.iter().enumerate() {
            if j != i && b1.y0 <= b2.y1 && b1.y1 >= b2.y0 {
                if b2.x0 < lim1 && b2.x0 > b1.x1 {
                    lim1 = b2.x0;
                }
                if b2.x1 > lim0 && b2.x1 < b1.x0 {
                    lim0 = b2.x1;
                }
            }
        }
        let mut ex = b1.ex;
        for (j, b2) in blocks.iter().enumerate() {
            if j == i || b2.y0 < b1.y1 {
                continue;
            }
            if b2.x1 > ex[1] && b2.x1 <= lim1 {
                ex[1] = b2.x1;
            }
            if b2.x0 < ex[0] && b2.x0 >= lim0 {
                ex[0] = b2.x0;
            }
        }
        blocks[i].ex = ex;
    }
}

/// Sorts blocks into reading order; see the module comment.
fn sort_blocks(blocks: &mut [Block]) -> Vec<usize> {
    tables(blocks);
    let n = blocks.len();
    let mut visited = vec![false; n];
    let mut sorted = Vec::with_capacity(n);
    let mut cache: [Option<usize>; 4] = [None; 4];
    for i in 0..n {
        visit(blocks, i, &mut visited, &mut sorted, &mut cache);
    }
    sorted
}

fn visit(
    blocks: &[Block],
    b1: usize,
    visited: &mut [bool],
    sorted: &mut Vec<usize>,
    cache: &mut [Option<usize>; 4],
) {
    if visited[b1] {
        return;
    }
    visited[b1] = true;
    let blk1 = &blocks[b1];
    for b2 in 0..blocks.len() {
        if visited[b2] {
            continue;
        }
        let blk2 = &blocks[b2];
        let before = match (blk1.table, blk2.table) {
            (Some(t1), Some(t2)) if t1 == t2 => {
                (blk2.x1 <= blk1.x0 && blk2.y0 <= blk1.y1 && blk2.y1 >= blk1.y0)
                    || blk2.y1 <= blk1.y0
            }
            _ => {
                if rule1(blk2, blk1) {
                    true
                } else if rule2(blk2, blk1) {
                    let blocked_by = |b3: &Block| rule1(blk1, b3) && rule1(b3, blk2);
                    let mut before = true;
                    if let Some(k) = cache
                        .iter()
                        .position(|c| c.is_some_and(|c| blocked_by(&blocks[c])))
                    {
                        before = false;
                        cache[..=k].rotate_right(1);
                    }
                    if before {
                        if let Some(b3) = (0..blocks.len())
                            .find(|&b3| b3 != b1 && b3 != b2 && blocked_by(&blocks[b3]))
                        {
                            before = false;
                            cache.rotate_right(1);
                            cache[0] = Some(b3);
                        }
                    }
                    before
                } else {
                    false
                }
            }
        };
        if before {
            visit(blocks, b2, visited, sorted, cache);
        }
    }
    sorted.push(b1);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn word(x0: f32, x1: f32, base: f32, size: f32) -> Word {
        Word {
            x0,
            x1,
            y0: base - 0.95 * size,
            y1: base + 0.35 * size,
            base,
            size,
            chunk: 0,
            start: 0,
            end: 0,
        }
    }

    #[test]
    fn pool_index_floors() {
        assert_eq!(pool_of(-0.5), -1);
        assert_eq!(pool_of(7.9), 1);
        assert_eq!(pool_of(8.0), 2);
        assert_eq!(pool_of(f32::MAX), i32::MAX);
    }

    #[test]
    fn close_words_make_one_line_far_ones_two_blocks() {
        // 0.5 font sizes apart: one line; 3 font sizes further right: its own block, read
        // after the first (nothing below either).
        let w = [
            word(10.0, 40.0, 100.0, 10.0),
            word(45.0, 70.0, 100.0, 10.0),
            word(100.0, 130.0, 100.0, 10.0),
        ];
        let lines = read(&w).unwrap();
        let got: Vec<Vec<usize>> = lines.iter().map(|l| l.words.clone()).collect();
        assert_eq!(got, vec![vec![0, 1], vec![2]]);
    }

    #[test]
    fn wrapped_cells_are_blocks_read_left_to_right() {
        // Two cells of two lines each, 5 font sizes apart.
        let w = [
            word(10.0, 40.0, 100.0, 10.0),
            word(10.0, 30.0, 112.0, 10.0),
            word(90.0, 120.0, 100.0, 10.0),
            word(90.0, 110.0, 112.0, 10.0),
        ];
        let lines = read(&w).unwrap();
        let got: Vec<usize> = lines.iter().flat_map(|l| l.words.clone()).collect();
        assert_eq!(got, vec![0, 1, 2, 3]);
    }

    #[test]
    fn thousands_of_separate_words_on_one_baseline_exhaust_the_budget() {
        // Every tiny word is a block of its own and every block scans the whole pool.
        let w: Vec<Word> = (0..5000)
            .map(|i| word(i as f32, i as f32 + 0.5, 100.0, 0.1))
            .collect();
        assert!(read(&w).is_none());
        // A tenth of them is within budget.
        assert_eq!(read(&w[..500]).map(|l| l.len()), Some(500));
    }

    #[test]
    fn many_blocks_fall_back_to_top_to_bottom() {
        // A grid of isolated words: more blocks than the topological sort takes.
        let mut w = Vec::new();
        for row in 0..40 {
            for col in 0..10 {
                let x = 10.0 + 50.0 * col as f32;
                w.push(word(x, x + 10.0, 20.0 + 30.0 * row as f32, 10.0));
            }
        }
        let lines = read(&w).unwrap();
        assert!(w.len() > MAX_SORT_BLOCKS);
        assert_eq!(lines.len(), w.len());
        let bases: Vec<f32> = lines.iter().map(|l| l.base).collect();
        assert!(bases.windows(2).all(|p| p[0] <= p[1]));
    }
}
