//! Proposal forms: written to a temp dir for hand-made findings, read back with calamine and checked
//! against the wording and layout of the 2025 Rules (Appendices 3–6), in Russian and Kazakh.

use std::path::Path;

use calamine::{open_workbook, Data, Dimensions, Range, Reader, Xlsx};
use tizilim_findings::{Evidence, Field, Finding, FindingKind, FormId, ServiceDetails};
use tizilim_forms::{self as forms, Lang};

fn finding(kind: FindingKind, form: FormId, id: &str, service: &str) -> Finding {
    Finding {
        kind,
        register_code: None,
        service: service.to_string(),
        field: None,
        current: None,
        proposed: None,
        evidence: Evidence {
            file: "acts/order.html".to_string(),
            path: "appendix:1/point:3".to_string(),
            quote: format!("quote of {id}"),
        },
        confidence: 0.8,
        form,
        justification: String::new(),
        details: None,
        id: id.to_string(),
    }
}

/// A scenario with all three kinds: a changed term, an obsolete entry, a hidden service.
fn scenario() -> Vec<Finding> {
    let mut changed = finding(
        FindingKind::Changed,
        FormId::App3,
        "f-changed",
        "Выдача справки о регистрации",
    );
    changed.register_code = Some("00101001".into());
    changed.field = Some(Field::Term);
    changed.current = Some("5 (пять) рабочих дней".into());
    changed.proposed = Some("3 (три) рабочих дня".into());
    changed.justification = "приказ Министра от 1 марта 2025 года № 10, пункт 2".into();

    let mut obsolete = finding(
        FindingKind::Obsolete,
        FormId::App3,
        "f-obsolete",
        "Выдача лицензии на деятельность",
    );
    obsolete.register_code = Some("00202002".into());
    obsolete.justification = "приказ Министра от 2 апреля 2025 года № 11, пункт 1".into();

    let mut hidden = finding(
        FindingKind::Hidden,
        FormId::App4,
        "f-hidden",
        "Выдача разрешения на размещение",
    );
    hidden.justification = "приказ Министра от 3 мая 2025 года № 12, пункт 5".into();
    hidden.details = Some(ServiceDetails {
        name_ru: Some("Выдача разрешения на размещение".into()),
        name_kk: Some("Орналастыруға рұқсат беру".into()),
        subtype: None,
        recipients: Some("individual;legal".into()),
        ministry: Some("Министерство торговли".into()),
        provider: Some("местные исполнительные органы".into()),
        intake: Some("Государственная корпорация".into()),
        paid: Some("paid".into()),
        fee_basis: Some("Налоговый кодекс, статья 553".into()),
        fee_amount: Some("1 МРП".into()),
        result_form: Some("электронная".into()),
        term: Some("5 рабочих дней".into()),
        info_system: None,
        documents: Some("заявление; копия документа".into()),
    });
    vec![changed, obsolete, hidden]
}

struct Book {
    wb: Xlsx<std::io::BufReader<std::fs::File>>,
}

impl Book {
    fn open(path: &Path) -> Book {
        Book {
            wb: open_workbook(path).unwrap_or_else(|e| panic!("{}: {e}", path.display())),
        }
    }
    fn sheet_names(&self) -> Vec<String> {
        self.wb.sheet_names().to_vec()
    }
    fn range(&mut self, sheet: &str) -> Range<Data> {
        self.wb.worksheet_range(sheet).unwrap()
    }
    fn merged(&mut self, sheet: &str) -> Vec<Dimensions> {
        self.wb.worksheet_merge_cells(sheet).unwrap().unwrap()
    }
    fn formulas(&mut self, sheet: &str) -> usize {
        let f = self.wb.worksheet_formula(sheet).unwrap();
        f.used_cells().filter(|(_, _, s)| !s.is_empty()).count()
    }
}

fn text(range: &Range<Data>, row: u32, col: u32) -> String {
    match range.get_value((row, col)) {
        None | Some(Data::Empty) => String::new(),
        Some(Data::String(s)) => s.clone(),
        Some(Data::Float(f)) => format!("{f}"),
        Some(other) => format!("{other:?}"),
    }
}

fn row(range: &Range<Data>, r: u32, cols: u32) -> Vec<String> {
    (0..cols).map(|c| text(range, r, c)).collect()
}

fn numbers(n: u32) -> Vec<String> {
    (1..=n).map(|i| i.to_string()).collect()
}

fn dims(r1: u32, c1: u32, r2: u32, c2: u32) -> Dimensions {
    Dimensions::new((r1, c1), (r2, c2))
}

const APP3_RU: [&str; 5] = [
    "№ п/п",
    "Структурный элемент",
    "Действующая редакция",
    "Предлагаемая редакция",
    "Обоснование (ссылка на нормативный правовой акт и (или) поручение Правительства Республики Казахстан (при наличии)",
];
const APP3_KK: [&str; 5] = [
    "Р/с №",
    "Құрылымдық элемент",
    "Қолданыстағы редакция",
    "Ұсынылып отырған редакция",
    "Негіздеме (нормативтік құқықтық актіге және (немесе) Қазақстан Республикасы Үкіметінің тапсырмасына сілтеме (болған жағдайда)",
];

/// App4 header: row 0 (13 texts spanning both rows, with «в том числе:» at column 9), row 1 (9, 10).
const APP4_RU_TOP: [&str; 15] = [
    "Код государственной услуги",
    "Наименование государственной услуги",
    "Наименование подвида государственной услуги",
    "Категория услугополучателей",
    "Наименование центрального государственного органа, разрабатывающего подзаконный нормативный правовой акт, определяющий порядок оказания государственной услуги",
    "Наименование услугодателя",
    "Организации, осуществляющие прием заявлений и выдачу оформленных документов (на каждый подвид государственной услуги)",
    "Платность (на каждый подвид государственной услуги)",
    "в том числе:",
    "",
    "Форма результата оказания государственной услуги (на каждый подвид государственной услуги)",
    "Срок оказания гос услуги",
    "Информационная система услугодателя (для оказания услуги)",
    "Порядок оказания государственной услуги (перечень документов)",
    "Основание для внесения дополнений в реестр (ссылка на нормативный правовой акт и (или) поручение Правительства Республики Казахстан (при наличии)",
];
const APP4_KK_TOP: [&str; 15] = [
    "Мемлекеттік көрсетілетін қызметтің коды",
    "Мемлекеттік көрсетілетін қызметтің атауы",
    "Мемлекеттік көрсетілетін қызметтің кіші түрінің атауы",
    "Көрсетілетін қызметті алушылардың санаты",
    "Мемлекеттік қызметтерді көрсету тәртібін айқындайтын заңға тәуелді нормативтік құқықтық актіні әзірлейтін орталық мемлекеттік органның атауы",
    "Көрсетілетін қызметті берушінің атауы",
    "Өтініштерді қабылдауды және ресімделген құжаттарды беруді жүзеге асыратын ұйымдар",
    "Ақылы болуы",
    "оның ішінде:",
    "",
    "Мемлекеттік көрсетілетін қызметті көрсету нәтижелерінің нысаны",
    "Мемлекеттік қызметті көрсету мерзімі",
    "Көрсетілетін қызметті берушінің ақпараттық жүйесі",
    "Мемлекеттік көрсетілетін қызметті көрсету тәртібі (құжаттар тізбесі)",
    "Тізілімге толықтырулар енгізу негіздемесі (нормативтік құқықтық актіге және (немесе) Қазақстан Республикасы Үкіметінің тапсырмасына сілтеме (болған жағдайда)",
];

struct Expect {
    sheet: &'static str,
    evidence_sheet: &'static str,
    note: &'static str,
    form_word: &'static str,
    title: &'static str,
}

fn expect(form: u8, lang: Lang) -> Expect {
    match (form, lang) {
        (3, Lang::Ru) => Expect {
            sheet: "Приложение 3",
            evidence_sheet: "Обоснования",
            note: "Приложение 3 к Правилам ведения реестра государственных услуг",
            form_word: "Форма",
            title: "Форма предложений по внесению изменений в реестр государственных услуг",
        },
        (3, Lang::Kk) => Expect {
            sheet: "3-қосымша",
            evidence_sheet: "Негіздемелер",
            note: "Мемлекеттік көрсетілетін қызметтер тізілімін жүргізу қағидаларына 3-қосымша",
            form_word: "Нысан",
            title: "Мемлекеттік көрсетілетін қызметтер тізіліміне өзгерістер енгізу жөніндегі ұсыныстар нысаны",
        },
        (4, Lang::Ru) => Expect {
            sheet: "Приложение 4",
            evidence_sheet: "Обоснования",
            note: "Приложение 4 к Правилам ведения реестра государственных услуг",
            form_word: "Форма",
            title: "Форма сведений по внесению дополнений в реестр государственных услуг",
        },
        (4, Lang::Kk) => Expect {
            sheet: "4-қосымша",
            evidence_sheet: "Негіздемелер",
            note: "Мемлекеттік көрсетілетін қызметтер тізілімін жүргізу қағидаларына 4-қосымша",
            form_word: "Нысан",
            title: "Мемлекеттік көрсетілетін қызметтер тізіліміне толықтырулар енгізу жөніндегі мәліметтер нысаны",
        },
        _ => unreachable!(),
    }
}

/// The note and the form word (top right: the only texts of rows 0 and 1, in the right half, merged
/// up to the last column) and the title (row 3, merged over all `ncols` columns).
fn check_top(range: &Range<Data>, merged: &[Dimensions], e: &Expect, ncols: u32) {
    let note_col = (0..ncols)
        .find(|&c| !text(range, 0, c).is_empty())
        .expect("appendix note in row 0");
    assert!(note_col >= ncols / 2, "note starts at column {note_col}");
    if note_col < ncols - 1 {
        assert!(
            merged.contains(&dims(0, note_col, 0, ncols - 1)),
            "{merged:?}"
        );
        assert!(
            merged.contains(&dims(1, note_col, 1, ncols - 1)),
            "{merged:?}"
        );
    }
    assert!(merged.contains(&dims(3, 0, 3, ncols - 1)), "{merged:?}");
    assert_eq!(text(range, 0, note_col).replace('\n', " "), e.note);
    assert_eq!(text(range, 1, note_col), e.form_word);
    assert_eq!(text(range, 3, 0), e.title);
}

#[test]
fn forms_for_all_three_kinds_read_back_in_both_languages() {
    let dir = tempfile::tempdir().unwrap();
    let written = forms::write_all(&scenario(), dir.path()).unwrap();
    let names: Vec<String> = written
        .iter()
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        [
            "app3_ru.xlsx",
            "app3_ru.csv",
            "app3_kk.xlsx",
            "app3_kk.csv",
            "app4_ru.xlsx",
            "app4_ru.csv",
            "app4_kk.xlsx",
            "app4_kk.csv",
            "findings.json"
        ]
    );
    // No socially significant finding: no Appendix 5/6 files.
    assert!(!dir.path().join("app5_ru.xlsx").exists());
    assert!(!dir.path().join("app6_kk.csv").exists());

    for lang in Lang::ALL {
        // Appendix 3: one header row, numbers 1..5, the changed row then the obsolete row.
        let mut book = Book::open(&dir.path().join(format!("app3_{}.xlsx", lang.as_str())));
        let e = expect(3, lang);
        assert_eq!(book.sheet_names(), [e.sheet, e.evidence_sheet]);
        let r = book.range(e.sheet);
        check_top(&r, &book.merged(e.sheet), &e, 5);
        let headers = match lang {
            Lang::Ru => APP3_RU,
            Lang::Kk => APP3_KK,
        };
        assert_eq!(row(&r, 5, 5), headers);
        assert_eq!(text(&r, 5, 5), "ID");
        assert_eq!(row(&r, 6, 5), numbers(5));
        let (term, exclude) = match lang {
            Lang::Ru => ("срок оказания", "Исключить"),
            Lang::Kk => ("көрсету мерзімі", "Алып тастау"),
        };
        assert_eq!(
            row(&r, 7, 6),
            [
                "1",
                &format!("00101001 «Выдача справки о регистрации» — {term}"),
                "5 (пять) рабочих дней",
                "3 (три) рабочих дня",
                "приказ Министра от 1 марта 2025 года № 10, пункт 2",
                "f-changed",
            ]
        );
        assert_eq!(
            row(&r, 8, 6),
            [
                "2",
                "00202002 «Выдача лицензии на деятельность»",
                "Выдача лицензии на деятельность",
                exclude,
                "приказ Министра от 2 апреля 2025 года № 11, пункт 1",
                "f-obsolete",
            ]
        );
        assert_eq!(text(&r, 9, 0), "", "only two rows in Appendix 3");
        let merged = book.merged(e.sheet);
        assert!(merged.contains(&dims(3, 0, 3, 4)), "{merged:?}");
        assert_eq!(book.formulas(e.sheet), 0);

        // Evidence sheet.
        let ev = book.range(e.evidence_sheet);
        let ev_head = match lang {
            Lang::Ru => [
                "ID",
                "Файл",
                "Структурный элемент акта",
                "Цитата",
                "Уверенность",
            ],
            Lang::Kk => [
                "ID",
                "Файл",
                "Актінің құрылымдық элементі",
                "Дәйексөз",
                "Сенімділік",
            ],
        };
        assert_eq!(row(&ev, 0, 5), ev_head);
        assert_eq!(
            row(&ev, 1, 5),
            [
                "f-changed",
                "acts/order.html",
                "appendix:1/point:3",
                "quote of f-changed",
                "0.8"
            ]
        );
        assert_eq!(text(&ev, 2, 0), "f-obsolete");

        // Appendix 4: two-level header, numbers 1..15, the hidden service.
        let mut book = Book::open(&dir.path().join(format!("app4_{}.xlsx", lang.as_str())));
        let e = expect(4, lang);
        let r = book.range(e.sheet);
        check_top(&r, &book.merged(e.sheet), &e, 15);
        let top = match lang {
            Lang::Ru => APP4_RU_TOP,
            Lang::Kk => APP4_KK_TOP,
        };
        assert_eq!(row(&r, 5, 15), top);
        let lower = match lang {
            Lang::Ru => ["Правовое основание", "размер платы"],
            Lang::Kk => ["Құқықтық негіздеме", "төлем мөлшері"],
        };
        assert_eq!([text(&r, 6, 8), text(&r, 6, 9)], lower);
        assert_eq!(row(&r, 7, 15), numbers(15));
        let merged = book.merged(e.sheet);
        assert!(merged.contains(&dims(3, 0, 3, 14)), "title: {merged:?}");
        assert!(
            merged.contains(&dims(5, 8, 5, 9)),
            "в том числе: {merged:?}"
        );
        for c in (0..8).chain(10..15) {
            assert!(merged.contains(&dims(5, c, 6, c)), "column {c}: {merged:?}");
        }
        assert!(
            !merged.iter().any(|d| d.start.0 == 6),
            "no merge starts in the lower row"
        );
        let expected: [&str; 16] = match lang {
            Lang::Ru => [
                "",
                "Выдача разрешения на размещение",
                "",
                "физические лица, юридические лица",
                "Министерство торговли",
                "местные исполнительные органы",
                "Государственная корпорация",
                "платно",
                "Налоговый кодекс, статья 553",
                "1 МРП",
                "электронная",
                "5 рабочих дней",
                "",
                "заявление; копия документа",
                "приказ Министра от 3 мая 2025 года № 12, пункт 5",
                "f-hidden",
            ],
            Lang::Kk => [
                "",
                "Орналастыруға рұқсат беру",
                "",
                "жеке тұлғалар, заңды тұлғалар",
                "Министерство торговли",
                "местные исполнительные органы",
                "Государственная корпорация",
                "ақылы",
                "Налоговый кодекс, статья 553",
                "1 МРП",
                "электронная",
                "5 рабочих дней",
                "",
                "заявление; копия документа",
                "приказ Министра от 3 мая 2025 года № 12, пункт 5",
                "f-hidden",
            ],
        };
        assert_eq!(row(&r, 8, 16), expected);
        assert_eq!(book.formulas(e.sheet), 0);

        // CSV: BOM, flattened header, numbers, one data row.
        let csv = std::fs::read_to_string(dir.path().join(format!("app4_{}.csv", lang.as_str())))
            .unwrap();
        assert!(csv.starts_with('\u{feff}'));
        let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').split("\r\n").collect();
        let group = if lang == Lang::Ru {
            "в том числе:"
        } else {
            "оның ішінде:"
        };
        assert!(
            lines[0].contains(&format!(",{group} {},", lower[0])),
            "{}",
            lines[0]
        );
        assert!(lines[0].ends_with(",ID"));
        assert_eq!(lines[1], "1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,");
        assert!(lines[2].ends_with(",f-hidden"), "{}", lines[2]);
        assert_eq!(lines[3], "");
    }

    // findings.json: the findings array.
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("findings.json")).unwrap()).unwrap();
    let arr = json.as_array().unwrap();
    assert_eq!(arr.len(), 3);
    assert_eq!(arr[0]["kind"], "changed");
    assert_eq!(arr[2]["form"], "app4");
}

#[test]
fn empty_run_still_writes_the_blank_app3_and_app4_templates() {
    let dir = tempfile::tempdir().unwrap();
    let written = forms::write_all(&[], dir.path()).unwrap();
    assert_eq!(written.len(), 9);
    let mut book = Book::open(&dir.path().join("app4_kk.xlsx"));
    let r = book.range("4-қосымша");
    assert_eq!(row(&r, 7, 15), numbers(15));
    assert_eq!(text(&r, 8, 0), "");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("findings.json"))
            .unwrap()
            .trim(),
        "[]"
    );
}

#[test]
fn socially_significant_findings_go_to_appendices_5_and_6() {
    let mut changed = finding(
        FindingKind::Changed,
        FormId::App5,
        "s-changed",
        "Услуга связи",
    );
    changed.field = Some(Field::Provider);
    changed.current = Some("оператор А".into());
    changed.proposed = Some("оператор Б".into());
    let mut hidden = finding(
        FindingKind::Hidden,
        FormId::App6,
        "s-hidden",
        "Перевозка пассажиров",
    );
    hidden.details = Some(ServiceDetails {
        provider: Some("перевозчики".into()),
        ..ServiceDetails::default()
    });
    let mut all = scenario();
    all.extend([changed, hidden]);
    let dir = tempfile::tempdir().unwrap();
    let written = forms::write_all(&all, dir.path()).unwrap();
    assert_eq!(written.len(), 17);

    let cases = [
        (
            Lang::Ru,
            "Приложение 5",
            "Приложение 6",
            "Форма предложений по общественно значимой услуге для внесения изменений в реестр государственных услуг",
            ["Код общественно значимой услуги", "Наименование общественно значимой услуги", "Наименование подвида общественно значимой услуги", "Услугодатель"],
            "«Услуга связи» — услугодатель",
        ),
        (
            Lang::Kk,
            "5-қосымша",
            "6-қосымша",
            "Мемлекеттік көрсетілетін қызметтер тізіліміне өзгерістер енгізу үшін қоғамдық маңызы бар көрсетілетін қызмет бойынша ұсыныстар нысаны",
            ["Қоғамдық маңызы бар көрсетілетін қызметтің коды", "Қоғамдық маңызы бар көрсетілетін қызметтің атауы", "Қоғамдық маңызы бар көрсетілетін қызметтің кіші түрінің атауы", "Көрсетілетін қызметті беруші"],
            "«Услуга связи» — көрсетілетін қызметті беруші",
        ),
    ];
    for (lang, sheet5, sheet6, title5, head6, element) in cases {
        let l = lang.as_str();
        let mut book = Book::open(&dir.path().join(format!("app5_{l}.xlsx")));
        let r = book.range(sheet5);
        assert_eq!(text(&r, 3, 0), title5);
        assert_eq!(
            row(&r, 5, 5),
            if lang == Lang::Ru { APP3_RU } else { APP3_KK }
        );
        assert_eq!(
            row(&r, 7, 6),
            ["1", element, "оператор А", "оператор Б", "", "s-changed"]
        );
        assert_eq!(text(&r, 8, 0), "");

        let mut book = Book::open(&dir.path().join(format!("app6_{l}.xlsx")));
        let r = book.range(sheet6);
        assert_eq!(row(&r, 5, 4), head6);
        assert_eq!(row(&r, 6, 4), numbers(4));
        assert_eq!(
            row(&r, 7, 5),
            ["", "Перевозка пассажиров", "", "перевозчики", "s-hidden"]
        );

        // The state-service forms keep only the state-service findings.
        let mut book = Book::open(&dir.path().join(format!("app3_{l}.xlsx")));
        let r = book.range(if lang == Lang::Ru {
            "Приложение 3"
        } else {
            "3-қосымша"
        });
        assert_eq!(text(&r, 9, 0), "");
        assert_eq!(text(&r, 8, 5), "f-obsolete");
    }
}

#[test]
fn text_that_looks_like_a_formula_stays_literal() {
    let mut f = finding(
        FindingKind::Changed,
        FormId::App3,
        "=HYPERLINK(\"http://x\")",
        "=1+2",
    );
    f.current = Some("-5 рабочих дней".into());
    f.proposed = Some("=SUM(A1:A9)".into());
    f.justification = "@cmd".into();
    f.evidence.quote = "+7 777".into();
    let mut h = finding(FindingKind::Hidden, FormId::App4, "h", "-Выдача");
    h.details = Some(ServiceDetails {
        fee_amount: Some("=2*MRP".into()),
        ..ServiceDetails::default()
    });
    let dir = tempfile::tempdir().unwrap();
    forms::write_all(&[f, h], dir.path()).unwrap();

    for lang in Lang::ALL {
        let l = lang.as_str();
        let mut book = Book::open(&dir.path().join(format!("app3_{l}.xlsx")));
        let sheet = book.sheet_names()[0].clone();
        let evidence = book.sheet_names()[1].clone();
        let r = book.range(&sheet);
        assert_eq!(text(&r, 7, 1), "«=1+2»");
        assert_eq!(
            r.get_value((7, 2)),
            Some(&Data::String("-5 рабочих дней".into()))
        );
        assert_eq!(
            r.get_value((7, 3)),
            Some(&Data::String("=SUM(A1:A9)".into()))
        );
        assert_eq!(text(&r, 7, 4), "@cmd");
        assert_eq!(text(&r, 7, 5), "=HYPERLINK(\"http://x\")");
        assert_eq!(book.formulas(&sheet), 0);
        assert_eq!(text(&book.range(&evidence), 1, 3), "+7 777");
        assert_eq!(book.formulas(&evidence), 0);

        let mut book = Book::open(&dir.path().join(format!("app4_{l}.xlsx")));
        let sheet = book.sheet_names()[0].clone();
        let r = book.range(&sheet);
        assert_eq!(text(&r, 8, 1), "-Выдача");
        assert_eq!(text(&r, 8, 9), "=2*MRP");
        assert_eq!(book.formulas(&sheet), 0);

        let csv = std::fs::read_to_string(dir.path().join(format!("app3_{l}.csv"))).unwrap();
        let data = csv.split("\r\n").nth(2).unwrap();
        assert_eq!(
            data,
            "1,«=1+2»,\"'-5 рабочих дней\",\"'=SUM(A1:A9)\",\"'@cmd\",\"'=HYPERLINK(\"\"http://x\"\")\""
        );
        let csv = std::fs::read_to_string(dir.path().join(format!("app4_{l}.csv"))).unwrap();
        let data = csv.split("\r\n").nth(2).unwrap();
        assert!(data.starts_with(",\"'-Выдача\","), "{data}");
        assert!(data.contains(",\"'=2*MRP\","), "{data}");
    }
}

#[test]
fn form_rows_route_by_kind_and_keep_unknown_cells_empty() {
    let findings = scenario();
    for lang in Lang::ALL {
        let app3 = forms::form_rows(FormId::App3, lang, &findings);
        assert_eq!(app3.rows.len(), 2);
        assert_eq!(app3.header_rows, 1);
        let app4 = forms::form_rows(FormId::App4, lang, &findings);
        assert_eq!(app4.rows.len(), 1);
        assert_eq!(app4.header_rows, 2);
        assert_eq!(app4.columns(), 15);
        // Code (none for a proposed entry), subtype and information system are not known.
        let cells = &app4.rows[0].cells;
        assert_eq!(
            (
                cells[0].as_deref(),
                cells[2].as_deref(),
                cells[12].as_deref()
            ),
            (None, None, None)
        );
        assert!(forms::form_rows(FormId::App6, lang, &findings)
            .rows
            .is_empty());
    }
    // A hidden finding without details: only its name and basis are filled.
    let mut bare = finding(FindingKind::Hidden, FormId::App4, "b", "Выдача справки");
    bare.justification = "закон, статья 5".into();
    let t = forms::form_rows(FormId::App4, Lang::Kk, &[bare]);
    let filled: Vec<usize> = t.rows[0]
        .cells
        .iter()
        .enumerate()
        .filter_map(|(i, c)| c.as_ref().map(|_| i))
        .collect();
    assert_eq!(filled, [1, 14]);
    assert_eq!(t.flat_headers()[9], "оның ішінде: төлем мөлшері");
}

/// The text of one part of an XLSX package.
fn xlsx_part(path: &Path, part: &str) -> String {
    use std::io::Read;
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut s = String::new();
    zip.by_name(part).unwrap().read_to_string(&mut s).unwrap();
    s
}

#[test]
fn form_sheets_are_set_up_for_print_and_freeze_the_header() {
    let dir = tempfile::tempdir().unwrap();
    forms::write_all(&scenario(), dir.path()).unwrap();
    // (file, sheet name, last header row as Excel numbers it, hidden id column letter)
    for (file, sheet, number_row, id_col) in [
        ("app3_ru.xlsx", "'Приложение 3'", 7, "F"),
        ("app3_kk.xlsx", "'3-қосымша'", 7, "F"),
        ("app4_ru.xlsx", "'Приложение 4'", 8, "P"),
        ("app4_kk.xlsx", "'4-қосымша'", 8, "P"),
    ] {
        let path = dir.path().join(file);
        let ws = xlsx_part(&path, "xl/worksheets/sheet1.xml");
        assert!(
            ws.contains("orientation=\"landscape\""),
            "{file}: landscape"
        );
        assert!(ws.contains("paperSize=\"9\""), "{file}: A4");
        assert!(ws.contains("fitToPage=\"1\""), "{file}: fit to page");
        assert!(ws.contains("fitToHeight=\"0\""), "{file}: one page wide");
        assert!(
            ws.contains(&format!("topLeftCell=\"A{}\"", number_row + 1))
                && ws.contains("state=\"frozen\""),
            "{file}: frozen below the column numbers"
        );
        let col = u8::try_from(id_col.chars().next().unwrap()).unwrap() - b'A' + 1;
        let at = ws
            .find(&format!("<col min=\"{col}\" max=\"{col}\""))
            .unwrap_or_else(|| panic!("{file}: no <col> for {id_col}"));
        let col_xml = &ws[at..at + ws[at..].find("/>").unwrap()];
        assert!(
            col_xml.contains("hidden=\"1\""),
            "{file}: id column {id_col} hidden: {col_xml}"
        );
        assert!(ws.contains("wrapText") || xlsx_part(&path, "xl/styles.xml").contains("wrapText"));
        let wb = xlsx_part(&path, "xl/workbook.xml");
        assert!(
            wb.contains(&format!("{sheet}!$6:${number_row}")),
            "{file}: header rows repeat on print: {wb}"
        );
    }
}

#[test]
fn edited_wordings_replace_their_cells_in_each_language_and_stay_literal() {
    let findings = scenario();
    let hidden = findings
        .iter()
        .find(|f| f.kind == FindingKind::Hidden)
        .unwrap();
    let keys = forms::column_keys(FormId::App4);
    assert_eq!(keys[0], Some("code"));
    assert!(keys.contains(&Some("name")));
    assert_eq!(forms::column_keys(FormId::App3)[0], None, "the row number");
    let mut w = forms::Wording::default();
    w.ru.insert("name".into(), "Выдача разрешения (правка)".into());
    w.kk.insert("name".into(), "=HYPERLINK(\"x\")".into());
    w.kk.insert("provider".into(), "  ".into());
    assert_eq!(w.unknown_key(FormId::App4), None);
    assert_eq!(w.unknown_key(FormId::App3), Some("name"));
    let wordings = std::collections::HashMap::from([(hidden.id.clone(), w)]);

    let files = forms::render_all_with(&findings, &wordings).unwrap();
    let csv_of = |name: &str| {
        let bytes = &files.iter().find(|(n, _)| n == name).unwrap().1;
        String::from_utf8(bytes.clone()).unwrap()
    };
    let name_col = keys.iter().position(|k| *k == Some("name")).unwrap();
    let provider_col = keys.iter().position(|k| *k == Some("provider")).unwrap();
    let ru = csv_of("app4_ru.csv");
    let ru_row: Vec<String> = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(ru.as_bytes())
        .records()
        .map(|r| r.unwrap())
        .find(|r| r.iter().next_back() == Some(hidden.id.as_str()))
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    assert_eq!(ru_row[name_col], "Выдача разрешения (правка)");
    let kk = csv_of("app4_kk.csv");
    let kk_row: Vec<String> = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(kk.as_bytes())
        .records()
        .map(|r| r.unwrap())
        .find(|r| r.iter().next_back() == Some(hidden.id.as_str()))
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    assert_eq!(
        kk_row[name_col], "'=HYPERLINK(\"x\")",
        "a formula stays text"
    );
    assert_eq!(kk_row[provider_col], "", "a blank edit empties the cell");
    // Without wordings nothing changes.
    assert_same_files(
        &forms::render_all(&findings).unwrap(),
        &forms::render_all_with(&findings, &Default::default()).unwrap(),
    );
}

/// The same files with the same contents; of an XLSX file, every part but `docProps/core.xml`
/// (it holds the time the workbook was written, to the second).
fn assert_same_files(a: &[(String, Vec<u8>)], b: &[(String, Vec<u8>)]) {
    use std::io::Read;
    let parts = |bytes: &[u8]| -> Vec<(String, Vec<u8>)> {
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
        (0..zip.len())
            .map(|i| {
                let mut f = zip.by_index(i).unwrap();
                let mut v = Vec::new();
                f.read_to_end(&mut v).unwrap();
                (f.name().to_string(), v)
            })
            .filter(|(n, _)| n != "docProps/core.xml")
            .collect()
    };
    assert_eq!(
        a.iter().map(|f| &f.0).collect::<Vec<_>>(),
        b.iter().map(|f| &f.0).collect::<Vec<_>>()
    );
    for ((name, x), (_, y)) in a.iter().zip(b) {
        if name.ends_with(".xlsx") {
            assert_eq!(parts(x), parts(y), "{name}");
        } else {
            assert_eq!(x, y, "{name}");
        }
    }
}
