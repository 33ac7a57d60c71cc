//! `forms`: the proposal forms of the 2025 Rules (Appendices 3–6) in Russian and Kazakh.
