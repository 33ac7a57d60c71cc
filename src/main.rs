//! The `tizilim` command line.

fn main() {
    std::process::exit(tizilim_cli::run());
}

#[path = "cli.rs"]
mod tizilim_cli;
