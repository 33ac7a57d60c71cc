//! Regexes with Unicode word boundaries, searched behind a pre-test without them.
//!
//! The `regex` crate's fast automata (the lazy DFA) cannot decide a Unicode `\b` in text with
//! non-ASCII letters: on Kazakh and Russian text a pattern with one falls back to the bounded
//! backtracker, which clears a bit set of (text length × pattern states) on every search. Most
//! texts a pattern is tried on do not hold its words at all, so [`Gated`] first runs the same
//! pattern with its word boundaries taken out (an assertion taken out of a pattern only lets it
//! match more: every match of the pattern is a match of the gate) on the fast automata, and runs
//! the pattern itself only when the gate matches, from where the gate's leftmost match starts.
//! The results are the pattern's own.

use regex::{Captures, Match, Regex};

/// A regex searched behind its own pattern without word boundaries (see the module).
#[derive(Debug, Clone)]
pub struct Gated {
    /// The pattern itself.
    exact: Regex,
    /// The pattern without `\b` and `\B`; `None` when it has neither (then `exact` alone runs).
    gate: Option<Regex>,
}

impl Gated {
    /// Compiles `pattern` and its gate.
    pub fn new(pattern: &str) -> Result<Self, regex::Error> {
        let exact = crate::re::new(pattern)?;
        let stripped = without_word_boundaries(pattern);
        let gate = if stripped == pattern {
            None
        } else {
            Some(crate::re::new(&stripped)?)
        };
        Ok(Gated { exact, gate })
    }

    /// Where a match may start at the earliest: `None` when there is none.
    fn start(&self, haystack: &str) -> Option<usize> {
        match &self.gate {
            None => Some(0),
            Some(g) => g.find(haystack).map(|m| m.start()),
        }
    }

    /// As [`Regex::is_match`].
    pub fn is_match(&self, haystack: &str) -> bool {
        self.start(haystack)
            .is_some_and(|s| self.exact.is_match_at(haystack, s))
    }

    /// As [`Regex::find`].
    pub fn find<'h>(&self, haystack: &'h str) -> Option<Match<'h>> {
        let s = self.start(haystack)?;
        self.exact.find_at(haystack, s)
    }

    /// As [`Regex::captures`].
    pub fn captures<'h>(&self, haystack: &'h str) -> Option<Captures<'h>> {
        let s = self.start(haystack)?;
        self.exact.captures_at(haystack, s)
    }

    /// As [`Regex::find_iter`] (nothing when the gate does not match).
    pub fn find_iter<'r, 'h>(&'r self, haystack: &'h str) -> impl Iterator<Item = Match<'h>> + 'r
    where
        'h: 'r,
    {
        self.start(haystack)
            .map(|_| self.exact.find_iter(haystack))
            .into_iter()
            .flatten()
    }

    /// As [`Regex::captures_iter`] (nothing when the gate does not match).
    pub fn captures_iter<'r, 'h>(
        &'r self,
        haystack: &'h str,
    ) -> impl Iterator<Item = Captures<'h>> + 'r
    where
        'h: 'r,
    {
        self.start(haystack)
            .map(|_| self.exact.captures_iter(haystack))
            .into_iter()
            .flatten()
    }

    /// The pattern's own regex.
    pub fn regex(&self) -> &Regex {
        &self.exact
    }
}

/// A family of patterns tried on the same text: one pass of their gates, as one `RegexSet` on
/// the fast automaton, tells which of them may match; only those run.
#[derive(Debug, Clone)]
pub struct GatedSet {
    gates: regex::RegexSet,
    exact: Vec<Regex>,
}

impl GatedSet {
    /// Compiles the patterns and the set of their gates.
    pub fn new<I, S>(patterns: I) -> Result<Self, regex::Error>
    where
        I: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let patterns: Vec<String> = patterns
            .into_iter()
            .map(|p| p.as_ref().to_string())
            .collect();
        let exact = patterns
            .iter()
            .map(|p| crate::re::new(p))
            .collect::<Result<Vec<_>, _>>()?;
        let gates = crate::re::set(patterns.iter().map(|p| without_word_boundaries(p)))?;
        Ok(GatedSet { gates, exact })
    }

    /// The patterns that may match `haystack`, in their order, with their index: every pattern
    /// that matches is among them.
    pub fn candidates<'s>(&'s self, haystack: &str) -> impl Iterator<Item = (usize, &'s Regex)> {
        let may = self.gates.matches(haystack);
        self.exact
            .iter()
            .enumerate()
            .filter(move |(i, _)| may.matched(*i))
    }
}

/// `pattern` without its `\b` and `\B` assertions (escaped backslashes kept).
pub fn without_word_boundaries(pattern: &str) -> String {
    crate::re::map_escapes(pattern, |c, _| {
        matches!(c, 'b' | 'B').then(|| (String::new(), 0))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_only_word_boundaries() {
        assert_eq!(
            without_word_boundaries(r"(?i)\bдополнить\b|толықтырылсын"),
            "(?i)дополнить|толықтырылсын"
        );
        assert_eq!(without_word_boundaries(r"\\b\d\B\w"), r"\\b\d\w");
        assert_eq!(without_word_boundaries(r"\p{Lu}\.\s"), r"\p{Lu}\.\s");
    }

    /// A set's candidates hold every pattern that matches, in order.
    #[test]
    fn a_set_keeps_every_pattern_that_matches() {
        let patterns = [
            r"(?i)\bдополнить\b|толықтырылсын",
            r"(?i)\bисключить\b|алып\s+тасталсын",
            r"(?i)\b(?:слов|цифр)\w*\s*$",
            r"(\d+)\s+дней",
        ];
        let set = GatedSet::new(patterns).unwrap();
        for t in [
            "",
            "пункт 2 дополнить подпунктом 3) и исключить слова",
            "передополнить, неисключить",
            "1-тармақ алып тасталсын; 2-тармақ толықтырылсын",
            "в течение 5 дней",
        ] {
            let cands: Vec<usize> = set.candidates(t).map(|(i, _)| i).collect();
            let matching: Vec<usize> = patterns
                .iter()
                .enumerate()
                .filter(|(_, p)| crate::re::new(p).unwrap().is_match(t))
                .map(|(i, _)| i)
                .collect();
            assert!(
                matching.iter().all(|i| cands.contains(i)),
                "{t}: {cands:?} {matching:?}"
            );
            assert!(cands.windows(2).all(|w| w[0] < w[1]), "{t}");
        }
    }

    /// The gated searches give what the pattern alone gives, on texts with the words inside
    /// other words, at the edges, in both languages, more than once and not at all.
    #[test]
    fn same_results_as_the_pattern() {
        let patterns = [
            r"(?i)\bдополнить\b|толықтырылсын",
            r"(?i)\b(?:слов|цифр|знак|букв)\w*\s*$",
            r"(?i)\bпроверк\w*|\bнадзор\w*|\bтексер\w*",
            r#"^["«]?\s*(?:СОГЛАСОВАН[ОАЫ]?|Келісілді)\b"#,
            r"\b(\p{Lu})\.\s?(\p{Lu}\p{Ll}+)\b",
            r"(\d+)\s+дней",
            r"^\s*$|\bзаголов\w*",
        ];
        let texts = [
            "",
            "дополнить",
            "передополнить пунктом, затем дополнить",
            "пункт 2 ДОПОЛНИТЬ подпунктом 3) и дополнить.",
            "1-тармақ толықтырылсын",
            "слова «X» заменить словами «Y» цифр",
            "слово",
            "надзор и проверка; тексеру",
            "«Согласовано",
            "СОГЛАСОВАНО:",
            "СОГЛАСОВАНОЕ",
            "Министр Е. Досаев",
            "Е.Досаевич и Б. Мусин",
            "в течение 5 дней, 10 дней",
            "no words here at all",
        ];
        for p in patterns {
            let g = Gated::new(p).unwrap();
            let r = crate::re::new(p).unwrap();
            for t in texts {
                let span = |m: Option<Match>| m.map(|m| m.range());
                assert_eq!(g.is_match(t), r.is_match(t), "{p} {t}");
                assert_eq!(span(g.find(t)), span(r.find(t)), "{p} {t}");
                let caps = |c: Option<Captures>| c.map(|c| c.iter().map(&span).collect::<Vec<_>>());
                assert_eq!(caps(g.captures(t)), caps(r.captures(t)), "{p} {t}");
                let all =
                    |it: &mut dyn Iterator<Item = Match>| it.map(|m| m.range()).collect::<Vec<_>>();
                assert_eq!(
                    all(&mut g.find_iter(t)),
                    all(&mut r.find_iter(t)),
                    "{p} {t}"
                );
                assert_eq!(
                    g.captures_iter(t).count(),
                    r.captures_iter(t).count(),
                    "{p} {t}"
                );
            }
        }
    }
}
