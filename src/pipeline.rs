//! The pipeline glue that the command line and the refresh use: file → [`Document`] →
//! [`LegalContent`].

use std::path::Path;

use crate::legal::LegalContent;
use crate::source::{self, Source, SourceError};
use crate::structure::{self, Document};
use crate::text;

/// Parses a source and extracts its legal content; the act's status and repealing act are
/// completed from its amendment notes. Never fails.
pub fn analyse_source(src: &Source) -> (Document, LegalContent) {
    let text = text::extract(src);
    let mut doc = structure::parse(&text, &src.path.to_string_lossy(), src.format);
    let legal = crate::legal::extract(&doc);
    crate::legal::complete_meta(&mut doc.act, &legal.notes);
    (doc, legal)
}

/// Parses a source already read into memory. Never fails.
pub fn parse_source(src: &Source) -> Document {
    analyse_source(src).0
}

/// Reads and parses a file. Fails only when the file cannot be read or is not an act at all.
pub fn parse_path(path: &Path) -> Result<Document, SourceError> {
    let src = source::read(path)?;
    Ok(parse_source(&src))
}

/// Reads a file, parses it and extracts its legal content.
pub fn scan_path(path: &Path) -> Result<(Document, LegalContent), SourceError> {
    let src = source::read(path)?;
    Ok(analyse_source(&src))
}
