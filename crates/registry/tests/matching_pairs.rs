//! Matching on real name variants, data-driven: `fixtures/registry/match_pairs.tsv` (an act's
//! wording → the entry it must match) and `fixtures/registry/near_miss.tsv` (a different
//! service with similar words → the entry it must not match). The register is the demo register
//! (`corpus/registry.csv`, 265 real egov names) plus `fixtures/registry/kk_entries.csv` (Kazakh
//! names).

use std::path::Path;

use tizilim_registry::{self as registry, Matcher, Register};
use tizilim_text::Language;

fn register() -> Register {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut reg = registry::load(&root.join("../../corpus/registry.csv")).expect("demo register");
    let kk =
        registry::load(&root.join("../../fixtures/registry/kk_entries.csv")).expect("kk entries");
    assert!(reg.entries.len() >= 260 && kk.entries.len() >= 15);
    reg.entries.extend(kk.entries);
    reg
}

/// (line, lang, query, entry name) rows of a TSV.
fn rows(file: &str) -> Vec<(usize, Language, String, String)> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/registry")
        .join(file);
    let text = std::fs::read_to_string(&path).expect("tsv");
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.starts_with('#') && !l.trim().is_empty())
        .map(|(i, l)| {
            let f: Vec<&str> = l.split('\t').collect();
            assert_eq!(f.len(), 3, "{file}:{}: three columns", i + 1);
            let lang = match f[0] {
                "ru" => Language::Ru,
                "kk" => Language::Kk,
                other => panic!("{file}:{}: language {other}", i + 1),
            };
            (i + 1, lang, f[1].to_string(), f[2].to_string())
        })
        .collect()
}

fn entry_by_name(reg: &Register, lang: Language, name: &str) -> usize {
    let hits: Vec<usize> = reg
        .entries
        .iter()
        .enumerate()
        .filter(|(_, e)| {
            let n = match lang {
                Language::Ru => &e.name_ru,
                Language::Kk => &e.name_kk,
            };
            n.as_deref() == Some(name)
        })
        .map(|(i, _)| i)
        .collect();
    assert_eq!(hits.len(), 1, "exactly one entry named {name:?}");
    hits[0]
}

#[test]
fn variants_match_the_right_entry() {
    let reg = register();
    let m = Matcher::new(&reg);
    let pairs = rows("match_pairs.tsv");
    assert!(pairs.len() >= 40, "at least 40 pairs");
    assert!(pairs.iter().filter(|p| p.1 == Language::Kk).count() >= 10);
    let mut failures = Vec::new();
    for (line, lang, query, want) in &pairs {
        let want_i = entry_by_name(&reg, *lang, want);
        assert_ne!(
            query, want,
            "line {line}: the variant must differ from the name"
        );
        match m.best(query, *lang) {
            Some(hit) if hit.entry_index == want_i => {}
            other => failures.push(format!(
                "line {line}: {query:?} → {:?} (score {:?}), want {want:?}; candidates {:?}",
                other.map(|h| reg.entries[h.entry_index].name(*lang)),
                other.map(|h| h.score),
                m.candidates(query, *lang, 3)
                    .iter()
                    .map(|c| (reg.entries[c.entry_index].name(*lang).to_string(), c.score))
                    .collect::<Vec<_>>()
            )),
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} pairs failed:\n{}",
        failures.len(),
        pairs.len(),
        failures.join("\n")
    );
}

#[test]
fn near_misses_do_not_match() {
    let reg = register();
    let m = Matcher::new(&reg);
    let pairs = rows("near_miss.tsv");
    assert!(pairs.len() >= 40, "at least 40 near misses");
    assert!(pairs.iter().filter(|p| p.1 == Language::Kk).count() >= 8);
    let mut failures = Vec::new();
    for (line, lang, query, other) in &pairs {
        let other_i = entry_by_name(&reg, *lang, other);
        // The pair is a real near miss: the entry is among the query's index candidates.
        let cands = m.candidates(query, *lang, 10);
        if !cands.iter().any(|c| c.entry_index == other_i) {
            failures.push(format!(
                "line {line}: {other:?} is not even a candidate for {query:?}"
            ));
        }
        if let Some(hit) = m.best(query, *lang) {
            if hit.entry_index == other_i {
                failures.push(format!(
                    "line {line}: {query:?} matched {other:?} (score {})",
                    hit.score
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} near misses failed:\n{}",
        failures.len(),
        pairs.len(),
        failures.join("\n")
    );
}
