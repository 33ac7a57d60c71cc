//! A plain text in Latin letters: look-alike garbage of a Kazakh or Russian act OCR'd in the
//! wrong language is flagged (and repaired when repair is on), English prose is read as it is.

use std::path::Path;

use tizilim_text::{extract_with, ExtractOptions};

fn read(name: &str, text: &str) -> tizilim_text::TextDoc {
    let src = tizilim_source::from_bytes(Path::new(name), text.as_bytes().to_vec()).unwrap();
    // Repair off: the verdict is what is checked, not the lexicon (which takes seconds to build).
    let opts = ExtractOptions {
        repair: false,
        ocr: false,
        ..ExtractOptions::default()
    };
    extract_with(&src, &opts)
}

#[test]
fn english_prose_is_not_garbage() {
    let text = "This folder holds the acts we track for the quarterly review.\n\
                See the register file beside them for the services and their codes, \
                and the notes of the last meeting for what is still open.\n";
    let doc = read("README.md", text);
    assert!(!doc.quality.garbled, "{:?}", doc.diagnostics);
    assert!(!doc.quality.repaired);
    assert!(doc
        .diagnostics
        .iter()
        .any(|d| d.message.contains("ordinary words")));
    assert!(!doc
        .diagnostics
        .iter()
        .any(|d| d.message.contains("look-alike garbage")));
    let all: String = doc.blocks.iter().map(|b| b.text.as_str()).collect();
    assert!(all.contains("quarterly review"), "{all}");
}

#[test]
fn look_alike_garbage_in_both_languages_is_still_garbage() {
    // Kazakh and Russian act text as English OCR reads it.
    let kk = "\"KYKbIKTbIK akTiNep Typanbi\" 2016 xKbInFbI 6 ceyipgeri Ka3aKcTaH\n\
              Pecny6nukKacbIHbIH, 3aHbl 50-6a6bIHbIH, 2-TapMaFbiHa CaNKeCc BYUbIPAMBIH:\n\
              1. \"MemnekeTTik KepceTineTiH KbI3MeTTep Ti3iNiMiH KYpri3y KaFUganapbiH\n";
    let ru = "B coorBeTcTBnn c nyHKTOM 1 cTaTbu 10 3akoHa PecnybnukM KazaxcTaH\n\
              «O rocyfapcTBeHHbIX ycnyrax» MPUKA3bIBAIO:\n\
              1. YTBepguTb npaBuna okasaHua rocyfapcTBeHHOM ycnyru.\n";
    for (name, text) in [("kk.txt", kk), ("ru.txt", ru)] {
        let doc = read(name, text);
        assert!(doc.quality.garbled, "{name}: {:?}", doc.diagnostics);
        assert!(doc
            .diagnostics
            .iter()
            .any(|d| d.message.contains("look-alike garbage")));
    }
}
