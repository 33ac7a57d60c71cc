//! `text::html::extract` on arbitrary bytes, then structure, legal extraction and JSON output.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    common::init();
    let mut text = tizilim::text::html::extract(data);
    tizilim::text::lang::assess(&mut text, false);
    common::rest_of_pipeline(&text, tizilim::source::Format::Html);
});
