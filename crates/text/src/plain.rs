//! Plain-text and Markdown exports of acts.
//!
//! Analysts keep acts as text: dumps of adilet pages, DOCX exports, PDF text, Markdown. Their
//! artifacts are handled here: `TAB|TAB` table rows, DOCX-flattened tables (a line starting with a
//! TAB opens a cell), tab-separated rows, words glued where the page had a line break
//! («РеспубликасыныңЦифрлық», «қағидаларына1-қосымша»), hard line breaks, six-space paragraph
//! indents, no-break-space indents, Markdown `**bold**`, `*italic*`, `#` headings, two-space hard
//! breaks, `[bookmark: zN]` anchors and form feeds between pages.

use std::sync::LazyLock;

use regex::Regex;

use super::reflow::{self, Line};
use super::{Block, Cell, PageInfo, PageQuality, Table, TextDoc};
use tizilim_lex::diag::Diagnostic;
use tizilim_source as source;

/// Lines longer than this are cut into pieces before parsing (a 50 MB single-line file must not
/// make every later stage quadratic).
const MAX_LINE_CHARS: usize = 64 * 1024;

/// Form feeds beyond this many pages do not start pages: every page costs a page record and
/// possibly a diagnostic, and a file of form feeds would multiply its size in memory.
const MAX_PAGES: u32 = 10_000;

enum Piece {
    Text(Line),
    Row(Vec<String>),
    /// A DOCX-flattened cell: its lines.
    DocxCell(Vec<String>),
    Blank,
}

/// Extracts blocks from a text export.
pub fn extract(bytes: &[u8]) -> TextDoc {
    let (decoded, mut diagnostics) = source::decode_text(bytes, false);
    let text = decoded.text.replace("\r\n", "\n").replace('\r', "\n");
    let mut pieces: Vec<Piece> = Vec::new();
    let mut page = 1u32;
    let mut anchors: Vec<(usize, String)> = Vec::new();
    let mut long_lines = 0usize;
    let mut raw_lines: Vec<&str> = Vec::new();
    for l in text.split('\n') {
        if l.chars().count() > MAX_LINE_CHARS {
            long_lines += 1;
            let mut rest = l;
            while !rest.is_empty() {
                let cut = rest
                    .char_indices()
                    .nth(MAX_LINE_CHARS)
                    .map(|(i, _)| i)
                    .unwrap_or(rest.len());
                // Prefer to cut at a space.
                let cut = rest[..cut]
                    .rfind(' ')
                    .filter(|&i| i > cut / 2)
                    .unwrap_or(cut);
                let (a, b) = rest.split_at(cut);
                raw_lines.push(a);
                rest = b;
            }
        } else {
            raw_lines.push(l);
        }
    }
    if long_lines > 0 {
        diagnostics.push(Diagnostic::warning(
            "",
            format!("{long_lines} line(s) longer than {MAX_LINE_CHARS} characters were split"),
        ));
    }
    let mut gap = 0.0f32;
    let mut i = 0;
    while i < raw_lines.len() {
        let raw = raw_lines[i];
        i += 1;
        let mut raw = raw;
        while let Some(rest) = raw.strip_prefix('\u{0c}') {
            if page < MAX_PAGES {
                page += 1;
            } else if page == MAX_PAGES {
                page += 1;
                diagnostics.push(Diagnostic::warning(
                    "",
                    format!("more than {MAX_PAGES} form feeds: the rest do not start pages"),
                ));
            }
            raw = rest;
        }
        if let Some(a) = BOOKMARK.captures(raw.trim()) {
            anchors.push((pieces.len(), a[1].to_string()));
            continue;
        }
        if raw.trim().is_empty() {
            if raw.starts_with('\t') && raw.len() > 1 {
                // "\t " : an empty DOCX cell.
                pieces.push(Piece::DocxCell(vec![String::new()]));
                continue;
            }
            gap += 1.0;
            pieces.push(Piece::Blank);
            continue;
        }
        if raw.contains("\t|\t") || raw.trim_start_matches('\t').starts_with("|\t") {
            let cells = raw
                .split("\t|\t")
                .map(|c| unglue(&clean_markdown(c.trim()).0))
                .collect();
            pieces.push(Piece::Row(cells));
            gap = 0.0;
            continue;
        }
        if let Some(cell) = raw.strip_prefix('\t') {
            // A DOCX cell: this line and the following lines up to a blank line or the next cell.
            let mut lines = vec![cell.trim().to_string()];
            while i < raw_lines.len() {
                let next = raw_lines[i];
                if next.trim().is_empty() || next.starts_with('\t') {
                    break;
                }
                lines.push(next.trim().to_string());
                i += 1;
            }
            pieces.push(Piece::DocxCell(
                lines.into_iter().map(|l| unglue(&l)).collect(),
            ));
            gap = 0.0;
            continue;
        }
        if raw.trim_start().contains('\t')
            && raw
                .trim()
                .split('\t')
                .filter(|c| !c.trim().is_empty())
                .count()
                >= 2
        {
            let cells = raw.trim().split('\t').map(|c| unglue(c.trim())).collect();
            pieces.push(Piece::Row(cells));
            gap = 0.0;
            continue;
        }
        let indent = raw
            .chars()
            .take_while(|c| c.is_whitespace())
            .map(|c| if c == '\t' { 4.0 } else { 1.0 })
            .sum::<f32>();
        let hard_break = raw.ends_with("  ");
        let (mut t, bold, heading) = clean_markdown(raw.trim());
        t = unglue(&t);
        if hard_break {
            t.push('\n');
        }
        pieces.push(Piece::Text(Line {
            text: t,
            indent,
            gap_before: gap,
            page,
            bold,
            heading,
            ..Default::default()
        }));
        gap = 0.0;
    }

    let all_lines: Vec<Line> = pieces
        .iter()
        .filter_map(|p| {
            if let Piece::Text(l) = p {
                Some(l.clone())
            } else {
                None
            }
        })
        .collect();
    let hard_wrapped = reflow::is_hard_wrapped(&all_lines);

    let mut blocks: Vec<Block> = Vec::new();
    let mut run: Vec<Line> = Vec::new();
    let mut table: Option<(Table, u32)> = None;
    let mut docx_row: Vec<Cell> = Vec::new();
    let mut anchor_at: Vec<(usize, String)> = Vec::new();
    let mut next_anchor = anchors.into_iter().peekable();
    let flush_run = |run: &mut Vec<Line>, blocks: &mut Vec<Block>| {
        if !run.is_empty() {
            blocks.extend(reflow::reflow_as(run, hard_wrapped));
            run.clear();
        }
    };
    let flush_table =
        |table: &mut Option<(Table, u32)>, docx_row: &mut Vec<Cell>, blocks: &mut Vec<Block>| {
            if let Some((mut t, pg)) = table.take() {
                if !docx_row.is_empty() {
                    t.rows.push(std::mem::take(docx_row));
                }
                let mut b = Block::table(t);
                b.page = Some(pg);
                blocks.push(b);
            } else if !docx_row.is_empty() {
                let mut b = Block::table(Table {
                    rows: vec![std::mem::take(docx_row)],
                    bordered: false,
                });
                b.page = Some(page);
                blocks.push(b);
            }
        };
    let mut blank_run = 0usize;
    for (idx, p) in pieces.into_iter().enumerate() {
        while next_anchor.peek().is_some_and(|(at, _)| *at <= idx) {
            if let Some((_, a)) = next_anchor.next() {
                flush_run(&mut run, &mut blocks);
                anchor_at.push((blocks.len(), a));
            }
        }
        match p {
            Piece::Text(l) => {
                blank_run = 0;
                if table.is_some() || !docx_row.is_empty() {
                    flush_table(&mut table, &mut docx_row, &mut blocks);
                }
                run.push(l);
            }
            Piece::Row(cells) => {
                blank_run = 0;
                flush_run(&mut run, &mut blocks);
                if !docx_row.is_empty() {
                    flush_table(&mut table, &mut docx_row, &mut blocks);
                }
                let t = table.get_or_insert_with(|| {
                    (
                        Table {
                            rows: Vec::new(),
                            bordered: false,
                        },
                        page,
                    )
                });
                t.0.bordered |= cells.len() > 2;
                t.0.rows.push(cells.into_iter().map(Cell::new).collect());
            }
            Piece::DocxCell(lines) => {
                flush_run(&mut run, &mut blocks);
                if blank_run > 0 && !docx_row.is_empty() {
                    // A blank line after a cell with text ends the row.
                    let t = table.get_or_insert_with(|| {
                        (
                            Table {
                                rows: Vec::new(),
                                bordered: false,
                            },
                            page,
                        )
                    });
                    t.0.rows.push(std::mem::take(&mut docx_row));
                }
                blank_run = 0;
                docx_row.push(Cell::new(lines.join("\n")));
            }
            Piece::Blank => {
                blank_run += 1;
                if blank_run >= 2 && (table.is_some() || !docx_row.is_empty()) {
                    flush_table(&mut table, &mut docx_row, &mut blocks);
                } else if blank_run == 1
                    && table.as_ref().is_some_and(|(t, _)| {
                        t.rows
                            .last()
                            .is_some_and(|r| r.len() > 1 && !r.iter().all(|c| c.text.is_empty()))
                    })
                    && docx_row.is_empty()
                {
                    // `TAB|TAB` tables end at a blank line.
                    flush_table(&mut table, &mut docx_row, &mut blocks);
                }
            }
        }
    }
    flush_run(&mut run, &mut blocks);
    flush_table(&mut table, &mut docx_row, &mut blocks);
    for (at, a) in anchor_at {
        if let Some(b) = blocks.get_mut(at) {
            if b.anchor.is_none() {
                b.anchor = Some(a);
            }
        }
    }
    let pages = (1..=page)
        .map(|n| PageInfo {
            number: n,
            quality: PageQuality::Clean,
            letters: 0,
            cyrillic_share: 0.0,
        })
        .collect();
    TextDoc {
        blocks,
        pages,
        diagnostics,
        ..Default::default()
    }
}

static BOOKMARK: LazyLock<Regex> =
    LazyLock::new(|| tizilim_lex::re::new(r"^\[bookmark:\s*([^\]]+)\]$").expect("static regex"));
static GLUE_CASE: LazyLock<Regex> = LazyLock::new(|| {
    tizilim_lex::re::new(r"([а-яәғқңөұүһіё]{2})([А-ЯӘҒҚҢӨҰҮҺІЁ][а-яәғқңөұүһіё])")
        .expect("static regex")
});
static GLUE_DIGIT: LazyLock<Regex> =
    LazyLock::new(|| tizilim_lex::re::new(r"([а-яәғқңөұүһіё]{3})(\d)").expect("static regex"));

/// Splits words glued where the source had a line break: a lowercase Cyrillic letter directly
/// followed by a capitalised word, or by a number.
fn unglue(s: &str) -> String {
    let a = GLUE_CASE.replace_all(s, "$1 $2");
    GLUE_DIGIT.replace_all(&a, "$1 $2").into_owned()
}

/// Strips Markdown: `#` headings, `**bold**`, `*italic*` at line edges, `\*` escapes. Returns the
/// text, whether it was bold, whether it was a heading.
fn clean_markdown(s: &str) -> (String, bool, bool) {
    let mut t = s;
    let mut heading = false;
    if t.starts_with('#') {
        let stripped = t.trim_start_matches('#');
        if stripped.starts_with(' ') {
            heading = true;
            t = stripped.trim_start();
        }
    }
    let bold = t.contains("**");
    let mut out = t.replace("**", "");
    if out.starts_with('*') && out.chars().nth(1).is_some_and(|c| !c.is_whitespace()) {
        out.remove(0);
    }
    if out.ends_with('*')
        && !out.ends_with("\\*")
        && out.chars().rev().nth(1).is_some_and(|c| !c.is_whitespace())
    {
        out.pop();
    }
    let out = out
        .replace("\\*", "*")
        .replace("\\_", "_")
        .replace("\\#", "#");
    (out.trim().to_string(), bold, heading)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::BlockKind;

    #[test]
    fn tables_glue_and_markdown() {
        let src = "## **1-тарау. Жалпы ережелер**\n\n1. Бірінші.\n\n\t|\tҚазақстан РеспубликасыныңЦифрлық даму министрінің2021 жылғы\n\nКелесі абзац  \nжалғасы\n";
        let d = extract(src.as_bytes());
        let kinds: Vec<_> = d.blocks.iter().map(|b| b.kind).collect();
        assert_eq!(
            kinds,
            [
                BlockKind::Heading,
                BlockKind::Paragraph,
                BlockKind::Table,
                BlockKind::Paragraph
            ]
        );
        assert_eq!(d.blocks[0].text, "1-тарау. Жалпы ережелер");
        let t = d.blocks[2].table.as_ref().unwrap();
        assert_eq!(
            t.rows[0][1].text,
            "Қазақстан Республикасының Цифрлық даму министрінің 2021 жылғы"
        );
        assert_eq!(d.blocks[3].text, "Келесі абзац\nжалғасы");
    }

    #[test]
    fn docx_cells() {
        let src = "\t \n\tПриложение 1\nк Правилам\n\n\t \n\tформа\n\n\nТекст.\n";
        let d = extract(src.as_bytes());
        assert_eq!(d.blocks.len(), 2, "{:?}", d.blocks);
        let t = d.blocks[0].table.as_ref().unwrap();
        assert_eq!(t.rows.len(), 2);
        assert_eq!(t.rows[0][1].text, "Приложение 1\nк Правилам");
    }
}
