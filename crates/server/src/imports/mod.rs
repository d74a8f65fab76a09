//! Import (导入): a spreadsheet of customers uploaded, previewed, mapped, judged row by row in a dry
//! run and committed in batches, each job private to the user who uploaded it.
//!
//! `routes` (the handlers under `/api/v1/imports` and `/api/v1/import-templates`), `service` (every
//! change: an upload stored and recorded, the options set, a pass started, a job cancelled, the mapping
//! templates saved, changed and deleted), `queries` (a job as DTO, the caller's jobs, a preview, the
//! problem rows as a page or a CSV error report, the templates) and `pipeline` (reading the file and
//! the passes over it, run as background jobs by `crate::jobs::files`).

pub mod pipeline;
pub mod queries;
pub mod routes;
pub mod service;
