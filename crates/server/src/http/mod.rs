//! HTTP plumbing shared by every route: extractor error handlers, request ids, the fallback service.

pub mod extractors;
pub mod fallback;
pub mod problems;
pub mod request_id;
pub mod versions;
