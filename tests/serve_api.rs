//! The review server over plain HTTP: the guard on decisions (CSRF token, same origin, host,
//! body size, JSON), clear JSON errors, decisions stored with user and time and kept across a
//! refresh, and the forms exported after review (`tizilim forms --accepted`) read back.

mod serve_common;

use calamine::{open_workbook, Data, Reader, Xlsx};
use serde_json::Value;
use serve_common::*;

fn post(
    agent: &ureq::Agent,
    server: &Server,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> (u16, Value) {
    let mut req = agent.post(format!("{}{}", server.url, path.trim_start_matches('/')));
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let mut r = req.send(body).unwrap();
    let status = r.status().as_u16();
    let text = r.body_mut().read_to_string().unwrap();
    let json =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{status}: not JSON ({e}): {text}"));
    (status, json)
}

/// The ids of the findings the API lists, in order.
fn ids(agent: &ureq::Agent, server: &Server, query: &str) -> Vec<String> {
    let (status, body) = get(agent, &format!("{}api/findings{query}", server.url));
    assert_eq!(status, 200, "{body}");
    let v: Value = serde_json::from_str(&body).unwrap();
    v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap().to_string())
        .collect()
}

fn finding_of<'a>(list: &'a Value, service_part: &str) -> &'a Value {
    list["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["service"].as_str().unwrap().contains(service_part))
        .unwrap_or_else(|| panic!("no finding with {service_part:?} in {list}"))
}

#[test]
fn decisions_are_guarded_stored_with_user_and_time_and_kept_across_a_refresh() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    corpus(
        dir,
        &[
            ("bylaw_ru.txt", &bylaw()),
            ("bylaw2_ru.txt", &second_bylaw()),
        ],
    );
    refresh(dir);
    let server = Server::start(dir, "aigerim");
    let agent = http();

    // The list: both findings, each with its id and no decision yet.
    let (status, body) = get(&agent, &format!("{}api/findings", server.url));
    assert_eq!(status, 200);
    let list: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(list["count"], 2, "{list}");
    for f in list["findings"].as_array().unwrap() {
        assert!(f["id"].as_str().is_some_and(|id| id.len() == 16));
        assert!(f["decision"].is_null());
        assert_eq!(f["status"], "undecided");
    }
    let felling = finding_of(&list, "вырубку")["id"]
        .as_str()
        .unwrap()
        .to_string();
    let replanting = finding_of(&list, "пересадку")["id"]
        .as_str()
        .unwrap()
        .to_string();

    let page = get(&agent, &format!("{}findings/{felling}", server.url)).1;
    let token = csrf_of(&page);
    assert_eq!(token.len(), 64);
    let path = format!("/api/findings/{felling}/decision");
    let json = ("Content-Type", "application/json");
    let good = r#"{"decision": "reject", "comment": "не услуга"}"#;

    // No token, a wrong token, another origin, another site, another host: 403.
    let (s, e) = post(&agent, &server, &path, &[json], good);
    assert_eq!(s, 403, "{e}");
    assert!(e["error"].as_str().unwrap().contains("CSRF"), "{e}");
    let (s, _) = post(
        &agent,
        &server,
        &path,
        &[json, ("X-CSRF-Token", "00")],
        good,
    );
    assert_eq!(s, 403);
    let t = ("X-CSRF-Token", token.as_str());
    let (s, e) = post(
        &agent,
        &server,
        &path,
        &[json, t, ("Origin", "http://evil.example")],
        good,
    );
    assert_eq!(s, 403);
    assert!(e["error"].as_str().unwrap().contains("cross-origin"), "{e}");
    let (s, _) = post(
        &agent,
        &server,
        &path,
        &[json, t, ("Sec-Fetch-Site", "cross-site")],
        good,
    );
    assert_eq!(s, 403);
    let (s, _) = post(
        &agent,
        &server,
        &path,
        &[json, t, ("Host", "evil.example")],
        good,
    );
    assert_eq!(s, 403, "DNS rebinding: a foreign Host is refused");

    // Too large: 413; not JSON: 415; bad JSON, bad decision, unknown field, bad wording: 400.
    let huge = format!(
        r#"{{"decision": "reject", "comment": "{}"}}"#,
        "ж".repeat(40_000)
    );
    let (s, e) = post(&agent, &server, &path, &[json, t], &huge);
    assert_eq!(s, 413, "{e}");
    let (s, _) = post(
        &agent,
        &server,
        &path,
        &[("Content-Type", "text/plain"), t],
        good,
    );
    assert_eq!(s, 415);
    for bad in [
        "{",
        r#"{"decision": "maybe"}"#,
        r#"{"decision": "accept", "who": "me"}"#,
        r#"{"decision": "accept", "wording": {"ru": {"no_such_column": "x"}}}"#,
        r#"{"decision": "accept", "wording": {"en": {}}}"#,
        r#"{"decision": "accept", "wording": "text"}"#,
    ] {
        let (s, e) = post(&agent, &server, &path, &[json, t], bad);
        assert_eq!(s, 400, "{bad}: {e}");
        assert!(e["error"].as_str().is_some_and(|m| !m.is_empty()), "{e}");
    }
    // Unknown finding and unknown route: 404 with a JSON error.
    let (s, e) = post(
        &agent,
        &server,
        "/api/findings/0000000000000000/decision",
        &[json, t],
        good,
    );
    assert_eq!(s, 404, "{e}");
    let (s, body) = get(&agent, &format!("{}api/findings/nope", server.url));
    assert_eq!(s, 404);
    assert!(body.contains("\"error\""));
    let (s, _) = get(&agent, &format!("{}api/nothing", server.url));
    assert_eq!(s, 404);
    assert!(
        ids(&agent, &server, "?status=undecided").len() == 2,
        "nothing refused was stored"
    );

    // A good decision, from the same origin: stored with the user and the time.
    let origin = format!("http://{}", server.host);
    let (s, v) = post(
        &agent,
        &server,
        &path,
        &[json, t, ("Origin", &origin)],
        good,
    );
    assert_eq!(s, 200, "{v}");
    assert_eq!(v["decision"]["decision"], "reject");
    assert_eq!(v["decision"]["comment"], "не услуга");
    assert_eq!(v["decision"]["user"], "aigerim");
    let at = v["decision"]["decided_at"].as_str().unwrap();
    assert!(at.len() == 20 && at.ends_with('Z'), "{at}");
    assert_eq!(v["history"].as_array().unwrap().len(), 1);
    // GET shows it, in the list and alone.
    let (_, body) = get(&agent, &format!("{}api/findings/{felling}", server.url));
    let one: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(one["decision"]["decision"], "reject");
    assert_eq!(one["needs_another_look"], false);
    assert_eq!(one["form_rows"].as_array().unwrap().len(), 2, "ru and kk");
    assert_eq!(
        ids(&agent, &server, "?status=reject"),
        vec![felling.clone()]
    );
    assert_eq!(
        ids(&agent, &server, "?status=undecided"),
        vec![replanting.clone()]
    );
    assert_eq!(
        ids(&agent, &server, "?q=ПЕРЕСАДКУ"),
        vec![replanting.clone()]
    );
    assert_eq!(ids(&agent, &server, "?kind=obsolete"), Vec::<String>::new());
    assert_eq!(ids(&agent, &server, "?lang=ru").len(), 2);
    assert_eq!(ids(&agent, &server, "?lang=kk").len(), 0);

    // A refresh of a changed corpus alongside: the felling act's quoted point changes, the
    // decision stays and is flagged for another look; the other finding is untouched.
    let changed = bylaw().replacen(
        "Местные исполнительные органы районов",
        "Местные исполнительные органы городов и районов",
        1,
    );
    std::fs::write(dir.join("corpus/bylaw_ru.txt"), changed).unwrap();
    refresh(dir);
    let (_, body) = get(&agent, &format!("{}api/findings/{felling}", server.url));
    let one: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(
        one["decision"]["decision"], "reject",
        "the decision is kept"
    );
    assert_eq!(one["decision"]["user"], "aigerim");
    assert_eq!(one["needs_another_look"], true, "{}", one["evidence"]);
    assert_eq!(ids(&agent, &server, "?status=stale"), vec![felling.clone()]);
    // The same corpus again: nothing changes for the decision.
    refresh(dir);
    assert_eq!(
        ids(&agent, &server, "?status=reject"),
        vec![felling.clone()]
    );
}

/// Reads the cells of the first sheet of an XLSX file.
fn xlsx_rows(path: &std::path::Path) -> Vec<Vec<String>> {
    let mut wb: Xlsx<_> = open_workbook(path).unwrap();
    let name = wb.sheet_names()[0].clone();
    let range = wb.worksheet_range(&name).unwrap();
    range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::String(s) => s.clone(),
                    Data::Empty => String::new(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

#[test]
fn forms_after_review_hold_only_the_accepted_findings_with_their_edited_wording() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    corpus(
        dir,
        &[
            ("bylaw_ru.txt", &bylaw()),
            ("bylaw2_ru.txt", &second_bylaw()),
        ],
    );
    refresh(dir);
    let server = Server::start(dir, "dias");
    let agent = http();
    let (_, body) = get(&agent, &format!("{}api/findings", server.url));
    let list: Value = serde_json::from_str(&body).unwrap();
    let felling = finding_of(&list, "вырубку")["id"]
        .as_str()
        .unwrap()
        .to_string();
    let replanting = finding_of(&list, "пересадку")["id"]
        .as_str()
        .unwrap()
        .to_string();
    let token = csrf_of(&get(&agent, &server.url).1);
    let h = [
        ("Content-Type", "application/json"),
        ("X-CSRF-Token", token.as_str()),
    ];

    // Accept the felling finding with edited names (a formula-looking Kazakh one), reject the
    // other.
    let accept = r#"{"decision": "accept", "comment": "ok",
        "wording": {"ru": {"name": "Выдача разрешения на вырубку зелёных насаждений"},
                    "kk": {"name": "=Ағаштарды кесуге рұқсат беру (түзетілді)"}}}"#;
    let (s, v) = post(
        &agent,
        &server,
        &format!("/api/findings/{felling}/decision"),
        &h,
        accept,
    );
    assert_eq!(s, 200, "{v}");
    assert_eq!(
        v["decision"]["wording"]["ru"]["name"],
        "Выдача разрешения на вырубку зелёных насаждений"
    );
    let (s, _) = post(
        &agent,
        &server,
        &format!("/api/findings/{replanting}/decision"),
        &h,
        r#"{"decision": "reject", "comment": "дубликат"}"#,
    );
    assert_eq!(s, 200);

    // The page's download and the CLI give the same CSV.
    let (s, page_csv) = get(&agent, &format!("{}export/app4_ru.csv", server.url));
    assert_eq!(s, 200);
    let out = tizilim(
        dir,
        &["forms", "--accepted", "--out", "reviewed", "--db", "t.db"],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let forms = dir.join("reviewed");
    let cli_csv = std::fs::read_to_string(forms.join("app4_ru.csv")).unwrap();
    assert_eq!(page_csv, cli_csv);
    let leftovers: Vec<_> = std::fs::read_dir(&forms)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains("partial"))
        .collect();
    assert!(leftovers.is_empty(), "files are written atomically");

    // XLSX, both languages: one data row, the accepted finding, with the edited name.
    for (lang, name) in [
        ("ru", "Выдача разрешения на вырубку зелёных насаждений"),
        ("kk", "=Ағаштарды кесуге рұқсат беру (түзетілді)"),
    ] {
        let rows = xlsx_rows(&forms.join(format!("app4_{lang}.xlsx")));
        let data: Vec<&Vec<String>> = rows
            .iter()
            .filter(|r| r.iter().any(|c| c == &felling || c == &replanting))
            .collect();
        assert_eq!(data.len(), 1, "{lang}: only the accepted finding");
        assert!(data[0].contains(&felling), "{lang}");
        assert!(data[0].iter().any(|c| c == name), "{lang}: {:?}", data[0]);
    }
    // CSV, both languages: the same, the formula neutralised.
    for (lang, name) in [
        (
            "ru",
            "Выдача разрешения на вырубку зелёных насаждений".to_string(),
        ),
        (
            "kk",
            "'=Ағаштарды кесуге рұқсат беру (түзетілді)".to_string(),
        ),
    ] {
        let text = std::fs::read_to_string(forms.join(format!("app4_{lang}.csv"))).unwrap();
        let records: Vec<csv::StringRecord> = csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(text.trim_start_matches('\u{feff}').as_bytes())
            .records()
            .map(|r| r.unwrap())
            .collect();
        let data: Vec<_> = records
            .iter()
            .filter(|r| r.iter().any(|c| c == felling || c == replanting))
            .collect();
        assert_eq!(data.len(), 1, "{lang}");
        assert_eq!(data[0].iter().next_back(), Some(felling.as_str()));
        assert!(data[0].iter().any(|c| c == name), "{lang}: {:?}", data[0]);
    }
    let json: Value =
        serde_json::from_str(&std::fs::read_to_string(forms.join("findings.json")).unwrap())
            .unwrap();
    assert_eq!(json.as_array().unwrap().len(), 1);

    // Needs work is not accepted: the forms are empty of rows again.
    let (s, _) = post(
        &agent,
        &server,
        &format!("/api/findings/{felling}/decision"),
        &h,
        r#"{"decision": "needs_work"}"#,
    );
    assert_eq!(s, 200);
    let out = tizilim(
        dir,
        &["forms", "--accepted", "--out", "again", "--db", "t.db"],
    );
    assert!(out.status.success());
    let text = std::fs::read_to_string(dir.join("again/app4_ru.csv")).unwrap();
    assert!(!text.contains(&felling) && !text.contains(&replanting));
    // Usage errors: no --accepted, no database.
    assert_eq!(
        tizilim(dir, &["forms", "--out", "x"]).status.code(),
        Some(2)
    );
    assert_eq!(
        tizilim(
            dir,
            &["forms", "--accepted", "--out", "x", "--db", "none.db"]
        )
        .status
        .code(),
        Some(2)
    );
}
