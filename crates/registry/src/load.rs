//! Loading a register from CSV, an Excel workbook or the register act's adilet HTML page.
//!
//! The format is detected from the bytes: a ZIP or OLE signature is a workbook, HTML markup is the
//! act page, anything else that decodes as text is CSV. Loading fails only when there is nothing
//! to load (unreadable file, wrong columns, no register table); problems in single rows become
//! diagnostics with the row number (`row:N`, the header being row 1) and the row is still kept.

use std::collections::HashMap;
use std::io::Cursor;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use regex::Regex;

use super::{Entry, Kind, Paid, Recipient, Register, RegisterFormat, ServiceForm};
use tizilim_lex::diag::{Diagnostic, Diagnostics};

/// The CSV columns of DOMAIN.md §8, in order.
pub const COLUMNS: [&str; 25] = [
    "code",
    "kind",
    "name_ru",
    "name_kk",
    "subtype_ru",
    "subtype_kk",
    "recipients",
    "ministry_ru",
    "ministry_kk",
    "provider_ru",
    "provider_kk",
    "intake_ru",
    "intake_kk",
    "paid",
    "fee_basis",
    "fee_amount",
    "result_form",
    "term",
    "form",
    "info_system",
    "bylaw_title_ru",
    "bylaw_title_kk",
    "bylaw_number",
    "bylaw_date",
    "bylaw_registration_number",
];

/// Columns without which a CSV or workbook is not a register.
pub const REQUIRED_COLUMNS: [&str; 4] = ["code", "kind", "name_ru", "name_kk"];

/// How many rows of a sheet are searched for the header row.
const HEADER_SEARCH_ROWS: usize = 20;

/// Why a register could not be loaded at all.
#[derive(Debug, thiserror::Error)]
pub enum RegisterError {
    /// The file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
    /// The file is over the input size limit.
    #[error("{path}: file is {size} bytes, over the limit of {limit} bytes")]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// Its size.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// The header lacks required columns.
    #[error("{path}: not a register: missing columns {}; found columns: {}", missing.join(", "), found.join(", "))]
    MissingColumns {
        /// The file.
        path: PathBuf,
        /// The required columns that are missing.
        missing: Vec<String>,
        /// The columns the header has.
        found: Vec<String>,
    },
    /// The bytes are not a readable register (broken workbook, no table, empty file).
    #[error("{path}: not a register: {why}")]
    Unreadable {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        why: String,
    },
}

/// Reads and loads a register file; the format is detected from the bytes.
pub fn load(path: &Path) -> Result<Register, RegisterError> {
    let bytes = tizilim_source::read_bytes(path).map_err(|e| match e {
        tizilim_source::SourceError::Io { path, source } => RegisterError::Io { path, source },
        tizilim_source::SourceError::TooLarge { path, size, limit } => {
            RegisterError::TooLarge { path, size, limit }
        }
        other => RegisterError::Unreadable {
            path: path.to_owned(),
            why: other.to_string(),
        },
    })?;
    load_bytes(path, &bytes)
}

/// Detects the format of a register from its bytes.
pub fn detect(bytes: &[u8]) -> Option<RegisterFormat> {
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Some(RegisterFormat::Excel);
    }
    match tizilim_source::detect_format(bytes) {
        Ok(tizilim_source::Format::Html) => Some(RegisterFormat::Html),
        Ok(tizilim_source::Format::Text) => Some(RegisterFormat::Csv),
        _ => None,
    }
}

/// Loads a register from bytes already in memory; `path` names it in messages.
pub fn load_bytes(path: &Path, bytes: &[u8]) -> Result<Register, RegisterError> {
    let unreadable = |why: &str| RegisterError::Unreadable {
        path: path.to_owned(),
        why: why.to_string(),
    };
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(unreadable("the file is empty"));
    }
    let format = detect(bytes).ok_or_else(|| unreadable("binary data that is not a workbook"))?;
    let (entries, diagnostics) = match format {
        RegisterFormat::Csv => {
            let (decoded, mut diags) = tizilim_source::decode_text(bytes, false);
            let rows = csv_rows(path, &decoded.text)?;
            let (entries, d) = from_rows(path, rows)?;
            diags.extend(d);
            (entries, diags)
        }
        RegisterFormat::Excel => from_rows(path, excel_rows(path, bytes)?)?,
        RegisterFormat::Html => {
            let (decoded, mut diags) = tizilim_source::decode_text(bytes, true);
            let (entries, d) = from_html(path, &decoded.text)?;
            diags.extend(d);
            (entries, diags)
        }
    };
    let mut diagnostics = diagnostics;
    if entries.is_empty() {
        diagnostics.push(Diagnostic::error(
            "row:0",
            "the register has no entries (only a header, or no row with a code or a name)",
        ));
    }
    Ok(Register {
        entries,
        source: path.to_string_lossy().into_owned(),
        format,
        diagnostics,
    })
}

/// The physical line where a quoted CSV field opens and is never closed (RFC 4180: a field that
/// starts with `"` ends at the next `"` not doubled). The csv reader takes such a field to the end
/// of the file without a word; a register cut short or hand-edited must not lose rows silently.
fn unterminated_quote(text: &str) -> Option<usize> {
    let mut line = 1;
    let mut open_at: Option<usize> = None;
    let mut field_start = true;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match (open_at, c) {
            (None, '"') if field_start => {
                open_at = Some(line);
                field_start = false;
            }
            (Some(_), '"') => {
                if chars.peek() == Some(&'"') {
                    chars.next();
                } else {
                    open_at = None;
                }
            }
            (_, '\n') => {
                line += 1;
                field_start = open_at.is_none();
            }
            (None, ',') => field_start = true,
            (None, '\r') => {}
            _ => field_start = false,
        }
    }
    open_at
}

/// A sheet's rows as strings, each with its 1-based row number.
type Rows = Vec<(usize, Vec<String>)>;

fn csv_rows(path: &Path, text: &str) -> Result<Rows, RegisterError> {
    if let Some(line) = unterminated_quote(text) {
        return Err(RegisterError::Unreadable {
            path: path.to_owned(),
            why: format!("CSV error: the quoted field opened on line {line} is never closed"),
        });
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Rows::new();
    for (i, rec) in reader.records().enumerate() {
        let rec = rec.map_err(|e| RegisterError::Unreadable {
            path: path.to_owned(),
            why: format!("CSV error near row {}: {e}", i + 1),
        })?;
        // `position().line()` is the physical line; the row number counts records.
        rows.push((i + 1, rec.iter().map(str::to_string).collect()));
    }
    Ok(rows)
}

fn excel_rows(path: &Path, bytes: &[u8]) -> Result<Rows, RegisterError> {
    use calamine::{Data, Reader};
    let mut book = calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| {
        RegisterError::Unreadable {
            path: path.to_owned(),
            why: format!("cannot open the workbook: {e}"),
        }
    })?;
    let names = book.sheet_names();
    let mut first: Option<Rows> = None;
    for name in names {
        let Ok(range) = book.worksheet_range(&name) else {
            continue;
        };
        let rows: Rows = range
            .rows()
            .enumerate()
            .map(|(i, r)| {
                let cells = r
                    .iter()
                    .map(|c| match c {
                        Data::Empty => String::new(),
                        Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => {
                            format!("{}", *f as i64)
                        }
                        Data::DateTime(d) => {
                            let (y, m, day, ..) = d.to_ymd_hms_milli();
                            format!("{y:04}-{m:02}-{day:02}")
                        }
                        other => other.to_string(),
                    })
                    .collect();
                (i + 1, cells)
            })
            .collect();
        if header_index(&rows).is_some() {
            return Ok(rows);
        }
        if first.is_none() {
            first = Some(rows);
        }
    }
    first.ok_or_else(|| RegisterError::Unreadable {
        path: path.to_owned(),
        why: "the workbook has no sheets".into(),
    })
}

fn header_key(s: &str) -> String {
    s.trim_start_matches('\u{feff}').trim().to_lowercase()
}

/// The index (into `rows`) of the header row: the first row that names a required column.
fn header_index(rows: &Rows) -> Option<usize> {
    rows.iter().take(HEADER_SEARCH_ROWS).position(|(_, cells)| {
        let keys: Vec<String> = cells.iter().map(|c| header_key(c)).collect();
        REQUIRED_COLUMNS.iter().all(|r| keys.iter().any(|k| k == r))
    })
}

fn from_rows(path: &Path, rows: Rows) -> Result<(Vec<Entry>, Diagnostics), RegisterError> {
    let hi = header_index(&rows).unwrap_or(0);
    let Some((_, header)) = rows.get(hi) else {
        return Err(RegisterError::Unreadable {
            path: path.to_owned(),
            why: "no header row".into(),
        });
    };
    let keys: Vec<String> = header.iter().map(|c| header_key(c)).collect();
    let missing: Vec<String> = REQUIRED_COLUMNS
        .iter()
        .filter(|r| !keys.iter().any(|k| k == *r))
        .map(|s| s.to_string())
        .collect();
    if !missing.is_empty() {
        return Err(RegisterError::MissingColumns {
            path: path.to_owned(),
            missing,
            found: keys.into_iter().filter(|k| !k.is_empty()).collect(),
        });
    }
    let mut diags = Diagnostics::new();
    let absent: Vec<&str> = COLUMNS
        .iter()
        .copied()
        .filter(|c| !keys.iter().any(|k| k == c))
        .collect();
    if !absent.is_empty() {
        diags.push(Diagnostic::warning(
            "",
            format!("columns not in the file, left empty: {}", absent.join(", ")),
        ));
    }
    let unknown: Vec<&str> = keys
        .iter()
        .filter(|k| !k.is_empty() && !COLUMNS.contains(&k.as_str()))
        .map(String::as_str)
        .collect();
    if !unknown.is_empty() {
        diags.push(Diagnostic::info(
            "",
            format!("unknown columns ignored: {}", unknown.join(", ")),
        ));
    }
    let index: HashMap<&str, usize> = keys
        .iter()
        .enumerate()
        .map(|(i, k)| (k.as_str(), i))
        .collect();
    let mut entries = Vec::new();
    for (row, cells) in rows.iter().skip(hi + 1) {
        if cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let get = |col: &str| -> Option<String> {
            index
                .get(col)
                .and_then(|&i| cells.get(i))
                .and_then(|v| clean(v))
        };
        entries.push(build_entry(*row, &get, &mut diags));
    }
    Ok((entries, diags))
}

/// Trims and collapses whitespace; `None` for an empty cell.
fn clean(s: &str) -> Option<String> {
    let joined = s.split_whitespace().collect::<Vec<_>>().join(" ");
    (!joined.is_empty()).then_some(joined)
}

fn build_entry(row: usize, get: &dyn Fn(&str) -> Option<String>, diags: &mut Diagnostics) -> Entry {
    let at = format!("row:{row}");
    let kind = match get("kind") {
        None => {
            diags.push(Diagnostic::error(
                &at,
                "kind is empty (state or socially_significant)",
            ));
            Kind::State
        }
        Some(k) => Kind::parse(&k).unwrap_or_else(|| {
            diags.push(Diagnostic::error(
                &at,
                format!("invalid kind {k:?} (state or socially_significant)"),
            ));
            Kind::State
        }),
    };
    let mut recipients = Vec::new();
    if let Some(r) = get("recipients") {
        for part in r.split(';').map(str::trim).filter(|p| !p.is_empty()) {
            match Recipient::parse(part) {
                Some(v) if !recipients.contains(&v) => recipients.push(v),
                Some(_) => {}
                None => diags.push(Diagnostic::error(
                    &at,
                    format!("invalid recipients value {part:?} (individual, legal)"),
                )),
            }
        }
    }
    let paid = get("paid").and_then(|p| {
        let v = Paid::parse(&p);
        if v.is_none() {
            diags.push(Diagnostic::error(
                &at,
                format!("invalid paid value {p:?} (paid, free or empty)"),
            ));
        }
        v
    });
    let mut form = Vec::new();
    if let Some(f) = get("form") {
        for part in f.split(';').map(str::trim).filter(|p| !p.is_empty()) {
            match ServiceForm::parse(part) {
                Some(v) if !form.contains(&v) => form.push(v),
                Some(_) => {}
                None => diags.push(Diagnostic::error(
                    &at,
                    format!(
                        "invalid form value {part:?} ({})",
                        ServiceForm::ALL.map(ServiceForm::as_str).join(", ")
                    ),
                )),
            }
        }
    }
    Entry {
        row,
        code: get("code"),
        kind,
        name_ru: get("name_ru"),
        name_kk: get("name_kk"),
        subtype_ru: get("subtype_ru"),
        subtype_kk: get("subtype_kk"),
        recipients,
        ministry_ru: get("ministry_ru"),
        ministry_kk: get("ministry_kk"),
        provider_ru: get("provider_ru"),
        provider_kk: get("provider_kk"),
        intake_ru: get("intake_ru"),
        intake_kk: get("intake_kk"),
        paid,
        fee_basis: get("fee_basis"),
        fee_amount: get("fee_amount"),
        result_form: get("result_form"),
        term: get("term"),
        form,
        info_system: get("info_system"),
        bylaw_title_ru: get("bylaw_title_ru"),
        bylaw_title_kk: get("bylaw_title_kk"),
        bylaw_number: get("bylaw_number"),
        bylaw_date: get("bylaw_date"),
        bylaw_registration_number: get("bylaw_registration_number"),
    }
}

// ---------------------------------------------------------------------------------------------
// The register act's HTML page.

/// A register column of Appendix 1 of the 2025 Rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum HtmlCol {
    Code,
    Name,
    Subtype,
    Ministry,
    Bylaw,
}

/// Recognises a header cell of the register table, in either language.
fn html_col(header: &str) -> Option<HtmlCol> {
    let h = header.to_lowercase();
    if h.contains("подвид") || h.contains("кіші түр") {
        Some(HtmlCol::Subtype)
    } else if h.contains("центральн") || h.contains("орталық") {
        Some(HtmlCol::Ministry)
    } else if h.contains("нпа") || h.contains("подзаконн") || h.contains("заңға тәуелді")
    {
        Some(HtmlCol::Bylaw)
    } else if h.contains("код") {
        Some(HtmlCol::Code)
    } else if h.contains("наименование") || h.contains("атауы") {
        Some(HtmlCol::Name)
    } else {
        None
    }
}

/// The part heading a one-cell row may carry.
fn part_heading(text: &str) -> Option<Kind> {
    let t = crate::normalize::normalize(text);
    if t.contains("общественно значим") || t.contains("қоғамдық маңызы")
    {
        Some(Kind::SociallySignificant)
    } else if t == "государственные услуги" || t == "мемлекеттік көрсетілетін қызметтер"
    {
        Some(Kind::State)
    } else {
        None
    }
}

static REG_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    tizilim_lex::re::new(
        r"(?i)(?:зарегистрирован[^№]{0,120}№\s*(\d{3,6})|№\s*(\d{3,6})\s*болып\s+тіркел)",
    )
    .expect("valid regex")
});

/// Upper bound on the rows and columns of one HTML table (spans are clamped to it).
const MAX_TABLE_CELLS: usize = 2_000_000;

/// Expands a table's rows into a grid, repeating cells over their `rowspan`/`colspan`.
fn table_grid(table: scraper::ElementRef<'_>) -> Vec<Vec<String>> {
    static TR: LazyLock<scraper::Selector> =
        LazyLock::new(|| scraper::Selector::parse("tr").expect("valid selector"));
    static CELL: LazyLock<scraper::Selector> =
        LazyLock::new(|| scraper::Selector::parse("td, th").expect("valid selector"));
    let mut grid: Vec<Vec<Option<String>>> = Vec::new();
    // (column, remaining rows, text) of cells spanning down.
    let mut pending: Vec<(usize, usize, String)> = Vec::new();
    let mut cells_total = 0usize;
    for tr in table.select(&TR) {
        // Rows of nested tables belong to them, not to this one.
        let nested = tr
            .ancestors()
            .filter_map(scraper::ElementRef::wrap)
            .find(|e| e.value().name() == "table")
            .is_some_and(|t| t.id() != table.id());
        if nested {
            continue;
        }
        let mut row: Vec<Option<String>> = Vec::new();
        for (col, left, text) in pending.iter_mut() {
            if *left > 0 {
                if row.len() <= *col {
                    row.resize(*col + 1, None);
                }
                row[*col] = Some(text.clone());
                *left -= 1;
            }
        }
        pending.retain(|p| p.1 > 0);
        let mut col = 0usize;
        for cell in tr.select(&CELL) {
            while row.get(col).is_some_and(Option::is_some) {
                col += 1;
            }
            let text = cell_text(cell);
            let attr = |name: &str| {
                cell.value()
                    .attr(name)
                    .and_then(|v| v.trim().parse::<usize>().ok())
                    .unwrap_or(1)
                    .clamp(1, 1000)
            };
            let (rs, cs) = (attr("rowspan"), attr("colspan"));
            for k in 0..cs {
                let c = col + k;
                if row.len() <= c {
                    row.resize(c + 1, None);
                }
                row[c] = Some(text.clone());
                if rs > 1 {
                    pending.push((c, rs - 1, text.clone()));
                }
            }
            col += cs;
        }
        cells_total += row.len();
        if cells_total > MAX_TABLE_CELLS {
            break;
        }
        grid.push(row);
    }
    grid.into_iter()
        .map(|r| r.into_iter().map(Option::unwrap_or_default).collect())
        .collect()
}

/// A cell's text with `<br>` and block boundaries as spaces (never gluing words).
fn cell_text(cell: scraper::ElementRef<'_>) -> String {
    let mut s = String::new();
    for node in cell.descendants() {
        match node.value() {
            scraper::Node::Text(t) => s.push_str(t),
            scraper::Node::Element(e) if matches!(e.name(), "br" | "p" | "div" | "li") => {
                s.push(' ')
            }
            _ => {}
        }
    }
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn from_html(path: &Path, html: &str) -> Result<(Vec<Entry>, Diagnostics), RegisterError> {
    static TABLE: LazyLock<scraper::Selector> =
        LazyLock::new(|| scraper::Selector::parse("table").expect("valid selector"));
    let doc = scraper::Html::parse_document(html);
    let mut entries = Vec::new();
    let mut diags = Diagnostics::new();
    let mut kind = Kind::State;
    let mut found_table = false;
    let mut table_row = 0usize;
    for table in doc.select(&TABLE) {
        let grid = table_grid(table);
        // The header: a row naming a code column and a name column.
        let header = grid.iter().take(HEADER_SEARCH_ROWS).position(|r| {
            let cols: Vec<Option<HtmlCol>> = r.iter().map(|c| html_col(c)).collect();
            cols.contains(&Some(HtmlCol::Code)) && cols.contains(&Some(HtmlCol::Name))
        });
        let Some(hi) = header else {
            continue;
        };
        found_table = true;
        let mut cols: HashMap<HtmlCol, usize> = HashMap::new();
        for (i, c) in grid[hi].iter().enumerate() {
            if let Some(col) = html_col(c) {
                cols.entry(col).or_insert(i);
            }
        }
        let lang_kk = grid[hi]
            .iter()
            .any(|c| c.chars().any(|ch| "әғқңөұүһі".contains(ch)));
        for row in grid.iter().skip(hi + 1) {
            table_row += 1;
            let at = format!("row:{table_row}");
            let distinct: Vec<&String> = {
                let mut v: Vec<&String> = row.iter().filter(|c| !c.is_empty()).collect();
                v.dedup();
                v
            };
            if distinct.is_empty()
                || distinct
                    .iter()
                    .all(|c| c.chars().all(|ch| ch.is_ascii_digit()))
            {
                continue; // empty or the numbered row under the header
            }
            if distinct.len() == 1 {
                if let Some(k) = part_heading(distinct[0]) {
                    kind = k;
                }
                continue; // a part or classification heading
            }
            let get = |col: HtmlCol| -> Option<String> {
                cols.get(&col)
                    .and_then(|&i| row.get(i))
                    .and_then(|v| clean(v))
            };
            let code = get(HtmlCol::Code).map(|c| c.replace(' ', ""));
            let name = get(HtmlCol::Name);
            if name.is_none() && code.is_none() {
                continue;
            }
            if let Some(c) = &code {
                if !c.chars().all(|ch| ch.is_ascii_digit()) {
                    diags.push(Diagnostic::warning(
                        &at,
                        format!("code {c:?} is not numeric"),
                    ));
                }
            }
            let bylaw = get(HtmlCol::Bylaw);
            let reg = bylaw.as_deref().and_then(|b| {
                REG_NUMBER
                    .captures(b)
                    .and_then(|c| c.get(1).or_else(|| c.get(2)))
                    .map(|m| m.as_str().to_string())
            });
            let mut e = Entry {
                row: table_row,
                code,
                kind,
                bylaw_registration_number: reg,
                ..Entry::default()
            };
            if lang_kk {
                e.name_kk = name;
                e.subtype_kk = get(HtmlCol::Subtype);
                e.ministry_kk = get(HtmlCol::Ministry);
                e.bylaw_title_kk = bylaw;
            } else {
                e.name_ru = name;
                e.subtype_ru = get(HtmlCol::Subtype);
                e.ministry_ru = get(HtmlCol::Ministry);
                e.bylaw_title_ru = bylaw;
            }
            entries.push(e);
        }
    }
    if !found_table {
        return Err(RegisterError::Unreadable {
            path: path.to_owned(),
            why: "no register table (a table with a code column and a name column)".into(),
        });
    }
    Ok((entries, diags))
}
