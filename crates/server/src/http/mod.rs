//! HTTP plumbing shared by every route: extractor error handlers, request ids, JSON bodies as objects,
//! the fallback service.

pub mod chinese;
pub mod extractors;
pub mod fallback;
pub mod json_objects;
pub mod language;
pub mod problems;
pub mod request_id;
pub mod versions;
