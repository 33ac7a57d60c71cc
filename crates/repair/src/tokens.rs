//! Whole-token readings learned from OCR pairs.
//!
//! English OCR writes some Cyrillic words as the same garbled token again and again, in a way
//! the letter-by-letter channel cannot explain at a reasonable cost: the conjunction «и» comes
//! out as `UM`, `uv`, `HM` or `UU` (one Cyrillic letter, two Latin ones), «года» as `roma`. The
//! table counts, over aligned training pairs, which clean word each garbled token (lowercased,
//! edge punctuation removed) stood for; a token seen at least [`MIN_TOTAL`] times that stood
//! for one word in at least [`MIN_SHARE`] of them is kept with that share. The search then
//! gets this word as one more candidate reading, costed by its share ([`TokenTable::get`]), and
//! the choice in context still decides.
//!
//! The committed table (`data/tokens.tsv`) is learned from the training acts' pairs only by
//! `examples/repair_eval.rs --pairs=DIR --learn`.

use std::collections::HashMap;

use crate::channel::{is_edge_punct, norm_char};
use crate::lexicon::is_cyrillic_letter;

/// The committed table: `garbled\tword\tcount\ttotal` per line.
const LEARNED: &str = include_str!("../data/tokens.tsv");

/// Times a garbled token must be seen in the pairs to be kept.
pub const MIN_TOTAL: u32 = 3;
/// Share of its occurrences in which a kept token stood for its word.
pub const MIN_SHARE: f32 = 0.5;

/// Garbled tokens and the words they stand for.
#[derive(Debug, Clone, Default)]
pub struct TokenTable {
    /// Lowercased garbled core → (lowercase word, share of the token's occurrences).
    map: HashMap<String, (String, f32)>,
}

/// The key of a garbled token: lowercased, without edge punctuation; `None` when nothing
/// is left or the token has a Cyrillic letter.
pub(crate) fn key(token: &str) -> Option<String> {
    let core = token.trim_matches(is_edge_punct);
    if core.is_empty() || core.chars().any(is_cyrillic_letter) {
        return None;
    }
    Some(core.chars().map(norm_char).collect())
}

impl TokenTable {
    /// The committed table.
    pub fn load() -> Self {
        Self::from_tsv(LEARNED)
    }

    /// Parses `garbled\tword\tcount\ttotal` rows; rows that do not parse are skipped.
    pub fn from_tsv(tsv: &str) -> Self {
        let mut map = HashMap::new();
        for [g, w, n, t] in crate::tsv_rows4(tsv) {
            let (Ok(n), Ok(t)) = (n.parse::<u32>(), t.parse::<u32>()) else {
                continue;
            };
            if g.is_empty() || w.is_empty() || t == 0 || n > t {
                continue;
            }
            #[allow(clippy::cast_precision_loss)]
            map.insert(g.to_string(), (w.to_string(), n as f32 / t as f32));
        }
        TokenTable { map }
    }

    /// The word a garbled part (edge punctuation included) stands for, with its share.
    pub fn get(&self, part: &str) -> Option<(&str, f32)> {
        let k = key(part)?;
        self.map.get(&k).map(|(w, s)| (w.as_str(), *s))
    }

    /// Number of garbled tokens in the table.
    pub fn len(&self) -> usize {
        self.map.len()
    }

    /// True when the table has no token.
    pub fn is_empty(&self) -> bool {
        self.map.is_empty()
    }
}

/// Learns the table from (clean, garbled) line pairs, word by word where both sides have as
/// many whitespace tokens; returns it in the `data/tokens.tsv` format (sorted, so that the
/// same pairs give the same file).
pub fn learn_tsv(pairs: &[(String, String)]) -> String {
    // garbled key → (clean word → count), and the key's total.
    let mut seen: HashMap<String, (HashMap<String, u32>, u32)> = HashMap::new();
    for (cw, gw) in crate::aligned_words(pairs) {
        let Some(k) = key(gw) else {
            continue;
        };
        if !k.chars().any(|ch| ch.is_ascii_alphabetic()) {
            continue;
        }
        let e = seen.entry(k).or_default();
        e.1 += 1;
        let core = cw.trim_matches(|ch: char| !is_cyrillic_letter(ch));
        if !core.is_empty() && core.chars().all(|ch| is_cyrillic_letter(ch) || ch == '-') {
            *e.0.entry(core.to_lowercase()).or_default() += 1;
        }
    }
    let mut rows: Vec<(String, String, u32, u32)> = seen
        .into_iter()
        .filter_map(|(k, (words, total))| {
            let (w, n) = words
                .into_iter()
                .max_by(|a, b| a.1.cmp(&b.1).then_with(|| b.0.cmp(&a.0)))?;
            #[allow(clippy::cast_precision_loss)]
            let share = n as f32 / total as f32;
            (total >= MIN_TOTAL && share >= MIN_SHARE).then_some((k, w, n, total))
        })
        .collect();
    rows.sort();
    let mut out = String::from(
        "# garbled\tword\tcount\ttotal (learned by examples/repair_eval.rs --pairs=DIR --learn)\n",
    );
    for (k, w, n, t) in rows {
        out.push_str(&format!("{k}\t{w}\t{n}\t{t}\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_a_recurring_token_and_reads_it_back() {
        let pairs: Vec<(String, String)> = (0..4)
            .map(|i| {
                (
                    format!("права и обязанности {i}"),
                    format!("npasa UM o6a3aHHocTu {i}"),
                )
            })
            .chain(std::iter::once((
                "Ішкі істер".to_string(),
                "Iwki ictep".to_string(),
            )))
            .collect();
        let tsv = learn_tsv(&pairs);
        let t = TokenTable::from_tsv(&tsv);
        assert_eq!(t.get("UM,"), Some(("и", 1.0)));
        assert_eq!(t.get("«uM»").map(|x| x.0), Some("и"));
        // Seen fewer than three times: not kept.
        assert!(t.get("Iwki").is_none());
        // Digits alone are not garbage.
        assert!(t.get("4").is_none());
    }

    #[test]
    fn a_token_of_many_readings_is_not_kept() {
        let pairs: Vec<(String, String)> = ["да", "та", "де", "те"]
            .iter()
            .map(|w| (w.to_string(), "Ta".to_string()))
            .collect();
        assert!(TokenTable::from_tsv(&learn_tsv(&pairs)).is_empty());
    }

    #[test]
    fn the_committed_table_parses() {
        let t = TokenTable::load();
        assert!(!t.is_empty());
    }
}
