//! `legal::extract` on hand-built trees: notes resolved against their containers, definitions,
//! an amending act whose appendix lists the acts it changes, a list of repealed acts, and
//! service candidates (and what is not one), in both languages.

use tizilim_legal::{self as legal, AmendOp, NoteOp, ServiceKind};
use tizilim_lex::diag::Diagnostics;
use tizilim_source::Format;
use tizilim_structure::{ActMeta, Document, Node, NodeKind};
use tizilim_text::{Language, Quality};

fn node(kind: NodeKind, path: &str, number: Option<&str>, text: &str, children: Vec<Node>) -> Node {
    let mut n = Node::new(
        kind,
        path.to_string(),
        number.map(str::to_string),
        text.to_string(),
    );
    n.children = children;
    n
}

fn point(path: &str, n: &str, text: &str, children: Vec<Node>) -> Node {
    node(NodeKind::Point, path, Some(n), text, children)
}

fn sub(path: &str, n: &str, text: &str) -> Node {
    node(NodeKind::Subpoint, path, Some(n), text, vec![])
}

fn par(path: &str, text: &str) -> Node {
    node(NodeKind::Paragraph, path, None, text, vec![])
}

fn note(path: &str, text: &str) -> Node {
    node(NodeKind::Note, path, None, text, vec![])
}

fn appendix(path: &str, heading: &str, children: Vec<Node>) -> Node {
    let mut n = node(NodeKind::Appendix, path, Some("1"), "", children);
    n.heading = Some(heading.to_string());
    n
}

fn doc(language: Language, tree: Vec<Node>) -> Document {
    Document {
        file: "test".to_string(),
        format: Format::Text,
        language,
        quality: Quality::default(),
        act: ActMeta::default(),
        tree,
        diagnostics: Diagnostics::new(),
    }
}

#[test]
fn notes_resolve_against_their_container_kk() {
    let d = doc(
        Language::Kk,
        vec![
            note("note:1", "Ескерту. Күші жойылды – ҚР Әділет министрінің 19.02.2020 № 68/НҚ (алғаш ресми жарияланған күнінен кейін күнтізбелік он күн өткен соң қолданысқа енгізіледі) бұйрығымен."),
            point("point:1", "1", "Қоса берілген Қағидалар бекітілсін.", vec![]),
            appendix(
                "appendix:1",
                "Анықтамалар беру қағидалары",
                vec![
                    note("appendix:1/note:1", "Ескерту. Қағиданың тақырыбы жаңа редакцияда - ҚР Әділет министрінің 09.12.2015 № 757 (01.03.2016 бастап қолданысқа енгізіледі) бұйрығымен."),
                    point("appendix:1/point:5", "5", "Анықтама беріледі.", vec![]),
                    note("appendix:1/note:2", "Ескерту. 5-тармақ жаңа редакцияда - ҚР Әділет министрінің 17.06.2016 № 264 бұйрығымен."),
                    appendix(
                        "appendix:1/appendix:3",
                        "Нысан",
                        vec![note("appendix:1/appendix:3/note:1", "Ескерту. 3-қосымша жаңа редакцияда - ҚР Әділет министрінің 09.12.2015 № 757 бұйрығымен.")],
                    ),
                ],
            ),
        ],
    );
    let l = legal::extract(&d);
    let got: Vec<(&str, NoteOp, Option<&str>, &str)> = l
        .notes
        .iter()
        .map(|n| {
            (
                n.target_path.as_str(),
                n.op,
                n.by.number.as_deref(),
                n.source_path.as_str(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            ("act", NoteOp::Repeal, Some("68/НҚ"), "note:1"),
            (
                "appendix:1/title",
                NoteOp::NewEdition,
                Some("757"),
                "appendix:1/note:1"
            ),
            (
                "appendix:1/point:5",
                NoteOp::NewEdition,
                Some("264"),
                "appendix:1/note:2"
            ),
            (
                "appendix:1/appendix:3",
                NoteOp::NewEdition,
                Some("757"),
                "appendix:1/appendix:3/note:1"
            ),
        ]
    );
    assert_eq!(l.notes[1].effective.as_deref(), Some("2016-03-01"));
    let mut meta = ActMeta::default();
    legal::complete_meta(&mut meta, &l.notes);
    assert_eq!(meta.status.as_deref(), Some("repealed"));
    assert_eq!(
        meta.repealed_by.and_then(|r| r.date).as_deref(),
        Some("2020-02-19")
    );
}

#[test]
fn notes_and_definitions_ru() {
    let d = doc(
        Language::Ru,
        vec![appendix(
            "appendix:1",
            "Правила выдачи справок",
            vec![
                point(
                    "appendix:1/point:2",
                    "2",
                    "В настоящих Правилах используются следующие понятия:",
                    vec![
                        sub("appendix:1/point:2/subpoint:1", "1", "услугодатель – местный исполнительный орган;"),
                        sub("appendix:1/point:2/subpoint:2", "2", "реестр справок (далее – реестр) — перечень выданных справок."),
                    ],
                ),
                point("appendix:1/point:3", "3", "Справка выдается.", vec![]),
                note("appendix:1/note:1", "Сноска. Пункт 3 исключен приказом Министра юстиции РК от 01.07.2021 № 61 (вводится в действие по истечении десяти календарных дней после дня его первого официального опубликования)."),
            ],
        )],
    );
    let l = legal::extract(&d);
    assert_eq!(l.notes.len(), 1);
    assert_eq!(l.notes[0].target_path, "appendix:1/point:3");
    assert_eq!(l.notes[0].op, NoteOp::Excluded);
    assert_eq!(l.notes[0].by.date.as_deref(), Some("2021-07-01"));
    let defs: Vec<(&str, Option<&str>, &str)> = l
        .definitions
        .iter()
        .map(|d| (d.term.as_str(), d.short.as_deref(), d.source_path.as_str()))
        .collect();
    assert_eq!(
        defs,
        vec![
            ("услугодатель", None, "appendix:1/point:2/subpoint:1"),
            (
                "реестр справок",
                Some("реестр"),
                "appendix:1/point:2/subpoint:2"
            ),
        ]
    );
}

#[test]
fn amendments_listed_in_an_appendix_ru() {
    let d = doc(
        Language::Ru,
        vec![
            point("point:1", "1", "Внести в некоторые приказы Министерства финансов Республики Казахстан изменения согласно приложению к настоящему приказу.", vec![]),
            appendix(
                "appendix:1",
                "Перечень некоторых приказов Министерства финансов Республики Казахстан, в которые вносятся изменения",
                vec![
                    node(NodeKind::Item, "appendix:1/item:1", Some("1"), "В приказ Министра финансов Республики Казахстан от 10 марта 2020 года № 55 \"Об утверждении Правил выдачи справок\" (зарегистрирован в Реестре государственной регистрации нормативных правовых актов под № 20100) внести следующее изменение:", vec![
                        par("appendix:1/item:1/par:1", "пункт 4 исключить."),
                    ]),
                    node(NodeKind::Item, "appendix:1/item:2", Some("2"), "В приказ Министра финансов Республики Казахстан от 11 апреля 2021 года № 66 \"Об утверждении Правил выдачи лицензий\" (зарегистрирован в Реестре государственной регистрации нормативных правовых актов под № 22500) внести следующее изменение:", vec![
                        par("appendix:1/item:2/par:1", "в пункте 2 слова \"десять дней\" заменить словами \"пять дней\"."),
                    ]),
                ],
            ),
        ],
    );
    let l = legal::extract(&d);
    let got: Vec<(AmendOp, &str, Option<&str>, &str)> = l
        .amendments
        .iter()
        .map(|a| {
            (
                a.op,
                a.target_path.as_str(),
                a.target_act.registration_number.as_deref(),
                a.source_path.as_str(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            (
                AmendOp::Exclude,
                "point:4",
                Some("20100"),
                "appendix:1/item:1"
            ),
            (
                AmendOp::SubstituteWords,
                "point:2",
                Some("22500"),
                "appendix:1/item:2"
            ),
        ]
    );
}

#[test]
fn repealed_acts_listed_in_an_appendix_kk() {
    let d = doc(
        Language::Kk,
        vec![
            point("point:1", "1", "Осы бұйрыққа қосымшаға сәйкес Қазақстан Республикасы Қаржы министрінің кейбір бұйрықтарының күші жойылды деп танылсын.", vec![]),
            appendix(
                "appendix:1",
                "Қазақстан Республикасы Қаржы министрінің күші жойылған кейбір бұйрықтарының тізбесі",
                vec![
                    node(NodeKind::Item, "appendix:1/item:1", Some("1"), "\"Анықтамалар беру қағидаларын бекіту туралы\" Қазақстан Республикасы Қаржы министрінің 2020 жылғы 10 наурыздағы № 55 бұйрығы (Нормативтік құқықтық актілерді мемлекеттік тіркеу тізілімінде № 20100 болып тіркелген).", vec![]),
                    node(NodeKind::Item, "appendix:1/item:2", Some("2"), "\"Лицензиялар беру қағидаларын бекіту туралы\" Қазақстан Республикасы Қаржы министрінің 2021 жылғы 11 сәуірдегі № 66 бұйрығы (Нормативтік құқықтық актілерді мемлекеттік тіркеу тізілімінде № 22500 болып тіркелген).", vec![]),
                ],
            ),
        ],
    );
    let l = legal::extract(&d);
    let got: Vec<(AmendOp, Option<&str>, &str)> = l
        .amendments
        .iter()
        .map(|a| {
            (
                a.op,
                a.target_act.registration_number.as_deref(),
                a.source_path.as_str(),
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            (AmendOp::RepealAct, Some("20100"), "appendix:1/item:1"),
            (AmendOp::RepealAct, Some("22500"), "appendix:1/item:2"),
        ]
    );
}

#[test]
fn candidates_and_non_candidates() {
    let d = doc(
        Language::Ru,
        vec![
            point("point:1", "1", "Местный исполнительный орган на основании заявления физических и юридических лиц выдает разрешение на размещение наружной рекламы в течение пяти рабочих дней.", vec![]),
            point("point:2", "2", "Уполномоченный орган проводит проверку заявлений юридических лиц и выдает заключение о соответствии.", vec![]),
            point("point:3", "3", "Территориальное подразделение направляет в центральный государственный орган справку.", vec![]),
        ],
    );
    let l = legal::extract(&d);
    assert_eq!(l.services.len(), 1, "{:#?}", l.services);
    let s = &l.services[0];
    assert_eq!(s.kind, ServiceKind::Candidate);
    assert_eq!(s.source_path, "point:1");
    assert!(
        s.name
            .starts_with("разрешение на размещение наружной рекламы"),
        "{}",
        s.name
    );
    assert!(s.confidence > 0.0 && s.confidence < 0.9);
    assert!(s.quote.contains("на основании заявления"));

    let d = doc(
        Language::Kk,
        vec![
            point("point:1", "1", "Облыстың жергілікті атқарушы органы жеке және заңды тұлғалардың өтініші негізінде сыртқы жарнаманы орналастыруға рұқсат береді.", vec![]),
            point("point:2", "2", "Уәкілетті орган заңды тұлғалардың өтініштерін тексеру жүргізеді және қорытынды береді.", vec![]),
        ],
    );
    let l = legal::extract(&d);
    assert_eq!(l.services.len(), 1, "{:#?}", l.services);
    assert_eq!(l.services[0].kind, ServiceKind::Candidate);
    assert_eq!(l.services[0].source_path, "point:1");
}

/// An act in the corpus's Markdown, through text and structure, to its amendments.
fn amendments_of_markdown(md: &str) -> Vec<legal::Amendment> {
    let text = tizilim_text::markdown::extract(md);
    let doc = tizilim_structure::parse(&text, "act.md", Format::Text);
    legal::extract(&doc).amendments
}

#[test]
fn a_row_given_as_a_quoted_table_in_both_languages() {
    let kk = "# Үкіметтің кейбір шешімдеріне өзгерістер енгізу туралы\n\n<a id=\"p1\"></a>\n\n\
1. «Мекемелердің тізбесін бекіту туралы» Қазақстан Республикасы Үкіметінің 2008 жылғы 15 сәуірдегі № 339 қаулысында:\n\n\
көрсетілген қаулымен бекітілген мекемелердің тізбесінде:\n\n\
мына:\n\n«\n\n<table>\n<tr>\n<td>10)</td>\n<td>Ғылыми-практикалық орталық:</td>\n<td>165</td>\n</tr>\n</table>\n\n> *»*\n\n\
деген жол мынадай редакцияда жазылсын:\n\n«\n\n<table>\n<tr>\n<td>10)</td>\n<td>Ұлттық ғылыми-практикалық орталық</td>\n<td>165</td>\n</tr>\n</table>\n\n> *».*\n\n\
2. Осы қаулы қол қойылған күнінен бастап қолданысқа енгізіледі.\n";
    let ru = "# О внесении изменений в некоторые решения Правительства\n\n<a id=\"p1\"></a>\n\n\
1. В постановлении Правительства Республики Казахстан от 15 апреля 2008 года № 339 «Об утверждении перечня учреждений»:\n\n\
в перечне учреждений, утвержденном указанным постановлением:\n\n\
строку:\n\n«\n\n<table>\n<tr>\n<td>10)</td>\n<td>Научно-практический центр:</td>\n<td>165</td>\n</tr>\n</table>\n\n> *»*\n\n\
изложить в следующей редакции:\n\n«\n\n<table>\n<tr>\n<td>10)</td>\n<td>Национальный научно-практический центр</td>\n<td>165</td>\n</tr>\n</table>\n\n> *».*\n\n\
2. Настоящее постановление вводится в действие со дня его подписания.\n";
    for (lang, md) in [("kk", kk), ("ru", ru)] {
        let ams = amendments_of_markdown(md);
        let edits: Vec<_> = ams.iter().filter(|a| a.op == AmendOp::NewEdition).collect();
        assert_eq!(edits.len(), 1, "{lang}: {ams:#?}");
        assert_eq!(edits[0].target_path, "row:10", "{lang}");
        assert_eq!(edits[0].target_act.number.as_deref(), Some("339"), "{lang}");
    }
}

#[test]
fn a_division_named_in_an_amending_clause_is_not_a_heading() {
    let ru = "# О внесении изменений\n\n<a id=\"p1\"></a>\n\n\
1. Внести в постановление Правительства Республики Казахстан от 24 апреля 2008 года № 387 «О некоторых вопросах» следующие изменения:\n\n\
в перечне учреждений, утвержденном указанным постановлением:\n\n\
раздел 1 «Территориальные органы» дополнить пунктом 2-1 следующего содержания:\n\n\
«2-1. Управление по городу Косшы.».\n\n\
2. Настоящее постановление вводится в действие со дня его подписания.\n";
    let kk = "# Өзгерістер енгізу туралы\n\n<a id=\"p1\"></a>\n\n\
1. «Кейбір мәселелер туралы» Қазақстан Республикасы Үкіметінің 2008 жылғы 24 сәуірдегі № 387 қаулысына мынадай өзгерістер енгізілсін:\n\n\
көрсетілген қаулымен бекітілген мекемелердің тізбесінде:\n\n\
1-бөлім мынадай мазмұндағы 2-1-тармақпен толықтырылсын:\n\n\
«2-1. Қосшы қаласы бойынша басқарма.».\n\n\
2. Осы қаулы қол қойылған күнінен бастап қолданысқа енгізіледі.\n";
    for (lang, md) in [("ru", ru), ("kk", kk)] {
        let ams = amendments_of_markdown(md);
        let ins: Vec<_> = ams.iter().filter(|a| a.op == AmendOp::Insert).collect();
        assert_eq!(ins.len(), 1, "{lang}: {ams:#?}");
        assert!(
            ins[0].target_path.ends_with("point:2-1"),
            "{lang}: {:?}",
            ins[0].target_path
        );
        assert_eq!(ins[0].target_act.number.as_deref(), Some("387"), "{lang}");
    }
}
