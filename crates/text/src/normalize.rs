//! Normalisation of text for matching; the original text is always kept beside it.
//!
//! Acts mix scripts in ways a reader does not see: Latin `i` and `c` inside Kazakh words
//! («Мемлекеттiк», «cызба»), no-break spaces as indentation, «ёлочки», "straight" and “curly”
//! quotes, hyphens, en and em dashes used interchangeably. [`for_matching`] maps all of these to
//! one form so that patterns and comparisons see the same text whatever the source.

use unicode_normalization::UnicodeNormalization;

/// Maps a Latin look-alike letter to its Cyrillic twin (Kazakh letters included).
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

fn is_cyrillic(c: char) -> bool {
    matches!(c, '\u{0400}'..='\u{04FF}' | '\u{0500}'..='\u{052F}')
}

/// Replaces Latin look-alike letters inside words that are otherwise Cyrillic. Words that are
/// wholly Latin (URLs, «e-mail», acronyms) are left alone.
pub fn fix_lookalikes(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut word = String::new();
    let flush = |word: &mut String, out: &mut String| {
        if word.is_empty() {
            return;
        }
        let has_cyr = word.chars().any(is_cyrillic);
        let has_lat = word.chars().any(|c| c.is_ascii_alphabetic());
        if has_cyr
            && has_lat
            && word
                .chars()
                .all(|c| is_cyrillic(c) || cyrillic_twin(c).is_some() || !c.is_ascii_alphabetic())
        {
            for c in word.chars() {
                out.push(cyrillic_twin(c).unwrap_or(c));
            }
        } else {
            out.push_str(word);
        }
        word.clear();
    };
    for c in s.chars() {
        if c.is_alphabetic() {
            word.push(c);
        } else {
            flush(&mut word, &mut out);
            out.push(c);
        }
    }
    flush(&mut word, &mut out);
    out
}

/// Unifies quotes, dashes, spaces; no case change.
pub fn unify_punctuation(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut prev_space = false;
    for c in s.chars() {
        let m = match c {
            '«' | '»' | '“' | '”' | '„' | '‟' | '″' | '〝' | '〞' => '"',
            '‘' | '’' | '‚' | '‛' | '`' | '´' => '\'',
            '‐' | '‑' | '‒' | '–' | '—' | '―' | '−' => '-',
            '\u{00A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}' | '\t' => {
                ' '
            }
            '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{FEFF}' | '\u{00AD}' => continue,
            c => c,
        };
        if m == ' ' {
            if prev_space {
                continue;
            }
            prev_space = true;
        } else {
            prev_space = false;
        }
        out.push(m);
    }
    out
}

/// The matching form: NFC, look-alikes fixed, punctuation unified, lowercase, `ё`→`е`,
/// whitespace collapsed and trimmed.
pub fn for_matching(s: &str) -> String {
    let nfc: String = s.nfc().collect();
    let fixed = fix_lookalikes(&nfc);
    let unified = unify_punctuation(&fixed.replace(['\n', '\r'], " "));
    unified.trim().to_lowercase().replace('ё', "е")
}

/// The comparison key used to tell real wording changes from noise: [`for_matching`] with all
/// whitespace and Markdown emphasis removed, so glued or split words compare equal.
pub fn comparison_key(s: &str) -> String {
    for_matching(s)
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '*' && *c != '#')
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookalikes_inside_cyrillic_words() {
        assert_eq!(
            fix_lookalikes("Мемлекеттiк кәсiпорындар"),
            "Мемлекеттік кәсіпорындар"
        );
        assert_eq!(fix_lookalikes("cызба"), "сызба");
        assert_eq!(fix_lookalikes("e-mail www.egov.kz"), "e-mail www.egov.kz");
    }

    #[test]
    fn matching_form() {
        assert_eq!(
            for_matching("«Выдача\u{a0}справки» –  ЁЛКА"),
            "\"выдача справки\" - елка"
        );
        assert_eq!(comparison_key("өзге де"), comparison_key("өзгеде"));
        assert_eq!(
            comparison_key("**Мемлекеттiк**"),
            comparison_key("Мемлекеттік")
        );
    }
}
