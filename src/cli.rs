//! Command-line glue: parses arguments, runs the stages, prints and writes outputs.

/// Runs the command line; returns the exit status.
pub fn run() -> i32 {
    0
}
