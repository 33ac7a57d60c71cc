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
    #[command(flatten)]
    input: InputOptions,
}

/// How inputs are read: OCR, repair and their caches. Every option can also come from the
/// environment variable named in its help.
#[derive(clap::Args, Debug, Clone)]
struct InputOptions {
    /// Do not OCR scanned or garbled PDF pages (garbled text is repaired from the text itself).
    #[arg(long, global = true)]
    no_ocr: bool,
    /// Do not repair Latin look-alike garbage in text layers.
    #[arg(long, global = true)]
    no_repair: bool,
    /// Cache folder for OCR results and the compiled repair lexicon [default:
    /// $XDG_CACHE_HOME/tizilim or ~/.cache/tizilim].
    #[arg(long, global = true, env = "TIZILIM_CACHE_DIR", value_name = "DIR")]
    cache_dir: Option<PathBuf>,
    /// Use no cache folder (every scan OCRs again and builds the repair lexicon, ~20 s).
    #[arg(long, global = true, conflicts_with = "cache_dir")]
    no_cache: bool,
    /// The Tesseract program.
    #[arg(
        long,
        global = true,
        env = "TIZILIM_TESSERACT",
        default_value = "tesseract",
        value_name = "PROGRAM"
    )]
    tesseract: PathBuf,
    /// Poppler's pdftoppm program.
    #[arg(
        long,
        global = true,
        env = "TIZILIM_PDFTOPPM",
        default_value = "pdftoppm",
        value_name = "PROGRAM"
    )]
    pdftoppm: PathBuf,
    /// Folder of the Hunspell dictionaries (kk_KZ, ru_RU) used by repair.
    #[arg(long, global = true, env = "TIZILIM_HUNSPELL_DIR", default_value = tizilim::text::repair::HUNSPELL_DIR, value_name = "DIR")]
    hunspell_dir: PathBuf,
    /// Repair search budget per word (states; at most 200000, the default). Smaller is faster
    /// and less accurate.
    #[arg(long, global = true, env = "TIZILIM_REPAIR_POPS", value_name = "N")]
    repair_budget: Option<usize>,
}

impl InputOptions {
    /// The text stage's options; `workers` pages are OCR'd at once.
    fn extract_options(&self, workers: usize) -> tizilim::text::ExtractOptions {
        let cache = if self.no_cache {
            None
        } else {
            self.cache_dir
                .clone()
                .or_else(tizilim::fsutil::user_cache_dir)
        };
        let mut o = tizilim::text::ExtractOptions::default().with_cache_dir(cache);
        o.ocr = !self.no_ocr;
        o.repair = !self.no_repair;
        o.ocr_workers = workers.max(1);
        o.ocr_tools = tizilim::text::ocr::ToolPaths {
            tesseract: self.tesseract.clone(),
            pdftoppm: self.pdftoppm.clone(),
        };
        o.repair_settings.hunspell_dir = Some(self.hunspell_dir.clone());
        o.repair_settings.max_pops = self.repair_budget;
        o
    }
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

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum DiffFormat {
    Html,
    Md,
    Json,
}

#[derive(Subcommand)]
enum RegistryCommand {
    /// Validate codes, required fields and duplicates; print counts.
    Check {
        /// The register file.
        file: PathBuf,
    },
}

#[derive(Subcommand)]
enum Command {
    /// Scan acts: what they amend, repeal, define, which services they name, and the findings
    /// against the register; with --out, the proposal forms.
    Scan {
        /// Act files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// The register file.
        #[arg(long, default_value = "corpus/registry.csv")]
        registry: PathBuf,
        /// Write the proposal forms and findings.json into DIR.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Print one JSON object per file (JSON Lines).
        #[arg(long)]
        json: bool,
    },
    /// Check a register file (CSV, Excel workbook or the register act's HTML page).
    Registry {
        #[command(subcommand)]
        command: RegistryCommand,
    },
    /// Process a whole corpus incrementally into the store, with forms and a report per run.
    Refresh {
        /// The corpus directory.
        #[arg(long, default_value = "corpus")]
        corpus: PathBuf,
        /// The register file.
        #[arg(long, default_value = "corpus/registry.csv")]
        registry: PathBuf,
        /// The SQLite database.
        #[arg(long, default_value = "tizilim.db")]
        db: PathBuf,
        /// The output directory (runs go to OUT/run-N/).
        #[arg(long, default_value = "out")]
        out: PathBuf,
        /// Worker threads, also the pages OCR'd at once (default: one per CPU).
        #[arg(long, default_value_t = 0)]
        jobs: usize,
        /// Print the run summary as JSON on the last line of stdout.
        #[arg(long)]
        json: bool,
    },
    /// Compare two versions of an act (two files) or two runs (`run:N`, `last`, `prev`).
    Diff {
        /// The old act file or run.
        old: String,
        /// The new act file or run.
        new: String,
        /// Report format.
        #[arg(long, value_enum, default_value = "html")]
        format: DiffFormat,
        /// Write the report to FILE instead of stdout.
        #[arg(short = 'o', long = "output")]
        output: Option<PathBuf>,
        /// The database holding the runs.
        #[arg(long, default_value = "tizilim.db")]
        db: PathBuf,
    },
    /// Review in the browser: a local web application over the store, where analysts accept,
    /// reject or send back findings and download the forms of the accepted ones.
    Serve {
        /// The SQLite database.
        #[arg(long, default_value = "tizilim.db")]
        db: PathBuf,
        /// The address to listen on (loopback by default; port 0 picks a free port).
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: std::net::SocketAddr,
        /// Who decides [default: $USER, $LOGNAME or the process's user].
        #[arg(long)]
        user: Option<String>,
        /// The register file, to show each finding's register entry.
        #[arg(long, default_value = "corpus/registry.csv")]
        registry: PathBuf,
    },
    /// Write the proposal forms of the reviewed findings.
    Forms {
        /// Only the findings accepted in review, with their edited wording (required: the forms
        /// of every finding are written by `refresh` and `scan --out`).
        #[arg(long, required = true)]
        accepted: bool,
        /// The output directory.
        #[arg(long)]
        out: PathBuf,
        /// The SQLite database.
        #[arg(long, default_value = "tizilim.db")]
        db: PathBuf,
    },
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
    let input = &cli.input;
    match cli.command {
        Command::Parse { files, format } => parse(&files, format, &input.extract_options(2)),
        Command::Scan {
            files,
            registry,
            out,
            json,
        } => scan(
            &files,
            &registry,
            out.as_deref(),
            json,
            &input.extract_options(2),
        ),
        Command::Registry {
            command: RegistryCommand::Check { file },
        } => registry_check(&file),
        Command::Refresh {
            corpus,
            registry,
            db,
            out,
            jobs,
            json,
        } => {
            let opts = tizilim::refresh::RefreshOptions {
                corpus,
                registry,
                db,
                out,
                jobs,
                json,
                ..Default::default()
            };
            let workers = if jobs == 0 {
                std::thread::available_parallelism().map_or(2, |n| n.get())
            } else {
                jobs
            };
            refresh(&opts, &input.extract_options(workers))
        }
        Command::Serve {
            db,
            addr,
            user,
            registry,
        } => serve(db, addr, user, registry),
        Command::Forms { accepted, out, db } => forms_accepted(accepted, &out, &db),
        Command::Diff {
            old,
            new,
            format,
            output,
            db,
        } => diff(
            &old,
            &new,
            format,
            output.as_deref(),
            &db,
            &input.extract_options(2),
        ),
    }
}

fn parse(files: &[PathBuf], format: ParseFormat, xopts: &tizilim::text::ExtractOptions) -> i32 {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut failed = 0usize;
    for f in files {
        if format == ParseFormat::Blocks {
            match tizilim::source::read(f) {
                Ok(src) => {
                    let t = tizilim::text::extract_with(&src, xopts);
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
        match pipeline::parse_path_with(f, xopts) {
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

fn refresh(opts: &tizilim::refresh::RefreshOptions, xopts: &tizilim::text::ExtractOptions) -> i32 {
    use tizilim::refresh::{FileResult, RunOutputs};
    if !opts.corpus.is_dir() {
        eprintln!(
            "tizilim: corpus directory {} does not exist",
            opts.corpus.display()
        );
        return 2;
    }
    let process = |src: &tizilim::refresh::Source| -> Result<FileResult, String> {
        let (doc, legal) = pipeline::analyse_source_with(src, xopts);
        if doc.tree.is_empty() {
            if let Some(d) = doc
                .diagnostics
                .iter()
                .find(|d| d.severity == tizilim::diag::Severity::Error)
            {
                return Err(d.message.clone());
            }
        }
        Ok(FileResult::new(doc, legal))
    };
    let finish = |inp: &tizilim::refresh::FinishInput<'_>| -> Result<RunOutputs, String> {
        let findings = match &inp.unchanged {
            Some(f) => f.clone(),
            None => pipeline::findings_for_stored(inp.acts, inp.registry)?,
        };
        let files = tizilim::forms::render_all(&findings).map_err(|e| e.to_string())?;
        Ok(RunOutputs { findings, files })
    };
    match tizilim::refresh::run(opts, &process, &finish) {
        Ok(summary) => {
            if opts.json {
                match serde_json::to_string(&summary) {
                    Ok(s) => println!("{s}"),
                    Err(e) => eprintln!("tizilim: {e}"),
                }
            } else {
                println!(
                    "run {}: acts new {}, changed {}, unchanged {}, removed {}, failed {}; findings new {}, resolved {}, total {}",
                    summary.run,
                    summary.acts.new,
                    summary.acts.changed,
                    summary.acts.unchanged,
                    summary.acts.removed,
                    summary.acts.failed,
                    summary.findings.new,
                    summary.findings.resolved,
                    summary.findings.total
                );
                println!("report: {}/report.html", summary.out);
                println!(
                    "forms:  {}/app3_ru.xlsx, app4_ru.xlsx, ... (and _kk)",
                    summary.out
                );
            }
            for e in &summary.errors {
                eprintln!("tizilim: {}: {}", e.file, e.error);
            }
            summary.exit_code()
        }
        Err(e) => {
            eprintln!("tizilim: {e:#}");
            2
        }
    }
}

fn diff(
    old: &str,
    new: &str,
    format: DiffFormat,
    output: Option<&std::path::Path>,
    db: &std::path::Path,
    xopts: &tizilim::text::ExtractOptions,
) -> i32 {
    use tizilim::report::{self, Diff};
    let (po, pn) = (std::path::Path::new(old), std::path::Path::new(new));
    let d: Diff = if po.is_file() && pn.is_file() {
        let a = match pipeline::parse_path_with(po, xopts) {
            Ok(d) => d,
            Err(e) => {
                eprintln!("tizilim: {e}");
                return 1;
            }
        };
        let b = match pipeline::parse_path_with(pn, xopts) {
            Ok(d) => d,
            Err(e) => {
                eprintln!("tizilim: {e}");
                return 1;
            }
        };
        Diff::between_documents(&a, &b)
    } else {
        if !db.is_file() {
            eprintln!("tizilim: {old} and {new} are not files, and there is no database {} to read runs from", db.display());
            return 2;
        }
        let store = match open_store(db) {
            Ok(s) => s,
            Err(code) => return code,
        };
        let ra = match store.resolve_run(old) {
            Ok(r) => r,
            Err(e) => {
                eprintln!("tizilim: {old}: {e}");
                return 2;
            }
        };
        let rb = match store.resolve_run(new) {
            Ok(r) => r,
            Err(e) => {
                eprintln!("tizilim: {new}: {e}");
                return 2;
            }
        };
        match store.run_diff(Some(ra), rb) {
            Ok(rd) => tizilim::refresh::run_report(&rd),
            Err(e) => {
                eprintln!("tizilim: {e}");
                return 2;
            }
        }
    };
    let text = match format {
        DiffFormat::Html => report::render_html(&d),
        DiffFormat::Md => report::render_markdown(&d),
        DiffFormat::Json => report::render_json(&d),
    };
    match output {
        Some(p) => {
            if let Err(e) = tizilim::fsutil::write_atomic(p, text.as_bytes()) {
                eprintln!("tizilim: cannot write {}: {e}", p.display());
                return 2;
            }
            0
        }
        None => {
            let mut out = std::io::stdout().lock();
            match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
                Ok(()) => 0,
                Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => 0,
                Err(e) => {
                    eprintln!("tizilim: {e}");
                    2
                }
            }
        }
    }
}

/// The user who decides: `--user`, else the OS user ($USER, $LOGNAME, else the name of the
/// process's user as `id -un` gives it), else `unknown`.
fn decider(user: Option<String>) -> String {
    let named = |u: String| Some(u.trim().to_string()).filter(|u| !u.is_empty());
    user.and_then(named)
        .or_else(|| std::env::var("USER").ok().and_then(named))
        .or_else(|| std::env::var("LOGNAME").ok().and_then(named))
        .or_else(|| {
            let out = std::process::Command::new("id").arg("-un").output().ok()?;
            out.status
                .success()
                .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
                .and_then(named)
        })
        .unwrap_or_else(|| "unknown".to_string())
}

fn serve(db: PathBuf, addr: std::net::SocketAddr, user: Option<String>, registry: PathBuf) -> i32 {
    if !db.is_file() {
        eprintln!(
            "tizilim: no database {}: run `tizilim refresh` first",
            db.display()
        );
        return 2;
    }
    let opts = tizilim::serve::ServeOptions {
        db,
        addr,
        user: decider(user),
        registry: Some(registry),
    };
    match tizilim::serve::serve(&opts) {
        Ok(()) => 0,
        Err(e) => {
            eprintln!("tizilim: {e}");
            2
        }
    }
}

/// Opens the store of runs, or says why not (exit status 2).
fn open_store(db: &std::path::Path) -> Result<tizilim::store::Store, i32> {
    tizilim::store::Store::open(db).map_err(|e| {
        eprintln!("tizilim: {}: {e}", db.display());
        2
    })
}

fn forms_accepted(accepted: bool, out: &std::path::Path, db: &std::path::Path) -> i32 {
    if !accepted {
        eprintln!("tizilim: forms needs --accepted");
        return 2;
    }
    if !db.is_file() {
        eprintln!("tizilim: no database {}", db.display());
        return 2;
    }
    let store = match open_store(db) {
        Ok(s) => s,
        Err(code) => return code,
    };
    match tizilim::serve::review::write_accepted(&store, out) {
        Ok((export, paths)) => {
            for id in &export.stale {
                eprintln!("tizilim: accepted finding {id} has new evidence since the decision: review it again");
            }
            eprintln!(
                "tizilim: {} accepted findings; wrote {} files to {}",
                export.accepted,
                paths.len(),
                out.display()
            );
            0
        }
        Err(e) => {
            eprintln!("tizilim: {e}");
            2
        }
    }
}

fn registry_check(file: &std::path::Path) -> i32 {
    let report = tizilim::registry::check(file);
    print!("{report}");
    if report.has_errors() {
        1
    } else {
        0
    }
}

fn scan(
    files: &[PathBuf],
    registry: &std::path::Path,
    out_dir: Option<&std::path::Path>,
    json: bool,
    xopts: &tizilim::text::ExtractOptions,
) -> i32 {
    let mut failed = 0usize;
    let mut scanned = Vec::new();
    for f in files {
        match tizilim::source::read(f) {
            Ok(src) => {
                let (mut doc, legal) = pipeline::analyse_source_with(&src, xopts);
                if report_diagnostics(&doc) {
                    failed += 1;
                }
                // Scanned as asked, but said: a README or notes file gives an empty act.
                if let Some(why) = tizilim::refresh::not_an_act(&src) {
                    eprintln!("tizilim: {}: warning: {why}", doc.file);
                    doc.diagnostics
                        .push(tizilim::diag::Diagnostic::warning("", why));
                }
                scanned.push((doc, legal));
            }
            Err(e) => {
                eprintln!("tizilim: {e}");
                failed += 1;
            }
        }
    }
    let reg = registry.exists().then_some(registry);
    if reg.is_none() {
        eprintln!(
            "tizilim: no register at {}: findings are not computed",
            registry.display()
        );
    }
    let findings = match pipeline::findings_for(&scanned, reg) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("tizilim: {}: {e}", registry.display());
            return 2;
        }
    };
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for (doc, legal) in &scanned {
        let mine: Vec<&tizilim::findings::Finding> = findings
            .iter()
            .filter(|f| f.evidence.file == doc.file)
            .collect();
        let r = if json {
            let obj = serde_json::json!({
                "file": doc.file,
                "format": doc.format,
                "language": doc.language,
                "quality": doc.quality,
                "act": doc.act,
                "amendments": legal.amendments,
                "notes": legal.notes,
                "definitions": legal.definitions,
                "services": legal.services,
                "findings": mine,
                "references": legal.references,
                "diagnostics": doc.diagnostics.iter().chain(legal.diagnostics.iter()).collect::<Vec<_>>(),
            });
            writeln!(out, "{obj}")
        } else {
            write_scan_summary(&mut out, doc, legal, &mine)
        };
        if let Err(e) = r {
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                return 0;
            }
            eprintln!("tizilim: cannot write output: {e}");
            return 2;
        }
    }
    let _ = out.flush();
    if let Some(dir) = out_dir {
        match tizilim::forms::write_all(&findings, dir) {
            Ok(paths) => eprintln!("tizilim: wrote {} files to {}", paths.len(), dir.display()),
            Err(e) => {
                eprintln!("tizilim: cannot write forms to {}: {e}", dir.display());
                return 2;
            }
        }
    }
    if failed > 0 {
        1
    } else {
        0
    }
}

fn write_scan_summary(
    out: &mut impl Write,
    doc: &Document,
    legal: &tizilim::legal::LegalContent,
    findings: &[&tizilim::findings::Finding],
) -> std::io::Result<()> {
    let a = &doc.act;
    let dash = "—".to_string();
    writeln!(
        out,
        "{} [{} {}]",
        doc.file,
        doc.format.as_str(),
        doc.language.code()
    )?;
    writeln!(
        out,
        "  act: {} № {} of {}, reg. № {}{}",
        a.id.act_type.as_ref().unwrap_or(&dash),
        a.id.number.as_ref().unwrap_or(&dash),
        a.id.date.as_ref().unwrap_or(&dash),
        a.id.registration_number.as_ref().unwrap_or(&dash),
        if a.status.as_deref() == Some("repealed") {
            " (repealed)"
        } else {
            ""
        }
    )?;
    if let Some(t) = &a.id.title {
        writeln!(out, "  title: {t}")?;
    }
    for m in &legal.amendments {
        let target = m
            .target_act
            .registration_number
            .as_deref()
            .map(|r| format!("reg. № {r}"))
            .or_else(|| m.target_act.number.as_deref().map(|n| format!("№ {n}")))
            .unwrap_or_default();
        writeln!(
            out,
            "  amendment: {:?} {} {} (at {})",
            m.op, target, m.target_path, m.source_path
        )?;
    }
    writeln!(
        out,
        "  notes: {}, definitions: {}, services: {}",
        legal.notes.len(),
        legal.definitions.len(),
        legal.services.len()
    )?;
    for s in &legal.services {
        writeln!(
            out,
            "  service ({:?}, {:.2}): {}",
            s.kind, s.confidence, s.name
        )?;
    }
    for f in findings {
        writeln!(
            out,
            "  finding {:?} → {}: {} [{}]",
            f.kind,
            f.form.as_str(),
            f.service,
            f.register_code.as_deref().unwrap_or("new")
        )?;
    }
    Ok(())
}
