//! The classification data file (`src/registry/classification.tsv`) against the seeds it was
//! extracted from: Appendix 4 of the 2021 Rules (seed 000, kk) and Appendix 2 of the 2025 Rules
//! (seed 002, ru).
//!
//! This test is also the extraction script: `TIZILIM_BLESS=1 cargo test --test
//! registry_classification` rewrites the data file from the seeds.

use std::collections::BTreeMap;

use tizilim_registry::classification::{self, Level};
use tizilim_registry::Kind;

const SEED_KK: &str = include_str!("../../../fixtures/seeds/000_56372298d692b573.txt");
const SEED_RU: &str = include_str!("../../../fixtures/seeds/002_39aa061cad97cf4f.txt");

/// Seed 000 writes some Kazakh words with a Latin `i`; the data file keeps Cyrillic `і`.
fn fix_latin_i(s: &str) -> String {
    s.replace('i', "і").replace('I', "І")
}

fn is_code(s: &str, len: usize) -> bool {
    s.len() == len && s.bytes().all(|b| b.is_ascii_digit())
}

/// Seed 000, Appendix 4: `001 | | name` and ` | 00101 | name` rows.
fn parse_kk() -> BTreeMap<String, String> {
    let start = SEED_KK
        .find("тізілімінің сыныптамасы\n")
        .expect("seed 000 has the classification");
    let mut out = BTreeMap::new();
    for line in SEED_KK[start..].lines() {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        let name = cells.last().copied().unwrap_or("");
        let code = cells.iter().find(|c| is_code(c, 3) || is_code(c, 5));
        if let Some(code) = code {
            out.insert(code.to_string(), fix_latin_i(name));
        }
    }
    out
}

/// Seed 002, Appendix 2: a code on its own line, then its name on the next non-empty line;
/// the part headings switch the kind.
fn parse_ru() -> Vec<(String, Kind, String)> {
    let start = SEED_RU
        .find("Классификация реестра государственных услуг\n")
        .expect("seed 002 has the classification");
    let end = SEED_RU[start..]
        .find("Приложение 3")
        .map_or(SEED_RU.len(), |e| start + e);
    let lines: Vec<&str> = SEED_RU[start..end]
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let mut kind = Kind::State;
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        let l = lines[i];
        if l == "Общественно значимые услуги" {
            kind = Kind::SociallySignificant;
        } else if (is_code(l, 3) || is_code(l, 5)) && i + 1 < lines.len() {
            out.push((l.to_string(), kind, lines[i + 1].to_string()));
            i += 1;
        }
        i += 1;
    }
    out
}

fn expected_tsv() -> String {
    let kk = parse_kk();
    let mut s = String::from("code\tkind\tname_ru\tname_kk\n");
    for (code, kind, ru) in parse_ru() {
        let kk = kk.get(&code).map_or("", String::as_str);
        s.push_str(&format!("{code}\t{}\t{ru}\t{kk}\n", kind.as_str()));
    }
    s
}

#[test]
fn data_file_is_what_the_seeds_say() {
    let want = expected_tsv();
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/src/classification.tsv");
    if std::env::var_os("TIZILIM_BLESS").is_some() {
        std::fs::write(path, &want).expect("write classification.tsv");
    }
    assert_eq!(classification::DATA, want, "rerun with TIZILIM_BLESS=1");
}

#[test]
fn counts_match_the_seeds() {
    let kk = parse_kk();
    assert_eq!(kk.keys().filter(|c| c.len() == 3).count(), 31);
    assert_eq!(kk.keys().filter(|c| c.len() == 5).count(), 80);
    let ru = parse_ru();
    assert_eq!(ru.iter().filter(|c| c.0.len() == 3).count(), 33);
    assert_eq!(ru.iter().filter(|c| c.0.len() == 5).count(), 87);

    let all = classification::all();
    let sections = all.iter().filter(|c| c.level == Level::Section).count();
    let subsections = all.iter().filter(|c| c.level == Level::Subsection).count();
    assert_eq!((sections, subsections), (33, 87));
    // Every 2021 Kazakh name found its 2025 code; the 2025 additions have no Kazakh name yet.
    let with_kk = all.iter().filter(|c| c.name_kk.is_some()).count();
    assert_eq!(with_kk, 31 + 80);
    for code in ["03105", "032", "033", "03201", "03304"] {
        let c = classification::get(code).expect(code);
        assert!(c.name_kk.is_none(), "{code}");
    }
}

#[test]
fn lookups_in_both_languages() {
    let c = classification::get("03104").unwrap();
    assert_eq!(
        c.name_ru,
        "Государственные предприятия и государственное имущество"
    );
    assert_eq!(
        c.name_kk,
        Some("Мемлекеттік кәсіпорындар және мемлекеттік меншік")
    );
    assert!(!c.name_kk.unwrap().contains('i'), "Latin i normalised");
    assert_eq!(
        classification::get("033").unwrap().kind,
        Kind::SociallySignificant
    );
    assert_eq!(
        classification::get("03301").unwrap().kind,
        Kind::SociallySignificant
    );
    assert_eq!(classification::get("031").unwrap().kind, Kind::State);
    assert_eq!(classification::get("00101").unwrap().section(), "001");
    assert!(classification::get("034").is_none());
    assert!(classification::get("00105").is_none());
    assert!(classification::get("").is_none());
    assert_eq!(classification::subsections_of("004").count(), 4);
}
