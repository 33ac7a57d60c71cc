//! Normalisation of text for matching; the original text is always kept beside it.
//!
//! Acts mix scripts in ways a reader does not see: Latin `i` and `c` inside Kazakh words
//! («Мемлекеттiк», «cызба»), no-break spaces as indentation, «ёлочки», "straight" and “curly”
//! quotes, hyphens, en and em dashes used interchangeably. [`for_matching`] maps all of these to
//! one form so that patterns and comparisons see the same text whatever the source.

use unicode_normalization::UnicodeNormalization;

pub use tizilim_lex::lookalike::fix_lookalikes;

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
