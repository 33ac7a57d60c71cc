//! `store`: the SQLite store of acts, runs and findings.
