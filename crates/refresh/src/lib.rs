//! `tizilim-refresh`: the pipeline glue ([`pipeline`]: file → document → legal content →
//! findings) and the scheduled job that re-processes a corpus of acts incrementally into the
//! [`store`](tizilim_store) and writes the run's reports.
//!
//! One run: take the store's lock; walk the corpus (acts are `.html`/`.htm`/`.pdf`/`.txt`/`.md`,
//! the register file excluded; a `.txt`/`.md` file of Latin prose, a README or notes, is no act:
//! [`not_an_act`]); skip files whose size and mtime are as stored, then files whose
//! content hash is as stored; process the rest in parallel (`jobs` threads), each result stored
//! in its own transaction as it arrives, a failure recorded without stopping; mark the files
//! that are gone; compute the run's findings from all current acts; and at the commit point
//! store the findings and write `out/run-N/` (`report.html`, `report.md`, `summary.json`, plus
//! the caller's files). What "processing a file" and "findings" mean is the caller's: `run`
//! takes both as callbacks, so this module knows nothing about parsing.
//!
//! Killed at any moment, a rerun loses nothing and duplicates nothing: see the store's
//! crash-safety notes.

pub mod pipeline;

use std::collections::{HashMap, HashSet};
use std::io::IsTerminal;
use std::panic::AssertUnwindSafe;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::time::UNIX_EPOCH;

use anyhow::{bail, Context};
use serde::Serialize;

use tizilim_findings::Finding;
pub use tizilim_findings::{ActFacts, FactSource};
use tizilim_report::{self as report, Diff};
pub use tizilim_source::Source;
use tizilim_source::SourceError;
use tizilim_store::{self as st, FileMeta, Outcome, Store};
pub use tizilim_store::{ActCounts, FileResult, FindingCounts};

/// File extensions taken as acts.
pub const ACT_EXTENSIONS: &[&str] = &["html", "htm", "pdf", "txt", "md"];

/// Directories deeper than this below the corpus root are not walked.
const MAX_DEPTH: usize = 32;

/// Options of one refresh (CONTRACT.md `tizilim refresh`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefreshOptions {
    /// The corpus directory.
    pub corpus: PathBuf,
    /// The register file (skipped by the walk; its hash is recorded with the run).
    pub registry: PathBuf,
    /// The store's database file.
    pub db: PathBuf,
    /// The output directory; the run writes `out/run-N/`.
    pub out: PathBuf,
    /// Worker threads (0: one per CPU).
    pub jobs: usize,
    /// The caller prints the summary as JSON: keep stderr to errors when it is not a terminal.
    pub json: bool,
    /// The processor's version; a stored result made by another version is redone.
    pub version: String,
}

impl RefreshOptions {
    /// Options with CONTRACT.md's defaults: `corpus`, `corpus/registry.csv`, `tizilim.db`,
    /// `out`, one job per CPU, this crate's version.
    pub fn new() -> Self {
        Self {
            corpus: PathBuf::from("corpus"),
            registry: PathBuf::from("corpus/registry.csv"),
            db: PathBuf::from("tizilim.db"),
            out: PathBuf::from("out"),
            jobs: 0,
            json: false,
            version: env!("CARGO_PKG_VERSION").to_string(),
        }
    }
}

impl Default for RefreshOptions {
    fn default() -> Self {
        Self::new()
    }
}

/// What the findings callback gets.
pub struct FinishInput<'a> {
    /// The run number.
    pub run: i64,
    /// What findings need of every current act with a stored result (unchanged ones
    /// included), ordered by file, read one act at a time on each pass
    /// ([`tizilim_findings::detect_from`]). Empty when `unchanged` is set (nothing is read).
    pub acts: &'a dyn FactSource,
    /// The register file, when it exists.
    pub registry: Option<&'a Path>,
    /// When nothing the findings depend on changed since the last committed run (no act new,
    /// changed, removed or failed; the same register file; the same processor version): that
    /// run's findings, in detection order. The callback returns them (and their forms) instead
    /// of detecting again.
    pub unchanged: Option<Vec<Finding>>,
}

impl std::fmt::Debug for FinishInput<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FinishInput")
            .field("run", &self.run)
            .field("registry", &self.registry)
            .field("unchanged", &self.unchanged.as_ref().map(Vec::len))
            .finish_non_exhaustive()
    }
}

/// What the findings callback returns.
#[derive(Debug, Clone, Default)]
pub struct RunOutputs {
    /// The run's findings (all of them, not only new ones); `Finding::id` keys them.
    pub findings: Vec<Finding>,
    /// Extra files for `out/run-N/` (name, bytes): the proposal forms. Names are plain
    /// relative paths; anything else is refused.
    pub files: Vec<(String, Vec<u8>)>,
}

/// A file that could not be processed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileError {
    /// The file, relative to the corpus.
    pub file: String,
    /// What went wrong.
    pub error: String,
}

/// The result of a run: CONTRACT.md's `refresh --json` object (plus `errors`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RunSummary {
    /// The run number.
    pub run: i64,
    /// Act counts.
    pub acts: ActCounts,
    /// Finding counts.
    pub findings: FindingCounts,
    /// The run's output directory (`out/run-N`).
    pub out: String,
    /// The files that failed in this run.
    pub errors: Vec<FileError>,
    /// Plain-text files of the corpus that are no legal act ([`not_an_act`]), with the reason;
    /// not stored (one stored by an earlier version is marked removed). Left out of the JSON
    /// when empty.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub not_acts: Vec<FileError>,
}

impl RunSummary {
    /// Exit status per CONTRACT.md: 1 when some file failed, else 0.
    pub fn exit_code(&self) -> i32 {
        i32::from(self.acts.failed > 0)
    }
}

/// The callback that processes one file (parse + legal extraction).
pub type ProcessFn<'a> = dyn Fn(&Source) -> Result<FileResult, String> + Sync + 'a;

/// The callback that turns the current acts and the register into findings and forms.
pub type FinishFn<'a> = dyn Fn(&FinishInput<'_>) -> Result<RunOutputs, String> + 'a;

/// A corpus file found by the walk.
#[derive(Debug, Clone)]
struct Entry {
    rel: String,
    abs: PathBuf,
    size: u64,
    mtime_ns: i64,
}

/// What a worker sends back.
enum Msg {
    Unchanged(FileMeta),
    NotAnAct(String),
    Processed(FileMeta, Result<Box<FileResult>, String>),
    Unreadable(String),
}

pub use tizilim_source::hash_file;

fn is_act_file(p: &Path) -> bool {
    p.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| ACT_EXTENSIONS.iter().any(|x| x.eq_ignore_ascii_case(e)))
}

/// Why a plain-text corpus file (`.txt`, `.md`) is no legal act, or `None` when it may be one.
///
/// A folder of acts often holds a README or the analysts' notes; stored as acts they would count
/// as new acts with nothing in them. Such a file is no act when at least
/// [`MIN_LETTERS`](tizilim_text::repair::garble::MIN_LETTERS) of its letters are read and fewer
/// than one in ten of them is Cyrillic, and its Latin words read as ordinary words, not as the
/// look-alike garbage of a Kazakh or Russian act OCR'd in the wrong language (which text repair
/// reads back, so that file is processed). HTML and PDF files, files that cannot be read and
/// files with hardly any letters are left to processing (and its errors).
pub fn not_an_act(src: &Source) -> Option<String> {
    use tizilim_text::repair::{garble_score, GarbleVerdict};
    let ext = src.path.extension()?.to_str()?;
    if !["txt", "md"].iter().any(|x| x.eq_ignore_ascii_case(ext)) {
        return None;
    }
    if src.format != tizilim_source::Format::Text {
        return None;
    }
    let (decoded, _) = tizilim_source::decode_text(&src.bytes, false);
    let e = garble_score(&decoded.text);
    let latin_prose = e.verdict == GarbleVerdict::Clean
        && e.letters >= tizilim_text::repair::garble::MIN_LETTERS
        && e.cyrillic_share < 0.1;
    latin_prose.then(|| {
        format!(
            "not a legal act: {:.0} % of its {} letters are Cyrillic and its Latin words are \
             ordinary words, not OCR look-alikes of Kazakh or Russian",
            100.0 * e.cyrillic_share,
            e.letters
        )
    })
}

fn rel_path(root: &Path, p: &Path) -> String {
    let rel = p.strip_prefix(root).unwrap_or(p);
    rel.components()
        .filter_map(|c| match c {
            Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect::<Vec<_>>()
        .join("/")
}

fn mtime_ns(md: &std::fs::Metadata) -> i64 {
    md.modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map(|d| i64::try_from(d.as_nanos()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// Walks the corpus: act files by extension, hidden entries and the register skipped,
/// symlinked directories not followed, sorted by path.
fn walk(root: &Path, registry: Option<&Path>) -> anyhow::Result<Vec<Entry>> {
    let md =
        std::fs::metadata(root).with_context(|| format!("corpus directory {}", root.display()))?;
    if !md.is_dir() {
        bail!("corpus {} is not a directory", root.display());
    }
    let mut out = Vec::new();
    let mut stack = vec![(root.to_path_buf(), 0usize)];
    while let Some((dir, depth)) = stack.pop() {
        let rd = match std::fs::read_dir(&dir) {
            Ok(rd) => rd,
            Err(e) => {
                eprintln!("refresh: warning: cannot list {}: {e}", dir.display());
                continue;
            }
        };
        for ent in rd.flatten() {
            let name = ent.file_name();
            if name.to_string_lossy().starts_with('.') {
                continue;
            }
            let path = ent.path();
            let Ok(ft) = ent.file_type() else { continue };
            if ft.is_dir() {
                if depth < MAX_DEPTH {
                    stack.push((path, depth + 1));
                }
                continue;
            }
            if !is_act_file(&path) {
                continue;
            }
            let Ok(md) = std::fs::metadata(&path) else {
                continue;
            };
            if !md.is_file() {
                continue;
            }
            if let Some(reg) = registry {
                if std::fs::canonicalize(&path).ok().as_deref() == Some(reg) {
                    continue;
                }
            }
            out.push(Entry {
                rel: rel_path(root, &path),
                abs: path,
                size: md.len(),
                mtime_ns: mtime_ns(&md),
            });
        }
    }
    out.sort_by(|a, b| a.rel.cmp(&b.rel));
    Ok(out)
}

/// A name for `out/run-N/` that stays inside it.
fn safe_output_name(name: &str) -> Option<PathBuf> {
    let p = Path::new(name);
    let ok = !name.is_empty() && p.components().all(|c| matches!(c, Component::Normal(_)));
    ok.then(|| p.to_path_buf())
}

/// Progress on stderr: a bar on a terminal, plain lines otherwise.
struct Progress {
    bar: Option<indicatif::ProgressBar>,
    lines: bool,
    done: usize,
    total: usize,
}

impl Progress {
    fn new(total: usize, json: bool) -> Self {
        let terminal = std::io::stderr().is_terminal();
        let bar = (terminal && total > 0).then(|| {
            let b = indicatif::ProgressBar::new(total as u64);
            if let Ok(style) = indicatif::ProgressStyle::with_template(
                "{spinner} [{elapsed_precise}] {bar:40} {pos}/{len} {wide_msg}",
            ) {
                b.set_style(style);
            }
            b
        });
        Self {
            bar,
            lines: !terminal && !json,
            done: 0,
            total,
        }
    }

    fn file(&mut self, rel: &str, what: &str) {
        self.done += 1;
        if let Some(b) = &self.bar {
            b.set_message(rel.to_string());
            b.inc(1);
        } else if self.lines {
            eprintln!("refresh: [{}/{}] {rel}: {what}", self.done, self.total);
        }
    }

    fn error(&self, rel: &str, error: &str) {
        self.println(format!("refresh: error: {rel}: {error}"));
    }

    fn note(&self, rel: &str, note: &str) {
        self.println(format!("refresh: {rel}: {note}"));
    }

    /// A line on stderr, above the progress bar when there is one.
    fn println(&self, msg: String) {
        match &self.bar {
            Some(b) => b.println(msg),
            None => eprintln!("{msg}"),
        }
    }

    fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}

fn panic_message(p: &(dyn std::any::Any + Send)) -> String {
    if let Some(s) = p.downcast_ref::<&str>() {
        (*s).to_string()
    } else if let Some(s) = p.downcast_ref::<String>() {
        s.clone()
    } else {
        "unknown panic".to_string()
    }
}

/// Runs one refresh. Fails (exit status 2) only when the run as a whole cannot proceed: the
/// lock is held, the store or the corpus cannot be opened, the findings callback fails, the
/// outputs cannot be written. Per-file failures are counted and listed in the summary.
pub fn run(
    opts: &RefreshOptions,
    process: &ProcessFn<'_>,
    finish: &FinishFn<'_>,
) -> anyhow::Result<RunSummary> {
    let _lock = st::lock(&opts.db)?;
    // Files a killed run was writing when it died (atomic writes never renamed them).
    let partials = tizilim_source::fsutil::remove_partials(&opts.out);
    if partials > 0 {
        eprintln!(
            "refresh: removed {partials} partial file(s) a killed run left in {}",
            opts.out.display()
        );
    }
    let mut store =
        Store::open(&opts.db).with_context(|| format!("opening store {}", opts.db.display()))?;
    let registry = std::fs::canonicalize(&opts.registry).ok();
    let register_hash = match &registry {
        Some(r) => Some(hash_file(r).with_context(|| format!("reading {}", r.display()))?),
        None => None,
    };
    let entries = walk(&opts.corpus, registry.as_deref())?;
    let run = store.begin_run(register_hash.as_deref())?;

    // Cheap skip: size and mtime as stored, same processor version.
    let states = store.file_states()?;
    let mut unchanged = Vec::new();
    let mut todo = Vec::new();
    for e in &entries {
        match states.get(&e.rel) {
            Some(s)
                if !s.removed
                    && s.hash.is_some()
                    && s.size == Some(e.size)
                    && s.mtime_ns == Some(e.mtime_ns)
                    && s.version.as_deref() == Some(opts.version.as_str()) =>
            {
                let hash = s.hash.clone().unwrap_or_default();
                unchanged.push((
                    e.rel.clone(),
                    FileMeta {
                        size: e.size,
                        mtime_ns: e.mtime_ns,
                        hash,
                    },
                ));
            }
            _ => todo.push(e.clone()),
        }
    }
    store.record_unchanged(run, &unchanged)?;
    if !opts.json && !std::io::stderr().is_terminal() {
        eprintln!(
            "refresh: run {run}: {} files, {} to check",
            entries.len(),
            todo.len()
        );
    }

    // Parallel part: hash, then process when the content is new.
    let jobs = if opts.jobs == 0 {
        std::thread::available_parallelism().map_or(1, |n| n.get())
    } else {
        opts.jobs
    };
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .build()
        .context("starting worker threads")?;
    let version = opts.version.as_str();
    let known: HashMap<&str, &st::FileState> =
        states.iter().map(|(k, v)| (k.as_str(), v)).collect();
    let mut errors = Vec::new();
    let mut not_acts: Vec<FileError> = Vec::new();
    // Set when a file was processed (new content or a new processor version).
    let mut processed = false;
    let mut progress = Progress::new(todo.len(), opts.json);
    let (tx, rx) = mpsc::channel::<(usize, Msg)>();
    // Set when the writer fails, so that the workers stop taking files.
    let stop = AtomicBool::new(false);
    let stop = &stop;
    let write_result: anyhow::Result<()> = std::thread::scope(|scope| {
        let todo_ref = &todo;
        let known = &known;
        scope.spawn(move || {
            use rayon::prelude::*;
            pool.install(|| {
                todo_ref
                    .par_iter()
                    .enumerate()
                    .for_each_with(tx, |tx, (i, e)| {
                        if stop.load(Ordering::Relaxed) {
                            return;
                        }
                        // The file is read once: hashed, and when it changed, sniffed and
                        // processed from the same bytes.
                        let msg = match tizilim_source::read_bytes(&e.abs) {
                            Err(SourceError::Io { source, .. }) => {
                                Msg::Unreadable(format!("cannot read: {source}"))
                            }
                            Err(err) => Msg::Unreadable(err.to_string()),
                            Ok(bytes) => {
                                let meta = FileMeta {
                                    size: e.size,
                                    mtime_ns: e.mtime_ns,
                                    hash: tizilim_source::hash_bytes(&bytes),
                                };
                                let same = known.get(e.rel.as_str()).is_some_and(|s| {
                                    !s.removed
                                        && s.hash.as_deref() == Some(meta.hash.as_str())
                                        && s.version.as_deref() == Some(version)
                                });
                                if same {
                                    Msg::Unchanged(meta)
                                } else {
                                    match tizilim_source::from_file_bytes(&e.abs, bytes) {
                                        Err(err) => Msg::Processed(meta, Err(err.to_string())),
                                        Ok(src) => match not_an_act(&src) {
                                            Some(why) => Msg::NotAnAct(why),
                                            None => {
                                                let r = std::panic::catch_unwind(AssertUnwindSafe(
                                                    || process(&src),
                                                ))
                                                .unwrap_or_else(|p| {
                                                    Err(format!(
                                                        "processing panicked: {}",
                                                        panic_message(&*p)
                                                    ))
                                                });
                                                Msg::Processed(meta, r.map(Box::new))
                                            }
                                        },
                                    }
                                }
                            }
                        };
                        // The receiver outlives the workers unless the writer failed.
                        let _ = tx.send((i, msg));
                    });
            });
        });
        let result = (|| -> anyhow::Result<()> {
            for (i, msg) in rx {
                let Some(e) = todo.get(i) else { continue };
                match msg {
                    Msg::NotAnAct(why) => {
                        progress.file(&e.rel, "not an act, skipped");
                        progress.note(&e.rel, &format!("{why}; skipped"));
                        not_acts.push(FileError {
                            file: e.rel.clone(),
                            error: why,
                        });
                    }
                    Msg::Unchanged(meta) => {
                        store.record_unchanged(run, &[(e.rel.clone(), meta)])?;
                        progress.file(&e.rel, "unchanged");
                    }
                    Msg::Processed(meta, Ok(result)) => {
                        processed = true;
                        let o = store.record_result(run, &e.rel, &meta, version, &result)?;
                        progress.file(&e.rel, o.as_str());
                    }
                    Msg::Processed(_, Err(err)) | Msg::Unreadable(err) => {
                        processed = true;
                        store.record_failure(run, &e.rel, version, &err)?;
                        progress.file(&e.rel, Outcome::Failed.as_str());
                        progress.error(&e.rel, &err);
                        errors.push(FileError {
                            file: e.rel.clone(),
                            error: err,
                        });
                    }
                }
            }
            Ok(())
        })();
        if result.is_err() {
            stop.store(true, Ordering::Relaxed);
        }
        result
    });
    progress.finish();
    write_result?;

    // A file that is no act is not among the acts seen: one an earlier version stored is removed.
    let not_act: HashSet<&str> = not_acts.iter().map(|f| f.file.as_str()).collect();
    let seen: HashSet<String> = entries
        .iter()
        .filter(|e| !not_act.contains(e.rel.as_str()))
        .map(|e| e.rel.clone())
        .collect();
    store.mark_removed(run, &seen)?;

    // A run where nothing changed reuses the last run's findings instead of loading every act.
    let counts = store.act_counts(run)?;
    let unchanged =
        if !processed && counts.new + counts.changed + counts.removed + counts.failed == 0 {
            store.unchanged_findings(run, register_hash.as_deref())?
        } else {
            None
        };
    let no_acts: Vec<ActFacts> = Vec::new();
    let outputs = finish(&FinishInput {
        run,
        // Read from the store one act at a time, as often as the callback asks.
        acts: if unchanged.is_some() {
            &no_acts
        } else {
            &store
        },
        registry: registry.as_deref(),
        unchanged,
    })
    .map_err(|e| anyhow::anyhow!("computing findings: {e}"))?;

    let out_dir = opts.out.join(format!("run-{run}"));
    let out_label = out_dir.to_string_lossy().into_owned();
    let mut summary = None;
    let (acts_counts, finding_counts) = store.commit_run(
        run,
        &outputs.findings,
        &out_label,
        &mut |diff, counts, fcounts| {
            let s = RunSummary {
                run,
                acts: *counts,
                findings: *fcounts,
                out: out_label.clone(),
                errors: errors.clone(),
                not_acts: not_acts.clone(),
            };
            let report = run_report(diff);
            let write = |name: &str, bytes: &[u8]| {
                tizilim_source::fsutil::write_atomic(&out_dir.join(name), bytes)
                    .map_err(|e| format!("{}: {e}", out_dir.join(name).display()))
            };
            write("report.html", report::render_html(&report).as_bytes())?;
            write("report.md", report::render_markdown(&report).as_bytes())?;
            write("diff.json", report::render_json(&report).as_bytes())?;
            for (name, bytes) in &outputs.files {
                let Some(rel) = safe_output_name(name) else {
                    return Err(format!("refusing output file name {name:?}"));
                };
                tizilim_source::fsutil::write_atomic(&out_dir.join(rel), bytes)
                    .map_err(|e| format!("{}: {e}", out_dir.join(name).display()))?;
            }
            let json = serde_json::to_string_pretty(&s).map_err(|e| e.to_string())?;
            write("summary.json", format!("{json}\n").as_bytes())?;
            summary = Some(s);
            Ok(())
        },
    )?;
    Ok(summary.unwrap_or(RunSummary {
        run,
        acts: acts_counts,
        findings: finding_counts,
        out: out_label,
        errors,
        not_acts,
    }))
}

/// The report of a diff between two runs; changed and repealed acts get their structural
/// diff from the stored trees.
pub fn run_report(d: &st::RunDiff) -> Diff {
    let acts = d
        .acts
        .iter()
        .map(|a| {
            let diff = match (&a.old_tree, &a.new_tree) {
                (Some(o), Some(n)) => report::act_diff_trees(o, n),
                _ => report::ActDiff::default(),
            };
            let units = diff
                .units
                .into_iter()
                .map(|mut u| {
                    u.file = Some(a.file.clone());
                    u
                })
                .collect();
            report::ActEntry {
                file: a.file.clone(),
                title: a.title.clone(),
                registration_number: a.registration_number.clone(),
                change: act_change(a.change),
                units,
                unchanged_units: diff.unchanged,
            }
        })
        .collect();
    Diff {
        old: d
            .old_run
            .map(|r| format!("run:{r}"))
            .unwrap_or_else(|| "(empty)".to_string()),
        new: format!("run:{}", d.new_run),
        acts,
        findings: report::FindingsDiff {
            added: d.findings_added.clone(),
            resolved: d.findings_resolved.clone(),
            changed: d.findings_changed.clone(),
        },
        register: Some(report::RegisterChange {
            changed: d.register_changed(),
            old_hash: d.old_register_hash.clone(),
            new_hash: d.new_register_hash.clone(),
        }),
    }
}

fn act_change(k: st::ActChangeKind) -> report::ActChange {
    match k {
        st::ActChangeKind::Added => report::ActChange::Added,
        st::ActChangeKind::Changed => report::ActChange::Changed,
        st::ActChangeKind::Removed => report::ActChange::Removed,
        st::ActChangeKind::Repealed => report::ActChange::Repealed,
    }
}
