//! Language detection (kk/ru) and text-quality verdicts (clean / garbled / empty).

use super::{Language, TextDoc};

/// Sets page qualities and the quality flags of `doc`.
pub fn assess(_doc: &mut TextDoc) {}

/// Detects the language of a text: Kazakh-specific letters and words versus Russian ones.
pub fn detect(_text: &str) -> Language {
    Language::Ru
}
