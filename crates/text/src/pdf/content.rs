//! The content-stream interpreter: text state, graphics state and Form XObjects, producing
//! positioned text chunks.
//!
//! Each word of a shown string (a `Tj` operand or a string element of `TJ`, split at glyphs
//! that decode to whitespace) becomes one [`Chunk`]: its text, where its baseline starts and
//! where its advance ends in page space (from the glyph widths), the effective font size and
//! the font's ascent and descent. A string that continues the last chunk (kerning inside a
//! word) extends it. Layout works from these positions alone, so producers that position every word
//! (Tesseract), kern with `TJ` (LibreOffice) or draw text in table cells out of order all end up
//! the same. Invisible text (render mode 3, OCR layers) is text like any other.

use std::collections::HashMap;
use std::rc::Rc;

use lopdf::{Dictionary, Document, Object, ObjectId};

use super::filters::{self, MAX_STREAM};
use super::fonts::{Blank, Font, Shown};
use super::lexer::{decode_string, Lexer, Tok};
use super::{deref, dict_of};
use tizilim_lex::diag::{Diagnostic, Diagnostics};

/// Operators interpreted per page (nested forms included).
const MAX_OPS_PER_PAGE: u64 = 5_000_000;
/// Glyphs shown per document.
const MAX_GLYPHS: u64 = 50_000_000;
/// Bytes decoded per document (page contents and forms).
const MAX_DECODED: usize = 1 << 30;
/// Nesting of Form XObjects.
const MAX_FORM_DEPTH: u32 = 12;
/// Nesting of `q`.
const MAX_GSTATE_DEPTH: usize = 256;
/// Operands kept before an operator.
const MAX_OPERANDS: usize = 4096;

/// A 2D affine matrix `[a b c d e f]`.
type M = [f32; 6];
const ID: M = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

fn mul(a: &M, b: &M) -> M {
    [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]
}

fn apply(m: &M, x: f32, y: f32) -> (f32, f32) {
    (x * m[0] + y * m[2] + m[4], x * m[1] + y * m[3] + m[5])
}

/// One shown string, positioned.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct Chunk {
    /// Start of the baseline, page space.
    pub(super) x0: f32,
    /// End of the advance, page space.
    pub(super) x1: f32,
    /// Baseline height, page space (grows upwards).
    pub(super) y: f32,
    /// Effective font size, page space.
    pub(super) size: f32,
    /// Byte range of the text in [`PageText::text`].
    pub(super) start: u32,
    /// End of the byte range.
    pub(super) end: u32,
    /// Shown in a bold font.
    pub(super) bold: bool,
    /// The font's ascent and descent, in font sizes (both positive).
    pub(super) extent: (f32, f32),
}

/// The text of one page as chunks.
#[derive(Debug, Default)]
pub(super) struct PageText {
    /// Chunks in content order.
    pub(super) chunks: Vec<Chunk>,
    /// All chunk text, concatenated.
    pub(super) text: String,
    /// The page box `[x0, y0, x1, y1]`.
    pub(super) bbox: [f32; 4],
}

impl PageText {
    /// The text of a chunk.
    pub(super) fn text_of(&self, c: &Chunk) -> &str {
        self.text
            .get(c.start as usize..c.end as usize)
            .unwrap_or("")
    }
}

#[derive(Clone)]
struct GState {
    ctm: M,
    font: Option<Rc<Font>>,
    size: f32,
    tc: f32,
    tw: f32,
    th: f32,
    tl: f32,
    rise: f32,
}

impl Default for GState {
    fn default() -> Self {
        Self {
            ctm: ID,
            font: None,
            size: 0.0,
            tc: 0.0,
            tw: 0.0,
            th: 1.0,
            tl: 0.0,
            rise: 0.0,
        }
    }
}

/// Document-wide interpreter state: caches and budgets.
pub(super) struct Interp<'d> {
    doc: &'d Document,
    fonts: HashMap<ObjectId, Rc<Font>>,
    inline_fonts: HashMap<*const Dictionary, Rc<Font>>,
    forms: HashMap<ObjectId, Option<Rc<[u8]>>>,
    glyphs_left: u64,
    decoded_left: usize,
    warned_glyphs: bool,
    warned_decoded: bool,
}

/// Per-page run state.
struct Run<'p> {
    out: &'p mut PageText,
    ops_left: u64,
    diags: &'p mut Diagnostics,
    page: u32,
    sbuf: Vec<u8>,
    blanks: Vec<Blank>,
    warned_ops: bool,
}

impl<'d> Interp<'d> {
    /// An interpreter for `doc`.
    pub(super) fn new(doc: &'d Document) -> Self {
        Self {
            doc,
            fonts: HashMap::new(),
            inline_fonts: HashMap::new(),
            forms: HashMap::new(),
            glyphs_left: MAX_GLYPHS,
            decoded_left: MAX_DECODED,
            warned_glyphs: false,
            warned_decoded: false,
        }
    }

    fn decode_budgeted(
        &mut self,
        s: &lopdf::Stream,
        diags: &mut Diagnostics,
        page: u32,
    ) -> Option<Vec<u8>> {
        let cap = MAX_STREAM.min(self.decoded_left);
        match filters::decode(s, cap) {
            Ok(d) => {
                self.decoded_left -= d.len().min(self.decoded_left);
                Some(d)
            }
            Err(filters::DecodeError::TooLarge) if cap < MAX_STREAM => {
                if !self.warned_decoded {
                    self.warned_decoded = true;
                    // Document-wide: every later page may be cut short by it.
                    diags.push(Diagnostic::warning(
                        "",
                        format!(
                            "decoded data of the document exceeds 1 GiB (reached on page {page}): remaining streams skipped ({})",
                            super::OVER_LIMIT
                        ),
                    ));
                }
                None
            }
            Err(e) => {
                diags.push(Diagnostic::warning(
                    format!("page:{page}"),
                    format!("content stream skipped: {e}"),
                ));
                None
            }
        }
    }

    /// Interprets one page.
    pub(super) fn page(
        &mut self,
        page_id: ObjectId,
        page: u32,
        diags: &mut Diagnostics,
    ) -> PageText {
        let mut out = PageText::default();
        let doc = self.doc;
        let Ok(dict) = doc.get_dictionary(page_id) else {
            return out;
        };
        let resources = inherited(doc, dict, b"Resources").and_then(|o| dict_of(doc, o));
        let bbox = inherited(doc, dict, b"CropBox")
            .or_else(|| inherited(doc, dict, b"MediaBox"))
            .map(|o| deref(doc, o))
            .and_then(|o| o.as_array().ok())
            .and_then(|a| {
                let v: Vec<f32> = a.iter().filter_map(|o| num(doc, o)).collect();
                (v.len() == 4).then(|| {
                    [
                        v[0].min(v[2]),
                        v[1].min(v[3]),
                        v[0].max(v[2]),
                        v[1].max(v[3]),
                    ]
                })
            })
            .unwrap_or([0.0, 0.0, 595.0, 842.0]);
        out.bbox = bbox;
        // Content: one stream or an array of streams, concatenated with a separator.
        let mut data = Vec::new();
        let contents = dict.get(b"Contents").ok().map(|o| deref(doc, o));
        let streams: Vec<&lopdf::Stream> = match contents {
            Some(Object::Stream(s)) => vec![s],
            Some(Object::Array(a)) => a
                .iter()
                .take(10_000)
                .filter_map(|o| deref(doc, o).as_stream().ok())
                .collect(),
            _ => Vec::new(),
        };
        for s in streams {
            if let Some(d) = self.decode_budgeted(s, diags, page) {
                if data.len() + d.len() > MAX_STREAM {
                    diags.push(Diagnostic::warning(
                        format!("page:{page}"),
                        format!(
                            "page content exceeds 64 MiB: the rest is skipped ({})",
                            super::OVER_LIMIT
                        ),
                    ));
                    break;
                }
                data.extend_from_slice(&d);
                data.push(b'\n');
            }
        }
        let mut run = Run {
            out: &mut out,
            ops_left: MAX_OPS_PER_PAGE,
            diags,
            page,
            sbuf: Vec::new(),
            blanks: Vec::new(),
            warned_ops: false,
        };
        let mut gs = GState::default();
        self.run(&data, resources, &mut gs, 0, &mut run);
        out
    }

    fn font(&mut self, resources: Option<&'d Dictionary>, name: &[u8]) -> Option<Rc<Font>> {
        let doc = self.doc;
        let fonts = resources?.get(b"Font").ok().and_then(|o| dict_of(doc, o))?;
        let obj = fonts.get(name).ok()?;
        if let Object::Reference(id) = obj {
            if let Some(f) = self.fonts.get(id) {
                return Some(f.clone());
            }
            let d = dict_of(self.doc, obj)?;
            let f = Rc::new(Font::load(self.doc, d));
            self.fonts.insert(*id, f.clone());
            return Some(f);
        }
        let d = obj.as_dict().ok()?;
        let key = d as *const Dictionary;
        if let Some(f) = self.inline_fonts.get(&key) {
            return Some(f.clone());
        }
        let f = Rc::new(Font::load(self.doc, d));
        self.inline_fonts.insert(key, f.clone());
        Some(f)
    }

    fn form(&mut self, id: ObjectId, diags: &mut Diagnostics, page: u32) -> Option<Rc<[u8]>> {
        if let Some(f) = self.forms.get(&id) {
            return f.clone();
        }
        let s = self.doc.get_object(id).ok()?.as_stream().ok()?;
        let data = self.decode_budgeted(s, diags, page).map(Rc::from);
        self.forms.insert(id, data.clone());
        data
    }

    fn run(
        &mut self,
        data: &[u8],
        resources: Option<&'d Dictionary>,
        gs: &mut GState,
        depth: u32,
        run: &mut Run<'_>,
    ) {
        let mut lx = Lexer::new(data);
        let mut ops: Vec<Tok<'_>> = Vec::with_capacity(16);
        let mut stack: Vec<GState> = Vec::new();
        let mut overflow = 0usize;
        let mut tm = ID;
        let mut tlm = ID;
        while let Some(t) = lx.next_tok() {
            let Tok::Op(op) = t else {
                if ops.len() >= MAX_OPERANDS {
                    ops.clear();
                }
                ops.push(t);
                continue;
            };
            if run.ops_left == 0 {
                if !run.warned_ops {
                    run.warned_ops = true;
                    run.diags.push(Diagnostic::warning(
                        format!("page:{}", run.page),
                        format!("more than {MAX_OPS_PER_PAGE} operators: the rest of the page is skipped"),
                    ));
                }
                return;
            }
            run.ops_left -= 1;
            let n = |i: usize| -> f32 {
                match ops.get(i) {
                    Some(Tok::Num(v)) => *v,
                    _ => 0.0,
                }
            };
            match op {
                b"q" => {
                    if stack.len() < MAX_GSTATE_DEPTH {
                        stack.push(gs.clone());
                    } else {
                        overflow += 1;
                    }
                }
                b"Q" => {
                    if overflow > 0 {
                        overflow -= 1;
                    } else if let Some(g) = stack.pop() {
                        *gs = g;
                    }
                }
                b"cm" if ops.len() >= 6 => {
                    let m = [n(0), n(1), n(2), n(3), n(4), n(5)];
                    gs.ctm = mul(&m, &gs.ctm);
                }
                b"BT" => {
                    tm = ID;
                    tlm = ID;
                }
                b"Tf" if ops.len() >= 2 => {
                    if let Some(Tok::Name(name)) = ops.first() {
                        gs.font = self.font(resources, name);
                    }
                    gs.size = n(1);
                }
                b"Tc" => gs.tc = n(0),
                b"Tw" => gs.tw = n(0),
                b"Tz" => gs.th = n(0) / 100.0,
                b"TL" => gs.tl = n(0),
                b"Ts" => gs.rise = n(0),
                b"Td" | b"TD" if ops.len() >= 2 => {
                    if op == b"TD" {
                        gs.tl = -n(1);
                    }
                    tlm = mul(&[1.0, 0.0, 0.0, 1.0, n(0), n(1)], &tlm);
                    tm = tlm;
                }
                b"Tm" if ops.len() >= 6 => {
                    tlm = [n(0), n(1), n(2), n(3), n(4), n(5)];
                    tm = tlm;
                }
                b"T*" => {
                    tlm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, -gs.tl], &tlm);
                    tm = tlm;
                }
                b"Tj" | b"'" | b"\"" => {
                    if op != b"Tj" {
                        if op == b"\"" {
                            gs.tw = n(0);
                            gs.tc = n(1);
                        }
                        tlm = mul(&[1.0, 0.0, 0.0, 1.0, 0.0, -gs.tl], &tlm);
                        tm = tlm;
                    }
                    if let Some(Tok::Str(raw, hex)) = ops.last() {
                        self.show(raw, *hex, gs, &mut tm, run);
                    }
                }
                b"TJ" => {
                    for t in &ops {
                        match t {
                            Tok::Str(raw, hex) => self.show(raw, *hex, gs, &mut tm, run),
                            Tok::Num(k) => {
                                let tx = -k / 1000.0 * gs.size * gs.th;
                                tm = mul(&[1.0, 0.0, 0.0, 1.0, tx, 0.0], &tm);
                            }
                            _ => {}
                        }
                    }
                }
                b"Do" if depth < MAX_FORM_DEPTH => {
                    if let Some(Tok::Name(name)) = ops.first() {
                        self.do_form(name, resources, gs, depth, run);
                    }
                }
                b"BI" => {
                    // Inline image: skip its dictionary up to ID, then its data.
                    while let Some(t) = lx.next_tok() {
                        if t == Tok::Op(b"ID") {
                            lx.skip_inline_image();
                            break;
                        }
                    }
                }
                _ => {}
            }
            ops.clear();
        }
    }

    fn do_form(
        &mut self,
        name: &[u8],
        resources: Option<&'d Dictionary>,
        gs: &mut GState,
        depth: u32,
        run: &mut Run<'_>,
    ) {
        let doc = self.doc;
        let Some(xobjs) = resources
            .and_then(|r| r.get(b"XObject").ok())
            .and_then(|o| dict_of(doc, o))
        else {
            return;
        };
        let Ok(Object::Reference(id)) = xobjs.get(name) else {
            return;
        };
        let Ok(stream) = doc.get_object(*id).and_then(Object::as_stream) else {
            return;
        };
        if stream.dict.get(b"Subtype").and_then(Object::as_name).ok() != Some(b"Form") {
            return;
        }
        let matrix = stream
            .dict
            .get(b"Matrix")
            .ok()
            .map(|o| deref(doc, o))
            .and_then(|o| o.as_array().ok())
            .map(|a| a.iter().filter_map(|o| num(doc, o)).collect::<Vec<f32>>())
            .filter(|v| v.len() == 6)
            .map_or(ID, |v| [v[0], v[1], v[2], v[3], v[4], v[5]]);
        let form_res = stream
            .dict
            .get(b"Resources")
            .ok()
            .and_then(|o| dict_of(doc, o))
            .or(resources);
        let Some(data) = self.form(*id, run.diags, run.page) else {
            return;
        };
        let mut inner = gs.clone();
        inner.ctm = mul(&matrix, &gs.ctm);
        self.run(&data, form_res, &mut inner, depth + 1, run);
    }

    fn show(&mut self, raw: &[u8], hex: bool, gs: &GState, tm: &mut M, run: &mut Run<'_>) {
        let Some(font) = gs.font.as_ref() else {
            return;
        };
        if self.glyphs_left == 0 {
            if !self.warned_glyphs {
                self.warned_glyphs = true;
                run.diags.push(Diagnostic::warning(
                    format!("page:{}", run.page),
                    format!("more than {MAX_GLYPHS} glyphs in the document: the rest is skipped"),
                ));
            }
            return;
        }
        decode_string(raw, hex, &mut run.sbuf);
        let start = run.out.text.len();
        let shown = font.show(&run.sbuf, &mut run.out.text, &mut run.blanks);
        self.glyphs_left = self.glyphs_left.saturating_sub(u64::from(shown.glyphs));
        let m = mul(tm, &gs.ctm);
        let advance = |s: &Shown| {
            (s.width * gs.size + s.glyphs as f32 * gs.tc + s.spaces as f32 * gs.tw) * gs.th
        };
        let adv = advance(&shown);
        *tm = mul(&[1.0, 0.0, 0.0, 1.0, adv, 0.0], tm);
        let end = run.out.text.len();
        if end == start {
            return;
        }
        let (_, y) = apply(&m, 0.0, gs.rise);
        let size = (m[2].hypot(m[3]) * gs.size).abs();
        // One chunk per word: the blanks split the string, each word placed by its advance.
        let mut piece = (start, 0.0f32);
        let blanks = std::mem::take(&mut run.blanks);
        for b in blanks.iter().map(Some).chain([None]) {
            let (to, a_end, next) = match b {
                Some(b) => (
                    b.start as usize,
                    advance(&b.before),
                    (b.end as usize, advance(&b.after)),
                ),
                None => (end, adv, (end, adv)),
            };
            if to > piece.0 {
                let (x0, _) = apply(&m, piece.1, gs.rise);
                let (x1, _) = apply(&m, a_end, gs.rise);
                push_chunk(run, font.as_ref(), piece.0, to, x0, x1, y, size);
            }
            piece = next;
        }
        run.blanks = blanks;
    }
}

/// Adds a chunk (a word, or part of one), or extends the last chunk when the text continues it
/// on the same baseline (TJ kerning inside a word): fewer chunks to sort, same text.
#[allow(clippy::too_many_arguments)]
fn push_chunk(
    run: &mut Run<'_>,
    font: &Font,
    start: usize,
    end: usize,
    x0: f32,
    x1: f32,
    y: f32,
    size: f32,
) {
    let ok = x0.is_finite() && x1.is_finite() && y.is_finite() && size.is_finite();
    if !ok {
        return;
    }
    if let Some(last) = run.out.chunks.last_mut() {
        if last.end as usize == start
            && last.bold == font.bold
            && last.extent == font.extent
            && (last.y - y).abs() < 0.01 * size.max(1.0)
            && (last.size - size).abs() < 0.01 * size.max(1.0)
            && (x0 - last.x1).abs() < 0.1 * size
            && x1 >= last.x1
        {
            last.x1 = x1;
            last.end = end as u32;
            return;
        }
    }
    run.out.chunks.push(Chunk {
        x0,
        x1: x1.max(x0),
        y,
        size: if size > 0.0 { size } else { 1.0 },
        start: start as u32,
        end: end as u32,
        bold: font.bold,
        extent: font.extent,
    });
}

fn num(doc: &Document, o: &Object) -> Option<f32> {
    match deref(doc, o) {
        Object::Integer(i) => Some(*i as f32),
        Object::Real(r) => Some(*r),
        _ => None,
    }
}

/// A page attribute, inherited through `/Parent` (bounded).
fn inherited<'d>(doc: &'d Document, page: &'d Dictionary, key: &[u8]) -> Option<&'d Object> {
    let mut d = page;
    for _ in 0..64 {
        if let Ok(o) = d.get(key) {
            return Some(o);
        }
        d = d.get(b"Parent").ok().and_then(|o| dict_of(doc, o))?;
    }
    None
}
