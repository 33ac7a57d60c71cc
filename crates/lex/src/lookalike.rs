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

/// The Cyrillic twin of a Latin look-alike letter (Kazakh `і` for `i`), or `None`.
pub fn cyrillic_twin(c: char) -> Option<char> {
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
    s.bytes().any(is_twin_byte)
}

/// True for the byte of a Latin letter that has a Cyrillic twin (every twin is ASCII, and no
/// byte of a multi-byte character is ASCII).
#[inline]
pub fn is_twin_byte(b: u8) -> bool {
    cyrillic_twin(char::from(b)).is_some()
}

/// Replaces Latin look-alike letters by their Cyrillic twins inside every word (a run of letters
/// and digits) that has a Cyrillic letter. Other characters and wholly Latin words are kept.
/// The result has as many characters as `s`.
pub fn fix_lookalikes(s: &str) -> String {
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

#[cfg(test)]
mod tests {
    use super::*;

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
