//! `tizilim-forms`: the proposal forms of the 2025 Rules (Appendices 3–6) in Russian and Kazakh.
//!
//! Findings come in, [`FormTable`]s are built from them ([`form_rows`]: pure, no I/O), and writers turn a
//! table into XLSX ([`xlsx_bytes`]) or CSV ([`csv_bytes`]); [`write_all`] writes every form of a run plus
//! `findings.json` into a directory, each file atomically.
//!
//! Routing: `changed` and `obsolete` findings go to the changes form (Appendix 3, or 5 for socially
//! significant services); `hidden` ones to the additions form (Appendix 4, or 6). A finding counts as
//! socially significant when its `form` is `app5` or `app6`. Cells whose value is not known stay empty:
//! the forms never invent a value.
//!
//! Every row carries its finding's id: in a hidden last column («ID») of the form sheet and of the CSV,
//! and on a second sheet («Обоснования» / «Негіздемелер») that lists id, file, structural path, quote
//! and confidence.
//!
//! Formula injection: text that starts with `=`, `+`, `-`, `@`, tab or CR is written to XLSX as a string
//! cell (never as a formula), and to CSV with a leading `'` so that a spreadsheet opening the CSV shows
//! it as text instead of evaluating it (the usual OWASP advice; the quote is visible in the CSV).
//!
//! Edited wordings: an analyst may reword a row's cells ([`Wording`]: per language, column key →
//! text; [`column_keys`] names the columns). [`render_all_with`] puts them in place of the generated
//! cells before the writers run, so edited text gets the same formula guard as any other cell.
//!
//! All header wording lives in one table, the private `spec` submodule (ru and kk side by side).

mod csv;
mod fill;
mod spec;
mod xlsx;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use tizilim_findings::{Finding, FindingKind, FormId};

pub use csv::csv_bytes;
pub use xlsx::xlsx_bytes;

/// The language of a form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// Russian.
    Ru,
    /// Kazakh.
    Kk,
}

impl Lang {
    /// Both languages, in file order.
    pub const ALL: [Lang; 2] = [Lang::Ru, Lang::Kk];

    /// `ru` / `kk`.
    pub fn as_str(self) -> &'static str {
        match self {
            Lang::Ru => "ru",
            Lang::Kk => "kk",
        }
    }
}

/// One cell of a form's header block, with its span (rows and columns counted inside the header block).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HeaderCell {
    /// Header row (0 = top).
    pub row: u16,
    /// First column (0-based).
    pub col: u16,
    /// Rows spanned (≥ 1).
    pub rowspan: u16,
    /// Columns spanned (≥ 1).
    pub colspan: u16,
    /// The text, verbatim from the Rules.
    pub text: String,
}

/// One data row of a form, linked to the finding it comes from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FormRow {
    /// One value per form column; `None` = not known, the cell stays empty.
    pub cells: Vec<Option<String>>,
    /// The finding's id.
    pub finding_id: String,
    /// The finding's evidence file.
    pub file: String,
    /// The finding's structural path.
    pub path: String,
    /// The quoted text.
    pub quote: String,
    /// The finding's confidence.
    pub confidence: f32,
}

/// A proposal form filled with rows, ready for a writer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FormTable {
    /// Which appendix.
    pub form: FormId,
    /// Which language.
    pub lang: Lang,
    /// The appendix header at the top right («Приложение 4\nк Правилам ведения реестра\n...»).
    pub appendix_note: String,
    /// «Форма» / «Нысан».
    pub form_word: String,
    /// The form's title.
    pub title: String,
    /// The sheet name («Приложение 4» / «4-қосымша»).
    pub sheet_name: String,
    /// Number of header rows (1 or 2).
    pub header_rows: u16,
    /// The header cells with their spans.
    pub header: Vec<HeaderCell>,
    /// Column widths (Excel character units), one per form column.
    pub widths: Vec<f64>,
    /// The data rows.
    pub rows: Vec<FormRow>,
}

impl FormTable {
    /// The number of form columns (without the hidden id column).
    pub fn columns(&self) -> usize {
        self.widths.len()
    }

    /// One header text per column: the texts of the header cells above it, top to bottom, joined by a
    /// space («в том числе: Правовое основание»). Used where headers must be one row (CSV).
    pub fn flat_headers(&self) -> Vec<String> {
        (0..self.columns())
            .map(|c| {
                let c = u16::try_from(c).unwrap_or(u16::MAX);
                let mut parts: Vec<&HeaderCell> = self
                    .header
                    .iter()
                    .filter(|h| h.col <= c && c < h.col.saturating_add(h.colspan))
                    .collect();
                parts.sort_by_key(|h| h.row);
                parts
                    .iter()
                    .map(|h| h.text.as_str())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .collect()
    }
}

/// The form a finding goes to: changes (3/5) for `changed` and `obsolete`, additions (4/6) for
/// `hidden`; 5/6 when the finding's own form says the service is socially significant.
pub fn target_form(finding: &Finding) -> FormId {
    let social = matches!(finding.form, FormId::App5 | FormId::App6);
    match (finding.kind, social) {
        (FindingKind::Hidden, false) => FormId::App4,
        (FindingKind::Hidden, true) => FormId::App6,
        (FindingKind::Changed | FindingKind::Obsolete, false) => FormId::App3,
        (FindingKind::Changed | FindingKind::Obsolete, true) => FormId::App5,
    }
}

/// Builds `form` in `lang` from the findings that go to it ([`target_form`]), in input order.
pub fn form_rows(form: FormId, lang: Lang, findings: &[Finding]) -> FormTable {
    fill::build(form, lang, findings)
}

/// The file stem of a form: `app3_ru`, `app4_kk`, ...
pub fn file_stem(form: FormId, lang: Lang) -> String {
    format!("{}_{}", form.as_str(), lang.as_str())
}

/// The key of each column of `form`, in column order (`structural_element`, `current`,
/// `proposed`, ... for Appendices 3/5; `code`, `name`, `provider`, ... for 4/6); None for the
/// row number, which is never edited.
pub fn column_keys(form: FormId) -> Vec<Option<&'static str>> {
    spec::spec(form)
        .columns
        .iter()
        .map(|c| c.src.key())
        .collect()
}

/// An analyst's edited wording of one finding's form row: for each language, column key
/// ([`column_keys`]) → the text to put in that cell instead of the generated one. A blank text
/// empties the cell.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Wording {
    /// Russian cells.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub ru: BTreeMap<String, String>,
    /// Kazakh cells.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub kk: BTreeMap<String, String>,
}

impl Wording {
    /// The edited cells of one language.
    pub fn cells(&self, lang: Lang) -> &BTreeMap<String, String> {
        match lang {
            Lang::Ru => &self.ru,
            Lang::Kk => &self.kk,
        }
    }

    /// True when no cell is edited.
    pub fn is_empty(&self) -> bool {
        self.ru.is_empty() && self.kk.is_empty()
    }

    /// The first key that names no editable column of `form`, if any.
    pub fn unknown_key(&self, form: FormId) -> Option<&str> {
        let keys = column_keys(form);
        self.ru
            .keys()
            .chain(self.kk.keys())
            .find(|k| !keys.contains(&Some(k.as_str())))
            .map(String::as_str)
    }
}

/// Puts the edited wordings (by finding id) in place of the generated cells of `table`'s rows,
/// in the table's language.
pub fn apply_wordings(table: &mut FormTable, wordings: &HashMap<String, Wording>) {
    if wordings.is_empty() {
        return;
    }
    let keys = column_keys(table.form);
    for row in &mut table.rows {
        let Some(w) = wordings.get(&row.finding_id) else {
            continue;
        };
        let edits = w.cells(table.lang);
        for (cell, key) in row.cells.iter_mut().zip(&keys) {
            if let Some(text) = key.and_then(|k| edits.get(k)) {
                let t = text.trim();
                *cell = (!t.is_empty()).then(|| t.to_string());
            }
        }
    }
}

/// Renders every form file in memory, as `(file name, bytes)`: `app3_ru.xlsx`, `app3_kk.xlsx`,
/// `app4_*` (always, so the analyst sees the blank forms), `app5_*`/`app6_*` when any finding is
/// socially significant, each also as `.csv`, and `findings.json`.
pub fn render_all(findings: &[Finding]) -> std::io::Result<Vec<(String, Vec<u8>)>> {
    render_all_with(findings, &HashMap::new())
}

/// [`render_all`] with edited wordings (by finding id) in place of the generated cells.
pub fn render_all_with(
    findings: &[Finding],
    wordings: &HashMap<String, Wording>,
) -> std::io::Result<Vec<(String, Vec<u8>)>> {
    let social = findings
        .iter()
        .any(|f| matches!(target_form(f), FormId::App5 | FormId::App6));
    let mut forms = vec![FormId::App3, FormId::App4];
    if social {
        forms.extend([FormId::App5, FormId::App6]);
    }
    let mut out = Vec::new();
    for form in forms {
        for lang in Lang::ALL {
            let mut table = form_rows(form, lang, findings);
            apply_wordings(&mut table, wordings);
            let stem = file_stem(form, lang);
            let bytes = xlsx_bytes(&table).map_err(std::io::Error::other)?;
            out.push((format!("{stem}.xlsx"), bytes));
            out.push((format!("{stem}.csv"), csv_bytes(&table)));
        }
    }
    let json = serde_json::to_vec_pretty(findings).map_err(std::io::Error::other)?;
    out.push(("findings.json".to_string(), json));
    Ok(out)
}

/// Writes every form of [`render_all`] into `dir`, each file atomically; returns the paths.
pub fn write_all(findings: &[Finding], dir: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut written = Vec::new();
    for (name, bytes) in render_all(findings)? {
        let path = dir.join(name);
        tizilim_source::fsutil::write_atomic(&path, &bytes)?;
        written.push(path);
    }
    Ok(written)
}

/// True when a spreadsheet would take `text` for a formula: it starts with `=`, `+`, `-`, `@`, tab or CR.
pub fn looks_like_formula(text: &str) -> bool {
    matches!(
        text.chars().next(),
        Some('=' | '+' | '-' | '@' | '\t' | '\r')
    )
}
