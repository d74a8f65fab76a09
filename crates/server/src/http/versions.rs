//! Optimistic locking: the version of a record (customer, follow-up, demand, task) is its ETag, and
//! updates must send it back in `If-Match`.

use actix_web::http::header::{self, ETag, EntityTag};
use actix_web::{HttpRequest, HttpResponse, HttpResponseBuilder};

use crate::error::{ApiError, ApiResult};

/// The ETag header of a version.
pub fn etag(version: i32) -> ETag {
    ETag(EntityTag::new_strong(version.to_string()))
}

/// The version in `If-Match` (`"3"`, `W/"3"` or a bare `3`): 428 when absent or blank; `None` when it
/// names no version of ours (which then fails [`check`] with 412).
pub fn if_match(request: &HttpRequest) -> ApiResult<Option<i32>> {
    let value = request.headers().get(header::IF_MATCH).and_then(|v| v.to_str().ok()).map(str::trim);
    let text = value.filter(|v| !v.is_empty()).ok_or(ApiError::PreconditionRequired)?;
    let text = text.strip_prefix("W/").unwrap_or(text).trim_matches('"');
    Ok(text.parse().ok())
}

/// 412 unless the version sent is the stored one.
pub fn check(sent: Option<i32>, stored: i32) -> ApiResult<()> {
    if sent == Some(stored) { Ok(()) } else { Err(ApiError::PreconditionFailed) }
}

/// A response carrying `body` with its version as the ETag.
pub fn respond(mut response: HttpResponseBuilder, version: i32, body: &impl serde::Serialize) -> HttpResponse {
    response.insert_header(etag(version));
    response.json(body)
}
