//! `text::pdf::extract` on arbitrary bytes, then structure, legal extraction and JSON output.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    common::init();
    let mut text = tizilim::text::pdf::extract(data);
    tizilim::text::lang::assess(&mut text, true);
    common::rest_of_pipeline(&text, tizilim::source::Format::Pdf);
});
