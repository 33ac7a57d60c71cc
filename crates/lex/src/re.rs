//! Compiling the pipeline's patterns: every stage compiles its regexes here.
//!
//! In a pattern compiled by [`new`] (or [`set`]), `\w` is a word character of the acts' scripts:
//! a Latin or Cyrillic letter (with Latin-1, Latin Extended-A/B and the Cyrillic Supplement), a
//! combining mark, a digit `0-9`, `_` and the few connectors and joiners Unicode counts as word
//! characters ([`WORD`]); `\W` is any other character. The letter classes `\p{L}`, `\p{Lu}`
//! and `\p{Ll}` are the letters of the same blocks ([`LETTER_BLOCKS`]). On those blocks each is
//! the Unicode class (the tests compare them character by character); letters of other scripts
//! (Greek, CJK) are not letters or word characters to the patterns. Word boundaries (`\b`) keep
//! the engine's Unicode meaning.
//!
//! Why: the `regex` crate's `\w` is every Unicode word character, a class of ~770 ranges (and
//! `\p{L}` ~650), each occurrence compiled forward and in reverse into a large UTF-8 automaton;
//! the ~200 of them made up most of the instructions of scanning one act (the patterns are
//! compiled once per process: this is the start-up of every `tizilim scan`). `clippy.toml`
//! disallows `Regex::new` and `RegexSet::new` outside this module, so that no pattern gets the
//! other meanings by accident.

use std::borrow::Cow;

use regex::{Regex, RegexSet};

/// The contents of the class a `\w` stands for (without brackets, to be put in a class).
pub const WORD: &str = concat!(
    r"0-9A-Za-z_\x{AA}\x{B5}\x{BA}\x{C0}-\x{D6}\x{D8}-\x{F6}\x{F8}-\x{24F}",
    r"\x{300}-\x{36F}\x{400}-\x{52F}",
    r"\x{200C}\x{200D}\x{203F}\x{2040}\x{2054}",
);

/// The blocks whose letters are letters to the patterns (`\p{L}`, `\p{Lu}`, `\p{Ll}`): Basic
/// Latin, Latin-1, Latin Extended-A/B, Cyrillic and its supplement.
pub const LETTER_BLOCKS: &str = r"\x{0}-\x{24F}\x{400}-\x{52F}";

/// Compiles `pattern` with `\w` as [`WORD`] (see the module).
#[allow(clippy::disallowed_methods)]
pub fn new(pattern: &str) -> Result<Regex, regex::Error> {
    Regex::new(&with_word_class(pattern))
}

/// Compiles a set of patterns with `\w` as [`WORD`] (see the module).
#[allow(clippy::disallowed_methods)]
pub fn set<I, S>(patterns: I) -> Result<RegexSet, regex::Error>
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    RegexSet::new(
        patterns
            .into_iter()
            .map(|p| with_word_class(p.as_ref()).into_owned()),
    )
}

/// `pattern` with every `\w` written as the class [`WORD`], every `\W` as its complement, and
/// the letter classes `\p{L}`, `\p{Lu}`, `\p{Ll}` (`\pL`) as their letters in [`LETTER_BLOCKS`]
/// (`\P{..}` as the complement; other classes and spellings keep Unicode's meaning)
/// (escaped backslashes kept; inside a bracketed class the class is nested, which the `regex`
/// syntax allows).
pub fn with_word_class(pattern: &str) -> Cow<'_, str> {
    if ![r"\w", r"\W", r"\p", r"\P"]
        .iter()
        .any(|x| pattern.contains(x))
    {
        return Cow::Borrowed(pattern);
    }
    Cow::Owned(map_escapes(pattern, |c, rest| match c {
        'w' => Some((format!("[{WORD}]"), 0)),
        'W' => Some((format!("[^{WORD}]"), 0)),
        'p' | 'P' => ["{L}", "{Lu}", "{Ll}", "L"]
            .into_iter()
            .find(|x| rest.starts_with(x))
            .map(|x| {
                // `[^X&&Y]` is the complement of the intersection.
                let neg = if c == 'P' { "^" } else { "" };
                (format!(r"[{neg}\p{x}&&[{LETTER_BLOCKS}]]"), x.len())
            }),
        _ => None,
    }))
}

/// `pattern` with its escapes rewritten: `f` gets each escaped character and the pattern after
/// it, and returns what to write instead of the escape and how many bytes after it that takes
/// (`None`: the escape as written). An escaped backslash is an escape of `\`, so `\\w` is a
/// backslash and a letter.
pub(crate) fn map_escapes(
    pattern: &str,
    mut f: impl FnMut(char, &str) -> Option<(String, usize)>,
) -> String {
    let mut out = String::with_capacity(pattern.len() + 64);
    let mut chars = pattern.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        let Some(e) = chars.next() else {
            out.push('\\');
            break;
        };
        let rest = chars.as_str();
        match f(e, rest) {
            Some((with, taken)) => {
                out.push_str(&with);
                chars = rest.get(taken..).unwrap_or("").chars();
            }
            None => {
                out.push('\\');
                out.push(e);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rewrites_word_classes_only() {
        assert_eq!(with_word_class(r"\d+\s\b"), r"\d+\s\b");
        assert!(matches!(with_word_class(r"\d+"), Cow::Borrowed(_)));
        assert_eq!(with_word_class(r"\w"), format!("[{WORD}]"));
        assert_eq!(with_word_class(r"[^\W\d]"), format!("[^[^{WORD}]\\d]"));
        // An escaped backslash before `w` is a backslash and a letter.
        assert_eq!(with_word_class(r"\\w"), r"\\w");
        assert_eq!(with_word_class(r"\\\w"), format!("\\\\[{WORD}]"));
        assert_eq!(
            with_word_class(r"[\p{Lu}-]\pL\p{Cyrillic}"),
            format!(r"[[\p{{Lu}}&&[{LETTER_BLOCKS}]]-][\pL&&[{LETTER_BLOCKS}]]\p{{Cyrillic}}")
        );
        assert_eq!(
            with_word_class(r"\P{Lu}\P{Greek}"),
            format!(r"[^\p{{Lu}}&&[{LETTER_BLOCKS}]]\P{{Greek}}")
        );
    }

    /// On the characters of Kazakh and Russian acts (and of Latin text, digits, punctuation and
    /// spaces) the class says what the Unicode `\w` says.
    #[test]
    #[allow(clippy::disallowed_methods)]
    fn agrees_with_unicode_word_on_the_acts_scripts() {
        let unicode = Regex::new(r"^\w$").unwrap();
        let ours = new(r"^\w$").unwrap();
        let not_ours = new(r"^\W$").unwrap();
        let ranges = [
            0x0..0x250,     // ASCII, Latin-1, Latin Extended-A/B
            0x300..0x370,   // combining diacritics
            0x400..0x530,   // Cyrillic and its supplement
            0x2000..0x2070, // spaces, dashes, quotes, joiners, connectors
            0x20a0..0x20c0, // currency signs
        ];
        for c in ranges.into_iter().flatten().filter_map(char::from_u32) {
            // The Cyrillic thousands sign «҂» is a symbol inside the Cyrillic block: the one
            // character of these ranges the two do not agree on.
            if c == '\u{482}' {
                continue;
            }
            let s = c.to_string();
            let u = unicode.is_match(&s);
            assert_eq!(ours.is_match(&s), u, "U+{:04X}", c as u32);
            assert_eq!(not_ours.is_match(&s), !u, "U+{:04X}", c as u32);
        }
        // The letter classes, over the same blocks.
        for class in [r"\p{L}", r"\p{Lu}", r"\p{Ll}"] {
            let unicode = Regex::new(&format!("^{class}$")).unwrap();
            let ours = new(&format!("^{class}$")).unwrap();
            let both = new(&format!("^[{class}_]$")).unwrap();
            let not = new(&format!("^{}$", class.replace(r"\p", r"\P"))).unwrap();
            for c in (0x0..0x250).chain(0x400..0x530).filter_map(char::from_u32) {
                let s = c.to_string();
                assert_eq!(
                    ours.is_match(&s),
                    unicode.is_match(&s),
                    "{class} U+{:04X}",
                    c as u32
                );
                assert_eq!(
                    both.is_match(&s),
                    unicode.is_match(&s) || c == '_',
                    "{class}"
                );
                assert_eq!(not.is_match(&s), !unicode.is_match(&s), "{class}");
            }
        }
        // Case-insensitive patterns, in words of both languages.
        let re = new(r"(?i)\bпункт\w*\s+(\d+)").unwrap();
        let uni = Regex::new(r"(?i)\bпункт\w*\s+(\d+)").unwrap();
        for t in [
            "согласно Пунктам 3 и 4",
            "ПУНКТОМ 12 настоящих Правил",
            "тармақ 5; пункт_7 8",
            "пункт 1-2",
        ] {
            assert_eq!(
                re.captures(t).map(|c| c[0].to_string()),
                uni.captures(t).map(|c| c[0].to_string()),
                "{t}"
            );
        }
        let s = set([r"\w+ы\b", r"^\W+$"]).unwrap();
        assert!(s.is_match("облысы"));
        assert!(s.matches("« — »").matched(1));
    }
}
