//! The refresh and run-diff job end to end on real acts, through the command line an analyst uses:
//! a corpus of the three adilet pages and the illustrative Russian by-law; then one act changes
//! (a word in a point), one is added (the Kazakh version of the by-law), one is deleted; the run
//! diff says exactly that, and a third refresh with no change processes no act.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn tizilim(dir: &Path, args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_tizilim"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "tizilim {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Runs a refresh and returns its JSON summary (the last line of stdout).
fn refresh(dir: &Path) -> Value {
    let registry = root().join("corpus/registry.csv");
    let out = tizilim(
        dir,
        &[
            "refresh",
            "--corpus",
            "corpus",
            "--registry",
            registry.to_str().unwrap(),
            "--db",
            "t.db",
            "--out",
            "out",
            "--jobs",
            "2",
            "--json",
        ],
    );
    serde_json::from_str(out.lines().last().unwrap_or_default()).unwrap()
}

fn acts(summary: &Value) -> [u64; 5] {
    let a = &summary["acts"];
    ["new", "changed", "unchanged", "removed", "failed"].map(|k| a[k].as_u64().unwrap())
}

fn files(list: &Value) -> Vec<&str> {
    let mut v: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["file"].as_str().unwrap())
        .collect();
    v.sort_unstable();
    v
}

#[test]
fn change_add_delete_on_real_acts_and_the_run_diff() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let corpus = dir.join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    for f in [
        "kaz_V1500010124.html",
        "kaz_V2100022243.html",
        "rus_V2500037538.html",
    ] {
        std::fs::copy(root().join("corpus").join(f), corpus.join(f)).unwrap();
    }
    let bylaw_ru =
        std::fs::read_to_string(root().join("corpus/illustrative/bylaw_ru.txt")).unwrap();
    std::fs::write(corpus.join("bylaw_ru.txt"), &bylaw_ru).unwrap();

    let first = refresh(dir);
    assert_eq!(acts(&first), [4, 0, 0, 0, 0], "{first}");
    let hidden_before = first["findings"]["total"].as_u64().unwrap();
    assert!(
        hidden_before >= 1,
        "the by-law's service is not in the demo register"
    );

    // Change one word of one point, add the Kazakh version, delete one act.
    let old = "Контроль за исполнением";
    assert!(bylaw_ru.contains(old));
    std::fs::write(
        corpus.join("bylaw_ru.txt"),
        bylaw_ru.replacen(old, "Контроль за неукоснительным исполнением", 1),
    )
    .unwrap();
    std::fs::copy(
        root().join("corpus/illustrative/bylaw_kk.txt"),
        corpus.join("bylaw_kk.txt"),
    )
    .unwrap();
    std::fs::remove_file(corpus.join("kaz_V1500010124.html")).unwrap();

    let second = refresh(dir);
    assert_eq!(acts(&second), [1, 1, 2, 1, 0], "{second}");

    let diff: Value = serde_json::from_str(&tizilim(
        dir,
        &["diff", "prev", "last", "--db", "t.db", "--format", "json"],
    ))
    .unwrap();
    assert_eq!(diff["old"], "run:1");
    assert_eq!(diff["new"], "run:2");
    assert_eq!(files(&diff["acts"]["added"]), ["bylaw_kk.txt"]);
    assert_eq!(files(&diff["acts"]["changed"]), ["bylaw_ru.txt"]);
    assert_eq!(files(&diff["acts"]["removed"]), ["kaz_V1500010124.html"]);
    assert_eq!(files(&diff["acts"]["repealed"]), Vec::<&str>::new());
    // Exactly the changed point, with the changed wording.
    let units = diff["units"].as_array().unwrap();
    assert_eq!(units.len(), 1, "{units:#?}");
    assert_eq!(units[0]["file"], "bylaw_ru.txt");
    assert_eq!(units[0]["path"], "point:3");
    assert_eq!(units[0]["change"], "changed");
    assert!(units[0]["new_text"]
        .as_str()
        .unwrap()
        .contains("неукоснительным"));
    // The hidden service is the same finding; its Kazakh name joined it.
    assert_eq!(
        diff["findings"]["added"].as_array().unwrap().len(),
        0,
        "{diff:#}"
    );
    assert_eq!(diff["findings"]["resolved"].as_array().unwrap().len(), 0);
    let changed = diff["findings"]["changed"].as_array().unwrap();
    assert_eq!(changed.len(), 1, "{changed:#?}");
    assert_eq!(changed[0]["old"]["details"]["name_kk"], Value::Null);
    assert_eq!(
        changed[0]["new"]["details"]["name_kk"],
        "Ағаштарды кесуге рұқсат беру"
    );
    assert_eq!(changed[0]["new"]["id"], changed[0]["old"]["id"]);
    assert_eq!(diff["register"]["changed"], false);

    // The Markdown and HTML reports of the same diff say the same, summary first.
    let md = tizilim(
        dir,
        &["diff", "prev", "last", "--db", "t.db", "--format", "md"],
    );
    let summary_at = md.find("Summary").unwrap();
    let act_at = md.find("Об утверждении Правил").unwrap();
    assert!(summary_at < act_at, "{md}");
    assert!(md.contains("неукоснительным"));
    let run2 = std::fs::read_to_string(dir.join("out/run-2/report.html")).unwrap();
    assert!(run2.contains("kaz_V1500010124.html") && run2.contains("bylaw_kk.txt"));

    let third = refresh(dir);
    assert_eq!(acts(&third), [0, 0, 4, 0, 0], "{third}");
    assert_eq!(third["findings"]["new"], 0);
    assert_eq!(third["findings"]["resolved"], 0);
}
