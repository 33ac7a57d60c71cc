//! Re-OCR of the scanned fixture: the recognised words of page 1 match the page's text, the
//! cache answers a second run, and without the tools the error names the packages to install.

use std::collections::HashSet;
use std::path::Path;

use tizilim_lex::diag::Severity;
use tizilim_text::ocr;
use tizilim_text::reflow::Align;
use tizilim_text::Language;

const SCAN: &str = "../../fixtures/pdf/kaz_V1500010124.scanned.pdf";
const TEXT: &str = "../../fixtures/pdf/kaz_V1500010124.pdftotext.txt";

fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 3)
        .map(str::to_lowercase)
        .collect()
}

#[test]
fn ocr_page_one_matches_the_text_layer() {
    let tools = ocr::tools();
    if let Err(e) = &tools {
        // Without the tools, the message must say what to install.
        assert!(
            e.contains("tesseract-ocr-kaz") && e.contains("poppler-utils"),
            "{e}"
        );
        let (pages, diags) = ocr::ocr_pages(Path::new(SCAN), &[1], Language::Kk, None);
        assert!(pages.is_empty());
        assert!(diags
            .iter()
            .any(|d| d.severity == Severity::Error && d.message.contains("apt-get install")));
        return;
    }
    let cache = tempfile::tempdir().unwrap();
    let (pages, diags) = ocr::ocr_pages(Path::new(SCAN), &[1], Language::Kk, Some(cache.path()));
    assert_eq!(pages.len(), 1, "{diags:?}");
    let (n, lines) = &pages[0];
    assert_eq!(*n, 1);
    assert!(lines.len() > 20, "{} lines", lines.len());
    assert!(lines
        .iter()
        .all(|l| l.page == 1 && !l.text.trim().is_empty()));
    // Page 1 of the text layer: at least 80% of its words are recognised.
    let reference = std::fs::read_to_string(TEXT).unwrap();
    let page1 = reference.split('\u{c}').next().unwrap();
    let got: HashSet<String> = words(
        &lines
            .iter()
            .map(|l| l.text.as_str())
            .collect::<Vec<_>>()
            .join("\n"),
    )
    .into_iter()
    .collect();
    let want = words(page1);
    let found = want.iter().filter(|w| got.contains(*w)).count();
    let overlap = found as f64 / want.len() as f64;
    assert!(overlap >= 0.8, "word overlap {overlap:.3}");
    // The first lines are the title, centred; body lines start at the margin.
    assert!(lines
        .iter()
        .any(|l| l.indent == 0.0 && l.align == Align::Left));
    // A second run comes from the cache and gives the same lines.
    let (again, diags2) = ocr::ocr_pages(Path::new(SCAN), &[1], Language::Kk, Some(cache.path()));
    assert_eq!(again, pages);
    assert!(
        diags2
            .iter()
            .any(|d| d.message.contains("1 from the cache")),
        "{diags2:?}"
    );
}

#[test]
fn tesseract_language_order_follows_the_document() {
    assert_eq!(ocr::tesseract_langs(Language::Kk), "kaz+rus");
    assert_eq!(ocr::tesseract_langs(Language::Ru), "rus+kaz");
}

#[test]
fn missing_pdf_is_a_diagnostic_not_a_panic() {
    if ocr::tools().is_err() {
        return;
    }
    let (pages, diags) = ocr::ocr_pages(
        Path::new("../../fixtures/pdf/no-such-file.pdf"),
        &[1],
        Language::Ru,
        None,
    );
    assert!(pages.is_empty());
    assert!(
        diags
            .iter()
            .any(|d| d.severity == Severity::Error && d.path == "page:1"),
        "{diags:?}"
    );
}

#[test]
fn missing_tools_name_the_packages() {
    let e = ocr::tools_at(
        Path::new("/nonexistent/tesseract"),
        Path::new("/nonexistent/pdftoppm"),
    )
    .unwrap_err();
    assert!(
        e.contains("tesseract") && e.contains("tesseract-ocr-kaz tesseract-ocr-rus poppler-utils"),
        "{e}"
    );
    if let Ok(t) = ocr::tools() {
        let e = ocr::tools_at(&t.tesseract, Path::new("/nonexistent/pdftoppm")).unwrap_err();
        assert!(e.contains("pdftoppm") && e.contains("poppler-utils"), "{e}");
    }
}
