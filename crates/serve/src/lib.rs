//! `tizilim-serve`: review in the browser. A local web application over the store in which
//! analysts read each finding's evidence, accept, reject or send it back for work, edit the
//! wording of its form cells, and download the forms of the accepted findings.
//!
//! A request goes through [`web`] (axum: a guard for hosts, origins and the CSRF token, then a
//! handler), which asks [`review`] (no HTTP: findings with their decisions, filters, form rows,
//! the accepted forms) over the [`tizilim_store::Store`], and renders [`pages`] (maud: every
//! interpolated string is escaped) or JSON. The store is SQLite in WAL mode: a `refresh`
//! running alongside writes its tables while the server reads, and decisions live in tables
//! refresh never writes ([`tizilim_store::decisions`]), so neither can spoil the other.
//!
//! Why these choices: axum and tokio are the well-kept server stack; maud escapes by default,
//! so act text can only ever be text; the CSS and the one script are compiled into the
//! binary (`include_str!`), so the application works offline and loads nothing from elsewhere.
//! It binds to loopback by default, and even there it answers only requests whose `Host` is
//! its own address (a page on another site cannot reach it through DNS rebinding).

pub mod pages;
pub mod review;
pub mod web;

use std::net::SocketAddr;
use std::path::PathBuf;

/// Why serving or exporting failed.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The store failed.
    #[error(transparent)]
    Store(#[from] tizilim_store::StoreError),
    /// A file could not be written or read.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
    /// The forms could not be rendered.
    #[error("cannot render the forms: {0}")]
    Forms(#[from] std::io::Error),
    /// Something inside the server failed (no randomness, a worker thread died).
    #[error("{0}")]
    Internal(String),
    /// The address could not be bound or served.
    #[error("{addr}: {source}")]
    Bind {
        /// The address.
        addr: SocketAddr,
        /// The OS error.
        source: std::io::Error,
    },
}

/// How to serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The SQLite store.
    pub db: PathBuf,
    /// Where to listen (`127.0.0.1:8080`; port 0 picks a free port).
    pub addr: SocketAddr,
    /// Who decides (recorded with each decision).
    pub user: String,
    /// The register file, to show a finding's register entry (None or missing: not shown).
    pub registry: Option<PathBuf>,
}

/// Serves until Ctrl-C. Prints the address it listens on (`http://127.0.0.1:8080/`) as the
/// first line of stdout once it accepts connections.
pub fn serve(opts: &ServeOptions) -> Result<(), Error> {
    let app = web::App::open(opts)?;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Error::Bind {
            addr: opts.addr,
            source: e,
        })?;
    rt.block_on(web::run(app, opts.addr))
}
