//! Snapshots of what tizilim reads from every fixture act: the header fields and the structural
//! paths (`parse --format paths`), one file per input under `fixtures/expect/parse/`. A change in
//! structure or header shows up here as a line diff; when it is an intended change, accept it
//! with `UPDATE_EXPECT=1 cargo test --release --test snapshots`. (The gold files under
//! `fixtures/gold/` are labels made by reading, not snapshots: they are never rewritten.)

mod common;

use std::fmt::Write;

fn snapshot(doc: &tizilim::structure::Document) -> String {
    let mut s = String::new();
    let a = &doc.act;
    let _ = writeln!(s, "language: {}", doc.language.code());
    for (k, v) in [
        ("type", &a.id.act_type),
        ("number", &a.id.number),
        ("date", &a.id.date),
        ("registration_number", &a.id.registration_number),
        ("registration_date", &a.registration_date),
        ("issuer", &a.id.issuer),
        ("title", &a.id.title),
        ("status", &a.status),
    ] {
        let _ = writeln!(s, "{k}: {}", v.as_deref().unwrap_or("-"));
    }
    let _ = writeln!(s, "--");
    for p in doc.unit_paths() {
        let _ = writeln!(s, "{p}");
    }
    s
}

#[test]
fn parse_snapshots_of_the_fixture_acts() {
    let mut inputs = Vec::new();
    for dir in ["fixtures/seeds", "fixtures/html"] {
        for e in std::fs::read_dir(common::at(dir)).unwrap() {
            inputs.push(e.unwrap().path());
        }
    }
    // Clean PDFs only: OCR'd ones depend on the installed Tesseract.
    for n in [
        "kaz_V1500010124.pdf",
        "kaz_V2100022243.pdf",
        "rus_V2500037538.pdf",
    ] {
        inputs.push(common::at("fixtures/pdf").join(n));
    }
    inputs.sort();
    assert!(inputs.len() >= 10);
    let opts = tizilim::text::ExtractOptions {
        ocr: false,
        ..Default::default()
    };
    for p in inputs {
        let doc = tizilim::pipeline::parse_path_with(&p, &opts).unwrap();
        common::expect_file(&format!("parse/{}.txt", common::name(&p)), &snapshot(&doc));
    }
}
