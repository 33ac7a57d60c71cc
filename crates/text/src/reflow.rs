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
///
/// Two kinds of input are told apart by their lines. *Blank-line* inputs (HTML-derived text,
/// DOCX exports, Markdown) separate paragraphs by blank lines. *Hard-wrapped* inputs (PDF text)
/// wrap every sentence; there a paragraph starts at an indented line, and blank runs are page
/// breaks that paragraphs run across. In both, a line that opens a numbered unit starts a block,
/// and a change of alignment (right-aligned header blocks, centred headings) ends one.
pub fn reflow(lines: &[Line]) -> Vec<Block> {
    reflow_as(lines, is_hard_wrapped(lines))
}

/// The vertical gap (in line heights) that separates paragraphs. Text inputs count blank lines
/// (1.0); PDF inputs measure space, where a paragraph gap is a fraction of a line but clearly
/// larger than the spacing between the lines of one paragraph.
pub fn gap_threshold(lines: &[Line]) -> f32 {
    let fractional = lines.iter().any(|l| l.gap_before.fract() != 0.0);
    if !fractional {
        return 1.0;
    }
    let mut gaps: Vec<f32> = lines
        .iter()
        .map(|l| l.gap_before)
        .filter(|g| g.is_finite())
        .collect();
    if gaps.is_empty() {
        return 1.0;
    }
    gaps.sort_by(f32::total_cmp);
    let median = gaps[gaps.len() / 2];
    (median * 2.5).clamp(0.35, 1.0)
}

/// [`reflow`] with the input kind decided by the caller (a reader that splits its lines into
/// several runs decides once for the whole document with [`is_hard_wrapped`]).
pub fn reflow_as(lines: &[Line], hard_wrapped: bool) -> Vec<Block> {
    let style = Style {
        hard_wrapped,
        gap: gap_threshold(lines),
    };
    let numbered = opens_numbered_list(lines);
    let mut blocks: Vec<Block> = Vec::new();
    let mut cur: Option<(BlockKind, String, u32, Align)> = None;
    let mut prev: Option<&Line> = None;
    for (li, line) in lines.iter().enumerate() {
        let text = line.text.trim();
        if text.is_empty() {
            continue;
        }
        let kind = if line.heading {
            BlockKind::Heading
        } else if line.align == Align::Right {
            BlockKind::Aside
        } else if line.align == Align::Center && line.bold {
            BlockKind::Heading
        } else {
            BlockKind::Paragraph
        };
        let decision = match (&cur, prev) {
            (Some((ck, ctext, _, calign)), Some(p)) => {
                let list = numbered.get(li).copied().unwrap_or(false);
                decide(line, text, kind, *ck, ctext, *calign, p, style, list)
            }
            _ => Join::New,
        };
        match decision {
            Join::New => {
                if let Some((k, t, pg, _)) = cur.take() {
                    blocks.push(finish(k, t, pg));
                }
                cur = Some((kind, text.to_string(), line.page, line.align));
            }
            Join::Space | Join::Break => {
                if let Some((_, t, _, _)) = cur.as_mut() {
                    join_line(t, text, decision == Join::Break);
                }
            }
        }
        prev = Some(line);
    }
    if let Some((k, t, pg, _)) = cur.take() {
        blocks.push(finish(k, t, pg));
    }
    blocks
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Join {
    /// Start a new block.
    New,
    /// Continue the block after a space (a soft wrap).
    Space,
    /// Continue the block after a hard line break.
    Break,
}

/// How an input lays out its paragraphs.
#[derive(Debug, Clone, Copy)]
struct Style {
    hard_wrapped: bool,
    /// Gap that separates paragraphs.
    gap: f32,
}

#[allow(clippy::too_many_arguments)]
fn decide(
    line: &Line,
    text: &str,
    kind: BlockKind,
    cur_kind: BlockKind,
    cur_text: &str,
    cur_align: Align,
    prev: &Line,
    style: Style,
    list: bool,
) -> Join {
    let hard_wrapped = style.hard_wrapped;
    if line.heading
        || cur_align != line.align
        || (cur_kind != kind)
        || (hard_wrapped && line.bold != prev.bold)
    {
        return Join::New;
    }
    if kind != BlockKind::Paragraph {
        // Asides and headings: lines of one block unless a clear gap separates them.
        let limit = if hard_wrapped {
            style.gap.max(1.0) * 1.5
        } else {
            1.0
        };
        return if line.gap_before >= limit {
            Join::New
        } else {
            Join::Break
        };
    }
    if !hard_wrapped {
        if line.gap_before >= 1.0 || line.indent >= 2.0 || opens_unit(text) {
            return Join::New;
        }
        return Join::Break;
    }
    let open = !ends_sentence(cur_text);
    let lower = text.chars().next().is_some_and(|c| c.is_lowercase());
    if opens_division(text) || prev.indent - line.indent >= 8.0 {
        // A division opens, or the line returns from a far-right column (a layout-table cell
        // such as the signer's name) to the text column.
        return Join::New;
    }
    if line.indent >= 2.0 {
        // An indented line in mid-sentence continues the paragraph after a hard break (old acts
        // keep the line breaks of their source).
        return if open && lower && !opens_unit(text) {
            Join::Break
        } else {
            Join::New
        };
    }
    if line.gap_before >= style.gap || line.page != prev.page || line.indent >= prev.indent + 1.0 {
        return if open && continues(cur_text, text) {
            Join::Space
        } else {
            Join::New
        };
    }
    // A numbered point opens a block after a finished sentence, or after an unfinished one (a
    // title without a full stop) when the next number opens a later line too.
    if opens_unit(text) && (!open || list) {
        return Join::New;
    }
    Join::Space
}

/// By line: it starts with «N.» and a line within the next [`LIST_LOOKAHEAD`] starts with
/// «N+1.»: the line opens an item of a numbered list, not a number wrapped in mid-sentence.
fn opens_numbered_list(lines: &[Line]) -> Vec<bool> {
    use std::sync::LazyLock;
    static RE: LazyLock<regex::Regex> =
        LazyLock::new(|| tizilim_lex::re::new(r"^(\d{1,3})\.\s").expect("static regex"));
    let numbers: Vec<Option<u32>> = lines
        .iter()
        .map(|l| {
            RE.captures(l.text.trim_start())
                .and_then(|c| c[1].parse::<u32>().ok())
        })
        .collect();
    let mut at: std::collections::HashMap<u32, Vec<usize>> = std::collections::HashMap::new();
    for (i, n) in numbers.iter().enumerate() {
        if let Some(n) = n {
            at.entry(*n).or_default().push(i);
        }
    }
    numbers
        .iter()
        .enumerate()
        .map(|(i, n)| {
            n.and_then(|n| at.get(&(n + 1))).is_some_and(|v| {
                let k = v.partition_point(|&j| j <= i);
                v.get(k).is_some_and(|&j| j <= i + LIST_LOOKAHEAD)
            })
        })
        .collect()
}

/// Lines within which the next number of a list is looked for.
const LIST_LOOKAHEAD: usize = 400;

/// After a page break or gap, does `next` continue the unfinished sentence `cur`?
fn continues(cur: &str, next: &str) -> bool {
    let first = next.chars().next();
    let last = cur.trim_end().chars().last();
    first.is_some_and(|c| {
        c.is_lowercase()
            || c.is_ascii_digit()
            // An opening quote may start a sentence as well as continue one: not a cue.
            || matches!(c, '№' | '(' | ')' | ',' | ';' | '.' | '-' | '–' | '»')
    }) || last.is_some_and(|c| matches!(c, '"' | '«' | '(' | '-' | '№' | ','))
}

fn finish(kind: BlockKind, text: String, page: u32) -> Block {
    let mut b = Block::new(kind, text.trim().to_string());
    b.page = Some(page);
    b
}

/// Joins `next` to the block text `t`: with a newline for hard breaks, without a space after a
/// line-final hyphen that joins a word («интернет-» + «ресурс», «8-» + «бабының»), without the
/// hyphen when it was a soft hyphen, else with a space.
fn join_line(t: &mut String, next: &str, hard_break: bool) {
    if hard_break {
        t.push('\n');
        t.push_str(next);
        return;
    }
    if t.ends_with('\u{00AD}') {
        t.pop();
        t.push_str(next);
        return;
    }
    let mut chars = t.chars().rev();
    let last = chars.next();
    let before = chars.next();
    let next_first = next.chars().next();
    if last == Some('-')
        && before.is_some_and(|c| c.is_alphanumeric())
        && next_first.is_some_and(|c| c.is_alphabetic())
    {
        t.push_str(next);
        return;
    }
    if last.is_some_and(|c| c == '(' || c == '«' || c == '“')
        || next_first.is_some_and(|c| matches!(c, ')' | ',' | ';' | '.' | '»' | '”'))
    {
        t.push_str(next);
        return;
    }
    t.push(' ');
    t.push_str(next);
}

fn ends_sentence(t: &str) -> bool {
    t.trim_end().ends_with(['.', ';', ':', '!', '?'])
}

/// True when a line opens a numbered unit: «12.», «12-1.», «3)», «3-1)», «2-тарау.», «Глава 2.»,
/// «Раздел 1.», «5-бап.», «Статья 5.», «Сноска.», «Ескерту.», «Примечание».
pub fn opens_unit(text: &str) -> bool {
    use std::sync::LazyLock;
    static NUMBERED: LazyLock<regex::Regex> = LazyLock::new(|| {
        tizilim_lex::re::new(r"^(?:\d{1,3}(?:-\d{1,3})?[.)]\s|\d{1,3}(?:-\d{1,3})?\)$)")
            .expect("static regex")
    });
    NUMBERED.is_match(text) || opens_division(text)
}

/// True when a line opens a chapter, section, article or note: these start a block even in
/// mid-sentence position (a heading has no final punctuation).
fn opens_division(text: &str) -> bool {
    use std::sync::LazyLock;
    static NOTE: LazyLock<regex::Regex> =
        LazyLock::new(|| tizilim_lex::re::new(r"^(?:Сноска|Ескерту)\s*\.").expect("static regex"));
    // The Kazakh division words end in a Unicode word boundary: behind its pre-test, the
    // pattern runs only on lines that open with a division word (see `tizilim_lex::gated`).
    static DIVISION: LazyLock<tizilim_lex::gated::Gated> = LazyLock::new(|| {
        tizilim_lex::gated::Gated::new(&format!(r"^(?:{})", tizilim_lex::units::division_openers()))
            .expect("static regex")
    });
    NOTE.is_match(text) || DIVISION.is_match(text)
}

/// Hard-wrapped inputs have most non-blank lines directly below another non-blank line of the
/// same paragraph.
pub fn is_hard_wrapped(lines: &[Line]) -> bool {
    let mut non_blank = 0usize;
    let mut continuation = 0usize;
    let mut prev_blank = true;
    for l in lines {
        if l.text.trim().is_empty() {
            prev_blank = true;
            continue;
        }
        non_blank += 1;
        if !prev_blank
            && l.gap_before < 1.0
            && l.indent < 2.0
            && !opens_unit(l.text.trim())
            && l.align == Align::Left
        {
            continuation += 1;
        }
        prev_blank = false;
    }
    non_blank > 0 && continuation * 10 > non_blank * 3
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(text: &str, indent: f32, gap: f32) -> Line {
        Line {
            text: text.into(),
            indent,
            gap_before: gap,
            page: 1,
            ..Default::default()
        }
    }

    #[test]
    fn hard_wrapped_paragraphs_start_at_indent() {
        let lines = vec![
            line("1. Осы Қағидалар мемлекеттік", 6.0, 0.0),
            line("көрсетілетін қызметтер", 0.0, 0.0),
            line("тізілімін айқындайды", 0.0, 3.0),
            line("және интернет-", 0.0, 0.0),
            line("ресурсында 8-", 0.0, 0.0),
            line("бабының.", 0.0, 0.0),
            line("2. Екінші тармақ", 6.0, 0.0),
            line("жалғасы.", 0.0, 0.0),
        ];
        let b = reflow(&lines);
        assert_eq!(b.len(), 2);
        assert_eq!(
            b[0].text,
            "1. Осы Қағидалар мемлекеттік көрсетілетін қызметтер тізілімін айқындайды және интернет-ресурсында 8-бабының."
        );
    }

    #[test]
    fn a_list_opens_after_a_title_without_a_full_stop() {
        let texts = |lines: &[Line]| -> Vec<String> {
            reflow_as(lines, true).into_iter().map(|b| b.text).collect()
        };
        // Kazakh and Russian: «1.» after a title is a point when «2.» opens a later line.
        let kk = vec![
            line("Қызмет қағидаларын бекіту туралы", 0.0, 0.0),
            line("1. Қағидалар бекітілсін.", 0.0, 0.0),
            line("2. Бұйрық қолданысқа енгізіледі.", 0.0, 0.0),
        ];
        assert_eq!(
            texts(&kk),
            [
                "Қызмет қағидаларын бекіту туралы",
                "1. Қағидалар бекітілсін.",
                "2. Бұйрық қолданысқа енгізіледі."
            ]
        );
        let ru = vec![
            line("Об утверждении Правил", 0.0, 0.0),
            line("1. Утвердить Правила.", 0.0, 0.0),
            line("2. Приказ вводится в действие.", 0.0, 0.0),
        ];
        assert_eq!(texts(&ru).len(), 3);
        // A number wrapped in mid-sentence, with no next number below, stays in its sentence.
        let wrapped = vec![
            line("в редакции приказа от", 0.0, 0.0),
            line("12. марта текст продолжается.", 0.0, 0.0),
        ];
        assert_eq!(texts(&wrapped).len(), 1);
    }

    #[test]
    fn blank_line_paragraphs_and_units() {
        let lines = vec![
            line("Бірінші абзац.", 0.0, 0.0),
            line("Екінші абзац", 0.0, 1.0),
            line("1) тармақша;", 0.0, 0.0),
        ];
        let b = reflow(&lines);
        assert_eq!(
            b.iter().map(|b| b.text.as_str()).collect::<Vec<_>>(),
            ["Бірінші абзац.", "Екінші абзац", "1) тармақша;"]
        );
    }
}
