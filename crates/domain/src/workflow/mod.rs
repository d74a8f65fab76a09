//! The status flows of records: from each status, the statuses a record may move to. The server
//! refuses any other move (422 `not_allowed`) and the SPA offers exactly these as buttons, so the two
//! cannot disagree.

pub mod demand;
pub mod task;
