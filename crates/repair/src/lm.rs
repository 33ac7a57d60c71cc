//! A character trigram language model of clean Kazakh/Russian words (add-k smoothing), used
//! to weigh readings that no corpus attests.

use std::collections::HashMap;

use super::lexicon::{letter_byte, ALPHABET};

/// Trigram counts over the lexicon alphabet, with `0` as the word boundary.
#[derive(Debug, Clone, Default)]
pub(crate) struct CharLm {
    tri: HashMap<[u8; 3], u32>,
    bi: HashMap<[u8; 2], u32>,
}

impl CharLm {
    /// Counts the trigrams of `word` (lowercase), `weight` times.
    pub fn add_word(&mut self, word: &str, weight: u32) {
        let Some(w) = word.chars().map(letter_byte).collect::<Option<Vec<u8>>>() else {
            return;
        };
        let mut prev = [0u8, 0u8];
        for &b in w.iter().chain(std::iter::once(&0u8)) {
            *self.tri.entry([prev[0], prev[1], b]).or_default() += weight;
            *self.bi.entry(prev).or_default() += weight;
            prev = [prev[1], b];
        }
    }

    /// Average cost (−ln p) per character of `word`; 0 when the model is empty.
    pub fn cost_per_char(&self, word: &str) -> f32 {
        if self.bi.is_empty() {
            return 0.0;
        }
        let Some(w) = word.chars().map(letter_byte).collect::<Option<Vec<u8>>>() else {
            return 8.0;
        };
        #[allow(clippy::cast_precision_loss)]
        let v = (ALPHABET.len() + 1) as f32;
        let k = 0.1f32;
        let mut prev = [0u8, 0u8];
        let mut sum = 0f32;
        let mut n = 0f32;
        for &b in w.iter().chain(std::iter::once(&0u8)) {
            #[allow(clippy::cast_precision_loss)]
            let t = self.tri.get(&[prev[0], prev[1], b]).copied().unwrap_or(0) as f32;
            #[allow(clippy::cast_precision_loss)]
            let c = self.bi.get(&prev).copied().unwrap_or(0) as f32;
            sum -= ((t + k) / (c + k * v)).ln();
            n += 1.0;
            prev = [prev[1], b];
        }
        sum / n.max(1.0)
    }
}
