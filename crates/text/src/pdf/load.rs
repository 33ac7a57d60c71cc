//! Loading a PDF with lopdf: panics caught, object streams inflated with a cap, encrypted files
//! refused, and a broken or missing cross-reference table rebuilt by scanning for objects.

use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::LazyLock;

use lopdf::{Document, Object, ObjectId, Reader};
use memchr::memmem;
use regex::bytes::Regex;

use super::filters::{self, MAX_STREAM};
use super::nesting;
use tizilim_lex::diag::{Diagnostic, Diagnostics};

/// Largest object number accepted while rebuilding a cross-reference table.
const MAX_OBJ_NUM: u32 = 8_000_000;

/// Applied by lopdf to every object it loads: object streams are decoded here, with the cap,
/// so that lopdf's unbounded decompression never sees compressed data.
///
/// lopdf keeps a top-level object as modified in place and ignores the returned copy, but uses
/// the returned copy for objects inside object streams (never streams themselves): streams are
/// changed in place and not copied, other objects are returned as they are.
fn cap_object_streams(id: ObjectId, obj: &mut Object) -> Option<(ObjectId, Object)> {
    if let Object::Stream(s) = obj {
        // lopdf parses the objects inside with its recursive parser: guard their nesting too.
        if s.dict.has_type(b"ObjStm") && !s.dict.has(b"Filter") {
            if let Some((flat, _)) = nesting::flatten(&s.content) {
                s.set_content(flat);
            }
        }
        if s.dict.has_type(b"ObjStm") && s.dict.has(b"Filter") {
            match filters::decode(s, MAX_STREAM) {
                Ok(data) => {
                    s.dict.remove(b"Filter");
                    s.dict.remove(b"DecodeParms");
                    let data = nesting::flatten(&data).map_or(data, |(flat, _)| flat);
                    s.set_content(data);
                }
                Err(_) => {
                    s.dict.remove(b"Filter");
                    s.dict.remove(b"DecodeParms");
                    s.set_content(Vec::new());
                }
            }
        }
    }
    match obj {
        Object::Stream(_) => Some((id, Object::Null)),
        other => Some((id, other.clone())),
    }
}

/// Stack for lopdf's recursive parser (virtual memory: only the pages used are committed).
const PARSER_STACK: usize = 256 << 20;

fn read(bytes: &[u8]) -> Result<Document, String> {
    let parse = || match catch_unwind(AssertUnwindSafe(|| {
        Reader {
            buffer: bytes,
            document: Document::new(),
            encryption_state: None,
            raw_objects: Default::default(),
        }
        .read(Some(cap_object_streams))
    })) {
        Ok(Ok(doc)) => Ok(doc),
        Ok(Err(e)) => Err(e.to_string()),
        Err(_) => Err("the PDF parser panicked".to_string()),
    };
    // The caller may be a worker thread with a small stack: parse on a thread of our own with
    // a large one (see `nesting`). When no such thread can be made, parse here.
    std::thread::scope(|s| {
        match std::thread::Builder::new()
            .name("pdf-parse".into())
            .stack_size(PARSER_STACK)
            .spawn_scoped(s, parse)
        {
            Ok(h) => h
                .join()
                .unwrap_or_else(|_| Err("the PDF parser panicked".to_string())),
            Err(_) => parse(),
        }
    })
}

/// Whether the file declares encryption (`/Encrypt` in a trailer or cross-reference stream).
fn declares_encryption(bytes: &[u8]) -> bool {
    memmem::find_iter(bytes, b"/Encrypt").any(|p| {
        let rest = bytes.get(p + 8..).unwrap_or(&[]);
        let rest = &rest[rest.iter().take_while(|b| b.is_ascii_whitespace()).count()..];
        matches!(rest.first(), Some(b'0'..=b'9') | Some(b'<'))
    })
}

/// lopdf inflates cross-reference streams without a cap before any of our code runs: check
/// them first, with the cap.
fn xref_streams_bounded(bytes: &[u8]) -> bool {
    for p in memmem::find_iter(bytes, b"/XRef").take(1000) {
        let Some(window) = bytes.get(p..(p + 4096).min(bytes.len())) else {
            continue;
        };
        let Some(s) = memmem::find(window, b"stream") else {
            continue;
        };
        let mut start = p + s + 6;
        if bytes.get(start) == Some(&b'\r') {
            start += 1;
        }
        if bytes.get(start) == Some(&b'\n') {
            start += 1;
        }
        let rest = bytes.get(start..).unwrap_or(&[]);
        let end = memmem::find(rest, b"endstream").unwrap_or(rest.len());
        let mut d = lopdf::Dictionary::new();
        d.set("Filter", Object::Name(b"FlateDecode".to_vec()));
        let st = lopdf::Stream::new(d, rest[..end].to_vec());
        if filters::decode(&st, MAX_STREAM) == Err(filters::DecodeError::TooLarge) {
            return false;
        }
    }
    true
}

/// Loads a document. `None` with an error diagnostic when nothing can be read.
pub(super) fn load(bytes: &[u8], diags: &mut Diagnostics) -> Option<Document> {
    let flat = nesting::flatten(bytes);
    let bytes = match &flat {
        Some((flat, cuts)) => {
            diags.push(Diagnostic::warning(
                "",
                format!(
                    "{cuts} PDF arrays or dictionaries nested deeper than {} levels were emptied",
                    nesting::MAX_NESTING
                ),
            ));
            flat.as_slice()
        }
        None => bytes,
    };
    if declares_encryption(bytes) {
        diags.push(Diagnostic::error(
            "",
            "encrypted PDF: password-protected documents are not read",
        ));
        return None;
    }
    if !xref_streams_bounded(bytes) {
        diags.push(Diagnostic::error(
            "",
            format!(
                "unreadable PDF: a cross-reference stream decodes to more than {MAX_STREAM} bytes"
            ),
        ));
        return None;
    }
    if let Some(small) = without_images(bytes) {
        if let Ok(mut doc) = read(&small) {
            set_root(&mut doc);
            if doc.catalog().is_ok() && doc.page_iter().next().is_some() {
                return Some(doc);
            }
        }
    }
    let first = read(bytes);
    let usable = |d: &Document| d.catalog().is_ok() && d.page_iter().next().is_some();
    let err = match first {
        Ok(doc) if usable(&doc) => return Some(doc),
        Ok(_) => "no pages reachable from the catalog".to_string(),
        Err(e) => e,
    };
    // Rebuild the cross-reference table from the objects found in the file.
    let (rebuilt, n) = rebuild_xref(bytes);
    if n > 0 {
        if let Ok(mut doc) = read(&rebuilt) {
            set_root(&mut doc);
            if usable(&doc) {
                diags.push(Diagnostic::warning(
                    "",
                    format!("damaged PDF ({err}): cross-reference table rebuilt from {n} objects"),
                ));
                return Some(doc);
            }
        }
    }
    diags.push(Diagnostic::error("", format!("unreadable PDF: {err}")));
    None
}

/// Points the trailer's `/Root` at a catalog found among the objects.
fn set_root(doc: &mut Document) {
    if doc.catalog().is_ok() {
        return;
    }
    let root = doc
        .objects
        .iter()
        .filter(|(_, o)| {
            o.as_dict()
                .is_ok_and(|d| d.has_type(b"Catalog") && d.has(b"Pages"))
        })
        .map(|(id, _)| *id)
        .next_back();
    if let Some(id) = root {
        doc.trailer.set("Root", Object::Reference(id));
    }
}

/// Finds every `N G obj` in the file: object number → (generation, offset). Later
/// definitions win, as in incremental updates.
fn scan_objects(bytes: &[u8]) -> BTreeMap<u32, (u16, usize)> {
    let mut found: BTreeMap<u32, (u16, usize)> = BTreeMap::new();
    for p in memmem::find_iter(bytes, b"obj") {
        if p >= 3 && &bytes[p - 3..p] == b"end" {
            continue;
        }
        if bytes.get(p + 3).is_some_and(|b| b.is_ascii_alphanumeric()) {
            continue;
        }
        // Backwards: whitespace, generation, whitespace, number.
        let mut i = p;
        let ws = |i: &mut usize| {
            let s = *i;
            while *i > 0 && bytes[*i - 1].is_ascii_whitespace() {
                *i -= 1;
            }
            *i < s
        };
        let digits = |i: &mut usize| {
            let e = *i;
            while *i > 0 && bytes[*i - 1].is_ascii_digit() && e - *i < 10 {
                *i -= 1;
            }
            std::str::from_utf8(&bytes[*i..e])
                .ok()
                .and_then(|s| s.parse::<u64>().ok())
        };
        if !ws(&mut i) {
            continue;
        }
        let Some(gen) = digits(&mut i) else { continue };
        if !ws(&mut i) {
            continue;
        }
        let Some(num) = digits(&mut i) else { continue };
        if i > 0 && !bytes[i - 1].is_ascii_whitespace() {
            continue;
        }
        if num == 0 || num > u64::from(MAX_OBJ_NUM) || gen > 65535 {
            continue;
        }
        found.insert(num as u32, (gen as u16, i));
    }
    found
}

/// Appends a cross-reference table listing `objs` and a trailer without `/Root`.
fn append_xref(out: &mut Vec<u8>, objs: &BTreeMap<u32, (u16, usize)>) {
    out.extend_from_slice(b"\n");
    let xref_at = out.len();
    out.extend_from_slice(b"xref\n0 1\n0000000000 65535 f \n");
    for (num, (gen, off)) in objs {
        out.extend_from_slice(format!("{num} 1\n{off:010} {gen:05} n \n").as_bytes());
    }
    let size = objs.keys().next_back().map_or(1, |m| m + 1);
    out.extend_from_slice(
        format!("trailer\n<< /Size {size} >>\nstartxref\n{xref_at}\n%%EOF\n").as_bytes(),
    );
}

/// Appends a fresh cross-reference table listing every `N G obj` found and a trailer.
/// Returns the new file and the number of objects listed.
fn rebuild_xref(bytes: &[u8]) -> (Vec<u8>, usize) {
    let found = scan_objects(bytes);
    let mut out = bytes.to_vec();
    append_xref(&mut out, &found);
    (out, found.len())
}

static LENGTH: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"/Length\s+\d+(?:\s+\d+\s+R)?").unwrap_or_else(|_| unreachable!())
});

/// A copy of the file without the data of image streams, with a fresh cross-reference table;
/// `None` when images are not most of the file.
///
/// lopdf's parser counts line breaks from the start of the file up to every object it reads
/// (for error locations), which makes loading quadratic in practice on scanned PDFs whose
/// megabytes of images sit between the small text objects. Text extraction never needs image
/// data, so it goes before lopdf sees the file.
fn without_images(bytes: &[u8]) -> Option<Vec<u8>> {
    if bytes.len() < (1 << 20) {
        return None;
    }
    let objs = scan_objects(bytes);
    let mut starts: Vec<(usize, u32, u16)> = objs.iter().map(|(n, (g, o))| (*o, *n, *g)).collect();
    starts.sort_unstable();
    let mut out = Vec::with_capacity(bytes.len() / 8);
    out.extend_from_slice(b"%PDF-1.7\n");
    let mut new_objs = BTreeMap::new();
    let mut dropped = 0usize;
    for (k, &(off, num, gen)) in starts.iter().enumerate() {
        let end = starts.get(k + 1).map_or(bytes.len(), |s| s.0);
        let obj = bytes.get(off..end)?;
        new_objs.insert(num, (gen, out.len()));
        let image_dict = memmem::find(obj, b"stream").and_then(|s| {
            let dict = &obj[..s];
            let is_image =
                memmem::find(dict, b"/Image").is_some() && memmem::find(dict, b"/Form").is_none();
            is_image.then_some(dict)
        });
        match image_dict {
            Some(dict) => {
                dropped += obj.len();
                out.extend_from_slice(&LENGTH.replace_all(dict, &b"/Length 0"[..]));
                out.extend_from_slice(b"stream\nendstream\nendobj\n");
            }
            None => out.extend_from_slice(obj),
        }
    }
    if dropped * 2 < bytes.len() {
        return None;
    }
    append_xref(&mut out, &new_objs);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encryption_is_detected_in_trailers_only() {
        assert!(declares_encryption(
            b"trailer << /Root 1 0 R /Encrypt 5 0 R >>"
        ));
        assert!(declares_encryption(
            b"<< /Encrypt << /Filter /Standard >> >>"
        ));
        assert!(!declares_encryption(b"(text about /Encrypt keys)"));
    }

    #[test]
    fn rebuilt_xref_lists_objects() {
        let (out, n) =
            rebuild_xref(b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\n12 0 obj 5 endobj");
        assert_eq!(n, 2);
        let s = String::from_utf8_lossy(&out);
        assert!(s.contains("1 1\n0000000009 00000 n"), "{s}");
        assert!(s.contains("/Size 13"));
    }
}
