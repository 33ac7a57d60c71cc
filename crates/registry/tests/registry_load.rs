//! Loading the register from CSV, Excel and the register act's HTML page, and `registry check`.

use std::path::{Path, PathBuf};

use tizilim_lex::diag::Severity;
use tizilim_registry::{
    self as registry, check, Kind, Paid, RegisterError, RegisterFormat, ServiceForm, COLUMNS,
};

fn fixture(p: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(p)
}

#[test]
fn demo_register_loads_and_checks_clean() {
    let reg = registry::load(&fixture("../../corpus/registry.csv")).unwrap();
    assert_eq!(reg.format, RegisterFormat::Csv);
    assert_eq!(reg.entries.len(), 265);
    assert!(reg.diagnostics.is_empty(), "{:?}", reg.diagnostics);
    let e = &reg.entries[0];
    assert_eq!(e.row, 2);
    assert_eq!(e.code.as_deref(), Some("00201001"));
    assert_eq!(
        e.name_ru.as_deref(),
        Some("Аннулирование записей актов гражданского состояния")
    );
    assert_eq!(e.name_kk, None);
    let report = check(&fixture("../../corpus/registry.csv"));
    assert!(!report.has_errors(), "{report}");
    assert_eq!(report.count(Severity::Warning), 0, "{report}");
    assert_eq!(report.by_kind.get(&Kind::State), Some(&265));
    assert!(
        report.by_section.len() >= 20,
        "spread over the classification: {report}"
    );
    assert!(!report.by_section.contains_key(""), "every code valid");
    let text = report.to_string();
    assert!(
        text.contains("265 entries (csv)")
            && text.contains("    002 Регистрация физических лиц и граждан: "),
        "{text}"
    );
}

#[test]
fn codes_in_egov_slugs_are_kept() {
    // The catalogue's page slugs carry the real codes of some services (e.g. `..._00203002_mvd`).
    let reg = registry::load(&fixture("../../corpus/registry.csv")).unwrap();
    let code = |name: &str| {
        reg.entries
            .iter()
            .find(|e| e.name_ru.as_deref() == Some(name))
            .and_then(|e| e.code.clone())
    };
    assert_eq!(
        code("Разрешение иностранцам на временное проживание в РК").as_deref(),
        Some("00203002")
    );
    assert_eq!(code("Пособие многодетным").as_deref(), Some("00402014"));
    assert_eq!(code("Выдача дубликата ГРНЗ").as_deref(), Some("00501020"));
}

#[test]
fn every_problem_is_reported_with_its_row() {
    let report = check(&fixture("../../fixtures/registry/bad_register.csv"));
    assert!(report.has_errors());
    let at = |row: usize, needle: &str, sev: Severity| {
        assert!(
            report
                .problems
                .iter()
                .any(|p| p.row == row && p.severity == sev && p.message.contains(needle)),
            "row {row}: {needle:?} ({sev:?}) in\n{report}"
        );
    };
    at(3, "is not 8 digits", Severity::Error);
    at(4, "section 034 does not exist", Severity::Error);
    at(5, "subsection 00109 does not exist", Severity::Error);
    at(
        6,
        "duplicate code 00101001 (first at row 2)",
        Severity::Error,
    );
    at(7, "duplicate name_ru", Severity::Warning);
    at(8, "invalid kind \"public\"", Severity::Error);
    at(9, "invalid paid value \"yes\"", Severity::Error);
    at(10, "invalid form value \"fax\"", Severity::Error);
    at(11, "invalid recipients value \"citizens\"", Severity::Error);
    at(
        12,
        "bylaw_date \"30.03.2020\" is not YYYY-MM-DD",
        Severity::Error,
    );
    at(13, "no name", Severity::Error);
    at(
        14,
        "section 032 belongs to socially_significant services but kind is state",
        Severity::Error,
    );
    at(15, "ordinal 000", Severity::Error);
    at(16, "no code (a proposed entry)", Severity::Info);
    assert!(
        !report.problems.iter().any(|p| p.row == 2),
        "row 2 is valid: {report}"
    );
    let text = report.to_string();
    assert!(
        text.contains("row 4 [03401001]: error: section 034 does not exist"),
        "{text}"
    );
    // The valid row keeps its parsed values.
    let reg = registry::load(&fixture("../../fixtures/registry/bad_register.csv")).unwrap();
    let e = &reg.entries[0];
    assert_eq!(e.paid, Some(Paid::Paid));
    assert_eq!(
        e.form,
        vec![ServiceForm::Paper, ServiceForm::ElectronicPartial]
    );
    assert_eq!(e.bylaw_registration_number.as_deref(), Some("20192"));
}

#[test]
fn wrong_columns_name_the_file_and_the_missing_columns() {
    let path = fixture("../../fixtures/registry/wrong_columns.csv");
    let err = registry::load(&path).unwrap_err();
    assert!(
        matches!(&err, RegisterError::MissingColumns { missing, .. } if missing == &["code", "kind", "name_kk"])
    );
    let msg = err.to_string();
    assert!(
        msg.contains("wrong_columns.csv") && msg.contains("missing columns code, kind, name_kk"),
        "{msg}"
    );
    let report = check(&path);
    assert!(report.has_errors());
    assert!(report
        .to_string()
        .contains("missing columns code, kind, name_kk"));
    // An unreadable path is an error too, naming the file.
    let report = check(&fixture("../../fixtures/registry/no_such_file.csv"));
    assert!(report.has_errors() && report.to_string().contains("no_such_file.csv"));
}

#[test]
fn excel_workbook_with_the_same_columns() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("register.bin"); // the name says nothing: the bytes do
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    sheet
        .write_string(0, 0, "Реестр (title row above the header)")
        .unwrap();
    for (c, name) in COLUMNS.iter().enumerate() {
        sheet.write_string(1, c as u16, *name).unwrap();
    }
    let col = |n: &str| COLUMNS.iter().position(|c| *c == n).unwrap() as u16;
    sheet.write_string(2, col("code"), "00101001").unwrap();
    sheet.write_string(2, col("kind"), "state").unwrap();
    sheet
        .write_string(2, col("name_ru"), "Выдача удостоверения личности")
        .unwrap();
    sheet
        .write_string(2, col("name_kk"), "Жеке куәлік беру")
        .unwrap();
    sheet.write_string(2, col("form"), "paper").unwrap();
    sheet
        .write_number(2, col("bylaw_registration_number"), 20192.0)
        .unwrap();
    let date = rust_xlsxwriter::ExcelDateTime::from_ymd(2020, 3, 30).unwrap();
    let fmt = rust_xlsxwriter::Format::new().set_num_format("dd.mm.yyyy");
    sheet
        .write_datetime_with_format(2, col("bylaw_date"), &date, &fmt)
        .unwrap();
    sheet.write_string(3, col("code"), "03301001").unwrap();
    sheet
        .write_string(3, col("kind"), "socially_significant")
        .unwrap();
    sheet
        .write_string(3, col("name_ru"), "Перевозка пассажиров")
        .unwrap();
    book.save(&path).unwrap();

    let reg = registry::load(&path).unwrap();
    assert_eq!(reg.format, RegisterFormat::Excel);
    assert_eq!(reg.entries.len(), 2);
    let e = &reg.entries[0];
    assert_eq!(e.row, 3);
    assert_eq!(e.name_kk.as_deref(), Some("Жеке куәлік беру"));
    assert_eq!(e.bylaw_registration_number.as_deref(), Some("20192"));
    assert_eq!(e.bylaw_date.as_deref(), Some("2020-03-30"));
    assert_eq!(e.form, vec![ServiceForm::Paper]);
    assert_eq!(reg.entries[1].kind, Kind::SociallySignificant);
    assert!(!check(&path).has_errors(), "{}", check(&path));
}

#[test]
fn register_act_html_ru_and_kk() {
    let reg = registry::load(&fixture("../../fixtures/registry/register_act_ru.html")).unwrap();
    assert_eq!(reg.format, RegisterFormat::Html);
    type Row<'a> = (Option<&'a str>, Kind, Option<&'a str>, Option<&'a str>);
    let got: Vec<Row<'_>> = reg
        .entries
        .iter()
        .map(|e| {
            (
                e.code.as_deref(),
                e.kind,
                e.name_ru.as_deref(),
                e.subtype_ru.as_deref(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            (
                Some("00101001"),
                Kind::State,
                Some("Выдача удостоверения личности гражданина Республики Казахстан"),
                Some("при достижении 16-летнего возраста")
            ),
            (
                Some("00101001"),
                Kind::State,
                Some("Выдача удостоверения личности гражданина Республики Казахстан"),
                Some("при утере")
            ),
            (
                Some("00101002"),
                Kind::State,
                Some("Выдача паспорта гражданина Республики Казахстан"),
                None
            ),
            (
                Some("03301001"),
                Kind::SociallySignificant,
                Some("Перевозка пассажиров по социально значимым сообщениям"),
                None
            ),
        ]
    );
    let e = &reg.entries[0];
    assert_eq!(
        e.ministry_ru.as_deref(),
        Some("Министерство внутренних дел Республики Казахстан")
    );
    assert_eq!(e.bylaw_registration_number.as_deref(), Some("20192"));
    assert!(e
        .bylaw_title_ru
        .as_deref()
        .unwrap()
        .contains("Об утверждении Правил оказания"));
    assert_eq!(reg.entries[2].bylaw_registration_number, None);
    let report = registry::check_register(&reg);
    assert!(
        !report.has_errors(),
        "subtypes of one code are not duplicates: {report}"
    );

    let kk = registry::load(&fixture("../../fixtures/registry/register_act_kk.html")).unwrap();
    let got: Vec<(Option<&str>, Kind, Option<&str>)> = kk
        .entries
        .iter()
        .map(|e| (e.code.as_deref(), e.kind, e.name_kk.as_deref()))
        .collect();
    assert_eq!(
        got,
        vec![
            (
                Some("00101001"),
                Kind::State,
                Some("Қазақстан Республикасы азаматының жеке куәлігін беру")
            ),
            (
                Some("03301001"),
                Kind::SociallySignificant,
                Some("Әлеуметтік маңызы бар қатынастар бойынша жолаушыларды тасымалдау")
            ),
        ]
    );
    assert_eq!(
        kk.entries[0].bylaw_registration_number.as_deref(),
        Some("20192")
    );
    assert_eq!(
        kk.entries[0].ministry_kk.as_deref(),
        Some("Қазақстан Республикасы Ішкі істер министрлігі")
    );
    assert!(kk.entries.iter().all(|e| e.name_ru.is_none()));
}

#[test]
fn format_comes_from_the_bytes() {
    let html = std::fs::read(fixture("../../fixtures/registry/register_act_ru.html")).unwrap();
    let reg = registry::load_bytes(Path::new("register.csv"), &html).unwrap();
    assert_eq!(reg.format, RegisterFormat::Html);
    let csv = std::fs::read(fixture("../../fixtures/scenarios/register.csv")).unwrap();
    let reg = registry::load_bytes(Path::new("register.html"), &csv).unwrap();
    assert_eq!(reg.format, RegisterFormat::Csv);
    assert_eq!(reg.entries.len(), 6);
    // windows-1251 CSV decodes.
    let text = String::from_utf8(csv).unwrap();
    let ru_only: String = text
        .chars()
        .map(|c| {
            if "әқғүұңөһіӘҚҒҮҰҢӨҺІ".contains(c) {
                '?'
            } else {
                c
            }
        })
        .collect();
    let (cp, _, _) = encoding_rs::WINDOWS_1251.encode(&ru_only);
    let reg = registry::load_bytes(Path::new("cp1251.csv"), &cp).unwrap();
    assert_eq!(
        reg.entries[0].name_ru.as_deref(),
        Some("Выдача архитектурно-планировочного задания")
    );
    // Not a register at all.
    assert!(matches!(
        registry::load_bytes(Path::new("x.csv"), b"   \n"),
        Err(RegisterError::Unreadable { .. })
    ));
    assert!(registry::load_bytes(Path::new("x.bin"), &[0u8, 1, 2, 3, 0, 0]).is_err());
    let no_table = b"<html><body><p>no table</p></body></html>";
    let err = registry::load_bytes(Path::new("page.html"), no_table).unwrap_err();
    assert!(err.to_string().contains("page.html") && err.to_string().contains("no register table"));
}
