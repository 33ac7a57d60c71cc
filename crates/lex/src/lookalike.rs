//! Latin look-alike letters inside Cyrillic words, the one folding every stage uses.
//!
//! Text layers and careless typing put Latin letters that look Cyrillic inside Kazakh and
//! Russian words: a Latin `i` in «Мемлекеттiк», a Latin `c` in «cәуірдегі», a whole «Cпpaвкa».
//! [`fix_lookalikes`] maps them to their Cyrillic twins inside every word that has a Cyrillic
//! letter; words without one (URLs, «e-mail», «PhD», acronyms) are left alone. The mapping is
//! one character for one character, so character offsets survive it.
//!
//! This is the light folding of mixed words. Text that is *wholly* Latin look-alike garbage
//! (wrong-language OCR: «MeMIIEKETTIK») is a different problem, solved by `tizilim-text`'s
//! repair.

use std::borrow::Cow;

/// The Cyrillic twin of a Latin look-alike letter (Kazakh `і` for `i`), or `None`.
pub const fn cyrillic_twin(c: char) -> Option<char> {
    Some(match c {
        'a' => 'а',
        'A' => 'А',
        'B' => 'В',
        'c' => 'с',
        'C' => 'С',
        'e' => 'е',
        'E' => 'Е',
        'H' => 'Н',
        'i' => 'і',
        'I' => 'І',
        'k' => 'к',
        'K' => 'К',
        'M' => 'М',
        'o' => 'о',
        'O' => 'О',
        'p' => 'р',
        'P' => 'Р',
        'T' => 'Т',
        'x' => 'х',
        'X' => 'Х',
        'y' => 'у',
        'Y' => 'У',
        _ => return None,
    })
}

/// True for a Cyrillic letter (Kazakh letters and the Cyrillic Supplement included).
#[inline]
pub fn is_cyrillic(c: char) -> bool {
    matches!(c, '\u{0400}'..='\u{052F}')
}

/// True for a character of a word: a letter or a digit (ASCII and Cyrillic on a fast path,
/// the Unicode tables otherwise).
#[inline]
pub fn is_word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || is_cyrillic(c) || (!c.is_ascii() && c.is_alphanumeric())
}

/// True when `s` has a Latin letter that [`fix_lookalikes`] could change (a fast pre-check).
pub fn has_candidates(s: &str) -> bool {
    position_marked(s.as_bytes(), &TWIN_BYTES).is_some()
}

/// The first byte of `b` that `set` (a table by byte value of ASCII letters and the ASCII marks
/// `#`, `*`, `[` only) holds. Texts are mostly Cyrillic, whose bytes are never ASCII: the scan
/// tests 32 bytes at a time with comparisons the compiler turns into vector instructions (any
/// ASCII letter or mark at all), and looks a block up byte by byte only when it has one. A
/// table look-up per byte cost a nanosecond a byte, several times over each text.
pub fn position_marked(b: &[u8], set: &[bool; 256]) -> Option<usize> {
    let mut at = 0usize;
    for block in b.chunks(32) {
        // No early exit inside the block, so that the loop vectorises.
        let any = block.iter().fold(0u8, |acc, &x| acc | may_be_marked(x));
        if any != 0 {
            if let Some(i) = block.iter().position(|&x| set[usize::from(x)]) {
                return Some(at + i);
            }
        }
        at += block.len();
    }
    None
}

/// The offsets of the bytes of `b` for which `pred` holds, in order. `pred` should be a
/// branch-free test of the byte alone (comparisons): it is run over 32 bytes at a time into a
/// bit mask, which the compiler does with vector compares, and the set bits are read off.
pub fn byte_positions<'a>(
    b: &'a [u8],
    pred: impl Fn(u8) -> bool + Copy + 'a,
) -> impl Iterator<Item = usize> + 'a {
    b.chunks(32).enumerate().flat_map(move |(k, block)| {
        let mut mask = 0u32;
        for (i, &x) in block.iter().enumerate() {
            mask |= u32::from(pred(x)) << i;
        }
        std::iter::from_fn(move || {
            (mask != 0).then(|| {
                let i = mask.trailing_zeros() as usize;
                mask &= mask - 1;
                k * 32 + i
            })
        })
    })
}

/// 1 for an ASCII letter and for `#`, `*`, `[` (a superset of the sets [`position_marked`]
/// takes), else 0; branch-free.
#[inline]
fn may_be_marked(x: u8) -> u8 {
    u8::from((x | 0x20).wrapping_sub(b'a') < 26)
        | u8::from(x == b'#')
        | u8::from(x == b'*')
        | u8::from(x == b'[')
}

/// True for the byte of a Latin letter that has a Cyrillic twin (every twin is ASCII, and no
/// byte of a multi-byte character is ASCII).
#[inline]
pub fn is_twin_byte(b: u8) -> bool {
    TWIN_BYTES[b as usize]
}

/// [`is_twin_byte`] by byte value.
pub static TWIN_BYTES: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0u8;
    while b < 128 {
        t[b as usize] = cyrillic_twin(b as char).is_some();
        b += 1;
    }
    t
};

/// Replaces Latin look-alike letters by their Cyrillic twins inside every word (a run of letters
/// and digits) that has a Cyrillic letter. Other characters and wholly Latin words are kept.
/// The result has as many characters as `s`.
pub fn fix_lookalikes(s: &str) -> String {
    fold_lookalikes(s).into_owned()
}

/// [`fix_lookalikes`] without a copy when nothing changes (no word has both a Cyrillic letter
/// and a twin): most texts a caller folds «just in case».
pub fn fold_lookalikes(s: &str) -> Cow<'_, str> {
    // Only the words around a twin letter can change: the scan jumps from one to the next, and
    // the output is made only at the first word that changes.
    let b = s.as_bytes();
    let mut out: Option<String> = None;
    // Where the last word looked at ends, and up to where `out` holds the text.
    let mut copied = 0usize;
    let mut flushed = 0usize;
    let mut from = 0usize;
    while let Some(skip) = b.get(from..).and_then(|r| position_marked(r, &TWIN_BYTES)) {
        let at = from + skip;
        // The word (a run of letters and digits) around the twin: it starts after `copied`,
        // where the last word ended at a character that is not a word character.
        let start = s[copied..at]
            .char_indices()
            .rev()
            .find(|&(_, c)| !is_word_char(c))
            .map_or(copied, |(i, c)| copied + i + c.len_utf8());
        let end = s[at..]
            .char_indices()
            .find(|&(_, c)| !is_word_char(c))
            .map_or(s.len(), |(i, _)| at + i);
        let word = &s[start..end];
        if word.chars().any(is_cyrillic) {
            let o = out.get_or_insert_with(|| String::with_capacity(s.len() + 8));
            o.push_str(&s[flushed..start]);
            o.extend(word.chars().map(|c| cyrillic_twin(c).unwrap_or(c)));
            flushed = end;
        }
        copied = end;
        from = end;
    }
    match out {
        Some(mut o) => {
            o.push_str(&s[flushed..]);
            Cow::Owned(o)
        }
        None => Cow::Borrowed(s),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    #[test]
    fn byte_positions_are_the_filtered_offsets() {
        let text = format!("{}\n«а»\"{}– \n", "ж".repeat(20), "б ".repeat(30));
        for start in 0..text.len() {
            let b = &text.as_bytes()[start..];
            let pred = |x: u8| (x == b'"') | (x == b'\n') | (x == 0xC2) | (x == 0xE2);
            let want: Vec<usize> = (0..b.len()).filter(|&i| pred(b[i])).collect();
            assert_eq!(byte_positions(b, pred).collect::<Vec<_>>(), want, "from {start}");
        }
    }

    #[test]
    fn marked_bytes_are_found_as_a_byte_scan_finds_them() {
        // The vector pre-test admits every byte of the tables it is used with.
        for x in 0..=255u8 {
            assert!(
                !TWIN_BYTES[usize::from(x)] || may_be_marked(x) != 0,
                "{x:#x}"
            );
        }
        let mut marks = TWIN_BYTES;
        marks[usize::from(b'#')] = true;
        marks[usize::from(b'*')] = true;
        marks[usize::from(b'[')] = true;
        let texts = [
            String::new(),
            "Қазақстан Республикасы".to_string(),
            format!("{}Кoдекс", "ж".repeat(40)),
            format!("{}[bookmark: z1]", "а".repeat(31)),
            format!("{} Z {}*", "б".repeat(70), "в".repeat(3)),
            "abc 123 «№ 5» – q".to_string(),
        ];
        for t in &texts {
            for start in 0..t.len().min(40) {
                let b = &t.as_bytes()[start..];
                for set in [&TWIN_BYTES, &marks] {
                    assert_eq!(
                        position_marked(b, set),
                        b.iter().position(|&x| set[usize::from(x)]),
                        "{t:?} from {start}"
                    );
                }
            }
        }
    }

    /// The character-by-character [`fix_lookalikes`] the jumping one replaced, kept to check it.
    fn fix_by_chars(s: &str) -> String {
        if !has_candidates(s) {
            return s.to_string();
        }
        let mut out = String::with_capacity(s.len() + 8);
        let mut start = None::<usize>;
        let flush = |word: &str, out: &mut String| {
            if word.chars().any(is_cyrillic) {
                out.extend(word.chars().map(|c| cyrillic_twin(c).unwrap_or(c)));
            } else {
                out.push_str(word);
            }
        };
        for (i, c) in s.char_indices() {
            if is_word_char(c) {
                start.get_or_insert(i);
            } else {
                if let Some(st) = start.take() {
                    flush(&s[st..i], &mut out);
                }
                out.push(c);
            }
        }
        if let Some(st) = start {
            flush(&s[st..], &mut out);
        }
        out
    }

    /// Strings of characters that matter to the text helpers, from a fixed pseudo-random walk.
    pub(crate) fn mixed_strings(n: usize) -> Vec<String> {
        let parts = [
            "а",
            "қ",
            "Ы",
            "i",
            "a",
            "c",
            "e",
            "o",
            "p",
            "x",
            "y",
            "H",
            "K",
            "M",
            "T",
            "B",
            "z",
            "q",
            "1",
            "0",
            " ",
            "  ",
            "\n",
            "\r\n",
            "\t",
            "\u{a0}",
            "#",
            "*",
            "**",
            "[",
            "]",
            "[bookmark: z12]",
            "«",
            "»",
            "\"",
            "-",
            ".",
            ";",
            "№",
            "–",
            "ё",
            "ұ",
            "Ә",
        ];
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        (0..n)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                let len = (state % 24) as usize;
                (0..len)
                    .map(|_| {
                        state ^= state << 13;
                        state ^= state >> 7;
                        state ^= state << 17;
                        parts[(state % parts.len() as u64) as usize]
                    })
                    .collect()
            })
            .collect()
    }

    #[test]
    fn jumping_fix_agrees_with_the_char_scan() {
        for t in mixed_strings(20_000) {
            assert_eq!(fix_lookalikes(&t), fix_by_chars(&t), "{t:?}");
        }
    }

    /// `fold_lookalikes` borrows exactly when folding changes nothing, and gives the fold.
    #[test]
    fn folding_borrows_when_nothing_changes() {
        let (mut borrowed, mut owned) = (0, 0);
        for t in mixed_strings(20_000) {
            let want = fix_by_chars(&t);
            let got = fold_lookalikes(&t);
            assert_eq!(matches!(got, Cow::Borrowed(_)), want == t, "{t:?}");
            assert_eq!(got, want, "{t:?}");
            match got {
                Cow::Borrowed(_) => borrowed += 1,
                Cow::Owned(_) => owned += 1,
            }
        }
        assert!(borrowed > 1000 && owned > 1000, "{borrowed} {owned}");
    }

    #[test]
    fn mixed_words_are_folded_in_both_languages() {
        assert_eq!(
            fix_lookalikes("Мемлекеттiк кәсiпорындар"),
            "Мемлекеттік кәсіпорындар"
        );
        assert_eq!(
            fix_lookalikes("2021 жылғы 5 cәуірдегі"),
            "2021 жылғы 5 сәуірдегі"
        );
        assert_eq!(fix_lookalikes("Cпpaвкa о нaличии"), "Справка о наличии");
        assert_eq!(fix_lookalikes("«Выдaчa»"), "«Выдача»");
    }

    #[test]
    fn latin_words_are_kept() {
        assert_eq!(fix_lookalikes("e-mail www.egov.kz"), "e-mail www.egov.kz");
        assert_eq!(fix_lookalikes("Мемлекеттiк PhD"), "Мемлекеттік PhD");
        assert_eq!(fix_lookalikes("VIP номер"), "VIP номер");
        assert_eq!(fix_lookalikes("e-Лицензия"), "e-Лицензия");
        assert_eq!(
            fix_lookalikes("вводится c 12.07.2026"),
            "вводится c 12.07.2026"
        );
    }

    #[test]
    fn character_count_is_kept() {
        for s in ["Мемлекеттiк", "aбв xyz", "", "№ 12-cы", "Qазақ"] {
            assert_eq!(fix_lookalikes(s).chars().count(), s.chars().count());
        }
    }
}
