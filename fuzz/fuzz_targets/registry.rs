//! The register loader (CSV, Excel workbook or the register act's HTML page, detected from the
//! bytes) and the register check on arbitrary bytes.
#![no_main]

mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    common::init();
    if let Ok(reg) = tizilim::registry::load_bytes(std::path::Path::new("fuzz.csv"), data) {
        let report = tizilim::registry::check_register(&reg);
        let _ = report.to_string();
    }
});
