//! tizilim reads Kazakhstan's legal acts (adilet HTML, PDF, text; Kazakh and Russian), finds the
//! state services they define or change, compares them with the register of state services and
//! drafts the proposal forms of the 2025 Rules.
//!
//! This crate is the command line's glue and a facade over the stage crates under `crates/`,
//! one per stage, dependencies one way:
//! `lex → source → text → structure → legal → registry → findings → forms/report/store →
//! refresh → serve → cli`. See ARCHITECTURE.md for the crate map and the invariants.

pub use tizilim_findings as findings;
pub use tizilim_forms as forms;
pub use tizilim_legal as legal;
pub use tizilim_lex as lex;
pub use tizilim_lex::diag;
pub use tizilim_refresh as refresh;
pub use tizilim_refresh::pipeline;
pub use tizilim_registry as registry;
pub use tizilim_report as report;
pub use tizilim_serve as serve;
pub use tizilim_source as source;
pub use tizilim_source::fsutil;
pub use tizilim_store as store;
pub use tizilim_structure as structure;
pub use tizilim_text as text;
