//! `registry`: the register of state services — loading, validation, classification, matching.
