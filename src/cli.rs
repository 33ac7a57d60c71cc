//! Command-line glue: parses arguments, runs the stages, prints and writes outputs.
//!
//! Exit status (CONTRACT.md): 0 every input processed; 1 some inputs failed (the others were
//! processed and reported); 2 usage error or nothing could run. Errors go to stderr and name the
//! file. A closed stdout (`| head`) ends the run quietly.

use std::io::Write;
use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use tizilim::pipeline;
use tizilim::structure::Document;

#[derive(Parser)]
#[command(
    name = "tizilim",
    version,
    about = "Finds state services in Kazakhstan's legal acts and drafts register proposals"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum ParseFormat {
    /// The whole document as JSON (CONTRACT.md).
    Json,
    /// One structural unit path per line.
    Paths,
    /// An indented outline of the tree.
    Text,
    /// The text blocks as read, before structure (for checking what a reader saw).
    Blocks,
}

#[derive(Subcommand)]
enum Command {
    /// Parse acts into their metadata and structural tree.
    Parse {
        /// Act files (.html, .pdf, .txt, .md); the format is detected from the bytes.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value = "json")]
        format: ParseFormat,
    },
}

/// Runs the command line; returns the exit status.
pub fn run() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let code = if e.use_stderr() { 2 } else { 0 };
            let _ = e.print();
            return code;
        }
    };
    match cli.command {
        Command::Parse { files, format } => parse(&files, format),
    }
}

fn parse(files: &[PathBuf], format: ParseFormat) -> i32 {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut failed = 0usize;
    for f in files {
        if format == ParseFormat::Blocks {
            match tizilim::source::read(f) {
                Ok(src) => {
                    let t = tizilim::text::extract(&src);
                    for b in &t.blocks {
                        let _ = writeln!(
                            out,
                            "[{:?} p{}] {}",
                            b.kind,
                            b.page.unwrap_or(0),
                            b.text.replace('\n', " ⏎ ")
                        );
                    }
                }
                Err(e) => {
                    eprintln!("tizilim: {e}");
                    failed += 1;
                }
            }
            continue;
        }
        match pipeline::parse_path(f) {
            Ok(doc) => {
                if report_diagnostics(&doc) {
                    failed += 1;
                }
                let r = match format {
                    ParseFormat::Json => serde_json::to_string(&doc)
                        .map_err(std::io::Error::other)
                        .and_then(|s| writeln!(out, "{s}")),
                    ParseFormat::Paths => doc
                        .unit_paths()
                        .iter()
                        .try_for_each(|p| writeln!(out, "{p}")),
                    ParseFormat::Text => write_text(&mut out, &doc),
                    ParseFormat::Blocks => Ok(()),
                };
                if let Err(e) = r {
                    if e.kind() == std::io::ErrorKind::BrokenPipe {
                        return 0;
                    }
                    eprintln!("tizilim: cannot write output: {e}");
                    return 2;
                }
            }
            Err(e) => {
                eprintln!("tizilim: {e}");
                failed += 1;
            }
        }
    }
    if out.flush().is_err() {
        return 0;
    }
    if failed > 0 {
        1
    } else {
        0
    }
}

/// Prints a document's errors to stderr, naming the file; true when there were any (the input
/// counts as failed for the exit status, although what could be read is still printed).
fn report_diagnostics(doc: &Document) -> bool {
    let mut any = false;
    for d in &doc.diagnostics {
        if d.severity == tizilim::diag::Severity::Error {
            let at = if d.path.is_empty() {
                String::new()
            } else {
                format!(" at {}", d.path)
            };
            eprintln!("tizilim: {}{at}: {}", doc.file, d.message);
            any = true;
        }
    }
    any
}

fn write_text(out: &mut impl Write, doc: &Document) -> std::io::Result<()> {
    let mut res = Ok(());
    doc.walk(|n| {
        if res.is_err() {
            return;
        }
        let depth = n.path.matches('/').count();
        let label = n
            .number
            .as_deref()
            .map(|x| format!("{x} "))
            .unwrap_or_default();
        let heading = n
            .heading
            .as_deref()
            .map(|h| format!("[{h}] "))
            .unwrap_or_default();
        res = writeln!(
            out,
            "{}{} {}{}{}",
            "  ".repeat(depth),
            n.path,
            label,
            heading,
            n.text.replace('\n', " ⏎ ")
        );
    });
    res
}
