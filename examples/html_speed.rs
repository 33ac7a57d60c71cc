//! Throughput of the HTML reader against bare scraper parsing, on fixtures/html/*.html.
//!
//! Run with `cargo run --release --example html_speed`. Each measurement repeats over all the
//! fixture pages for about one second and prints MB/s of input in the fastest round (and the
//! mean):
//! - `bare scraper`: `Html::parse_document` plus selecting `p, h3, table` and collecting their text;
//! - `html::extract`: our reader (decode, depth guard, parse, header, single-pass body walk);
//! - `text::extract`: the same plus the language/quality assessment of the text stage;
//! - `legal::extract`: legal extraction alone on the parsed documents;
//! - `analyse_source`: the whole analysis (text, structure, legal) of one page.

use std::path::Path;
use std::time::{Duration, Instant};

use scraper::{Html, Selector};

fn measure(label: &str, pages: &[Vec<u8>], mut f: impl FnMut(&[u8]) -> usize) -> f64 {
    // `--only=LABEL` (for a profiler): the other measurements are skipped.
    if let Some(only) = std::env::args().find_map(|a| a.strip_prefix("--only=").map(str::to_string))
    {
        if !label.starts_with(&only) {
            return f64::NAN;
        }
    }
    let total: usize = pages.iter().map(Vec::len).sum();
    // One untimed round first: regexes and tables are built once per process (lazily, on first
    // use), a cost a corpus run pays once, not per page.
    let mut sink = 0usize;
    for p in pages {
        sink = sink.wrapping_add(f(p));
    }
    // The fastest round counts: on a shared machine the others carry whatever else ran (the
    // mean is printed beside it).
    let start = Instant::now();
    let mut rounds = 0u32;
    let mut best = f64::INFINITY;
    while start.elapsed() < Duration::from_secs(1) || rounds < 3 {
        let round = Instant::now();
        for p in pages {
            sink = sink.wrapping_add(f(p));
        }
        best = best.min(round.elapsed().as_secs_f64());
        rounds += 1;
    }
    let secs = start.elapsed().as_secs_f64();
    let mean = total as f64 * f64::from(rounds) / secs / 1e6;
    let mbs = total as f64 / best / 1e6;
    println!(
        "{label:<16} {mbs:8.1} MB/s  (fastest of {rounds} rounds of {total} bytes; mean {mean:.1} MB/s; checksum {sink})"
    );
    mbs
}

fn main() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/html");
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .map(|d| d.filter_map(Result::ok).map(|e| e.path()).collect())
        .unwrap_or_default();
    paths.retain(|p| p.extension().is_some_and(|e| e == "html"));
    paths.sort();
    let pages: Vec<Vec<u8>> = paths.iter().filter_map(|p| std::fs::read(p).ok()).collect();
    if pages.is_empty() {
        eprintln!("no pages under {}", dir.display());
        return;
    }
    println!("{} pages from {}", pages.len(), dir.display());
    let Ok(blocks) = Selector::parse("p, h3, table") else {
        eprintln!("selector does not parse");
        return;
    };

    let bare = measure("bare scraper", &pages, |bytes| {
        let text = std::str::from_utf8(bytes).unwrap_or_default();
        let html = Html::parse_document(text);
        html.select(&blocks)
            .map(|e| e.text().collect::<String>().len())
            .sum()
    });
    let ours = measure("html::extract", &pages, |bytes| {
        tizilim::text::html::extract(bytes).blocks.len()
    });
    let sources: Vec<_> = paths
        .iter()
        .zip(&pages)
        .filter_map(|(p, b)| tizilim::source::from_bytes(p, b.clone()).ok())
        .collect();
    let stage = measure("text::extract", &pages, |bytes| {
        sources
            .iter()
            .find(|s| s.bytes.as_slice() == bytes)
            .map_or(0, |s| tizilim::text::extract(s).blocks.len())
    });
    let parsed: Vec<_> = sources
        .iter()
        .map(tizilim::pipeline::parse_source)
        .collect();
    let legal = measure("legal::extract", &pages, |bytes| {
        sources
            .iter()
            .zip(&parsed)
            .find(|(s, _)| s.bytes.as_slice() == bytes)
            .map_or(0, |(_, d)| tizilim::legal::extract(d).services.len())
    });
    let all = measure("analyse_source", &pages, |bytes| {
        sources
            .iter()
            .find(|s| s.bytes.as_slice() == bytes)
            .map_or(0, |s| {
                tizilim::pipeline::analyse_source(s).0.diagnostics.len()
            })
    });
    println!(
        "html::extract / bare = {:.2}, text::extract / bare = {:.2}, \
         legal::extract {legal:.1} MB/s, whole analysis / bare = {:.2} (target ≥ 0.6)",
        ours / bare,
        stage / bare,
        all / bare
    );
}
