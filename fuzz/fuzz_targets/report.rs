//! The act diff and its HTML/Markdown/JSON renderings on two texts (the input split at the first
//! 0xFF byte, each side read as a plain-text act).
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;
use tizilim::source::Format;

fuzz_target!(|data: &[u8]| {
    common::init();
    let cut = data.iter().position(|&b| b == 0xFF).unwrap_or(data.len());
    let (a, b) = (&data[..cut], data.get(cut + 1..).unwrap_or(&[]));
    let old = tizilim::structure::parse(&tizilim::text::plain::extract(a), "old.txt", Format::Text);
    let new = tizilim::structure::parse(&tizilim::text::plain::extract(b), "new.txt", Format::Text);
    let diff = tizilim::report::Diff::between_documents(&old, &new);
    let _ = tizilim::report::render_html(&diff);
    let _ = tizilim::report::render_markdown(&diff);
    let _ = tizilim::report::render_json(&diff);
});
