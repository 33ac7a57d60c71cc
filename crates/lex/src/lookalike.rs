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
    crate::bytes::position_marked(s.as_bytes(), &TWIN_BYTES).is_some()
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
    while let Some(skip) = b
        .get(from..)
        .and_then(|r| crate::bytes::position_marked(r, &TWIN_BYTES))
    {
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
