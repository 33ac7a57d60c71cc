//! Amendment clauses read on repaired wrong-language OCR. An amending order of our own making
//! in each language (fixtures/ocr-amend/amend_{ru,kk}.txt) was drawn and read with Tesseract's
//! English model by `scripts/ocr_pairs.py --text` (amend_*.ocr-eng.txt: Latin look-alike
//! garbage). Read as a text input, the garbage is repaired and the amendments are extracted:
//! at least 90 % of the operations (kind and target unit) of the clean text must be found, with
//! the Hunspell dictionaries and without them (the floor must not depend on what the system has).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use tizilim::text::repair::RepairSettings;
use tizilim::text::ExtractOptions;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/ocr-amend")
        .join(name)
}

/// The amendment operations of a file: (operation, target unit) with how many times each.
fn operations(path: &Path, opts: &ExtractOptions) -> (HashMap<(String, String), usize>, bool) {
    let (doc, legal) = tizilim::pipeline::scan_path_with(path, opts)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut ops = HashMap::new();
    for a in &legal.amendments {
        let op = serde_json::to_value(a.op).unwrap();
        *ops.entry((op.as_str().unwrap_or("").to_string(), a.target_path.clone()))
            .or_default() += 1;
    }
    (ops, doc.quality.repaired)
}

fn options(hunspell: bool) -> ExtractOptions {
    let mut o = ExtractOptions {
        ocr: false,
        ..ExtractOptions::default()
    };
    o.repair_settings = RepairSettings {
        hunspell_dir: hunspell.then(|| PathBuf::from(tizilim::text::repair::HUNSPELL_DIR)),
        ..RepairSettings::standard()
    };
    o
}

fn check(lang: &str) {
    let clean_path = fixture(&format!("amend_{lang}.txt"));
    let (clean, repaired_flag) = operations(&clean_path, &options(true));
    assert!(!repaired_flag, "the clean text needs no repair");
    let n: usize = clean.values().sum();
    assert!(
        n >= 9,
        "{lang}: the clean order has {n} operations: {clean:?}"
    );
    for hunspell in [true, false] {
        let (got, repaired) = operations(
            &fixture(&format!("amend_{lang}.ocr-eng.txt")),
            &options(hunspell),
        );
        assert!(repaired, "{lang}: the garbage was not repaired");
        let found: usize = clean
            .iter()
            .map(|(k, &c)| c.min(got.get(k).copied().unwrap_or(0)))
            .sum();
        let share = found as f64 / n as f64;
        eprintln!(
            "{lang} (Hunspell: {hunspell}): {found} of {n} operations found on the repaired text"
        );
        assert!(
            share >= 0.9,
            "{lang} (Hunspell: {hunspell}): {found} of {n}\nclean: {clean:?}\nrepaired: {got:?}"
        );
    }
}

#[test]
fn russian_amendments_on_repaired_ocr() {
    check("ru");
}

#[test]
fn kazakh_amendments_on_repaired_ocr() {
    check("kk");
}
