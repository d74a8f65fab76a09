//! The file and the passes over it: files uploaded to the import store, read as streamed rows
//! (`source`), cells read into typed values (`cells`; the columns mapped to custom fields by
//! `custom_fields`), rows made into a target's create request (`customer`: the first target; another
//! target is another such module over its `TargetSpec`), the start of a file for the wizard
//! (`preview`), a job's stored options (`job`), and passes over the file (`pass`: the dry run and the
//! batched commit, the `update` duplicate policy) run as background jobs (`crate::jobs`).

pub mod cells;
pub mod custom_fields;
pub mod customer;
pub mod job;
pub mod pass;
pub mod preview;
pub mod source;
pub mod update;

pub use pass::{Pass, fail, run, start_commit};
