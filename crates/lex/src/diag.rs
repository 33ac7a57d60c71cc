//! Diagnostics: what every stage reports next to its value instead of failing.
//!
//! Parsers in tizilim never panic and never fail outright: they return a value plus a list of
//! [`Diagnostic`]s. A diagnostic names a location (a structural path, a page, a line) and says
//! what was wrong in words an analyst can act on.

use serde::Serialize;

/// How serious a diagnostic is.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Something was lost or could not be read.
    Error,
    /// The result may be incomplete or approximate.
    Warning,
    /// A note on how the input was read.
    Info,
}

/// One message about an input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct Diagnostic {
    /// Severity of the message.
    pub severity: Severity,
    /// Where: a structural path (`appendix:1/point:3`), `page:N`, `line:N` or empty for the file.
    pub path: String,
    /// What happened.
    pub message: String,
}

impl Diagnostic {
    /// An error at `path`.
    pub fn error(path: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            path: path.into(),
            message: message.into(),
        }
    }
    /// A warning at `path`.
    pub fn warning(path: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            path: path.into(),
            message: message.into(),
        }
    }
    /// An informational note at `path`.
    pub fn info(path: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Info,
            path: path.into(),
            message: message.into(),
        }
    }
}

/// A list of diagnostics, collected while a stage runs.
pub type Diagnostics = Vec<Diagnostic>;
