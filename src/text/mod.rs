//! `text`: turns a [`Source`] into a [`TextDoc`], a format-neutral sequence of blocks.
//!
//! Every input format ends up here as the same thing: an optional page header (adilet's
//! title/status/header line), then [`Block`]s in reading order (paragraphs with their hard line
//! breaks kept as `\n`, headings, amendment notes, tables with spans), each with the page it came
//! from, plus per-page quality and diagnostics. The `structure` stage reads only this.
//!
//! Sub-modules: [`html`] (scraper over adilet's markup), [`pdf`] (own content-stream decoding
//! on top of lopdf), [`plain`] (text/Markdown exports), [`reflow`] (lines to paragraphs, shared by
//! PDF and plain text), [`lang`] (kk/ru detection, garbled-text detection), [`normalize`]
//! (matching forms of text).

pub mod html;
pub mod lang;
pub mod normalize;
pub mod ocr;
pub mod pdf;
pub mod plain;
pub mod reflow;
pub mod repair;

use serde::Serialize;

use crate::diag::Diagnostics;
use crate::source::{Format, Source};

/// The language of an act.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, serde::Deserialize, Default)]
pub enum Language {
    /// Kazakh.
    #[serde(rename = "kk")]
    Kk,
    /// Russian.
    #[serde(rename = "ru")]
    #[default]
    Ru,
}

impl Language {
    /// `kk` or `ru`.
    pub fn code(self) -> &'static str {
        match self {
            Language::Kk => "kk",
            Language::Ru => "ru",
        }
    }
}

/// What adilet's page header says (`div.slogan`: `h1`, `span.status`, header `p`). Empty for
/// inputs without one; `structure` then finds the same facts in the body.
#[derive(Debug, Clone, Default, PartialEq, Serialize, serde::Deserialize)]
pub struct PageHeader {
    /// The `h1` title.
    pub title: Option<String>,
    /// The status class suffix: `yts` (repealed), `new`, `upd`, `err`.
    pub status_class: Option<String>,
    /// The status label as shown («Утративший силу», «Күшін жойған», ...).
    pub status_label: Option<String>,
    /// The header paragraph (act type, issuer, date, number, registration, repeal line).
    pub header_line: Option<String>,
}

/// The kind of a block.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockKind {
    /// A heading (`h3`, a centred bold line, a Markdown `#` line).
    Heading,
    /// A paragraph of running text.
    Paragraph,
    /// An amendment note block (`p.note`, `span.note`).
    Note,
    /// A table; see [`Block::table`].
    Table,
    /// A right-aligned block: appendix headers, approval stamps («УТВЕРЖДЕН», «бекітілген»).
    Aside,
}

/// A table cell with its spans.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct Cell {
    /// The cell's text; `<br>` and cell-internal paragraphs are `\n`.
    pub text: String,
    /// Columns spanned (≥ 1).
    pub colspan: u32,
    /// Rows spanned (≥ 1).
    pub rowspan: u32,
}

impl Cell {
    /// A 1×1 cell.
    pub fn new(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            colspan: 1,
            rowspan: 1,
        }
    }
}

/// A table: rows of cells as written (spanned positions are not repeated).
#[derive(Debug, Clone, Default, PartialEq, Serialize, serde::Deserialize)]
pub struct Table {
    /// Rows in order.
    pub rows: Vec<Vec<Cell>>,
    /// True when the table had visible borders (`border="1"`): a form or data table rather than
    /// a layout table (appendix header, signature).
    pub bordered: bool,
}

/// One block of text in reading order.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct Block {
    /// What kind of block.
    pub kind: BlockKind,
    /// The text; hard line breaks (`<br>`, lines of an aside) are `\n`. For tables, the cells'
    /// text row by row (cells joined by ` | `), for searching.
    pub text: String,
    /// The table, for [`BlockKind::Table`].
    pub table: Option<Table>,
    /// The HTML anchor (`z123`), when known.
    pub anchor: Option<String>,
    /// The 1-based page the block starts on, when the input has pages.
    pub page: Option<u32>,
}

impl Block {
    /// A block of `kind` with `text`.
    pub fn new(kind: BlockKind, text: impl Into<String>) -> Self {
        Self {
            kind,
            text: text.into(),
            table: None,
            anchor: None,
            page: None,
        }
    }
    /// A table block.
    pub fn table(table: Table) -> Self {
        let text = table
            .rows
            .iter()
            .map(|r| {
                r.iter()
                    .map(|c| c.text.replace('\n', " "))
                    .collect::<Vec<_>>()
                    .join(" | ")
            })
            .collect::<Vec<_>>()
            .join("\n");
        Self {
            kind: BlockKind::Table,
            text,
            table: Some(table),
            anchor: None,
            page: None,
        }
    }
}

/// The quality of a page's text layer (or of a whole text input).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum PageQuality {
    /// Readable Kazakh/Russian text.
    #[default]
    Clean,
    /// Latin look-alike garbage from wrong-language OCR.
    Garbled,
    /// No text layer.
    Empty,
}

/// Per-page facts.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct PageInfo {
    /// 1-based page number.
    pub number: u32,
    /// Quality verdict.
    pub quality: PageQuality,
    /// Letters on the page.
    pub letters: usize,
    /// Share of letters that are Cyrillic (0..1).
    pub cyrillic_share: f32,
}

/// The quality flags of CONTRACT.md.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Quality {
    /// Some page's text layer, as found, was Latin look-alike garbage.
    pub garbled: bool,
    /// Pages were re-OCR'd.
    pub ocr: bool,
    /// Text was repaired without images.
    pub repaired: bool,
    /// Some page had no text layer.
    pub missing_text: bool,
}

/// The text of one input, format-neutral.
#[derive(Debug, Clone, Default, PartialEq, Serialize, serde::Deserialize)]
pub struct TextDoc {
    /// adilet's page header, when the input had one.
    pub header: PageHeader,
    /// Blocks in reading order.
    pub blocks: Vec<Block>,
    /// Pages (PDF) or one pseudo-page (other formats).
    pub pages: Vec<PageInfo>,
    /// Quality flags.
    pub quality: Quality,
    /// What went wrong or was noticed.
    pub diagnostics: Diagnostics,
}

/// Extracts the text of a source. Never fails: a broken input gives an empty document with an
/// error diagnostic.
pub fn extract(src: &Source) -> TextDoc {
    let mut doc = match src.format {
        Format::Html => html::extract(&src.bytes),
        Format::Pdf => pdf::extract(&src.bytes),
        Format::Text => plain::extract(&src.bytes),
    };
    lang::assess(&mut doc);
    doc
}
