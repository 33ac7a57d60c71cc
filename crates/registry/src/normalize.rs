//! Normalisation of service names for matching, in both languages.
//!
//! [`normalize`] gives a comparable string: NFC, Latin look-alike letters inside Cyrillic words
//! mapped to Cyrillic (`i→і`, `c→с`, `o→о`, ...), lowercase, `ё→е`, every quote removed, every
//! dash a hyphen, every kind of space one space. [`tokens`] splits that into words and expands
//! the abbreviations acts and portals use for the same thing («РК» = «Республики Казахстан»,
//! «ҚР» = «Қазақстан Республикасы», «АСП», «ЕНПФ», ...). Words inside parentheses are marked
//! optional: «брака (супружества)» and «брака» are the same name.

use tizilim_lex::lookalike::fix_lookalikes;
pub use tizilim_lex::lookalike::is_word_char;
use unicode_normalization::UnicodeNormalization;

/// The comparable form of a name: NFC, look-alikes fixed, lowercase, `ё→е`, quotes removed,
/// dashes unified, spaces collapsed.
pub fn normalize(s: &str) -> String {
    let fixed = if unicode_normalization::is_nfc_quick(s.chars())
        == unicode_normalization::IsNormalized::Yes
    {
        fix_lookalikes(s)
    } else {
        fix_lookalikes(&s.nfc().collect::<String>())
    };
    let mut out = String::with_capacity(fixed.len());
    let push = |c: char, out: &mut String| {
        let c = match c {
            'ё' => 'е',
            '«' | '»' | '“' | '”' | '„' | '"' | '\'' | '‘' | '’' | '‚' | '`' | '´' => {
                return
            }
            '‐' | '‑' | '‒' | '–' | '—' | '―' | '−' => '-',
            ' ' => ' ',
            c if c.is_whitespace() => ' ',
            c => c,
        };
        if c == ' ' && (out.is_empty() || out.ends_with(' ')) {
            return;
        }
        out.push(c);
    };
    for c in fixed.chars() {
        // Fast path for ASCII and basic Cyrillic; the Unicode tables for the rest.
        match c {
            'A'..='Z' | 'А'..='Я' => push(char::from_u32(c as u32 + 0x20).unwrap_or(c), &mut out),
            'Ё' => push('ё', &mut out),
            c if c.is_ascii() || matches!(c, 'а'..='я') => push(c, &mut out),
            c => c.to_lowercase().for_each(|l| push(l, &mut out)),
        }
    }
    while out.ends_with(' ') {
        out.pop();
    }
    out
}

/// One word of a name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The normalised word.
    pub text: String,
    /// Inside parentheses: it counts only when both names have it.
    pub optional: bool,
    /// Separated from the previous word by a list separator (`,`, `/`, `;`): «выдача, продление».
    pub listed: bool,
}

/// Abbreviations and their expansions (lowercase). Expansions are plain words, so that the same
/// stemmer sees the same forms on both sides.
const ABBREVIATIONS: &[(&str, &str)] = &[
    ("рк", "республики казахстан"),
    ("қр", "қазақстан республикасы"),
    ("асп", "адресной социальной помощи"),
    ("енпф", "единый накопительный пенсионный фонд"),
    ("бжзқ", "бірыңғай жинақтаушы зейнетақы қоры"),
    ("осмс", "обязательного социального медицинского страхования"),
    ("ммсқ", "міндетті әлеуметтік медициналық сақтандыру"),
    ("грнз", "государственного регистрационного номерного знака"),
    ("ндс", "налога на добавленную стоимость"),
    ("ққс", "қосылған құн салығы"),
    ("рагс", "регистрации актов гражданского состояния"),
    ("загс", "регистрации актов гражданского состояния"),
    ("ахат", "азаматтық хал актілерін тіркеу"),
    ("дюсш", "детско-юношеской спортивной школы"),
    (
        "тнвэд",
        "товарной номенклатуры внешнеэкономической деятельности",
    ),
    ("цон", "центр обслуживания населения"),
    ("хқко", "халыққа қызмет көрсету орталығы"),
    ("иин", "индивидуальный идентификационный номер"),
    ("жсн", "жеке сәйкестендіру нөмірі"),
    ("бин", "бизнес-идентификационный номер"),
    ("бсн", "бизнес-сәйкестендіру нөмірі"),
    ("ип", "индивидуального предпринимателя"),
    ("жк", "жеке кәсіпкер"),
    ("вуз", "высшего учебного заведения"),
];

/// Upper bound on the tokens of one name (longer inputs are cut).
pub const MAX_TOKENS: usize = 256;

/// Splits a name into normalised words, expanding abbreviations and marking parenthesised words
/// optional. Hyphens, slashes and punctuation separate words.
pub fn tokens(s: &str) -> Vec<Token> {
    tokens_of_normalized(&normalize(s))
}

/// [`tokens`] of a text that is already [`normalize`]d.
pub fn tokens_of_normalized(norm: &str) -> Vec<Token> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut word = String::new();
    let mut listed = false;
    let push = |word: &mut String, optional: bool, listed: &mut bool, out: &mut Vec<Token>| {
        if word.is_empty() || out.len() >= MAX_TOKENS {
            word.clear();
            return;
        }
        if let Some((_, exp)) = ABBREVIATIONS.iter().find(|(a, _)| *a == word.as_str()) {
            for w in exp
                .split(|c: char| !c.is_alphanumeric())
                .filter(|w| !w.is_empty())
            {
                out.push(Token {
                    text: w.to_string(),
                    optional,
                    listed: std::mem::take(listed),
                });
            }
        } else {
            out.push(Token {
                text: std::mem::take(word),
                optional,
                listed: std::mem::take(listed),
            });
        }
        word.clear();
    };
    for c in norm.chars() {
        if is_word_char(c) {
            word.push(c);
            continue;
        }
        push(&mut word, depth > 0, &mut listed, &mut out);
        match c {
            '(' | '[' => depth = (depth + 1).min(8),
            ')' | ']' => depth = depth.saturating_sub(1),
            ',' | '/' | ';' => listed = true,
            _ => {}
        }
    }
    push(&mut word, depth > 0, &mut listed, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_both_languages() {
        assert_eq!(
            normalize("Выдача\u{a0}справки «Ф-2» — о ЁЛКАХ"),
            "выдача справки ф-2 - о елках"
        );
        assert_eq!(normalize("  «Рұқсат   беру»  "), "рұқсат беру");
    }

    #[test]
    fn tokens_expand_and_mark_parentheses() {
        let t = tokens("Регистрация брака (супружества) в РК");
        let words: Vec<(&str, bool)> = t.iter().map(|t| (t.text.as_str(), t.optional)).collect();
        assert_eq!(
            words,
            [
                ("регистрация", false),
                ("брака", false),
                ("супружества", true),
                ("в", false),
                ("республики", false),
                ("казахстан", false)
            ]
        );
        let kk: Vec<String> = tokens("ҚР азаматтарына")
            .into_iter()
            .map(|t| t.text)
            .collect();
        assert_eq!(kk, ["қазақстан", "республикасы", "азаматтарына"]);
    }
}
