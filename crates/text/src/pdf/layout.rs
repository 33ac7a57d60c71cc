//! Layout: chunks to lines, page furniture, and lines to [`reflow::Line`]s.
//!
//! Lines come in pdftotext's reading order (`order`: blocks such as paragraphs and table
//! cells, each read top to bottom); consecutive lines on one baseline (the cells of a table
//! row) are joined, a tab where the gap is as wide as a table column gap, a space where it is
//! wider than a word space. Pages beyond that reader's bounds are read line by line by
//! baseline, top to bottom. Page numbers and headers/footers repeated at the same place on many
//! pages are page furniture and are dropped from the blocks.

use std::collections::HashMap;

use super::content::{Chunk, PageText};
use super::order;
use crate::reflow::{Align, Line};
use tizilim_lex::diag::{Diagnostic, Diagnostics};

/// A gap wider than this (in font sizes) is a word space.
const SPACE_GAP: f32 = 0.16;
/// A gap wider than this (in font sizes) separates table cells or columns.
const COL_GAP: f32 = 1.5;
/// Lines of one table row are at most this far apart (in font sizes).
const BAND_PITCH: f32 = 1.5;
/// Column starts closer than this (page units) are aligned.
const ALIGN_TOL: f32 = 1.0;
/// Baselines closer than this (in font sizes) are one line.
const BASELINE_TOL: f32 = 0.35;

/// One physical line of a page.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct PLine {
    /// The text (no leading/trailing whitespace).
    pub(super) text: String,
    /// Left end of the text, page space.
    pub(super) x0: f32,
    /// Right end.
    pub(super) x1: f32,
    /// Baseline.
    pub(super) y: f32,
    /// Largest font size on the line.
    pub(super) size: f32,
    /// Most letters are bold.
    pub(super) bold: bool,
    /// Letters in a bold font.
    bold_chars: usize,
    /// Letters.
    chars: usize,
}

/// A baseline's chunks, sorted by x, overprinted duplicates removed.
struct RawLine<'a> {
    chunks: Vec<&'a Chunk>,
    y: f32,
    size: f32,
}

impl RawLine<'_> {
    /// The line has a gap as wide as a table column gap.
    fn tabular(&self) -> bool {
        self.chunks
            .windows(2)
            .any(|w| w[1].x0 - w[0].x1 > COL_GAP * w[0].size.max(w[1].size))
    }
    fn x0(&self) -> f32 {
        self.chunks.first().map_or(0.0, |c| c.x0)
    }
}

fn raw_lines(page: &PageText) -> Vec<RawLine<'_>> {
    let mut order: Vec<&Chunk> = page
        .chunks
        .iter()
        .filter(|c| !page.text_of(c).trim().is_empty())
        .collect();
    order.sort_by(|a, b| b.y.total_cmp(&a.y).then(a.x0.total_cmp(&b.x0)));
    let mut out: Vec<RawLine<'_>> = Vec::new();
    for c in order {
        match out.last_mut() {
            Some(l) if (l.y - c.y).abs() <= BASELINE_TOL * c.size.min(l.size).max(1.0) => {
                l.chunks.push(c);
                l.size = l.size.max(c.size);
            }
            _ => out.push(RawLine {
                chunks: vec![c],
                y: c.y,
                size: c.size,
            }),
        }
    }
    for l in &mut out {
        l.chunks.sort_by(|a, b| a.x0.total_cmp(&b.x0));
        // Overprinted duplicates (fake bold, shadows) are drawn once.
        let mut kept: Vec<&Chunk> = Vec::with_capacity(l.chunks.len());
        for &c in &l.chunks {
            let dup = kept.last().is_some_and(|p| {
                (c.x0 - p.x0).abs() < 0.2 * c.size && page.text_of(c) == page.text_of(p)
            });
            if !dup {
                kept.push(c);
            }
        }
        l.chunks = kept;
    }
    out
}

/// Groups a page's text into lines in reading order.
///
/// The order is pdftotext's (see [`order`]): blocks (a paragraph, a table cell whose text
/// wraps, cells set close together) in reading order, each block's lines top to bottom.
/// Consecutive lines on one baseline, the second to the right of the first (the cells of a
/// table row read one after another), are joined into one line, a tab where the gap is as wide
/// as a column gap. Pages beyond the bounds of that reader fall back to [`simple_lines`].
pub(super) fn lines(page: &PageText) -> Vec<PLine> {
    let words = order::words(page);
    let Some(olines) = order::read(&words) else {
        return simple_lines(page);
    };
    let top = page.bbox[3];
    let mut out: Vec<PLine> = Vec::with_capacity(olines.len());
    for ol in &olines {
        let Some(line) = word_line(page, &words, &ol.words, top) else {
            continue;
        };
        if let Some(prev) = out.last_mut() {
            let em = prev.size.max(line.size);
            let same_row =
                (prev.y - line.y).abs() <= BASELINE_TOL * prev.size.min(line.size).max(1.0);
            if same_row && line.x0 >= prev.x1 - SPACE_GAP * em {
                let gap = line.x0 - prev.x1;
                prev.text.push(if gap > COL_GAP * em { '\t' } else { ' ' });
                prev.text.push_str(&line.text);
                prev.x1 = line.x1;
                prev.size = em;
                prev.bold_chars += line.bold_chars;
                prev.chars += line.chars;
                prev.bold = prev.bold_chars * 2 > prev.chars;
                continue;
            }
        }
        out.push(line);
    }
    out
}

/// One line from words, left to right: a space between words of one chunk or where the gap is
/// wider than a word space, a tab where it is as wide as a column gap.
fn word_line(page: &PageText, words: &[order::Word], ids: &[usize], top: f32) -> Option<PLine> {
    let len: usize = ids
        .iter()
        .filter_map(|&i| words.get(i))
        .map(|w| w.end - w.start + 1)
        .sum();
    let mut text = String::with_capacity(len);
    let (mut bold_chars, mut chars) = (0usize, 0usize);
    let mut size = 0.0f32;
    let (mut x0, mut x1) = (f32::MAX, f32::MIN);
    let mut prev: Option<&order::Word> = None;
    for &i in ids {
        let w = words.get(i)?;
        let t = page.text.get(w.start..w.end).unwrap_or("");
        if let Some(p) = prev {
            let gap = w.x0 - p.x1;
            let em = w.size.max(p.size);
            if gap > COL_GAP * em {
                text.push('\t');
            } else if p.chunk == w.chunk || gap > SPACE_GAP * em {
                text.push(' ');
            }
        }
        let n = t.chars().count();
        chars += n;
        if page.chunks.get(w.chunk).is_some_and(|c| c.bold) {
            bold_chars += n;
        }
        x0 = x0.min(w.x0);
        x1 = x1.max(w.x1);
        size = size.max(w.size);
        text.push_str(t);
        prev = Some(w);
    }
    let first = words.get(*ids.first()?)?;
    if text.is_empty() {
        return None;
    }
    let left = page.bbox[0];
    Some(PLine {
        text,
        x0: x0 + left,
        x1: x1 + left,
        y: top - first.base,
        size,
        bold: bold_chars * 2 > chars,
        bold_chars,
        chars,
    })
}

/// Groups a page's chunks into lines, top to bottom (the reader for pages beyond the bounds of
/// [`order`]).
///
/// Runs of lines with column gaps (table rows whose cells wrap) are read column by column:
/// each cell's lines stay together, left to right, as a reader (and pdftotext) reads a row.
/// A table row on a single baseline stays one line, its cells separated by tabs.
pub(super) fn simple_lines(page: &PageText) -> Vec<PLine> {
    let raw = raw_lines(page);
    // Bands of table lines: seeded by a line with a column gap, grown up and down over close
    // lines that have a column gap or start where a chunk of the band starts.
    let mut band_of: Vec<Option<usize>> = vec![None; raw.len()];
    let mut bands: Vec<(usize, usize)> = Vec::new();
    for seed in 0..raw.len() {
        if band_of[seed].is_some() || !raw[seed].tabular() {
            continue;
        }
        let (mut lo, mut hi) = (seed, seed + 1);
        let joins = |lo: usize, hi: usize, k: usize, near: usize| {
            let (a, b) = (&raw[k], &raw[near]);
            let close = (a.y - b.y).abs() <= BAND_PITCH * a.size.max(b.size);
            let aligned = raw[lo..hi]
                .iter()
                .flat_map(|l| l.chunks.iter())
                .any(|c| (c.x0 - a.x0()).abs() <= ALIGN_TOL);
            close && (a.tabular() || aligned)
        };
        while hi < raw.len() && band_of[hi].is_none() && joins(lo, hi, hi, hi - 1) {
            hi += 1;
        }
        while lo > 0 && band_of[lo - 1].is_none() && joins(lo, hi, lo - 1, lo) {
            lo -= 1;
        }
        for b in &mut band_of[lo..hi] {
            *b = Some(bands.len());
        }
        bands.push((lo, hi));
    }
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while i < raw.len() {
        match band_of[i] {
            Some(b) if bands[b].1 - bands[b].0 > 1 => {
                band_lines(page, &raw[bands[b].0..bands[b].1], &mut out);
                i = bands[b].1;
            }
            _ => {
                out.extend(make_line(page, &raw[i].chunks, raw[i].y));
                i += 1;
            }
        }
    }
    out
}

/// Reads a band of table lines column by column.
fn band_lines(page: &PageText, band: &[RawLine<'_>], out: &mut Vec<PLine>) {
    // Column starts: chunk starts aligned across lines, starts after a column gap, line starts.
    let mut starts: Vec<(f32, usize, bool)> = Vec::new();
    for (li, l) in band.iter().enumerate() {
        for (k, c) in l.chunks.iter().enumerate() {
            let strong = match k.checked_sub(1).and_then(|p| l.chunks.get(p)) {
                None => true,
                Some(p) => c.x0 - p.x1 > COL_GAP * c.size.max(p.size),
            };
            starts.push((c.x0, li, strong));
        }
    }
    starts.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut cols: Vec<f32> = Vec::new();
    let mut k = 0;
    while k < starts.len() {
        let mut e = k + 1;
        while e < starts.len() && starts[e].0 - starts[e - 1].0 <= ALIGN_TOL {
            e += 1;
        }
        let group = &starts[k..e];
        let strong = group.iter().any(|s| s.2);
        let lines_hit = group
            .iter()
            .map(|s| s.1)
            .collect::<std::collections::BTreeSet<_>>()
            .len();
        if strong || lines_hit >= 2 {
            cols.push(group[0].0 - ALIGN_TOL);
        }
        k = e;
    }
    let col_of = |x: f32| cols.partition_point(|&c| c <= x).saturating_sub(1);
    for ci in 0..cols.len().max(1) {
        for l in band {
            let cell: Vec<&Chunk> = l
                .chunks
                .iter()
                .copied()
                .filter(|c| col_of(c.x0) == ci)
                .collect();
            out.extend(make_line(page, &cell, l.y));
        }
    }
}

fn make_line(page: &PageText, group: &[&Chunk], y: f32) -> Option<PLine> {
    let mut text = String::new();
    let mut bold_chars = 0usize;
    let mut chars = 0usize;
    let mut size = 0.0f32;
    let mut prev: Option<&Chunk> = None;
    let mut x0 = f32::MAX;
    let mut x1 = f32::MIN;
    for &c in group {
        let t = page.text_of(c);
        if let Some(p) = prev {
            let gap = c.x0 - p.x1;
            let em = c.size.max(p.size);
            let has_space =
                text.ends_with(char::is_whitespace) || t.starts_with(char::is_whitespace);
            if gap > COL_GAP * em {
                while text.ends_with(' ') {
                    text.pop();
                }
                text.push('\t');
            } else if gap > SPACE_GAP * em && !has_space {
                text.push(' ');
            }
        }
        let n = t.chars().filter(|c| !c.is_whitespace()).count();
        chars += n;
        if c.bold {
            bold_chars += n;
        }
        if n > 0 {
            x0 = x0.min(c.x0);
            x1 = x1.max(c.x1);
        }
        size = size.max(c.size);
        text.push_str(t);
        prev = Some(c);
    }
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return None;
    }
    let text = if trimmed.len() == text.len() {
        text
    } else {
        trimmed.to_string()
    };
    Some(PLine {
        text,
        x0,
        x1,
        y,
        size,
        bold: bold_chars * 2 > chars,
        bold_chars,
        chars,
    })
}

/// Page numbers and repeated headers/footers found on a document's pages.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct Furniture {
    /// (page index, line index) pairs to drop.
    pub(super) drop: Vec<(usize, usize)>,
    /// How many were page numbers.
    pub(super) page_numbers: usize,
    /// How many were repeated headers/footers.
    pub(super) repeated: usize,
}

fn is_page_number(t: &str) -> bool {
    let core = t.trim_matches(|c: char| c == '-' || c == '–' || c == '—' || c.is_whitespace());
    !core.is_empty() && core.len() <= 4 && core.chars().all(|c| c.is_ascii_digit())
}

/// Lines of a page in its top or bottom margin zone: the first and last three lines, when they
/// lie within 15% of the page height from the edge.
fn margin_lines(lines: &[PLine], bbox: [f32; 4]) -> Vec<usize> {
    let h = (bbox[3] - bbox[1]).max(1.0);
    let n = lines.len();
    (0..n)
        .filter(|&i| i < 3 || i + 3 >= n)
        .filter(|&i| {
            let y = lines[i].y;
            y > bbox[3] - 0.15 * h || y < bbox[1] + 0.15 * h
        })
        .collect()
}

/// Finds page furniture across pages.
pub(super) fn furniture(pages: &[(Vec<PLine>, [f32; 4])]) -> Furniture {
    let mut f = Furniture::default();
    let with_text = pages.iter().filter(|(l, _)| !l.is_empty()).count();
    // Repeated lines: the same text (digits ignored) at the same height on many pages.
    let mut seen: HashMap<String, Vec<(usize, usize, f32)>> = HashMap::new();
    for (pi, (lines, bbox)) in pages.iter().enumerate() {
        for li in margin_lines(lines, *bbox) {
            let key: String = lines[li]
                .text
                .chars()
                .filter(|c| !c.is_whitespace())
                .map(|c| if c.is_ascii_digit() { '#' } else { c })
                .collect();
            seen.entry(key).or_default().push((pi, li, lines[li].y));
        }
    }
    let need = 2.max(with_text.div_ceil(2));
    let mut dropped = std::collections::HashSet::new();
    for (key, hits) in &seen {
        if key
            .chars()
            .all(|c| c == '#' || c == '-' || c == '–' || c == '—')
        {
            continue; // page numbers are judged below, one page at a time
        }
        let mut ys: Vec<f32> = hits.iter().map(|h| h.2).collect();
        ys.sort_by(f32::total_cmp);
        let median = ys[ys.len() / 2];
        let close: Vec<&(usize, usize, f32)> = hits
            .iter()
            .filter(|h| (h.2 - median).abs() <= 3.0)
            .collect();
        let pages_hit: std::collections::HashSet<usize> = close.iter().map(|h| h.0).collect();
        if pages_hit.len() >= need && with_text >= 2 {
            for h in close {
                if dropped.insert((h.0, h.1)) {
                    f.repeated += 1;
                }
            }
        }
    }
    for (pi, (lines, bbox)) in pages.iter().enumerate() {
        let n = lines.len();
        for li in margin_lines(lines, *bbox) {
            let edge = li == 0 || li + 1 == n;
            if edge && is_page_number(&lines[li].text) && dropped.insert((pi, li)) {
                f.page_numbers += 1;
            }
        }
    }
    f.drop = dropped.into_iter().collect();
    f.drop.sort_unstable();
    f
}

/// Document-wide measures for converting lines.
#[derive(Debug, Clone, Copy)]
pub(super) struct Metrics {
    left: f32,
    right: f32,
    char_w: f32,
    pitch: f32,
}

fn median(v: &mut [f32]) -> Option<f32> {
    if v.is_empty() {
        return None;
    }
    v.sort_by(f32::total_cmp);
    Some(v[v.len() / 2])
}

/// The normal baseline distance in font sizes: the smallest distance that is common (at least
/// 15% of consecutive line pairs, in steps of 0.05), so that paragraph gaps do not count.
fn line_pitch(ratios: &[f32]) -> f32 {
    let mut bins: std::collections::BTreeMap<i32, usize> = Default::default();
    for r in ratios.iter().filter(|r| (0.8..=3.0).contains(*r)) {
        *bins.entry((r * 20.0).round() as i32).or_default() += 1;
    }
    let need = (ratios.len() as f32 * 0.15).ceil().max(1.0) as usize;
    bins.iter()
        .find(|(_, &n)| n >= need)
        .map_or(1.2, |(&b, _)| b as f32 / 20.0)
}

/// Measures margins, average character width and line pitch over all pages.
pub(super) fn metrics(pages: &[Vec<&PLine>]) -> Metrics {
    let mut lefts: Vec<f32> = pages
        .iter()
        .filter_map(|p| p.iter().map(|l| l.x0).min_by(f32::total_cmp))
        .collect();
    let mut rights: Vec<f32> = pages
        .iter()
        .filter_map(|p| p.iter().map(|l| l.x1).max_by(f32::total_cmp))
        .collect();
    let (mut w, mut n) = (0.0f32, 0usize);
    let mut sizes = Vec::new();
    let mut ratios = Vec::new();
    for p in pages {
        for (i, l) in p.iter().enumerate() {
            let c = l.text.chars().count();
            if c >= 20 {
                w += l.x1 - l.x0;
                n += c;
            }
            sizes.push(l.size);
            if let Some(prev) = i.checked_sub(1).and_then(|j| p.get(j)) {
                let dy = prev.y - l.y;
                if dy > 0.0 && l.size > 0.0 {
                    ratios.push(dy / l.size);
                }
            }
        }
    }
    let size = median(&mut sizes).unwrap_or(12.0);
    Metrics {
        left: median(&mut lefts).unwrap_or(0.0),
        right: median(&mut rights).unwrap_or(0.0),
        char_w: if n > 0 {
            (w / n as f32).max(0.1)
        } else {
            0.5 * size
        },
        pitch: line_pitch(&ratios),
    }
}

/// Converts a page's kept lines into reflow lines.
pub(super) fn to_reflow(lines: &[&PLine], page: u32, m: &Metrics) -> Vec<Line> {
    let width = (m.right - m.left).max(1.0);
    let mut out = Vec::with_capacity(lines.len());
    let mut prev: Option<&PLine> = None;
    for l in lines {
        let lgap = l.x0 - m.left;
        let rgap = m.right - l.x1;
        let align = if lgap > 0.3 * width && rgap < 0.05 * width {
            Align::Right
        } else if lgap > 0.08 * width && (lgap - rgap).abs() < 0.06 * width {
            Align::Center
        } else {
            Align::Left
        };
        let gap_before = match prev {
            Some(p) if p.y > l.y => {
                let unit = m.pitch * l.size.max(p.size).max(1.0);
                ((p.y - l.y) / unit - 1.0).max(0.0)
            }
            _ => 0.0,
        };
        out.push(Line {
            text: l.text.clone(),
            indent: (lgap / m.char_w).max(0.0),
            align,
            gap_before: (gap_before * 100.0).round() / 100.0,
            page,
            bold: l.bold,
            heading: false,
        });
        prev = Some(l);
    }
    out
}

/// Info diagnostics for removed furniture.
pub(super) fn report(f: &Furniture, diags: &mut Diagnostics) {
    if f.page_numbers > 0 {
        diags.push(Diagnostic::info(
            "",
            format!("removed {} page number line(s)", f.page_numbers),
        ));
    }
    if f.repeated > 0 {
        diags.push(Diagnostic::info(
            "",
            format!("removed {} repeated header/footer line(s)", f.repeated),
        ));
    }
}
