//! Criterion benches of the pipeline's stages on the fixtures, one group per stage:
//! `html_extract` (fixtures/html), `pdf_extract` (the LibreOffice PDFs), `plain_extract`
//! (fixtures/seeds), `structure_parse` (the text of a seed and of an HTML page, already read) and
//! `legal_extract` (the documents already parsed). Throughput is in input bytes.
//!
//! Run: `cargo bench --bench stages` (about a minute on two cores: short warm-up and measurement).

/// The binary's allocator, so the bench measures what `tizilim` runs.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};

use tizilim::source::{self, Source};
use tizilim::{legal, structure, text};

fn fixtures(sub: &str, ext: &str, keep: impl Fn(&str) -> bool) -> Vec<Source> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(sub);
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|rd| {
            rd.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == ext))
                .filter(|p| p.file_name().and_then(|n| n.to_str()).is_some_and(&keep))
                .collect()
        })
        .unwrap_or_default();
    paths.sort();
    paths.iter().filter_map(|p| source::read(p).ok()).collect()
}

fn name(src: &Source) -> String {
    src.path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}

fn extract_group(
    c: &mut Criterion,
    group: &str,
    sources: &[Source],
    f: fn(&[u8]) -> text::TextDoc,
) {
    let mut g = c.benchmark_group(group);
    for s in sources {
        g.throughput(Throughput::Bytes(s.bytes.len() as u64));
        g.bench_with_input(
            BenchmarkId::from_parameter(name(s)),
            &s.bytes,
            |b, bytes| b.iter(|| f(black_box(bytes))),
        );
    }
    g.finish();
}

fn stages(c: &mut Criterion) {
    let html = fixtures("html", "html", |_| true);
    // The LibreOffice PDFs (`kaz_V1500010124.pdf`), not the scans and their OCR'd copies.
    let pdf = fixtures("pdf", "pdf", |n| n.matches('.').count() == 1);
    let seeds = fixtures("seeds", "txt", |_| true);

    extract_group(c, "html_extract", &html, text::html::extract);
    extract_group(c, "pdf_extract", &pdf, text::pdf::extract);
    extract_group(c, "plain_extract", &seeds, text::plain::extract);

    let docs: Vec<(&Source, text::TextDoc)> = seeds
        .iter()
        .take(2)
        .chain(html.iter().take(1))
        .map(|s| (s, text::extract(s)))
        .collect();
    let mut g = c.benchmark_group("structure_parse");
    for (s, t) in &docs {
        let file = s.path.to_string_lossy().into_owned();
        g.throughput(Throughput::Bytes(s.bytes.len() as u64));
        g.bench_function(BenchmarkId::from_parameter(name(s)), |b| {
            b.iter(|| structure::parse(black_box(t), &file, s.format))
        });
    }
    g.finish();

    let mut g = c.benchmark_group("legal_extract");
    for (s, t) in &docs {
        let doc = structure::parse(t, &s.path.to_string_lossy(), s.format);
        g.throughput(Throughput::Bytes(s.bytes.len() as u64));
        g.bench_function(BenchmarkId::from_parameter(name(s)), |b| {
            b.iter(|| legal::extract(black_box(&doc)))
        });
    }
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_millis(300))
        .measurement_time(Duration::from_secs(1));
    targets = stages
}
criterion_main!(benches);
