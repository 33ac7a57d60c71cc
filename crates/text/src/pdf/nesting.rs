//! Nesting guard: empties arrays and dictionaries nested absurdly deep before lopdf parses them.
//!
//! lopdf's object parser is recursive (nom combinators, about twenty stack frames per level of
//! `[` or `<<`), so an object with thousands of nested arrays overflows the stack and aborts the
//! whole process — `catch_unwind` cannot catch a stack overflow, and a refresh worker thread
//! has only 2 MiB of stack. Real PDFs nest a handful of levels. One linear scan counts `[`/`<<`
//! against `]`/`>>` (stream data skipped, depth restarted at `obj`/`endobj`) and, when an array
//! or dictionary opens beyond [`MAX_NESTING`], blanks its content up to the matching close
//! with spaces, so it becomes an empty `[ ]` or `<< >>`. Byte offsets do not change, so the
//! cross-reference table stays valid. lopdf also runs on a thread with a large stack
//! (`load`), a second line of defence for whatever this scan does not see.

use memchr::memmem;

/// Arrays and dictionaries nested deeper than this are emptied.
pub(super) const MAX_NESTING: usize = 64;

/// Returns a copy of `bytes` with over-deep arrays and dictionaries emptied, and how many were
/// emptied; `None` when nothing nests that deep (the common case: no copy is made).
pub(super) fn flatten(bytes: &[u8]) -> Option<(Vec<u8>, usize)> {
    let cuts = over_deep(bytes);
    if cuts.is_empty() {
        return None;
    }
    let mut out = bytes.to_vec();
    for &(from, to) in &cuts {
        if let Some(span) = out.get_mut(from..to) {
            span.fill(b' ');
        }
    }
    Some((out, cuts.len()))
}

fn is_regular(b: u8) -> bool {
    !b.is_ascii_whitespace()
        && b != 0
        && !matches!(
            b,
            b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
        )
}

/// True when the bytes before `at` end with `>>` (whitespace allowed in between): the
/// `stream` keyword of a real stream follows its dictionary.
fn after_dict(bytes: &[u8], at: usize) -> bool {
    let head = &bytes[..at];
    let end = head
        .iter()
        .rposition(|b| !b.is_ascii_whitespace())
        .map_or(0, |i| i + 1);
    head[..end].ends_with(b">>")
}

/// The byte ranges to blank: the content of each outermost array or dictionary that opens
/// beyond [`MAX_NESTING`].
///
/// The scan is deliberately conservative: brackets inside literal strings and comments count
/// too (a scanner that tracked strings could be thrown out of step by one stray parenthesis in
/// a damaged file and miss what lopdf then parses). Only the data of real streams (the
/// `stream` keyword right after a dictionary) is skipped, and the depth restarts at every
/// `obj` and `endobj`, so nothing leaks from one object into the next.
fn over_deep(bytes: &[u8]) -> Vec<(usize, usize)> {
    let mut cuts = Vec::new();
    let mut depth = 0usize;
    // Where the content of the current over-deep container starts.
    let mut cut_from: Option<usize> = None;
    let mut i = 0usize;
    let n = bytes.len();
    while i < n {
        let b = bytes[i];
        let doubled = bytes.get(i + 1) == Some(&b);
        match b {
            b'[' | b'<' if b == b'[' || doubled => {
                let width = if b == b'[' { 1 } else { 2 };
                depth += 1;
                if depth == MAX_NESTING + 1 && cut_from.is_none() {
                    cut_from = Some(i + width);
                }
                i += width;
            }
            b']' | b'>' if b == b']' || doubled => {
                let width = if b == b']' { 1 } else { 2 };
                if depth == MAX_NESTING + 1 {
                    if let Some(from) = cut_from.take() {
                        cuts.push((from, i));
                    }
                }
                depth = depth.saturating_sub(1);
                i += width;
            }
            _ if is_regular(b) => {
                let start = i;
                while i < n && is_regular(bytes[i]) {
                    i += 1;
                }
                let word = &bytes[start..i];
                if word == b"obj" || word == b"endobj" {
                    // An object that never closed its containers must not shift the next one.
                    if let Some(from) = cut_from.take() {
                        cuts.push((from, start));
                    }
                    depth = 0;
                } else if word == b"stream" && after_dict(bytes, start) {
                    // Stream data is not objects: skip to `endstream`.
                    match memmem::find(&bytes[i..], b"endstream") {
                        Some(e) => i += e + b"endstream".len(),
                        None => i = n,
                    }
                }
            }
            _ => i += 1,
        }
    }
    if let Some(from) = cut_from {
        cuts.push((from, n));
    }
    cuts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nested(open: &str, close: &str, levels: usize) -> String {
        format!("{}{}", open.repeat(levels), close.repeat(levels))
    }

    #[test]
    fn shallow_objects_are_left_alone() {
        let pdf = b"1 0 obj << /A [1 2 [3 <4142> (a ( [[[ ) b)] ] /B << /C 1 >> >> endobj";
        assert!(flatten(pdf).is_none());
        let deep_stream = format!(
            "1 0 obj << /Length 500 >> stream\n{}\nendstream endobj",
            "[".repeat(500)
        );
        assert!(flatten(deep_stream.as_bytes()).is_none());
    }

    #[test]
    fn deep_arrays_and_dicts_are_emptied_in_place() {
        for (open, close) in [("[", "]"), ("<<", ">>")] {
            let body = nested(open, close, 10_000);
            let pdf = format!("1 0 obj {body} endobj 2 0 obj [1] endobj");
            let (out, cuts) = flatten(pdf.as_bytes()).unwrap();
            assert_eq!(cuts, 1);
            assert_eq!(out.len(), pdf.len(), "offsets are kept");
            let s = String::from_utf8(out).unwrap();
            let first = s.split("endobj").next().unwrap_or_default();
            assert_eq!(first.matches(open).count(), MAX_NESTING + 1, "{open}");
            assert_eq!(first.matches(close).count(), MAX_NESTING + 1, "{close}");
            assert!(s.ends_with("endobj 2 0 obj [1] endobj"));
        }
    }

    #[test]
    fn brackets_in_strings_and_fake_stream_keywords_count() {
        // A stray `(` or a `stream` word in a damaged file must not hide what lopdf parses.
        for prefix in ["(", "(stream) ", "% comment ( "] {
            let pdf = format!(
                "1 0 obj << /T {prefix}/K {} >> endobj 2 0 obj [1] endobj",
                "[".repeat(10_000)
            );
            let (out, cuts) = flatten(pdf.as_bytes()).unwrap();
            assert_eq!(cuts, 1, "{prefix}");
            assert!(String::from_utf8(out)
                .unwrap()
                .ends_with("endobj 2 0 obj [1] endobj"));
        }
    }

    #[test]
    fn an_unclosed_object_does_not_leak_depth() {
        let pdf = format!(
            "1 0 obj {} endobj 2 0 obj [[1]] endobj",
            "[".repeat(MAX_NESTING)
        );
        assert!(flatten(pdf.as_bytes()).is_none());
    }
}
