//! The structural tree: chapters, points, subpoints, appendices, notes, tables.
