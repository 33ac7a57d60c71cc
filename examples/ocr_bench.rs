//! Measures OCR speed on the scanned fixture (fixtures/pdf/kaz_V1500010124.scanned.pdf):
//! two single-threaded Tesseract processes at once (the default) against one page at a time
//! with Tesseract's own threads. No cache, so every page is really recognised.
//!
//! `cargo run --release --example ocr_bench [-- PAGES]` (default: the first 4 pages).

use std::path::Path;
use std::time::Instant;

use tizilim::text::ocr::{self, OcrOptions};
use tizilim::text::Language;

fn main() {
    let n: u32 = std::env::args()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(4);
    let pdf = Path::new("fixtures/pdf/kaz_V1500010124.scanned.pdf");
    if let Err(e) = ocr::tools() {
        println!("no OCR: {e}");
        return;
    }
    let pages: Vec<u32> = (1..=n).collect();
    let modes = [
        ("2 pages at once, OMP_THREAD_LIMIT=1", OcrOptions::default()),
        (
            "1 page at a time, tesseract's own threads",
            OcrOptions {
                workers: 1,
                tesseract_threads: None,
                ..OcrOptions::default()
            },
        ),
    ];
    for (name, opts) in modes {
        let t = Instant::now();
        let (res, diags) = ocr::ocr_pages_with(pdf, &pages, Language::Kk, None, &opts);
        let secs = t.elapsed().as_secs_f64();
        let lines: usize = res.iter().map(|p| p.1.len()).sum();
        println!(
            "{name}: {} pages, {lines} lines, {secs:.1} s, {:.2} s per page",
            res.len(),
            secs / f64::from(n.max(1))
        );
        for d in diags
            .iter()
            .filter(|d| d.severity != tizilim::diag::Severity::Info)
        {
            println!("  {:?} {}: {}", d.severity, d.path, d.message);
        }
    }
}
