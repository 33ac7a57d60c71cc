//! Two by-laws of our own making (fixtures/legal/bylaw_{ru,kk}.txt), written as text exports like
//! the seeds: an order approving the Rules of providing a service, with the standard table as
//! TAB|TAB rows. The service and its attributes must come out right, through the whole pipeline.

use std::path::PathBuf;

use tizilim::legal::{Service, ServiceKind};

fn scan(name: &str) -> (tizilim::structure::Document, tizilim::legal::LegalContent) {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/legal")
        .join(name);
    let r = tizilim::pipeline::scan_path(&p).unwrap_or_else(|e| panic!("{name}: {e}"));
    if std::env::var_os("LEGAL_DEBUG").is_some() {
        eprintln!("{name}: {:#?}\n{:#?}", r.0.act, r.1.services);
    }
    r
}

fn the_service<'a>(services: &'a [Service], name: &str) -> &'a Service {
    assert_eq!(services.len(), 1, "{services:#?}");
    let s = &services[0];
    assert_eq!(s.name, name);
    s
}

#[test]
fn russian_bylaw() {
    let (doc, legal) = scan("bylaw_ru.txt");
    let a = &doc.act;
    assert_eq!(a.id.act_type.as_deref(), Some("приказ"));
    assert_eq!(a.id.number.as_deref(), Some("45"));
    assert_eq!(a.id.date.as_deref(), Some("2024-03-12"));
    assert_eq!(a.id.registration_number.as_deref(), Some("34100"));
    assert_eq!(a.registration_date.as_deref(), Some("2024-03-15"));
    assert_eq!(
        a.id.issuer.as_deref(),
        Some("Министр экологии и природных ресурсов Республики Казахстан")
    );
    assert_eq!(a.signed_by.as_deref(), Some("А. Касымов"));
    let s = the_service(&legal.services, "Выдача разрешения на вырубку деревьев");
    assert_eq!(s.kind, ServiceKind::StandardTable);
    assert_eq!(
        s.provider.as_deref(),
        Some("Местные исполнительные органы районов и городов областного значения")
    );
    assert_eq!(s.term.as_deref(), Some("5 (пять) рабочих дней"));
    assert_eq!(
        s.form.as_deref(),
        Some("Электронная (полностью автоматизированная)")
    );
    assert_eq!(
        s.result.as_deref(),
        Some("Разрешение на вырубку деревьев либо мотивированный отказ")
    );
    assert_eq!(s.fee.as_deref(), Some("бесплатно"));
    let terms: Vec<(&str, Option<&str>)> = legal
        .definitions
        .iter()
        .map(|d| (d.term.as_str(), d.short.as_deref()))
        .collect();
    assert_eq!(
        terms,
        vec![
            ("услугодатель", None),
            ("услугополучатель", None),
            ("веб-портал \"электронного правительства\"", Some("портал")),
        ]
    );
    assert!(legal.amendments.is_empty(), "{:#?}", legal.amendments);
}

#[test]
fn kazakh_bylaw() {
    let (doc, legal) = scan("bylaw_kk.txt");
    let a = &doc.act;
    assert_eq!(a.id.act_type.as_deref(), Some("бұйрық"));
    assert_eq!(a.id.number.as_deref(), Some("45"));
    assert_eq!(a.id.date.as_deref(), Some("2024-03-12"));
    assert_eq!(a.id.registration_number.as_deref(), Some("34100"));
    assert_eq!(a.registration_date.as_deref(), Some("2024-03-15"));
    assert_eq!(
        a.id.issuer.as_deref(),
        Some("Қазақстан Республикасы Экология және табиғи ресурстар министрі")
    );
    assert_eq!(a.signed_by.as_deref(), Some("А. Қасымов"));
    let s = the_service(&legal.services, "Ағаштарды кесуге рұқсат беру");
    assert_eq!(s.kind, ServiceKind::StandardTable);
    assert_eq!(
        s.provider.as_deref(),
        Some("Аудандардың және облыстық маңызы бар қалалардың жергілікті атқарушы органдары")
    );
    assert_eq!(s.term.as_deref(), Some("5 (бес) жұмыс күні"));
    assert_eq!(
        s.form.as_deref(),
        Some("Электрондық (толық автоматтандырылған)")
    );
    assert_eq!(
        s.result.as_deref(),
        Some("Ағаштарды кесуге рұқсат не дәлелді бас тарту")
    );
    assert_eq!(s.fee.as_deref(), Some("тегін"));
    let terms: Vec<(&str, Option<&str>)> = legal
        .definitions
        .iter()
        .map(|d| (d.term.as_str(), d.short.as_deref()))
        .collect();
    assert_eq!(
        terms,
        vec![
            ("көрсетілетін қызметті беруші", None),
            ("көрсетілетін қызметті алушы", None),
            ("\"электрондық үкіметтің\" веб-порталы", Some("портал")),
        ]
    );
    assert!(legal.amendments.is_empty(), "{:#?}", legal.amendments);
}
