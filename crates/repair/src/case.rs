//! The case a repaired word is written in, learned from OCR pairs.
//!
//! English OCR gets the case of Cyrillic letters wrong in ways that depend on the letter (a
//! small «п» comes out as `n`, a capital one as `N`; a small «б» as `G` as often as `6`) and
//! on the font, so the glyphs alone do not say whether «полиция» starts a name. The choice
//! between small letters, a capital first letter and capitals throughout is a multinomial
//! logistic model over a few discrete features of the token and its context (the first
//! garbled character, the case pattern of the rest, where the word stands, how the corpus
//! writes the word and the word pair, and the hand-written rule's own answer), trained on
//! aligned training pairs by `examples/repair_eval.rs --pairs=DIR --learn` and committed as
//! `data/case.tsv` (`feature\tlower\ttitle\tupper` weights). With an empty table the rule
//! decides alone.

use std::collections::HashMap;

/// The committed weights.
const LEARNED: &str = include_str!("../data/case.tsv");

/// How a word is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Class {
    /// Small letters only.
    Lower = 0,
    /// A capital first letter.
    Title = 1,
    /// Capitals throughout.
    Upper = 2,
}

impl Class {
    /// The class of a written word: capitals throughout (two letters or more), a capital
    /// first letter, or neither.
    pub fn of(word: &str) -> Class {
        let letters: Vec<char> = word.chars().filter(|c| c.is_alphabetic()).collect();
        match letters.first() {
            Some(f) if f.is_uppercase() => {
                if letters.len() > 1 && letters.iter().all(|c| c.is_uppercase()) {
                    Class::Upper
                } else {
                    Class::Title
                }
            }
            _ => Class::Lower,
        }
    }

    /// A short name for features.
    pub fn name(self) -> &'static str {
        match self {
            Class::Lower => "lower",
            Class::Title => "title",
            Class::Upper => "upper",
        }
    }

    /// Writes the lowercase `word` in this class.
    pub fn apply(self, word: &str) -> String {
        match self {
            Class::Lower => word.to_string(),
            Class::Upper => word.to_uppercase(),
            Class::Title => {
                let mut cs = word.chars();
                match cs.next() {
                    Some(f) => f.to_uppercase().chain(cs).collect(),
                    None => String::new(),
                }
            }
        }
    }

    const ALL: [Class; 3] = [Class::Lower, Class::Title, Class::Upper];
}

/// The weights of the case model.
#[derive(Debug, Clone, Default)]
pub struct CaseModel {
    weights: HashMap<String, [f32; 3]>,
}

impl CaseModel {
    /// The committed model.
    pub fn load() -> Self {
        Self::from_tsv(LEARNED)
    }

    /// Parses `feature\tlower\ttitle\tupper` lines; lines that do not parse are skipped.
    pub fn from_tsv(tsv: &str) -> Self {
        let mut weights = HashMap::new();
        for [name, a, b, c] in crate::tsv_rows4(tsv) {
            let (Ok(a), Ok(b), Ok(c)) = (a.parse(), b.parse(), c.parse()) else {
                continue;
            };
            weights.insert(name.to_string(), [a, b, c]);
        }
        CaseModel { weights }
    }

    /// True when the model has no weights (the rule decides).
    pub fn is_empty(&self) -> bool {
        self.weights.is_empty()
    }

    /// The class with the highest score for these features.
    pub fn classify(&self, features: &[String]) -> Class {
        let s = self.scores(features);
        let mut best = Class::Lower;
        for c in Class::ALL {
            if s[c as usize] > s[best as usize] {
                best = c;
            }
        }
        best
    }

    fn scores(&self, features: &[String]) -> [f32; 3] {
        let mut s = self.weights.get("bias").copied().unwrap_or([0.0; 3]);
        for f in features {
            if let Some(w) = self.weights.get(f) {
                for k in 0..3 {
                    s[k] += w[k];
                }
            }
        }
        s
    }
}

/// Trains the model on (features, class) examples by stochastic gradient descent on the
/// multinomial log loss with a small L2 penalty, in a fixed order (the same examples give the
/// same weights); returns it in the `data/case.tsv` format. Features seen fewer than twice are
/// left out.
pub fn train(examples: &[(Vec<String>, Class)]) -> String {
    const EPOCHS: usize = 30;
    const RATE: f32 = 0.05;
    const L2: f32 = 1e-4;
    let mut counts: HashMap<&str, u32> = HashMap::new();
    for (fs, _) in examples {
        for f in fs {
            *counts.entry(f.as_str()).or_default() += 1;
        }
    }
    let mut model = CaseModel::default();
    model.weights.insert("bias".to_string(), [0.0; 3]);
    // Examples come grouped by act: each epoch visits them in a new (deterministic) order, and
    // the step shrinks, so that the last acts seen do not pull the weights their way.
    let mut order: Vec<usize> = (0..examples.len()).collect();
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    for epoch in 0..EPOCHS {
        for i in (1..order.len()).rev() {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            #[allow(clippy::cast_possible_truncation)]
            let j = (seed % (i as u64 + 1)) as usize;
            order.swap(i, j);
        }
        #[allow(clippy::cast_precision_loss)]
        let rate = RATE / (1.0 + 0.2 * epoch as f32);
        for (fs, class) in order.iter().map(|&i| &examples[i]) {
            let fs: Vec<String> = fs
                .iter()
                .filter(|f| counts.get(f.as_str()).copied().unwrap_or(0) >= 2)
                .cloned()
                .chain(std::iter::once("bias".to_string()))
                .collect();
            let s = model.scores(&fs[..fs.len() - 1]);
            let max = s.iter().copied().fold(f32::MIN, f32::max);
            let e: Vec<f32> = s.iter().map(|x| (x - max).exp()).collect();
            let z: f32 = e.iter().sum();
            for f in &fs {
                let w = model.weights.entry(f.clone()).or_insert([0.0; 3]);
                for k in 0..3 {
                    let target = if k == *class as usize { 1.0 } else { 0.0 };
                    let grad = e[k] / z - target;
                    w[k] -= rate * (grad + L2 * w[k]);
                }
            }
        }
    }
    let mut rows: Vec<(&String, &[f32; 3])> = model.weights.iter().collect();
    rows.sort_by(|a, b| a.0.cmp(b.0));
    let mut out = String::from(
        "# feature\tlower\ttitle\tupper (learned by examples/repair_eval.rs --pairs=DIR --learn)\n",
    );
    for (f, w) in rows {
        if w.iter().all(|x| x.abs() < 1e-3) {
            continue;
        }
        out.push_str(&format!("{f}\t{:.3}\t{:.3}\t{:.3}\n", w[0], w[1], w[2]));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_of_words() {
        assert_eq!(Class::of("полиция"), Class::Lower);
        assert_eq!(Class::of("Полиция"), Class::Title);
        assert_eq!(Class::of("ҚАУЛЫ"), Class::Upper);
        assert_eq!(Class::of("В"), Class::Title);
        assert_eq!(Class::of("ҚазМұнайГаз"), Class::Title);
        assert_eq!(Class::Title.apply("әділет"), "Әділет");
        assert_eq!(Class::Upper.apply("қр"), "ҚР");
    }

    #[test]
    fn learns_what_a_feature_says() {
        let ex: Vec<(Vec<String>, Class)> = (0..60)
            .map(|i| match i % 3 {
                0 => (vec!["first=N".to_string()], Class::Title),
                1 => (vec!["first=n".to_string()], Class::Lower),
                _ => (vec!["caps".to_string()], Class::Upper),
            })
            .collect();
        let m = CaseModel::from_tsv(&train(&ex));
        assert_eq!(m.classify(&["first=N".to_string()]), Class::Title);
        assert_eq!(m.classify(&["first=n".to_string()]), Class::Lower);
        assert_eq!(m.classify(&["caps".to_string()]), Class::Upper);
    }
}
