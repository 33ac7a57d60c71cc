//! The pipeline glue that the command line and the refresh use: file → [`Document`] →
//! [`LegalContent`].

use std::path::Path;

use tizilim_legal::LegalContent;
use tizilim_source::{self as source, Source, SourceError};
use tizilim_structure::{self as structure, Document};
use tizilim_text::{self as text, ExtractOptions};

/// Parses a source and extracts its legal content with the default [`ExtractOptions`]; see
/// [`analyse_source_with`].
pub fn analyse_source(src: &Source) -> (Document, LegalContent) {
    analyse_source_with(src, &ExtractOptions::default())
}

/// Parses a source and extracts its legal content; the act's status and repealing act are
/// completed from its amendment notes. Never fails.
pub fn analyse_source_with(src: &Source, opts: &ExtractOptions) -> (Document, LegalContent) {
    let text = text::extract_with(src, opts);
    let mut doc = structure::parse(&text, &src.path.to_string_lossy(), src.format);
    let legal = tizilim_legal::extract(&doc);
    tizilim_legal::complete_meta(&mut doc.act, &legal.notes);
    (doc, legal)
}

/// Parses a source already read into memory. Never fails.
pub fn parse_source(src: &Source) -> Document {
    analyse_source(src).0
}

/// Parses a source already read into memory with the given options. Never fails.
pub fn parse_source_with(src: &Source, opts: &ExtractOptions) -> Document {
    analyse_source_with(src, opts).0
}

/// Reads and parses a file. Fails only when the file cannot be read or is not an act at all.
pub fn parse_path(path: &Path) -> Result<Document, SourceError> {
    parse_path_with(path, &ExtractOptions::default())
}

/// Reads and parses a file with the given options.
pub fn parse_path_with(path: &Path, opts: &ExtractOptions) -> Result<Document, SourceError> {
    let src = source::read(path)?;
    Ok(parse_source_with(&src, opts))
}

/// Reads a file, parses it and extracts its legal content.
pub fn scan_path(path: &Path) -> Result<(Document, LegalContent), SourceError> {
    scan_path_with(path, &ExtractOptions::default())
}

/// Reads a file, parses it and extracts its legal content with the given options.
pub fn scan_path_with(
    path: &Path,
    opts: &ExtractOptions,
) -> Result<(Document, LegalContent), SourceError> {
    let src = source::read(path)?;
    Ok(analyse_source_with(&src, opts))
}

/// The findings of a run from the facts of the acts the store holds, against the register
/// file. Without a register there is nothing to compare with: no findings. A register that
/// cannot be read is an error naming the file.
pub fn findings_for_stored(
    acts: &dyn tizilim_findings::FactSource,
    registry: Option<&Path>,
) -> Result<Vec<tizilim_findings::Finding>, String> {
    let Some(path) = registry.filter(|p| p.exists()) else {
        return Ok(Vec::new());
    };
    let register = tizilim_registry::load(path).map_err(|e| e.to_string())?;
    tizilim_findings::detect_from(&register, acts)
}

/// The findings for parsed acts against the register file (see [`findings_for_stored`]).
pub fn findings_for(
    docs: &[(Document, LegalContent)],
    registry: Option<&Path>,
) -> Result<Vec<tizilim_findings::Finding>, String> {
    let facts: Vec<tizilim_findings::ActFacts> = docs
        .iter()
        .map(|(d, l)| tizilim_findings::ActFacts::of(d, l))
        .collect();
    findings_for_stored(&facts, registry)
}
