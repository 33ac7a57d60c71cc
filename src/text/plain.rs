//! Plain-text and Markdown exports of acts.

use super::TextDoc;

/// Extracts blocks from a text export.
pub fn extract(_bytes: &[u8]) -> TextDoc {
    TextDoc::default()
}
