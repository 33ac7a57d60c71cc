//! Repair of Latin look-alike garbage in text-only inputs.
