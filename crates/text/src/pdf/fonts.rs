//! Fonts: how the bytes of a shown string become codes, Unicode text and advance widths.
//!
//! Simple fonts (Type1, TrueType, Type3) have one-byte codes; their text comes from the
//! ToUnicode CMap when it maps the code, else from `/Encoding` (a base encoding plus
//! `/Differences` glyph names). Both are folded into one 256-entry table when the font is
//! loaded, so decoding a simple string is a table lookup per byte. Type0 fonts split bytes by
//! their encoding CMap (`Identity-H`: two bytes), take text from ToUnicode and widths from
//! `/W` + `/DW` of the descendant CID font.

use std::collections::HashMap;

use lopdf::{Dictionary, Document, Object};

use super::cmap::{CMap, Mapped};
use super::filters;
use super::glyphlist::{GLYPHS, MAC_ROMAN, STANDARD, WIN_ANSI};
use super::{deref, dict_of};

/// Cap for a decoded CMap stream.
const MAX_CMAP: usize = 8 << 20;
/// Cap on entries taken from a `/W` or `/Differences` array.
const MAX_ARRAY: usize = 1 << 18;

/// Maps a glyph name to Unicode: the Adobe Glyph List (incl. `afii100xx` Cyrillic),
/// `uniXXXX...`, `uXXXX[XX]`, ligatures `f_i`, and suffixes (`a.sc`).
pub(super) fn glyph_name_to_string(name: &[u8], out: &mut String) -> bool {
    let base = name.split(|&b| b == b'.').next().unwrap_or(name);
    let before = out.len();
    for part in base.split(|&b| b == b'_') {
        let Ok(p) = std::str::from_utf8(part) else {
            continue;
        };
        if let Ok(i) = GLYPHS.binary_search_by(|(n, _)| n.as_bytes().cmp(part)) {
            if let Some(c) = char::from_u32(u32::from(GLYPHS[i].1)) {
                out.push(c);
            }
        } else if let Some(hex) = p.strip_prefix("uni") {
            if hex.len() >= 4 && hex.len() % 4 == 0 && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                let units: Vec<u16> = hex
                    .as_bytes()
                    .chunks(4)
                    .filter_map(|c| std::str::from_utf8(c).ok())
                    .filter_map(|c| u16::from_str_radix(c, 16).ok())
                    .collect();
                out.extend(char::decode_utf16(units).map(|c| c.unwrap_or('\u{FFFD}')));
            }
        } else if let Some(hex) = p.strip_prefix('u') {
            if (4..=6).contains(&hex.len()) && hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                if let Some(c) = u32::from_str_radix(hex, 16).ok().and_then(char::from_u32) {
                    out.push(c);
                }
            }
        }
    }
    out.len() > before
}

/// A glyph name as a CMap mapping.
pub(super) fn glyph_to_mapped(
    name: &[u8],
    cm: &mut CMap,
    idx: &mut HashMap<Box<str>, u32>,
) -> Mapped {
    let mut s = String::new();
    if !glyph_name_to_string(name, &mut s) {
        return Mapped::None;
    }
    let mut it = s.chars();
    match (it.next(), it.next()) {
        (Some(c), None) => Mapped::Char(c),
        (Some(_), Some(_)) => cm.intern_str(s, idx),
        _ => Mapped::None,
    }
}

/// How a font turns bytes into glyphs. (One value per font and document: size is no concern.)
#[derive(Debug)]
#[allow(clippy::large_enum_variant)]
enum Kind {
    /// One-byte codes, text and widths by table.
    Simple {
        text: Box<[Mapped; 256]>,
        widths: Box<[f32; 256]>,
    },
    /// Multi-byte codes through CMaps.
    Cid {
        /// The encoding CMap when embedded; `None` means two-byte identity.
        encoding: Option<CMap>,
        /// The ToUnicode CMap.
        to_unicode: Option<CMap>,
        /// Codes are Unicode (UCS-2 predefined CMaps) when ToUnicode is absent.
        ucs2: bool,
        /// `/W` as sorted CID ranges with widths (text space units).
        widths: Vec<(u32, u32, f32)>,
        /// `/DW` (text space units).
        default_width: f32,
    },
}

/// A loaded font.
#[derive(Debug)]
pub(super) struct Font {
    kind: Kind,
    /// Multi-character results of the simple table.
    multi: Vec<Box<str>>,
    /// The font is bold (by name, weight or flags).
    pub(super) bold: bool,
    /// Height above the baseline and depth below it, in font sizes (both positive).
    pub(super) extent: (f32, f32),
}

/// What showing one string produced.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct Shown {
    /// Number of glyphs (codes).
    pub(super) glyphs: u32,
    /// Number of single-byte code 32 (word spacing applies).
    pub(super) spaces: u32,
    /// Sum of glyph widths in text space units (multiply by the font size).
    pub(super) width: f32,
}

/// A glyph that decoded to whitespace: its text's byte range in the output and the advance
/// before it (the [`Shown`] counts of the glyphs before it).
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct Blank {
    /// Start of its text.
    pub(super) start: u32,
    /// End of its text.
    pub(super) end: u32,
    /// The glyphs shown before it.
    pub(super) before: Shown,
    /// The glyphs shown up to and including it.
    pub(super) after: Shown,
}

/// Records a blank when the text pushed since `start` is whitespace.
fn note_blank(out: &str, start: usize, before: Shown, after: Shown, blanks: &mut Vec<Blank>) {
    let t = out.get(start..).unwrap_or("");
    if !t.is_empty() && t.chars().all(char::is_whitespace) {
        blanks.push(Blank {
            start: start as u32,
            end: out.len() as u32,
            before,
            after,
        });
    }
}

fn push_mapped(m: Mapped, multi: &[Box<str>], out: &mut String) {
    match m {
        Mapped::None => {}
        Mapped::Char(c) => push_char(c, out),
        Mapped::Multi(i) => {
            if let Some(s) = multi.get(i as usize) {
                for c in s.chars() {
                    push_char(c, out);
                }
            }
        }
    }
}

/// Appends a character, dropping controls and making no-break spaces plain.
fn push_char(c: char, out: &mut String) {
    match c {
        '\u{a0}' | '\t' => out.push(' '),
        '\u{0}'..='\u{1f}' | '\u{7f}' | '\u{fffd}' | '\u{feff}' => {}
        c => out.push(c),
    }
}

fn num(doc: &Document, o: &Object) -> Option<f32> {
    match deref(doc, o) {
        Object::Integer(i) => Some(*i as f32),
        Object::Real(r) => Some(*r),
        _ => None,
    }
}

fn base_table(name: &[u8]) -> Option<&'static [u16; 256]> {
    match name {
        b"WinAnsiEncoding" => Some(&WIN_ANSI),
        b"MacRomanEncoding" => Some(&MAC_ROMAN),
        b"StandardEncoding" => Some(&STANDARD),
        _ => None,
    }
}

fn load_cmap(doc: &Document, o: Option<&Object>) -> Option<CMap> {
    let s = deref(doc, o?).as_stream().ok()?;
    let data = filters::decode(s, MAX_CMAP).ok()?;
    Some(CMap::parse(&data))
}

impl Font {
    /// Loads a font dictionary. Never fails: missing pieces give a font that maps less.
    pub(super) fn load(doc: &Document, font: &Dictionary) -> Font {
        let subtype = font
            .get(b"Subtype")
            .and_then(Object::as_name)
            .unwrap_or(b"");
        let base_font = font
            .get(b"BaseFont")
            .map(|o| deref(doc, o))
            .and_then(Object::as_name)
            .unwrap_or(b"");
        let to_unicode = load_cmap(doc, font.get(b"ToUnicode").ok()).filter(|c| !c.is_empty());
        if subtype == b"Type0" {
            return Self::load_type0(doc, font, base_font, to_unicode);
        }
        let descriptor = font
            .get(b"FontDescriptor")
            .ok()
            .and_then(|o| dict_of(doc, o));
        let bold = is_bold(doc, base_font, descriptor);
        let extent = extent(doc, descriptor);

        // Text: base encoding, then Differences, then ToUnicode over both.
        let mut cm = CMap::default();
        let mut idx = HashMap::new();
        let mut text: Box<[Mapped; 256]> = Box::new([Mapped::None; 256]);
        let enc = font.get(b"Encoding").ok().map(|o| deref(doc, o));
        let (base_name, diffs) = match enc {
            Some(Object::Name(n)) => (Some(n.as_slice()), None),
            Some(Object::Dictionary(d)) => (
                d.get(b"BaseEncoding").and_then(Object::as_name).ok(),
                d.get(b"Differences")
                    .ok()
                    .map(|o| deref(doc, o))
                    .and_then(|o| o.as_array().ok()),
            ),
            _ => (None, None),
        };
        let symbolic = descriptor
            .and_then(|d| d.get(b"Flags").ok())
            .and_then(|o| num(doc, o))
            .is_some_and(|f| (f as i64) & 4 != 0);
        let base = base_name.and_then(base_table).or(match subtype {
            b"Type3" => None,
            b"TrueType" if symbolic && base_name.is_none() => None,
            b"TrueType" => Some(&WIN_ANSI),
            _ => Some(&STANDARD),
        });
        if let Some(t) = base {
            for (slot, &u) in text.iter_mut().zip(t.iter()) {
                if u != 0 {
                    *slot = char::from_u32(u32::from(u)).map_or(Mapped::None, Mapped::Char);
                }
            }
        }
        if let Some(diffs) = diffs {
            let mut code: i64 = 0;
            for o in diffs.iter().take(MAX_ARRAY) {
                match deref(doc, o) {
                    Object::Integer(i) => code = *i,
                    Object::Name(n) => {
                        if let Ok(c) = usize::try_from(code) {
                            if let Some(slot) = text.get_mut(c) {
                                *slot = glyph_to_mapped(n, &mut cm, &mut idx);
                            }
                        }
                        code += 1;
                    }
                    _ => {}
                }
            }
        }
        let mut multi = std::mem::take(&mut cm.multi);
        if let Some(tu) = &to_unicode {
            for (code, slot) in text.iter_mut().enumerate() {
                match tu.lookup(code as u32) {
                    Mapped::None => {}
                    Mapped::Char(c) => *slot = Mapped::Char(c),
                    Mapped::Multi(i) => {
                        if let Some(s) = tu.multi.get(i as usize) {
                            multi.push(s.clone());
                            *slot = Mapped::Multi(multi.len() as u32 - 1);
                        }
                    }
                }
            }
        }

        // Widths, in text space units.
        let scale = if subtype == b"Type3" {
            font.get(b"FontMatrix")
                .ok()
                .map(|o| deref(doc, o))
                .and_then(|o| o.as_array().ok())
                .and_then(|a| a.first())
                .and_then(|o| num(doc, o))
                .unwrap_or(0.001)
        } else {
            0.001
        };
        let missing = descriptor
            .and_then(|d| d.get(b"MissingWidth").ok())
            .and_then(|o| num(doc, o));
        let widths_arr = font
            .get(b"Widths")
            .ok()
            .map(|o| deref(doc, o))
            .and_then(|o| o.as_array().ok());
        let mut widths: Box<[f32; 256]> = Box::new([0.0; 256]);
        match widths_arr {
            Some(arr) => {
                let first = font
                    .get(b"FirstChar")
                    .ok()
                    .and_then(|o| num(doc, o))
                    .unwrap_or(0.0)
                    .max(0.0) as usize;
                let miss = missing.unwrap_or(0.0) * scale;
                widths.iter_mut().for_each(|w| *w = miss);
                for (i, o) in arr.iter().take(256).enumerate() {
                    if let (Some(slot), Some(w)) = (widths.get_mut(first + i), num(doc, o)) {
                        *slot = w * scale;
                    }
                }
            }
            None => {
                // Standard 14 fonts without /Widths: half an em, a quarter for spaces.
                widths.iter_mut().for_each(|w| *w = 0.5);
                widths[32] = 0.25;
            }
        }
        Font {
            kind: Kind::Simple { text, widths },
            multi,
            bold,
            extent,
        }
    }

    fn load_type0(
        doc: &Document,
        font: &Dictionary,
        base_font: &[u8],
        to_unicode: Option<CMap>,
    ) -> Font {
        let enc_obj = font.get(b"Encoding").ok().map(|o| deref(doc, o));
        let (encoding, ucs2) = match enc_obj {
            Some(Object::Stream(s)) => (
                filters::decode(s, MAX_CMAP)
                    .ok()
                    .map(|d| CMap::parse(&d))
                    .filter(CMap::has_codespace),
                false,
            ),
            Some(Object::Name(n)) => {
                let ucs2 = n.windows(4).any(|w| w == b"UCS2" || w == b"UTF1");
                (None, ucs2)
            }
            _ => (None, false),
        };
        let desc = font
            .get(b"DescendantFonts")
            .ok()
            .map(|o| deref(doc, o))
            .and_then(|o| o.as_array().ok())
            .and_then(|a| a.first())
            .and_then(|o| dict_of(doc, o));
        let descriptor = desc
            .and_then(|d| d.get(b"FontDescriptor").ok())
            .and_then(|o| dict_of(doc, o));
        let bold = is_bold(doc, base_font, descriptor);
        let extent = extent(doc, descriptor);
        let default_width = desc
            .and_then(|d| d.get(b"DW").ok())
            .and_then(|o| num(doc, o))
            .unwrap_or(1000.0)
            * 0.001;
        let mut widths = Vec::new();
        if let Some(w) = desc
            .and_then(|d| d.get(b"W").ok())
            .map(|o| deref(doc, o))
            .and_then(|o| o.as_array().ok())
        {
            let mut i = 0;
            let items: Vec<&Object> = w.iter().take(MAX_ARRAY).map(|o| deref(doc, o)).collect();
            while i < items.len() {
                let Some(first) = num(doc, items[i]) else {
                    i += 1;
                    continue;
                };
                let first = first.max(0.0) as u32;
                match items.get(i + 1) {
                    Some(Object::Array(ws)) => {
                        for (k, o) in ws.iter().take(MAX_ARRAY).enumerate() {
                            if let Some(wv) = num(doc, o) {
                                let c = first.saturating_add(k as u32);
                                widths.push((c, c, wv * 0.001));
                            }
                        }
                        i += 2;
                    }
                    Some(o) => {
                        let last = num(doc, o).unwrap_or(0.0).max(0.0) as u32;
                        if let Some(wv) = items.get(i + 2).and_then(|o| num(doc, o)) {
                            if first <= last {
                                widths.push((first, last, wv * 0.001));
                            }
                        }
                        i += 3;
                    }
                    None => break,
                }
            }
        }
        widths.sort_by_key(|r| r.0);
        Font {
            kind: Kind::Cid {
                encoding,
                to_unicode,
                ucs2,
                widths,
                default_width,
            },
            multi: Vec::new(),
            bold,
            extent,
        }
    }

    /// Decodes a shown string: appends its text to `out`, returns glyph counts and widths.
    /// Glyphs that decode to whitespace are listed in `blanks` (cleared first), so that the
    /// caller can place the words between them.
    pub(super) fn show(&self, bytes: &[u8], out: &mut String, blanks: &mut Vec<Blank>) -> Shown {
        let mut s = Shown::default();
        blanks.clear();
        match &self.kind {
            Kind::Simple { text, widths } => {
                for &b in bytes {
                    let (start, before) = (out.len(), s);
                    push_mapped(text[usize::from(b)], &self.multi, out);
                    s.width += widths[usize::from(b)];
                    s.glyphs += 1;
                    if b == 32 {
                        s.spaces += 1;
                    }
                    note_blank(out, start, before, s, blanks);
                }
            }
            Kind::Cid {
                encoding,
                to_unicode,
                ucs2,
                widths,
                default_width,
            } => {
                let mut rest = bytes;
                while !rest.is_empty() {
                    let (code, len) = match encoding {
                        Some(cm) => cm.next_code(rest),
                        None => match rest {
                            [a, b, ..] => (u32::from(u16::from_be_bytes([*a, *b])), 2),
                            [a] => (u32::from(*a), 1),
                            [] => break,
                        },
                    };
                    rest = rest.get(len.max(1)..).unwrap_or(&[]);
                    let cid = encoding.as_ref().and_then(|e| e.cid(code)).unwrap_or(code);
                    let (start, before) = (out.len(), s);
                    match to_unicode {
                        Some(tu) => push_mapped(tu.lookup(code), &tu.multi, out),
                        None if *ucs2 => {
                            if let Some(c) = char::from_u32(code) {
                                push_char(c, out);
                            }
                        }
                        None => {}
                    }
                    let i = widths.partition_point(|r| r.0 <= cid);
                    s.width += widths[..i]
                        .last()
                        .filter(|r| cid <= r.1)
                        .map_or(*default_width, |r| r.2);
                    s.glyphs += 1;
                    if len == 1 && code == 32 {
                        s.spaces += 1;
                    }
                    note_blank(out, start, before, s, blanks);
                }
            }
        }
        s
    }
}

/// Ascent and descent from the font descriptor, in font sizes; 0.95 and 0.35 (what pdftotext
/// assumes) when missing, zero or absurd.
fn extent(doc: &Document, descriptor: Option<&Dictionary>) -> (f32, f32) {
    let get = |key: &[u8]| {
        descriptor
            .and_then(|d| d.get(key).ok())
            .and_then(|o| num(doc, o))
            .map(|v| (0.001 * v).abs())
            .filter(|v| *v > 0.0 && *v < 3.0)
    };
    (
        get(b"Ascent").unwrap_or(0.95),
        get(b"Descent").unwrap_or(0.35),
    )
}

fn is_bold(doc: &Document, base_font: &[u8], descriptor: Option<&Dictionary>) -> bool {
    let by_name = base_font
        .windows(4)
        .any(|w| w.eq_ignore_ascii_case(b"bold") || w.eq_ignore_ascii_case(b"blac"));
    let by_weight = descriptor
        .and_then(|d| d.get(b"FontWeight").ok())
        .and_then(|o| num(doc, o))
        .is_some_and(|w| w >= 600.0);
    let by_flag = descriptor
        .and_then(|d| d.get(b"Flags").ok())
        .and_then(|o| num(doc, o))
        .is_some_and(|f| (f as i64) & (1 << 18) != 0);
    by_name || by_weight || by_flag
}

#[cfg(test)]
mod tests {
    use super::*;

    fn name(n: &str) -> String {
        let mut s = String::new();
        glyph_name_to_string(n.as_bytes(), &mut s);
        s
    }

    #[test]
    fn glyph_names() {
        assert_eq!(name("afii10017"), "А");
        assert_eq!(name("afii10071"), "ё");
        assert_eq!(name("afii10055"), "І");
        assert_eq!(name("afii61352"), "№");
        assert_eq!(name("uni04D9"), "ә");
        assert_eq!(name("uni04920493"), "Ғғ");
        assert_eq!(name("u1D400"), "\u{1D400}");
        assert_eq!(name("f_i"), "fi");
        assert_eq!(name("a.sc"), "a");
        assert_eq!(name("Kadescendercyrillic"), "Қ");
        assert_eq!(name("g123"), "");
    }
}
