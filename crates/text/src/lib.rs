//! `tizilim-text`: turns a [`Source`] into a [`TextDoc`], a format-neutral sequence of blocks.
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
pub mod labels;
pub mod lang;
pub mod markdown;
pub mod normalize;
pub mod ocr;
pub mod pdf;
pub mod plain;
pub mod reflow;
pub use tizilim_repair as repair;

use serde::Serialize;

use tizilim_lex::diag::{Diagnostic, Diagnostics};
use tizilim_source::{Format, Source};

pub use tizilim_lex::Language;

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

impl Table {
    /// The cells' text row by row, cells joined by ` | `, rows by `\n` (a cell's own line
    /// breaks as spaces): the searchable text of a table block.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for (i, row) in self.rows.iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            for (j, cell) in row.iter().enumerate() {
                if j > 0 {
                    out.push_str(" | ");
                }
                out.extend(cell.text.chars().map(|c| if c == '\n' { ' ' } else { c }));
            }
        }
        out
    }
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
        let text = table.text();
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
    /// The document's language ([`lang::detect_doc`]) when the reader had its letter counts at
    /// hand and nothing changed the text after them; `None`: to be detected. Whatever changes
    /// the header or the blocks afterwards sets it back to `None`.
    #[serde(skip)]
    pub language: Option<Language>,
}

/// How [`extract_with`] recovers pages whose text layer is garbage or missing. Options travel as
/// this value from the command line (or a caller's configuration); nothing here reads the
/// environment except [`ExtractOptions::default`], which takes the user's cache folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExtractOptions {
    /// Re-OCR garbled and empty PDF pages with Tesseract when it is installed.
    pub ocr: bool,
    /// Repair Latin look-alike garbage from the text when OCR is not possible.
    pub repair: bool,
    /// The cache folder: OCR results (keyed by page image hash) go to `CACHE/ocr`, the repair
    /// lexicon to `CACHE`; `None`: no cache.
    pub cache_dir: Option<std::path::PathBuf>,
    /// Pages OCR'd at once (one Tesseract thread each).
    pub ocr_workers: usize,
    /// The OCR programs.
    pub ocr_tools: ocr::ToolPaths,
    /// The repair's Hunspell folder and search budget (its cache folder is `cache_dir`).
    pub repair_settings: repair::RepairSettings,
}

impl Default for ExtractOptions {
    /// OCR and repair on; the cache in the user's cache folder
    /// ([`tizilim_source::fsutil::user_cache_dir`]); two OCR workers; the tools from `PATH`;
    /// Hunspell from [`repair::HUNSPELL_DIR`] and the full repair budget.
    fn default() -> Self {
        let cache_dir = tizilim_source::fsutil::user_cache_dir();
        Self {
            ocr: true,
            repair: true,
            ocr_workers: 2,
            ocr_tools: ocr::ToolPaths::default(),
            repair_settings: repair::RepairSettings {
                cache_dir: cache_dir.clone(),
                ..repair::RepairSettings::standard()
            },
            cache_dir,
        }
    }
}

impl ExtractOptions {
    /// Sets the cache folder (OCR results and the repair lexicon); `None` for no cache.
    pub fn with_cache_dir(mut self, dir: Option<std::path::PathBuf>) -> Self {
        self.repair_settings.cache_dir = dir.clone();
        self.cache_dir = dir;
        self
    }

    fn ocr_options(&self) -> ocr::OcrOptions {
        ocr::OcrOptions {
            workers: self.ocr_workers.max(1),
            tools: self.ocr_tools.clone(),
            ..ocr::OcrOptions::default()
        }
    }
}

/// Extracts the text of a source with the default options. Never fails: a broken input gives an
/// empty document with an error diagnostic.
pub fn extract(src: &Source) -> TextDoc {
    extract_with(src, &ExtractOptions::default())
}

/// Extracts the text of a source; garbled or empty PDF pages are re-OCR'd (kaz+rus) when
/// Tesseract is available, else garbled text is repaired from the text itself. The quality flags
/// describe the input as received (`garbled`, `missing_text`) and what was done (`ocr`,
/// `repaired`).
pub fn extract_with(src: &Source, opts: &ExtractOptions) -> TextDoc {
    let mut doc = match src.format {
        Format::Html => html::extract(&src.bytes),
        Format::Pdf => pdf::extract(&src.bytes),
        Format::Text => {
            let (decoded, diags) = tizilim_source::decode_text(&src.bytes, false);
            let mut d = if markdown::is_dialect(&decoded.text) {
                markdown::extract(&decoded.text)
            } else {
                plain::extract(&src.bytes)
            };
            if let Some(meta) = &src.meta {
                // The requisites beside the text stand for the page header an adilet page has.
                let kazakh = lang::detect_doc(&d) == Language::Kk;
                let (mut header, mut more) = markdown::header_from_meta(meta, kazakh);
                // The text's own `# ` title names the version at hand; the requisites' title is
                // the act's latest, which a text of an earlier version does not carry.
                if let Some(own) = decoded
                    .text
                    .trim_start()
                    .lines()
                    .next()
                    .and_then(|l| l.strip_prefix("# "))
                {
                    let own = own.split_whitespace().collect::<Vec<_>>().join(" ");
                    if !own.is_empty() {
                        header.title = Some(own);
                    }
                }
                if d.header == PageHeader::default() {
                    d.header = header;
                }
                d.diagnostics.append(&mut more);
            }
            if markdown::is_dialect(&decoded.text) {
                d.diagnostics.extend(diags);
            }
            d
        }
    };
    // (The HTML reader has assessed its page and set the language.)
    if src.format != Format::Html {
        // A plain text in Latin letters is garbage to repair only when its words look like
        // garbage: English prose is left as it is.
        let latin_prose = |d: &TextDoc| {
            let text: Vec<&str> = d.blocks.iter().map(|b| b.text.as_str()).collect();
            src.format == Format::Text
                && repair::garble_score(&text.join("\n")).verdict == repair::GarbleVerdict::Clean
        };
        let letters = lang::assess_with(&mut doc, src.format == Format::Pdf, latin_prose);
        doc.language = Some(lang::language_with(&doc, letters));
    }
    let bad: Vec<u32> = doc
        .pages
        .iter()
        .filter(|p| p.quality != PageQuality::Clean)
        .map(|p| p.number)
        .collect();
    if bad.is_empty() {
        return doc;
    }
    // OCR or repair may change the text from here on: its language is read again later.
    doc.language = None;
    // Pages over a size limit (decompression bombs) are not rasterised: pdftoppm would inflate
    // the bomb itself.
    let over_limit: Vec<u32> = doc
        .diagnostics
        .iter()
        .filter(|d| d.message.contains(pdf::OVER_LIMIT))
        .filter_map(|d| d.path.strip_prefix("page:")?.parse().ok())
        .collect();
    let whole_document_over = doc
        .diagnostics
        .iter()
        .any(|d| d.path.is_empty() && d.message.contains(pdf::OVER_LIMIT));
    let to_ocr: Vec<u32> = bad
        .iter()
        .copied()
        .filter(|p| !whole_document_over && !over_limit.contains(p))
        .collect();
    if to_ocr.len() < bad.len() {
        doc.diagnostics.push(Diagnostic::warning(
            "",
            "pages over a size limit (a decompression bomb?) are not OCR'd",
        ));
    }
    if src.format == Format::Pdf
        && opts.ocr
        && !to_ocr.is_empty()
        && reocr_pdf(src, &mut doc, &to_ocr, opts)
    {
        fix_unit_labels(&mut doc);
        return doc;
    }
    if doc.quality.garbled && opts.repair {
        repair_blocks(&mut doc, &opts.repair_settings);
        fix_unit_labels(&mut doc);
    }
    if src.format != Format::Pdf {
        // HTML and text have no pages to OCR: an input without text is an error of its own.
        if doc.blocks.is_empty() {
            doc.diagnostics
                .push(Diagnostic::error("", "the file has no text to read"));
        }
        return doc;
    }
    if doc.pages.iter().any(|p| p.quality == PageQuality::Empty) && !doc.quality.ocr {
        let empty: Vec<String> = doc
            .pages
            .iter()
            .filter(|p| p.quality == PageQuality::Empty)
            .map(|p| p.number.to_string())
            .collect();
        let severity_all = doc.blocks.is_empty();
        let msg = format!(
            "page(s) {} have no text layer and were not OCR'd{}",
            empty.join(", "),
            if opts.ocr { "" } else { " (OCR is off)" }
        );
        doc.diagnostics.push(if severity_all {
            Diagnostic::error("", msg)
        } else {
            Diagnostic::warning("", msg)
        });
    }
    doc
}

/// The language a document's OCR should use: from its clean text, else guessed from the garbage.
fn ocr_language(doc: &TextDoc) -> Language {
    let clean: String = doc
        .blocks
        .iter()
        .filter(|b| {
            let p = b.page.unwrap_or(1);
            doc.pages
                .iter()
                .any(|pi| pi.number == p && pi.quality == PageQuality::Clean)
        })
        .map(|b| b.text.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    let stats = lang::LetterStats::of(&clean);
    if stats.cyrillic > 200 {
        return stats.language();
    }
    let all: String = doc
        .blocks
        .iter()
        .map(|b| b.text.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    lang::garbled_language(&all)
}

/// Re-OCRs the bad pages of a PDF and rebuilds the blocks; false when OCR could not run.
fn reocr_pdf(src: &Source, doc: &mut TextDoc, bad: &[u32], opts: &ExtractOptions) -> bool {
    if let Err(msg) = ocr::tools_for(&opts.ocr_tools) {
        doc.diagnostics.push(Diagnostic::warning(
            "",
            format!("cannot re-OCR pages {bad:?}: {msg}"),
        ));
        return false;
    }
    // Tesseract and pdftoppm read files: use the source file, or a temporary copy of the bytes.
    let tmp;
    let path: &std::path::Path = if std::fs::metadata(&src.path)
        .map(|m| m.len() == src.bytes.len() as u64)
        .unwrap_or(false)
    {
        &src.path
    } else {
        tmp = match tempfile::Builder::new().suffix(".pdf").tempfile() {
            Ok(mut f) => {
                use std::io::Write;
                if f.write_all(&src.bytes).is_err() {
                    return false;
                }
                f
            }
            Err(_) => return false,
        };
        tmp.path()
    };
    let language = ocr_language(doc);
    let cache = opts.cache_dir.as_ref().map(|d| d.join("ocr"));
    let (pages, diags) =
        ocr::ocr_pages_with(path, bad, language, cache.as_deref(), &opts.ocr_options());
    doc.diagnostics.extend(diags);
    if pages.is_empty() {
        return false;
    }
    let (mut lines, line_diags) = pdf::extract_lines(&src.bytes);
    let _ = line_diags;
    for (n, page_lines) in pages {
        let i = n.saturating_sub(1) as usize;
        if i >= lines.len() {
            lines.resize(i + 1, Vec::new());
        }
        lines[i] = page_lines;
    }
    let all: Vec<reflow::Line> = lines.into_iter().flatten().collect();
    let (garbled, missing) = (doc.quality.garbled, doc.quality.missing_text);
    doc.blocks = reflow::reflow(&all);
    doc.pages.clear();
    lang::assess(doc, true);
    // The flags describe the input as received; OCR does not clear them.
    doc.quality.garbled = garbled;
    doc.quality.missing_text = missing;
    doc.quality.ocr = true;
    doc.diagnostics.push(Diagnostic::info(
        "",
        format!(
            "re-OCR'd {} page(s) with Tesseract ({})",
            bad.len(),
            ocr::tesseract_langs(language)
        ),
    ));
    true
}

/// Digits of unit labels that OCR read as letters («З-тарау», «б)»), put back in the texts of
/// an OCR'd or repaired document ([`labels`]). [`extract_with`] calls it after OCR and after
/// repair; it is public for texts OCR'd elsewhere.
pub fn fix_unit_labels(doc: &mut TextDoc) {
    let texts = doc
        .blocks
        .iter_mut()
        .filter(|b| b.kind != BlockKind::Table)
        .map(|b| &mut b.text);
    let n = labels::fix_labels(texts);
    if n > 0 {
        doc.diagnostics.push(Diagnostic::info(
            "",
            format!("digits read as letters put back in {n} unit label(s)"),
        ));
    }
}

/// Repairs Latin look-alike garbage in the blocks of garbled pages, keeping the original text in
/// the diagnostics' count (the block text is replaced; the input file keeps the original).
fn repair_blocks(doc: &mut TextDoc, settings: &repair::RepairSettings) {
    let (repairer, diags) = repair::Repairer::shared(settings);
    doc.diagnostics.extend(diags);
    let garbled_pages: Vec<u32> = doc
        .pages
        .iter()
        .filter(|p| p.quality == PageQuality::Garbled)
        .map(|p| p.number)
        .collect();
    // Every block of a garbled page and every cell of its table, repaired together (one
    // search budget for the document, texts in parallel), each in its own context.
    let on_garbled = |b: &Block| garbled_pages.contains(&b.page.unwrap_or(1));
    let mut texts: Vec<&str> = Vec::new();
    for b in doc.blocks.iter().filter(|b| on_garbled(b)) {
        texts.push(&b.text);
        for row in b.table.iter().flat_map(|t| &t.rows) {
            texts.extend(row.iter().map(|c| c.text.as_str()));
        }
    }
    let (repaired, work) = repairer.repair_document(&texts);
    let mut repaired = repaired.into_iter();
    let (mut changed, mut total) = (0usize, 0usize);
    for b in doc.blocks.iter_mut().filter(|b| on_garbled(b)) {
        if let Some(r) = repaired.next() {
            changed += r.changed_words;
            total += r.total_words;
            b.text = r.text;
        }
        for row in b.table.iter_mut().flat_map(|t| &mut t.rows) {
            for c in row {
                if let Some(r) = repaired.next() {
                    c.text = r.text;
                }
            }
        }
    }
    if changed > 0 {
        doc.quality.repaired = true;
    }
    doc.diagnostics.push(Diagnostic::info(
        "",
        format!("repaired {changed} of {total} words of Latin look-alike garbage from the text (no page images were OCR'd)"),
    ));
    if work.cut > 0 && work.budget < repair::MAX_POPS {
        doc.diagnostics.push(Diagnostic::info(
            "",
            format!(
                "repair: the text's search budget ({} steps per word, of {}) ran out for {} of {} distinct garbled words; they may be left as they are",
                work.budget,
                repair::MAX_POPS,
                work.cut,
                work.parts
            ),
        ));
    }
}
