//! tizilim reads Kazakhstan's legal acts (adilet HTML, PDF, text; Kazakh and Russian), finds the
//! state services they define or change, compares them with the register of state services and
//! drafts the proposal forms of the 2025 Rules.
//!
//! The pipeline, one module per stage, dependencies one way:
//! `source → text → structure → legal → registry → findings → forms/report/store → cli`.
//! See ARCHITECTURE.md for the code map and the invariants.

#![deny(missing_docs)]

pub mod diag;
pub mod findings;
pub mod forms;
pub mod fsutil;
pub mod legal;
pub mod pipeline;
pub mod refresh;
pub mod registry;
pub mod report;
pub mod source;
pub mod store;
pub mod structure;
pub mod text;
