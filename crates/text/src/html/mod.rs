//! HTML reader for adilet's document pages: bytes → [`TextDoc`] with scraper (html5ever).
//!
//! Steps: decode (BOM, `<meta charset>`, UTF-8, detector: [`tizilim_source::decode_text`]);
//! flatten absurd nesting (`depth`); parse; read the page header from
//! `div.container_alpha`/`.slogan` (`h1` title, `span.status status_xxx`, header `p`); then walk
//! the body (`article`, else `.container_gamma`, else `body`) once, in document order, into
//! paragraphs, headings, amendment notes and tables (`walk`), with `<br>` kept as `\n`
//! (`lines`). Nothing here recurses on the input, panics or fails: problems become diagnostics.
//!
//! The markup followed is adilet's legacy server-rendered page (DOMAIN.md §2.1): `p` paragraphs
//! with `id="zN"` anchors, `h3` headings, `p.note` and `span.note` amendment notes, red `font`
//! editorial remarks, tables with `rowspan`/`colspan` (forms have `border="1"`, layout tables for
//! appendix headers and signatures have none).

mod depth;
mod lines;
mod walk;

use std::sync::LazyLock;

use ego_tree::NodeRef;
use scraper::{Html, Node, Selector};

use super::{PageHeader, TextDoc};
use lines::Lines;
use tizilim_lex::diag::Diagnostic;

/// Parse errors above this count are reported even when text was found.
const NOISY_PARSE_ERRORS: usize = 1000;

fn selector(css: &str) -> Option<Selector> {
    Selector::parse(css).ok()
}

static HEADER: LazyLock<Option<Selector>> =
    LazyLock::new(|| selector("div.container_alpha, div.slogan"));
static ARTICLE: LazyLock<Option<Selector>> = LazyLock::new(|| selector("article"));
static GAMMA: LazyLock<Option<Selector>> = LazyLock::new(|| selector("div.container_gamma"));
static BODY: LazyLock<Option<Selector>> = LazyLock::new(|| selector("body"));
static H1: LazyLock<Option<Selector>> = LazyLock::new(|| selector("h1"));

/// The first element matching `sel`, as a tree node.
fn first<'a>(html: &'a Html, sel: &LazyLock<Option<Selector>>) -> Option<NodeRef<'a, Node>> {
    let sel = Option::as_ref(sel)?;
    html.select(sel).next().map(|e| *e)
}

/// The blocks of an HTML fragment (a `<table>` inside a Markdown file, say), as the page walk
/// reads them.
pub(crate) fn fragment_blocks(frag: &Html) -> Vec<super::Block> {
    walk::blocks(*frag.root_element(), None)
}

/// Extracts blocks and the page header from an HTML page. Never fails: an empty or broken page
/// gives an empty document with diagnostics.
pub fn extract(bytes: &[u8]) -> TextDoc {
    let (decoded, mut diagnostics) = tizilim_source::decode_text(bytes, true);
    let mut text = decoded.text;
    if let Some((flat, dropped)) = depth::flatten(&text) {
        diagnostics.push(Diagnostic::warning(
            "",
            format!(
                "elements nested deeper than {} levels: {dropped} tags beyond that depth were ignored",
                depth::MAX_DEPTH
            ),
        ));
        text = flat;
    }
    // adilet writes every no-break space as `&nbsp;` (a thousand on a long page), and the
    // tokenizer reads a named reference slowly (a table look-up per letter): written as the
    // character it stands for, it reads the same in text and attribute values; only raw text
    // (`script`, `style`, comments), which nothing here reads, would keep the reference.
    // (memchr's substring search: `str::replace` set up and ran a generic searcher per match,
    // 2 % of the page's instructions.)
    let mut nbsp = memchr::memmem::find_iter(text.as_bytes(), b"&nbsp;").peekable();
    if nbsp.peek().is_some() {
        let mut out = String::with_capacity(text.len());
        let mut last = 0;
        for at in nbsp {
            out.push_str(&text[last..at]);
            out.push('\u{a0}');
            last = at + "&nbsp;".len();
        }
        out.push_str(&text[last..]);
        text = out;
    }
    let html = Html::parse_document(&text);
    drop(text);

    let header_node = first(&html, &HEADER);
    let header = read_header(&html, header_node);

    // The header wrapper is never body text, wherever it sits.
    let exclude = header_node.map(|h| h.id());
    let region = if let Some(a) = first(&html, &ARTICLE) {
        a
    } else if let Some(g) = first(&html, &GAMMA) {
        diagnostics.push(Diagnostic::info(
            "",
            "no <article> element: text read from div.container_gamma",
        ));
        g
    } else {
        diagnostics.push(Diagnostic::info(
            "",
            "no <article> element: text read from the whole <body>",
        ));
        first(&html, &BODY).unwrap_or_else(|| html.tree.root())
    };
    let blocks = walk::blocks(region, exclude);

    // The page's letters are counted once, by `lang::assess` (which `extract_with` does not
    // run again on an HTML page); its notes follow the reader's own, as they always have.
    let mut doc = TextDoc {
        header,
        blocks,
        ..TextDoc::default()
    };
    let counted = crate::lang::assess(&mut doc, false);
    doc.language = Some(crate::lang::language_with(&doc, counted));
    let assessed = std::mem::take(&mut doc.diagnostics);
    let letters: usize = doc.pages.iter().map(|p| p.letters).sum();
    let parse_errors = html.errors.len();
    if parse_errors > 0 && (letters == 0 || parse_errors > NOISY_PARSE_ERRORS) {
        diagnostics.push(Diagnostic::info(
            "",
            format!(
                "{parse_errors} HTML parse errors (first: {})",
                html.errors.first().map(|e| e.as_ref()).unwrap_or_default()
            ),
        ));
    }
    if letters == 0 {
        doc.quality.missing_text = true;
        diagnostics.push(Diagnostic::warning(
            "",
            "the page has no text in its article or body",
        ));
    }
    diagnostics.extend(assessed);
    doc.diagnostics = diagnostics;
    doc
}

/// Reads adilet's page header; without the header wrapper, only the page's first `h1`.
fn read_header(html: &Html, node: Option<NodeRef<'_, Node>>) -> PageHeader {
    let mut header = PageHeader::default();
    if let Some(node) = node {
        for n in node.descendants() {
            let Node::Element(el) = n.value() else {
                continue;
            };
            match el.name() {
                "h1" if header.title.is_none() => header.title = text_of(n),
                "span" if el.classes().any(|c| c == "status") && header.status_label.is_none() => {
                    header.status_class = el
                        .classes()
                        .filter_map(|c| c.strip_prefix("status_"))
                        .find(|s| !s.is_empty())
                        .map(str::to_owned);
                    header.status_label = text_of(n);
                }
                "p" if header.header_line.is_none() => header.header_line = text_of(n),
                _ => {}
            }
        }
    }
    if header.title.is_none() {
        header.title = first(html, &H1).and_then(text_of);
    }
    header
}

/// The text of an element on one line (`<br>` and inner blocks become spaces); `None` if empty.
fn text_of(node: NodeRef<'_, Node>) -> Option<String> {
    let mut lines = Lines::new();
    let mut skip_until: Option<ego_tree::NodeId> = None;
    for edge in node.traverse() {
        match edge {
            ego_tree::iter::Edge::Open(n) => {
                if skip_until.is_some() {
                    continue;
                }
                match n.value() {
                    Node::Text(t) => lines.push_text(t, false),
                    Node::Element(el) if walk::is_ignored(el.name()) => skip_until = Some(n.id()),
                    Node::Element(el) if el.name() == "br" => lines.line_break(),
                    Node::Element(el) if walk::is_block_level(el.name()) => lines.boundary(),
                    _ => {}
                }
            }
            ego_tree::iter::Edge::Close(n) => {
                if skip_until == Some(n.id()) {
                    skip_until = None;
                }
            }
        }
    }
    Some(lines.finish_one_line()).filter(|s| !s.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nbsp_references_read_as_the_character() {
        let page = |nbsp: &str| {
            format!(
                "<html><body><article><p id=\"z1\" title=\"a{nbsp}b\">1.{nbsp}Осы{nbsp}бұйрық &amp;nbsp; &&nbsp;x</p>\
                 <table border=\"1\"><tr><td>{nbsp}</td><td>Сноска.{nbsp}Изложено</td></tr></table></article></body></html>"
            )
        };
        let with_refs = extract(page("&nbsp;").as_bytes());
        let with_chars = extract(page("\u{a0}").as_bytes());
        assert_eq!(with_refs.blocks, with_chars.blocks);
        assert!(
            with_refs.blocks[0].text.contains("&nbsp;"),
            "{:?}",
            with_refs.blocks
        );
    }

    #[test]
    fn selectors_compile() {
        for s in [&HEADER, &ARTICLE, &GAMMA, &BODY, &H1] {
            assert!(Option::as_ref(s).is_some());
        }
    }
}
