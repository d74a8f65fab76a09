//! Optimistic locking: the version of a customer is its ETag, and updates must send it back in
//! `If-Match`.

use actix_web::HttpRequest;
use actix_web::http::header::{self, ETag, EntityTag};

use crate::error::{ApiError, ApiResult};

/// The ETag header of a version.
pub fn etag(version: i32) -> ETag {
    ETag(EntityTag::new_strong(version.to_string()))
}

/// The version in `If-Match` (`"3"`, `W/"3"` or a bare `3`): 428 when absent, 412 when unreadable.
pub fn if_match(request: &HttpRequest) -> ApiResult<i32> {
    let value = request.headers().get(header::IF_MATCH).ok_or(ApiError::PreconditionRequired)?;
    let text = value.to_str().map_err(|_| ApiError::PreconditionFailed)?.trim();
    let text = text.strip_prefix("W/").unwrap_or(text).trim_matches('"');
    text.parse().map_err(|_| ApiError::PreconditionFailed)
}

/// 412 unless the version sent is the stored one.
pub fn check(sent: i32, stored: i32) -> ApiResult<()> {
    if sent == stored { Ok(()) } else { Err(ApiError::PreconditionFailed) }
}
