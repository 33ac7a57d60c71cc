//! The HTML reports in a real browser: a refresh over a corpus whose act carries hostile markup in
//! its text, and a diff of two versions of that act, are rendered in headless Chromium by
//! scripts/report_screenshot.sh. The page must render (a screenshot is written), and Chromium's own
//! DOM must show the markup as text: no script ran, no element came from act text.
//!
//! Without Chromium the test says so and checks only that the script refuses to run; CI installs
//! it (`.ci/run`). Set `TIZILIM_REPORT_PNG_DIR=/some/dir` to keep the screenshots for a look.

use std::path::{Path, PathBuf};
use std::process::Command;

const SCRIPT_TEXT: &str = "<script>document.body.setAttribute('data-pwned','script')</script>";
const IMG_TEXT: &str = "\"><img src=x onerror=\"document.body.setAttribute('data-pwned','img')\">";

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn on_path(tool: &str) -> bool {
    std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).any(|d| d.join(tool).is_file()))
        .unwrap_or(false)
}

fn chromium() -> bool {
    ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .any(|b| on_path(b))
}

/// The illustrative Russian by-law with hostile markup in a service name and in a point.
fn hostile_bylaw() -> String {
    let text = std::fs::read_to_string(root().join("corpus/illustrative/bylaw_ru.txt")).unwrap();
    let name = "на вырубку деревьев»";
    assert!(text.contains(name), "the by-law names its service");
    let text = text.replacen(name, &format!("на вырубку деревьев {SCRIPT_TEXT}»"), 1);
    let point = "3. Контроль за исполнением";
    assert!(text.contains(point));
    text.replacen(point, &format!("3. {IMG_TEXT} Контроль за исполнением"), 1)
}

fn tizilim(args: &[&str], dir: &Path) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_tizilim"))
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

/// Renders `report` and returns Chromium's DOM of it; checks the screenshot is a real PNG.
fn render(report: &Path, png: &Path) -> String {
    let dom = png.with_extension("dom.html");
    let out = Command::new(root().join("scripts/report_screenshot.sh"))
        .arg(report)
        .arg(png)
        .arg(&dom)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}: {}",
        report.display(),
        String::from_utf8_lossy(&out.stderr)
    );
    let bytes = std::fs::read(png).unwrap();
    assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"), "not a PNG");
    // IHDR: width and height of the window.
    let w = u32::from_be_bytes([bytes[16], bytes[17], bytes[18], bytes[19]]);
    let h = u32::from_be_bytes([bytes[20], bytes[21], bytes[22], bytes[23]]);
    assert_eq!((w, h), (1280, 2400));
    assert!(bytes.len() > 20_000, "a blank page? {} bytes", bytes.len());
    std::fs::read_to_string(dom).unwrap()
}

/// What Chromium built must carry the hostile markup as escaped text and nothing it would make.
fn assert_inert(dom: &str, what: &str) {
    assert!(
        !dom.contains("data-pwned="),
        "{what}: act text ran as script"
    );
    assert!(!dom.contains("<img"), "{what}: act text became an element");
    assert!(
        !dom.contains("<script"),
        "{what}: a script element in the page"
    );
    assert!(
        dom.contains("&lt;script&gt;document.body.setAttribute"),
        "{what}: the script text is not shown as text"
    );
}

#[test]
fn reports_render_in_chromium_and_act_text_stays_text() {
    let tmp = tempfile::tempdir().unwrap();
    let keep = std::env::var_os("TIZILIM_REPORT_PNG_DIR").map(PathBuf::from);
    let shots = keep.clone().unwrap_or_else(|| tmp.path().join("png"));
    std::fs::create_dir_all(&shots).unwrap();

    // A corpus of one hostile act and the demo register; a refresh writes out/run-1/report.html.
    let corpus = tmp.path().join("corpus");
    std::fs::create_dir_all(&corpus).unwrap();
    let hostile = hostile_bylaw();
    std::fs::write(corpus.join("bylaw_ru.txt"), &hostile).unwrap();
    let registry = root().join("corpus/registry.csv");
    let out = tizilim(
        &[
            "refresh",
            "--corpus",
            corpus.to_str().unwrap(),
            "--registry",
            registry.to_str().unwrap(),
            "--db",
            "t.db",
            "--out",
            "out",
        ],
        tmp.path(),
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let run_report = tmp.path().join("out/run-1/report.html");
    let html = std::fs::read_to_string(&run_report).unwrap();
    assert!(
        html.contains("&lt;script&gt;"),
        "the hostile service name reaches the run report"
    );

    // Two versions of the act: the clean by-law and the hostile one.
    let old = tmp.path().join("old.txt");
    std::fs::copy(root().join("corpus/illustrative/bylaw_ru.txt"), &old).unwrap();
    let new = corpus.join("bylaw_ru.txt");
    let diff = tizilim(
        &[
            "diff",
            old.to_str().unwrap(),
            new.to_str().unwrap(),
            "--format",
            "html",
        ],
        tmp.path(),
    );
    let diff_report = tmp.path().join("diff.html");
    std::fs::write(&diff_report, &diff.stdout).unwrap();
    let diff_html = String::from_utf8_lossy(&diff.stdout);
    assert!(diff_html.contains("Контроль за исполнением"), "{diff_html}");

    if !chromium() {
        eprintln!("chromium not installed: checking only that the render script refuses to run");
        let out = Command::new(root().join("scripts/report_screenshot.sh"))
            .arg(&run_report)
            .arg(shots.join("run.png"))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2));
        assert!(String::from_utf8_lossy(&out.stderr).contains("chromium not found"));
        return;
    }

    let dom = render(&run_report, &shots.join("run-report.png"));
    assert_inert(&dom, "run report");
    // The page reads summary first: the heading and the summary come before any finding.
    assert!(dom.contains("Выдача разрешения на вырубку деревьев"));

    let dom = render(&diff_report, &shots.join("diff-report.png"));
    assert_inert(&dom, "diff report");
    assert!(dom.contains("onerror"), "the img markup is shown as text");
}
