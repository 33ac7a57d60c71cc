//! `tizilim-source`: the only stage that reads bytes from disk.
//!
//! It reads a file (with a size limit), detects its format from the bytes (not from the name), and
//! decodes text formats to UTF-8: a BOM first, then an HTML `<meta charset>`, then valid UTF-8,
//! then a statistical detector (chardetng) that tells windows-1251 from KOI8-R. Its
//! counterpart for output, [`fsutil`], is the one atomic file write every stage uses.

pub mod fsutil;

use std::path::{Path, PathBuf};

use serde::Serialize;

use tizilim_lex::diag::{Diagnostic, Diagnostics};

/// Inputs larger than this are refused (bytes). Acts are rarely above a few MB; scans reach tens.
pub const MAX_INPUT_BYTES: u64 = 256 * 1024 * 1024;

/// The format of an input, detected from its bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Format {
    /// An HTML page (adilet's document page or a saved copy).
    Html,
    /// A PDF document.
    Pdf,
    /// Plain text or Markdown (exports of acts).
    Text,
}

impl Format {
    /// The name used in JSON output.
    pub fn as_str(self) -> &'static str {
        match self {
            Format::Html => "html",
            Format::Pdf => "pdf",
            Format::Text => "text",
        }
    }
}

/// Why an input could not be read at all.
#[derive(Debug, thiserror::Error)]
pub enum SourceError {
    /// The file could not be opened or read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
    /// The file is larger than [`MAX_INPUT_BYTES`].
    #[error("{path}: file is {size} bytes, over the limit of {limit} bytes")]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// The file is empty.
    #[error("{path}: file is empty")]
    Empty {
        /// The file.
        path: PathBuf,
    },
    /// The bytes are neither HTML, PDF nor text.
    #[error("{path}: not an act: {why}")]
    NotAnAct {
        /// The file.
        path: PathBuf,
        /// What the bytes look like.
        why: String,
    },
}

/// An input file read into memory, with its detected format.
#[derive(Debug, Clone)]
pub struct Source {
    /// The path as given.
    pub path: PathBuf,
    /// The raw bytes.
    pub bytes: Vec<u8>,
    /// The detected format.
    pub format: Format,
    /// For a text input, the `meta.yaml` that stands beside it (the act's requisites as the
    /// public consolidated-text corpus keeps them), when there is one and it reads as UTF-8.
    pub meta: Option<String>,
}

/// The name of the requisites file that may stand beside a text act.
pub const META_FILE: &str = "meta.yaml";

/// Reads `path` and detects its format, with the `meta.yaml` beside a text input. Fails only
/// when there is nothing to parse.
pub fn read(path: &Path) -> Result<Source, SourceError> {
    from_file_bytes(path, read_bytes(path)?)
}

/// [`read`] of the bytes of `path` already read ([`read_bytes`]): the format detected, and for a
/// text input the `meta.yaml` beside it read.
pub fn from_file_bytes(path: &Path, bytes: Vec<u8>) -> Result<Source, SourceError> {
    let mut src = from_bytes(path, bytes)?;
    if src.format == Format::Text {
        let meta = path.parent().map(|d| d.join(META_FILE));
        src.meta = meta
            .filter(|m| m.is_file())
            .and_then(|m| read_bytes(&m).ok())
            .and_then(|b| String::from_utf8(b).ok());
    }
    Ok(src)
}

/// Reads a whole file into memory, refusing files over [`MAX_INPUT_BYTES`]: the one way input
/// bytes (acts, registers) come from disk.
pub fn read_bytes(path: &Path) -> Result<Vec<u8>, SourceError> {
    let meta = std::fs::metadata(path).map_err(|source| SourceError::Io {
        path: path.to_owned(),
        source,
    })?;
    if meta.len() > MAX_INPUT_BYTES {
        return Err(SourceError::TooLarge {
            path: path.to_owned(),
            size: meta.len(),
            limit: MAX_INPUT_BYTES,
        });
    }
    std::fs::read(path).map_err(|source| SourceError::Io {
        path: path.to_owned(),
        source,
    })
}

/// SHA-256 of a file's content, hex, read in a stream (no size limit: nothing is kept).
pub fn hash_file(path: &Path) -> std::io::Result<String> {
    use sha2::{Digest, Sha256};
    let mut f = std::fs::File::open(path)?;
    let mut h = Sha256::new();
    std::io::copy(&mut f, &mut h)?;
    Ok(hex(&h.finalize()))
}

/// Lower-case hex of a digest.
fn hex(digest: &[u8]) -> String {
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// The SHA-256 of bytes in memory, as [`hash_file`] gives it for a file that holds them.
pub fn hash_bytes(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    hex(&Sha256::digest(bytes))
}

/// Builds a [`Source`] from bytes already in memory (tests, benchmarks, fuzzing).
pub fn from_bytes(path: &Path, bytes: Vec<u8>) -> Result<Source, SourceError> {
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(SourceError::Empty {
            path: path.to_owned(),
        });
    }
    let format = detect_format(&bytes).map_err(|why| SourceError::NotAnAct {
        path: path.to_owned(),
        why: why.to_string(),
    })?;
    Ok(Source {
        path: path.to_owned(),
        bytes,
        format,
        meta: None,
    })
}

/// Detects the format from the bytes: `%PDF-` near the start, HTML markup near the start, else
/// text when the bytes decode as text.
pub fn detect_format(bytes: &[u8]) -> Result<Format, &'static str> {
    let head = &bytes[..bytes.len().min(1024)];
    if find(head, b"%PDF-").is_some() {
        return Ok(Format::Pdf);
    }
    let (text, _, _) = decode_head(head);
    let lower = text
        .trim_start_matches('\u{feff}')
        .trim_start()
        .to_lowercase();
    if lower.starts_with("<!doctype html")
        || lower.starts_with("<html")
        || lower.starts_with("<?xml") && lower.contains("<html")
        || lower.starts_with("<head")
        || lower.starts_with("<body")
        || lower.starts_with("<div")
        || lower.starts_with("<meta")
        || lower.starts_with("<!--") && lower.contains("<html")
        || (lower.starts_with('<') && lower.contains("<html"))
    {
        return Ok(Format::Html);
    }
    if looks_binary(bytes) {
        return Err("binary data (neither PDF, HTML nor text)");
    }
    Ok(Format::Text)
}

fn decode_head(head: &[u8]) -> (String, &'static str, bool) {
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(head) {
        let (cow, _) = enc.decode_without_bom_handling(&head[bom..]);
        return (cow.into_owned(), enc.name(), true);
    }
    (String::from_utf8_lossy(head).into_owned(), "UTF-8", false)
}

/// True when the bytes are not text: NUL bytes or many control characters (UTF-16 with a BOM
/// is text).
fn looks_binary(bytes: &[u8]) -> bool {
    if encoding_rs::Encoding::for_bom(bytes).is_some() {
        return false;
    }
    let sample = &bytes[..bytes.len().min(64 * 1024)];
    let mut control = 0usize;
    for &b in sample {
        if b == 0 {
            return true;
        }
        if b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c) {
            control += 1;
        }
    }
    control * 20 > sample.len()
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Text decoded from bytes, with the encoding that was used.
#[derive(Debug, Clone)]
pub struct Decoded {
    /// The text, in UTF-8, without a BOM.
    pub text: String,
    /// The encoding's name (`UTF-8`, `windows-1251`, `KOI8-R`, `UTF-16LE`, ...).
    pub encoding: &'static str,
    /// How it was decided: `bom`, `meta`, `utf-8` or `detector`.
    pub how: &'static str,
}

/// Decodes text bytes: BOM, then `<meta charset>` (for HTML), then valid UTF-8, then chardetng.
/// Never fails: undecodable bytes become U+FFFD and a warning.
pub fn decode_text(bytes: &[u8], html: bool) -> (Decoded, Diagnostics) {
    let mut diags = Diagnostics::new();
    if let Some((enc, bom)) = encoding_rs::Encoding::for_bom(bytes) {
        let (cow, had_errors) = enc.decode_without_bom_handling(&bytes[bom..]);
        if had_errors {
            diags.push(Diagnostic::warning(
                "",
                format!("invalid {} sequences replaced", enc.name()),
            ));
        }
        return (
            Decoded {
                text: cow.into_owned(),
                encoding: enc.name(),
                how: "bom",
            },
            diags,
        );
    }
    // Validated once: most inputs are UTF-8, and the check is the costliest step here (SIMD:
    // std's check goes character by character over Cyrillic text).
    let utf8 = simdutf8::basic::from_utf8(bytes).ok();
    let mut how = "utf-8";
    if html {
        if let Some(enc) = meta_charset(bytes) {
            if enc == encoding_rs::UTF_8 {
                if utf8.is_some() {
                    how = "meta";
                } else {
                    // A page that says UTF-8 but is not is common in saved copies: trust the bytes.
                    diags.push(Diagnostic::warning(
                        "",
                        "the page declares UTF-8 but is not valid UTF-8; encoding detected from the bytes",
                    ));
                }
            } else if utf8.is_some() && !bytes.is_ascii() {
                // A page re-saved as UTF-8 that still declares windows-1251: text with non-ASCII
                // letters in a legacy encoding is practically never valid UTF-8.
                diags.push(Diagnostic::warning(
                    "",
                    format!(
                        "the page declares {} but is valid UTF-8; read as UTF-8",
                        enc.name()
                    ),
                ));
            } else {
                let (cow, had_errors) = enc.decode_without_bom_handling(bytes);
                if had_errors {
                    diags.push(Diagnostic::warning(
                        "",
                        format!("invalid {} sequences replaced", enc.name()),
                    ));
                }
                return (
                    Decoded {
                        text: cow.into_owned(),
                        encoding: enc.name(),
                        how: "meta",
                    },
                    diags,
                );
            }
        }
    }
    if let Some(s) = utf8 {
        return (
            Decoded {
                text: s.to_owned(),
                encoding: "UTF-8",
                how,
            },
            diags,
        );
    }
    if mostly_utf8(bytes) {
        // A UTF-8 text with a few broken sequences (a damaged download, a bad copy): reading
        // it as a legacy encoding would garble every letter to save a few.
        diags.push(Diagnostic::warning("", "invalid UTF-8 sequences replaced"));
        return (
            Decoded {
                text: String::from_utf8_lossy(bytes).into_owned(),
                encoding: "UTF-8",
                how,
            },
            diags,
        );
    }
    let enc = detect_legacy(bytes);
    let (cow, had_errors) = enc.decode_without_bom_handling(bytes);
    if had_errors {
        diags.push(Diagnostic::warning(
            "",
            format!("invalid {} sequences replaced", enc.name()),
        ));
    }
    diags.push(Diagnostic::info(
        "",
        format!("encoding detected as {}", enc.name()),
    ));
    (
        Decoded {
            text: cow.into_owned(),
            encoding: enc.name(),
            how: "detector",
        },
        diags,
    )
}

/// True when bytes that are not valid UTF-8 still are UTF-8 text with a few broken sequences:
/// valid multi-byte characters outnumber invalid sequences fourfold (in the first MiB).
/// Cyrillic in windows-1251 or KOI8-R practically never forms valid multi-byte UTF-8.
fn mostly_utf8(bytes: &[u8]) -> bool {
    let mut rest = &bytes[..bytes.len().min(1 << 20)];
    let (mut multibyte, mut invalid) = (0usize, 0usize);
    let count = |s: &str| s.chars().filter(|c| !c.is_ascii()).count();
    loop {
        match std::str::from_utf8(rest) {
            Ok(s) => {
                multibyte += count(s);
                break;
            }
            Err(e) => {
                let valid = e.valid_up_to();
                multibyte += std::str::from_utf8(&rest[..valid]).map_or(0, count);
                // A sequence cut by the end of the sample is not an error of the text.
                let Some(bad) = e.error_len() else { break };
                invalid += 1;
                rest = &rest[valid + bad..];
            }
        }
    }
    multibyte >= 8 && invalid * 4 <= multibyte
}

/// Chooses between the legacy Cyrillic encodings. chardetng is tuned for web pages; for short
/// Cyrillic texts it may hesitate between windows-1251 and KOI8-R, so the choice is confirmed by
/// which decoding yields more lowercase Cyrillic letters in lowercase positions (KOI8-R read as
/// 1251 gives mostly capitals, and the reverse).
fn detect_legacy(bytes: &[u8]) -> &'static encoding_rs::Encoding {
    let mut det = chardetng::EncodingDetector::new();
    det.feed(bytes, true);
    let guess = det.guess(None, true);
    let candidates = [encoding_rs::WINDOWS_1251, encoding_rs::KOI8_R, guess];
    let sample = &bytes[..bytes.len().min(256 * 1024)];
    let mut best = guess;
    let mut best_score = i64::MIN;
    for enc in candidates {
        let (text, _) = enc.decode_without_bom_handling(sample);
        let score = cyrillic_score(&text);
        if score > best_score {
            best_score = score;
            best = enc;
        }
    }
    best
}

fn cyrillic_score(text: &str) -> i64 {
    let mut score = 0i64;
    let mut prev_letter = false;
    for c in text.chars() {
        let cyr = ('\u{0400}'..='\u{04FF}').contains(&c);
        if cyr {
            // Inside a word, lowercase is the norm in running text.
            if prev_letter {
                score += if c.is_lowercase() { 2 } else { -1 };
            }
        } else if c == '\u{fffd}' {
            score -= 5;
        }
        prev_letter = c.is_alphabetic();
    }
    score
}

/// Reads `<meta charset=...>` or `<meta http-equiv content="...charset=...">` from the first 4 KB.
fn meta_charset(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let head = &bytes[..bytes.len().min(4096)];
    let head = String::from_utf8_lossy(head).to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = head[from..].find("charset") {
        let start = from + i + "charset".len();
        let rest = head[start..].trim_start_matches([' ', '=', '"', '\'']);
        let label: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '-' || *c == '_')
            .collect();
        if let Some(enc) = encoding_rs::Encoding::for_label(label.as_bytes()) {
            // UTF-16 declared in an ASCII-compatible meta is a lie by construction.
            if enc == encoding_rs::UTF_16LE || enc == encoding_rs::UTF_16BE {
                return Some(encoding_rs::UTF_8);
            }
            return Some(enc);
        }
        from = start;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const RU: &str =
        "Об утверждении Правил ведения реестра государственных услуг и приказ министра";

    /// The SIMD check gives std's verdict: valid Kazakh and Russian text, and every kind of
    /// broken sequence (overlong, surrogate, past U+10FFFF, cut, stray continuation) at every
    /// place of a text longer than one SIMD block.
    #[test]
    fn utf8_check_is_std_s() {
        let text = format!("{RU} Қазақстан Республикасының Үкіметі ҚАУЛЫ ЕТЕДІ: 1. ").repeat(3);
        let broken: [&[u8]; 7] = [
            b"\xC0\x80",
            b"\xED\xA0\x80",
            b"\xF4\x90\x80\x80",
            b"\xD0",
            b"\x80",
            b"\xE2\x82",
            b"\xF0\x9F\x98",
        ];
        let mut checked = 0;
        for at in (0..=text.len()).step_by(7) {
            for bad in broken {
                let mut b = text.as_bytes()[..at].to_vec();
                b.extend_from_slice(bad);
                b.extend_from_slice(&text.as_bytes()[at..]);
                assert_eq!(
                    simdutf8::basic::from_utf8(&b).is_ok(),
                    std::str::from_utf8(&b).is_ok(),
                    "{at} {bad:?}"
                );
                checked += 1;
            }
        }
        assert!(simdutf8::basic::from_utf8(text.as_bytes()).is_ok());
        assert!(checked > 100);
        let (d, _) = decode_text(text.as_bytes(), false);
        assert_eq!((d.text.as_str(), d.encoding), (text.as_str(), "UTF-8"));
    }

    #[test]
    fn detects_formats() {
        assert_eq!(detect_format(b"%PDF-1.7\n..."), Ok(Format::Pdf));
        assert_eq!(detect_format(b"<!DOCTYPE html><html>"), Ok(Format::Html));
        assert_eq!(detect_format("1. Пункт".as_bytes()), Ok(Format::Text));
        assert!(detect_format(b"\x00\x01\x02binary").is_err());
    }

    #[test]
    fn decodes_legacy_cyrillic_without_charset() {
        for enc in [encoding_rs::WINDOWS_1251, encoding_rs::KOI8_R] {
            let (bytes, _, _) = enc.encode(RU);
            let (d, _) = decode_text(&bytes, true);
            assert_eq!(d.text, RU, "{}", enc.name());
            assert_eq!(d.encoding, enc.name());
        }
    }

    #[test]
    fn utf8_with_a_few_broken_bytes_stays_utf8() {
        for text in [RU, "Мемлекеттік көрсетілетін қызметтер тізілімі"]
        {
            let space = text.find(' ').unwrap_or(0);
            let mut bytes = text.as_bytes().to_vec();
            bytes.insert(space, 0xFF);
            bytes.extend_from_slice(b" \xC0\xAF");
            let (d, diags) = decode_text(&bytes, false);
            assert_eq!(d.encoding, "UTF-8");
            assert!(d.text.contains(&text[space..]), "{}", d.text);
            assert_eq!(diags.len(), 1);
            // Legacy Cyrillic is still detected as such.
            if let Some(ru) = text.strip_prefix("Об") {
                let (cp, _, _) = encoding_rs::WINDOWS_1251.encode(ru);
                assert!(!mostly_utf8(&cp));
                assert_eq!(decode_text(&cp, false).0.text, ru);
            }
        }
    }

    #[test]
    fn decodes_utf16_with_bom() {
        let mut bytes = vec![0xFF, 0xFE];
        for u in RU.encode_utf16() {
            bytes.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(detect_format(&bytes), Ok(Format::Text));
        let (d, _) = decode_text(&bytes, false);
        assert_eq!(d.text, RU);
    }

    #[test]
    fn utf8_page_declaring_a_legacy_charset_is_read_as_utf8() {
        for text in [RU, "Мемлекеттік көрсетілетін қызметтер тізілімі"]
        {
            let page = format!("<html><head><meta charset=\"windows-1251\"></head><body>{text}");
            let (d, diags) = decode_text(page.as_bytes(), true);
            assert!(d.text.contains(text));
            assert_eq!(d.encoding, "UTF-8");
            assert_eq!(diags.len(), 1);
        }
    }

    #[test]
    fn meta_charset_is_honoured() {
        let (body, _, _) = encoding_rs::WINDOWS_1251.encode(RU);
        let mut bytes = b"<html><head><meta charset=\"windows-1251\"></head><body>".to_vec();
        bytes.extend_from_slice(&body);
        let (d, _) = decode_text(&bytes, true);
        assert!(d.text.contains(RU));
        assert_eq!(d.how, "meta");
    }
}
