//! Times `tizilim::text::pdf::plain_text` against `pdftotext -enc UTF-8 X.pdf -` on every
//! `fixtures/pdf/*.pdf` with a text layer and prints the time ratio and character agreement.
//!
//! Run with `cargo run --release --example pdf_vs_pdftotext [DIR] [REPETITIONS]`.

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use tizilim::text::pdf;

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().unwrap_or_else(|| "fixtures/pdf".to_string()));
    let reps: u32 = args.next().and_then(|s| s.parse().ok()).unwrap_or(5).max(1);
    let mut files: Vec<PathBuf> = match std::fs::read_dir(&dir) {
        Ok(rd) => rd
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "pdf"))
            .collect(),
        Err(e) => {
            eprintln!("{}: {e}", dir.display());
            std::process::exit(2);
        }
    };
    files.sort();
    println!(
        "{:<36} {:>9} {:>11} {:>7} {:>10}",
        "file", "ours ms", "pdftotext", "ratio", "agreement"
    );
    let (mut total_ours, mut total_ref) = (Duration::ZERO, Duration::ZERO);
    for f in files {
        let name = f
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let Ok(bytes) = std::fs::read(&f) else {
            continue;
        };
        let mut ours = String::new();
        let t = Instant::now();
        for _ in 0..reps {
            ours = pdf::plain_text(&bytes).0;
        }
        let t_ours = t.elapsed() / reps;
        let mut reference = String::new();
        let t = Instant::now();
        for _ in 0..reps {
            match Command::new("pdftotext")
                .args(["-enc", "UTF-8"])
                .arg(&f)
                .arg("-")
                .output()
            {
                Ok(o) => reference = String::from_utf8_lossy(&o.stdout).into_owned(),
                Err(e) => {
                    eprintln!("pdftotext: {e}");
                    std::process::exit(2);
                }
            }
        }
        let t_ref = t.elapsed() / reps;
        if reference.trim().is_empty() {
            println!("{name:<36} (no text layer: skipped)");
            continue;
        }
        total_ours += t_ours;
        total_ref += t_ref;
        println!(
            "{:<36} {:>9.2} {:>11.2} {:>7.3} {:>9.2}%",
            name,
            t_ours.as_secs_f64() * 1e3,
            t_ref.as_secs_f64() * 1e3,
            t_ours.as_secs_f64() / t_ref.as_secs_f64(),
            pdf::agreement(&ours, &reference) * 100.0
        );
    }
    if !total_ref.is_zero() {
        println!(
            "total ratio {:.3}",
            total_ours.as_secs_f64() / total_ref.as_secs_f64()
        );
    }
}
