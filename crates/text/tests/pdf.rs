//! The PDF reader on the fixtures (agreement with pdftotext, scanned and OCR'd files) and on
//! tiny synthetic PDFs built with lopdf (fonts, CMaps, layout, broken and hostile files).

use std::io::Write as _;

use lopdf::{dictionary, Document, Object, Stream};
use tizilim_lex::diag::Severity;
use tizilim_text::pdf;
use tizilim_text::reflow::Align;
use tizilim_text::PageQuality;

fn fixture(name: &str) -> Vec<u8> {
    let path = format!("{}/../../fixtures/pdf/{name}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn reference(name: &str) -> String {
    String::from_utf8(fixture(&name.replace(".pdf", ".pdftotext.txt"))).expect("utf-8 reference")
}

/// (fixture, minimum agreement with pdftotext's output).
const AGREEMENT: &[(&str, f64)] = &[
    // LibreOffice: WinAnsi fonts with ToUnicode, the case lopdf's extract_text loses.
    ("kaz_V1500010124.pdf", 0.995),
    // Tesseract text layer: invisible text (render mode 3), Identity-H, one Td per word.
    ("kaz_V1500010124.ocr-kaz.pdf", 0.995),
    // Form tables: header cells whose text wraps over several lines, up to 12 columns, read
    // cell by cell in pdftotext's block order.
    ("kaz_V2100022243.pdf", 0.995),
    ("rus_V2500037538.pdf", 0.995),
];

#[test]
fn agreement_with_pdftotext() {
    for &(name, min) in AGREEMENT {
        let (text, diags) = pdf::plain_text(&fixture(name));
        assert!(
            diags.iter().all(|d| d.severity != Severity::Error),
            "{name}: {diags:?}"
        );
        let a = pdf::agreement(&text, &reference(name));
        assert!(a >= min, "{name}: agreement {a:.4} < {min}");
    }
}

#[test]
fn fixtures_give_clean_cyrillic_pages() {
    for (name, pages, lang_share) in [
        ("kaz_V1500010124.pdf", 15, 0.9),
        ("kaz_V1500010124.ocr-kaz.pdf", 15, 0.9),
        ("kaz_V2100022243.pdf", 7, 0.9),
        ("rus_V2500037538.pdf", 9, 0.9),
    ] {
        let doc = pdf::extract(&fixture(name));
        assert_eq!(doc.pages.len(), pages, "{name}");
        assert!(!doc.quality.missing_text, "{name}");
        for p in &doc.pages {
            assert_eq!(p.quality, PageQuality::Clean, "{name} page {}", p.number);
            assert!(
                p.cyrillic_share > lang_share,
                "{name} page {}: {}",
                p.number,
                p.cyrillic_share
            );
        }
        assert!(doc.blocks.len() > 50, "{name}: {} blocks", doc.blocks.len());
        assert!(doc.blocks.iter().all(|b| b.page.is_some()));
    }
}

#[test]
fn kazakh_letters_survive_winansi_fonts_with_tounicode() {
    let (text, _) = pdf::plain_text(&fixture("kaz_V2100022243.pdf"));
    for word in [
        "Мемлекеттік",
        "көрсетілетін",
        "қызметтер",
        "тізілімін",
        "БҰЙЫРАМЫН",
    ] {
        assert!(text.contains(word), "missing {word}");
    }
    let (text, _) = pdf::plain_text(&fixture("rus_V2500037538.pdf"));
    for word in ["государственных", "услуг", "реестра"] {
        assert!(text.contains(word), "missing {word}");
    }
}

#[test]
fn scanned_pdf_has_no_text_layer() {
    let doc = pdf::extract(&fixture("kaz_V1500010124.scanned.pdf"));
    assert!(doc.quality.missing_text);
    assert_eq!(doc.pages.len(), 15);
    assert!(doc.pages.iter().all(|p| p.quality == PageQuality::Empty));
    assert!(doc.blocks.is_empty());
    assert!(doc
        .diagnostics
        .iter()
        .any(|d| d.severity == Severity::Warning && d.message == "page 3: no text layer"));
}

#[test]
fn wrong_language_ocr_layer_is_extracted() {
    let doc = pdf::extract(&fixture("kaz_V1500010124.ocr-eng.pdf"));
    assert!(!doc.quality.missing_text);
    let letters: usize = doc.pages.iter().map(|p| p.letters).sum();
    assert!(letters > 10_000, "{letters}");
    // Latin look-alike garbage: almost no Cyrillic.
    assert!(doc.pages.iter().all(|p| p.cyrillic_share < 0.2));
    let (text, _) = pdf::plain_text(&fixture("kaz_V1500010124.ocr-eng.pdf"));
    let a = pdf::agreement(&text, &reference("kaz_V1500010124.ocr-eng.pdf"));
    assert!(a >= 0.995, "{a}");
}

#[test]
fn lines_per_page_for_reocr() {
    let (pages, _) = pdf::extract_lines(&fixture("kaz_V1500010124.pdf"));
    assert_eq!(pages.len(), 15);
    for (i, lines) in pages.iter().enumerate() {
        assert!(!lines.is_empty());
        assert!(lines.iter().all(|l| l.page == i as u32 + 1));
    }
    let (pages, _) = pdf::extract_lines(&fixture("kaz_V1500010124.scanned.pdf"));
    assert_eq!(pages.len(), 15);
    assert!(pages.iter().all(Vec::is_empty));
}

// ---------------------------------------------------------------------------------------------
// Synthetic PDFs.

/// A one-font PDF with the given pages' content streams.
fn build(font: lopdf::Dictionary, pages: &[&[u8]]) -> Vec<u8> {
    build_with(font, pages, dictionary! {})
}

fn build_with(font: lopdf::Dictionary, pages: &[&[u8]], xobjects: lopdf::Dictionary) -> Vec<u8> {
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let font_id = doc.add_object(font);
    let resources = doc.add_object(dictionary! {
        "Font" => dictionary! { "F1" => font_id },
        "XObject" => xobjects,
    });
    let mut kids = Vec::new();
    for content in pages {
        let c = doc.add_object(Stream::new(dictionary! {}, content.to_vec()));
        let page = doc.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => pages_id,
            "Contents" => c,
            "Resources" => resources,
            "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        });
        kids.push(Object::Reference(page));
    }
    let count = kids.len() as i64;
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => kids, "Count" => count }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).expect("save");
    out
}

fn cmap_stream(body: &str) -> Stream {
    let text = format!(
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n{body}\nendcmap\nend end"
    );
    Stream::new(dictionary! {}, text.into_bytes())
}

/// A simple font with 500/1000 glyphs and 250/1000 spaces.
fn simple_font(extra: lopdf::Dictionary) -> lopdf::Dictionary {
    let widths: Vec<Object> = (32..=255)
        .map(|c| Object::Integer(if c == 32 { 250 } else { 500 }))
        .collect();
    let mut d = dictionary! {
        "Type" => "Font",
        "Subtype" => "Type1",
        "BaseFont" => "Helvetica",
        "FirstChar" => 32,
        "LastChar" => 255,
        "Widths" => widths,
        "Encoding" => "WinAnsiEncoding",
    };
    for (k, v) in extra.iter() {
        d.set(k.clone(), v.clone());
    }
    d
}

fn text_of(bytes: &[u8]) -> String {
    let (t, diags) = pdf::plain_text(bytes);
    assert!(
        diags.iter().all(|d| d.severity != Severity::Error),
        "{diags:?}"
    );
    t
}

#[test]
fn type0_identity_h_with_tounicode_bfrange() {
    let mut doc_font = dictionary! {
        "Type" => "Font",
        "Subtype" => "Type0",
        "BaseFont" => "Test-Bold",
        "Encoding" => "Identity-H",
    };
    // Built in its own document below: references need ids, so assemble by hand.
    let mut doc = Document::with_version("1.5");
    let tu = doc.add_object(cmap_stream(
        "1 begincodespacerange <0000> <FFFF> endcodespacerange\n\
         2 beginbfrange <0010> <0012> <049A> <0020> <0021> [<0430> <04B0>] endbfrange\n\
         1 beginbfchar <0030> <0437> endbfchar",
    ));
    let cid = doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "CIDFontType2",
        "BaseFont" => "Test-Bold",
        "DW" => 600,
        "W" => vec![0x10.into(), vec![700.into(), 700.into()].into()],
    });
    doc_font.set("ToUnicode", tu);
    doc_font.set("DescendantFonts", vec![Object::Reference(cid)]);
    let font_id = doc.add_object(doc_font);
    let pages_id = doc.new_object_id();
    let content = doc.add_object(Stream::new(
        dictionary! {},
        b"BT /F1 12 Tf 72 700 Td <001000200030002000110021> Tj ET".to_vec(),
    ));
    let page = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages_id, "Contents" => content,
        "Resources" => dictionary! { "Font" => dictionary! { "F1" => font_id } },
        "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(
            dictionary! { "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1 },
        ),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).expect("save");

    assert_eq!(text_of(&bytes), "Қазақ\u{4b0}\n");
    let (pages, _) = pdf::extract_lines(&bytes);
    assert!(pages[0][0].bold);
}

#[test]
fn differences_with_afii_glyph_names() {
    let enc = dictionary! {
        "Type" => "Encoding",
        "BaseEncoding" => "WinAnsiEncoding",
        "Differences" => vec![
            192.into(), "afii10033".into(), "afii10082".into(), "afii10074".into(),
            "afii10067".into(), "afii10070".into(), "afii10084".into(),
            200.into(), "uni04D9".into(), "Kadescendercyrillic".into(), "afii61352".into(),
        ],
    };
    let bytes = build(
        simple_font(dictionary! { "Encoding" => enc }),
        &[b"BT /F1 12 Tf 72 700 Td <C0C1C2C3C4C5> Tj 0 -20 Td (\\310\\311 \\312 1) Tj ET"],
    );
    assert_eq!(text_of(&bytes), "Привет\nәҚ № 1\n");
}

#[test]
fn tounicode_wins_over_encoding() {
    // The case lopdf's extract_text loses: WinAnsi /Encoding plus a ToUnicode to Cyrillic.
    let mut doc = Document::with_version("1.5");
    let tu = doc.add_object(cmap_stream(
        "1 begincodespacerange <00> <FF> endcodespacerange\n\
         3 beginbfchar <01> <049B> <02> <0430> <03> <0437> endbfchar",
    ));
    let font = simple_font(dictionary! { "ToUnicode" => tu });
    let font_id = doc.add_object(font);
    let pages_id = doc.new_object_id();
    let content = doc.add_object(Stream::new(
        dictionary! {},
        b"BT /F1 12 Tf 72 700 Td <0102030201> Tj ( A) Tj ET".to_vec(),
    ));
    let page = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages_id, "Contents" => content,
        "Resources" => dictionary! { "Font" => dictionary! { "F1" => font_id } },
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(
            dictionary! { "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1 },
        ),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).expect("save");
    // Codes outside the ToUnicode map fall back to WinAnsi.
    assert_eq!(text_of(&bytes), "қазақ A\n");
}

#[test]
fn tj_kerning_gaps_become_spaces() {
    let bytes = build(
        simple_font(dictionary! {}),
        &[b"BT /F1 10 Tf 72 700 Td [(Word) -400 (gap) -30 (kern) 20 (ed)] TJ ET"],
    );
    assert_eq!(text_of(&bytes), "Word gapkerned\n");
}

#[test]
fn positioned_words_get_spaces_and_lines_order_top_to_bottom() {
    let bytes = build(
        simple_font(dictionary! {}),
        &[b"BT /F1 10 Tf 1 0 0 1 72 600 Tm (second) Tj ET \
            BT /F1 10 Tf 1 0 0 1 72 700 Tm (first) Tj 1 0 0 1 100 700 Tm (line) Tj ET \
            BT /F1 10 Tf 1 0 0 1 60 700.8 Tm (x) Tj ET"],
    );
    // "x" sits on the first baseline (within tolerance), drawn last but first in x order.
    assert_eq!(text_of(&bytes), "x first line\nsecond\n");
}

#[test]
fn wrapped_table_cells_are_read_cell_by_cell_and_a_row_stays_one_line() {
    // Two cells whose text wraps over two lines, then a row of numbers on one baseline.
    // pdftotext reads "one two / three", then "four five / six", then 1, 2, 3.
    let bytes = build(
        simple_font(dictionary! {}),
        &[
            b"BT /F1 10 Tf 1 0 0 1 72 700 Tm (one two) Tj 1 0 0 1 72 688 Tm (three) Tj \
            1 0 0 1 200 700 Tm (four five) Tj 1 0 0 1 200 688 Tm (six) Tj \
            1 0 0 1 72 660 Tm (1) Tj 1 0 0 1 200 660 Tm (2) Tj 1 0 0 1 320 660 Tm (3) Tj ET",
        ],
    );
    assert_eq!(text_of(&bytes), "one two\nthree\nfour five\nsix\n1\t2\t3\n");
}

#[test]
fn a_word_set_apart_is_a_block_read_as_pdftotext_reads_it() {
    // "line" is 1.3 font sizes right of "first": too far to join its block (0.7), so it is a
    // block of its own, and the block below the first one, wholly left of it, comes before it
    // (pdftotext gives "x first", "second", "line").
    let bytes = build(
        simple_font(dictionary! {}),
        &[b"BT /F1 10 Tf 1 0 0 1 72 600 Tm (second) Tj ET \
            BT /F1 10 Tf 1 0 0 1 72 700 Tm (first) Tj 1 0 0 1 110 700 Tm (line) Tj ET \
            BT /F1 10 Tf 1 0 0 1 60 700.8 Tm (x) Tj ET"],
    );
    assert_eq!(text_of(&bytes), "x first\nsecond\nline\n");
}

#[test]
fn form_xobjects_and_invisible_text_are_read() {
    let form = Stream::new(
        dictionary! {
            "Type" => "XObject", "Subtype" => "Form",
            "BBox" => vec![0.into(), 0.into(), 100.into(), 100.into()],
            "Matrix" => vec![1.into(), 0.into(), 0.into(), 1.into(), 0.into(), (-100).into()],
        },
        b"BT /F1 12 Tf 72 700 Td (inside) Tj ET".to_vec(),
    );
    let doc_bytes = {
        let mut doc = Document::with_version("1.5");
        let form_id = doc.add_object(form);
        let font_id = doc.add_object(simple_font(dictionary! {}));
        let pages_id = doc.new_object_id();
        let content = doc.add_object(Stream::new(
            dictionary! {},
            b"BT 3 Tr /F1 12 Tf 72 700 Td (outside) Tj ET q /X1 Do Q".to_vec(),
        ));
        let page = doc.add_object(dictionary! {
            "Type" => "Page", "Parent" => pages_id, "Contents" => content,
            "Resources" => dictionary! {
                "Font" => dictionary! { "F1" => font_id },
                "XObject" => dictionary! { "X1" => form_id },
            },
        });
        doc.objects.insert(
            pages_id,
            Object::Dictionary(
                dictionary! { "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1 },
            ),
        );
        let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
        doc.trailer.set("Root", catalog);
        let mut b = Vec::new();
        doc.save_to(&mut b).expect("save");
        b
    };
    assert_eq!(text_of(&doc_bytes), "outside\ninside\n");
}

#[test]
fn self_drawing_form_is_bounded() {
    let mut doc = Document::with_version("1.5");
    let form_id = doc.new_object_id();
    let font_id = doc.add_object(simple_font(dictionary! {}));
    let res = dictionary! {
        "Font" => dictionary! { "F1" => font_id },
        "XObject" => dictionary! { "X1" => form_id },
    };
    doc.objects.insert(
        form_id,
        Object::Stream(Stream::new(
            dictionary! { "Type" => "XObject", "Subtype" => "Form", "Resources" => res.clone() },
            b"BT /F1 12 Tf 72 700 Td (loop) Tj ET /X1 Do /X1 Do".to_vec(),
        )),
    );
    let pages_id = doc.new_object_id();
    let content = doc.add_object(Stream::new(dictionary! {}, b"/X1 Do".to_vec()));
    let page = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages_id, "Contents" => content, "Resources" => res,
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(
            dictionary! { "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1 },
        ),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).expect("save");
    // 2^13 - 1 draws at one place: the overprinted duplicates collapse to one word.
    let (text, _) = pdf::plain_text(&bytes);
    assert_eq!(text, "loop\n");
}

#[test]
fn page_numbers_and_repeated_footers_are_furniture() {
    let pages: Vec<Vec<u8>> = (1..=3)
        .map(|n| {
            format!(
                "BT /F1 12 Tf 72 800 Td ({n}) Tj ET \
                 BT /F1 12 Tf 72 700 Td (Body text of page {n} goes here and on.) Tj ET \
                 BT /F1 12 Tf 72 680 Td (More body text.) Tj ET \
                 BT /F1 8 Tf 72 30 Td (Copyright 2012. Institute of legislation) Tj ET"
            )
            .into_bytes()
        })
        .collect();
    let refs: Vec<&[u8]> = pages.iter().map(Vec::as_slice).collect();
    let bytes = build(simple_font(dictionary! {}), &refs);
    let (all, _) = pdf::plain_text(&bytes);
    assert_eq!(all.matches("Copyright").count(), 3);
    let (lines, diags) = pdf::extract_lines(&bytes);
    let texts: Vec<Vec<&str>> = lines
        .iter()
        .map(|p| p.iter().map(|l| l.text.as_str()).collect())
        .collect();
    assert_eq!(
        texts[1],
        vec!["Body text of page 2 goes here and on.", "More body text."]
    );
    let infos: Vec<&str> = diags
        .iter()
        .filter(|d| d.severity == Severity::Info)
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(
        infos,
        vec![
            "removed 3 page number line(s)",
            "removed 3 repeated header/footer line(s)"
        ]
    );
}

#[test]
fn alignment_indent_and_gaps() {
    let bytes = build(
        simple_font(dictionary! {}),
        &[b"BT /F1 10 Tf 1 0 0 1 282.5 800 Tm (Appendix 1) Tj ET \
            BT /F1 10 Tf 1 0 0 1 225 780 Tm (to the Rules of keeping) Tj ET \
            BT /F1 10 Tf 1 0 0 1 157.25 760 Tm (Title in the centre) Tj ET \
            BT /F1 10 Tf 1 0 0 1 100 700 Tm (Indented first line of a paragraph that runs long.) Tj ET \
            BT /F1 10 Tf 1 0 0 1 72 688 Tm (Second line of the paragraph running to the margin end.) Tj ET \
            BT /F1 10 Tf 1 0 0 1 72 676 Tm (Third line of the paragraph running to the margin ends.) Tj ET \
            BT /F1 10 Tf 1 0 0 1 72 640 Tm (After a gap.) Tj ET"],
    );
    let (pages, _) = pdf::extract_lines(&bytes);
    let l = &pages[0];
    assert_eq!(l.len(), 7);
    assert_eq!(l[0].align, Align::Right, "{:?}", l[0]);
    assert_eq!(l[1].align, Align::Right);
    assert_eq!(l[2].align, Align::Center);
    assert_eq!(l[3].align, Align::Left);
    assert!(l[3].indent > 4.0 && l[3].indent < 8.0, "{}", l[3].indent);
    assert_eq!(l[4].indent, 0.0);
    assert_eq!(l[5].gap_before, 0.0);
    assert!(l[6].gap_before > 1.5, "{}", l[6].gap_before);
}

// ---------------------------------------------------------------------------------------------
// Broken and hostile files: text or diagnostics, never a panic.

#[test]
fn truncated_pdf_is_recovered_or_reported() {
    for name in ["kaz_V1500010124.pdf", "rus_V2500037538.pdf"] {
        let full = fixture(name);
        for cut in [full.len() / 3, full.len() / 2, full.len() - 100] {
            let (text, diags) = pdf::plain_text(&full[..cut]);
            let error = diags.iter().any(|d| d.severity == Severity::Error);
            let warned = diags.iter().any(|d| d.message.contains("damaged PDF"));
            assert!(
                (!text.trim().is_empty() && warned) || error,
                "{name} cut at {cut}: {diags:?}"
            );
        }
    }
    // Late cuts keep most of the text.
    let full = fixture("kaz_V1500010124.pdf");
    let (text, _) = pdf::plain_text(&full[..full.len() - 100]);
    assert!(text.contains("Мемлекеттік"));
}

#[test]
fn garbage_after_header_gives_an_error() {
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    for len in [0usize, 10, 1000, 50_000] {
        let mut bytes = b"%PDF-1.7\n".to_vec();
        for _ in 0..len {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            bytes.push(seed as u8);
        }
        let doc = pdf::extract(&bytes);
        assert!(doc.blocks.is_empty());
        assert!(
            doc.diagnostics
                .iter()
                .any(|d| d.severity == Severity::Error),
            "{len}: {:?}",
            doc.diagnostics
        );
    }
}

#[test]
fn encrypted_pdf_is_refused() {
    let plain = build(
        simple_font(dictionary! {}),
        &[b"BT /F1 12 Tf 72 700 Td (x) Tj ET"],
    );
    let mut doc = Document::load_mem(&plain).expect("reload");
    doc.trailer.set("Encrypt", Object::Reference((99, 0)));
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).expect("save");
    let doc = pdf::extract(&bytes);
    assert!(doc.blocks.is_empty());
    assert!(doc
        .diagnostics
        .iter()
        .any(|d| d.severity == Severity::Error && d.message.starts_with("encrypted PDF: ")));
}

#[test]
fn decompression_bomb_is_capped() {
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
    let block = vec![b' '; 1 << 20];
    for _ in 0..80 {
        z.write_all(&block).expect("deflate");
    }
    let bomb = z.finish().expect("deflate");
    assert!(bomb.len() < 200_000);
    let mut doc = Document::with_version("1.5");
    let font_id = doc.add_object(simple_font(dictionary! {}));
    let bomb_id = doc.add_object(Stream::new(dictionary! { "Filter" => "FlateDecode" }, bomb));
    let ok = doc.add_object(Stream::new(
        dictionary! {},
        b"BT /F1 12 Tf 72 700 Td (survivor) Tj ET".to_vec(),
    ));
    let pages_id = doc.new_object_id();
    let page = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages_id,
        "Contents" => vec![Object::Reference(bomb_id), Object::Reference(ok)],
        "Resources" => dictionary! { "Font" => dictionary! { "F1" => font_id } },
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(
            dictionary! { "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1 },
        ),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog);
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).expect("save");
    let (text, diags) = pdf::plain_text(&bytes);
    assert_eq!(text, "survivor\n");
    assert!(
        diags
            .iter()
            .any(|d| d.message.contains("content stream skipped")),
        "{diags:?}"
    );
}
