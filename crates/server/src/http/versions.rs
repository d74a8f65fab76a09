//! Optimistic locking: the version of a record (customer, follow-up, demand, task) is its ETag, and
//! updates must send it back in `If-Match`. [`IfMatch`] is the one way a handler reads it and a service
//! checks it.

use std::future::{Ready, ready};

use actix_web::dev::Payload;
use actix_web::http::header::{self, ETag, EntityTag};
use actix_web::{FromRequest, HttpRequest, HttpResponse, HttpResponseBuilder};

use crate::error::{ApiError, ApiResult};

/// The ETag header of a version.
pub fn etag(version: i32) -> ETag {
    ETag(EntityTag::new_strong(version.to_string()))
}

/// The version a client read, from `If-Match` (`"3"`, `W/"3"` or a bare `3`).
///
/// Extracting it never fails: the service checks it once the caller's rights are settled, so a caller
/// without them gets 403 or 404, not 428.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IfMatch(Sent);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Sent {
    /// No header, or a blank one.
    Missing,
    /// A version of ours.
    Version(i32),
    /// Something that names no version of ours (fails with 412).
    Other,
    /// No version was read: whatever is stored now is updated (imports, jobs).
    Any,
}

impl IfMatch {
    /// For updates that are not answers to a read (an import's update policy): any version.
    pub fn any() -> Self {
        Self(Sent::Any)
    }

    /// The header of `request`.
    pub fn of(request: &HttpRequest) -> Self {
        let value = request.headers().get(header::IF_MATCH).and_then(|v| v.to_str().ok()).map(str::trim);
        match value.filter(|v| !v.is_empty()) {
            None => Self(Sent::Missing),
            Some(text) => {
                let text = text.strip_prefix("W/").unwrap_or(text).trim_matches('"');
                Self(text.parse().map_or(Sent::Other, Sent::Version))
            }
        }
    }

    /// 428 when no version was sent.
    pub fn required(&self) -> ApiResult<()> {
        if self.0 == Sent::Missing { Err(ApiError::PreconditionRequired) } else { Ok(()) }
    }

    /// 428 when no version was sent, 412 unless it is `stored`.
    pub fn check(&self, stored: i32) -> ApiResult<()> {
        match self.0 {
            Sent::Missing => Err(ApiError::PreconditionRequired),
            Sent::Any => Ok(()),
            Sent::Version(sent) if sent == stored => Ok(()),
            Sent::Version(_) | Sent::Other => Err(ApiError::PreconditionFailed),
        }
    }
}

impl FromRequest for IfMatch {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(request: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(Ok(Self::of(request)))
    }
}

/// A response carrying `body` with its version as the ETag.
pub fn respond(mut response: HttpResponseBuilder, version: i32, body: &impl serde::Serialize) -> HttpResponse {
    response.insert_header(etag(version));
    response.json(body)
}

#[cfg(test)]
mod tests {
    use actix_web::test::TestRequest;

    use super::*;

    fn sent(value: Option<&str>) -> IfMatch {
        let mut request = TestRequest::default();
        if let Some(value) = value {
            request = request.insert_header((header::IF_MATCH, value));
        }
        IfMatch::of(&request.to_http_request())
    }

    #[test]
    fn a_version_is_read_quoted_weak_or_bare() {
        for value in ["\"3\"", "W/\"3\"", "3"] {
            assert!(sent(Some(value)).check(3).is_ok(), "{value}");
        }
    }

    #[test]
    fn no_version_is_428_a_stale_or_foreign_one_412() {
        assert!(matches!(sent(None).check(3), Err(ApiError::PreconditionRequired)));
        assert!(matches!(sent(Some("  ")).required(), Err(ApiError::PreconditionRequired)));
        assert!(matches!(sent(Some("\"2\"")).check(3), Err(ApiError::PreconditionFailed)));
        assert!(matches!(sent(Some("*")).check(3), Err(ApiError::PreconditionFailed)));
        assert!(IfMatch::any().check(7).is_ok());
    }
}
