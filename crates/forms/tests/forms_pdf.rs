//! The printed forms: scripts/forms_pdf.sh converts the XLSX forms with LibreOffice, and the PDF text
//! shows the appendix note, the title and both header levels. Without LibreOffice the test says so
//! and checks only that the script refuses to run.
//!
//! Set `TIZILIM_FORMS_PDF_DIR=/some/dir` to keep the XLSX and PDF files for a look.

use std::path::{Path, PathBuf};
use std::process::Command;

use tizilim_findings::{Evidence, Finding, FindingKind, FormId, ServiceDetails};

fn script() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scripts/forms_pdf.sh")
}

fn on_path(tool: &str) -> bool {
    std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).any(|d| d.join(tool).is_file()))
        .unwrap_or(false)
}

fn hidden(id: &str, name_ru: &str, name_kk: &str) -> Finding {
    Finding {
        kind: FindingKind::Hidden,
        register_code: None,
        service: name_ru.to_string(),
        field: None,
        current: None,
        proposed: None,
        evidence: Evidence {
            file: "order.html".into(),
            path: "appendix:1/point:2".into(),
            quote: "услугодатель выдает разрешение".into(),
        },
        confidence: 0.7,
        form: FormId::App4,
        justification: "приказ Министра от 3 мая 2025 года № 12, пункт 5".into(),
        details: Some(ServiceDetails {
            name_ru: Some(name_ru.into()),
            name_kk: Some(name_kk.into()),
            recipients: Some("individual;legal".into()),
            provider: Some("местные исполнительные органы областей, городов республиканского значения и столицы".into()),
            paid: Some("free".into()),
            term: Some("5 (пять) рабочих дней".into()),
            documents: Some("1) заявление;\n2) копия документа, удостоверяющего личность".into()),
            ..ServiceDetails::default()
        }),
        id: id.into(),
    }
}

#[test]
fn app4_prints_to_pdf_with_title_and_two_level_header() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = match std::env::var_os("TIZILIM_FORMS_PDF_DIR") {
        Some(d) => PathBuf::from(d),
        None => tmp.path().to_path_buf(),
    };
    let xlsx_dir = dir.join("xlsx");
    let findings = [
        hidden(
            "h1",
            "Выдача разрешения на размещение объекта",
            "Объектіні орналастыруға рұқсат беру",
        ),
        hidden(
            "h2",
            "Выдача справки о наличии участка",
            "Учаскенің бар екені туралы анықтама беру",
        ),
    ];
    tizilim_forms::write_all(&findings, &xlsx_dir).unwrap();
    // Only the Appendix 4 forms: they carry the two-level header.
    for entry in std::fs::read_dir(&xlsx_dir).unwrap() {
        let p = entry.unwrap().path();
        let name = p.file_name().unwrap().to_string_lossy().into_owned();
        if !(name.starts_with("app4_") && name.ends_with(".xlsx")) {
            std::fs::remove_file(&p).unwrap();
        }
    }
    let pdf_dir = dir.join("pdf");

    if !on_path("soffice") {
        eprintln!(
            "NOTE: LibreOffice (soffice) is not on PATH, so the forms were not printed to PDF; \
             install it with `apt-get install -y libreoffice-calc-nogui`"
        );
        let out = Command::new("bash")
            .arg(script())
            .arg(&xlsx_dir)
            .arg(&pdf_dir)
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(2),
            "the script must refuse without soffice"
        );
        return;
    }

    let out = Command::new("bash")
        .arg(script())
        .arg(&xlsx_dir)
        .arg(&pdf_dir)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "forms_pdf.sh failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    for (lang, needles) in [
        (
            "ru",
            &[
                "Приложение 4",
                "Форма сведений по внесению дополнений",
                "в том числе:",
                "Правовое основание",
                "размер платы",
                "Выдача разрешения на размещение объекта",
                "бесплатно",
            ][..],
        ),
        (
            "kk",
            &[
                "4-қосымша",
                "Нысан",
                "оның ішінде:",
                "Құқықтық негіздеме",
                "төлем мөлшері",
                "Объектіні орналастыруға рұқсат беру",
                "тегін",
            ][..],
        ),
    ] {
        let pdf = pdf_dir.join(format!("app4_{lang}.pdf"));
        assert!(pdf.is_file(), "{} missing", pdf.display());
        if !on_path("pdftotext") {
            eprintln!("NOTE: pdftotext (poppler-utils) is missing; PDF text not checked");
            continue;
        }
        let text = Command::new("pdftotext")
            .arg(&pdf)
            .arg("-")
            .output()
            .unwrap();
        assert!(text.status.success());
        let text = String::from_utf8_lossy(&text.stdout);
        // pdftotext breaks wrapped cells into lines; compare with whitespace collapsed.
        let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
        for needle in needles {
            assert!(
                flat.contains(needle),
                "{lang}: «{needle}» not in the PDF text:\n{text}"
            );
        }
    }
}

#[test]
fn script_rejects_bad_usage() {
    let out = Command::new("bash").arg(script()).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = Command::new("bash")
        .arg(script())
        .arg("/nonexistent/forms")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}
