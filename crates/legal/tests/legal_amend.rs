//! Data-driven amendment tests: fixtures/legal/amendments_{ru,kk}.json hold short amending
//! passages, one paragraph a line, each with the operations it must yield. Every key an
//! expectation lists is compared (`target_act` by the keys it lists); the number of operations
//! must match exactly.

use std::path::PathBuf;

use serde_json::Value;
use tizilim_legal::amend::{from_segments, segments_from_text};

fn load(name: &str) -> Vec<Value> {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/legal")
        .join(name);
    let s = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    let v: Value = serde_json::from_str(&s).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    v.as_array().cloned().unwrap_or_default()
}

fn check_file(name: &str) {
    let cases = load(name);
    assert!(cases.len() >= 20, "{name}: only {} cases", cases.len());
    let mut failures = Vec::new();
    let mut ops_seen = std::collections::BTreeSet::new();
    for case in &cases {
        let title = case["name"].as_str().unwrap_or("?");
        let text: Vec<&str> = case["text"]
            .as_array()
            .map(|a| a.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let (got, _diags) = from_segments(&segments_from_text(&text.join("\n")));
        let got: Vec<Value> = got
            .iter()
            .map(|a| serde_json::to_value(a).unwrap_or(Value::Null))
            .collect();
        if std::env::var_os("AMEND_DEBUG").is_some() {
            eprintln!(
                "{title}: {}",
                serde_json::to_string(&got).unwrap_or_default()
            );
        }
        let want = case["expect"].as_array().cloned().unwrap_or_default();
        if got.len() != want.len() {
            failures.push(format!(
                "{name} / {title}: {} operations, want {}: {}",
                got.len(),
                want.len(),
                serde_json::to_string_pretty(&got).unwrap_or_default()
            ));
            continue;
        }
        for (g, w) in got.iter().zip(&want) {
            ops_seen.insert(w["op"].as_str().unwrap_or("").to_string());
            for (k, wv) in w.as_object().into_iter().flatten() {
                if k == "target_act" {
                    for (ak, av) in wv.as_object().into_iter().flatten() {
                        if &g["target_act"][ak] != av {
                            failures.push(format!(
                                "{name} / {title}: target_act.{ak}: got {} want {av}",
                                g["target_act"][ak]
                            ));
                        }
                    }
                } else if &g[k] != wv {
                    failures.push(format!("{name} / {title}: {k}: got {} want {wv}", g[k]));
                }
            }
        }
    }
    for op in [
        "new_edition",
        "insert",
        "exclude",
        "substitute_words",
        "repeal_act",
    ] {
        assert!(ops_seen.contains(op), "{name}: no case for {op}");
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn amendments_ru() {
    check_file("amendments_ru.json");
}

#[test]
fn amendments_kk() {
    check_file("amendments_kk.json");
}
