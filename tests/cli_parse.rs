//! `tizilim parse` as a user runs it: good and bad inputs in one batch, exit status, stderr.

use std::path::{Path, PathBuf};
use std::process::Command;

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_tizilim"))
}

fn fixture(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures")
        .join(rel)
}

/// A minimal PDF whose trailer names an /Encrypt dictionary.
fn encrypted_pdf() -> Vec<u8> {
    let mut pdf = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    let objs = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        "<< /Filter /Standard /V 2 /R 3 /Length 128 /P -4 /O <00112233445566778899AABBCCDDEEFF00112233445566778899AABBCCDDEEFF> /U <00112233445566778899AABBCCDDEEFF00112233445566778899AABBCCDDEEFF> >>",
    ];
    for (i, o) in objs.iter().enumerate() {
        offsets.push(pdf.len());
        pdf.extend_from_slice(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
    }
    let xref = pdf.len();
    pdf.extend_from_slice(format!("xref\n0 {}\n0000000000 65535 f \n", objs.len() + 1).as_bytes());
    for o in offsets {
        pdf.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    pdf.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R /Encrypt 4 0 R /ID [<0011> <0011>] >>\nstartxref\n{xref}\n%%EOF\n",
            objs.len() + 1
        )
        .as_bytes(),
    );
    pdf
}

#[test]
fn batch_with_bad_inputs_goes_on_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let good = fixture("seeds/000_56372298d692b573.txt");
    std::fs::write(d.join("empty.txt"), b"").unwrap();
    std::fs::write(
        d.join("junk.bin"),
        (0..4096u32)
            .map(|i| (i * 7919 % 251) as u8)
            .collect::<Vec<_>>(),
    )
    .unwrap();
    let pdf = std::fs::read(fixture("pdf/kaz_V2100022243.pdf")).unwrap();
    std::fs::write(d.join("truncated.pdf"), &pdf[..pdf.len() / 3]).unwrap();
    std::fs::write(d.join("encrypted.pdf"), encrypted_pdf()).unwrap();
    let html = std::fs::read_to_string(fixture("html/rus_V2500037538.html")).unwrap();
    let html = html
        .replace("charset=\"utf-8\"", "")
        .replace("charset=utf-8", "");
    let (cp1251, _, _) = encoding_rs::WINDOWS_1251.encode(&html);
    std::fs::write(d.join("cp1251.html"), &cp1251).unwrap();

    let names = [
        "empty.txt",
        "junk.bin",
        "truncated.pdf",
        "encrypted.pdf",
        "cp1251.html",
    ];
    let mut cmd = bin();
    cmd.arg("parse").arg("--format").arg("paths").arg(&good);
    for n in names {
        cmd.arg(d.join(n));
    }
    cmd.arg(&good);
    let out = cmd.output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "stderr: {stderr}");
    // Both good copies were processed.
    assert_eq!(
        stdout.matches("appendix:1/point:17\n").count(),
        2,
        "{stdout}"
    );
    // The windows-1251 page decodes and parses: its Rules have chapter 3.
    assert_eq!(
        stdout.matches("appendix:1/chapter:3\n").count(),
        3,
        "{stdout}"
    );
    for bad in ["empty.txt", "junk.bin", "truncated.pdf", "encrypted.pdf"] {
        assert!(stderr.contains(bad), "stderr does not name {bad}: {stderr}");
    }
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(stderr.to_lowercase().contains("encrypt"), "{stderr}");
}

#[test]
fn fifty_megabyte_single_line_text() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("big.txt");
    let unit = "1. Осы бұйрық алғашқы ресми жарияланған күнінен бастап қолданысқа енгізіледі ";
    let mut s = String::with_capacity(50 * 1024 * 1024 + unit.len());
    while s.len() < 50 * 1024 * 1024 {
        s.push_str(unit);
    }
    std::fs::write(&p, s).unwrap();
    let out = bin()
        .arg("parse")
        .arg("--format")
        .arg("paths")
        .arg(&p)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.code().is_some(), "killed by a signal");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn missing_file_is_named() {
    let out = bin()
        .args(["parse", "/nonexistent/act.html"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/act.html"));
}

#[test]
fn usage_error_exits_2() {
    let out = bin().args(["parse"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    let out = bin().args(["frobnicate"]).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
}

/// `scan` of a README among acts: scanned as asked, exit 0, but the file is named as no legal act
/// on stderr and in its diagnostics; the act beside it gets no such warning.
#[test]
fn scan_says_when_a_file_is_no_act() {
    let dir = tempfile::tempdir().unwrap();
    let readme = dir.path().join("README.md");
    std::fs::write(
        &readme,
        "# Acts for the quarterly review\n\nThe ministry sent these acts on Monday; check the \
         register codes before filing the proposals.\n",
    )
    .unwrap();
    let out = bin()
        .args(["--no-ocr", "--no-repair", "scan", "--json"])
        .arg(&readme)
        .arg(fixture("seeds/001_692cbcfd57177d2b.txt"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("README.md: warning: not a legal act"),
        "{stderr}"
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    let docs: Vec<serde_json::Value> = stdout
        .lines()
        .filter(|l| l.starts_with('{'))
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(docs.len(), 2, "{stdout}");
    let says = |d: &serde_json::Value| {
        d["diagnostics"].as_array().unwrap().iter().any(|x| {
            x["message"]
                .as_str()
                .unwrap_or("")
                .starts_with("not a legal act")
        })
    };
    assert!(says(&docs[0]));
    assert!(!says(&docs[1]));
}
