//! Whole-file throughput against reference tools, one run each, reported as ratios.
//!
//! `cargo bench --bench throughput -- [--only html|pdf] [--corpus DIR] [--html-files N] [--secs S]
//! [--pdf-dir DIR]`
//!
//! - **html**: bytes per second on one core from the file on disk to the scan JSON
//!   (`source::read`, `text::extract`, `structure::parse`, `legal::extract`, `serde_json`: the
//!   stages of `pipeline::analyse_source`, timed one by one) against
//!   bare scraper on the same files (read, `Html::parse_document`, select `p, h3, table` and collect
//!   their text, nothing else). The two alternate round by round for `--secs` seconds each; the
//!   stage shares of our time are printed too. Target: ours ≥ 0.6 × bare.
//! - **pdf**: `text::pdf::plain_text` (file read included) against `pdftotext -enc UTF-8 FILE -`
//!   (a process per file, as a pipeline would run it) on the LibreOffice PDFs, with the character
//!   agreement `text::pdf::agreement`; the whole PDF reader (`text::extract`, with layout, furniture
//!   and reflow) is timed as well. Target: ≤ 0.5 × pdftotext time at ≥ 99.5 % agreement.
//!
//! Without `--bench` (as `cargo test --benches` runs it) it makes one quick pass over the fixtures;
//! `--warm` runs an untimed pass of each side before it (`scripts/bench.sh instr` counts the
//! instructions of the measured pass under callgrind: `measured_bare` against `measured_ours`).

/// The binary's allocator, so the bench measures what `tizilim` runs.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use scraper::{Html, Selector};
use serde::Serialize;

use tizilim::legal::LegalContent;
use tizilim::structure::Document;
use tizilim::{legal, source, structure, text};

struct Opts {
    corpus: PathBuf,
    html_files: usize,
    secs: f64,
    pdf_dir: PathBuf,
    quick: bool,
    /// The untimed round first even in a quick run (for instruction counts, `scripts/bench.sh
    /// instr`: the measured round then holds no regex compilation).
    warm: bool,
    only: Option<String>,
}

fn opts() -> Opts {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut o = Opts {
        corpus: fixtures.join("html"),
        html_files: 300,
        secs: 3.0,
        pdf_dir: fixtures.join("pdf"),
        quick: true,
        warm: false,
        only: None,
    };
    let mut corpus_given = false;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        match a.as_str() {
            "--bench" => o.quick = false,
            "--warm" => o.warm = true,
            "--corpus" => {
                corpus_given = true;
                o.corpus = args.next().map(PathBuf::from).unwrap_or(o.corpus);
            }
            "--pdf-dir" => o.pdf_dir = args.next().map(PathBuf::from).unwrap_or(o.pdf_dir),
            "--html-files" => {
                o.html_files = args
                    .next()
                    .and_then(|v| v.parse().ok())
                    .unwrap_or(o.html_files)
            }
            "--only" => o.only = args.next(),
            "--secs" => o.secs = args.next().and_then(|v| v.parse().ok()).unwrap_or(o.secs),
            _ => {}
        }
    }
    // Without `--bench` (as `cargo test` runs benches), one quick round over the fixture pages,
    // unless a corpus was named.
    if o.quick {
        if !corpus_given {
            o.corpus = fixtures.join("html");
        }
        o.secs = 0.0;
    }
    o
}

/// Files under `dir` (recursively, sorted) whose extension is `ext`.
fn files(dir: &Path, ext: &str, depth: usize) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(rd) = std::fs::read_dir(dir) else {
        return out;
    };
    let mut entries: Vec<PathBuf> = rd.filter_map(|e| e.ok().map(|e| e.path())).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() && depth < 8 {
            out.extend(files(&p, ext, depth + 1));
        } else if p.extension().is_some_and(|x| x == ext) {
            out.push(p);
        }
    }
    out
}

#[derive(Serialize)]
struct Scan<'a> {
    #[serde(flatten)]
    doc: &'a Document,
    #[serde(flatten)]
    legal: &'a LegalContent,
}

/// Time spent per stage of our HTML path.
#[derive(Default)]
struct Stages {
    read: Duration,
    text: Duration,
    structure: Duration,
    legal: Duration,
    json: Duration,
}

fn ours_once(paths: &[PathBuf], st: &mut Stages) -> usize {
    let mut sink = 0;
    for p in paths {
        let t0 = Instant::now();
        let Ok(src) = source::read(p) else { continue };
        let t1 = Instant::now();
        let t = text::extract(&src);
        let t2 = Instant::now();
        let mut doc = structure::parse(&t, &src.path.to_string_lossy(), src.format);
        let t3 = Instant::now();
        // As `pipeline::analyse_source` does.
        let lc = legal::extract(&doc);
        legal::complete_meta(&mut doc.act, &lc.notes);
        let t4 = Instant::now();
        let json = serde_json::to_string(&Scan {
            doc: &doc,
            legal: &lc,
        })
        .unwrap_or_default();
        let t5 = Instant::now();
        sink += json.len();
        st.read += t1 - t0;
        st.text += t2 - t1;
        st.structure += t3 - t2;
        st.legal += t4 - t3;
        st.json += t5 - t4;
    }
    sink
}

/// A measured round of each side (not the warm-up): the functions `scripts/bench.sh instr`
/// reads the instruction counts of.
#[inline(never)]
fn measured_ours(paths: &[PathBuf], st: &mut Stages) -> usize {
    ours_once(paths, st)
}

/// See [`measured_ours`].
#[inline(never)]
fn measured_bare(paths: &[PathBuf], sel: &Selector) -> usize {
    bare_once(paths, sel)
}

fn bare_once(paths: &[PathBuf], sel: &Selector) -> usize {
    let mut sink = 0;
    for p in paths {
        let Ok(bytes) = std::fs::read(p) else {
            continue;
        };
        let text = String::from_utf8_lossy(&bytes);
        let html = Html::parse_document(&text);
        sink += html
            .select(sel)
            .map(|e| e.text().collect::<String>().len())
            .sum::<usize>();
    }
    sink
}

fn html(o: &Opts) {
    let mut paths = files(&o.corpus, "html", 0);
    paths.truncate(o.html_files);
    let bytes: u64 = paths
        .iter()
        .filter_map(|p| std::fs::metadata(p).ok())
        .map(|m| m.len())
        .sum();
    if paths.is_empty() {
        println!("html: no .html files under {}", o.corpus.display());
        return;
    }
    let Ok(sel) = Selector::parse("p, h3, table") else {
        println!("html: selector does not parse");
        return;
    };
    let (mut t_ours, mut t_bare) = (Duration::ZERO, Duration::ZERO);
    let mut st = Stages::default();
    let mut rounds = 0u32;
    let mut sink = 0usize;
    // One untimed round of each first: our patterns are compiled lazily, once per process, and
    // both sides read the files into the page cache.
    if !o.quick || o.warm {
        sink = sink.wrapping_add(bare_once(&paths, &sel));
        sink = sink.wrapping_add(ours_once(&paths, &mut Stages::default()));
    }
    // Alternate so that both see the same machine load; at least two rounds each. Each round's
    // ratio compares two runs a moment apart, so their median moves less with the load of a
    // shared machine than the ratio of the totals.
    let mut ratios: Vec<f64> = Vec::new();
    while rounds < 2 || (t_ours.as_secs_f64() < o.secs || t_bare.as_secs_f64() < o.secs) {
        let t = Instant::now();
        sink = sink.wrapping_add(measured_bare(&paths, &sel));
        let bare_round = t.elapsed();
        t_bare += bare_round;
        let t = Instant::now();
        sink = sink.wrapping_add(measured_ours(&paths, &mut st));
        let ours_round = t.elapsed();
        t_ours += ours_round;
        ratios.push(bare_round.as_secs_f64() / ours_round.as_secs_f64().max(1e-9));
        rounds += 1;
        if o.quick {
            break;
        }
    }
    ratios.sort_by(f64::total_cmp);
    let mb = bytes as f64 * f64::from(rounds) / 1e6;
    let ours = mb / t_ours.as_secs_f64();
    let bare = mb / t_bare.as_secs_f64();
    let share = |d: Duration| 100.0 * d.as_secs_f64() / t_ours.as_secs_f64();
    println!(
        "html: {} files, {:.1} MB, {rounds} rounds, one core (checksum {sink})",
        paths.len(),
        bytes as f64 / 1e6
    );
    println!("html: bare scraper          {bare:8.2} MB/s");
    println!(
        "html: file → scan JSON      {ours:8.2} MB/s   (read {:.0}%, text {:.0}%, structure {:.0}%, legal {:.0}%, json {:.0}%)",
        share(st.read),
        share(st.text),
        share(st.structure),
        share(st.legal),
        share(st.json)
    );
    // The median of the rounds' ratios (the ratio of the totals beside it).
    let ratio = ratios.get(ratios.len() / 2).copied().unwrap_or(ours / bare);
    println!(
        "html: RATIO scan/bare = {ratio:.2}  (target ≥ 0.60: {}; median of {rounds} rounds, {:.2}–{:.2}; of the totals {:.2})",
        if ratio >= 0.6 { "met" } else { "NOT met" },
        ratios.first().copied().unwrap_or(ratio),
        ratios.last().copied().unwrap_or(ratio),
        ours / bare
    );
}

fn pdftotext(p: &Path) -> Option<String> {
    let o = Command::new("pdftotext")
        .args(["-enc", "UTF-8"])
        .arg(p)
        .arg("-")
        .output()
        .ok()?;
    o.status
        .success()
        .then(|| String::from_utf8_lossy(&o.stdout).into_owned())
}

fn pdf(o: &Opts) {
    // The LibreOffice PDFs (`kaz_V1500010124.pdf`), not the scans or their OCR'd copies.
    let paths: Vec<PathBuf> = files(&o.pdf_dir, "pdf", 0)
        .into_iter()
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.matches('.').count() == 1)
        })
        .collect();
    if paths.is_empty() {
        println!("pdf: no PDFs under {}", o.pdf_dir.display());
        return;
    }
    if pdftotext(&paths[0]).is_none() {
        println!("pdf: pdftotext is not installed (apt-get install poppler-utils): skipped");
        return;
    }
    let reps: u32 = if o.quick { 1 } else { 20 };
    let (mut t_ours, mut t_full, mut t_ref) = (Duration::ZERO, Duration::ZERO, Duration::ZERO);
    let mut min_agree = 1.0f64;
    let (mut chars_same, mut chars_all) = (0.0f64, 0.0f64);
    for p in &paths {
        let mut ours = String::new();
        let mut reference = String::new();
        let (mut a, mut f, mut r) = (Duration::ZERO, Duration::ZERO, Duration::ZERO);
        for _ in 0..reps {
            let t = Instant::now();
            if let Ok(b) = std::fs::read(p) {
                ours = text::pdf::plain_text(&b).0;
            }
            a += t.elapsed();
            let t = Instant::now();
            if let Ok(s) = source::read(p) {
                std::hint::black_box(text::extract(&s));
            }
            f += t.elapsed();
            let t = Instant::now();
            reference = pdftotext(p).unwrap_or_default();
            r += t.elapsed();
        }
        let agree = text::pdf::agreement(&ours, &reference);
        let n = reference.chars().filter(|c| !c.is_whitespace()).count() as f64;
        chars_same += agree * n;
        chars_all += n;
        min_agree = min_agree.min(agree);
        println!(
            "pdf: {:<28} plain_text {:7.2} ms  extract {:7.2} ms  pdftotext {:7.2} ms  ratio {:.3}  agreement {:.2}%",
            p.file_name().map(|n| n.to_string_lossy()).unwrap_or_default(),
            a.as_secs_f64() * 1e3 / f64::from(reps),
            f.as_secs_f64() * 1e3 / f64::from(reps),
            r.as_secs_f64() * 1e3 / f64::from(reps),
            a.as_secs_f64() / r.as_secs_f64(),
            agree * 100.0
        );
        t_ours += a;
        t_full += f;
        t_ref += r;
    }
    let ratio = t_ours.as_secs_f64() / t_ref.as_secs_f64();
    let agree = if chars_all > 0.0 {
        chars_same / chars_all
    } else {
        1.0
    };
    println!(
        "pdf: RATIO plain_text/pdftotext = {ratio:.3}, whole reader (text::extract)/pdftotext = {:.3}; agreement {:.2}% (min {:.2}%)  (target ≤ 0.5 at ≥ 99.5%: {})",
        t_full.as_secs_f64() / t_ref.as_secs_f64(),
        agree * 100.0,
        min_agree * 100.0,
        if ratio <= 0.5 && agree >= 0.995 {
            "met"
        } else {
            "NOT met"
        }
    );
}

fn main() {
    let o = opts();
    if o.only.as_deref().is_none_or(|x| x == "html") {
        html(&o);
    }
    if o.only.as_deref().is_none_or(|x| x == "pdf") {
        pdf(&o);
    }
}
