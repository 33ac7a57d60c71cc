//! The garbled-text verdict for one page (or one text): is this Latin look-alike garbage from
//! wrong-language OCR, clean Kazakh/Russian, or (nearly) no text at all?
//!
//! Precision first: a clean page must never be called garbled. Russian or Kazakh text with a few
//! Latin acronyms, URLs, «e-mail» or a Latin `i` inside Kazakh words is mostly Cyrillic, and a
//! page whose letters are at least a third Cyrillic is clean whatever else it holds. A page is
//! garbled only when it is almost all Latin *and* its Latin words look like garbage: case flips
//! inside words (`TipKeJIreH`), digits standing for letters (`KbI3MeTTep`, `6ypbiFbiHa`), the
//! `bI`/`bl` digraph of «ы», look-alike symbols (`©`, `®`, `¥`).

use serde::Serialize;

use super::lexicon::is_cyrillic_letter;

/// The verdict of [`garble_score`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GarbleVerdict {
    /// Readable Cyrillic text (or Latin text that does not look like OCR garbage).
    Clean,
    /// Latin look-alike garbage.
    Garbled,
    /// Too few letters to be a text layer.
    Empty,
}

/// The evidence behind a verdict.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct GarbleEvidence {
    /// Share of word tokens (with a letter) that are Latin and look like garbage (0..1).
    pub latin_lookalike_share: f32,
    /// Share of letters that are Cyrillic (0..1).
    pub cyrillic_share: f32,
    /// Share of Latin word tokens that look like ordinary Latin words (0..1): all lowercase or
    /// all capitals or capitalised, no digits inside. High for English, low for garbage.
    pub dictionary_share: f32,
    /// Letters counted.
    pub letters: usize,
    /// The verdict.
    pub verdict: GarbleVerdict,
}

/// Letters below which a page counts as empty.
pub const MIN_LETTERS: usize = 20;

/// Scores a page or text. Cheap (one pass, no lexicon).
pub fn garble_score(text: &str) -> GarbleEvidence {
    let mut letters = 0usize;
    let mut cyr = 0usize;
    for c in text.chars() {
        if c.is_alphabetic() {
            letters += 1;
            if is_cyrillic_letter(c) {
                cyr += 1;
            }
        }
    }
    let (mut words, mut latin, mut garbage, mut plain) = (0usize, 0usize, 0usize, 0usize);
    for tok in text.split_whitespace() {
        if !tok.chars().any(char::is_alphabetic) || holds_hex_id(tok) {
            continue;
        }
        words += 1;
        if tok.chars().any(is_cyrillic_letter) {
            continue;
        }
        if !tok.chars().any(|c| c.is_ascii_alphabetic()) {
            continue;
        }
        latin += 1;
        if looks_garbled(tok) {
            garbage += 1;
        } else if looks_plain_latin(tok) {
            plain += 1;
        }
    }
    let share = |a: usize, b: usize| {
        #[allow(clippy::cast_precision_loss)]
        let r = if b == 0 { 0.0 } else { a as f32 / b as f32 };
        r
    };
    let cyrillic_share = share(cyr, letters);
    let latin_lookalike_share = share(garbage, words);
    let dictionary_share = share(plain, latin);
    let verdict = if letters < MIN_LETTERS {
        GarbleVerdict::Empty
    } else if cyrillic_share < 0.05
        && words >= 5
        && latin_lookalike_share >= 0.15
        && share(latin, words) >= 0.8
    {
        GarbleVerdict::Garbled
    } else {
        GarbleVerdict::Clean
    };
    GarbleEvidence {
        latin_lookalike_share,
        cyrillic_share,
        dictionary_share,
        letters,
        verdict,
    }
}

/// Hex digits in a row that make an identifier (a commit hash, a checksum), not a word: no
/// Kazakh or Russian word of twelve letters is written only with the letters OCR reads as hex
/// digits (а, б, е, с, з, о as `a`, `6`, `e`, `c`, `3`, `0`).
const HEX_ID: usize = 12;

/// True when `tok` holds a run of [`HEX_ID`] hex digits or more with a digit and a letter among
/// them (`rus.md@030ee8332ec2aa13…`): an identifier, which says nothing of the language (and a
/// digit before a letter would read as garbage). Neither verdict, of a text or of a line,
/// counts it.
fn holds_hex_id(tok: &str) -> bool {
    tok.split(|c: char| !c.is_ascii_hexdigit()).any(|run| {
        run.len() >= HEX_ID
            && run.bytes().any(|b| b.is_ascii_digit())
            && run.bytes().any(|b| b.is_ascii_alphabetic())
    })
}

/// A Latin token with the marks of wrong-language OCR.
fn looks_garbled(tok: &str) -> bool {
    let core: Vec<char> = tok
        .trim_matches(|c: char| !c.is_alphanumeric() && !matches!(c, '©' | '®' | '¥'))
        .chars()
        .collect();
    if core.len() < 2 {
        return false;
    }
    let has_sym = core.iter().any(|c| matches!(c, '©' | '®' | '¥'));
    // Digits that stand for letters: a digit followed by a letter (`3aHbl`, `6ypbiFbiHa`);
    // identifiers such as `z24` or `V21000` put digits after letters only.
    let digit_in_word = core
        .windows(2)
        .any(|w| w[0].is_ascii_digit() && w[1].is_ascii_alphabetic());
    // Lowercase followed by uppercase inside a word.
    let case_flip = core
        .windows(2)
        .any(|w| w[0].is_ascii_lowercase() && w[1].is_ascii_uppercase());
    let s: String = core.iter().collect();
    let digraph = s.contains("bI") || s.contains("bl") || s.contains("bi") || s.contains("BI");
    // In capitals: «Л» as `JI`, «П» and «Ш» as `II`/`III` (Roman numerals aside).
    let roman = core
        .iter()
        .all(|c| matches!(c, 'I' | 'V' | 'X' | 'L' | 'C' | 'D' | 'M'));
    let caps_digraph = !roman && (s.contains("JI") || s.contains("II"));
    has_sym || digit_in_word || case_flip || digraph || caps_digraph
}

/// A Latin token spelled like an ordinary word.
fn looks_plain_latin(tok: &str) -> bool {
    let core: Vec<char> = tok
        .trim_matches(|c: char| !c.is_alphanumeric())
        .chars()
        .collect();
    if core.is_empty() || !core.iter().all(|c| c.is_ascii_alphabetic() || *c == '-') {
        return false;
    }
    let rest = core.get(1..).unwrap_or(&[]);
    rest.iter().all(|c| !c.is_ascii_uppercase()) || core.iter().all(|c| !c.is_ascii_lowercase())
}

/// True when one line, however short, reads as wrong-language OCR: mostly not Cyrillic, and at
/// least half of its Latin words (two letters or more) carry the marks of garbage.
pub(crate) fn line_is_garbled(line: &str) -> bool {
    let (mut latin, mut garbage, mut cyr_words) = (0usize, 0usize, 0usize);
    for tok in line.split_whitespace() {
        if tok.chars().any(is_cyrillic_letter) {
            cyr_words += 1;
            continue;
        }
        if tok.chars().filter(char::is_ascii_alphabetic).count() < 2 || holds_hex_id(tok) {
            continue;
        }
        latin += 1;
        if looks_garbled(tok) {
            garbage += 1;
        }
    }
    garbage >= 1 && garbage * 2 >= latin && cyr_words * 2 < latin + cyr_words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_identifiers_are_not_words() {
        for t in [
            "rus.md@030ee8332ec2aa13ed341d64ab37492b8747b037",
            "3f9a2e1c0b7d",
            "(sha256:9d2a593c1fe2a367cd7360ec7cacb28b)",
        ] {
            assert!(holds_hex_id(t), "{t}");
        }
        // Short runs, runs without a digit or a letter, and OCR garbage are words.
        for t in [
            "3aHbl",
            "6ypbiFbiHa",
            "ce6e6",
            "deadbeefcafe",
            "201912312359",
            "Ka3akcTaH",
        ] {
            assert!(!holds_hex_id(t), "{t}");
        }
    }

    #[test]
    fn english_notes_with_commit_hashes_are_clean() {
        let row = "| 0118-o-nekotorykh-voprosakh | kazakhstan-law/government | \
                   rus.md@030ee8332ec2aa13ed341d64ab37492b8747b037 \
                   kaz.md@41f9f52fbe3dfa541caa0ba77429a526909b0696 |\n";
        let text = format!(
            "Each act is one folder named as in the source, with the Russian and Kazakh \
             texts and the commit each file was read at.\n{}",
            row.repeat(20)
        );
        assert_eq!(garble_score(&text).verdict, GarbleVerdict::Clean);
        // The same rows with look-alike garbage instead of the English sentence stay garbage.
        let garbage = format!(
            "3aHbl 6ypbiFbiHa Ka3akcTaH Pecny6nukacbl MUHUCTPJIIrI TapMaFbiHa CaNKeC \
             nyHKTOM cTaTbu 3akoHa\n{}",
            row.repeat(2)
        );
        assert_eq!(garble_score(&garbage).verdict, GarbleVerdict::Garbled);
        // Line by line too: a row of hashes in a readable text is no garbage line.
        assert!(!line_is_garbled(row));
        assert!(line_is_garbled("3aHbl 6ypbiFbiHa Ka3akcTaH"));
    }
}
