//! Text helpers shared by the legal extractors: cleaning for matching, glued-word splitting,
//! quotes and parentheses, nominative forms of issuers, unit words.
//!
//! Everything here works on one string and returns new strings or byte offsets that lie on
//! character boundaries of the string it was given.

use crate::gated::Gated;
use std::sync::LazyLock;

use regex::Regex;

static BOOKMARK: LazyLock<Regex> =
    LazyLock::new(|| crate::re::new(r"\[bookmark:[^\]]*\]").expect("static regex"));

use crate::lookalike::is_cyrillic as is_cyr;

fn is_upper_cyr(c: char) -> bool {
    is_cyr(c) && c.is_uppercase()
}

fn is_lower_cyr(c: char) -> bool {
    is_cyr(c) && c.is_lowercase()
}

/// Cleans text for matching: drops `[bookmark: z12]` anchors and Markdown emphasis (`**`,
/// leading `#`, `*` at line ends), maps Latin look-alike letters inside Cyrillic words to
/// Cyrillic, and collapses every run of whitespace (no-break spaces, tabs, line breaks) to one
/// space.
pub fn clean(s: &str) -> String {
    // Most texts have no anchors, no emphasis and no look-alikes: one pass collapses their
    // whitespace. The full path runs only where a marker is present.
    if crate::bytes::position_marked(s.as_bytes(), &MAY_CHANGE).is_none() {
        return collapse_spaces(s);
    }
    let s = if s.contains("[bookmark:") {
        BOOKMARK.replace_all(s, " ")
    } else {
        std::borrow::Cow::Borrowed(s)
    };
    // Line by line, the emphasis marks off; every word then once, one space between words
    // (look-alikes are folded within words, so folding after the spaces are collapsed is the
    // same).
    let mut out = String::with_capacity(s.len());
    for line in s.lines() {
        let l = line.trim().trim_start_matches('#');
        let l = if l.contains("**") {
            std::borrow::Cow::Owned(l.replace("**", ""))
        } else {
            std::borrow::Cow::Borrowed(l)
        };
        push_words(&mut out, l.trim().trim_matches('*'));
    }
    let folded = match crate::lookalike::fold_lookalikes(&out) {
        std::borrow::Cow::Owned(f) => Some(f),
        std::borrow::Cow::Borrowed(_) => None,
    };
    folded.unwrap_or(out)
}

/// False when [`clean`]`(text)` surely has no match of `words` (a search for a pattern of
/// letters only: no spaces, anchors or word boundaries): `text` has no match itself and nothing
/// that cleaning changes inside a word (anchors, emphasis marks, Latin look-alike letters);
/// cleaning changes nothing else but whitespace. A cheap test before cleaning text that mostly
/// has none.
pub fn clean_may_match(text: &str, words: impl Fn(&str) -> bool) -> bool {
    crate::bytes::position_marked(text.as_bytes(), &MAY_CHANGE).is_some() || words(text)
}

/// The bytes after which [`clean`] may change more than whitespace: an anchor's `[`, an
/// emphasis mark, a Latin look-alike letter.
static MAY_CHANGE: [bool; 256] = {
    let mut t = crate::lookalike::TWIN_BYTES;
    t[b'#' as usize] = true;
    t[b'*' as usize] = true;
    t[b'[' as usize] = true;
    t
};

/// Every run of whitespace as one space, none at the ends.
fn collapse_spaces(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    push_words(&mut out, s);
    out
}

/// Appends the words of `s` (the runs between whitespace, as `char::is_whitespace` has it) to
/// `out`, a space before each when `out` is not empty, a stretch of them at a time
/// ([`word_stretches`]).
fn push_words(out: &mut String, s: &str) {
    for r in word_stretches(s) {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&s[r]);
    }
}

/// The stretches of `s`, in order, as byte ranges: its words (the runs between whitespace, as
/// `char::is_whitespace` has it) with the single ASCII spaces that stand between some of them,
/// each stretch as long as that goes on; whitespace of any other kind or length separates two
/// stretches. A byte scan: `split_whitespace` decodes every character and looks most of them up
/// in the Unicode tables, where only the ASCII spaces and characters led by 0xC2, 0xE1, 0xE2 or
/// 0xE3 can be whitespace, and a block of 32 bytes with no whitespace but single spaces before a
/// non-space is passed whole ([`plain_block`]). What collapsing whitespace copies (`clean`, the
/// HTML reader's lines) is the stretches, a space between each two.
pub fn word_stretches(s: &str) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
    let b = s.as_bytes();
    let mut i = 0usize;
    std::iter::from_fn(move || {
        // Whitespace before the stretch.
        while let Some(len) = space_at(s, i) {
            i += len;
        }
        if i >= b.len() {
            return None;
        }
        let start = i;
        loop {
            // Inside the stretch, blocks of 32 bytes with no whitespace but single ASCII
            // spaces before a non-space stay in it whole.
            if i > start {
                while let (Some(block), Some(next), Some(next2)) =
                    (b.get(i..i + 32), b.get(i + 1..i + 33), b.get(i + 2..i + 34))
                {
                    if !plain_block(block, next, next2) {
                        break;
                    }
                    i += 32;
                }
            }
            while i < b.len() && !(MAY_BE_SPACE[usize::from(b[i])] && space_at(s, i).is_some()) {
                i += 1;
            }
            // One ASCII space between two words stays in the stretch.
            if i + 1 < b.len() && b[i] == b' ' && space_at(s, i + 1).is_none() {
                i += 1;
                continue;
            }
            return Some(start..i);
        }
    })
}

/// True when no byte of `block` starts whitespace other than an ASCII space whose next
/// character is no whitespace (`next`, `next2`: the block one and two bytes on). The whitespace
/// of `char::is_whitespace` past ASCII is U+0085 and U+00A0 (0xC2 0x85, 0xC2 0xA0), U+1680
/// (lead 0xE1), U+2000–U+200A, U+2028, U+2029, U+202F (0xE2 0x80 …), U+205F (0xE2 0x81 0x9F)
/// and U+3000 (lead 0xE3); any character led by 0xE1 or 0xE3, and after a space any led by
/// 0xE2, is taken for one. Comparisons only, which the compiler vectorises.
fn plain_block(block: &[u8], next: &[u8], next2: &[u8]) -> bool {
    let mut bad = 0u8;
    for ((&x, &n), &n2) in block.iter().zip(next).zip(next2) {
        let ascii_space = |c: u8| (c == b' ') | (c.wrapping_sub(b'\t') <= b'\r' - b'\t');
        let latin1_space = |c: u8, d: u8| (c == 0xC2) & ((d == 0xA0) | (d == 0x85));
        let wide = |c: u8| (c == 0xE1) | (c == 0xE3);
        let general = (x == 0xE2)
            & (((n == 0x80)
                & ((n2.wrapping_sub(0x80) <= 0x0A) | (n2 == 0xA8) | (n2 == 0xA9) | (n2 == 0xAF)))
                | ((n == 0x81) & (n2 == 0x9F)));
        let not_single =
            (x == b' ') & (ascii_space(n) | latin1_space(n, n2) | wide(n) | (n == 0xE2));
        let other = (x != b' ') & ascii_space(x);
        bad |= u8::from(other | latin1_space(x, n) | wide(x) | general | not_single);
    }
    bad == 0
}

/// Bytes a whitespace character can start with: the ASCII spaces, and the lead bytes of U+0085,
/// U+00A0 (0xC2), U+1680 (0xE1), U+2000–U+205F (0xE2) and U+3000 (0xE3).
static MAY_BE_SPACE: [bool; 256] = {
    let mut t = [false; 256];
    let mut i = 0;
    while i < 256 {
        t[i] = matches!(i as u8, b' ' | b'\t'..=b'\r' | 0xC2 | 0xE1 | 0xE2 | 0xE3);
        i += 1;
    }
    t
};

/// The length of the whitespace character (`char::is_whitespace`) at byte `i` of `s`, if one
/// stands there. Decodes a character only at the few bytes that may start one.
#[inline]
fn space_at(s: &str, i: usize) -> Option<usize> {
    match s.as_bytes().get(i)? {
        b' ' | b'\t'..=b'\r' => Some(1),
        0xC2 | 0xE1 | 0xE2 | 0xE3 => {
            let c = s.get(i..)?.chars().next()?;
            c.is_whitespace().then(|| c.len_utf8())
        }
        _ => None,
    }
}

/// Splits words that a careless export glued together where the page had a line break
/// («РеспубликасыныңЦифрлық», «министрінің2021», «ақпандағы№», «инновацияларжәне»,
/// «өнеркәсібіминистрінің», «бұйрығынақосымша»). Only the patterns of the language are used: a
/// capital after lower-case letters, a digit or «№» after a letter, and a few function words
/// («және», «министр», «қосымша», «бекітілген») stuck to a neighbour.
pub fn deglue(s: &str) -> String {
    // Character-level splits.
    let chars: Vec<char> = s.chars().collect();
    let mut step1 = String::with_capacity(s.len() + 16);
    for (i, &c) in chars.iter().enumerate() {
        if i > 0 {
            let p = chars[i - 1];
            let pp = if i > 1 { chars[i - 2] } else { ' ' };
            let split = (is_upper_cyr(c) && is_lower_cyr(p) && is_lower_cyr(pp))
                || (c.is_ascii_digit() && is_lower_cyr(p))
                || (c == '№' && (is_cyr(p) || p.is_ascii_digit()));
            if split {
                step1.push(' ');
            }
        }
        step1.push(c);
    }
    // Word-level splits on function words.
    const TAILS: [&str; 5] = ["қосымша", "бекітілген", "бекітілді", "бекітілсін", "және"];
    let mut out = Vec::new();
    for word in step1.split_whitespace() {
        let mut w = word.to_string();
        let mut pieces = Vec::new();
        // «жәнеаэроғарыш» → «және аэроғарыш».
        if let Some(rest) = w.strip_prefix("және") {
            if rest.chars().count() >= 3 && rest.chars().all(is_lower_cyr) {
                pieces.push("және".to_string());
                w = rest.to_string();
            }
        }
        // «өнеркәсібіминистрінің» → «өнеркәсібі министрінің».
        if let Some(pos) = w.find("министр") {
            let head = &w[..pos];
            if head.chars().count() >= 3 && head.chars().all(is_lower_cyr) {
                pieces.push(head.to_string());
                w = w[pos..].to_string();
            }
        }
        let mut tail = None;
        for t in TAILS {
            if let Some(head) = w.strip_suffix(t) {
                if head.chars().count() >= 3 && head.chars().all(is_cyr) {
                    tail = Some((head.to_string(), t.to_string()));
                    break;
                }
            }
        }
        match tail {
            Some((h, t)) => {
                pieces.push(h);
                pieces.push(t);
            }
            None => pieces.push(w),
        }
        out.extend(pieces);
    }
    out.join(" ")
}

/// True for the quote characters acts use.
pub fn is_quote(c: char) -> bool {
    matches!(c, '"' | '«' | '»' | '“' | '”' | '„')
}

/// A quoted stretch: byte offsets of the opening quote and just past the closing one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuoteSpan {
    /// Offset of the opening quote.
    pub open: usize,
    /// Offset just past the closing quote.
    pub close: usize,
    /// Nesting depth (0 = outermost).
    pub depth: usize,
}

impl QuoteSpan {
    /// The text between the quotes.
    pub fn inner<'a>(&self, s: &'a str) -> &'a str {
        let start = self.open + s[self.open..].chars().next().map_or(0, char::len_utf8);
        let end = self.close.saturating_sub(
            s[..self.close]
                .chars()
                .next_back()
                .map_or(0, char::len_utf8),
        );
        s.get(start..end.max(start)).unwrap_or("")
    }
}

/// A line that is an amending instruction, not new text: it ends with the operation's verb
/// («... алып тасталсын;», «... исключить.») or names the next place («... деген бөлімде:»,
/// «в разделе «...»:»).
static INSTRUCTION_LINE: LazyLock<Gated> = LazyLock::new(|| {
    Gated::new(&format!(
        r"(?i)(?:{})(?:\s+\S+){{0,2}}\s*[:;.]?$|(?:деген|в\s+разделе|в\s+строке|в\s+графе)\b.*:$|^реттік\s+нөмірі|^строк\w*,?\s+порядков",
        crate::units::AMEND_VERBS
    ))
    .expect("static regex")
});

/// Closes at `close` every quote still open that was opened on the current line.
fn close_line_quotes(
    stack: &mut Vec<usize>,
    out: &mut Vec<QuoteSpan>,
    line_start: usize,
    close: usize,
) {
    while let Some(&o) = stack.last() {
        if o < line_start {
            break;
        }
        stack.pop();
        out.push(QuoteSpan {
            open: o,
            close,
            depth: stack.len(),
        });
    }
}

/// Finds the quoted stretches of `s`. Guillemets nest unambiguously; a straight `"` opens when
/// it follows a space, a bracket or the start and precedes a non-space, and closes otherwise.
pub fn quote_spans(s: &str) -> Vec<QuoteSpan> {
    // Only line breaks and quotes change anything: the scan stops at bytes that can start one
    // (every quote character starts with `"`, 0xC2 or 0xE2, which are always lead bytes; other
    // characters with those lead bytes are passed over).
    let stops = crate::bytes::byte_positions(s.as_bytes(), |b| {
        (b == b'"') | (b == b'\n') | (b == 0xC2) | (b == 0xE2)
    });
    quote_spans_at(s, stops)
}

/// [`quote_spans`] reading the characters that start at `stops` (ascending byte offsets of
/// character starts, every line break and quote among them); the others are passed over.
fn quote_spans_at(s: &str, stops: impl Iterator<Item = usize>) -> Vec<QuoteSpan> {
    let mut out = Vec::new();
    let mut stack: Vec<usize> = Vec::new();
    let mut line_start = 0usize;
    for i in stops {
        let Some(c) = s.get(i..).and_then(|r| r.chars().next()) else {
            continue;
        };
        if c != '\n' && !is_quote(c) {
            continue;
        }
        let prev = s.get(..i).and_then(|h| h.chars().next_back());
        let next = s.get(i + c.len_utf8()..).and_then(|r| r.chars().next());
        if c == '\n' {
            // A new-text line the source left open («222-39-7. «...» АҚ;») when the next line
            // is an instruction again: the quote ends with its line.
            if stack.last().is_some_and(|&o| o >= line_start) {
                let next_line = s
                    .get(i + 1..)
                    .unwrap_or("")
                    .split('\n')
                    .next()
                    .unwrap_or("");
                if INSTRUCTION_LINE.is_match(next_line.trim()) {
                    close_line_quotes(&mut stack, &mut out, line_start, i);
                }
            }
            line_start = i + 1;
        }
        if is_quote(c) {
            let opening = match c {
                '«' | '„' => true,
                '»' => false,
                _ => {
                    let prev_ok = prev.is_none_or(|p| {
                        p.is_whitespace() || matches!(p, '(' | '[' | '«' | '„' | '-' | '–' | ':')
                    });
                    let next_ok = next
                        .is_some_and(|n| !n.is_whitespace() && !matches!(n, ')' | ',' | ';' | '.'));
                    prev_ok && next_ok
                }
            };
            if opening {
                if stack.len() < 16 {
                    stack.push(i);
                }
            } else if let Some(open) = stack.pop() {
                let close = i + c.len_utf8();
                out.push(QuoteSpan {
                    open,
                    close,
                    depth: stack.len(),
                });
                // «1. «Шаруашылық ...» деген бөлімде:», «в разделе «1. «...»:»: a name in quotes
                // ends where its closing quote meets «деген» or the line's final colon; quotes the
                // source left open on the same line close there too.
                let rest = s.get(close..).unwrap_or("");
                let line_rest = rest.split('\n').next().unwrap_or("").trim();
                let named = rest.trim_start().starts_with("деген") || line_rest == ":";
                if named {
                    close_line_quotes(&mut stack, &mut out, line_start, close);
                }
            }
        }
    }
    out.sort_by_key(|q| q.open);
    out
}

/// The quoted stretch that opens at `pos` (after optional spaces).
pub fn quote_at(s: &str, spans: &[QuoteSpan], pos: usize) -> Option<QuoteSpan> {
    let rest = s.get(pos..)?;
    let skip = rest.len() - rest.trim_start().len();
    spans.iter().copied().find(|q| q.open == pos + skip)
}

/// The quoted stretch that closes just before `pos` (before optional spaces).
pub fn quote_before(s: &str, spans: &[QuoteSpan], pos: usize) -> Option<QuoteSpan> {
    let head = s.get(..pos)?;
    let end = head.trim_end().len();
    spans.iter().copied().find(|q| q.close == end)
}

/// The balanced parenthesis that opens at `pos` (after optional spaces): offsets of `(` and
/// just past `)`. Unbalanced: up to the end of the text.
pub fn paren_at(s: &str, pos: usize) -> Option<(usize, usize)> {
    let rest = s.get(pos..)?;
    let skip = rest.len() - rest.trim_start().len();
    let open = pos + skip;
    if !s.get(open..)?.starts_with('(') {
        return None;
    }
    let mut depth = 0usize;
    for (i, c) in s.get(open..)?.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return Some((open, open + i + 1));
                }
            }
            _ => {}
        }
    }
    Some((open, s.len()))
}

/// The balanced parenthesis that closes just before `pos` (before optional spaces).
pub fn paren_before(s: &str, pos: usize) -> Option<(usize, usize)> {
    let head = s.get(..pos)?;
    let end = head.trim_end().len();
    if !head.get(..end)?.ends_with(')') {
        return None;
    }
    let mut depth = 0usize;
    for (i, c) in head.get(..end)?.char_indices().rev() {
        match c {
            ')' => depth += 1,
            '(' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return Some((i, end));
                }
            }
            _ => {}
        }
    }
    None
}

/// The largest char boundary ≤ `i`.
pub fn floor_boundary(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// The smallest char boundary ≥ `i`.
pub fn ceil_boundary(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while i < s.len() && !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

fn replace_suffix(w: &str, suf: &str, new: &str) -> Option<String> {
    w.strip_suffix(suf).map(|h| format!("{h}{new}"))
}

/// The nominative of one Russian word in the genitive («Министра» → «Министр», «Правительства»
/// → «Правительство», «Председателя» → «Председатель», «исполняющего» → «исполняющий»).
pub fn nominative_ru_word(w: &str) -> String {
    // Adjectives: a stressed ending gives «-ой» («областного» → «областной», «городского» →
    // «городской»), a velar before the ending «-ий» («Карагандинского» → «Карагандинский»).
    let lw = w.to_lowercase();
    if let Some(stem) = w.strip_suffix("ого") {
        if ["областн", "городск", "окружн", "краев"]
            .iter()
            .any(|p| lw.starts_with(p))
        {
            return format!("{stem}ой");
        }
        if stem.ends_with(['к', 'г', 'х', 'ж', 'ш', 'ч', 'щ']) {
            return format!("{stem}ий");
        }
    }
    let rules: [(&str, &str); 14] = [
        ("ства", "ство"),
        ("ения", "ение"),
        ("ания", "ание"),
        ("теля", "тель"),
        ("ии", "ия"),
        ("ого", "ый"),
        ("его", "ий"),
        ("ы", "а"),
        ("ра", "р"),
        ("та", "т"),
        ("ка", "к"),
        ("ма", "м"),
        ("да", "д"),
        ("на", "н"),
    ];
    for (suf, new) in rules {
        if w.chars().count() > suf.chars().count() + 2 {
            if let Some(r) = replace_suffix(w, suf, new) {
                return r;
            }
        }
    }
    w.to_string()
}

/// The nominative of a Russian issuer phrase in the genitive: the head word, any adjectives
/// before it, and the head word after a dash («Заместителя Премьер-Министра – Министра ...» →
/// «Заместитель Премьер-Министра – Министр ...»). The dependent words stay as written.
pub fn nominative_ru(phrase: &str) -> String {
    let words: Vec<&str> = phrase.split(' ').collect();
    let mut out: Vec<String> = Vec::with_capacity(words.len());
    let mut head_pending = true;
    for w in words {
        if matches!(w, "–" | "-" | "—") {
            head_pending = true;
            out.push(w.to_string());
            continue;
        }
        if head_pending && !w.is_empty() {
            let n = nominative_ru_word(w);
            // Adjectives (-ого/-его) keep the head pending.
            let lw = w.to_lowercase();
            if !(lw.ends_with("ого") || lw.ends_with("его")) {
                head_pending = false;
            }
            out.push(n);
        } else {
            out.push(w.to_string());
        }
    }
    out.join(" ")
}

/// The nominative of a Kazakh issuer phrase in the genitive: the last word loses its genitive
/// ending («... министрінің» → «... министрі», «Үкіметінің» → «Үкіметі»).
pub fn nominative_kk(phrase: &str) -> String {
    let phrase = phrase.trim();
    let (head, last) = match phrase.rfind(' ') {
        Some(i) => (&phrase[..=i], &phrase[i + 1..]),
        None => ("", phrase),
    };
    for suf in ["ның", "нің", "тың", "тің", "дың", "дің"] {
        if let Some(stem) = last.strip_suffix(suf) {
            if stem.chars().count() >= 2 {
                return format!("{head}{stem}");
            }
        }
    }
    phrase.to_string()
}

/// True when the Kazakh word is in the genitive.
pub fn is_kk_genitive(w: &str) -> bool {
    ["ның", "нің", "тың", "тің", "дың", "дің"]
        .iter()
        .any(|s| w.ends_with(s) && w.chars().count() > 4)
}

/// A Russian ordinal number written in words, at the start of `words`: «пятьдесят четвертый» →
/// (54, 2), «сто тридцать восьмым» → (138, 3), «второй» → (2, 1). Returns the number and how many
/// words it took.
pub fn ru_ordinal_phrase(words: &[&str]) -> Option<(u32, usize)> {
    const HUNDREDS: [(&str, u32); 9] = [
        ("сто", 100),
        ("двести", 200),
        ("триста", 300),
        ("четыреста", 400),
        ("пятьсот", 500),
        ("шестьсот", 600),
        ("семьсот", 700),
        ("восемьсот", 800),
        ("девятьсот", 900),
    ];
    const TENS: [(&str, u32); 8] = [
        ("двадцать", 20),
        ("тридцать", 30),
        ("сорок", 40),
        ("пятьдесят", 50),
        ("шестьдесят", 60),
        ("семьдесят", 70),
        ("восемьдесят", 80),
        ("девяносто", 90),
    ];
    // Longer stems first: «пятнадцат» and «пятидесят» before «пят».
    const ORD: [(&str, u32); 28] = [
        ("одиннадцат", 11),
        ("двенадцат", 12),
        ("тринадцат", 13),
        ("четырнадцат", 14),
        ("пятнадцат", 15),
        ("шестнадцат", 16),
        ("семнадцат", 17),
        ("восемнадцат", 18),
        ("девятнадцат", 19),
        ("двадцат", 20),
        ("тридцат", 30),
        ("сороков", 40),
        ("пятидесят", 50),
        ("шестидесят", 60),
        ("семидесят", 70),
        ("восьмидесят", 80),
        ("девяност", 90),
        ("сот", 100),
        ("десят", 10),
        ("перв", 1),
        ("втор", 2),
        ("трет", 3),
        ("четверт", 4),
        ("пят", 5),
        ("шест", 6),
        ("седьм", 7),
        ("восьм", 8),
        ("девят", 9),
    ];
    let mut sum = 0u32;
    for (i, w) in words.iter().enumerate().take(4) {
        let w = w.trim_matches(|c: char| !c.is_alphabetic()).to_lowercase();
        if let Some((_, v)) = HUNDREDS.iter().chain(TENS.iter()).find(|(s, _)| w == *s) {
            sum += v;
            continue;
        }
        return ORD
            .iter()
            .find(|(s, _)| w.starts_with(s))
            .map(|(_, v)| (sum + v, i + 1));
    }
    None
}

/// A Kazakh ordinal number written in words, at the start of `words`: «елу төртінші» → (54, 2),
/// «жүз отыз сегізінші» → (138, 3), «екінші» → (2, 1).
pub fn kk_ordinal_phrase(words: &[&str]) -> Option<(u32, usize)> {
    const CARD: [(&str, u32); 19] = [
        ("бір", 1),
        ("екі", 2),
        ("үш", 3),
        ("төрт", 4),
        ("бес", 5),
        ("алты", 6),
        ("жеті", 7),
        ("сегіз", 8),
        ("тоғыз", 9),
        ("он", 10),
        ("жиырма", 20),
        ("отыз", 30),
        ("қырық", 40),
        ("елу", 50),
        ("алпыс", 60),
        ("жетпіс", 70),
        ("сексен", 80),
        ("тоқсан", 90),
        ("жүз", 100),
    ];
    const ORD: [(&str, u32); 19] = [
        ("бірінші", 1),
        ("екінші", 2),
        ("үшінші", 3),
        ("төртінші", 4),
        ("бесінші", 5),
        ("алтыншы", 6),
        ("жетінші", 7),
        ("сегізінші", 8),
        ("тоғызыншы", 9),
        ("оныншы", 10),
        ("жиырмасыншы", 20),
        ("отызыншы", 30),
        ("қырқыншы", 40),
        ("елуінші", 50),
        ("алпысыншы", 60),
        ("жетпісінші", 70),
        ("сексенінші", 80),
        ("тоқсаныншы", 90),
        ("жүзінші", 100),
    ];
    let mut sum = 0u32;
    let mut pending_mult = 0u32;
    for (i, w) in words.iter().enumerate().take(5) {
        let w = w.trim_matches(|c: char| !c.is_alphabetic()).to_lowercase();
        if let Some((_, v)) = ORD.iter().find(|(s, _)| w.starts_with(s)) {
            return Some((sum + pending_mult + v, i + 1));
        }
        match CARD.iter().find(|(s, _)| w == *s) {
            // «екі жүз» = 200: a digit before «жүз» multiplies it.
            Some((_, 100)) => {
                sum += pending_mult.max(1) * 100;
                pending_mult = 0;
            }
            Some((_, v)) if *v < 10 => pending_mult = *v,
            Some((_, v)) => {
                sum += pending_mult + v;
                pending_mult = 0;
            }
            None => return None,
        }
    }
    None
}

/// Russian ordinal words (абзац второй) to numbers, masculine and feminine, nominative and
/// genitive.
pub fn ru_ordinal(w: &str) -> Option<u32> {
    const ORD: [&str; 10] = [
        "перв",
        "втор",
        "трет",
        "четвер",
        "пят",
        "шест",
        "седьм",
        "восьм",
        "девят",
        "десят",
    ];
    let w = w.to_lowercase();
    ORD.iter()
        .position(|o| w.starts_with(o))
        .and_then(|i| u32::try_from(i + 1).ok())
}

/// Kazakh ordinal words (екінші абзацы) to numbers.
pub fn kk_ordinal(w: &str) -> Option<u32> {
    const ORD: [&str; 10] = [
        "бірінші",
        "екінші",
        "үшінші",
        "төртінші",
        "бесінші",
        "алтыншы",
        "жетінші",
        "сегізінші",
        "тоғызыншы",
        "оныншы",
    ];
    let w = w.to_lowercase();
    ORD.iter()
        .position(|o| w.starts_with(o))
        .and_then(|i| u32::try_from(i + 1).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quote_spans_stopping_at_quote_bytes_misses_nothing() {
        let mut texts: Vec<String> = [
            "«Выдача справки» и \"ещё\" „одна“ “и” ”эта”",
            "1. «Шаруашылық» деген бөлімде:\n222-39-7. «Жаңа» АҚ;\nалып тасталсын;",
            "в разделе «1. «Общие положения»:\nстроку «x» исключить.",
            "\"\" \" \"a\" (\"b\") [\"c\"] -\"d\" –\"e\" :\"f\"",
            "«« »» « « текст без закрытия",
            "Ы л ё № – — … ™ «Ы» «л» ƒ",
            "",
        ]
        .iter()
        .map(ToString::to_string)
        .collect();
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/html");
        if let Ok(entries) = std::fs::read_dir(dir) {
            for e in entries.flatten() {
                if let Ok(t) = std::fs::read_to_string(e.path()) {
                    texts.push(t);
                }
            }
        }
        for t in &texts {
            // The stops may be every character: skipping the others changes nothing.
            let every_char = quote_spans_at(t, t.char_indices().map(|(i, _)| i));
            assert_eq!(
                quote_spans(t),
                every_char,
                "{}",
                t.chars().take(80).collect::<String>()
            );
        }
    }

    /// [`push_words`] without its block fast path, kept to check it.
    fn push_words_by_bytes(out: &mut String, s: &str) {
        let b = s.as_bytes();
        // Text is copied in stretches: a single space between two words stays inside a stretch.
        let mut stretch: Option<usize> = None;
        let open = |at: usize, stretch: &mut Option<usize>, out: &mut String| {
            if stretch.is_none() {
                if !out.is_empty() {
                    out.push(' ');
                }
                *stretch = Some(at);
            }
        };
        let mut i = 0usize;
        while i < b.len() {
            let run = i;
            while i < b.len() && !MAY_BE_SPACE[usize::from(b[i])] {
                i += 1;
            }
            if i > run {
                open(run, &mut stretch, out);
            }
            if i >= b.len() {
                break;
            }
            match space_at(s, i) {
                None => {
                    open(i, &mut stretch, out);
                    i += 1;
                }
                Some(len) => {
                    let single = b[i] == b' '
                        && stretch.is_some()
                        && i + 1 < b.len()
                        && space_at(s, i + 1).is_none();
                    if single {
                        i += 1;
                        continue;
                    }
                    if let Some(start) = stretch.take() {
                        out.push_str(&s[start..i]);
                    }
                    i += len;
                }
            }
        }
        if let Some(start) = stretch {
            out.push_str(&s[start..]);
        }
    }

    #[test]
    fn push_words_is_the_byte_by_byte_version() {
        let pieces = [
            "а", "бв", " ", "  ", "\n", "\t", "\u{a0}", "\u{85}", "\u{2003}", "\u{202f}",
            "\u{205f}", "\u{3000}", "\u{1680}", "«", "»", "–", "“", "x", "ж", "\u{2028}", "\r\n",
            "€", "ᐁ", "\u{2060}",
        ];
        // Each piece at every place of a 32-byte block, after and before words and spaces.
        let mut n = 0;
        for p in pieces {
            for q in pieces {
                for k in 0..36 {
                    let t = format!(
                        "{}{p}{q}{}",
                        "ы".repeat(k / 2) + &" ".repeat(k % 2),
                        "я ц".repeat(14)
                    );
                    for prefix in ["", "х"] {
                        let (mut a, mut b) = (prefix.to_string(), prefix.to_string());
                        push_words(&mut a, &t);
                        push_words_by_bytes(&mut b, &t);
                        assert_eq!(a, b, "{t:?} after {prefix:?}");
                        n += 1;
                    }
                }
            }
        }
        assert!(n > 30_000, "{n}");
    }

    /// The [`clean`] the one-pass version replaced, kept to check it.
    fn clean_by_lines(s: &str) -> String {
        // Most texts have no anchors, no emphasis and no look-alikes: one pass collapses their
        // whitespace. The full path runs only where a marker is present.
        let marked = |b: u8| matches!(b, b'#' | b'*' | b'[') || crate::lookalike::is_twin_byte(b);
        let plain = !s.bytes().any(marked)
            || !s.contains("[bookmark:")
                && !s.bytes().any(|b| b == b'#' || b == b'*')
                && !crate::lookalike::has_candidates(s);
        if plain {
            return collapse_spaces(s);
        }
        let s = if s.contains("[bookmark:") {
            BOOKMARK.replace_all(s, " ")
        } else {
            std::borrow::Cow::Borrowed(s)
        };
        let mut lines = Vec::new();
        for line in s.lines() {
            let l = line.trim();
            let l = l.trim_start_matches('#');
            let l = l.replace("**", "");
            let l = l.trim().trim_matches('*');
            lines.push(l.to_string());
        }
        let joined = lines.join(" ");
        // Fold look-alikes inside Cyrillic words, then one space between words.
        collapse_spaces(&crate::lookalike::fix_lookalikes(&joined))
    }

    #[test]
    fn one_pass_clean_agrees_with_the_line_join() {
        for t in crate::lookalike::tests::mixed_strings(20_000) {
            assert_eq!(clean(&t), clean_by_lines(&t), "{t:?}");
        }
    }

    #[test]
    fn byte_scan_collapse_agrees_with_split_whitespace() {
        let slow = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
        for s in [
            "",
            " ",
            "Қағидалар бекітілсін",
            "Қағидалар  бекітілсін",
            " Правила",
            "Правила ",
            "«Правила» № 12 – 2020",
            "одна\nдве",
            "одна\tдве",
            "одна\u{a0}две",
            "одна\u{2009}две",
            "одна\u{202f}две",
            "одна\u{3000}две",
            "одна\u{1680}две",
            "одна\u{85}две",
            "строка\u{2028}строка",
            "тире — и «кавычки» № …",
        ] {
            assert_eq!(collapse_spaces(s), slow(s), "{s:?}");
        }
        for s in crate::lookalike::tests::mixed_strings(20_000) {
            assert_eq!(collapse_spaces(&s), slow(&s), "{s:?}");
        }
        // Every whitespace character there is, and its neighbours.
        let all: String = (0..0x3100u32)
            .filter_map(char::from_u32)
            .flat_map(|c| [c, 'ж'])
            .collect();
        assert_eq!(collapse_spaces(&all), slow(&all));
    }

    #[test]
    fn issuer_adjectives_in_the_nominative() {
        assert_eq!(
            nominative_ru("Карагандинского областного маслихата"),
            "Карагандинский областной маслихат"
        );
        assert_eq!(
            nominative_ru("Павлодарского областного маслихата"),
            "Павлодарский областной маслихат"
        );
        assert_eq!(nominative_ru("городского маслихата"), "городской маслихат");
        assert_eq!(
            nominative_ru("Министра юстиции Республики Казахстан"),
            "Министр юстиции Республики Казахстан"
        );
        assert_eq!(
            nominative_ru("исполняющего обязанности"),
            "исполняющий обязанности"
        );
    }

    #[test]
    fn clean_and_deglue() {
        assert_eq!(
            clean("**Приказ**  \n от\u{a0}4 [bookmark: z3] декабря"),
            "Приказ от 4 декабря"
        );
        assert_eq!(clean("мемлекеттiк cәуір"), "мемлекеттік сәуір");
        assert_eq!(
            deglue("Қазақстан РеспубликасыныңЦифрлық даму, инновацияларжәне аэроғарыш өнеркәсібіминистрінің2021 жылғы 16 ақпандағы№ 41/НҚ бұйрығынақосымша"),
            "Қазақстан Республикасының Цифрлық даму, инновациялар және аэроғарыш өнеркәсібі министрінің 2021 жылғы 16 ақпандағы № 41/НҚ бұйрығына қосымша"
        );
        assert_eq!(
            deglue("жәнеаэроғарыш вице-министрі № 41/НҚ"),
            "және аэроғарыш вице-министрі № 41/НҚ"
        );
    }

    #[test]
    fn quotes_left_open_before_a_name_construction() {
        // kk: the outer quote of «1. «...» деген бөлімде» was never closed in the source.
        let s = "«1. «Шаруашылық жүргізу» деген бөлімде:\nреттік нөмірі 13-жол алып тасталсын;\n«13. Жаңа жол»;";
        let spans = quote_spans(s);
        let outer: Vec<&QuoteSpan> = spans.iter().filter(|q| q.depth == 0).collect();
        let cut = s.find("реттік").unwrap();
        assert!(
            outer.iter().all(|q| q.close <= cut || q.open > cut),
            "{spans:?}"
        );
        // ru: «в разделе «1. «Министерство»:» with the outer quote missing.
        let s = "в разделе «1. «Министерство»:\nстроку 5 исключить;\n«5. Отдел»;";
        let cut = s.find("строку").unwrap();
        assert!(quote_spans(s)
            .iter()
            .filter(|q| q.depth == 0)
            .all(|q| q.close <= cut || q.open > cut));
        // Balanced quotes across lines stay one span.
        let s = "изложить в следующей редакции:\n«5. Услугодатель обеспечивает:\n1) прием;\n2) выдачу.»;";
        let spans = quote_spans(s);
        assert_eq!(spans.iter().filter(|q| q.depth == 0).count(), 1);
    }

    #[test]
    fn quotes() {
        let s = r#"приказ № 97 "Об утверждении "Правил" ведения" (под № 1) и «а «б» в»"#;
        let q = quote_spans(s);
        let outer: Vec<&str> = q
            .iter()
            .filter(|q| q.depth == 0)
            .map(|q| q.inner(s))
            .collect();
        assert_eq!(outer, vec![r#"Об утверждении "Правил" ведения"#, "а «б» в"]);
    }

    #[test]
    fn ordinals_in_words() {
        let ru = |s: &str| ru_ordinal_phrase(&s.split(' ').collect::<Vec<_>>());
        assert_eq!(ru("пятьдесят четвертый,"), Some((54, 2)));
        assert_eq!(ru("сто тридцать восьмым"), Some((138, 3)));
        assert_eq!(ru("второй абзац"), Some((2, 1)));
        assert_eq!(ru("пятнадцатый"), Some((15, 1)));
        assert_eq!(ru("сто сороковым"), Some((140, 2)));
        assert_eq!(ru("абзац"), None);
        let kk = |s: &str| kk_ordinal_phrase(&s.split(' ').collect::<Vec<_>>());
        assert_eq!(kk("елу төртінші"), Some((54, 2)));
        assert_eq!(kk("жүз отыз сегізінші"), Some((138, 3)));
        assert_eq!(kk("екінші азат жол"), Some((2, 1)));
        assert_eq!(kk("он бірінші"), Some((11, 2)));
        assert_eq!(kk("екі жүз бесінші"), Some((205, 3)));
        assert_eq!(kk("азат жол"), None);
    }

    #[test]
    fn nominatives() {
        assert_eq!(
            nominative_ru("Заместителя Премьер-Министра – Министра искусственного интеллекта и цифрового развития Республики Казахстан"),
            "Заместитель Премьер-Министра – Министр искусственного интеллекта и цифрового развития Республики Казахстан"
        );
        assert_eq!(
            nominative_ru("Правительства Республики Казахстан"),
            "Правительство Республики Казахстан"
        );
        assert_eq!(nominative_ru("Министр финансов"), "Министр финансов");
        assert_eq!(
            nominative_kk("Қазақстан Республикасы Ұлттық экономика министрінің"),
            "Қазақстан Республикасы Ұлттық экономика министрі"
        );
        assert_eq!(
            nominative_kk("Қазақстан Республикасы Үкіметінің"),
            "Қазақстан Республикасы Үкіметі"
        );
    }
}
