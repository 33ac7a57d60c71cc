//! Language detection (kk/ru) and text-quality verdicts (clean / garbled / empty).

use super::{Language, TextDoc};

/// Sets page qualities and the quality flags of `doc`.
pub fn assess(_doc: &mut TextDoc) {}

/// Detects the language of a text: Kazakh-specific letters and words versus Russian ones.
pub fn detect(_text: &str) -> Language {
    Language::Ru
}

/// Detects the language of a whole document from its blocks and header.
pub fn detect_doc(doc: &super::TextDoc) -> Language {
    let mut s = String::new();
    for b in doc.blocks.iter().take(200) {
        s.push_str(&b.text);
        s.push('\n');
    }
    detect(&s)
}
