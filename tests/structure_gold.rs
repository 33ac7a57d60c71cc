//! Structure against the gold: for every seed and every developer fixture, the structural
//! units (`parse --format paths`) equal the paths the gold annotations imply.

use std::collections::BTreeSet;
use std::path::Path;

use serde_json::Value;

fn gold(name: &str) -> Value {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/gold")
        .join(name);
    serde_json::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
}

fn sub_paths(out: &mut Vec<String>, point_path: &str, spec: &Value) {
    let lists: Vec<u64> = match spec {
        Value::Number(n) => vec![n.as_u64().unwrap()],
        Value::Array(a) => a.iter().map(|x| x.as_u64().unwrap()).collect(),
        _ => panic!("bad subpoint spec"),
    };
    for (k, n) in lists.iter().enumerate() {
        for i in 1..=*n {
            if k == 0 {
                out.push(format!("{point_path}/subpoint:{i}"));
            } else {
                out.push(format!("{point_path}/subpoint:{i}#{}", k + 1));
            }
        }
    }
}

/// The unit paths a gold file implies (points, subpoints, chapters, appendices).
fn expected_paths(g: &Value) -> BTreeSet<String> {
    let mut out = Vec::new();
    let body = &g["body"];
    for i in 1..=body["points"].as_u64().unwrap() {
        out.push(format!("point:{i}"));
    }
    if let Some(m) = body["subpoints"].as_object() {
        for (p, spec) in m {
            sub_paths(&mut out, p, spec);
        }
    }
    let rules = &g["rules"];
    let rp = rules["path"].as_str().unwrap_or("appendix:1").to_string();
    out.push(rp.clone());
    for ch in rules["chapters"].as_array().unwrap() {
        out.push(format!("{rp}/chapter:{}", ch["number"].as_str().unwrap()));
        for p in ch["points"].as_array().unwrap() {
            out.push(format!("{rp}/point:{}", p.as_str().unwrap()));
        }
    }
    for (p, spec) in rules["subpoints"].as_object().unwrap() {
        sub_paths(&mut out, &format!("{rp}/{p}"), spec);
    }
    let apps = rules
        .get("appendices")
        .or_else(|| rules.get("appendices_present"));
    if let Some(Value::Array(a)) = apps {
        for x in a {
            let n = x
                .get("number")
                .and_then(Value::as_str)
                .or(x.as_str())
                .unwrap();
            out.push(format!("{rp}/appendix:{n}"));
        }
    }
    out.into_iter().collect()
}

/// Our units, without rows/items and without units inside the Rules' own appendices.
fn actual_paths(file: &str) -> (Vec<String>, tizilim::structure::Document) {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join(file);
    let doc = tizilim::pipeline::parse_path(&p).unwrap();
    let paths = doc
        .unit_paths()
        .into_iter()
        .filter(|p| !p.contains("/row:") && !p.starts_with("row:") && !p.contains("/item:"))
        .filter(|p| {
            let segs: Vec<&str> = p.split('/').collect();
            // appendix:1/appendix:N is kept; anything below it is a form template.
            !(segs.len() > 2
                && segs[0].starts_with("appendix:")
                && segs[1].starts_with("appendix:"))
        })
        .collect();
    (paths, doc)
}

fn check(file: &str, gold_name: &str) {
    let g = gold(gold_name);
    let want = expected_paths(&g);
    let (got, _doc) = actual_paths(file);
    let got_set: BTreeSet<String> = got.iter().cloned().collect();
    let missing: Vec<_> = want.difference(&got_set).collect();
    let extra: Vec<_> = got_set.difference(&want).collect();
    assert!(
        missing.is_empty() && extra.is_empty(),
        "{file} vs {gold_name}\nmissing: {missing:?}\nextra: {extra:?}"
    );
    assert_eq!(got.len(), got_set.len(), "{file}: duplicate paths");
}

#[test]
fn seed_000() {
    check("fixtures/seeds/000_56372298d692b573.txt", "000.json");
}
#[test]
fn seed_001() {
    check("fixtures/seeds/001_692cbcfd57177d2b.txt", "001.json");
}
#[test]
fn seed_002() {
    check("fixtures/seeds/002_39aa061cad97cf4f.txt", "002.json");
}
#[test]
fn seed_003() {
    check("fixtures/seeds/003_b0ba3974c4b4caee.txt", "003.json");
}

#[test]
fn html_kaz_v2100022243() {
    check("fixtures/html/kaz_V2100022243.html", "kaz_V2100022243.json");
}
#[test]
fn html_rus_v2500037538() {
    check("fixtures/html/rus_V2500037538.html", "002.json");
}
#[test]
fn html_kaz_v1500010124() {
    check("fixtures/html/kaz_V1500010124.html", "003.json");
}

#[test]
fn pdf_kaz_v2100022243() {
    check("fixtures/pdf/kaz_V2100022243.pdf", "kaz_V2100022243.json");
}
#[test]
fn pdf_rus_v2500037538() {
    check("fixtures/pdf/rus_V2500037538.pdf", "002.json");
}
#[test]
fn pdf_kaz_v1500010124() {
    check("fixtures/pdf/kaz_V1500010124.pdf", "003.json");
}
#[test]
fn pdf_ocr_kaz_v1500010124() {
    check("fixtures/pdf/kaz_V1500010124.ocr-kaz.pdf", "003.json");
}

/// With Tesseract installed, the wrong-language OCR PDF and the scan are re-OCR'd (kaz+rus) and
/// give the clean PDF's structure; without it, the diagnostic names the packages to install.
fn check_ocr(file: &str) {
    match tizilim::text::ocr::tools() {
        Ok(_) => check(file, "003.json"),
        Err(msg) => {
            assert!(msg.contains("tesseract-ocr-kaz"), "{msg}");
            let (_, doc) = actual_paths(file);
            assert!(
                doc.diagnostics
                    .iter()
                    .any(|d| d.message.contains("tesseract")),
                "{:?}",
                doc.diagnostics
            );
        }
    }
}

#[test]
fn pdf_ocr_eng_v1500010124_reocr() {
    check_ocr("fixtures/pdf/kaz_V1500010124.ocr-eng.pdf");
}
#[test]
fn pdf_scanned_v1500010124_reocr() {
    check_ocr("fixtures/pdf/kaz_V1500010124.scanned.pdf");
}
