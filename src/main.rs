//! The `tizilim` command line.

/// mimalloc: the pipeline makes many small strings per act (lines, words, paths); with glibc's
/// malloc they cost a fifth of the time of an HTML act.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    std::process::exit(tizilim_cli::run());
}

#[path = "cli.rs"]
mod tizilim_cli;
