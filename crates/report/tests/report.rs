//! Act-version diffs and their printers: hand-made documents with each kind of change, pairs
//! that differ only in layout (no units), and escaping of hostile act text.

use serde_json::Value;
use tizilim_report::{self as report, act_diff, act_diff_trees, Diff, UnitChangeKind};
use tizilim_source::Format;
use tizilim_structure::{ActMeta, Document, Node, NodeKind};
use tizilim_text::{Language, Quality};

fn node(kind: NodeKind, path: &str, text: &str, children: Vec<Node>) -> Node {
    let number = path.rsplit(':').next().map(str::to_string);
    let mut n = Node::new(kind, path.to_string(), number, text.to_string());
    n.children = children;
    n
}

fn point(path: &str, text: &str) -> Node {
    node(NodeKind::Point, path, text, vec![])
}

fn doc(file: &str, language: Language, tree: Vec<Node>) -> Document {
    Document {
        file: file.to_string(),
        format: Format::Text,
        language,
        quality: Quality::default(),
        act: ActMeta::default(),
        tree,
        diagnostics: vec![],
    }
}

/// (path, change, old_path) of every unit change, in order.
fn changes(d: &report::ActDiff) -> Vec<(String, &'static str, Option<String>)> {
    d.units
        .iter()
        .map(|u| (u.path.clone(), u.change.as_str(), u.old_path.clone()))
        .collect()
}

fn c(
    path: &str,
    change: &'static str,
    old: Option<&str>,
) -> (String, &'static str, Option<String>) {
    (path.to_string(), change, old.map(str::to_string))
}

#[test]
fn each_change_kind_kk() {
    let old = doc(
        "old.txt",
        Language::Kk,
        vec![
            node(NodeKind::Preamble, "preamble", "БҰЙЫРАМЫН:", vec![]),
            point(
                "point:1",
                "Қазақстан Республикасының Цифрлық даму министрлігі",
            ),
            point("point:2", "көрсетілетін қызметтің мерзімі – 5 жұмыс күні"),
            point(
                "point:3",
                "Тізілім мемлекеттік және орыс тілдерінде жүргізіледі.",
            ),
            point("point:4", "Осы тармақ алынып тасталады."),
        ],
    );
    let new = doc(
        "new.txt",
        Language::Kk,
        vec![
            node(NodeKind::Preamble, "preamble", "**БҰЙЫРАМЫН:**", vec![]),
            // Layout only: a line break where the old text had a space, and a glued word.
            point(
                "point:1",
                "Қазақстан\nРеспубликасыныңЦифрлық даму министрлігі",
            ),
            point("point:2", "көрсетілетін қызметтің мерзімі – 3 жұмыс күні"),
            point(
                "point:5",
                "Тізілім мемлекеттік және орыс тілдерінде жүргізіледі.",
            ),
            point(
                "point:6",
                "Осы бұйрық алғашқы ресми жарияланған күнінен бастап қолданысқа енгізіледі.",
            ),
        ],
    );
    let d = act_diff(&old, &new);
    assert_eq!(
        changes(&d),
        vec![
            c("point:2", "changed", None),
            c("point:4", "removed", None),
            c("point:5", "moved", Some("point:3")),
            c("point:6", "added", None),
        ]
    );
    assert_eq!(d.unchanged, 2);
    let p2 = &d.units[0];
    assert_eq!(
        p2.old_text.as_deref(),
        Some("көрсетілетін қызметтің мерзімі – 5 жұмыс күні")
    );
    assert_eq!(
        p2.new_text.as_deref(),
        Some("көрсетілетін қызметтің мерзімі – 3 жұмыс күні")
    );
}

#[test]
fn each_change_kind_ru_nested() {
    let old = doc(
        "old.html",
        Language::Ru,
        vec![node(
            NodeKind::Appendix,
            "appendix:1",
            "Правила ведения реестра государственных услуг",
            vec![
                node(
                    NodeKind::Chapter,
                    "appendix:1/chapter:1",
                    "Глава 1. Общие положения",
                    vec![],
                ),
                node(
                    NodeKind::Point,
                    "appendix:1/point:2",
                    "В настоящих Правилах используются следующие понятия:",
                    vec![
                        node(
                            NodeKind::Subpoint,
                            "appendix:1/point:2/subpoint:1",
                            "услугополучатель – физические и юридические лица;",
                            vec![],
                        ),
                        node(
                            NodeKind::Subpoint,
                            "appendix:1/point:2/subpoint:2",
                            "услугодатель – центральные государственные органы;",
                            vec![],
                        ),
                    ],
                ),
            ],
        )],
    );
    let new = doc(
        "new.html",
        Language::Ru,
        vec![node(
            NodeKind::Appendix,
            "appendix:1",
            "Правила ведения реестра государственных услуг",
            vec![
                node(
                    NodeKind::Chapter,
                    "appendix:1/chapter:1",
                    "Глава 1. Общие положения",
                    vec![],
                ),
                node(
                    NodeKind::Point,
                    "appendix:1/point:2",
                    "В настоящих Правилах используются следующие понятия:",
                    vec![
                        node(
                            NodeKind::Subpoint,
                            "appendix:1/point:2/subpoint:1",
                            "услугополучатель – физические лица;",
                            vec![],
                        ),
                        node(
                            NodeKind::Subpoint,
                            "appendix:1/point:2/subpoint:2",
                            "услугодатель – центральные государственные органы;",
                            vec![],
                        ),
                        node(
                            NodeKind::Subpoint,
                            "appendix:1/point:2/subpoint:2-1",
                            "проактивная услуга – услуга по инициативе субъекта;",
                            vec![],
                        ),
                    ],
                ),
            ],
        )],
    );
    let d = act_diff(&old, &new);
    assert_eq!(
        changes(&d),
        vec![
            c("appendix:1/point:2/subpoint:1", "changed", None),
            c("appendix:1/point:2/subpoint:2-1", "added", None),
        ]
    );
    assert_eq!(d.unchanged, 4);
}

#[test]
fn normalisation_only_differences_give_no_units() {
    // (old, new) pairs of one unit's text that differ in layout only, in both languages.
    let pairs = [
        // glued at a dropped <br> / split at a line break
        ("Қазақстан Республикасының\nЦифрлық даму, инновациялар және\nаэроғарыш өнеркәсібі министрі", "Қазақстан РеспубликасыныңЦифрлық даму, инновациялар жәнеаэроғарыш өнеркәсібі министрі"),
        ("Министр цифрового\nразвития", "Министр цифровогоразвития"),
        // Latin look-alikes inside Cyrillic words
        ("Мемлекеттік кәсіпорындар", "Мемлекеттiк кәсiпорындар"),
        ("Республики Казахстан от 4 декабря", "Рeспублики Кaзaхстaн oт 4 дeкaбря"),
        // line breaks, repeated spaces, no-break spaces
        ("1. Осы бұйрық алғашқы ресми\nжарияланған күнінен бастап", "1.  Осы\u{a0}бұйрық алғашқы ресми жарияланған күнінен бастап"),
        // quotes and dashes
        ("«Әділет» ақпараттық-құқықтық жүйесі – деректер", "\"Әділет\" ақпараттық-құқықтық жүйесі - деректер"),
        ("приказ «Об утверждении Правил» — далее", "приказ \"Об утверждении Правил\" – далее"),
        // Markdown formatting
        ("Глава 1. Общие положения", "### **Глава 1. Общие положения**"),
        ("Б. Мусин", "*Б. Мусин*"),
    ];
    for (i, (a, b)) in pairs.iter().enumerate() {
        let path = format!("point:{}", i + 1);
        let old = doc("a.txt", Language::Kk, vec![point(&path, a)]);
        let new = doc("b.md", Language::Kk, vec![point(&path, b)]);
        let d = act_diff(&old, &new);
        assert!(d.units.is_empty(), "{a:?} vs {b:?}: {:?}", d.units);
        assert_eq!(d.unchanged, 1);
    }
}

#[test]
fn a_space_inside_a_phrase_is_wording() {
    // «өзгеде» / «өзге де» on one line: no layout explains it, so it is a change.
    let old = doc(
        "a.txt",
        Language::Kk,
        vec![point(
            "point:1",
            "Туризм саласындағы өзгеде мемлекеттік көрсетілетін қызметтер",
        )],
    );
    let new = doc(
        "b.txt",
        Language::Kk,
        vec![point(
            "point:1",
            "Туризм саласындағы өзге де мемлекеттік көрсетілетін қызметтер",
        )],
    );
    let d = act_diff(&old, &new);
    assert_eq!(changes(&d), vec![c("point:1", "changed", None)]);
    let words = report::word_diff(
        d.units[0].old_text.as_deref().unwrap_or_default(),
        d.units[0].new_text.as_deref().unwrap_or_default(),
    );
    let deleted: Vec<&str> = words
        .iter()
        .filter(|s| s.kind == report::SegmentKind::Delete)
        .map(|s| s.text.trim())
        .collect();
    let inserted: Vec<&str> = words
        .iter()
        .filter(|s| s.kind == report::SegmentKind::Insert)
        .map(|s| s.text.trim())
        .collect();
    assert_eq!(deleted, vec!["өзгеде"]);
    assert_eq!(inserted, vec!["өзге де"]);
}

#[test]
fn word_diff_ignores_look_alikes_and_marks_the_changed_word() {
    let segs = report::word_diff(
        "срок оказания услуги – 5 (пять) рабочих днeй",
        "срок оказания услуги — 3 (три) рабочих дней",
    );
    let ins: Vec<&str> = segs
        .iter()
        .filter(|s| s.kind == report::SegmentKind::Insert)
        .map(|s| s.text.trim())
        .collect();
    let del: Vec<&str> = segs
        .iter()
        .filter(|s| s.kind == report::SegmentKind::Delete)
        .map(|s| s.text.trim())
        .collect();
    assert_eq!(del, vec!["5 (пять)"]);
    assert_eq!(ins, vec!["3 (три)"]);
}

#[test]
fn tree_json_diff_matches_document_diff() {
    let old = doc(
        "a",
        Language::Ru,
        vec![point("point:1", "первый"), point("point:2", "второй пункт")],
    );
    let new = doc(
        "b",
        Language::Ru,
        vec![
            point("point:1", "первый изменён"),
            point("point:3", "третий"),
        ],
    );
    // The tree as the store keeps it: written and read back.
    let tree = |d: &Document| -> Vec<tizilim_structure::Node> {
        serde_json::from_str(&serde_json::to_string(&d.tree).unwrap()).unwrap()
    };
    assert_eq!(
        act_diff_trees(&tree(&old), &tree(&new)),
        act_diff(&old, &new)
    );
    assert_eq!(act_diff(&old, &new).units.len(), 3);
}

#[test]
fn table_nodes_compare_by_cells() {
    use tizilim_text::{Cell, Table};
    let table = |cells: &[&str]| {
        let mut n = node(NodeKind::Table, "appendix:4/table:1", "", vec![]);
        n.table = Some(Table {
            rows: vec![cells.iter().map(|c| Cell::new(*c)).collect()],
            bordered: true,
        });
        n
    };
    let old = doc(
        "a",
        Language::Kk,
        vec![node(
            NodeKind::Appendix,
            "appendix:4",
            "Сыныптауыш",
            vec![table(&["01001", "Туризм саласындағы өзгеде қызметтер"])],
        )],
    );
    let new = doc(
        "b",
        Language::Kk,
        vec![node(
            NodeKind::Appendix,
            "appendix:4",
            "Сыныптауыш",
            vec![table(&["01001", "Туризм саласындағы өзге де қызметтер"])],
        )],
    );
    let d = act_diff(&old, &new);
    assert_eq!(changes(&d), vec![c("appendix:4", "changed", None)]);
}

const SCRIPT: &str = "<script>alert(1)</script>";
const IMG: &str = "\"><img src=x onerror=alert(1)>";

fn hostile_diff() -> Diff {
    let old = doc(
        "old<b>.txt",
        Language::Ru,
        vec![
            point("point:1", &format!("Текст {SCRIPT} пункта")),
            point("point:2", "удалённый пункт"),
        ],
    );
    let new = doc(
        "new.txt",
        Language::Ru,
        vec![
            point("point:1", &format!("Текст {IMG} пункта")),
            point("point:3", &format!("новый {SCRIPT}")),
        ],
    );
    let finding = serde_json::json!({
        "kind": "hidden", "service": SCRIPT, "register_code": null, "field": null,
        "current": null, "proposed": IMG,
        "evidence": { "file": "new.txt", "path": "point:3", "quote": IMG },
        "confidence": 0.8, "form": "app4", "justification": SCRIPT, "id": "x1"
    });
    Diff::between_documents(&old, &new)
        .with_findings(vec![serde_json::from_value(finding).unwrap()], vec![])
}

#[test]
fn html_escapes_every_piece_of_act_text() {
    let html = report::render_html(&hostile_diff());
    assert!(!html.contains("<script"), "raw script tag in:\n{html}");
    assert!(!html.contains("<img"), "raw img tag in:\n{html}");
    assert!(!html.contains("old<b>"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(html.contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;"));
    // Self-contained: inline CSS, no external assets.
    assert!(html.contains("<style>"));
    assert!(
        !html.contains("<link") && !html.contains("src=\"http") && !html.contains("href=\"http")
    );
    // Summary first, then findings, then acts.
    let s = html.find("Summary").unwrap();
    let f = html.find("<h2>Findings").unwrap();
    let a = html.find("<h2>Acts").unwrap();
    assert!(s < f && f < a);
}

#[test]
fn markdown_escapes_html_and_markup() {
    let md = report::render_markdown(&hostile_diff());
    assert!(!md.contains("<script") && !md.contains("<img"), "{md}");
    assert!(md.contains("&lt;script&gt;"));

    // An evidence path with a backtick and a line break stays inside its code span and its item.
    let finding = serde_json::json!({
        "kind": "hidden", "service": "x", "register_code": null, "field": null,
        "current": null, "proposed": null,
        "evidence": { "file": "a.txt", "path": "point:1`\n# <b>heading</b>", "quote": "" },
        "confidence": 0.8, "form": "app4", "justification": "", "id": "x2"
    });
    let d = hostile_diff().with_findings(vec![serde_json::from_value(finding).unwrap()], vec![]);
    let md = report::render_markdown(&d);
    let line = md
        .lines()
        .find(|l| l.contains("evidence: a.txt"))
        .expect("evidence line");
    assert!(line.ends_with("`point:1' # <b>heading</b>`"), "{line}");
    assert!(!md.lines().any(|l| l.starts_with("# <b>")), "{md}");
}

#[test]
fn json_has_the_contract_shape() {
    let v: Value = serde_json::from_str(&report::render_json(&hostile_diff())).unwrap();
    assert_eq!(v["old"], "old<b>.txt");
    assert_eq!(v["new"], "new.txt");
    let units = v["units"].as_array().unwrap();
    let got: Vec<(&str, &str)> = units
        .iter()
        .map(|u| (u["path"].as_str().unwrap(), u["change"].as_str().unwrap()))
        .collect();
    assert_eq!(
        got,
        vec![
            ("point:1", "changed"),
            ("point:2", "removed"),
            ("point:3", "added")
        ]
    );
    for u in units {
        for k in ["path", "change", "old_text", "new_text"] {
            assert!(u.get(k).is_some(), "unit lacks {k}: {u}");
        }
    }
    assert_eq!(units[1]["new_text"], Value::Null);
    assert_eq!(units[2]["old_text"], Value::Null);
    // JSON carries the text as data, unescaped.
    assert_eq!(units[0]["old_text"], format!("Текст {SCRIPT} пункта"));
    assert_eq!(v["findings"]["added"].as_array().unwrap().len(), 1);
    assert!(v["findings"]["resolved"].as_array().unwrap().is_empty());
}

#[test]
fn identical_documents_make_an_empty_report() {
    let a = doc(
        "a",
        Language::Kk,
        vec![point(
            "point:1",
            "Тізілім мемлекеттік және орыс тілдерінде жүргізіледі.",
        )],
    );
    let d = Diff::between_documents(&a, &a.clone());
    assert!(d.is_empty());
    assert_eq!(d.unit_count(UnitChangeKind::Changed), 0);
}
