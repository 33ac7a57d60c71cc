//! Shared by the fuzz targets: the panic policy and the pipeline tail.
//!
//! libfuzzer-sys installs a panic hook that aborts, so a panic that production code catches
//! would still count as a crash. The PDF reader deliberately runs lopdf under `catch_unwind`
//! (a lopdf panic becomes an error diagnostic), so panics raised *inside lopdf's source* are let
//! through to that `catch_unwind`; a panic anywhere else (tizilim, scraper, regex, ...) still
//! aborts and is reported as a crash.

#![allow(dead_code)]

use std::sync::Once;

use tizilim::source::Format;
use tizilim::text::TextDoc;

static HOOK: Once = Once::new();

/// Installs the panic policy once per process.
pub fn init() {
    HOOK.call_once(|| {
        let fuzzer_hook = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let in_lopdf = info
                .location()
                .is_some_and(|l| l.file().contains("/lopdf-") || l.file().contains("lopdf/src"));
            if !in_lopdf {
                fuzzer_hook(info);
            }
        }));
    });
}

/// Runs the stages after text extraction, as the command line does, including JSON output.
pub fn rest_of_pipeline(text: &TextDoc, format: Format) {
    let doc = tizilim::structure::parse(text, "fuzz", format);
    let legal = tizilim::legal::extract(&doc);
    let _ = serde_json::to_string(&doc);
    let _ = serde_json::to_string(&legal);
    let _ = doc.unit_paths();
}
