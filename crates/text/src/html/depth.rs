//! Depth guard: flattens absurdly deep element nesting before html5ever sees it.
//!
//! html5ever builds any tree without recursion, but its tree builder checks "has an element in
//! scope" by walking the stack of open elements for every `<div>`-like start tag, so N nested
//! `<div>`s cost O(N²): 30,000 take seconds, 100,000 about a minute. Real pages nest a few dozen
//! levels. So one cheap scan over the markup tracks an approximate nesting depth (start and end
//! tags of elements that can nest, raw-text elements and comments skipped), and only when it goes
//! beyond [`MAX_DEPTH`] is the markup rewritten without the start and end tags past that depth.
//! Text is never dropped; only the surplus tags are.

/// Nesting depth beyond which tags are dropped.
pub(crate) const MAX_DEPTH: usize = 512;

/// Elements that never stay open (void) or that close their open siblings themselves (`p`,
/// `li`, table parts): they do not deepen the stack of open elements in practice. (A `match`:
/// the compiler tells the names apart by length and bytes, where a list was read name by name
/// for every tag of a page.)
fn not_nesting(name: &str) -> bool {
    matches!(
        name,
        "area"
            | "base"
            | "br"
            | "col"
            | "embed"
            | "hr"
            | "img"
            | "input"
            | "link"
            | "meta"
            | "param"
            | "source"
            | "track"
            | "wbr"
            | "keygen"
            | "p"
            | "li"
            | "dt"
            | "dd"
            | "tr"
            | "td"
            | "th"
            | "thead"
            | "tbody"
            | "tfoot"
            | "option"
            | "optgroup"
            | "rb"
            | "rt"
            | "rp"
            | "caption"
            | "colgroup"
            | "html"
            | "head"
            | "body"
    )
}

/// Elements whose content is raw text up to their end tag.
fn raw_text(name: &str) -> bool {
    matches!(
        name,
        "script" | "style" | "textarea" | "title" | "xmp" | "iframe" | "noembed" | "noframes"
    )
}

/// The markup with tags beyond [`MAX_DEPTH`] removed and the number of tags removed, or `None`
/// when the page never nests that deep (the common case: no copy is made).
pub(crate) fn flatten(html: &str) -> Option<(String, usize)> {
    let mut scan = Scanner::new(html);
    let mut too_deep = false;
    while let Some(tag) = scan.next_tag() {
        if tag.over_limit {
            too_deep = true;
            break;
        }
    }
    if !too_deep {
        return None;
    }
    let mut out = String::with_capacity(html.len());
    let mut scan = Scanner::new(html);
    let mut copied = 0;
    let mut dropped = 0usize;
    while let Some(tag) = scan.next_tag() {
        if tag.over_limit {
            out.push_str(html.get(copied..tag.start).unwrap_or_default());
            copied = tag.end;
            dropped += 1;
        }
    }
    out.push_str(html.get(copied..).unwrap_or_default());
    Some((out, dropped))
}

/// One tag found by the scanner: its byte range and whether it lies beyond the depth limit.
struct Tag {
    start: usize,
    end: usize,
    over_limit: bool,
}

/// A forward scanner over start and end tags that keeps the approximate nesting depth.
struct Scanner<'a> {
    html: &'a str,
    pos: usize,
    depth: usize,
}

impl<'a> Scanner<'a> {
    fn new(html: &'a str) -> Self {
        Self {
            html,
            pos: 0,
            depth: 0,
        }
    }

    /// The next start or end tag of a nesting element, with its depth verdict.
    fn next_tag(&mut self) -> Option<Tag> {
        let bytes = self.html.as_bytes();
        loop {
            let rest = self.html.get(self.pos..)?;
            let lt = self.pos + memchr::memchr(b'<', rest.as_bytes())?;
            let after = lt + 1;
            let is_end = bytes.get(after) == Some(&b'/');
            let name_start = if is_end { after + 1 } else { after };
            if rest.get(lt - self.pos..)?.starts_with("<!--") {
                self.pos = match self.html.get(lt + 4..).and_then(|r| r.find("-->")) {
                    Some(i) => lt + 4 + i + 3,
                    None => self.html.len(),
                };
                continue;
            }
            let name_len = bytes
                .get(name_start..)
                .unwrap_or_default()
                .iter()
                .take_while(|b| b.is_ascii_alphanumeric())
                .count();
            if name_len == 0 || !bytes.get(name_start).is_some_and(u8::is_ascii_alphabetic) {
                self.pos = after;
                continue;
            }
            let mut name_buf = [0u8; 16];
            let name = if name_len <= name_buf.len() {
                let raw = bytes
                    .get(name_start..name_start + name_len)
                    .unwrap_or_default();
                for (d, s) in name_buf.iter_mut().zip(raw) {
                    *d = s.to_ascii_lowercase();
                }
                std::str::from_utf8(name_buf.get(..name_len).unwrap_or_default())
                    .unwrap_or_default()
            } else {
                "" // an unknown long name: a nesting element
            };
            let end = tag_end(bytes, name_start + name_len);
            self.pos = end;
            if not_nesting(name) {
                continue;
            }
            if !is_end && raw_text(name) {
                self.pos = raw_text_end(self.html, end, name);
                continue;
            }
            let over_limit = if is_end {
                let over = self.depth > MAX_DEPTH;
                self.depth = self.depth.saturating_sub(1);
                over
            } else {
                self.depth += 1;
                self.depth > MAX_DEPTH
            };
            return Some(Tag {
                start: lt,
                end,
                over_limit,
            });
        }
    }
}

/// The byte after the `>` closing a tag whose attributes start at `from` (quotes respected).
fn tag_end(bytes: &[u8], from: usize) -> usize {
    // From one `>` or quote to the next (memchr's searches), a quoted value passed over whole.
    let mut i = from;
    while let Some(at) = bytes
        .get(i..)
        .and_then(|r| memchr::memchr3(b'>', b'"', b'\'', r))
    {
        let at = i + at;
        match bytes[at] {
            b'>' => return at + 1,
            q => match bytes.get(at + 1..).and_then(|r| memchr::memchr(q, r)) {
                Some(close) => i = at + 1 + close + 1,
                None => return bytes.len(),
            },
        }
    }
    bytes.len()
}

/// The position of the end tag closing a raw-text element (or the end of the input).
fn raw_text_end(html: &str, from: usize, name: &str) -> usize {
    let bytes = html.as_bytes();
    let mut pos = from;
    while let Some(i) = html.get(pos..).and_then(|r| r.find("</")) {
        let start = pos + i + 2;
        let candidate = bytes.get(start..start + name.len()).unwrap_or_default();
        if candidate.eq_ignore_ascii_case(name.as_bytes()) {
            return start;
        }
        pos = start;
    }
    html.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `tag_end` as it was first written, a byte at a time, to check the jumps.
    fn tag_end_by_bytes(bytes: &[u8], from: usize) -> usize {
        let mut quote: Option<u8> = None;
        let mut i = from;
        while let Some(&b) = bytes.get(i) {
            match quote {
                Some(q) if b == q => quote = None,
                Some(_) => {}
                None if b == b'"' || b == b'\'' => quote = Some(b),
                None if b == b'>' => return i + 1,
                None => {}
            }
            i += 1;
        }
        bytes.len()
    }

    /// The jumps find the `>` the byte scan finds, from every place of tags with quoted values
    /// holding `>` and the other quote, unclosed quotes and no `>` at all.
    #[test]
    fn tag_ends_are_the_byte_scan_s() {
        for t in [
            r#"<a href="/kaz/docs/V2000020062#z1" title='a > b "c"'>№ 95</a>"#,
            r#"<p class="note" id=z1>текст</p><div data-x='>'"#,
            r#"<td colspan="2" rowspan='3'>"#,
            r#"<img alt="unclosed > quote>"#,
            r#"<x a='it"s' b="it's">"#,
            "<p",
            "",
        ] {
            let b = t.as_bytes();
            for from in 0..=b.len() {
                assert_eq!(
                    tag_end(b, from),
                    tag_end_by_bytes(b, from),
                    "{t:?} from {from}"
                );
            }
        }
    }

    #[test]
    fn shallow_pages_are_left_alone() {
        let page =
            "<html><body><div><p>a<br>b</p><!-- <div><div> --><script>'<div>'</script></div>";
        assert!(flatten(page).is_none());
    }

    #[test]
    fn deep_nesting_is_cut_and_text_kept() {
        let n = MAX_DEPTH + 100;
        let page = format!(
            "{}текст{}",
            "<div class=\"a>b\">".repeat(n),
            "</div>".repeat(n)
        );
        let (out, dropped) = flatten(&page).unwrap();
        assert_eq!(dropped, 200);
        assert!(out.contains("текст"));
        assert_eq!(out.matches("<div").count(), MAX_DEPTH);
        assert_eq!(out.matches("</div>").count(), MAX_DEPTH);
    }
}
