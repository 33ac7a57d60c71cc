//! Header parsing against every gold act block: the seeds' lead lines and adilet page headers,
//! fed to `structure::header::parse` directly (fixtures/legal/header_cases.json says which lines
//! of a seed are the lead blocks, the signature, the appendix asides and the body).

use std::path::PathBuf;

use serde_json::Value;
use tizilim_structure::header::{parse, HeaderInput};
use tizilim_text::{Language, PageHeader};

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures")
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(fixtures().join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

fn lines(text: &str, range: &Value) -> String {
    let a = range[0].as_u64().unwrap_or(1) as usize;
    let b = range[1].as_u64().unwrap_or(0) as usize;
    text.lines()
        .skip(a - 1)
        .take(b + 1 - a)
        .collect::<Vec<_>>()
        .join("\n")
}

fn page_header(html: &str) -> PageHeader {
    let slogan =
        tizilim_lex::re::new(r#"(?s)<div class="container_alpha slogan">(.*?)</div>"#).unwrap();
    let h1 = tizilim_lex::re::new(r"(?s)<h1>(.*?)</h1>").unwrap();
    let status =
        tizilim_lex::re::new(r#"(?s)<span class="status status_(\w+)">(.*?)</span>"#).unwrap();
    let p = tizilim_lex::re::new(r"(?s)<p>(.*?)</p>").unwrap();
    let block = slogan
        .captures(html)
        .and_then(|c| c.get(1))
        .map_or("", |m| m.as_str());
    PageHeader {
        title: h1.captures(block).map(|c| c[1].to_string()),
        status_class: status.captures(block).map(|c| c[1].to_string()),
        status_label: status.captures(block).map(|c| c[2].to_string()),
        header_line: p.captures(block).map(|c| c[1].to_string()),
    }
}

#[test]
fn header_matches_gold() {
    let cases: Value = serde_json::from_str(&read("legal/header_cases.json")).unwrap();
    let mut failures = Vec::new();
    assert_eq!(cases.as_array().map(Vec::len), Some(7));
    for case in cases.as_array().unwrap() {
        let name = case["name"].as_str().unwrap();
        let seed = read(case["seed"].as_str().unwrap());
        let gold: Value = serde_json::from_str(&read(case["gold"].as_str().unwrap())).unwrap();
        let page = case["html"]
            .as_str()
            .map(|h| page_header(&read(h)))
            .unwrap_or_default();
        let lead: Vec<String> = case["lead"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| lines(&seed, r))
            .collect();
        let asides: Vec<String> = case["asides"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| lines(&seed, r))
            .collect();
        let signature = lines(&seed, &case["signature"]);
        let body = lines(&seed, &case["body"]);
        let language = if gold["act"]["language"] == "kk" {
            Language::Kk
        } else {
            Language::Ru
        };
        let input = HeaderInput {
            page: &page,
            lead: &lead,
            signature: Some(&signature),
            appendix_asides: &asides,
            body_text: &body,
            preamble: None,
            language,
        };
        let (meta, _diags) = parse(&input);
        if std::env::var_os("HEADER_DEBUG").is_some() {
            eprintln!("{name}: {meta:?}");
        }
        let got = serde_json::to_value(&meta).unwrap();
        let want = &gold["act"];
        for field in [
            "type",
            "number",
            "date",
            "registration_number",
            "registration_date",
            "issuer",
            "signed_by",
            "status",
            "entry_into_force",
            "title",
        ] {
            // Gold 000 has no title field: its text has no title line; we then expect null.
            let w = want.get(field).cloned().unwrap_or(Value::Null);
            if got[field] != w {
                failures.push(format!("{name}: {field}: got {} want {}", got[field], w));
            }
        }
        let want_rep = want.get("repealed_by").cloned().unwrap_or(Value::Null);
        let got_rep = &got["repealed_by"];
        if want_rep.is_null() {
            if !got_rep.is_null() {
                failures.push(format!("{name}: repealed_by: got {got_rep}, want null"));
            }
        } else {
            for f in ["type", "number", "date", "issuer"] {
                if got_rep[f] != want_rep[f] {
                    failures.push(format!(
                        "{name}: repealed_by.{f}: got {} want {}",
                        got_rep[f], want_rep[f]
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn header_without_anything_reports_diagnostics() {
    let page = PageHeader::default();
    let input = HeaderInput {
        page: &page,
        lead: &[],
        signature: None,
        appendix_asides: &[],
        body_text: "",
        preamble: None,
        language: Language::Ru,
    };
    let (meta, diags) = parse(&input);
    assert_eq!(meta.id.act_type, None);
    assert!(diags.len() >= 3, "{diags:?}");
}

#[test]
fn russian_repealed_header_line() {
    let page = PageHeader::default();
    let lead = vec![
        "Об утверждении Правил оказания государственной услуги".to_string(),
        "Утративший силу".to_string(),
        "Приказ Министра национальной экономики Республики Казахстан от 3 декабря 2014 года № 126. Зарегистрирован в Министерстве юстиции Республики Казахстан 23 января 2015 года № 10124. Утратил силу приказом Министра цифрового развития, инноваций и аэрокосмической промышленности Республики Казахстан от 19.02.2020 № 68/НҚ".to_string(),
    ];
    let input = HeaderInput {
        page: &page,
        lead: &lead,
        signature: Some("Министр | Е. Досаев"),
        appendix_asides: &[],
        body_text:
            "5. Настоящий приказ вводится в действие со дня его первого официального опубликования.",
        preamble: None,
        language: Language::Ru,
    };
    let (m, _) = parse(&input);
    assert_eq!(m.id.act_type.as_deref(), Some("приказ"));
    assert_eq!(m.id.number.as_deref(), Some("126"));
    assert_eq!(m.id.date.as_deref(), Some("2014-12-03"));
    assert_eq!(m.id.registration_number.as_deref(), Some("10124"));
    assert_eq!(m.registration_date.as_deref(), Some("2015-01-23"));
    assert_eq!(m.status.as_deref(), Some("repealed"));
    assert_eq!(
        m.id.title.as_deref(),
        Some("Об утверждении Правил оказания государственной услуги")
    );
    let by = m.repealed_by.unwrap_or_default();
    assert_eq!(by.number.as_deref(), Some("68/НҚ"));
    assert_eq!(by.date.as_deref(), Some("2020-02-19"));
    assert_eq!(
        by.issuer.as_deref(),
        Some("Министр цифрового развития, инноваций и аэрокосмической промышленности Республики Казахстан")
    );
    assert_eq!(
        m.entry_into_force.as_deref(),
        Some("со дня его первого официального опубликования")
    );
}

/// Title and header line in one block (a text export without a blank line between them), in both
/// languages; and a Kazakh header line wrapped over two lines stays one header line.
#[test]
fn title_and_header_line_in_one_block() {
    let page = PageHeader::default();
    let cases = [
        (
            Language::Kk,
            "«Омартаны тіркеу туралы анықтама беру» мемлекеттік көрсетілетін қызмет қағидаларын бекіту туралы\nҚазақстан Республикасы Ауыл шаруашылығы министрінің 2026 жылғы 5 ақпандағы № 17 бұйрығы. Қазақстан Республикасының Әділет министрлігінде 2026 жылғы 9 ақпанда № 40123 болып тіркелді",
            Some("«Омартаны тіркеу туралы анықтама беру» мемлекеттік көрсетілетін қызмет қағидаларын бекіту туралы"),
        ),
        (
            Language::Ru,
            "Об утверждении Правил оказания государственной услуги «Выдача справки о регистрации пасеки»\nПриказ Министра сельского хозяйства Республики Казахстан от 5 февраля 2026 года № 17. Зарегистрирован в Министерстве юстиции Республики Казахстан 9 февраля 2026 года № 40123",
            Some("Об утверждении Правил оказания государственной услуги «Выдача справки о регистрации пасеки»"),
        ),
        (
            Language::Kk,
            "Қазақстан Республикасы Ауыл шаруашылығы министрінің 2026 жылғы\n5 ақпандағы № 17 бұйрығы. Қазақстан Республикасының Әділет министрлігінде 2026 жылғы 9 ақпанда № 40123 болып тіркелді",
            None,
        ),
    ];
    for (language, block, title) in cases {
        let lead = vec![block.to_string()];
        let input = HeaderInput {
            page: &page,
            lead: &lead,
            signature: None,
            appendix_asides: &[],
            body_text: "",
            preamble: None,
            language,
        };
        let (m, _) = parse(&input);
        assert_eq!(m.id.title.as_deref(), title, "{block}");
        assert_eq!(m.id.number.as_deref(), Some("17"), "{block}");
        assert_eq!(m.id.date.as_deref(), Some("2026-02-05"), "{block}");
        assert_eq!(
            m.id.registration_number.as_deref(),
            Some("40123"),
            "{block}"
        );
    }
}
