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

/// On SIGSEGV (in safe Rust: a stack overflow), abort from an alternate signal stack, so that
/// libFuzzer's SIGABRT handler records the input. Without it, an overflow kills the process
/// before libFuzzer can save anything.
extern "C" fn on_segv(_: libc::c_int, _: *mut libc::siginfo_t, _: *mut libc::c_void) {
    const MSG: &[u8] = b"\n==tizilim-fuzz== SIGSEGV: stack overflow (or a fault); aborting to save the input\n";
    // SAFETY: write(2) and abort(3) are async-signal-safe.
    unsafe {
        libc::write(2, MSG.as_ptr().cast(), MSG.len());
        libc::abort();
    }
}

fn install_segv_handler() {
    const ALT: usize = 1 << 16;
    let stack: &'static mut [u8] = Box::leak(vec![0u8; ALT].into_boxed_slice());
    // SAFETY: the alternate stack is leaked (lives forever); the handler only calls
    // async-signal-safe functions.
    unsafe {
        let ss = libc::stack_t {
            ss_sp: stack.as_mut_ptr().cast(),
            ss_flags: 0,
            ss_size: ALT,
        };
        libc::sigaltstack(&ss, std::ptr::null_mut());
        let mut sa: libc::sigaction = std::mem::zeroed();
        sa.sa_sigaction = on_segv as *const () as usize;
        sa.sa_flags = libc::SA_SIGINFO | libc::SA_ONSTACK;
        libc::sigemptyset(&mut sa.sa_mask);
        libc::sigaction(libc::SIGSEGV, &sa, std::ptr::null_mut());
        libc::sigaction(libc::SIGBUS, &sa, std::ptr::null_mut());
    }
}

/// Installs the panic policy and the SIGSEGV handler once per process.
pub fn init() {
    HOOK.call_once(|| {
        install_segv_handler();
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

/// The text stage's options while fuzzing: no external OCR (the `source` target would start
/// pdftoppm and Tesseract for every PDF without a usable text layer, 70 executions/s instead of
/// 250+, and those programs are not what is fuzzed), no cache on disk, and a small repair
/// budget per word (the instrumented search is ~10x slower). Repair itself stays on.
pub fn extract_options() -> tizilim::text::ExtractOptions {
    let mut o = tizilim::text::ExtractOptions::default().with_cache_dir(None);
    o.ocr = false;
    o.repair_settings.max_pops = Some(300);
    o
}

/// Runs the stages after text extraction, as the command line does, including JSON output.
pub fn rest_of_pipeline(text: &TextDoc, format: Format) {
    let doc = tizilim::structure::parse(text, "fuzz", format);
    let legal = tizilim::legal::extract(&doc);
    let _ = serde_json::to_string(&doc);
    let _ = serde_json::to_string(&legal);
    let _ = doc.unit_paths();
}
