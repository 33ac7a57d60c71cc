//! The HTML reader on the adilet fixtures (fixtures/html, see fixtures/MANIFEST.md and NOTES.md)
//! and on small synthetic pages: header, block kinds and counts, `<br>` handling, table spans,
//! anchors, legacy encodings, and hostile inputs.

use std::time::{Duration, Instant};

use tizilim_lex::diag::Severity;
use tizilim_text::html::extract;
use tizilim_text::{Block, BlockKind, PageQuality, TextDoc};

const KAZ_2021: &str = "kaz_V2100022243.html";
const KAZ_2014: &str = "kaz_V1500010124.html";
const RUS_2025: &str = "rus_V2500037538.html";

fn fixture(name: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../fixtures/html")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn fixture_text(name: &str) -> String {
    String::from_utf8(fixture(name)).expect("fixtures are UTF-8")
}

fn count(doc: &TextDoc, kind: BlockKind) -> usize {
    doc.blocks.iter().filter(|b| b.kind == kind).count()
}

fn tables(doc: &TextDoc) -> impl Iterator<Item = (&Block, &tizilim_text::Table)> {
    doc.blocks
        .iter()
        .filter_map(|b| b.table.as_ref().map(|t| (b, t)))
}

fn page(body: &str) -> Vec<u8> {
    format!("<!DOCTYPE html><html><head><meta charset=\"utf-8\"></head><body>{body}</body></html>")
        .into_bytes()
}

fn adilet_page(article: &str) -> Vec<u8> {
    page(&format!(
        "<div id=\"container\"><div class=\"container_alpha slogan\"><h1>Тақырып</h1></div>\
         <div class=\"container_gamma text\"><div class=\"gs_12\"><article>{article}</article></div></div></div>"
    ))
}

fn texts(doc: &TextDoc) -> Vec<(BlockKind, &str)> {
    doc.blocks
        .iter()
        .map(|b| (b.kind, b.text.as_str()))
        .collect()
}

// ---------------------------------------------------------------- fixtures: header

struct HeaderCase {
    file: &'static str,
    title_starts: &'static str,
    status_class: Option<&'static str>,
    status_label: Option<&'static str>,
    header_contains: &'static [&'static str],
}

const HEADERS: &[HeaderCase] = &[
    HeaderCase {
        file: KAZ_2014,
        title_starts: "Мемлекеттік көрсетілетін қызметтер стандарттары мен регламенттерін",
        status_class: Some("yts"),
        status_label: Some("Күшін жойған"),
        header_contains: &["№ 126 бұйрығы", "Күші жойылды", "№ 68/НҚ бұйрығымен"],
    },
    HeaderCase {
        file: RUS_2025,
        title_starts: "О внесении изменения в приказ Министра национальной экономики",
        status_class: Some("new"),
        status_label: Some("Новый"),
        header_contains: &[
            "от 4 декабря 2025 года № 614/НҚ",
            "5 декабря 2025 года № 37538",
        ],
    },
    HeaderCase {
        file: KAZ_2021,
        title_starts: "\"Мемлекеттік көрсетілетін қызметтер тізілімін жүргізу қағидаларын",
        status_class: None,
        status_label: None,
        header_contains: &["№ 58/НҚ бұйрығы", "№ 22243 болып тіркелді"],
    },
];

#[test]
fn fixture_headers() {
    for case in HEADERS {
        let doc = extract(&fixture(case.file));
        let h = &doc.header;
        let title = h.title.as_deref().unwrap_or_default();
        assert!(
            title.starts_with(case.title_starts),
            "{}: title {title:?}",
            case.file
        );
        assert!(!title.contains('\n'), "{}: title is one line", case.file);
        assert_eq!(
            h.status_class.as_deref(),
            case.status_class,
            "{}",
            case.file
        );
        assert_eq!(
            h.status_label.as_deref(),
            case.status_label,
            "{}",
            case.file
        );
        let line = h.header_line.as_deref().unwrap_or_default();
        for want in case.header_contains {
            assert!(
                line.contains(want),
                "{}: header line {line:?} lacks {want:?}",
                case.file
            );
        }
        // The header is not repeated among the body blocks.
        assert!(
            doc.blocks.iter().all(|b| b.text != line && b.text != title),
            "{}",
            case.file
        );
    }
}

// ---------------------------------------------------------------- fixtures: block counts

struct CountCase {
    file: &'static str,
    paragraphs: usize,
    headings: usize,
    notes: usize,
    tables: usize,
}

/// MANIFEST.md counts every `<p>` of the page: the header `<p>` and the `<p>`s inside table cells
/// are among them, but they are not body paragraphs (the header goes to `PageHeader`, cell
/// paragraphs into the cell's text).
const COUNTS: &[CountCase] = &[
    // MANIFEST: 59 <p>, 7 <h3>, 10 tables; no <p> inside tables.
    CountCase {
        file: KAZ_2021,
        paragraphs: 59 - 1,
        headings: 7,
        notes: 0,
        tables: 10,
    },
    // MANIFEST: 86 <p>, 9 <h3>, 14 tables; 4 <p> in the signature table (z10–z13).
    CountCase {
        file: RUS_2025,
        paragraphs: 86 - 1 - 4,
        headings: 9,
        notes: 0,
        tables: 14,
    },
    // MANIFEST: 15 notes; NOTES.md: h3 for the Rules title, its 3 chapters and 8 appendix
    // titles; 194 <p> tags of which 1 is the header and 15 are the notes.
    CountCase {
        file: KAZ_2014,
        paragraphs: 194 - 1 - 15,
        headings: 12,
        notes: 15,
        tables: 11,
    },
];

#[test]
fn fixture_block_counts() {
    for c in COUNTS {
        let doc = extract(&fixture(c.file));
        let got = (
            count(&doc, BlockKind::Paragraph),
            count(&doc, BlockKind::Heading),
            count(&doc, BlockKind::Note),
            count(&doc, BlockKind::Table),
        );
        assert_eq!(
            got,
            (c.paragraphs, c.headings, c.notes, c.tables),
            "{}",
            c.file
        );
        assert_eq!(
            doc.blocks.len(),
            c.paragraphs + c.headings + c.notes + c.tables
        );
    }
}

/// An independent cross-check on the raw markup: `<p` tags outside `<table>…</table>` (the
/// fixtures do not nest tables), minus the header `<p>`, are the paragraphs plus the notes.
#[test]
fn paragraph_tags_outside_tables_become_blocks() {
    for name in [KAZ_2021, RUS_2025, KAZ_2014] {
        let html = fixture_text(name);
        let mut outside = 0;
        for (i, part) in html.split("<table").enumerate() {
            let tail = if i == 0 {
                part
            } else {
                part.split_once("</table>").map_or("", |(_, t)| t)
            };
            outside += tail.matches("<p>").count() + tail.matches("<p ").count();
        }
        let doc = extract(&html.into_bytes());
        assert_eq!(
            count(&doc, BlockKind::Paragraph) + count(&doc, BlockKind::Note),
            outside - 1,
            "{name}"
        );
    }
}

#[test]
fn notes_are_whole_amendment_notes() {
    let doc = extract(&fixture(KAZ_2014));
    for b in doc.blocks.iter().filter(|b| b.kind == BlockKind::Note) {
        assert!(b.text.starts_with("Ескерту."), "{:?}", b.text);
        assert!(b.text.ends_with("бұйрығымен."), "{:?}", b.text);
        assert!(
            b.text.contains('№'),
            "the link text stays in place: {:?}",
            b.text
        );
    }
    // Headings of the Kazakh act keep their <br> lines.
    assert!(doc
        .blocks
        .iter()
        .any(|b| b.kind == BlockKind::Heading && b.text.contains("стандарттарын әзірлеу тәртібі")));
}

#[test]
fn fixture_pages_are_clean_cyrillic() {
    for name in [KAZ_2021, RUS_2025, KAZ_2014] {
        let doc = extract(&fixture(name));
        assert_eq!(doc.pages.len(), 1, "{name}");
        let p = &doc.pages[0];
        assert_eq!((p.number, p.quality), (1, PageQuality::Clean), "{name}");
        assert!(p.letters > 10_000, "{name}: {} letters", p.letters);
        assert!(p.cyrillic_share > 0.95, "{name}: {}", p.cyrillic_share);
        assert!(!doc.quality.missing_text, "{name}");
        assert!(
            doc.diagnostics.iter().all(|d| d.severity == Severity::Info),
            "{name}: {:?}",
            doc.diagnostics
        );
    }
}

// ---------------------------------------------------------------- <br> and whitespace

#[test]
fn br_separates_words_in_fixture_cells() {
    let doc = extract(&fixture(KAZ_2021));
    let all: String = doc
        .blocks
        .iter()
        .flat_map(|b| b.table.iter())
        .flat_map(|t| t.rows.iter().flatten())
        .map(|c| c.text.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    assert!(all.contains("Қазақстан Республикасының\nЦифрлық даму, инновациялар және"));
    for glued in [
        "РеспубликасыныңЦифрлық",
        "алушы(жеке",
        "актініәзірлейтін",
        "актініңатауы",
    ] {
        assert!(!all.contains(glued), "{glued}");
        assert!(
            doc.blocks.iter().all(|b| !b.text.contains(glued)),
            "{glued}"
        );
    }
    // The Rules heading: title and chapter on two lines.
    assert!(doc
        .blocks
        .iter()
        .any(|b| b.kind == BlockKind::Heading
            && b.text.ends_with("қағидалары\n1-тарау. Жалпы ережелер")));
}

#[test]
fn br_and_whitespace_synthetic() {
    let cases: &[(&str, &[(BlockKind, &str)])] = &[
        (
            "<p id=\"z1\">&nbsp;&nbsp;&nbsp;&nbsp;&nbsp; Қазақстан   Республикасының<br>Цифрлық даму министрі</p>",
            &[(BlockKind::Paragraph, "Қазақстан Республикасының\nЦифрлық даму министрі")],
        ),
        (
            "<p> \"СОГЛАСОВАНО\"<br>Министерство финансов <br> Республики Казахстан </p>",
            &[(BlockKind::Paragraph, "\"СОГЛАСОВАНО\"\nМинистерство финансов\nРеспублики Казахстан")],
        ),
        (
            "<p><br><br>&nbsp;Бірінші<br><br>екінші<br>&nbsp;<br></p>",
            &[(BlockKind::Paragraph, "Бірінші\n\nекінші")],
        ),
        (
            "<p>Сөз<b>тің</b> <i>соңы</i>, «тырнақша» — \"quote\" ҚР</p>",
            &[(BlockKind::Paragraph, "Сөзтің соңы, «тырнақша» — \"quote\" ҚР")],
        ),
        ("<p> &nbsp; </p><p></p>", &[]),
    ];
    for (html, want) in cases {
        let doc = extract(&adilet_page(html));
        assert_eq!(texts(&doc), *want, "{html}");
    }
}

#[test]
fn loose_text_becomes_paragraphs_per_line() {
    let html = "Бірінші жол<br>  екінші <b>жол</b><br><br><a name=\"z7\"></a>Третья строка<div>Блок</div>хвост";
    let doc = extract(&adilet_page(html));
    assert_eq!(
        texts(&doc),
        vec![
            (BlockKind::Paragraph, "Бірінші жол"),
            (BlockKind::Paragraph, "екінші жол"),
            (BlockKind::Paragraph, "Третья строка"),
            (BlockKind::Paragraph, "Блок"),
            (BlockKind::Paragraph, "хвост"),
        ]
    );
    assert_eq!(doc.blocks[2].anchor.as_deref(), Some("z7"));
}

#[test]
fn scripts_and_styles_are_ignored() {
    let html = "<script>var x = '<p>жоқ</p>';</script><style>p{}</style><noscript>нет</noscript>\
                <template><p>шаблон</p></template><p>Бар</p>";
    let doc = extract(&adilet_page(html));
    assert_eq!(texts(&doc), vec![(BlockKind::Paragraph, "Бар")]);
}

// ---------------------------------------------------------------- notes

#[test]
fn note_markup_in_both_languages() {
    // DOMAIN.md §2.1: a note run of span.note and a link, and an editorial remark in red.
    let ru = "<p id=\"z253\">18) пункт;</p>\
        <span class=\"note\">&nbsp;&nbsp; <a name=\"z254\"></a>19) исключен Законом РК от 08.07.2024 </span>\
        <a href=\"/rus/docs/Z2400000116#z20\">№ 116-VIII</a><span class=\"note\"> (вводится в действие по истечении десяти календарных дней после дня его первого официального опубликования).</span><br>\
        <font color=\"#FF0000\">&nbsp;&nbsp; Примечание ИЗПИ!</font><br>\
        <p class=\"note\">&nbsp;&nbsp; Сноска. Пункт 5 в редакции приказа от 17.06.2016 <a href=\"/rus/docs/V1600013903#z2\">№ 264</a>.</p>";
    let kk = "<p id=\"z253\">18) тармақша;</p>\
        <span class=\"note\">&nbsp;&nbsp; <a name=\"z254\"></a>19) тармақша ҚР 08.07.2024 </span>\
        <a href=\"/kaz/docs/Z2400000116#z20\">№ 116-VIII</a><span class=\"note\"> Заңымен алып тасталды (алғашқы ресми жарияланған күнінен кейін күнтізбелік он күн өткен соң қолданысқа енгізіледі).</span><br>\
        <font color=\"#FF0000\">&nbsp;&nbsp; ҚР ЗҚАИ-ның ескертпесі!</font><br>\
        <p class=\"note\">&nbsp;&nbsp; Ескерту. 5-тармақ жаңа редакцияда - ҚР 17.06.2016 <a href=\"/kaz/docs/V1600013903#z2\">№ 264</a> бұйрығымен.</p>";
    for (html, note, remark, footnote) in [
        (
            ru,
            "19) исключен Законом РК от 08.07.2024 № 116-VIII (вводится в действие по истечении десяти календарных дней после дня его первого официального опубликования).",
            "Примечание ИЗПИ!",
            "Сноска. Пункт 5 в редакции приказа от 17.06.2016 № 264.",
        ),
        (
            kk,
            "19) тармақша ҚР 08.07.2024 № 116-VIII Заңымен алып тасталды (алғашқы ресми жарияланған күнінен кейін күнтізбелік он күн өткен соң қолданысқа енгізіледі).",
            "ҚР ЗҚАИ-ның ескертпесі!",
            "Ескерту. 5-тармақ жаңа редакцияда - ҚР 17.06.2016 № 264 бұйрығымен.",
        ),
    ] {
        let doc = extract(&adilet_page(html));
        assert_eq!(
            texts(&doc),
            vec![
                (BlockKind::Paragraph, doc.blocks[0].text.as_str()),
                (BlockKind::Note, note),
                (BlockKind::Note, remark),
                (BlockKind::Note, footnote),
            ]
        );
        assert_eq!(doc.blocks[0].anchor.as_deref(), Some("z253"));
        assert_eq!(doc.blocks[1].anchor.as_deref(), Some("z254"));
    }
}

#[test]
fn black_font_and_plain_spans_are_not_notes() {
    let html = "<font color=\"#000000\">Қарапайым мәтін</font><br><span class=\"x\">Обычный текст</span><br>\
                <p>Мәтін <span class=\"note\">(ескерту)</span> және ұзын жалғасы осында</p>";
    let doc = extract(&adilet_page(html));
    let kinds: Vec<_> = doc.blocks.iter().map(|b| b.kind).collect();
    assert_eq!(kinds, vec![BlockKind::Paragraph; 3]);
}

// ---------------------------------------------------------------- tables

#[test]
fn rus_appendix_4_has_15_columns_with_spans() {
    let doc = extract(&fixture(RUS_2025));
    let (_, t) = tables(&doc)
        .find(|(b, t)| t.bordered && b.text.starts_with("Код государственной услуги"))
        .expect("the appendix 4 form");
    let widths: Vec<usize> = t.rows.iter().map(Vec::len).collect();
    assert_eq!(widths, vec![8, 8, 8, 8, 8, 6, 2, 7, 7, 7, 7]);
    // The numbering rows give the 15 columns in order.
    let numbers: Vec<u32> = t
        .rows
        .iter()
        .filter(|r| r.iter().all(|c| c.text.parse::<u32>().is_ok()))
        .flat_map(|r| r.iter().filter_map(|c| c.text.parse().ok()))
        .collect();
    assert_eq!(numbers, (1..=15).collect::<Vec<_>>());
    // Two-level header: "в том числе:" spans the two columns of the next row, the other five
    // headers span both rows.
    let top = &t.rows[5];
    assert_eq!(top[0].text, "в том числе:");
    assert_eq!((top[0].colspan, top[0].rowspan), (2, 1));
    assert!(
        top[1..].iter().all(|c| (c.colspan, c.rowspan) == (1, 2)),
        "{top:?}"
    );
    let sub: Vec<&str> = t.rows[6].iter().map(|c| c.text.as_str()).collect();
    assert_eq!(sub, vec!["Правовое основание", "размер платы"]);
    // The header row covers the 7 columns of the second part: 2 + 5 × 1.
    let covered: u32 = top.iter().map(|c| c.colspan).sum();
    assert_eq!(covered, 7);
}

#[test]
fn kaz_appendix_2_two_level_header() {
    let doc = extract(&fixture(KAZ_2021));
    let (_, t) = tables(&doc)
        .find(|(_, t)| t.rows.first().is_some_and(|r| r.len() == 11))
        .expect("the appendix 2 form");
    let spanned: Vec<(u32, u32)> = t.rows[0].iter().map(|c| (c.colspan, c.rowspan)).collect();
    assert_eq!(spanned.iter().filter(|s| **s == (2, 1)).count(), 1);
    assert_eq!(spanned.iter().filter(|s| **s == (1, 2)).count(), 10);
    assert_eq!(t.rows[1].len(), 2);
    assert_eq!(t.rows[2].len(), 12);
}

#[test]
fn tables_borders_anchors_and_nesting() {
    let doc = extract(&fixture(KAZ_2021));
    let layout: Vec<_> = tables(&doc).filter(|(_, t)| !t.bordered).collect();
    let forms: Vec<_> = tables(&doc).filter(|(_, t)| t.bordered).collect();
    assert!(!layout.is_empty() && !forms.is_empty());
    // Appendix headers are layout tables whose right cell starts with <a name="zN">.
    assert!(layout
        .iter()
        .any(|(b, _)| b.anchor.as_deref() == Some("z10")));

    let html = "<table border=\"0\"><tr><td colspan=\"abc\">&nbsp;</td>\
        <td rowspan=\"0\" colspan=\"5000\"><p>Бірінші</p><p>екінші<br>үшінші</p>\
        <table border=\"1\"><tr><td>Ішкі</td><td>кесте</td></tr></table>соңы</td></tr>\
        <tr><th>Заголовок</th></tr></table>";
    let doc = extract(&adilet_page(html));
    assert_eq!(doc.blocks.len(), 1);
    let t = doc.blocks[0].table.as_ref().expect("a table");
    assert!(!t.bordered);
    assert_eq!(t.rows.len(), 2);
    assert_eq!((t.rows[0][0].text.as_str(), t.rows[0][0].colspan), ("", 1));
    let c = &t.rows[0][1];
    assert_eq!(c.text, "Бірінші\nекінші\nүшінші\nІшкі\nкесте\nсоңы");
    assert_eq!((c.colspan, c.rowspan), (1000, 1));
    assert_eq!(t.rows[1][0].text, "Заголовок");
    assert_eq!(
        doc.blocks[0].text,
        " | Бірінші екінші үшінші Ішкі кесте соңы\nЗаголовок"
    );
}

#[test]
fn quirks_mode_table_inside_an_open_paragraph() {
    // Without a DOCTYPE, a `<table>` does not close an open `<p>`: the table still is a table.
    for (intro, cell, tail) in [
        ("Кіріспе", "ұяшық", "соңы"),
        ("Введение", "ячейка", "конец"),
    ] {
        let html = format!(
            "<html><body><article><p id=\"z3\">{intro}<table border=1><tr><td>{cell}</td></tr></table>{tail}</p></article>"
        );
        let doc = extract(html.as_bytes());
        assert_eq!(
            texts(&doc),
            vec![
                (BlockKind::Paragraph, intro),
                (BlockKind::Table, cell),
                (BlockKind::Paragraph, tail),
            ]
        );
        assert_eq!(doc.blocks[0].anchor.as_deref(), Some("z3"));
    }
}

// ---------------------------------------------------------------- anchors

#[test]
fn anchors_of_the_fixtures() {
    let doc = extract(&fixture(RUS_2025));
    let anchors: Vec<&str> = doc
        .blocks
        .iter()
        .filter_map(|b| b.anchor.as_deref())
        .collect();
    for want in [
        "z1", "z9", "z24", "z32", "z33", "z37", "z38", "z39", "z43", "z85", "z100",
    ] {
        assert!(anchors.contains(&want), "{want} missing from {anchors:?}");
    }
    // The "СОГЛАСОВАНО" block z24 is the one the seed bookmarks.
    let z24 = doc
        .blocks
        .iter()
        .find(|b| b.anchor.as_deref() == Some("z24"))
        .unwrap();
    assert!(z24.text.starts_with("\"СОГЛАСОВАНО\"\n"), "{:?}", z24.text);

    let doc = extract(&fixture(KAZ_2014));
    let anchors: Vec<&str> = doc
        .blocks
        .iter()
        .filter_map(|b| b.anchor.as_deref())
        .collect();
    for want in ["z1", "z14", "z15", "z26", "z92"] {
        assert!(anchors.contains(&want), "{want} missing");
    }
    // Anchors are unique.
    let mut sorted = anchors.clone();
    sorted.sort_unstable();
    sorted.dedup();
    assert_eq!(sorted.len(), anchors.len());
}

// ---------------------------------------------------------------- encodings

fn without_meta_charset(html: &str) -> String {
    html.replace("<meta charset=\"utf-8\" />", "")
}

#[test]
fn legacy_encodings_without_charset_decode_right() {
    for name in [RUS_2025, KAZ_2021] {
        let html = without_meta_charset(&fixture_text(name));
        assert!(!html.contains("charset"), "{name}");
        let want = extract(html.as_bytes());
        for enc in [encoding_rs::WINDOWS_1251, encoding_rs::KOI8_R] {
            // Letters the encoding lacks (Kazakh ә, қ, ң …) become &#NNNN; references.
            let (bytes, _, _) = enc.encode(&html);
            assert!(
                std::str::from_utf8(&bytes).is_err(),
                "{name} {}",
                enc.name()
            );
            let doc = extract(&bytes);
            assert_eq!(doc.header, want.header, "{name} {}", enc.name());
            assert_eq!(doc.blocks, want.blocks, "{name} {}", enc.name());
            assert!(
                doc.diagnostics
                    .iter()
                    .any(|d| d.message.contains(enc.name())),
                "{name}: {:?}",
                doc.diagnostics
            );
        }
    }
}

#[test]
fn utf16_with_bom() {
    for name in [RUS_2025, KAZ_2014] {
        let html = fixture_text(name);
        let want = extract(html.as_bytes());
        let mut le = vec![0xFF, 0xFE];
        let mut be = vec![0xFE, 0xFF];
        for u in html.encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
            be.extend_from_slice(&u.to_be_bytes());
        }
        for bytes in [le, be] {
            let doc = extract(&bytes);
            assert_eq!(doc.header, want.header, "{name}");
            assert_eq!(doc.blocks, want.blocks, "{name}");
        }
    }
}

#[test]
fn utf8_bom_and_meta_declared_legacy() {
    let mut bytes = vec![0xEF, 0xBB, 0xBF];
    bytes.extend_from_slice(&adilet_page("<p>Сәлем, әлем</p>"));
    assert_eq!(extract(&bytes).blocks[0].text, "Сәлем, әлем");

    let html = "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\"></head>\
                <body><h1>Закон</h1><article><p>Статья 1. Текст</p></article></body></html>";
    let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(html);
    let doc = extract(&bytes);
    assert_eq!(doc.header.title.as_deref(), Some("Закон"));
    assert_eq!(doc.blocks[0].text, "Статья 1. Текст");
}

// ---------------------------------------------------------------- fallbacks

#[test]
fn pages_without_adilet_wrappers() {
    // No header wrapper: the first h1 is the title, nothing else; the article is still read.
    let doc = extract(&page(
        "<h1>Заң</h1><article><h3>1-бап</h3><p>Мәтін</p></article>",
    ));
    assert_eq!(doc.header.title.as_deref(), Some("Заң"));
    assert_eq!(doc.header.status_class, None);
    assert_eq!(doc.header.header_line, None);
    assert_eq!(
        texts(&doc),
        vec![
            (BlockKind::Heading, "1-бап"),
            (BlockKind::Paragraph, "Мәтін")
        ]
    );

    // No article: the container_gamma div.
    let doc = extract(&page(
        "<div class=\"container_alpha slogan\"><h1>Закон</h1><span class=\"status status_upd\">Обновленный</span><p>Закон РК</p></div>\
         <div class=\"container_gamma text text_upd\"><p>Статья 1.</p></div>",
    ));
    assert_eq!(doc.header.status_class.as_deref(), Some("upd"));
    assert_eq!(doc.header.header_line.as_deref(), Some("Закон РК"));
    assert_eq!(texts(&doc), vec![(BlockKind::Paragraph, "Статья 1.")]);
    assert!(doc
        .diagnostics
        .iter()
        .any(|d| d.message.contains("container_gamma")));

    // Only a body: read it, without the header block.
    let doc = extract(&page(
        "<div class=\"slogan\"><h1>Бұйрық</h1><span class=\"status status_err\">Қате түзету</span><p>ҚР бұйрығы</p></div>\
         <h1>Бұйрық</h1><p>1. Бекітілсін.</p>Жалаң мәтін",
    ));
    assert_eq!(doc.header.status_label.as_deref(), Some("Қате түзету"));
    assert_eq!(
        texts(&doc),
        vec![
            (BlockKind::Heading, "Бұйрық"),
            (BlockKind::Paragraph, "1. Бекітілсін."),
            (BlockKind::Paragraph, "Жалаң мәтін"),
        ]
    );
    assert!(doc.diagnostics.iter().any(|d| d.message.contains("<body>")));
}

// ---------------------------------------------------------------- hostile inputs

#[test]
fn deeply_nested_page_is_read_quickly() {
    let n = 100_000;
    let html = format!(
        "<!DOCTYPE html><html><body><article>{}<p>Терең мәтін</p>{}</article></body></html>",
        "<div>".repeat(n),
        "</div>".repeat(n)
    );
    let start = Instant::now();
    let doc = extract(html.as_bytes());
    assert!(
        start.elapsed() < Duration::from_secs(20),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(texts(&doc), vec![(BlockKind::Paragraph, "Терең мәтін")]);
    assert!(doc
        .diagnostics
        .iter()
        .any(|d| d.severity == Severity::Warning && d.message.contains("nested")));

    // Unclosed, nested spans and fonts too.
    let html = format!(
        "<p>{}Мәтін",
        "<span class=\"note\"><font color=red>".repeat(n / 2)
    );
    let doc = extract(html.as_bytes());
    assert_eq!(doc.blocks.len(), 1);
    assert_eq!(doc.blocks[0].text, "Мәтін");
}

#[test]
fn empty_and_garbage_inputs_give_diagnostics() {
    let mut random = Vec::with_capacity(20_000);
    let mut x: u32 = 2_463_534_242;
    for _ in 0..20_000 {
        x ^= x << 13;
        x ^= x >> 17;
        x ^= x << 5;
        random.push((x >> 24) as u8);
    }
    let empties: &[&[u8]] = &[
        b"",
        b"   \n ",
        b"<html><head><title>Only a title</title></head><body></body></html>",
        b"<!-- unclosed comment <p>text</p>",
        b"<table><tr><td></td></tr></table>",
        b"<script>document.write('<p>x</p>')",
        b"\xFF\xFE",
    ];
    for bytes in empties {
        let doc = extract(bytes);
        assert!(
            doc.blocks.iter().all(|b| b.text.trim().is_empty()),
            "{bytes:?}: {:?}",
            doc.blocks
        );
        assert!(doc.quality.missing_text, "{bytes:?}");
        assert_eq!(doc.pages[0].quality, PageQuality::Empty, "{bytes:?}");
        assert!(
            doc.diagnostics
                .iter()
                .any(|d| d.severity == Severity::Warning && d.message.contains("no text")),
            "{bytes:?}: {:?}",
            doc.diagnostics
        );
    }
    let garbage: &[&[u8]] = &[
        &random,
        b"<<<>>>&&&</p></table></td>",
        b"<p>\x00\x01 text</p><td colspan=99999999999999999999 rowspan=-5>cell",
        b"<table><table><table><tr><td><p><h3>x<br>y</p></table>",
        b"<a name=\"\"><font color=\"\"><span class=\"note\">note",
    ];
    for bytes in garbage {
        let doc = extract(bytes);
        assert_eq!(doc.pages.len(), 1);
        assert!(
            !doc.diagnostics.is_empty(),
            "{:?}",
            &bytes[..bytes.len().min(40)]
        );
    }
}

/// The language the text stage sets from the counts it already has is the one
/// `lang::detect_doc` reads from the finished text, for every fixture page and text in both
/// languages (HTML, Markdown exports, plain text, PDF), and a garbled page leaves it unset.
#[test]
fn language_from_the_counts_is_the_detected_one() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures");
    let mut checked = 0;
    for sub in ["html", "seeds", "pdf", "ocr-amend", "legal"] {
        for e in std::fs::read_dir(root.join(sub))
            .into_iter()
            .flatten()
            .flatten()
        {
            let p = e.path();
            if !matches!(
                p.extension().and_then(|x| x.to_str()),
                Some("html" | "txt" | "md" | "pdf")
            ) {
                continue;
            }
            let Ok(src) = tizilim_source::read(&p) else {
                continue;
            };
            let opts = tizilim_text::ExtractOptions {
                ocr: false,
                repair: false,
                cache_dir: None,
                ..tizilim_text::ExtractOptions::default()
            };
            let doc = tizilim_text::extract_with(&src, &opts);
            if doc.quality.garbled {
                assert_eq!(doc.language, None, "{}", p.display());
                continue;
            }
            if let Some(l) = doc.language {
                assert_eq!(l, tizilim_text::lang::detect_doc(&doc), "{}", p.display());
                checked += 1;
            }
        }
    }
    assert!(checked >= 10, "{checked} documents");
    // A small page, in each language.
    for (body, want) in [
        (
            "<p>Мемлекеттік көрсетілетін қызмет стандарты бекітілсін.</p>",
            tizilim_lex::Language::Kk,
        ),
        (
            "<p>Утвердить стандарт государственной услуги.</p>",
            tizilim_lex::Language::Ru,
        ),
    ] {
        let doc = extract(&page(body));
        assert_eq!(doc.language, Some(want));
    }
}
