//! Findings on hand-made acts against `fixtures/scenarios/register.csv` (see
//! `fixtures/scenarios/README.md`): a hidden service, obsolete entries (explicit repeal and a
//! repealed by-law), a changed provider (kk new edition, ru word substitution), a socially
//! significant hidden service — and nothing else.

use std::path::Path;

use tizilim_findings::{detect, Field, Finding, FindingKind, FormId};
use tizilim_legal::{AmendOp, Amendment, LegalContent, Service, ServiceKind};
use tizilim_registry::{self as registry, Register};
use tizilim_source::Format;
use tizilim_structure::{ActMeta, ActRef, Document, Node, NodeKind};
use tizilim_text::{Language, Quality};

fn register() -> Register {
    registry::load(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/scenarios/register.csv"),
    )
    .expect("scenario register")
}

fn doc(
    file: &str,
    lang: Language,
    reg: &str,
    act_type: &str,
    number: &str,
    issuer: &str,
    title: &str,
) -> Document {
    Document {
        file: file.into(),
        format: Format::Html,
        language: lang,
        quality: Quality::default(),
        act: ActMeta {
            id: tizilim_structure::ActRef {
                act_type: Some(act_type.into()),
                number: Some(number.into()),
                date: Some("2026-01-15".into()),
                registration_number: Some(reg.into()),
                issuer: Some(issuer.into()),
                title: Some(title.into()),
            },
            registration_date: Some("2026-01-20".into()),
            status: Some("in_force".into()),
            ..ActMeta::default()
        },
        tree: vec![
            Node::new(
                NodeKind::Point,
                "point:1".into(),
                Some("1".into()),
                format!("1. {title}"),
            ),
            Node::new(
                NodeKind::Point,
                "point:2".into(),
                Some("2".into()),
                "2. Настоящий приказ вводится в действие.".into(),
            ),
        ],
        diagnostics: Vec::new(),
    }
}

fn svc(name: &str, lang: Language, kind: ServiceKind, path: &str, confidence: f32) -> Service {
    Service::new(name, lang, kind, confidence, path, format!("«{name}»"))
}

fn target(reg: &str) -> ActRef {
    ActRef {
        act_type: Some("приказ".into()),
        number: Some("12".into()),
        date: Some("2015-01-21".into()),
        registration_number: Some(reg.into()),
        ..ActRef::default()
    }
}

fn acts() -> Vec<(Document, LegalContent)> {
    let mut out = Vec::new();

    // 40001: Rules of a service missing from the register, ru and kk.
    let d = doc(
        "rus_40001.html",
        Language::Ru,
        "40001",
        "приказ",
        "101",
        "Министр сельского хозяйства Республики Казахстан",
        "Об утверждении Правил оказания государственной услуги «Выдача справки о регистрации пасеки»",
    );
    let mut main = svc(
        "Выдача справки о регистрации пасеки",
        Language::Ru,
        ServiceKind::Definition,
        "appendix:1/point:1",
        0.95,
    );
    main.provider = Some("местные исполнительные органы районов".into());
    main.term = Some("3 (три) рабочих дня".into());
    main.fee = Some("бесплатно".into());
    main.result = Some("справка о регистрации пасеки".into());
    let legal = LegalContent {
        services: vec![
            main,
            svc(
                "государственная регистрация прав на недвижимое имущество",
                Language::Ru,
                ServiceKind::Mention,
                "appendix:1/point:7",
                0.8,
            ),
            svc(
                "Проверка содержания пасек",
                Language::Ru,
                ServiceKind::Candidate,
                "appendix:1/point:9",
                0.3,
            ),
        ],
        ..LegalContent::default()
    };
    out.push((d, legal));
    let d = doc(
        "kaz_40001.html",
        Language::Kk,
        "40001",
        "бұйрық",
        "101",
        "Қазақстан Республикасының Ауыл шаруашылығы министрі",
        "«Омартаны тіркеу туралы анықтама беру» мемлекеттік көрсетілетін қызмет көрсету қағидаларын бекіту туралы",
    );
    let mut main = svc(
        "Омартаны тіркеу туралы анықтама беру",
        Language::Kk,
        ServiceKind::Definition,
        "appendix:1/point:1",
        0.9,
    );
    main.fee = Some("тегін".into());
    let legal = LegalContent {
        services: vec![
            main,
            svc(
                "Жылжымайтын мүлікке құқықтарды мемлекеттік тіркеу",
                Language::Kk,
                ServiceKind::Mention,
                "appendix:1/point:7",
                0.8,
            ),
        ],
        ..LegalContent::default()
    };
    out.push((d, legal));

    // 40002: repeals by-law 90012.
    let d = doc(
        "rus_40002.html",
        Language::Ru,
        "40002",
        "приказ",
        "102",
        "Министр сельского хозяйства Республики Казахстан",
        "О признании утратившими силу некоторых приказов",
    );
    let legal = LegalContent {
        amendments: vec![Amendment {
            op: AmendOp::RepealAct,
            target_act: target("90012"),
            target_path: String::new(),
            new_text: None,
            old_words: None,
            new_words: None,
            source_path: "point:1".into(),
            quote: String::new(),
            target_rules: None,
        }],
        ..LegalContent::default()
    };
    out.push((d, legal));

    // 40003: the by-law 90015 itself, repealed.
    let mut d = doc(
        "kaz_90015.html",
        Language::Kk,
        "90015",
        "бұйрық",
        "3",
        "Қазақстан Республикасының Еңбек және халықты әлеуметтік қорғау министрі",
        "Жұмыс іздеп жүрген адамдарды тіркеу қағидаларын бекіту туралы",
    );
    d.act.status = Some("repealed".into());
    d.act.repealed_by = Some(ActRef {
        act_type: Some("бұйрық".into()),
        number: Some("55".into()),
        date: Some("2025-11-03".into()),
        issuer: Some(
            "Қазақстан Республикасының Еңбек және халықты әлеуметтік қорғау министрі".into(),
        ),
        ..ActRef::default()
    });
    out.push((d, LegalContent::default()));

    // 40004: kk new edition of the standard of by-law 90013 with another provider.
    let d = doc(
        "kaz_40004.html",
        Language::Kk,
        "40004",
        "бұйрық",
        "104",
        "Қазақстан Республикасының Туризм және спорт министрі",
        "Туристік қызмет саласындағы мемлекеттік көрсетілетін қызметтер қағидаларына өзгерістер енгізу туралы",
    );
    let mut changed = svc(
        "Туроператорлық қызметке лицензия беру",
        Language::Kk,
        ServiceKind::StandardTable,
        "point:1/appendix:2/row:1",
        0.9,
    );
    changed.provider = Some(
        "Қазақстан Республикасы Туризм және спорт министрлігінің Туризм индустриясы комитеті"
            .into(),
    );
    changed.fee = Some("10 АЕК".into());
    let legal = LegalContent {
        amendments: vec![Amendment {
            op: AmendOp::NewEdition,
            target_act: target("90013"),
            target_path: "appendix:2".into(),
            new_text: Some("...".into()),
            old_words: None,
            new_words: None,
            source_path: "point:1".into(),
            quote: String::new(),
            target_rules: None,
        }],
        services: vec![changed],
        ..LegalContent::default()
    };
    out.push((d, legal));

    // 40005: ru word substitution in by-law 90013.
    let d = doc(
        "rus_40005.html",
        Language::Ru,
        "40005",
        "приказ",
        "105",
        "Министр туризма и спорта Республики Казахстан",
        "О внесении изменений в приказ № 20",
    );
    let legal = LegalContent {
        amendments: vec![Amendment {
            op: AmendOp::SubstituteWords,
            target_act: target("90013"),
            target_path: "appendix:2".into(),
            new_text: None,
            old_words: Some("Местные исполнительные органы областей".into()),
            new_words: Some(
                "Комитет индустрии туризма Министерства туризма и спорта Республики Казахстан"
                    .into(),
            ),
            source_path: "point:1/subpoint:2".into(),
            quote: String::new(),
            target_rules: None,
        }],
        ..LegalContent::default()
    };
    out.push((d, legal));

    // 40006: a socially significant service not in the register.
    let d = doc(
        "rus_40006.html",
        Language::Ru,
        "40006",
        "приказ",
        "106",
        "Министр транспорта Республики Казахстан",
        "Об утверждении Правил оказания общественно значимой услуги",
    );
    let mut s = svc(
        "Выдача свидетельства на право регулярных перевозок пассажиров по социально значимым сообщениям",
        Language::Ru,
        ServiceKind::Definition,
        "appendix:1/point:2",
        0.9,
    );
    s.quote = "Общественно значимая услуга «Выдача свидетельства на право регулярных перевозок пассажиров по социально значимым сообщениям»".into();
    out.push((
        d,
        LegalContent {
            services: vec![s],
            ..LegalContent::default()
        },
    ));
    out
}

fn find<'a>(
    fs: &'a [Finding],
    kind: FindingKind,
    code: Option<&str>,
    field: Option<Field>,
) -> Vec<&'a Finding> {
    fs.iter()
        .filter(|f| f.kind == kind && f.register_code.as_deref() == code && f.field == field)
        .collect()
}

#[test]
fn hidden_service_with_both_names_and_only_given_details() {
    let fs = detect(&register(), &facts(&acts()));
    let hidden: Vec<&Finding> = find(&fs, FindingKind::Hidden, None, None)
        .into_iter()
        .filter(|f| f.form == FormId::App4)
        .collect();
    assert_eq!(hidden.len(), 1, "{fs:#?}");
    let h = hidden[0];
    assert_eq!(h.service, "Выдача справки о регистрации пасеки");
    assert_eq!(h.evidence.file, "rus_40001.html");
    assert_eq!(h.evidence.path, "appendix:1/point:1");
    assert!(
        h.justification.contains("№ 101") && h.justification.contains("40001"),
        "{}",
        h.justification
    );
    let d = h.details.as_ref().expect("details");
    assert_eq!(
        d.name_ru.as_deref(),
        Some("Выдача справки о регистрации пасеки")
    );
    assert_eq!(
        d.name_kk.as_deref(),
        Some("Омартаны тіркеу туралы анықтама беру")
    );
    assert_eq!(
        d.provider.as_deref(),
        Some("местные исполнительные органы районов")
    );
    assert_eq!(d.term.as_deref(), Some("3 (три) рабочих дня"));
    assert_eq!(d.paid.as_deref(), Some("free"));
    assert_eq!(d.fee_amount, None);
    assert_eq!(
        d.ministry.as_deref(),
        Some("Министр сельского хозяйства Республики Казахстан")
    );
    // Not given by the act: not invented.
    assert_eq!(
        (
            d.subtype.as_ref(),
            d.intake.as_ref(),
            d.info_system.as_ref(),
            d.documents.as_ref()
        ),
        (None, None, None, None)
    );
    assert!(h.confidence > 0.5 && h.confidence <= 1.0);
}

#[test]
fn socially_significant_hidden_goes_to_app6() {
    let fs = detect(&register(), &facts(&acts()));
    let six: Vec<&Finding> = fs.iter().filter(|f| f.form == FormId::App6).collect();
    assert_eq!(six.len(), 1);
    assert_eq!(six[0].kind, FindingKind::Hidden);
    assert!(six[0]
        .service
        .starts_with("Выдача свидетельства на право регулярных перевозок"));
}

#[test]
fn repealed_bylaws_make_entries_obsolete() {
    let fs = detect(&register(), &facts(&acts()));
    let vet = find(&fs, FindingKind::Obsolete, Some("01302001"), None);
    assert_eq!(vet.len(), 1, "{fs:#?}");
    let v = vet[0];
    assert_eq!(v.form, FormId::App3);
    assert_eq!(v.current.as_deref(), Some("Выдача ветеринарной справки"));
    assert_eq!(v.proposed.as_deref(), Some("исключить"));
    assert_eq!(
        (v.evidence.file.as_str(), v.evidence.path.as_str()),
        ("rus_40002.html", "point:1")
    );
    assert!(
        v.evidence.quote.contains("О признании утратившими силу"),
        "{}",
        v.evidence.quote
    );
    assert!(
        v.justification
            .starts_with("приказ Министра сельского хозяйства"),
        "{}",
        v.justification
    );
    assert!(
        v.justification.contains("от 15 января 2026 года № 102")
            && v.justification.contains("под № 40002")
            && v.justification.ends_with("пункт 1")
    );

    let job = find(&fs, FindingKind::Obsolete, Some("00701001"), None);
    assert_eq!(job.len(), 1);
    let j = job[0];
    assert_eq!(
        j.service, "Жұмыс іздеп жүрген адамдарды тіркеу",
        "the act is Kazakh: the Kazakh name"
    );
    assert_eq!(j.proposed.as_deref(), Some("алып тасталсын"));
    assert!(
        j.justification
            .contains("2025 жылғы 3 қарашадағы № 55 бұйрығы"),
        "{}",
        j.justification
    );
}

#[test]
fn provider_changes_in_both_languages() {
    let fs = detect(&register(), &facts(&acts()));
    let prov = find(
        &fs,
        FindingKind::Changed,
        Some("00903001"),
        Some(Field::Provider),
    );
    assert_eq!(prov.len(), 2, "{fs:#?}");
    let kk = prov
        .iter()
        .find(|f| f.evidence.file == "kaz_40004.html")
        .expect("kk change");
    assert_eq!(kk.service, "Туроператорлық қызметке лицензия беру");
    assert_eq!(
        kk.current.as_deref(),
        Some("Облыстардың жергілікті атқарушы органдары")
    );
    assert_eq!(
        kk.proposed.as_deref(),
        Some("Қазақстан Республикасы Туризм және спорт министрлігінің Туризм индустриясы комитеті")
    );
    assert_eq!(kk.evidence.path, "point:1/appendix:2/row:1");
    assert!(
        kk.justification
            .contains("министрінің 2026 жылғы 15 қаңтардағы № 104 бұйрығы")
            && kk.justification.contains("№ 40004 болып тіркелген"),
        "{}",
        kk.justification
    );
    assert_eq!(kk.form, FormId::App3);

    let ru = prov
        .iter()
        .find(|f| f.evidence.file == "rus_40005.html")
        .expect("ru change");
    assert_eq!(
        ru.service,
        "Выдача лицензии на туроператорскую деятельность"
    );
    assert_eq!(
        ru.current.as_deref(),
        Some("Местные исполнительные органы областей")
    );
    assert_eq!(
        ru.proposed.as_deref(),
        Some("Комитет индустрии туризма Министерства туризма и спорта Республики Казахстан")
    );
    assert!(
        ru.justification.ends_with("пункт 1, подпункт 2)"),
        "{}",
        ru.justification
    );
}

#[test]
fn nothing_else_is_flagged() {
    let fs = detect(&register(), &facts(&acts()));
    let summary: Vec<(FindingKind, Option<&str>, Option<Field>, FormId)> = fs
        .iter()
        .map(|f| (f.kind, f.register_code.as_deref(), f.field, f.form))
        .collect();
    assert_eq!(
        summary,
        vec![
            (FindingKind::Hidden, None, None, FormId::App6),
            (FindingKind::Hidden, None, None, FormId::App4),
            (FindingKind::Obsolete, Some("00701001"), None, FormId::App3),
            (FindingKind::Obsolete, Some("01302001"), None, FormId::App3),
            (
                FindingKind::Changed,
                Some("00903001"),
                Some(Field::Provider),
                FormId::App3
            ),
            (
                FindingKind::Changed,
                Some("00903001"),
                Some(Field::Provider),
                FormId::App3
            ),
        ],
        "{fs:#?}"
    );
    // Ids are stable and distinct.
    let again = detect(&register(), &facts(&acts()));
    assert_eq!(
        fs.iter().map(|f| &f.id).collect::<Vec<_>>(),
        again.iter().map(|f| &f.id).collect::<Vec<_>>()
    );
    let mut ids: Vec<&String> = fs.iter().map(|f| &f.id).collect();
    ids.dedup();
    assert_eq!(ids.len(), fs.len());
}

#[test]
fn empty_inputs_flag_nothing() {
    assert!(detect(&register(), &[]).is_empty());
    let empty = Register::from_entries("empty", Vec::new());
    let fs = detect(&empty, &facts(&acts()));
    assert!(fs.iter().all(|f| f.kind == FindingKind::Hidden));
}

#[test]
fn hidden_finding_keeps_its_id_when_the_kazakh_version_joins() {
    let all = acts();
    type Seen = (String, String, String, Option<String>);
    let hidden_of = |acts: &[(Document, LegalContent)]| -> Vec<Seen> {
        find(
            &detect(&register(), &facts(acts)),
            FindingKind::Hidden,
            None,
            None,
        )
        .into_iter()
        .filter(|f| f.form == FormId::App4)
        .map(|f| {
            let provider = f.details.as_ref().and_then(|d| d.provider.clone());
            (
                f.id.clone(),
                f.service.clone(),
                f.evidence.file.clone(),
                provider,
            )
        })
        .collect()
    };
    let both = hidden_of(&all);
    assert_eq!(both.len(), 1, "{both:?}");
    assert_eq!(
        both[0].3.as_deref(),
        Some("местные исполнительные органы районов"),
        "details from the Russian version"
    );
    // Kazakh acts first: the same finding.
    let mut kk_first = all.clone();
    kk_first.sort_by_key(|(d, _)| d.language != Language::Kk);
    assert_eq!(hidden_of(&kk_first), both);
    // Only the Russian acts: still the same id, service and evidence.
    let ru_only: Vec<_> = all
        .iter()
        .filter(|(d, _)| d.language == Language::Ru)
        .cloned()
        .collect();
    assert_eq!(hidden_of(&ru_only), both);
    // Only the Kazakh acts: a finding of its own, named in Kazakh.
    let kk_only: Vec<_> = all
        .into_iter()
        .filter(|(d, _)| d.language == Language::Kk)
        .collect();
    let kk = hidden_of(&kk_only);
    assert_eq!(kk.len(), 1, "{kk:?}");
    assert_eq!(kk[0].1, "Омартаны тіркеу туралы анықтама беру");
}

/// What detection reads of each act.
fn facts(acts: &[(Document, LegalContent)]) -> Vec<tizilim_findings::ActFacts> {
    acts.iter()
        .map(|(d, l)| tizilim_findings::ActFacts::of(d, l))
        .collect()
}

/// The scenario acts plus a by-law in force that defines the repealed veterinary service
/// again (its replacement), the architecture by-law and an act that excludes the unit of that
/// by-law which defines its service.
fn acts_with_replacement_and_exclusion() -> Vec<(Document, LegalContent)> {
    let mut all = acts();
    let d = doc(
        "rus_40010.html",
        Language::Ru,
        "40010",
        "приказ",
        "110",
        "Министр сельского хозяйства Республики Казахстан",
        "Об утверждении Правил выдачи ветеринарных документов",
    );
    let legal = LegalContent {
        services: vec![svc(
            "Выдача ветеринарной справки",
            Language::Ru,
            ServiceKind::Definition,
            "appendix:1/point:1",
            0.95,
        )],
        ..LegalContent::default()
    };
    all.push((d, legal));
    let d = doc(
        "rus_90011.html",
        Language::Ru,
        "90011",
        "приказ",
        "7",
        "Министр индустрии и инфраструктурного развития Республики Казахстан",
        "Об утверждении Правил оказания государственных услуг в сфере архитектуры",
    );
    let legal = LegalContent {
        services: vec![svc(
            "Выдача архитектурно-планировочного задания",
            Language::Ru,
            ServiceKind::Definition,
            "appendix:1/point:1",
            0.95,
        )],
        ..LegalContent::default()
    };
    all.push((d, legal));
    let d = doc(
        "rus_40011.html",
        Language::Ru,
        "40011",
        "приказ",
        "111",
        "Министр индустрии и инфраструктурного развития Республики Казахстан",
        "О внесении изменений в приказ № 7",
    );
    let legal = LegalContent {
        amendments: vec![Amendment {
            op: AmendOp::Exclude,
            target_act: target("90011"),
            target_path: "appendix:1".into(),
            new_text: None,
            old_words: None,
            new_words: None,
            source_path: "point:1/subpoint:2".into(),
            quote: "приложение 1 исключить".into(),
            target_rules: None,
        }],
        ..LegalContent::default()
    };
    all.push((d, legal));
    all
}

#[test]
fn a_repealed_bylaw_replaced_in_the_corpus_changes_the_bylaw_and_an_excluded_unit_is_obsolete() {
    let fs = detect(&register(), &facts(&acts_with_replacement_and_exclusion()));
    // 90012 is repealed, but 40010 (in force) defines its service again: a by-law change.
    assert!(find(&fs, FindingKind::Obsolete, Some("01302001"), None).is_empty());
    let bylaw = find(
        &fs,
        FindingKind::Changed,
        Some("01302001"),
        Some(Field::Bylaw),
    );
    assert_eq!(bylaw.len(), 1, "{fs:#?}");
    assert_eq!(bylaw[0].evidence.file, "rus_40010.html");
    assert_eq!(
        bylaw[0].proposed.as_deref(),
        Some("Об утверждении Правил выдачи ветеринарных документов № 110")
    );
    // 40011 excludes appendix 1 of 90011, the unit that defines 02601001.
    let gone = find(&fs, FindingKind::Obsolete, Some("02601001"), None);
    assert_eq!(gone.len(), 1, "{fs:#?}");
    assert_eq!(
        (
            gone[0].evidence.file.as_str(),
            gone[0].evidence.path.as_str()
        ),
        ("rus_40011.html", "point:1/subpoint:2")
    );
}

/// A source that hands out one act at a time and counts how often it is read.
struct Counted<'a> {
    acts: &'a [tizilim_findings::ActFacts],
    passes: std::cell::Cell<usize>,
    visits: std::cell::Cell<usize>,
}

impl tizilim_findings::FactSource for Counted<'_> {
    fn each(&self, f: &mut dyn FnMut(&tizilim_findings::ActFacts)) -> Result<(), String> {
        self.passes.set(self.passes.get() + 1);
        for a in self.acts {
            // Each act is a fresh copy, dropped after the call: nothing may borrow it.
            let one = a.clone();
            self.visits.set(self.visits.get() + 1);
            f(&one);
        }
        Ok(())
    }
}

#[test]
fn detection_from_a_source_read_one_act_at_a_time_equals_detection_over_all_acts() {
    let all = facts(&acts_with_replacement_and_exclusion());
    let src = Counted {
        acts: &all,
        passes: Default::default(),
        visits: Default::default(),
    };
    let streamed = tizilim_findings::detect_from(&register(), &src).unwrap();
    assert_eq!(src.passes.get(), 2, "two passes over the source");
    assert_eq!(src.visits.get(), 2 * all.len());
    assert_eq!(streamed, detect(&register(), &all));
    assert!(streamed.iter().any(|f| f.kind == FindingKind::Hidden));
    assert!(streamed.iter().any(|f| f.kind == FindingKind::Obsolete));
    assert!(streamed.iter().any(|f| f.kind == FindingKind::Changed));

    // A source that cannot be read is an error, not an empty result.
    struct Broken;
    impl tizilim_findings::FactSource for Broken {
        fn each(&self, _: &mut dyn FnMut(&tizilim_findings::ActFacts)) -> Result<(), String> {
            Err("store unreadable".into())
        }
    }
    assert_eq!(
        tizilim_findings::detect_from(&register(), &Broken),
        Err("store unreadable".to_string())
    );
}
