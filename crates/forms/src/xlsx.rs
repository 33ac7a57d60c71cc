//! XLSX writer (rust_xlsxwriter): the form sheet laid out like the Rules print it, and the evidence sheet.
//!
//! Form sheet, top to bottom: the appendix note merged over the rightmost columns, «Форма»/«Нысан», the
//! title merged over the whole width, the header block (merged cells as the Rules draw them), the
//! column-number row, the data rows. The finding id is a hidden last column. Header rows are frozen and
//! repeated on every printed page; the page is A4 landscape, fitted to one page wide.
//!
//! Every text goes through `write_string`: a cell that starts with `=` is a string, never a formula.

use rust_xlsxwriter::{
    ColNum, Format, FormatAlign, FormatBorder, IgnoreError, RowNum, Workbook, Worksheet, XlsxError,
};

use super::{spec, FormTable};

/// The row where the header block starts (0-based): note, form word, blank, title, blank before it.
const HEADER_START: RowNum = 5;
/// Excel refuses strings longer than 32,767 characters; longer quotes are cut here, marked with «…».
const MAX_CELL_CHARS: usize = 32_000;
/// The font size of the sheets (the title is 12 pt).
const FONT_SIZE: u8 = 10;
/// Points per text line at [`FONT_SIZE`].
const LINE_HEIGHT: f64 = 13.5;
/// Excel's largest row height.
const MAX_ROW_HEIGHT: f64 = 409.0;
/// Width the appendix note needs at the top right (character units).
const NOTE_WIDTH: f64 = 40.0;

struct Formats {
    note: Format,
    form_word: Format,
    title: Format,
    header: Format,
    number: Format,
    data: Format,
}

impl Formats {
    fn new() -> Self {
        let base = Format::new().set_font_size(FONT_SIZE);
        let boxed = base.clone().set_border(FormatBorder::Thin).set_text_wrap();
        Formats {
            note: base
                .clone()
                .set_text_wrap()
                .set_align(FormatAlign::Left)
                .set_align(FormatAlign::Top),
            form_word: base.set_align(FormatAlign::Right),
            title: Format::new()
                .set_bold()
                .set_font_size(12)
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            header: boxed
                .clone()
                .set_bold()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter),
            number: boxed.clone().set_align(FormatAlign::Center),
            data: boxed
                .set_align(FormatAlign::Left)
                .set_align(FormatAlign::Top),
        }
    }
}

/// The XLSX file of a form (form sheet + evidence sheet) as bytes.
pub fn xlsx_bytes(table: &FormTable) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let formats = Formats::new();
    let sheet = workbook.add_worksheet();
    form_sheet(sheet, table, &formats)?;
    let evidence = workbook.add_worksheet();
    evidence_sheet(evidence, table, &formats)?;
    workbook.save_to_buffer()
}

fn col_num(i: usize) -> ColNum {
    ColNum::try_from(i).unwrap_or(ColNum::MAX)
}

fn row_num(i: usize) -> RowNum {
    RowNum::try_from(i).unwrap_or(RowNum::MAX)
}

/// The text as a cell may hold it (cut to [`MAX_CELL_CHARS`] on a char boundary).
fn cell_text(text: &str) -> std::borrow::Cow<'_, str> {
    match text.char_indices().nth(MAX_CELL_CHARS) {
        Some((cut, _)) => std::borrow::Cow::Owned(format!("{}…", &text[..cut])),
        None => std::borrow::Cow::Borrowed(text),
    }
}

/// Estimated lines `text` needs in a cell `width` characters wide (bold text runs wider).
fn lines(text: &str, width: f64, bold: bool) -> f64 {
    let per_line = (width * if bold { 0.8 } else { 1.0 }).max(1.0);
    text.split('\n')
        .map(|l| (l.chars().count() as f64 / per_line).ceil().max(1.0))
        .sum()
}

fn height(lines: f64) -> f64 {
    (lines * LINE_HEIGHT + 4.0).min(MAX_ROW_HEIGHT)
}

/// Writes `text` over the range, merging when it covers more than one cell.
fn put(
    sheet: &mut Worksheet,
    (r1, c1, r2, c2): (RowNum, ColNum, RowNum, ColNum),
    text: &str,
    format: &Format,
) -> Result<(), XlsxError> {
    let text = cell_text(text);
    if r1 == r2 && c1 == c2 {
        sheet.write_string_with_format(r1, c1, text.as_ref(), format)?;
    } else {
        sheet.merge_range(r1, c1, r2, c2, text.as_ref(), format)?;
    }
    Ok(())
}

fn form_sheet(sheet: &mut Worksheet, table: &FormTable, f: &Formats) -> Result<(), XlsxError> {
    let ncols = table.columns().max(1);
    let last = col_num(ncols - 1);
    let id_col = col_num(ncols);
    sheet.set_name(&table.sheet_name)?;

    for (i, w) in table.widths.iter().enumerate() {
        sheet.set_column_width(col_num(i), *w)?;
    }
    sheet.set_column_width(id_col, 24)?;
    sheet.set_column_hidden(id_col)?;

    // The appendix note and «Форма» at the top right, over as many right-hand columns as it needs.
    let mut first_note = ncols - 1;
    let mut note_width = table.widths.get(first_note).copied().unwrap_or(NOTE_WIDTH);
    while first_note > 0 && note_width < NOTE_WIDTH {
        first_note -= 1;
        note_width += table.widths.get(first_note).copied().unwrap_or(0.0);
    }
    let first_note = col_num(first_note);
    put(
        sheet,
        (0, first_note, 0, last),
        &table.appendix_note,
        &f.note,
    )?;
    sheet.set_row_height(0, height(lines(&table.appendix_note, note_width, false)))?;
    put(
        sheet,
        (1, first_note, 1, last),
        &table.form_word,
        &f.form_word,
    )?;

    let total_width: f64 = table.widths.iter().sum();
    put(sheet, (3, 0, 3, last), &table.title, &f.title)?;
    sheet.set_row_height(3, height(lines(&table.title, total_width * 0.85, true)))?;

    // Header block.
    let hrows = table.header_rows.max(1);
    let mut heights = vec![1.0f64; usize::from(hrows)];
    for h in &table.header {
        let width: f64 = (0..usize::from(h.colspan))
            .filter_map(|k| table.widths.get(usize::from(h.col) + k))
            .sum();
        let need = lines(&h.text, width, true);
        let rows = usize::from(h.row)..usize::from(h.row + h.rowspan).min(heights.len());
        let have: f64 = heights.get(rows.clone()).map_or(0.0, |s| s.iter().sum());
        if need > have && !rows.is_empty() {
            let extra = (need - have) / rows.len() as f64;
            for r in rows {
                if let Some(x) = heights.get_mut(r) {
                    *x += extra;
                }
            }
        }
        let r1 = HEADER_START + RowNum::from(h.row);
        let r2 = r1 + RowNum::from(h.rowspan.max(1)) - 1;
        let c2 = h.col + h.colspan.max(1) - 1;
        put(sheet, (r1, h.col, r2, c2), &h.text, &f.header)?;
    }
    for (i, lines) in heights.iter().enumerate() {
        sheet.set_row_height(HEADER_START + row_num(i), height(lines.ceil()))?;
    }
    let number_row = HEADER_START + RowNum::from(hrows);
    put(
        sheet,
        (HEADER_START, id_col, number_row - 1, id_col),
        spec::ID_HEADER,
        &f.header,
    )?;

    // Column numbers 1 2 3 ...
    for c in 0..ncols {
        sheet.write_number_with_format(number_row, col_num(c), (c + 1) as f64, &f.number)?;
    }
    sheet.write_blank(number_row, id_col, &f.number)?;

    // Data rows. Their heights are set too: LibreOffice does not fit rows to wrapped text on load.
    let first_data = number_row + 1;
    for (i, row) in table.rows.iter().enumerate() {
        let r = first_data + row_num(i);
        let need = row
            .cells
            .iter()
            .zip(&table.widths)
            .filter_map(|(c, w)| c.as_deref().map(|t| lines(t, *w, false)))
            .fold(1.0, f64::max);
        sheet.set_row_height(r, height(need))?;
        for c in 0..ncols {
            match row.cells.get(c).and_then(|v| v.as_deref()) {
                Some(text) => {
                    sheet.write_string_with_format(r, col_num(c), cell_text(text), &f.data)?;
                }
                None => {
                    sheet.write_blank(r, col_num(c), &f.data)?;
                }
            }
        }
        sheet.write_string_with_format(r, id_col, cell_text(&row.finding_id), &f.data)?;
    }
    if !table.rows.is_empty() {
        let last_row = first_data + row_num(table.rows.len() - 1);
        sheet.ignore_error_range(
            first_data,
            0,
            last_row,
            id_col,
            IgnoreError::NumberStoredAsText,
        )?;
    }

    sheet.set_freeze_panes(first_data, 0)?;
    sheet.set_landscape();
    sheet.set_paper_size(9); // A4
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_margins(0.4, 0.4, 0.6, 0.6, 0.3, 0.3);
    sheet.set_repeat_rows(HEADER_START, number_row)?;
    sheet.set_footer("&C&P / &N");
    Ok(())
}

fn evidence_sheet(sheet: &mut Worksheet, table: &FormTable, f: &Formats) -> Result<(), XlsxError> {
    sheet.set_name(spec::EVIDENCE_SHEET.get(table.lang))?;
    for (c, (title, width)) in spec::EVIDENCE_COLUMNS.iter().enumerate() {
        sheet.set_column_width(col_num(c), *width)?;
        sheet.write_string_with_format(0, col_num(c), title.get(table.lang), &f.header)?;
    }
    for (i, row) in table.rows.iter().enumerate() {
        let r = row_num(i + 1);
        let texts = [&row.finding_id, &row.file, &row.path, &row.quote];
        let need = texts
            .iter()
            .zip(spec::EVIDENCE_COLUMNS.iter())
            .map(|(t, (_, w))| lines(t, *w, false))
            .fold(1.0, f64::max);
        sheet.set_row_height(r, height(need))?;
        for (c, text) in texts.iter().enumerate() {
            sheet.write_string_with_format(r, col_num(c), cell_text(text), &f.data)?;
        }
        let confidence = (f64::from(row.confidence) * 100.0).round() / 100.0;
        sheet.write_number_with_format(r, col_num(texts.len()), confidence, &f.data)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    sheet.set_landscape();
    sheet.set_paper_size(9);
    sheet.set_print_fit_to_pages(1, 0);
    sheet.set_repeat_rows(0, 0)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_text_is_cut_on_a_char_boundary() {
        let long = "ж".repeat(MAX_CELL_CHARS + 10);
        let cut = cell_text(&long);
        assert_eq!(cut.chars().count(), MAX_CELL_CHARS + 1);
        assert!(cut.ends_with('…'));
        assert_eq!(cell_text("short"), "short");
    }

    #[test]
    fn line_estimate_counts_breaks_and_wrapping() {
        assert_eq!(lines("a\nb\nc", 10.0, false), 3.0);
        assert_eq!(lines(&"x".repeat(25), 10.0, false), 3.0);
        assert_eq!(lines("", 10.0, false), 1.0);
    }
}
