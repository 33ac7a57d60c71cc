//! A zero-copy tokenizer for PDF content streams and CMaps.
//!
//! Content streams and CMaps share PostScript's lexical rules: numbers, literal and hex strings,
//! names, arrays, dictionaries and bare keywords (operators). The lexer borrows from the decoded
//! stream and never allocates; strings are decoded on demand into a caller's buffer
//! ([`decode_string`]), so the interpreter reuses one buffer for every `Tj`.

/// One token.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Tok<'a> {
    /// A number (integers are numbers too).
    Num(f32),
    /// A string: its raw bytes between the delimiters, and whether it was a hex string.
    Str(&'a [u8], bool),
    /// A name without the slash (escapes `#xx` not decoded).
    Name(&'a [u8]),
    /// `[`
    ArrOpen,
    /// `]`
    ArrClose,
    /// `<<`
    DictOpen,
    /// `>>`
    DictClose,
    /// A keyword: an operator, `true`, `null`, `begincmap`, ...
    Op(&'a [u8]),
}

/// PDF whitespace.
pub(super) fn is_white(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b'\x0c' | b'\0')
}

/// PDF delimiters.
fn is_delim(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

/// A tokenizer over a byte slice.
pub(super) struct Lexer<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> Lexer<'a> {
    /// A lexer at the start of `data`.
    pub(super) fn new(data: &'a [u8]) -> Self {
        Self { data, pos: 0 }
    }

    fn peek(&self) -> Option<u8> {
        self.data.get(self.pos).copied()
    }

    fn skip_white_and_comments(&mut self) {
        while let Some(b) = self.peek() {
            if is_white(b) {
                self.pos += 1;
            } else if b == b'%' {
                while let Some(c) = self.peek() {
                    if c == b'\n' || c == b'\r' {
                        break;
                    }
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
    }

    /// The next token, or `None` at the end of the data. Bytes that cannot start a token
    /// (stray `)`, `{`, `}`, a lone `>`) are skipped.
    pub(super) fn next_tok(&mut self) -> Option<Tok<'a>> {
        loop {
            self.skip_white_and_comments();
            let b = self.peek()?;
            match b {
                b'[' => {
                    self.pos += 1;
                    return Some(Tok::ArrOpen);
                }
                b']' => {
                    self.pos += 1;
                    return Some(Tok::ArrClose);
                }
                b'<' => {
                    if self.data.get(self.pos + 1) == Some(&b'<') {
                        self.pos += 2;
                        return Some(Tok::DictOpen);
                    }
                    let start = self.pos + 1;
                    let end = self.data[start..]
                        .iter()
                        .position(|&c| c == b'>')
                        .map_or(self.data.len(), |p| start + p);
                    self.pos = (end + 1).min(self.data.len());
                    return Some(Tok::Str(&self.data[start..end], true));
                }
                b'>' => {
                    self.pos += 1;
                    if self.peek() == Some(b'>') {
                        self.pos += 1;
                        return Some(Tok::DictClose);
                    }
                }
                b'(' => return Some(self.literal()),
                b'/' => {
                    let start = self.pos + 1;
                    self.pos = start;
                    while let Some(c) = self.peek() {
                        if is_white(c) || is_delim(c) {
                            break;
                        }
                        self.pos += 1;
                    }
                    return Some(Tok::Name(&self.data[start..self.pos]));
                }
                b')' | b'{' | b'}' => self.pos += 1,
                b'0'..=b'9' | b'+' | b'-' | b'.' => {
                    let start = self.pos;
                    while let Some(c) = self.peek() {
                        if is_white(c) || is_delim(c) {
                            break;
                        }
                        self.pos += 1;
                    }
                    return Some(Tok::Num(parse_num(&self.data[start..self.pos])));
                }
                _ => {
                    let start = self.pos;
                    while let Some(c) = self.peek() {
                        if is_white(c) || is_delim(c) {
                            break;
                        }
                        self.pos += 1;
                    }
                    if self.pos == start {
                        self.pos += 1;
                        continue;
                    }
                    return Some(Tok::Op(&self.data[start..self.pos]));
                }
            }
        }
    }

    /// A literal string starting at `(`; balanced parentheses and escapes are honoured.
    fn literal(&mut self) -> Tok<'a> {
        let start = self.pos + 1;
        let mut i = start;
        let mut depth = 1usize;
        while let Some(&c) = self.data.get(i) {
            match c {
                b'\\' => i += 1,
                b'(' => depth += 1,
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                }
                _ => {}
            }
            i += 1;
        }
        let end = i.min(self.data.len());
        self.pos = (end + 1).min(self.data.len());
        Tok::Str(&self.data[start..end], false)
    }

    /// Skips inline image data after `ID`: up to whitespace, `EI`, whitespace (or the end).
    pub(super) fn skip_inline_image(&mut self) {
        // One whitespace byte follows ID.
        self.pos = (self.pos + 1).min(self.data.len());
        let mut i = self.pos;
        while i + 1 < self.data.len() {
            if self.data[i] == b'E'
                && self.data[i + 1] == b'I'
                && (i == 0 || is_white(self.data[i - 1]))
                && self.data.get(i + 2).is_none_or(|&c| is_white(c))
            {
                self.pos = i + 2;
                return;
            }
            i += 1;
        }
        self.pos = self.data.len();
    }
}

/// Parses a PDF number leniently (`--5`, `5.`, `.5`, `1.2.3` all give something).
fn parse_num(s: &[u8]) -> f32 {
    let mut neg = false;
    let mut i = 0;
    while let Some(&c) = s.get(i) {
        match c {
            b'-' => neg = !neg,
            b'+' => {}
            _ => break,
        }
        i += 1;
    }
    let mut int: f64 = 0.0;
    let mut frac: f64 = 0.0;
    let mut scale: f64 = 1.0;
    let mut seen_dot = false;
    for &c in s.get(i..).unwrap_or(&[]) {
        match c {
            b'0'..=b'9' => {
                let d = f64::from(c - b'0');
                if seen_dot {
                    scale /= 10.0;
                    frac += d * scale;
                } else {
                    int = int * 10.0 + d;
                }
            }
            b'.' if !seen_dot => seen_dot = true,
            _ => break,
        }
    }
    let v = (int + frac) as f32;
    let v = if v.is_finite() { v } else { 0.0 };
    if neg {
        -v
    } else {
        v
    }
}

/// Decodes a string token's raw bytes into `out` (cleared first).
pub(super) fn decode_string(raw: &[u8], hex: bool, out: &mut Vec<u8>) {
    out.clear();
    if hex {
        let mut hi: Option<u8> = None;
        for &c in raw {
            let v = match c {
                b'0'..=b'9' => c - b'0',
                b'a'..=b'f' => c - b'a' + 10,
                b'A'..=b'F' => c - b'A' + 10,
                _ => continue,
            };
            match hi.take() {
                Some(h) => out.push(h << 4 | v),
                None => hi = Some(v),
            }
        }
        if let Some(h) = hi {
            out.push(h << 4);
        }
        return;
    }
    let mut i = 0;
    while let Some(&c) = raw.get(i) {
        i += 1;
        if c != b'\\' {
            if c == b'\r' {
                // An end-of-line in a literal is a single newline.
                if raw.get(i) == Some(&b'\n') {
                    i += 1;
                }
                out.push(b'\n');
            } else {
                out.push(c);
            }
            continue;
        }
        let Some(&e) = raw.get(i) else { break };
        i += 1;
        match e {
            b'n' => out.push(b'\n'),
            b'r' => out.push(b'\r'),
            b't' => out.push(b'\t'),
            b'b' => out.push(8),
            b'f' => out.push(12),
            b'0'..=b'7' => {
                let mut v = u32::from(e - b'0');
                for _ in 0..2 {
                    match raw.get(i) {
                        Some(&d @ b'0'..=b'7') => {
                            v = v * 8 + u32::from(d - b'0');
                            i += 1;
                        }
                        _ => break,
                    }
                }
                out.push((v & 0xff) as u8);
            }
            b'\r' => {
                if raw.get(i) == Some(&b'\n') {
                    i += 1;
                }
            }
            b'\n' => {}
            other => out.push(other),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<Tok<'_>> {
        let mut l = Lexer::new(s.as_bytes());
        std::iter::from_fn(|| l.next_tok()).collect()
    }

    #[test]
    fn tokens_of_a_show_operation() {
        assert_eq!(
            toks("BT /F1 12 Tf [(a\\)b) -250 <0041>] TJ ET"),
            vec![
                Tok::Op(b"BT"),
                Tok::Name(b"F1"),
                Tok::Num(12.0),
                Tok::Op(b"Tf"),
                Tok::ArrOpen,
                Tok::Str(b"a\\)b", false),
                Tok::Num(-250.0),
                Tok::Str(b"0041", true),
                Tok::ArrClose,
                Tok::Op(b"TJ"),
                Tok::Op(b"ET"),
            ]
        );
    }

    #[test]
    fn strings_decode_escapes_and_hex() {
        let mut out = Vec::new();
        decode_string(b"a\\)\\101\\n(x)", false, &mut out);
        assert_eq!(out, b"a)A\n(x)");
        decode_string(b"04 1A 5", true, &mut out);
        assert_eq!(out, vec![0x04, 0x1a, 0x50]);
    }

    #[test]
    fn numbers_are_lenient() {
        assert_eq!(parse_num(b"-.5"), -0.5);
        assert_eq!(parse_num(b"--3"), 3.0);
        assert_eq!(parse_num(b"4."), 4.0);
        assert_eq!(parse_num(b"1.2.3"), 1.2);
    }

    #[test]
    fn unterminated_input_ends() {
        assert_eq!(toks("(abc").len(), 1);
        assert_eq!(toks("<41").len(), 1);
        assert_eq!(toks("/").len(), 1);
    }
}
