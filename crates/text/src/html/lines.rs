//! `Lines`: builds the text of one block from HTML text nodes and line breaks.
//!
//! HTML collapses whitespace; `<br>` and block boundaries make lines. So: within a line, every
//! run of whitespace (U+00A0 `&nbsp;` included: it is Unicode White_Space) becomes one space, and
//! each line is trimmed; `<br>` always ends a line, a block boundary ends it only when it has
//! text. Empty lines at the edges of the block are dropped, the text is otherwise kept as written.
//! The builder writes into one `String` in a single pass: no quadratic rebuilding.

use tizilim_lex::norm::word_stretches;

/// The text of one block under construction.
#[derive(Debug, Default)]
pub(crate) struct Lines {
    text: String,
    /// Byte offset where the current line starts.
    line_start: usize,
    /// Whitespace was seen since the last word of the current line.
    pending_space: bool,
    /// Bytes of words written (whitespace excluded).
    word_bytes: usize,
    /// Bytes of words written inside amendment-note markup.
    note_bytes: usize,
}

impl Lines {
    /// An empty builder.
    pub(crate) fn new() -> Self {
        Self::default()
    }

    /// Appends a text node's content; `in_note` says it sits inside note markup.
    pub(crate) fn push_text(&mut self, s: &str, in_note: bool) {
        // The node's words and a space before them fit in what it takes: one growth per node,
        // not one per word that crosses the capacity.
        self.text.reserve(s.len() + 1);
        // Whitespace (of the node, or before it: `pending_space`) between words writes one
        // space; a stretch of single-spaced words is copied whole (`norm::word_stretches`).
        let mut end = 0usize;
        for r in word_stretches(s) {
            if r.start > end {
                self.pending_space = true;
            }
            if self.pending_space && self.text.len() > self.line_start {
                self.text.push(' ');
            }
            self.pending_space = false;
            let stretch = &s[r.clone()];
            self.text.push_str(stretch);
            // The words' bytes: the stretch without its single spaces.
            let words = stretch.len() - memchr::memchr_iter(b' ', stretch.as_bytes()).count();
            self.word_bytes += words;
            if in_note {
                self.note_bytes += words;
            }
            end = r.end;
        }
        if end < s.len() {
            self.pending_space = true;
        }
    }

    /// A hard line break (`<br>`): always ends the line. Leading empty lines are not written.
    pub(crate) fn line_break(&mut self) {
        self.pending_space = false;
        if self.text.is_empty() {
            return;
        }
        self.text.push('\n');
        self.line_start = self.text.len();
    }

    /// A block boundary (`<p>`, `<div>`, a cell of a nested table): ends the line if it has text.
    pub(crate) fn boundary(&mut self) {
        if self.text.len() > self.line_start {
            self.line_break();
        } else {
            self.pending_space = false;
        }
    }

    /// True when no word has been written.
    pub(crate) fn is_empty(&self) -> bool {
        self.word_bytes == 0
    }

    /// True when at least half of the words (by bytes) were inside note markup.
    pub(crate) fn mostly_note(&self) -> bool {
        self.note_bytes > 0 && self.note_bytes * 2 >= self.word_bytes
    }

    /// The finished text, without empty lines at its end.
    pub(crate) fn finish(mut self) -> String {
        let keep = self.text.trim_end_matches('\n').len();
        self.text.truncate(keep);
        self.text
    }

    /// The finished text with its lines joined by single spaces (titles, header lines).
    pub(crate) fn finish_one_line(self) -> String {
        let text = self.finish();
        if text.contains('\n') {
            text.split('\n')
                .filter(|l| !l.is_empty())
                .collect::<Vec<_>>()
                .join(" ")
        } else {
            text
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `push_text` as it was written first (`split(char::is_whitespace)`), to check the scan.
    fn push_by_split(l: &mut Lines, s: &str, in_note: bool) {
        let mut first = true;
        for word in s.split(char::is_whitespace) {
            if !first {
                l.pending_space = true;
            }
            first = false;
            if word.is_empty() {
                continue;
            }
            if l.pending_space && l.text.len() > l.line_start {
                l.text.push(' ');
            }
            l.pending_space = false;
            l.text.push_str(word);
            l.word_bytes += word.len();
            if in_note {
                l.note_bytes += word.len();
            }
        }
    }

    /// The byte scan builds what the split did, text and counts, over sequences of text nodes,
    /// line breaks and boundaries made of words, every kind of whitespace and look-alikes of it
    /// (nodes long enough for the block path).
    #[test]
    fn scanned_words_are_the_split_s() {
        let parts = [
            "Қазақстан",
            "приказ",
            "a",
            "1)",
            " ",
            "  ",
            "\t",
            "\n",
            "\r\n",
            "\u{a0}",
            "\u{85}",
            "\u{2003}",
            "\u{3000}",
            "\u{1680}",
            "\u{2028}",
            "\u{200b}",
            "\u{feff}",
            "«",
            "–",
            "№",
            "<br>",
            "<p>",
            "ё",
            "©",
            "§",
            "\u{2014}",
            "\u{2060}",
        ];
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..5_000 {
            let (mut a, mut b) = (Lines::new(), Lines::new());
            for _ in 0..(next() % 6) {
                let node: String = (0..(next() % 40))
                    .map(|_| parts[(next() % parts.len() as u64) as usize])
                    .collect();
                match node.as_str() {
                    "<br>" => {
                        a.line_break();
                        b.line_break();
                    }
                    "<p>" => {
                        a.boundary();
                        b.boundary();
                    }
                    t => {
                        let note = next() % 2 == 0;
                        a.push_text(t, note);
                        push_by_split(&mut b, t, note);
                    }
                }
                assert_eq!(
                    (&a.text, a.pending_space, a.word_bytes, a.note_bytes),
                    (&b.text, b.pending_space, b.word_bytes, b.note_bytes),
                    "{node:?}"
                );
            }
        }
    }

    fn build(parts: &[&str]) -> String {
        let mut l = Lines::new();
        for p in parts {
            match *p {
                "<br>" => l.line_break(),
                "<p>" => l.boundary(),
                t => l.push_text(t, false),
            }
        }
        l.finish()
    }

    #[test]
    fn collapses_whitespace_and_keeps_breaks() {
        let cases: &[(&[&str], &str)] = &[
            (
                &["\u{a0}\u{a0}\u{a0} 1.  Пункт\n  бірінші "],
                "1. Пункт бірінші",
            ),
            (
                &["Республикасының", "<br>", "Цифрлық"],
                "Республикасының\nЦифрлық",
            ),
            (
                &["Министр", "<br>", "<br>", "Е. Досаев"],
                "Министр\n\nЕ. Досаев",
            ),
            (&["<br>", " ", "<br>", "text", "<br>", "<br>"], "text"),
            (&["a", "<p>", "<p>", "b", "<p>"], "a\nb"),
            (&["foo", "bar"], "foobar"),
            (&["foo ", " bar"], "foo bar"),
            (&["foo", " ", "<br>", " bar"], "foo\nbar"),
            (&[" \u{a0} "], ""),
        ];
        for (parts, want) in cases {
            assert_eq!(build(parts), *want, "{parts:?}");
        }
    }

    #[test]
    fn note_share_is_counted() {
        let mut l = Lines::new();
        l.push_text("Сноска. Пункт исключен приказом", true);
        l.push_text("№ 5", false);
        assert!(l.mostly_note());
        let mut l = Lines::new();
        l.push_text("Ескерту", true);
        l.push_text("ұзын қарапайым мәтін осында", false);
        assert!(!l.mostly_note());
    }

    #[test]
    fn one_line_joins_with_spaces() {
        let mut l = Lines::new();
        l.push_text("Бірінші", false);
        l.line_break();
        l.line_break();
        l.push_text("екінші", false);
        assert_eq!(l.finish_one_line(), "Бірінші екінші");
    }
}
