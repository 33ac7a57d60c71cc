//! The store's schema: ordered migrations, numbered by SQLite's `PRAGMA user_version`.
//!
//! Migration `i` (0-based) brings a database from version `i` to `i + 1`, inside one
//! transaction together with the version bump, so a crash never leaves a half-migrated store.
//! Migrations are append-only: never edit a released one, add the next.

use rusqlite::Connection;

use super::StoreError;

/// The migrations, in order. Version `n` of the schema is the result of the first `n`.
pub const MIGRATIONS: &[&str] = &[
    // 1: the initial schema.
    r#"
CREATE TABLE runs (
    id            INTEGER PRIMARY KEY,
    started       TEXT NOT NULL,
    finished      TEXT,
    status        TEXT NOT NULL CHECK (status IN ('running', 'committed', 'abandoned')),
    counts        TEXT,
    register_hash TEXT,
    out_dir       TEXT,
    adopted_by    INTEGER REFERENCES runs(id)
);
CREATE TABLE files (
    id          INTEGER PRIMARY KEY,
    path        TEXT NOT NULL UNIQUE,
    size        INTEGER,
    mtime_ns    INTEGER,
    hash        TEXT,
    version     TEXT,
    last_run    INTEGER REFERENCES runs(id),
    removed_run INTEGER REFERENCES runs(id),
    error       TEXT
);
CREATE TABLE acts (
    id                  INTEGER PRIMARY KEY,
    file_id             INTEGER NOT NULL UNIQUE REFERENCES files(id),
    language            TEXT,
    registration_number TEXT,
    title               TEXT,
    status              TEXT,
    hash                TEXT NOT NULL,
    parse_json          TEXT NOT NULL,
    legal_json          TEXT NOT NULL
);
CREATE INDEX acts_registration ON acts(registration_number);
-- One row per act and run in which the act's stored version changed; hash NULL = removed.
CREATE TABLE act_versions (
    act_id    INTEGER NOT NULL REFERENCES acts(id),
    run       INTEGER NOT NULL REFERENCES runs(id),
    hash      TEXT,
    status    TEXT,
    tree_json TEXT,
    PRIMARY KEY (act_id, run)
);
CREATE TABLE services (
    id          INTEGER PRIMARY KEY,
    act_id      INTEGER NOT NULL REFERENCES acts(id),
    name        TEXT,
    language    TEXT,
    kind        TEXT,
    source_path TEXT,
    json        TEXT NOT NULL
);
CREATE INDEX services_act ON services(act_id);
CREATE TABLE amendments (
    id                  INTEGER PRIMARY KEY,
    act_id              INTEGER NOT NULL REFERENCES acts(id),
    op                  TEXT,
    target_registration TEXT,
    target_path         TEXT,
    json                TEXT NOT NULL
);
CREATE INDEX amendments_act ON amendments(act_id);
CREATE INDEX amendments_target ON amendments(target_registration);
CREATE TABLE notes (
    id          INTEGER PRIMARY KEY,
    act_id      INTEGER NOT NULL REFERENCES acts(id),
    target_path TEXT,
    op          TEXT,
    json        TEXT NOT NULL
);
CREATE INDEX notes_act ON notes(act_id);
-- A finding's current state; its history is in finding_events.
CREATE TABLE findings (
    id           TEXT PRIMARY KEY,
    kind         TEXT,
    first_run    INTEGER NOT NULL REFERENCES runs(id),
    resolved_run INTEGER REFERENCES runs(id),
    json         TEXT NOT NULL
);
-- One row per finding and run in which it appeared, changed (json) or was resolved (NULL).
CREATE TABLE finding_events (
    finding_id TEXT NOT NULL REFERENCES findings(id),
    run        INTEGER NOT NULL REFERENCES runs(id),
    json       TEXT,
    PRIMARY KEY (finding_id, run)
);
-- What a run did with each file it touched: new, changed, unchanged, removed, failed.
CREATE TABLE run_files (
    run     INTEGER NOT NULL REFERENCES runs(id),
    file_id INTEGER NOT NULL REFERENCES files(id),
    outcome TEXT NOT NULL CHECK (outcome IN ('new', 'changed', 'unchanged', 'removed', 'failed')),
    error   TEXT,
    PRIMARY KEY (run, file_id)
);
"#,
    // 2: each act stored once: its header (the document without its tree) in `acts.head_json`,
    // its tree only in `act_versions`; the services, amendments and notes tables (copies of
    // `legal_json`) are gone. Rows of version 1 have no header and are redone by the next
    // refresh (a new version of tizilim reprocesses every file anyway).
    r#"
ALTER TABLE acts DROP COLUMN parse_json;
ALTER TABLE acts ADD COLUMN head_json TEXT;
DROP TABLE services;
DROP TABLE amendments;
DROP TABLE notes;
"#,
    // 3: analysts' decisions on findings (`tizilim serve`). Refresh never writes these tables:
    // a decision is keyed by the finding's stable id, so a finding detected again in a later run
    // keeps it. `decisions` holds the current decision per finding, `decision_events` every
    // decision ever made (append-only). `evidence_hash` is the finding's evidence when decided
    // (see `decisions::evidence_hash`), to flag decisions whose evidence has changed since.
    r#"
CREATE TABLE decisions (
    finding_id    TEXT PRIMARY KEY REFERENCES findings(id),
    decision      TEXT NOT NULL CHECK (decision IN ('accept', 'reject', 'needs_work')),
    comment       TEXT,
    wording_json  TEXT,
    user          TEXT NOT NULL,
    decided_at    TEXT NOT NULL,
    evidence_hash TEXT NOT NULL,
    run           INTEGER REFERENCES runs(id)
);
CREATE TABLE decision_events (
    id            INTEGER PRIMARY KEY,
    finding_id    TEXT NOT NULL REFERENCES findings(id),
    decision      TEXT NOT NULL CHECK (decision IN ('accept', 'reject', 'needs_work')),
    comment       TEXT,
    wording_json  TEXT,
    user          TEXT NOT NULL,
    decided_at    TEXT NOT NULL,
    evidence_hash TEXT NOT NULL,
    run           INTEGER REFERENCES runs(id)
);
CREATE INDEX decision_events_finding ON decision_events(finding_id);
"#,
];

/// The schema version this build writes.
pub fn current_version() -> u32 {
    MIGRATIONS.len() as u32
}

/// The database's schema version.
pub fn version(conn: &Connection) -> Result<u32, StoreError> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get::<_, u32>(0))?)
}

/// Applies the migrations the database lacks. Refuses a database from a newer build.
pub fn migrate(conn: &mut Connection) -> Result<u32, StoreError> {
    let mut v = version(conn)?;
    let latest = current_version();
    if v > latest {
        return Err(StoreError::NewerSchema {
            found: v,
            supported: latest,
        });
    }
    while let Some(sql) = MIGRATIONS.get(v as usize) {
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", v + 1)?;
        tx.commit()?;
        v += 1;
    }
    Ok(v)
}
