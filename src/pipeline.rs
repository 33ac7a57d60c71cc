//! The pipeline glue that the command line and the refresh use: file → [`Document`] →
//! [`LegalContent`].

use std::path::Path;

use crate::legal::LegalContent;
use crate::source::{self, Source, SourceError};
use crate::structure::{self, Document};
use crate::text;

/// Parses a source already read into memory. Never fails.
pub fn parse_source(src: &Source) -> Document {
    let text = text::extract(src);
    structure::parse(&text, &src.path.to_string_lossy(), src.format)
}

/// Reads and parses a file. Fails only when the file cannot be read or is not an act at all.
pub fn parse_path(path: &Path) -> Result<Document, SourceError> {
    let src = source::read(path)?;
    Ok(parse_source(&src))
}

/// Parses a file and extracts its legal content.
pub fn scan_path(path: &Path) -> Result<(Document, LegalContent), SourceError> {
    let doc = parse_path(path)?;
    let legal = crate::legal::extract(&doc);
    Ok((doc, legal))
}
