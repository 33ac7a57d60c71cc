//! PDF reader: own content-stream text decoding on top of lopdf.
//!
//! lopdf parses the file (`load`: panics caught, caps on object streams, encrypted files
//! refused, broken cross-reference tables rebuilt); everything after that is ours, because
//! lopdf's `extract_text` loses Cyrillic when a font has both `/Encoding` and `/ToUnicode` and
//! ignores positions. The pipeline per page:
//!
//! 1. `content` interprets the content stream (text and graphics state, Form XObjects) into
//!    positioned chunks (one per word, placed by glyph advances), decoding strings through
//!    `fonts` (`cmap` ToUnicode/encoding CMaps, `glyphlist` glyph names and standard
//!    encodings); streams are inflated by `filters` with a cap.
//! 2. `order` groups words into blocks and lines and sorts the blocks into pdftotext's
//!    reading order (table cells whose text wraps are read cell by cell).
//! 3. `layout` turns those into lines (a table row on one baseline stays one line, cells
//!    separated by tabs), finds page furniture (page numbers, repeated headers/footers) and
//!    converts lines to [`reflow::Line`]s, which [`reflow::reflow`] turns into blocks.
//!
//! Entry points: [`extract`] (blocks and page facts), [`extract_lines`] (per-page lines, for
//! re-OCR of single pages), [`plain_text`] (reading-order text, for comparison with pdftotext).

/// Marks the diagnostics of a page whose content hit a size limit (a decompression bomb): such a
/// page is never handed to an external rasteriser, which would inflate the bomb itself.
pub const OVER_LIMIT: &str = "over the size limit";

mod cmap;
mod content;
mod filters;
mod fonts;
mod glyphlist;
mod layout;
mod lexer;
mod load;
mod nesting;
mod order;

use std::panic::{catch_unwind, AssertUnwindSafe};

use lopdf::{Dictionary, Document, Object};

use super::{reflow, PageInfo, PageQuality, TextDoc};
use tizilim_lex::diag::{Diagnostic, Diagnostics};

static NULL: Object = Object::Null;

/// Follows references (bounded); a dangling reference is `null`.
pub(super) fn deref<'a>(doc: &'a Document, mut o: &'a Object) -> &'a Object {
    for _ in 0..32 {
        match o {
            Object::Reference(id) => match doc.objects.get(id) {
                Some(t) => o = t,
                None => return &NULL,
            },
            _ => return o,
        }
    }
    &NULL
}

/// The dictionary an object is or refers to.
pub(super) fn dict_of<'a>(doc: &'a Document, o: &'a Object) -> Option<&'a Dictionary> {
    deref(doc, o).as_dict().ok()
}

/// The pages of a document as lines, before furniture removal, with their page boxes.
struct Pages {
    pages: Vec<(Vec<layout::PLine>, [f32; 4])>,
    diags: Diagnostics,
}

fn read_pages(bytes: &[u8]) -> Pages {
    let mut diags = Diagnostics::new();
    let Some(doc) = load::load(bytes, &mut diags) else {
        return Pages {
            pages: Vec::new(),
            diags,
        };
    };
    let mut pages = Vec::new();
    let result = catch_unwind(AssertUnwindSafe(|| {
        let mut interp = content::Interp::new(&doc);
        for (i, page_id) in doc.page_iter().enumerate() {
            let number = i as u32 + 1;
            let pt = interp.page(page_id, number, &mut diags);
            pages.push((layout::lines(&pt), pt.bbox));
        }
    }));
    if result.is_err() {
        diags.push(Diagnostic::error(
            format!("page:{}", pages.len() + 1),
            "the PDF reader panicked on this page: the rest of the document is skipped",
        ));
    }
    Pages { pages, diags }
}

/// The text of a PDF in reading order: lines joined by `'\n'`, pages separated by `'\x0c'`.
/// Nothing is removed (page numbers and headers stay), so that it compares with `pdftotext`.
pub fn plain_text(bytes: &[u8]) -> (String, Diagnostics) {
    let p = read_pages(bytes);
    let mut out = String::new();
    for (i, (lines, _)) in p.pages.iter().enumerate() {
        if i > 0 {
            out.push('\x0c');
        }
        for l in lines {
            out.push_str(&l.text);
            out.push('\n');
        }
    }
    (out, p.diags)
}

/// The lines of every page (index 0 = page 1), page furniture removed, ready for
/// [`reflow::reflow`]. A page without a text layer is an empty list.
pub fn extract_lines(bytes: &[u8]) -> (Vec<Vec<reflow::Line>>, Diagnostics) {
    let p = read_pages(bytes);
    let (lines, diags) = lines_of(p);
    (lines, diags)
}

fn lines_of(p: Pages) -> (Vec<Vec<reflow::Line>>, Diagnostics) {
    let Pages { pages, mut diags } = p;
    let furniture = layout::furniture(&pages);
    layout::report(&furniture, &mut diags);
    let kept: Vec<Vec<&layout::PLine>> = pages
        .iter()
        .enumerate()
        .map(|(pi, (lines, _))| {
            lines
                .iter()
                .enumerate()
                .filter(|(li, _)| furniture.drop.binary_search(&(pi, *li)).is_err())
                .map(|(_, l)| l)
                .collect()
        })
        .collect();
    let m = layout::metrics(&kept);
    let lines = kept
        .iter()
        .enumerate()
        .map(|(i, p)| layout::to_reflow(p, i as u32 + 1, &m))
        .collect();
    (lines, diags)
}

/// Extracts blocks from a PDF. Never fails: an unreadable file gives an empty document with an
/// error diagnostic; a page without a text layer is an [`PageQuality::Empty`] page with a
/// warning and sets `quality.missing_text`.
pub fn extract(bytes: &[u8]) -> TextDoc {
    let p = read_pages(bytes);
    let infos: Vec<PageInfo> = p
        .pages
        .iter()
        .enumerate()
        .map(|(i, (lines, _))| page_info(i as u32 + 1, lines))
        .collect();
    let (lines, mut diags) = lines_of(p);
    let mut doc = TextDoc::default();
    for info in &infos {
        if info.quality == PageQuality::Empty {
            doc.quality.missing_text = true;
            diags.push(Diagnostic::warning(
                format!("page:{}", info.number),
                format!("page {}: no text layer", info.number),
            ));
        }
    }
    let all: Vec<reflow::Line> = lines.into_iter().flatten().collect();
    doc.blocks = reflow::reflow(&all);
    doc.pages = infos;
    doc.diagnostics = diags;
    doc
}

fn page_info(number: u32, lines: &[layout::PLine]) -> PageInfo {
    let (mut letters, mut cyr) = (0usize, 0usize);
    let mut any = false;
    for l in lines {
        for c in l.text.chars() {
            if !c.is_whitespace() {
                any = true;
            }
            if c.is_alphabetic() {
                letters += 1;
                if ('\u{400}'..='\u{52f}').contains(&c) {
                    cyr += 1;
                }
            }
        }
    }
    PageInfo {
        number,
        quality: if any {
            PageQuality::Clean
        } else {
            PageQuality::Empty
        },
        letters,
        cyrillic_share: if letters > 0 {
            cyr as f32 / letters as f32
        } else {
            0.0
        },
    }
}

/// Character agreement of two texts, as used to compare [`plain_text`] with `pdftotext`: a hyphen
/// before a line break is dropped on both sides (pdftotext drops it), all whitespace is removed,
/// and the characters common to both in a char-level diff are divided by the longer length.
/// 1.0 for two empty texts.
pub fn agreement(ours: &str, reference: &str) -> f64 {
    fn norm(s: &str) -> String {
        let mut out = String::with_capacity(s.len());
        let mut it = s.chars().peekable();
        while let Some(c) = it.next() {
            if c == '-' && it.peek().is_some_and(|n| *n == '\n' || *n == '\x0c') {
                continue;
            }
            if !c.is_whitespace() {
                out.push(c);
            }
        }
        out
    }
    let (a, b) = (norm(ours), norm(reference));
    let (la, lb) = (a.chars().count(), b.chars().count());
    if la.max(lb) == 0 {
        return 1.0;
    }
    let diff = similar::TextDiff::configure()
        .algorithm(similar::Algorithm::Myers)
        .timeout(std::time::Duration::from_secs(20))
        .diff_chars(&a, &b);
    let same: usize = diff
        .ops()
        .iter()
        .map(|op| match op {
            similar::DiffOp::Equal { len, .. } => *len,
            _ => 0,
        })
        .sum();
    same as f64 / la.max(lb) as f64
}
