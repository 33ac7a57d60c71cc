//! The comparison form of act text: what two versions of a unit must share to count as the same.
//!
//! Text reaches the diff from different readers (adilet HTML, PDF text layers, text and Markdown
//! exports), and each leaves its own marks that are not changes of wording: line breaks and
//! spacing, words glued where a `<br>` was dropped or split where a line ended, Latin look-alike
//! letters inside Cyrillic words, quote and dash variants, Markdown emphasis and headings, table
//! cell separators. [`canon`] reduces a text to its letters ([`Canon::chars`], no whitespace)
//! plus the places where it had whitespace ([`Canon::gaps`]); [`equivalent`] then compares two
//! such forms: the letters must be equal, and a gap present on one side only must be *soft*, i.e.
//! explainable by layout — a line break on the side that has it, punctuation next to it, or a
//! lowercase-to-uppercase or letter-to-digit step at the glue point («РеспубликасыныңЦифрлық»).
//! A plain space between two lowercase words on one side only («басқа да» / «басқада») is wording
//! and stays a change.

use std::collections::BTreeMap;

use unicode_normalization::UnicodeNormalization;

use tizilim_text::normalize::{fix_lookalikes, unify_punctuation};

/// Whitespace found between two letters of the comparison form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gap {
    /// Spaces or tabs only.
    Space,
    /// The whitespace held a line break.
    Break,
}

/// The comparison form of a text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Canon {
    /// The characters without whitespace or formatting, look-alikes and variants unified.
    pub chars: Vec<char>,
    /// Positions in `chars` before which the text had whitespace (never 0 or `chars.len()`).
    pub gaps: BTreeMap<usize, Gap>,
}

impl Canon {
    /// The characters as a string: the key used to recognise moved units.
    pub fn key(&self) -> String {
        self.chars.iter().collect()
    }
}

/// Characters treated as whitespace: Unicode whitespace, no-break spaces, and the `|` that
/// text exports put between table cells.
fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '|' || c == '\u{a0}' || c == '\u{202f}' || c == '\u{2007}'
}

/// Characters dropped outright: soft hyphens, zero-width characters, BOM.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{ad}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}'
    )
}

/// Removes Markdown formatting from one line: heading marks, `**`/`__`, `*`/`_` at word
/// edges, backslash escapes of punctuation.
fn strip_markdown_line(line: &str) -> String {
    let trimmed = line.trim_start();
    let body = if trimmed.starts_with('#') {
        let rest = trimmed.trim_start_matches('#');
        if rest.is_empty() || rest.starts_with(char::is_whitespace) {
            rest
        } else {
            trimmed
        }
    } else {
        trimmed
    };
    let chars: Vec<char> = body.chars().collect();
    let mut out = String::with_capacity(body.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let prev = if i == 0 {
            None
        } else {
            chars.get(i - 1).copied()
        };
        let next = chars.get(i + 1).copied();
        if c == '\\' {
            if let Some(n) = next {
                if n.is_ascii_punctuation() {
                    out.push(n);
                    i += 2;
                    continue;
                }
            }
        }
        if c == '*' || c == '_' {
            // A run of emphasis marks: dropped when it touches a word edge (start or end).
            let mut j = i;
            while j < chars.len() && chars[j] == c {
                j += 1;
            }
            let after = chars.get(j).copied();
            let at_start = prev.is_none_or(|p| is_space(p) || p.is_ascii_punctuation());
            let at_end = after.is_none_or(|a| is_space(a) || a.is_ascii_punctuation());
            let run = j - i;
            if run >= 2 || at_start || at_end {
                i = j;
                continue;
            }
        }
        out.push(c);
        i += 1;
    }
    out
}

/// Appends one word to `out`, recording the whitespace before it.
fn push_word(out: &mut Canon, word: &mut Vec<char>, pending: &mut Option<Gap>) {
    if word.is_empty() {
        return;
    }
    if let Some(gap) = pending.take() {
        if !out.chars.is_empty() {
            out.gaps.insert(out.chars.len(), gap);
        }
    }
    let w: String = word.iter().collect();
    for c in unify_punctuation(&fix_lookalikes(&w)).chars() {
        if c == '…' {
            out.chars.extend(['.', '.', '.']);
        } else {
            out.chars.push(c);
        }
    }
    word.clear();
}

/// Reduces `text` to its comparison form.
pub fn canon(text: &str) -> Canon {
    let mut out = Canon::default();
    let mut pending: Option<Gap> = None;
    let mut word: Vec<char> = Vec::new();
    for (li, line) in text.split('\n').enumerate() {
        if li > 0 {
            pending = Some(Gap::Break);
        }
        let line: String = strip_markdown_line(line).nfc().collect();
        for c in line.chars() {
            if is_space(c) {
                push_word(&mut out, &mut word, &mut pending);
                pending.get_or_insert(Gap::Space);
            } else if !is_invisible(c) {
                word.push(c);
            }
        }
        push_word(&mut out, &mut word, &mut pending);
    }
    out
}

/// True when a gap at `pos` present on one side only can be explained by layout.
fn soft_gap(chars: &[char], pos: usize, gap: Gap) -> bool {
    if gap == Gap::Break {
        return true;
    }
    let (Some(&a), Some(&b)) = (
        pos.checked_sub(1).and_then(|p| chars.get(p)),
        chars.get(pos),
    ) else {
        return true;
    };
    if !a.is_alphanumeric() || !b.is_alphanumeric() {
        return true;
    }
    if a.is_lowercase() && b.is_uppercase() {
        return true;
    }
    a.is_numeric() != b.is_numeric()
}

/// True when two comparison forms are the same wording.
pub fn canon_equivalent(a: &Canon, b: &Canon) -> bool {
    if a.chars != b.chars {
        return false;
    }
    for (pos, gap) in &a.gaps {
        if !b.gaps.contains_key(pos) && !soft_gap(&a.chars, *pos, *gap) {
            return false;
        }
    }
    for (pos, gap) in &b.gaps {
        if !a.gaps.contains_key(pos) && !soft_gap(&b.chars, *pos, *gap) {
            return false;
        }
    }
    true
}

/// True when `seg` occurs in `whole` at `start` with the same wording (gaps present on one
/// side only must be soft, as in [`canon_equivalent`]).
pub fn matches_at(whole: &Canon, start: usize, seg: &Canon) -> bool {
    let end = start.saturating_add(seg.chars.len());
    if whole.chars.get(start..end) != Some(seg.chars.as_slice()) {
        return false;
    }
    for (pos, gap) in &seg.gaps {
        if !whole.gaps.contains_key(&(start + pos)) && !soft_gap(&seg.chars, *pos, *gap) {
            return false;
        }
    }
    for (pos, gap) in whole.gaps.range(start + 1..end) {
        if !seg.gaps.contains_key(&(pos - start)) && !soft_gap(&whole.chars, *pos, *gap) {
            return false;
        }
    }
    true
}

/// Bound on the search in [`permuted_equivalent`].
const MAX_PERMUTATION_STEPS: usize = 20_000;

/// True when `whole` is the pieces `segs` laid end to end in some order: the same wording
/// with its blocks in another order (an appendix header read before or after its title).
pub fn permuted_equivalent(segs: &[Canon], whole: &Canon) -> bool {
    let segs: Vec<&Canon> = segs.iter().filter(|c| !c.chars.is_empty()).collect();
    let total: usize = segs.iter().map(|c| c.chars.len()).sum();
    if total != whole.chars.len() || segs.is_empty() || segs.len() > 256 {
        return false;
    }
    let mut used = vec![false; segs.len()];
    let mut steps = 0usize;
    fn place(
        segs: &[&Canon],
        whole: &Canon,
        pos: usize,
        used: &mut [bool],
        steps: &mut usize,
    ) -> bool {
        if pos == whole.chars.len() {
            return true;
        }
        for i in 0..segs.len() {
            *steps += 1;
            if *steps > MAX_PERMUTATION_STEPS {
                return false;
            }
            let (Some(&seg), Some(&false)) = (segs.get(i), used.get(i)) else {
                continue;
            };
            if matches_at(whole, pos, seg) {
                if let Some(u) = used.get_mut(i) {
                    *u = true;
                }
                if place(segs, whole, pos + seg.chars.len(), used, steps) {
                    return true;
                }
                if let Some(u) = used.get_mut(i) {
                    *u = false;
                }
            }
        }
        false
    }
    place(&segs, whole, 0, &mut used, &mut steps)
}

/// True when two texts are the same wording after normalisation.
pub fn equivalent(a: &str, b: &str) -> bool {
    canon_equivalent(&canon(a), &canon(b))
}

/// The comparison form of one word, for word-level highlighting.
pub fn word_key(word: &str) -> String {
    canon(word).key()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn layout_differences_are_equivalent() {
        let same = [
            (
                "Қазақстан Республикасының\nЦифрлық даму",
                "Қазақстан РеспубликасыныңЦифрлық даму",
            ),
            ("министрінің\n2021 жылғы", "министрінің2021 жылғы"),
            ("бұйрығына\nқосымша", "бұйрығынақосымша"),
            ("Мемлекеттiк кәсiпорындар", "Мемлекеттік кәсіпорындар"),
            ("«Әділет» – жүйесі", "\"Әділет\" - жүйесі"),
            ("**Глава 1. Общие положения**", "Глава 1. Общие положения"),
            ("## **1-тарау. Жалпы ережелер**", "1-тарау. Жалпы ережелер"),
            ("*Б. Мусин*", "Б. Мусин"),
            ("00301\t|\tЖеке тұлғалар", "00301 Жеке тұлғалар"),
            ("в  порядке,\nустановленном", "в порядке, установленном"),
            ("Рeспублики Кaзахстан", "Республики Казахстан"),
            ("№ 58/НҚ", "№58/НҚ"),
        ];
        for (a, b) in same {
            assert!(equivalent(a, b), "{a:?} vs {b:?}");
        }
    }

    #[test]
    fn wording_differences_are_not_equivalent() {
        let differ = [
            ("басқада қызметтер", "басқа да қызметтер"),
            ("прочие услуги", "прочиеуслуги"),
            ("құқықтары мен", "құқықтарын мен"),
            ("срок 5 дней", "срок 10 дней"),
            ("Утверждено", "Утверждена"),
        ];
        for (a, b) in differ {
            assert!(!equivalent(a, b), "{a:?} vs {b:?}");
        }
    }

    #[test]
    fn latin_words_are_left_alone() {
        // A whole word in Latin letters is not a look-alike inside a Cyrillic word.
        assert!(!equivalent("eGov", "еGоv"));
        assert_eq!(canon("eGov").key(), "eGov");
    }

    #[test]
    fn gaps_sit_between_words() {
        let c = canon("  а  б\n\nв  ");
        assert_eq!(c.key(), "абв");
        assert_eq!(c.gaps.get(&1), Some(&Gap::Space));
        assert_eq!(c.gaps.get(&2), Some(&Gap::Break));
        assert_eq!(c.gaps.len(), 2);
    }
}
