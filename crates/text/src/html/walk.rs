//! The body walker: one pass over the article's tree, in document order, into [`Block`]s.
//!
//! The walk is a cursor over the tree's open/close edges (first child, next sibling, parent),
//! so it needs no recursion and no stack: a page nested 100,000 levels deep walks like a flat one.
//! A small state machine says where text goes: the current `p`/heading block, the current table
//! cell, or a *loose run* (text and inline markup directly in a container, up to the next `<br>`
//! or block). Note markup (`span.note`, coloured `font`) is counted as it is entered and left, so
//! that a paragraph or run made mostly of it becomes a [`BlockKind::Note`].

use ego_tree::{NodeId, NodeRef};
use scraper::node::Element;
use scraper::{CaseSensitivity, Node};

use super::lines::Lines;
use crate::{Block, BlockKind, Cell, Table};

/// Largest colspan/rowspan taken from the markup.
const MAX_SPAN: u32 = 1000;

/// One edge of the traversal.
#[derive(Clone, Copy)]
enum Edge<'a> {
    Open(NodeRef<'a, Node>),
    Close(NodeRef<'a, Node>),
}

/// Elements whose content is never text of the act.
pub(crate) fn is_ignored(name: &str) -> bool {
    matches!(
        name,
        "script" | "style" | "noscript" | "template" | "head" | "title" | "iframe" | "object"
    )
}

/// Elements that start and end a line of their own.
pub(crate) fn is_block_level(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "table"
            | "tr"
            | "td"
            | "th"
            | "thead"
            | "tbody"
            | "tfoot"
            | "caption"
            | "li"
            | "ul"
            | "ol"
            | "dl"
            | "dt"
            | "dd"
            | "blockquote"
            | "center"
            | "section"
            | "article"
            | "aside"
            | "header"
            | "footer"
            | "nav"
            | "main"
            | "pre"
            | "address"
            | "hr"
            | "form"
            | "fieldset"
            | "figure"
            | "figcaption"
            | "details"
            | "summary"
            | "body"
            | "html"
    )
}

fn heading_level(name: &str) -> bool {
    matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6")
}

/// `span.note`, or a `font` with a colour other than black (adilet's «Примечание ИЗПИ!» remarks
/// are red `font`s).
fn is_note_markup(el: &Element) -> bool {
    match el.name() {
        "span" => el.has_class("note", CaseSensitivity::AsciiCaseInsensitive),
        "font" => el.attr("color").is_some_and(|c| {
            let c = c.trim();
            !c.is_empty()
                && !["black", "#000", "#000000", "windowtext"]
                    .iter()
                    .any(|b| c.eq_ignore_ascii_case(b))
        }),
        _ => false,
    }
}

/// The anchor an element carries itself: `<a name>` (the legacy anchors) or a non-empty `id`.
fn named_anchor(el: &Element) -> Option<String> {
    if el.name() != "a" {
        return None;
    }
    el.attr("name")
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_owned)
}

fn own_id(el: &Element) -> Option<String> {
    el.id()
        .map(str::trim)
        .filter(|i| !i.is_empty())
        .map(str::to_owned)
}

/// Parses a span attribute as HTML does (leading digits), clamped to `1..=MAX_SPAN`.
pub(crate) fn parse_span(v: Option<&str>) -> u32 {
    let Some(v) = v else { return 1 };
    let mut n: u32 = 0;
    let mut any = false;
    for b in v.trim_start().bytes().take_while(u8::is_ascii_digit) {
        any = true;
        n = n.saturating_mul(10).saturating_add(u32::from(b - b'0'));
    }
    if any {
        n.clamp(1, MAX_SPAN)
    } else {
        1
    }
}

/// `border` > 0 (a bare `border` attribute counts as 1, as browsers draw it).
fn is_bordered(v: Option<&str>) -> bool {
    match v {
        None => false,
        Some(v) if v.trim().is_empty() => true,
        Some(v) => {
            let digits: String = v.trim().chars().take_while(char::is_ascii_digit).collect();
            digits.bytes().any(|b| b != b'0')
        }
    }
}

/// A paragraph, heading or loose run being built.
struct Current {
    /// The `p`/`h*` element, or `None` for a loose run.
    root: Option<NodeId>,
    kind: BlockKind,
    lines: Lines,
    anchor: Option<String>,
    /// `p.note`: a note whatever its content.
    note: bool,
}

struct CellBuild {
    id: NodeId,
    lines: Lines,
    colspan: u32,
    rowspan: u32,
}

struct TableBuild {
    id: NodeId,
    /// Depth of tables nested inside the current cell.
    nested: u32,
    rows: Vec<Vec<Cell>>,
    row: Option<Vec<Cell>>,
    cell: Option<CellBuild>,
    bordered: bool,
    anchor: Option<String>,
}

impl TableBuild {
    fn finish_cell(&mut self) {
        if let Some(c) = self.cell.take() {
            let cell = Cell {
                text: c.lines.finish(),
                colspan: c.colspan,
                rowspan: c.rowspan,
            };
            self.row.get_or_insert_with(Vec::new).push(cell);
        }
    }

    fn finish_row(&mut self) {
        self.finish_cell();
        if let Some(row) = self.row.take() {
            if !row.is_empty() {
                self.rows.push(row);
            }
        }
    }

    fn lines(&mut self) -> Option<&mut Lines> {
        self.cell.as_mut().map(|c| &mut c.lines)
    }
}

/// The walker's state.
#[derive(Default)]
struct Walker {
    blocks: Vec<Block>,
    note_depth: u32,
    current: Option<Current>,
    table: Option<TableBuild>,
    /// An anchor met outside any block (`<a name="z5"></a><p>…`): it goes to the next block.
    pending_anchor: Option<String>,
}

/// Walks the subtree at `root` (skipping `exclude`, the page header when the body is read) and
/// returns its blocks in document order.
pub(crate) fn blocks(root: NodeRef<'_, Node>, exclude: Option<NodeId>) -> Vec<Block> {
    let mut w = Walker::default();
    let mut edge = Some(Edge::Open(root));
    while let Some(e) = edge {
        edge = match e {
            Edge::Open(node) => {
                let descend = Some(node.id()) != exclude && w.open(node);
                if descend {
                    Some(node.first_child().map_or(Edge::Close(node), Edge::Open))
                } else {
                    after(node, root)
                }
            }
            Edge::Close(node) => {
                w.close(node);
                after(node, root)
            }
        };
    }
    w.flush_current();
    if let Some(t) = w.table.take() {
        w.finish_table(t);
    }
    w.blocks
}

/// The edge after `node`'s close: its next sibling, else its parent's close; none at the root.
fn after<'a>(node: NodeRef<'a, Node>, root: NodeRef<'a, Node>) -> Option<Edge<'a>> {
    if node == root {
        return None;
    }
    match node.next_sibling() {
        Some(s) => Some(Edge::Open(s)),
        None => node.parent().map(Edge::Close),
    }
}

impl Walker {
    /// Handles an open edge; returns whether to descend into the node.
    fn open(&mut self, node: NodeRef<'_, Node>) -> bool {
        match node.value() {
            Node::Text(t) => {
                self.text(t);
                false
            }
            Node::Element(el) => self.open_element(node.id(), el),
            Node::Document | Node::Fragment => true,
            _ => false,
        }
    }

    fn text(&mut self, t: &str) {
        let in_note = self.note_depth > 0;
        if let Some(table) = &mut self.table {
            if let Some(lines) = table.lines() {
                lines.push_text(t, in_note);
            }
        } else if let Some(cur) = &mut self.current {
            cur.lines.push_text(t, in_note);
        } else if !t.trim().is_empty() {
            self.start_run().lines.push_text(t, in_note);
        }
    }

    fn open_element(&mut self, id: NodeId, el: &Element) -> bool {
        let name = el.name();
        if is_ignored(name) {
            return false;
        }
        if is_note_markup(el) {
            self.note_depth += 1;
        }
        if let Some(table) = &mut self.table {
            open_in_table(table, id, el);
            return true;
        }
        // Inside a paragraph or heading, everything is its text, except a table (a `p` left
        // open before a table in a quirks-mode page): that ends the paragraph and is a table.
        if let Some(cur) = self
            .current
            .as_mut()
            .filter(|c| c.root.is_some() && name != "table")
        {
            match name {
                "br" => cur.lines.line_break(),
                "a" if cur.anchor.is_none() => cur.anchor = named_anchor(el),
                n if is_block_level(n) => cur.lines.boundary(),
                _ => {}
            }
            return true;
        }
        // Container level, or inside a loose run.
        match name {
            "p" => {
                self.flush_current();
                let note = el.has_class("note", CaseSensitivity::AsciiCaseInsensitive);
                self.start(id, BlockKind::Paragraph, own_id(el), note);
            }
            n if heading_level(n) => {
                self.flush_current();
                self.start(id, BlockKind::Heading, own_id(el), false);
            }
            "table" => {
                self.flush_current();
                let anchor = own_id(el).or_else(|| self.pending_anchor.take());
                self.table = Some(TableBuild {
                    id,
                    nested: 0,
                    rows: Vec::new(),
                    row: None,
                    cell: None,
                    bordered: is_bordered(el.attr("border")),
                    anchor,
                });
            }
            "br" => self.flush_current(),
            n if is_block_level(n) => self.flush_current(),
            "a" => {
                if let Some(a) = named_anchor(el) {
                    let run = self.start_run();
                    if run.anchor.is_none() {
                        run.anchor = Some(a);
                    }
                }
            }
            _ => {}
        }
        true
    }

    fn close(&mut self, node: NodeRef<'_, Node>) {
        let Node::Element(el) = node.value() else {
            return;
        };
        let id = node.id();
        if is_note_markup(el) {
            self.note_depth = self.note_depth.saturating_sub(1);
        }
        let name = el.name();
        if let Some(table) = &mut self.table {
            if table.id == id {
                if let Some(t) = self.table.take() {
                    self.finish_table(t);
                }
            } else {
                close_in_table(table, id, name);
            }
            return;
        }
        if let Some(cur) = &mut self.current {
            if cur.root == Some(id) {
                self.flush_current();
                return;
            }
            if cur.root.is_some() {
                if is_block_level(name) {
                    cur.lines.boundary();
                }
                return;
            }
        }
        if is_block_level(name) {
            self.flush_current();
        }
    }

    fn start(&mut self, id: NodeId, kind: BlockKind, anchor: Option<String>, note: bool) {
        let anchor = anchor.or_else(|| self.pending_anchor.take());
        self.current = Some(Current {
            root: Some(id),
            kind,
            lines: Lines::new(),
            anchor,
            note,
        });
    }

    /// The current loose run, started if there is none.
    fn start_run(&mut self) -> &mut Current {
        let pending = &mut self.pending_anchor;
        self.current.get_or_insert_with(|| Current {
            root: None,
            kind: BlockKind::Paragraph,
            lines: Lines::new(),
            anchor: pending.take(),
            note: false,
        })
    }

    /// Ends the current block or loose run; an empty one gives no block (its anchor waits for
    /// the next block).
    fn flush_current(&mut self) {
        let Some(cur) = self.current.take() else {
            return;
        };
        if cur.lines.is_empty() {
            if cur.anchor.is_some() {
                self.pending_anchor = cur.anchor;
            }
            return;
        }
        let kind = if cur.kind == BlockKind::Paragraph && (cur.note || cur.lines.mostly_note()) {
            BlockKind::Note
        } else {
            cur.kind
        };
        let mut block = Block::new(kind, cur.lines.finish());
        block.anchor = cur.anchor;
        self.blocks.push(block);
    }

    fn finish_table(&mut self, mut t: TableBuild) {
        t.finish_row();
        if t.rows.is_empty() {
            if t.anchor.is_some() {
                self.pending_anchor = t.anchor;
            }
            return;
        }
        let mut block = Block::table(Table {
            rows: t.rows,
            bordered: t.bordered,
        });
        block.anchor = t.anchor;
        self.blocks.push(block);
    }
}

fn open_in_table(t: &mut TableBuild, id: NodeId, el: &Element) {
    let name = el.name();
    if name == "table" {
        t.nested += 1;
        if let Some(l) = t.lines() {
            l.boundary();
        }
        return;
    }
    if t.nested == 0 {
        match name {
            "tr" => {
                t.finish_row();
                t.row = Some(Vec::new());
                return;
            }
            "td" | "th" => {
                t.finish_cell();
                t.cell = Some(CellBuild {
                    id,
                    lines: Lines::new(),
                    colspan: parse_span(el.attr("colspan")),
                    rowspan: parse_span(el.attr("rowspan")),
                });
                return;
            }
            _ => {}
        }
    }
    if t.anchor.is_none() {
        t.anchor = named_anchor(el).or_else(|| {
            if name == "p" || heading_level(name) {
                own_id(el)
            } else {
                None
            }
        });
    }
    if let Some(l) = t.lines() {
        match name {
            "br" => l.line_break(),
            n if is_block_level(n) => l.boundary(),
            _ => {}
        }
    }
}

fn close_in_table(t: &mut TableBuild, id: NodeId, name: &str) {
    if name == "table" {
        t.nested = t.nested.saturating_sub(1);
        if let Some(l) = t.lines() {
            l.boundary();
        }
        return;
    }
    if t.nested == 0 {
        if t.cell.as_ref().is_some_and(|c| c.id == id) {
            t.finish_cell();
            return;
        }
        if name == "tr" {
            t.finish_row();
            return;
        }
    }
    if is_block_level(name) {
        if let Some(l) = t.lines() {
            l.boundary();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spans_are_parsed_like_browsers() {
        let cases = [
            (None, 1),
            (Some("2"), 2),
            (Some(" 3;"), 3),
            (Some("0"), 1),
            (Some("-1"), 1),
            (Some("abc"), 1),
            (Some("99999999999999"), MAX_SPAN),
        ];
        for (v, want) in cases {
            assert_eq!(parse_span(v), want, "{v:?}");
        }
    }

    #[test]
    fn border_attribute() {
        for (v, want) in [
            (None, false),
            (Some("0"), false),
            (Some("1"), true),
            (Some(""), true),
            (Some("00"), false),
            (Some("2px"), true),
        ] {
            assert_eq!(is_bordered(v), want, "{v:?}");
        }
    }
}
