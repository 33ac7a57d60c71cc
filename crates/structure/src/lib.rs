//! `tizilim-structure`: the act's header and its structural tree, from a [`TextDoc`](tizilim_text::TextDoc).
//!
//! Parsing never fails: it returns a [`Document`] with whatever was recognised and diagnostics
//! for what was not.

pub mod header;
pub mod tree;

use serde::Serialize;

use tizilim_lex::diag::Diagnostics;
use tizilim_source::Format;
use tizilim_text::{Language, Quality, Table};

pub use tizilim_lex::ActRef;

/// The act's own metadata (CONTRACT.md `act`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct ActMeta {
    /// The act's identity: type, number, date, registration number, issuer, title (flattened
    /// into the act's JSON, CONTRACT.md `act`).
    #[serde(flatten)]
    pub id: ActRef,
    /// Registration date.
    pub registration_date: Option<String>,
    /// Who signed it («Б. Мусин»).
    pub signed_by: Option<String>,
    /// `in_force`, `repealed` or null when unknown.
    pub status: Option<String>,
    /// The repealing act.
    pub repealed_by: Option<ActRef>,
    /// The entry-into-force clause.
    pub entry_into_force: Option<String>,
}

/// The kind of a tree node.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NodeKind {
    /// Text before the first point (preamble, «БҰЙЫРАМЫН:»).
    Preamble,
    /// A section (Раздел / бөлім).
    Section,
    /// A chapter (Глава / тарау).
    Chapter,
    /// An article (Статья / бап).
    Article,
    /// A point (`5.`).
    Point,
    /// A subpoint (`1)`).
    Subpoint,
    /// An unnumbered paragraph inside a unit.
    Paragraph,
    /// An amendment note (Сноска / Ескерту).
    Note,
    /// An appendix (the Rules, a form, a classification).
    Appendix,
    /// A table.
    Table,
    /// A numbered table row.
    Row,
    /// A numbered item of an appendix list.
    Item,
    /// The signature block.
    Signature,
    /// An approval block («СОГЛАСОВАНО», «КЕЛІСІЛДІ»).
    Approval,
    /// A heading line that is not a unit of its own.
    Heading,
}

impl NodeKind {
    /// True for the units that `parse --format paths` lists.
    pub fn is_unit(self) -> bool {
        matches!(
            self,
            NodeKind::Section
                | NodeKind::Chapter
                | NodeKind::Article
                | NodeKind::Point
                | NodeKind::Subpoint
                | NodeKind::Appendix
                | NodeKind::Row
                | NodeKind::Item
        )
    }
}

/// A node of the structural tree.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct Node {
    /// The path (CONTRACT.md): `appendix:1/point:8/subpoint:3`; non-unit nodes get a path
    /// under their parent with a positional suffix (`point:2/par:1`, `note:3`).
    pub path: String,
    /// The kind.
    pub kind: NodeKind,
    /// The number as written (`18-1`, `4`), for numbered units.
    pub number: Option<String>,
    /// The heading (chapter title, appendix title).
    pub heading: Option<String>,
    /// The unit's own text (without its children), original wording, hard breaks as `\n`.
    pub text: String,
    /// Children in document order.
    pub children: Vec<Node>,
    /// The table, for table nodes.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub table: Option<Table>,
    /// The page the unit starts on, when known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
}

impl Node {
    /// A node with no children.
    pub fn new(kind: NodeKind, path: String, number: Option<String>, text: String) -> Self {
        Self {
            path,
            kind,
            number,
            heading: None,
            text,
            children: Vec::new(),
            table: None,
            page: None,
        }
    }

    /// Visits this node and its descendants in document order.
    pub fn walk<'a>(&'a self, f: &mut impl FnMut(&'a Node)) {
        f(self);
        for c in &self.children {
            c.walk(f);
        }
    }
}

/// A parsed act: CONTRACT.md's `parse --format json` object.
#[derive(Debug, Clone, Serialize, serde::Deserialize)]
pub struct Document {
    /// The input file as given.
    pub file: String,
    /// Detected format.
    pub format: Format,
    /// Detected language.
    pub language: Language,
    /// Quality flags.
    pub quality: Quality,
    /// The act's metadata.
    pub act: ActMeta,
    /// The structural tree.
    pub tree: Vec<Node>,
    /// Diagnostics of every stage so far.
    pub diagnostics: Diagnostics,
}

impl Document {
    /// Visits every node in document order.
    pub fn walk<'a>(&'a self, mut f: impl FnMut(&'a Node)) {
        for n in &self.tree {
            n.walk(&mut f);
        }
    }

    /// The paths of the structural units, in document order (`parse --format paths`).
    pub fn unit_paths(&self) -> Vec<String> {
        let mut out = Vec::new();
        self.walk(|n| {
            if n.kind.is_unit() {
                out.push(n.path.clone());
            }
        });
        out
    }

    /// Finds a node by path.
    pub fn find(&self, path: &str) -> Option<&Node> {
        let mut found = None;
        self.walk(|n| {
            if found.is_none() && n.path == path {
                found = Some(n);
            }
        });
        found
    }
}

/// Parses the structure of a text document. Never fails.
pub fn parse(text: &tizilim_text::TextDoc, file: &str, format: Format) -> Document {
    // (Counted by the text stage when it could; else counted here.)
    let language = text
        .language
        .unwrap_or_else(|| tizilim_text::lang::detect_doc(text));
    let parsed = tree::build(&text.blocks);
    let preamble = parsed
        .tree
        .iter()
        .find(|n| n.kind == NodeKind::Preamble)
        .map(|n| n.text.clone());
    let input = header::HeaderInput {
        page: &text.header,
        lead: &parsed.lead,
        signature: parsed.signature.as_deref(),
        appendix_asides: &parsed.appendix_asides,
        body_text: &parsed.body_text,
        preamble: preamble.as_deref(),
        language,
    };
    let (act, header_diags) = header::parse(&input);
    let mut diagnostics = text.diagnostics.clone();
    diagnostics.extend(parsed.diagnostics);
    diagnostics.extend(header_diags);
    Document {
        file: file.to_string(),
        format,
        language,
        quality: text.quality,
        act,
        tree: parsed.tree,
        diagnostics,
    }
}
