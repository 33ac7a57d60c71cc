//! `report`: diff reports between runs and between versions of an act (HTML, Markdown, JSON).
