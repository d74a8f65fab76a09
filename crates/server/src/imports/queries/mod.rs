//! Reads of imports: a job as its wire form with its progress, the caller's jobs, a preview of a
//! job's file, its problem rows (a page, or the whole CSV error report), the mapping templates.

pub mod jobs;
pub mod problems;
pub mod templates;
