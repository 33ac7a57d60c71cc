//! Legal extraction on text-shaped input: the bytes are read as a plain-text act (so the
//! structure parser produces points, notes and appendices from them) and `legal::extract` runs on
//! the parsed document.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    common::init();
    let text = String::from_utf8_lossy(data);
    let doc = tizilim::text::plain::extract(text.as_bytes());
    let parsed = tizilim::structure::parse(&doc, "fuzz.txt", tizilim::source::Format::Text);
    let legal = tizilim::legal::extract(&parsed);
    let _ = serde_json::to_string(&legal);
});
