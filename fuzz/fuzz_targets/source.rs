//! The whole pipeline as `tizilim parse` runs it: format detection and decoding from the bytes
//! (`source::from_bytes`), then `pipeline::parse_source` and legal extraction.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    common::init();
    let _ = tizilim::source::decode_text(data, true);
    if let Ok(src) = tizilim::source::from_bytes(std::path::Path::new("fuzz"), data.to_vec()) {
        let doc = tizilim::pipeline::parse_source_with(&src, &common::extract_options());
        let legal = tizilim::legal::extract(&doc);
        let _ = serde_json::to_string(&doc);
        let _ = serde_json::to_string(&legal);
    }
});
