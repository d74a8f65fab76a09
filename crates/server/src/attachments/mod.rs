//! Attachments (附件) of customers, follow-ups and demands: uploads streamed to the attachment store
//! with a size limit, their type decided by their content (never by the name or the declared type),
//! names made safe, and access that follows the parent record's scope.

pub mod kinds;
pub mod names;
pub mod owner;
pub mod store;
pub mod upload;
