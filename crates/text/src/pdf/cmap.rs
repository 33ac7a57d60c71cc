//! CMaps: ToUnicode maps (`bfchar`, `bfrange` with a base or an array, multi-character results)
//! and embedded encoding CMaps (code space ranges, `cidchar`, `cidrange`).
//!
//! Ranges stay ranges: `<0000> <FFFF> <0000>` is one entry, not 65 536, so a hostile
//! `<00000000> <FFFFFFFF>` costs nothing. Lookups are binary searches.

use super::lexer::{decode_string, Lexer, Tok};

/// Bound on single mappings kept from one CMap (array forms and small multi-unit ranges are
/// expanded into single mappings).
const MAX_SINGLES: usize = 1 << 20;

/// What a code maps to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Mapped {
    /// Nothing.
    None,
    /// One character.
    Char(char),
    /// Several characters: an index into [`CMap::multi`].
    Multi(u32),
}

/// A code space range: codes of `len` bytes whose every byte lies within `lo..=hi`.
#[derive(Debug, Clone, Copy)]
pub(super) struct CodeRange {
    len: usize,
    lo: [u8; 4],
    hi: [u8; 4],
}

/// A parsed CMap.
#[derive(Debug, Default)]
pub(super) struct CMap {
    /// Code space ranges, in file order.
    codespace: Vec<CodeRange>,
    /// Single mappings, sorted by code.
    singles: Vec<(u32, Mapped)>,
    /// Ranges `lo..=hi` mapping to `base + (code - lo)`, sorted by `lo`.
    ranges: Vec<(u32, u32, u32)>,
    /// Multi-character results.
    pub(super) multi: Vec<Box<str>>,
    /// CID ranges (`cidchar` is a range of one), sorted by `lo`.
    cids: Vec<(u32, u32, u32)>,
}

fn code_of(bytes: &[u8]) -> u32 {
    bytes
        .iter()
        .take(4)
        .fold(0u32, |acc, &b| (acc << 8) | u32::from(b))
}

fn utf16_units(bytes: &[u8]) -> Vec<u16> {
    bytes
        .chunks(2)
        .map(|c| match c {
            [a, b] => u16::from_be_bytes([*a, *b]),
            [a] => u16::from(*a),
            _ => 0,
        })
        .collect()
}

impl CMap {
    /// Parses a CMap program. Unknown constructs are skipped; nothing fails.
    pub(super) fn parse(data: &[u8]) -> CMap {
        let mut cm = CMap::default();
        let mut lx = Lexer::new(data);
        let mut buf = Vec::new();
        let mut buf2 = Vec::new();
        let mut multi_index: std::collections::HashMap<Box<str>, u32> = Default::default();
        // Section state: which `begin...` we are inside.
        #[derive(PartialEq)]
        enum Sec {
            None,
            Space,
            BfChar,
            BfRange,
            CidChar,
            CidRange,
        }
        let mut sec = Sec::None;
        let mut ops: Vec<Tok<'_>> = Vec::new();
        while let Some(t) = lx.next_tok() {
            match t {
                Tok::Op(op) => {
                    match op {
                        b"begincodespacerange" => sec = Sec::Space,
                        b"beginbfchar" => sec = Sec::BfChar,
                        b"beginbfrange" => sec = Sec::BfRange,
                        b"begincidchar" => sec = Sec::CidChar,
                        b"begincidrange" => sec = Sec::CidRange,
                        _ if op.starts_with(b"end") => sec = Sec::None,
                        _ => {}
                    }
                    ops.clear();
                    continue;
                }
                _ if sec == Sec::None => continue,
                _ => ops.push(t),
            }
            match sec {
                Sec::Space => {
                    if let [Tok::Str(a, true), Tok::Str(b, true)] = ops[..] {
                        decode_string(a, true, &mut buf);
                        decode_string(b, true, &mut buf2);
                        if (1..=4).contains(&buf.len()) && buf.len() == buf2.len() {
                            let mut r = CodeRange {
                                len: buf.len(),
                                lo: [0; 4],
                                hi: [0; 4],
                            };
                            r.lo[..buf.len()].copy_from_slice(&buf);
                            r.hi[..buf.len()].copy_from_slice(&buf2);
                            cm.codespace.push(r);
                        }
                        ops.clear();
                    } else if ops.len() >= 2 {
                        ops.clear();
                    }
                }
                Sec::BfChar => {
                    if ops.len() == 2 {
                        if let [Tok::Str(a, ah), dst] = ops[..] {
                            decode_string(a, ah, &mut buf);
                            let code = code_of(&buf);
                            let m = match dst {
                                Tok::Str(d, dh) => {
                                    decode_string(d, dh, &mut buf2);
                                    cm.intern(&utf16_units(&buf2), &mut multi_index)
                                }
                                Tok::Name(n) => {
                                    super::fonts::glyph_to_mapped(n, &mut cm, &mut multi_index)
                                }
                                _ => Mapped::None,
                            };
                            if cm.singles.len() < MAX_SINGLES {
                                cm.singles.push((code, m));
                            }
                        }
                        ops.clear();
                    }
                }
                Sec::BfRange => {
                    // <lo> <hi> <dst> | <lo> <hi> [ <d1> <d2> ... ]
                    let complete = match ops.get(2) {
                        Some(Tok::ArrOpen) => matches!(ops.last(), Some(Tok::ArrClose)),
                        Some(_) => true,
                        None => false,
                    };
                    if !complete {
                        continue;
                    }
                    if let [Tok::Str(a, ah), Tok::Str(b, bh), ..] = ops[..] {
                        decode_string(a, ah, &mut buf);
                        let lo = code_of(&buf);
                        decode_string(b, bh, &mut buf);
                        let hi = code_of(&buf);
                        if lo <= hi {
                            cm.add_bfrange(lo, hi, &ops[2..], &mut buf2, &mut multi_index);
                        }
                    }
                    ops.clear();
                }
                Sec::CidChar => {
                    if ops.len() == 2 {
                        if let [Tok::Str(a, ah), Tok::Num(cid)] = ops[..] {
                            decode_string(a, ah, &mut buf);
                            let c = code_of(&buf);
                            cm.cids.push((c, c, cid.max(0.0) as u32));
                        }
                        ops.clear();
                    }
                }
                Sec::CidRange => {
                    if ops.len() == 3 {
                        if let [Tok::Str(a, ah), Tok::Str(b, bh), Tok::Num(cid)] = ops[..] {
                            decode_string(a, ah, &mut buf);
                            let lo = code_of(&buf);
                            decode_string(b, bh, &mut buf);
                            let hi = code_of(&buf);
                            if lo <= hi {
                                cm.cids.push((lo, hi, cid.max(0.0) as u32));
                            }
                        }
                        ops.clear();
                    }
                }
                Sec::None => {}
            }
        }
        // Later entries win over earlier ones for the same code: stable sort, then keep last.
        cm.singles.sort_by_key(|e| e.0);
        let mut dedup: Vec<(u32, Mapped)> = Vec::with_capacity(cm.singles.len());
        for e in cm.singles.drain(..) {
            match dedup.last_mut() {
                Some(last) if last.0 == e.0 => *last = e,
                _ => dedup.push(e),
            }
        }
        cm.singles = dedup;
        cm.ranges.sort_by_key(|r| r.0);
        cm.cids.sort_by_key(|r| r.0);
        cm
    }

    fn add_bfrange(
        &mut self,
        lo: u32,
        hi: u32,
        dst: &[Tok<'_>],
        buf: &mut Vec<u8>,
        idx: &mut std::collections::HashMap<Box<str>, u32>,
    ) {
        match dst.first() {
            Some(Tok::Str(d, dh)) => {
                decode_string(d, *dh, buf);
                let units = utf16_units(buf);
                let scalar = match units[..] {
                    [u] if !(0xD800..0xE000).contains(&u) => Some(u32::from(u)),
                    [h, l] if (0xD800..0xDC00).contains(&h) && (0xDC00..0xE000).contains(&l) => {
                        Some(0x10000 + ((u32::from(h) - 0xD800) << 10) + (u32::from(l) - 0xDC00))
                    }
                    _ => None,
                };
                if let Some(base) = scalar {
                    self.ranges.push((lo, hi, base));
                } else if hi - lo < 256 && !units.is_empty() {
                    // Several units: the last one increments.
                    for off in 0..=(hi - lo) {
                        let mut u = units.clone();
                        if let Some(last) = u.last_mut() {
                            *last = last.wrapping_add(off as u16);
                        }
                        let m = self.intern(&u, idx);
                        if self.singles.len() < MAX_SINGLES {
                            self.singles.push((lo + off, m));
                        }
                    }
                }
            }
            Some(Tok::ArrOpen) => {
                let mut code = lo;
                for t in &dst[1..] {
                    if code > hi {
                        break;
                    }
                    if let Tok::Str(d, dh) = t {
                        decode_string(d, *dh, buf);
                        let m = self.intern(&utf16_units(buf), idx);
                        if self.singles.len() < MAX_SINGLES {
                            self.singles.push((code, m));
                        }
                        code += 1;
                    }
                }
            }
            _ => {}
        }
    }

    /// Turns UTF-16 units into a mapping, interning multi-character results.
    pub(super) fn intern(
        &mut self,
        units: &[u16],
        idx: &mut std::collections::HashMap<Box<str>, u32>,
    ) -> Mapped {
        let mut it = char::decode_utf16(units.iter().copied());
        match (it.next(), it.next()) {
            (None, _) => Mapped::None,
            (Some(c), None) => Mapped::Char(c.unwrap_or('\u{FFFD}')),
            _ => {
                let s: String = char::decode_utf16(units.iter().copied())
                    .map(|c| c.unwrap_or('\u{FFFD}'))
                    .collect();
                self.intern_str(s, idx)
            }
        }
    }

    /// Interns a multi-character string.
    pub(super) fn intern_str(
        &mut self,
        s: String,
        idx: &mut std::collections::HashMap<Box<str>, u32>,
    ) -> Mapped {
        let s: Box<str> = s.into();
        if let Some(&i) = idx.get(&s) {
            return Mapped::Multi(i);
        }
        let i = self.multi.len() as u32;
        idx.insert(s.clone(), i);
        self.multi.push(s);
        Mapped::Multi(i)
    }

    /// What `code` maps to.
    pub(super) fn lookup(&self, code: u32) -> Mapped {
        if let Ok(i) = self.singles.binary_search_by_key(&code, |e| e.0) {
            return self.singles[i].1;
        }
        let i = self.ranges.partition_point(|r| r.0 <= code);
        // Ranges may overlap: look back a few for one that covers the code.
        for r in self.ranges[..i].iter().rev().take(8) {
            if code <= r.1 {
                return char::from_u32(r.2.wrapping_add(code - r.0))
                    .map_or(Mapped::None, Mapped::Char);
            }
        }
        Mapped::None
    }

    /// Whether any mapping exists.
    pub(super) fn is_empty(&self) -> bool {
        self.singles.is_empty() && self.ranges.is_empty()
    }

    /// Whether the CMap declares code space ranges.
    pub(super) fn has_codespace(&self) -> bool {
        !self.codespace.is_empty()
    }

    /// Splits the next code off `bytes`: (code, byte length). Follows the code space ranges;
    /// bytes matching none take the shortest declared length (or 1 without ranges).
    pub(super) fn next_code(&self, bytes: &[u8]) -> (u32, usize) {
        for r in &self.codespace {
            if let Some(code) = bytes.get(..r.len) {
                if code
                    .iter()
                    .enumerate()
                    .all(|(i, &b)| r.lo[i] <= b && b <= r.hi[i])
                {
                    return (code_of(code), r.len);
                }
            }
        }
        let len = self
            .codespace
            .iter()
            .map(|r| r.len)
            .min()
            .unwrap_or(1)
            .min(bytes.len())
            .max(1);
        (code_of(bytes.get(..len).unwrap_or(bytes)), len)
    }

    /// The CID of a code under `cidchar`/`cidrange`, if declared.
    pub(super) fn cid(&self, code: u32) -> Option<u32> {
        let i = self.cids.partition_point(|r| r.0 <= code);
        self.cids[..i]
            .iter()
            .rev()
            .take(8)
            .find(|r| code <= r.1)
            .map(|r| r.2.wrapping_add(code - r.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TO_UNICODE: &str = "/CIDInit /ProcSet findresource begin 12 dict begin begincmap
        1 begincodespacerange <0000> <FFFF> endcodespacerange
        3 beginbfchar <0001> <0410> <0002> <0066006C> <0003> <D835DC00> endbfchar
        2 beginbfrange <0010> <0012> <04D8> <0020> <0022> [<049A> <00660069> <04A2>] endbfrange
        endcmap";

    #[test]
    fn bfchar_and_bfrange_forms() {
        let cm = CMap::parse(TO_UNICODE.as_bytes());
        assert_eq!(cm.lookup(1), Mapped::Char('А'));
        assert_eq!(cm.lookup(3), Mapped::Char('\u{1D400}'));
        assert_eq!(cm.lookup(0x11), Mapped::Char('\u{04D9}'));
        assert_eq!(cm.lookup(0x20), Mapped::Char('Қ'));
        assert_eq!(cm.lookup(0x22), Mapped::Char('Ң'));
        assert_eq!(cm.lookup(0x13), Mapped::None);
        match cm.lookup(0x21) {
            Mapped::Multi(i) => assert_eq!(&*cm.multi[i as usize], "fi"),
            other => panic!("{other:?}"),
        }
        match cm.lookup(2) {
            Mapped::Multi(i) => assert_eq!(&*cm.multi[i as usize], "fl"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn code_space_splits_codes() {
        let cm = CMap::parse(b"begincodespacerange <00> <80> <8140> <FFFF> endcodespacerange");
        assert_eq!(cm.next_code(&[0x41, 0x81, 0x40]), (0x41, 1));
        assert_eq!(cm.next_code(&[0x81, 0x40]), (0x8140, 2));
        assert_eq!(cm.next_code(&[0x81]), (0x81, 1));
    }

    #[test]
    fn huge_ranges_cost_nothing() {
        let cm = CMap::parse(b"beginbfrange <00000000> <FFFFFFFF> <0000> endbfrange");
        assert_eq!(cm.lookup(0x41), Mapped::Char('A'));
        let cm = CMap::parse(b"begincidrange <0000> <FFFF> 0 endcidrange");
        assert_eq!(cm.cid(0x1234), Some(0x1234));
    }
}
