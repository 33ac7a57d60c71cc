//! HTML reader for adilet's document pages (scraper).

use super::TextDoc;

/// Extracts blocks and the page header from an HTML page.
pub fn extract(_bytes: &[u8]) -> TextDoc {
    TextDoc::default()
}
