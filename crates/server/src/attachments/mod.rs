//! Attachments (附件) of customers, follow-ups and demands: uploads streamed to the attachment store
//! with a size limit, their type decided by their content (never by the name or the declared type),
//! names made safe, and access that follows the parent record's scope (`policy::attachments`).
//!
//! `routes` (the handlers under `/api/v1/attachments`), `service` (an upload kept in the store with
//! its row and audit entry; a removal), `queries` (a record's files with their uploaders' names, the
//! upload limits); `store`, `upload`, `kinds` and `names` are the file handling beneath them.

pub mod kinds;
pub mod names;
pub mod queries;
pub mod routes;
pub mod service;
pub mod store;
pub mod upload;
