//! `tizilim-store`: the SQLite store of acts, runs and findings that makes `refresh` incremental.
//!
//! What it keeps (see [`schema`]): the corpus files with size, mtime and content hash; each
//! act once: its header (the document without its tree) and legal content in `acts`, its tree
//! in its version history (`act_versions`: one row per run in which the stored version changed,
//! the latest row holding the current tree); the
//! runs; findings with the run that first saw them and the run that resolved them, plus their
//! history (`finding_events`); analysts' decisions on findings ([`decisions`]), which refresh
//! never rewrites. A diff between any two committed runs is read from the two
//! histories ([`Store::run_diff`]).
//!
//! Crash safety: every file result is one transaction, and a run becomes visible only at its
//! commit point ([`Store::commit_run`], one transaction with the findings and the run's
//! outputs). A run that did not reach it stays `running`; the next [`Store::begin_run`] marks it
//! `abandoned` and adopts its per-file results (re-tags them to the new run), so work is neither
//! lost nor counted twice. Only one refresh at a time may write: see [`lock()`].
//!
//! Callers hand the store typed values ([`Document`], [`LegalContent`], [`Finding`]) and get
//! typed values back; JSON is the store's own column format, written and read here only.

pub mod decisions;
pub mod diff;
pub mod lock;
pub mod schema;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use rusqlite::{params, Connection, OptionalExtension, Transaction};
use serde::Serialize;

pub use decisions::{evidence_hash, Decision, NewDecision, StoredFinding, Verdict};
pub use diff::{ActChangeKind, ActVersionChange, RunDiff};
pub use lock::{lock, lock_path, RefreshLock};

use tizilim_findings::{ActFacts, Finding};
use tizilim_legal::LegalContent;
use tizilim_structure::{Document, Node};

/// Why a store operation failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// SQLite reported an error.
    #[error("database error: {0}")]
    Sqlite(#[from] rusqlite::Error),
    /// Stored JSON could not be written or read.
    #[error("stored JSON is invalid: {0}")]
    Json(#[from] serde_json::Error),
    /// A file could not be read or written.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
    /// Another refresh holds the lock.
    #[error("another refresh holds the lock on {path}{}", holder.as_ref().map(|h| format!(" ({h})")).unwrap_or_default())]
    Locked {
        /// The lock file.
        path: PathBuf,
        /// What the lock file says about its holder (`pid 1234`).
        holder: Option<String>,
    },
    /// The database was written by a newer tizilim.
    #[error("database schema version {found} is newer than this build supports ({supported})")]
    NewerSchema {
        /// The database's version.
        found: u32,
        /// The newest version this build knows.
        supported: u32,
    },
    /// A run name did not resolve to a committed run.
    #[error("no committed run {0}")]
    UnknownRun(String),
    /// Writing the run's outputs failed; the run was not committed.
    #[error("cannot write the run's outputs: {0}")]
    Output(String),
}

impl StoreError {
    /// An I/O error on `path`.
    pub fn io(path: &Path, source: std::io::Error) -> Self {
        StoreError::Io {
            path: path.to_path_buf(),
            source,
        }
    }
}

/// A store result.
pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// What processing one file gave: the parsed act and its legal content.
#[derive(Debug, Clone)]
pub struct FileResult {
    /// The parsed document.
    pub document: Document,
    /// Its legal content.
    pub legal: LegalContent,
}

impl FileResult {
    /// The result of the pipeline on one file.
    pub fn new(document: Document, legal: LegalContent) -> Self {
        Self { document, legal }
    }
}

/// The header of a stored act: the document without its tree (the tree is kept once, in the
/// act's version history).
fn head_of(doc: &Document) -> Document {
    Document {
        file: doc.file.clone(),
        format: doc.format,
        language: doc.language,
        quality: doc.quality,
        act: doc.act.clone(),
        tree: Vec::new(),
        diagnostics: doc.diagnostics.clone(),
    }
}

/// The parts of a stored header that findings read (serde skips the rest).
#[derive(serde::Deserialize)]
struct HeadView {
    file: String,
    language: tizilim_lex::Language,
    act: tizilim_structure::ActMeta,
}

/// The parts of stored legal content that findings read.
#[derive(serde::Deserialize)]
struct LegalView {
    #[serde(default)]
    services: Vec<tizilim_legal::Service>,
    #[serde(default)]
    amendments: Vec<tizilim_legal::Amendment>,
}

/// What a list of acts shows of each: its file, language and header.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ActHead {
    /// The corpus file, relative to the corpus (the key of [`Store::act`]).
    pub path: String,
    /// The file as the act's findings name it (their `evidence.file`).
    pub file: String,
    /// The act's language.
    pub language: tizilim_lex::Language,
    /// Its header (identity, issuer, title, status).
    pub act: tizilim_structure::ActMeta,
}

/// Size, modification time and content hash of a corpus file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileMeta {
    /// Bytes.
    pub size: u64,
    /// Modification time, nanoseconds since the Unix epoch.
    pub mtime_ns: i64,
    /// SHA-256 of the content, hex.
    pub hash: String,
}

/// What the store knows about a corpus file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileState {
    /// Size when last processed.
    pub size: Option<u64>,
    /// Modification time when last processed.
    pub mtime_ns: Option<i64>,
    /// Content hash of the stored result (None after a failure: the file is retried).
    pub hash: Option<String>,
    /// The processor version that made the stored result.
    pub version: Option<String>,
    /// The file was marked removed.
    pub removed: bool,
}

/// What a run did with one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// First seen (or back after a removal).
    New,
    /// Content differs from the last committed run.
    Changed,
    /// Content as in the last committed run.
    Unchanged,
    /// Gone from the corpus.
    Removed,
    /// Could not be processed.
    Failed,
}

impl Outcome {
    /// The stored name.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::New => "new",
            Outcome::Changed => "changed",
            Outcome::Unchanged => "unchanged",
            Outcome::Removed => "removed",
            Outcome::Failed => "failed",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "new" => Outcome::New,
            "changed" => Outcome::Changed,
            "unchanged" => Outcome::Unchanged,
            "removed" => Outcome::Removed,
            "failed" => Outcome::Failed,
            _ => return None,
        })
    }
}

/// CONTRACT.md's `acts` counts of a run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct ActCounts {
    /// New files.
    pub new: usize,
    /// Changed files.
    pub changed: usize,
    /// Unchanged files.
    pub unchanged: usize,
    /// Removed files.
    pub removed: usize,
    /// Files that failed.
    pub failed: usize,
}

/// CONTRACT.md's `findings` counts of a run.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct FindingCounts {
    /// Findings first seen in this run.
    pub new: usize,
    /// Findings of the previous run that this run no longer has.
    pub resolved: usize,
    /// Findings of this run.
    pub total: usize,
}

/// A run as recorded.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RunRecord {
    /// Run number.
    pub id: i64,
    /// Start time (UTC, ISO 8601).
    pub started: String,
    /// Commit time.
    pub finished: Option<String>,
    /// `running`, `committed` or `abandoned`.
    pub status: String,
    /// SHA-256 of the register file the run used.
    pub register_hash: Option<String>,
    /// The run's output directory.
    pub out_dir: Option<String>,
}

/// The store: one SQLite database.
#[derive(Debug)]
pub struct Store {
    conn: Connection,
}

const NOW: &str = "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')";

impl Store {
    /// Opens (creating it if needed) the store at `path` and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Self> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| StoreError::io(dir, e))?;
        }
        let conn = Connection::open(path)?;
        Self::setup(conn)
    }

    /// An in-memory store (tests, dry runs).
    pub fn open_in_memory() -> Result<Self> {
        Self::setup(Connection::open_in_memory()?)
    }

    fn setup(mut conn: Connection) -> Result<Self> {
        conn.busy_timeout(std::time::Duration::from_secs(10))?;
        // WAL: readers (a `diff` while a refresh runs) never block the writer.
        conn.query_row("PRAGMA journal_mode = WAL", [], |_| Ok(()))?;
        conn.execute_batch("PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;")?;
        schema::migrate(&mut conn)?;
        Ok(Self { conn })
    }

    /// The schema version (`PRAGMA user_version`).
    pub fn schema_version(&self) -> Result<u32> {
        schema::version(&self.conn)
    }

    /// The SQLite journal mode (`wal` for file databases).
    pub fn journal_mode(&self) -> Result<String> {
        Ok(self
            .conn
            .query_row("PRAGMA journal_mode", [], |r| r.get(0))?)
    }

    /// Starts a run. Runs that never reached their commit point are marked `abandoned` and
    /// their per-file results are adopted by the new run.
    pub fn begin_run(&mut self, register_hash: Option<&str>) -> Result<i64> {
        let tx = self.conn.transaction()?;
        let unfinished: Vec<i64> = {
            let mut st = tx.prepare("SELECT id FROM runs WHERE status = 'running' ORDER BY id")?;
            let rows = st.query_map([], |r| r.get(0))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        tx.execute(
            &format!(
                "INSERT INTO runs (started, status, register_hash) VALUES ({NOW}, 'running', ?1)"
            ),
            params![register_hash],
        )?;
        let run = tx.last_insert_rowid();
        for old in unfinished {
            // Later abandoned runs replace earlier ones' rows for the same act or file.
            tx.execute(
                "UPDATE OR REPLACE act_versions SET run = ?1 WHERE run = ?2",
                params![run, old],
            )?;
            tx.execute(
                "UPDATE OR REPLACE run_files SET run = ?1 WHERE run = ?2",
                params![run, old],
            )?;
            tx.execute(
                "UPDATE files SET removed_run = ?1 WHERE removed_run = ?2",
                params![run, old],
            )?;
            tx.execute(
                "UPDATE files SET last_run = ?1 WHERE last_run = ?2",
                params![run, old],
            )?;
            tx.execute(
                "UPDATE runs SET status = 'abandoned', adopted_by = ?1 WHERE id = ?2",
                params![run, old],
            )?;
        }
        tx.commit()?;
        Ok(run)
    }

    /// What the store knows about every file it has seen, by corpus-relative path.
    pub fn file_states(&self) -> Result<HashMap<String, FileState>> {
        let mut st = self.conn.prepare(
            "SELECT path, size, mtime_ns, hash, version, removed_run IS NOT NULL FROM files",
        )?;
        let rows = st.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                FileState {
                    size: r.get::<_, Option<i64>>(1)?.map(|s| s.max(0) as u64),
                    mtime_ns: r.get(2)?,
                    hash: r.get(3)?,
                    version: r.get(4)?,
                    removed: r.get(5)?,
                },
            ))
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The outcomes already recorded for `run` (adopted from an abandoned run or written
    /// earlier in this one), by file path.
    pub fn run_outcomes(&self, run: i64) -> Result<HashMap<String, Outcome>> {
        let mut st = self.conn.prepare(
            "SELECT f.path, r.outcome FROM run_files r JOIN files f ON f.id = r.file_id WHERE r.run = ?1",
        )?;
        let rows = st.query_map([run], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })?;
        let mut out = HashMap::new();
        for row in rows {
            let (path, outcome) = row?;
            if let Some(o) = Outcome::parse(&outcome) {
                out.insert(path, o);
            }
        }
        Ok(out)
    }

    /// Records files found unchanged (one transaction for all of them). Outcomes already
    /// recorded for this run (adopted ones) are kept.
    pub fn record_unchanged(&mut self, run: i64, files: &[(String, FileMeta)]) -> Result<()> {
        let tx = self.conn.transaction()?;
        {
            let mut upd = tx.prepare(
                "UPDATE files SET size = ?2, mtime_ns = ?3 WHERE path = ?1 AND hash = ?4 RETURNING id",
            )?;
            let mut ins = tx.prepare(
                "INSERT OR IGNORE INTO run_files (run, file_id, outcome) VALUES (?1, ?2, 'unchanged')",
            )?;
            for (path, meta) in files {
                let id: Option<i64> = upd
                    .query_row(
                        params![path, meta.size as i64, meta.mtime_ns, meta.hash],
                        |r| r.get(0),
                    )
                    .optional()?;
                if let Some(id) = id {
                    ins.execute(params![run, id])?;
                }
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Records the result of processing one file (one transaction) and returns its outcome
    /// relative to the last committed run.
    pub fn record_result(
        &mut self,
        run: i64,
        path: &str,
        meta: &FileMeta,
        version: &str,
        result: &FileResult,
    ) -> Result<Outcome> {
        let doc = &result.document;
        let head_json = serde_json::to_string(&head_of(doc))?;
        let legal_json = serde_json::to_string(&result.legal)?;
        let tree_json = serde_json::to_string(&doc.tree)?;
        let status = doc.act.status.as_deref();
        let tx = self.conn.transaction()?;
        let file_id = upsert_file(&tx, path, Some(meta), version, run, None)?;
        let act_id: i64 = tx.query_row(
            "INSERT INTO acts (file_id, language, registration_number, title, status, hash, head_json, legal_json)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
             ON CONFLICT(file_id) DO UPDATE SET language = excluded.language,
                 registration_number = excluded.registration_number, title = excluded.title,
                 status = excluded.status, hash = excluded.hash, head_json = excluded.head_json,
                 legal_json = excluded.legal_json
             RETURNING id",
            params![
                file_id,
                doc.language.code(),
                doc.act.id.registration_number,
                doc.act.id.title,
                status,
                meta.hash,
                head_json,
                legal_json
            ],
            |r| r.get(0),
        )?;
        let prior: Option<(Option<String>, Option<String>, Option<String>)> = tx
            .query_row(
                "SELECT hash, status, tree_json FROM act_versions WHERE act_id = ?1 AND run < ?2
                 ORDER BY run DESC LIMIT 1",
                params![act_id, run],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        let outcome = match &prior {
            None | Some((None, _, _)) => Outcome::New,
            Some((Some(h), _, _)) if *h == meta.hash => Outcome::Unchanged,
            Some(_) => Outcome::Changed,
        };
        let same_version = matches!(&prior, Some((Some(h), s, t))
            if *h == meta.hash && s.as_deref() == status && t.as_deref() == Some(tree_json.as_str()));
        if same_version {
            tx.execute(
                "DELETE FROM act_versions WHERE act_id = ?1 AND run = ?2",
                params![act_id, run],
            )?;
        } else {
            tx.execute(
                "INSERT OR REPLACE INTO act_versions (act_id, run, hash, status, tree_json)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![act_id, run, meta.hash, status, tree_json],
            )?;
        }
        tx.execute(
            "INSERT OR REPLACE INTO run_files (run, file_id, outcome) VALUES (?1, ?2, ?3)",
            params![run, file_id, outcome.as_str()],
        )?;
        tx.commit()?;
        Ok(outcome)
    }

    /// Records that a file could not be processed. Its previous result (if any) stays, and
    /// the file is retried by the next run.
    pub fn record_failure(
        &mut self,
        run: i64,
        path: &str,
        version: &str,
        error: &str,
    ) -> Result<()> {
        let tx = self.conn.transaction()?;
        let file_id = upsert_file(&tx, path, None, version, run, Some(error))?;
        tx.execute(
            "INSERT OR REPLACE INTO run_files (run, file_id, outcome, error) VALUES (?1, ?2, 'failed', ?3)",
            params![run, file_id, error],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Marks every known file that is not in `seen` as removed by `run` (one transaction).
    /// Returns how many were marked now.
    pub fn mark_removed(&mut self, run: i64, seen: &HashSet<String>) -> Result<usize> {
        let tx = self.conn.transaction()?;
        let gone: Vec<(i64, String)> = {
            let mut st = tx.prepare("SELECT id, path FROM files WHERE removed_run IS NULL")?;
            let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            rows.collect::<rusqlite::Result<Vec<(i64, String)>>>()?
                .into_iter()
                .filter(|(_, p)| !seen.contains(p))
                .collect()
        };
        for (file_id, _) in &gone {
            tx.execute(
                "UPDATE files SET removed_run = ?1, size = NULL, mtime_ns = NULL, hash = NULL WHERE id = ?2",
                params![run, file_id],
            )?;
            let act_id: Option<i64> = tx
                .query_row("SELECT id FROM acts WHERE file_id = ?1", [file_id], |r| {
                    r.get(0)
                })
                .optional()?;
            if let Some(act_id) = act_id {
                let last: Option<Option<String>> = tx
                    .query_row(
                        "SELECT hash FROM act_versions WHERE act_id = ?1 AND run < ?2 ORDER BY run DESC LIMIT 1",
                        params![act_id, run],
                        |r| r.get(0),
                    )
                    .optional()?;
                if matches!(last, Some(Some(_))) {
                    tx.execute(
                        "INSERT OR REPLACE INTO act_versions (act_id, run, hash, status, tree_json)
                         VALUES (?1, ?2, NULL, NULL, NULL)",
                        params![act_id, run],
                    )?;
                } else {
                    // Never committed (or already removed): nothing to remove from history.
                    tx.execute(
                        "DELETE FROM act_versions WHERE act_id = ?1 AND run = ?2",
                        params![act_id, run],
                    )?;
                }
            }
            tx.execute(
                "INSERT OR REPLACE INTO run_files (run, file_id, outcome) VALUES (?1, ?2, 'removed')",
                params![run, file_id],
            )?;
        }
        tx.commit()?;
        Ok(gone.len())
    }

    /// What findings need of every act of the current corpus (files not removed) with a
    /// stored result, ordered by file (see [`Store::each_current_fact`]), all at once.
    pub fn current_facts(&self) -> Result<Vec<ActFacts>> {
        let mut out = Vec::new();
        self.each_current_fact(&mut |f| out.push(f))?;
        Ok(out)
    }

    /// Calls `f` with what findings need of each act of the current corpus (files not
    /// removed) with a stored result, in file order. Rows are read one at a time and only their
    /// compact facts are made, so that memory does not grow with the corpus. A stored result
    /// that does not read back (made by another version of tizilim) is skipped: the next
    /// refresh redoes it.
    pub fn each_current_fact(&self, f: &mut dyn FnMut(ActFacts)) -> Result<()> {
        let mut st = self.conn.prepare_cached(
            "SELECT a.head_json, a.legal_json
             FROM acts a JOIN files f ON f.id = a.file_id
             WHERE f.removed_run IS NULL AND a.head_json IS NOT NULL ORDER BY f.path",
        )?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            let head: String = r.get(0)?;
            let legal: String = r.get(1)?;
            let (Ok(h), Ok(l)) = (
                serde_json::from_str::<HeadView>(&head),
                serde_json::from_str::<LegalView>(&legal),
            ) else {
                continue;
            };
            f(ActFacts::from_parts(
                h.file,
                h.language,
                h.act,
                l.services,
                l.amendments,
            ));
        }
        Ok(())
    }

    /// The stored act of `file` (corpus-relative) as it is now: its document (header and
    /// current tree) and legal content; None when the store has no readable result for it.
    pub fn act(&self, file: &str) -> Result<Option<(Document, LegalContent)>> {
        let row: Option<(i64, Option<String>, String)> = self
            .conn
            .query_row(
                "SELECT a.id, a.head_json, a.legal_json FROM acts a JOIN files f ON f.id = a.file_id
                 WHERE f.path = ?1",
                [file],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        let Some((act_id, Some(head), legal)) = row else {
            return Ok(None);
        };
        let (Ok(mut doc), Ok(legal)) = (
            serde_json::from_str::<Document>(&head),
            serde_json::from_str::<LegalContent>(&legal),
        ) else {
            return Ok(None);
        };
        let tree: Option<Option<String>> = self
            .conn
            .query_row(
                "SELECT tree_json FROM act_versions WHERE act_id = ?1 ORDER BY run DESC LIMIT 1",
                [act_id],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(t) = tree.flatten() {
            doc.tree = serde_json::from_str(&t)?;
        }
        Ok(Some((doc, legal)))
    }

    /// The headers of the acts of the current corpus (files not removed), ordered by file.
    pub fn act_heads(&self) -> Result<Vec<ActHead>> {
        self.heads_where("", &[])
    }

    /// The header of the current act whose file is `file` as findings name it (the path the
    /// act was read from), without reading every header.
    pub fn act_head_by_file(&self, file: &str) -> Result<Option<ActHead>> {
        Ok(self
            .heads_where("AND json_extract(a.head_json, '$.file') = ?1", &[file])?
            .into_iter()
            .next())
    }

    /// The header of the current act stored under `path` (relative to the corpus).
    pub fn act_head_by_path(&self, path: &str) -> Result<Option<ActHead>> {
        Ok(self
            .heads_where("AND f.path = ?1", &[path])?
            .into_iter()
            .next())
    }

    fn heads_where(&self, cond: &str, params: &[&str]) -> Result<Vec<ActHead>> {
        let mut st = self.conn.prepare(&format!(
            "SELECT f.path, a.head_json FROM acts a JOIN files f ON f.id = a.file_id
             WHERE f.removed_run IS NULL AND a.head_json IS NOT NULL {cond} ORDER BY f.path"
        ))?;
        let rows = st.query_map(rusqlite::params_from_iter(params.iter()), |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (path, head) = row?;
            if let Ok(h) = serde_json::from_str::<HeadView>(&head) {
                out.push(ActHead {
                    path,
                    file: h.file,
                    language: h.language,
                    act: h.act,
                });
            }
        }
        Ok(out)
    }

    /// The runs in which the stored version of the act in `file` changed (its version
    /// history, oldest first; a removal counts).
    pub fn act_version_runs(&self, file: &str) -> Result<Vec<i64>> {
        let mut st = self.conn.prepare(
            "SELECT v.run FROM act_versions v JOIN acts a ON a.id = v.act_id
             JOIN files f ON f.id = a.file_id JOIN runs r ON r.id = v.run
             WHERE f.path = ?1 AND r.status = 'committed' ORDER BY v.run",
        )?;
        let rows = st.query_map([file], |r| r.get::<_, i64>(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The act counts of a run, from its per-file outcomes.
    pub fn act_counts(&self, run: i64) -> Result<ActCounts> {
        act_counts(&self.conn, run)
    }

    /// The run's commit point, in one transaction: stores the findings (first seen, resolved,
    /// changed), computes the counts and the diff against the previous committed run, lets
    /// `write` write the run's outputs, and marks the run committed. When `write` fails,
    /// nothing of this step is kept and the run stays uncommitted (the next run adopts its
    /// per-file results).
    pub fn commit_run(
        &mut self,
        run: i64,
        findings: &[Finding],
        out_dir: &str,
        write: &mut dyn FnMut(&RunDiff, &ActCounts, &FindingCounts) -> Result<(), String>,
    ) -> Result<(ActCounts, FindingCounts)> {
        let tx = self.conn.transaction()?;
        let fcounts = store_findings(&tx, run, findings)?;
        let counts = act_counts(&tx, run)?;
        let prev: Option<i64> = tx.query_row(
            "SELECT MAX(id) FROM runs WHERE status = 'committed' AND id < ?1",
            [run],
            |r| r.get(0),
        )?;
        let diff = diff::run_diff(&tx, prev, run)?;
        write(&diff, &counts, &fcounts).map_err(StoreError::Output)?;
        let counts_json = serde_json::json!({ "acts": counts, "findings": fcounts });
        tx.execute(
            &format!(
                "UPDATE runs SET status = 'committed', finished = {NOW}, counts = ?2, out_dir = ?3 WHERE id = ?1"
            ),
            params![run, counts_json.to_string(), out_dir],
        )?;
        tx.commit()?;
        Ok((counts, fcounts))
    }

    /// The findings of the last committed run before `run`, in detection order, when that run
    /// used the register file with `register_hash` (None: no register); None otherwise, or when
    /// a stored finding does not read back (then the caller detects them again).
    pub fn unchanged_findings(
        &self,
        run: i64,
        register_hash: Option<&str>,
    ) -> Result<Option<Vec<Finding>>> {
        let prev: Option<(i64, Option<String>)> = self
            .conn
            .query_row(
                "SELECT id, register_hash FROM runs WHERE status = 'committed' AND id < ?1
                 ORDER BY id DESC LIMIT 1",
                [run],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let Some((_, hash)) = prev else {
            return Ok(None);
        };
        if hash.as_deref() != register_hash {
            return Ok(None);
        }
        let mut st = self
            .conn
            .prepare("SELECT json FROM findings WHERE resolved_run IS NULL")?;
        let rows = st.query_map([], |r| r.get::<_, String>(0))?;
        let mut out = Vec::new();
        for json in rows {
            match serde_json::from_str::<Finding>(&json?) {
                Ok(f) => out.push(f),
                Err(_) => return Ok(None),
            }
        }
        tizilim_findings::sort(&mut out);
        Ok(Some(out))
    }

    /// All runs, oldest first.
    pub fn runs(&self) -> Result<Vec<RunRecord>> {
        let mut st = self.conn.prepare(
            "SELECT id, started, finished, status, register_hash, out_dir FROM runs ORDER BY id",
        )?;
        let rows = st.query_map([], |r| {
            Ok(RunRecord {
                id: r.get(0)?,
                started: r.get(1)?,
                finished: r.get(2)?,
                status: r.get(3)?,
                register_hash: r.get(4)?,
                out_dir: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Resolves a run name: `last` (the newest committed run), `prev` (the one before it),
    /// `run:N` or `N`.
    pub fn resolve_run(&self, spec: &str) -> Result<i64> {
        let committed: Vec<i64> = self
            .runs()?
            .into_iter()
            .filter(|r| r.status == "committed")
            .map(|r| r.id)
            .collect();
        let found = match spec {
            "last" => committed.last().copied(),
            "prev" => committed
                .len()
                .checked_sub(2)
                .and_then(|i| committed.get(i).copied()),
            _ => spec
                .strip_prefix("run:")
                .unwrap_or(spec)
                .parse::<i64>()
                .ok()
                .filter(|n| committed.contains(n)),
        };
        found.ok_or_else(|| StoreError::UnknownRun(spec.to_string()))
    }

    /// The diff between two runs (`old` None: everything of `new` is added).
    pub fn run_diff(&self, old: Option<i64>, new: i64) -> Result<RunDiff> {
        diff::run_diff(&self.conn, old, new)
    }

    /// The findings present at `run`, ordered by id.
    pub fn findings_at(&self, run: i64) -> Result<Vec<Finding>> {
        Ok(diff::findings_at(&self.conn, run)?.into_values().collect())
    }

    /// The stored tree of the act in `file` as it was at `run`; None when the act did not
    /// exist then.
    pub fn act_tree_at(&self, file: &str, run: i64) -> Result<Option<Vec<Node>>> {
        let tree: Option<Option<String>> = self
            .conn
            .query_row(
                "SELECT v.tree_json FROM act_versions v JOIN acts a ON a.id = v.act_id
                 JOIN files f ON f.id = a.file_id
                 WHERE f.path = ?1 AND v.run <= ?2 ORDER BY v.run DESC LIMIT 1",
                params![file, run],
                |r| r.get(0),
            )
            .optional()?;
        match tree.flatten() {
            Some(t) => Ok(Some(serde_json::from_str(&t)?)),
            None => Ok(None),
        }
    }
}

fn upsert_file(
    tx: &Transaction<'_>,
    path: &str,
    meta: Option<&FileMeta>,
    version: &str,
    run: i64,
    error: Option<&str>,
) -> Result<i64> {
    Ok(tx.query_row(
        "INSERT INTO files (path, size, mtime_ns, hash, version, last_run, removed_run, error)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, NULL, ?7)
         ON CONFLICT(path) DO UPDATE SET size = excluded.size, mtime_ns = excluded.mtime_ns,
             hash = excluded.hash, version = excluded.version, last_run = excluded.last_run,
             removed_run = NULL, error = excluded.error
         RETURNING id",
        params![
            path,
            meta.map(|m| m.size as i64),
            meta.map(|m| m.mtime_ns),
            meta.map(|m| m.hash.as_str()),
            version,
            run,
            error
        ],
        |r| r.get(0),
    )?)
}

fn act_counts(conn: &Connection, run: i64) -> Result<ActCounts> {
    let mut st =
        conn.prepare("SELECT outcome, COUNT(*) FROM run_files WHERE run = ?1 GROUP BY outcome")?;
    let rows = st.query_map([run], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))?;
    let mut c = ActCounts::default();
    for row in rows {
        let (outcome, n) = row?;
        let n = n.max(0) as usize;
        match Outcome::parse(&outcome) {
            Some(Outcome::New) => c.new = n,
            Some(Outcome::Changed) => c.changed = n,
            Some(Outcome::Unchanged) => c.unchanged = n,
            Some(Outcome::Removed) => c.removed = n,
            Some(Outcome::Failed) => c.failed = n,
            None => {}
        }
    }
    Ok(c)
}

/// Stores a run's findings: new ones, reappearing ones, changed ones, and resolves the ones
/// that are gone. Duplicate ids within `findings` keep the first.
fn store_findings(tx: &Transaction<'_>, run: i64, findings: &[Finding]) -> Result<FindingCounts> {
    let active: HashMap<String, String> = {
        let mut st = tx.prepare("SELECT id, json FROM findings WHERE resolved_run IS NULL")?;
        let rows = st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    let mut counts = FindingCounts::default();
    let mut seen: HashSet<&str> = HashSet::new();
    for f in findings {
        if !seen.insert(f.id.as_str()) {
            continue;
        }
        counts.total += 1;
        let json = serde_json::to_string(f)?;
        let kind = serde_json::to_value(f.kind)?;
        match active.get(&f.id) {
            Some(old) if *old == json => continue,
            Some(_) => {
                tx.execute(
                    "UPDATE findings SET json = ?2 WHERE id = ?1",
                    params![f.id, json],
                )?;
            }
            None => {
                counts.new += 1;
                tx.execute(
                    "INSERT INTO findings (id, kind, first_run, resolved_run, json) VALUES (?1, ?2, ?3, NULL, ?4)
                     ON CONFLICT(id) DO UPDATE SET resolved_run = NULL, json = excluded.json, kind = excluded.kind",
                    params![f.id, kind.as_str(), run, json],
                )?;
            }
        }
        tx.execute(
            "INSERT OR REPLACE INTO finding_events (finding_id, run, json) VALUES (?1, ?2, ?3)",
            params![f.id, run, json],
        )?;
    }
    for id in active.keys() {
        if seen.contains(id.as_str()) {
            continue;
        }
        counts.resolved += 1;
        tx.execute(
            "UPDATE findings SET resolved_run = ?2 WHERE id = ?1",
            params![id, run],
        )?;
        tx.execute(
            "INSERT OR REPLACE INTO finding_events (finding_id, run, json) VALUES (?1, ?2, NULL)",
            params![id, run],
        )?;
    }
    Ok(counts)
}

/// Detection reads the stored acts twice, one row at a time.
impl tizilim_findings::FactSource for Store {
    fn each(&self, f: &mut dyn FnMut(&ActFacts)) -> std::result::Result<(), String> {
        self.each_current_fact(&mut |facts| f(&facts))
            .map_err(|e| format!("reading the stored acts: {e}"))
    }
}
