//! Re-OCR of scanned or garbled PDF pages with Tesseract (kaz+rus) via pdftoppm.
//!
//! Each page is rendered alone (`pdftoppm -r 200 -gray -png -singlefile`), recognised with
//! `tesseract IMG OUT -l kaz+rus tsv` (the document's language first), and the word boxes of the
//! TSV are grouped back into [`Line`]s with geometry (indent in average character widths from
//! the page's left text margin, right alignment, vertical gaps in line heights), which is what
//! [`super::reflow`] needs to rebuild paragraphs.
//!
//! Why one Tesseract thread per page and two pages at once: on a 2-core machine Tesseract's own
//! OpenMP threads spend most of their time waiting on each other, while two single-threaded
//! processes keep both cores busy (`examples/ocr_bench.rs` measures both ways).
//!
//! Results are cached on disk, keyed by a SHA-256 of the rendered page image and the language
//! list, so a refresh never recognises the same page twice. Every subprocess is killed after
//! [`OcrOptions::timeout`]. Nothing here panics; failures become diagnostics.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{LazyLock, Mutex};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use sha2::{Digest, Sha256};

use super::reflow::{Align, Line};
use super::Language;
use tizilim_lex::diag::{Diagnostic, Diagnostics};

/// The Debian packages that provide the OCR tools.
pub const OCR_PACKAGES: &str = "tesseract-ocr tesseract-ocr-kaz tesseract-ocr-rus poppler-utils";

/// The external programs OCR needs, found on this machine.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OcrTools {
    /// The `tesseract` program.
    pub tesseract: PathBuf,
    /// The `pdftoppm` program.
    pub pdftoppm: PathBuf,
    /// The languages Tesseract has models for (`kaz`, `rus`, ...).
    pub languages: Vec<String>,
}

/// Where the OCR programs are: names looked up on `PATH`, or paths.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct ToolPaths {
    /// The `tesseract` program.
    pub tesseract: PathBuf,
    /// Poppler's `pdftoppm`.
    pub pdftoppm: PathBuf,
}

impl Default for ToolPaths {
    /// `tesseract` and `pdftoppm` from `PATH`.
    fn default() -> Self {
        ToolPaths {
            tesseract: PathBuf::from("tesseract"),
            pdftoppm: PathBuf::from("pdftoppm"),
        }
    }
}

type Detected = Result<OcrTools, String>;
static TOOLS: LazyLock<Mutex<HashMap<ToolPaths, Detected>>> =
    LazyLock::new(|| Mutex::new(HashMap::new()));

/// Finds `tesseract` (with the `kaz` and `rus` models) and `pdftoppm` on `PATH`. The error
/// names the Debian packages to install. Detected once per process.
pub fn tools() -> Result<OcrTools, String> {
    tools_for(&ToolPaths::default())
}

/// Like [`tools`], for the given programs; each set is detected once per process.
pub fn tools_for(paths: &ToolPaths) -> Result<OcrTools, String> {
    let mut map = TOOLS.lock().unwrap_or_else(|e| e.into_inner());
    map.entry(paths.clone())
        .or_insert_with(|| tools_at(&paths.tesseract, &paths.pdftoppm))
        .clone()
}

/// Checks the given `tesseract` and `pdftoppm` programs (uncached; see [`tools_for`]).
pub fn tools_at(tesseract: &Path, pdftoppm: &Path) -> Result<OcrTools, String> {
    let (tesseract, pdftoppm) = (tesseract.to_path_buf(), pdftoppm.to_path_buf());
    let install = format!("install them with: apt-get install {OCR_PACKAGES}");
    let out = Command::new(&tesseract)
        .arg("--list-langs")
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("OCR needs tesseract, which was not found ({e}); {install}"))?;
    // Tesseract 4 printed the list on stderr, 5 prints it on stdout.
    let listing = format!(
        "{}\n{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let languages: Vec<String> = listing
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.contains(' ') && !l.ends_with(':'))
        .map(str::to_string)
        .collect();
    let missing: Vec<&str> = ["kaz", "rus"]
        .into_iter()
        .filter(|l| !languages.iter().any(|x| x == l))
        .collect();
    if !missing.is_empty() {
        return Err(format!(
            "tesseract has no {} model; {install}",
            missing.join(" and ")
        ));
    }
    Command::new(&pdftoppm)
        .arg("-v")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map_err(|e| format!("OCR needs pdftoppm, which was not found ({e}); {install}"))?;
    Ok(OcrTools {
        tesseract,
        pdftoppm,
        languages,
    })
}

/// How pages are OCR'd.
#[derive(Debug, Clone, PartialEq)]
pub struct OcrOptions {
    /// Pages recognised at once.
    pub workers: usize,
    /// `OMP_THREAD_LIMIT` for each Tesseract process; `None` lets Tesseract choose.
    pub tesseract_threads: Option<usize>,
    /// Rendering resolution.
    pub dpi: u32,
    /// Kill a subprocess after this long.
    pub timeout: Duration,
    /// The programs.
    pub tools: ToolPaths,
}

impl Default for OcrOptions {
    /// Two pages at once, one Tesseract thread each, 200 dpi, 120 s per subprocess.
    fn default() -> Self {
        OcrOptions {
            workers: 2,
            tesseract_threads: Some(1),
            dpi: 200,
            timeout: Duration::from_secs(120),
            tools: ToolPaths::default(),
        }
    }
}

/// The Tesseract language list for a document: its own language first.
pub fn tesseract_langs(lang: Language) -> &'static str {
    match lang {
        Language::Kk => "kaz+rus",
        Language::Ru => "rus+kaz",
    }
}

/// OCRs `pages` (1-based) of `pdf` with the default [`OcrOptions`]; see [`ocr_pages_with`].
pub fn ocr_pages(
    pdf: &Path,
    pages: &[u32],
    lang: Language,
    cache: Option<&Path>,
) -> (Vec<(u32, Vec<Line>)>, Diagnostics) {
    ocr_pages_with(pdf, pages, lang, cache, &OcrOptions::default())
}

/// OCRs `pages` (1-based) of `pdf`: the recognised lines of each page, in page order, plus
/// diagnostics. A page that fails is left out with an error diagnostic; when the tools are
/// missing, nothing is returned and one error says what to install.
pub fn ocr_pages_with(
    pdf: &Path,
    pages: &[u32],
    lang: Language,
    cache: Option<&Path>,
    opts: &OcrOptions,
) -> (Vec<(u32, Vec<Line>)>, Diagnostics) {
    let mut diags = Diagnostics::new();
    let tools = match tools_for(&opts.tools) {
        Ok(t) => t,
        Err(e) => {
            diags.push(Diagnostic::error("", format!("cannot OCR: {e}")));
            return (Vec::new(), diags);
        }
    };
    let mut pages: Vec<u32> = pages.iter().copied().filter(|&p| p > 0).collect();
    pages.sort_unstable();
    pages.dedup();
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(opts.workers.clamp(1, 16))
        .build();
    let run = || -> Vec<(u32, PageResult)> {
        pages
            .par_iter()
            .map(|&p| (p, ocr_one(&tools, pdf, p, lang, cache, opts)))
            .collect()
    };
    let results = match pool {
        Ok(pool) => pool.install(run),
        Err(_) => run(),
    };
    let mut out = Vec::new();
    let mut cached = 0usize;
    for (p, r) in results {
        match r {
            Ok((lines, hit)) => {
                cached += usize::from(hit);
                if lines.is_empty() {
                    diags.push(Diagnostic::warning(
                        format!("page:{p}"),
                        "OCR found no text on the page",
                    ));
                }
                out.push((p, lines));
            }
            Err(e) => diags.push(Diagnostic::error(
                format!("page:{p}"),
                format!("OCR failed: {e}"),
            )),
        }
    }
    if !out.is_empty() {
        diags.push(Diagnostic::info(
            "",
            format!(
                "OCR with tesseract -l {} at {} dpi: {} page(s), {} from the cache",
                tesseract_langs(lang),
                opts.dpi,
                out.len(),
                cached
            ),
        ));
    }
    (out, diags)
}

/// One page's lines and whether they came from the cache, or what went wrong.
type PageResult = Result<(Vec<Line>, bool), String>;

/// Renders and recognises one page; the flag says whether the result came from the cache.
fn ocr_one(
    tools: &OcrTools,
    pdf: &Path,
    page: u32,
    lang: Language,
    cache: Option<&Path>,
    opts: &OcrOptions,
) -> PageResult {
    let dir = tempfile::tempdir().map_err(|e| format!("no temporary folder: {e}"))?;
    let base = dir.path().join("page");
    let mut cmd = Command::new(&tools.pdftoppm);
    cmd.args(["-r", &opts.dpi.to_string()])
        .args(["-f", &page.to_string(), "-l", &page.to_string()])
        .args(["-gray", "-png", "-singlefile"])
        .arg(pdf)
        .arg(&base);
    run_with_timeout(cmd, opts.timeout).map_err(|e| format!("pdftoppm: {e}"))?;
    let img = base.with_extension("png");
    let bytes = std::fs::read(&img).map_err(|e| format!("pdftoppm wrote no image: {e}"))?;
    let width = png_width(&bytes);
    let langs = tesseract_langs(lang);
    let mut h = Sha256::new();
    h.update(b"tizilim-ocr-tsv-v1\0");
    h.update(langs.as_bytes());
    h.update([0u8]);
    h.update(&bytes);
    let key: String = h.finalize().iter().map(|b| format!("{b:02x}")).collect();
    let cache_file = cache.map(|c| c.join(format!("ocr-{key}.tsv")));
    if let Some(f) = &cache_file {
        if let Ok(tsv) = std::fs::read_to_string(f) {
            return Ok((lines_from_tsv(&tsv, page, width), true));
        }
    }
    let out_base = dir.path().join("ocr");
    let mut cmd = Command::new(&tools.tesseract);
    cmd.arg(&img).arg(&out_base).args(["-l", langs, "tsv"]);
    if let Some(n) = opts.tesseract_threads {
        cmd.env("OMP_THREAD_LIMIT", n.to_string());
    }
    run_with_timeout(cmd, opts.timeout).map_err(|e| format!("tesseract: {e}"))?;
    let tsv = std::fs::read_to_string(out_base.with_extension("tsv"))
        .map_err(|e| format!("tesseract wrote no TSV: {e}"))?;
    if let Some(f) = &cache_file {
        // A cache that cannot be written only costs a later OCR of the same page.
        let _ = tizilim_source::fsutil::write_atomic(f, tsv.as_bytes());
    }
    Ok((lines_from_tsv(&tsv, page, width), false))
}

/// Runs a command with output discarded, killing it after `timeout`.
fn run_with_timeout(mut cmd: Command, timeout: Duration) -> Result<(), String> {
    cmd.stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().map_err(|e| format!("cannot start: {e}"))?;
    let start = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(status)) if status.success() => return Ok(()),
            Ok(Some(status)) => {
                let mut err = String::new();
                if let Some(mut s) = child.stderr.take() {
                    let _ = std::io::Read::read_to_string(&mut s, &mut err);
                }
                let err: String = err.trim().chars().take(300).collect();
                return Err(format!("exited with {status}: {err}"));
            }
            Ok(None) => {}
            Err(e) => return Err(format!("cannot wait: {e}")),
        }
        if start.elapsed() > timeout {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("killed after {} s", timeout.as_secs()));
        }
        std::thread::sleep(Duration::from_millis(25));
    }
}

/// The width of a PNG image from its header, if it is one.
fn png_width(bytes: &[u8]) -> Option<f32> {
    let b: [u8; 4] = bytes.get(16..20)?.try_into().ok()?;
    #[allow(clippy::cast_precision_loss)]
    let w = u32::from_be_bytes(b) as f32;
    (bytes.get(1..4) == Some(b"PNG") && w > 0.0).then_some(w)
}

/// One word box of Tesseract's TSV.
#[derive(Debug, Clone)]
struct Word {
    key: (u32, u32, u32),
    left: f32,
    top: f32,
    width: f32,
    height: f32,
    text: String,
}

/// A line of word boxes.
#[derive(Debug, Clone)]
struct BoxLine {
    left: f32,
    right: f32,
    top: f32,
    bottom: f32,
    text: String,
    chars: usize,
}

/// Rebuilds lines with geometry from Tesseract's TSV output (`level 5` rows are words).
/// `page_width` is the image width in pixels, when known.
pub fn lines_from_tsv(tsv: &str, page: u32, page_width: Option<f32>) -> Vec<Line> {
    let mut words: Vec<Word> = Vec::new();
    for row in tsv.lines().skip(1) {
        let f: Vec<&str> = row.split('\t').collect();
        if f.len() < 12 || f.first() != Some(&"5") {
            continue;
        }
        let num = |i: usize| f.get(i).and_then(|s| s.trim().parse::<f32>().ok());
        let int = |i: usize| f.get(i).and_then(|s| s.trim().parse::<u32>().ok());
        let text = f[11..].join("\t").trim().to_string();
        let (Some(b), Some(p), Some(l)) = (int(2), int(3), int(4)) else {
            continue;
        };
        let (Some(left), Some(top), Some(width), Some(height)) = (num(6), num(7), num(8), num(9))
        else {
            continue;
        };
        if text.is_empty() {
            continue;
        }
        words.push(Word {
            key: (b, p, l),
            left,
            top,
            width,
            height,
            text,
        });
    }
    let mut lines: Vec<BoxLine> = Vec::new();
    let mut last_key = None;
    for w in words {
        if last_key == Some(w.key) {
            if let Some(l) = lines.last_mut() {
                l.left = l.left.min(w.left);
                l.right = l.right.max(w.left + w.width);
                l.top = l.top.min(w.top);
                l.bottom = l.bottom.max(w.top + w.height);
                l.text.push(' ');
                l.text.push_str(&w.text);
                l.chars += w.text.chars().count();
                continue;
            }
        }
        last_key = Some(w.key);
        lines.push(BoxLine {
            left: w.left,
            right: w.left + w.width,
            top: w.top,
            bottom: w.top + w.height,
            chars: w.text.chars().count(),
            text: w.text,
        });
    }
    geometry(lines, page, page_width)
}

fn median(mut v: Vec<f32>) -> Option<f32> {
    v.sort_by(f32::total_cmp);
    v.get(v.len() / 2).copied()
}

/// Turns boxes into [`Line`]s: indent from the left text margin in average character widths,
/// right alignment, gaps in line pitches.
fn geometry(lines: Vec<BoxLine>, page: u32, page_width: Option<f32>) -> Vec<Line> {
    if lines.is_empty() {
        return Vec::new();
    }
    let (w_sum, c_sum) = lines.iter().fold((0f32, 0usize), |(w, c), l| {
        (
            w + (l.right - l.left),
            c + l.chars + l.text.matches(' ').count(),
        )
    });
    #[allow(clippy::cast_precision_loss)]
    let char_w = (w_sum / c_sum.max(1) as f32).max(1.0);
    // The left margin: the leftmost line start shared by a few lines (one stray box does not
    // move it).
    let mut lefts: Vec<f32> = lines.iter().map(|l| l.left).collect();
    lefts.sort_by(f32::total_cmp);
    let margin = lefts
        .get(lines.len().min(3).saturating_sub(1).min(lines.len() / 10))
        .copied()
        .unwrap_or(0.0);
    let mut rights: Vec<f32> = lines.iter().map(|l| l.right).collect();
    rights.sort_by(f32::total_cmp);
    let right_margin = rights
        .get(rights.len().saturating_sub(1 + rights.len() / 10))
        .copied()
        .unwrap_or(0.0);
    let middle = page_width.map_or((margin + right_margin) / 2.0, |w| w / 2.0);
    let height = median(lines.iter().map(|l| l.bottom - l.top).collect()).unwrap_or(1.0);
    let pitch = median(
        lines
            .windows(2)
            .map(|w| w[1].top - w[0].top)
            .filter(|d| *d > height * 0.5 && *d < height * 3.0)
            .collect(),
    )
    .unwrap_or(height * 1.5)
    .max(1.0);
    let mut out = Vec::with_capacity(lines.len());
    let mut prev_top: Option<f32> = None;
    for l in lines {
        let indent = ((l.left - margin) / char_w).max(0.0);
        let right_gap = (right_margin - l.right) / char_w;
        let align = if l.left > middle && right_gap < 3.0 {
            Align::Right
        } else if indent > 4.0 && right_gap > 4.0 && (indent - right_gap).abs() < 3.0 {
            Align::Center
        } else {
            Align::Left
        };
        let gap_before = prev_top.map_or(0.0, |p| ((l.top - p) / pitch - 1.0).max(0.0));
        prev_top = Some(l.top);
        out.push(Line {
            text: l.text,
            indent: (indent * 10.0).round() / 10.0,
            align,
            gap_before: (gap_before * 10.0).round() / 10.0,
            page,
            bold: false,
            heading: false,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const HEAD: &str = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext\n";

    fn row(b: u32, l: u32, left: u32, top: u32, w: u32, text: &str) -> String {
        format!("5\t1\t{b}\t1\t{l}\t1\t{left}\t{top}\t{w}\t30\t95\t{text}\n")
    }

    #[test]
    fn tsv_lines_keep_indent_alignment_and_gaps() {
        // Characters are 20 px wide; margin at 100; page 1600 px wide.
        let mut tsv = HEAD.to_string();
        tsv += &row(1, 1, 1000, 100, 200, "Бекітілген");
        tsv += &row(1, 1, 1220, 100, 380, "бұйрықпен");
        tsv += &row(2, 1, 160, 200, 100, "1.");
        tsv += &row(2, 1, 280, 200, 400, "Мемлекеттік");
        tsv += &row(2, 2, 100, 245, 300, "қызметтер");
        tsv += &row(2, 2, 420, 245, 1180, "тізілімі");
        tsv += &row(3, 1, 100, 380, 200, "Глава");
        let lines = lines_from_tsv(&tsv, 3, Some(1600.0));
        assert_eq!(lines.len(), 4);
        assert_eq!(lines[0].text, "Бекітілген бұйрықпен");
        assert_eq!(lines[0].align, Align::Right);
        assert_eq!(lines[1].text, "1. Мемлекеттік");
        assert!(
            lines[1].indent > 1.0 && lines[1].indent < 6.0,
            "{:?}",
            lines[1]
        );
        assert_eq!(lines[2].indent, 0.0);
        assert_eq!(lines[2].gap_before, 0.0);
        assert!(lines[3].gap_before >= 1.0, "{:?}", lines[3]);
        assert!(lines.iter().all(|l| l.page == 3));
    }

    #[test]
    fn garbage_tsv_gives_no_lines() {
        assert!(lines_from_tsv("", 1, None).is_empty());
        assert!(lines_from_tsv("level\n5\tx\n\t\t\n", 1, None).is_empty());
    }
}
