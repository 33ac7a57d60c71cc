//! Word stems searched as literals, in the three ways acts write a word: in lower case, with a
//! capital, in capitals («приказ», «Приказ», «ПРИКАЗ»).
//!
//! Why not a case-insensitive regex: in UTF-8 nearly every Cyrillic letter starts with the
//! byte 0xD0 or 0xD1, and a pattern like `(?i)приказ|закон|…` has so many case variants that
//! the `regex` crate's literal pre-filter keeps only their first letters; it stops at nearly
//! every word, and each stop that is no match restarts the search. Whole literals in one
//! Aho-Corasick automaton (its SIMD search for a few dozen of them) read the same texts two
//! to three times faster. Mixed case inside a word («пРиказ») is not found: acts do not write
//! it (OCR that does is repaired first).
//!
//! For a single word the regex is the better tool: its literal search for one case-insensitive
//! word («(?i)қосымша», «(?i)қолданысқа енгізіледі») measured 5 to 20 times faster than this
//! automaton over the same texts. Use this for sets of several stems.

use aho_corasick::{AhoCorasick, MatchKind};

/// A set of stems, each with a tag (which list it came from).
#[derive(Debug, Clone)]
pub struct Stems {
    ac: AhoCorasick,
    /// The tags of each automaton pattern (three per stem).
    tags: Vec<u8>,
}

/// A stem found: where it starts and ends, and the tags of the stem.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Found {
    /// Byte offset of the stem's first letter.
    pub start: usize,
    /// Byte offset just past the stem.
    pub end: usize,
    /// The tags of the stem (the bits of every list it is in).
    pub tags: u8,
}

impl Stems {
    /// The stems of `lists`, each list `(tag bit, stems)`; a stem in several lists carries all
    /// their bits. Stems are given in lower case. Matches are leftmost, the earlier stem first
    /// among those that start at the same place (as a regex alternation in this order).
    pub fn new(lists: &[(u8, &[&str])]) -> Self {
        let mut words: Vec<String> = Vec::new();
        let mut tags: Vec<u8> = Vec::new();
        for (tag, stems) in lists {
            for stem in *stems {
                for form in forms(stem) {
                    match words.iter().position(|w| *w == form) {
                        Some(i) => {
                            if let Some(t) = tags.get_mut(i) {
                                *t |= tag;
                            }
                        }
                        None => {
                            words.push(form);
                            tags.push(*tag);
                        }
                    }
                }
            }
        }
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostFirst)
            .build(&words)
            .expect("a few dozen literals always build");
        Stems { ac, tags }
    }

    /// True when `text` holds a stem.
    pub fn is_match(&self, text: &str) -> bool {
        self.ac.is_match(text)
    }

    /// The stems of `text`, left to right, not overlapping.
    pub fn find_iter<'a>(&'a self, text: &'a str) -> impl Iterator<Item = Found> + 'a {
        self.ac.find_iter(text).map(|m| Found {
            start: m.start(),
            end: m.end(),
            tags: self.tags.get(m.pattern().as_usize()).copied().unwrap_or(0),
        })
    }
}

/// A lower-case stem as acts write it: itself, with a capital, in capitals.
fn forms(stem: &str) -> Vec<String> {
    let lower = stem.to_lowercase();
    let mut chars = lower.chars();
    let capital = chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect::<String>())
        .unwrap_or_default();
    let upper = lower.to_uppercase();
    let mut out = vec![lower];
    for f in [capital, upper] {
        if !out.contains(&f) {
            out.push(f);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(s: &Stems, text: &str) -> Vec<(usize, u8)> {
        s.find_iter(text).map(|f| (f.start, f.tags)).collect()
    }

    #[test]
    fn every_written_case_in_both_languages() {
        let s = Stems::new(&[
            (1, &["приказ", "кодекс"]),
            (2, &["бұйры", "кодекс", "қаулы"]),
        ]);
        for (text, want) in [
            ("приказом", vec![(0, 1)]),
            ("Приказом", vec![(0, 1)]),
            ("ПРИКАЗ", vec![(0, 1)]),
            ("бұйрығы", vec![(0, 2)]),
            ("БҰЙРЫҚ", vec![(0, 2)]),
            ("Қаулысы", vec![(0, 2)]),
            ("ҚАУЛЫ", vec![(0, 2)]),
            ("Кодекса", vec![(0, 3)]),
            ("по кодексу и приказу", vec![(5, 3), (23, 1)]),
        ] {
            assert_eq!(found(&s, text), want, "{text}");
            assert!(s.is_match(text), "{text}");
        }
        for text in ["пРиказ", "указание", "", "prikaz"] {
            assert!(found(&s, text).is_empty(), "{text}");
            assert!(!s.is_match(text), "{text}");
        }
    }

    #[test]
    fn earlier_stems_win_where_two_start() {
        let s = Stems::new(&[(1, &["заң", "за"])]);
        let f: Vec<Found> = s.find_iter("заңы").collect();
        assert_eq!(f.len(), 1);
        assert_eq!((f[0].start, f[0].end), (0, "заң".len()));
    }
}
