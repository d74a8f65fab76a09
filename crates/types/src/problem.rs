//! The error body of every failed request: RFC 9457 `application/problem+json`.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// The media type of [`Problem`] bodies.
pub const PROBLEM_CONTENT_TYPE: &str = "application/problem+json";

/// What went wrong, as a stable machine-readable code. Clients match on this, never on `title`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The request could not be understood (bad query string, bad path parameter…).
    BadRequest,
    /// The body is not well-formed JSON or does not have the expected shape.
    MalformedJson,
    /// No credentials, or credentials that are invalid or expired.
    Unauthorized,
    /// Wrong username or password.
    InvalidCredentials,
    /// The caller may not do this.
    Forbidden,
    /// The caller must change the password before doing anything else.
    PasswordChangeRequired,
    /// No such resource, or it lies outside the caller's data scope.
    NotFound,
    /// The resource exists but does not accept this HTTP method.
    MethodNotAllowed,
    /// The request conflicts with the current state (a duplicate, a value in use…).
    Conflict,
    /// The `If-Match` version is stale: someone else changed the record first.
    PreconditionFailed,
    /// The update needs an `If-Match` header with the version read.
    PreconditionRequired,
    /// The body is larger than the endpoint accepts.
    PayloadTooLarge,
    /// The body's `Content-Type` is not one the endpoint accepts.
    UnsupportedMediaType,
    /// One or more fields broke a rule; see `errors`.
    ValidationFailed,
    /// Too many requests; retry after the `Retry-After` header's delay.
    TooManyRequests,
    /// An unexpected failure on the server; the log has the details.
    Internal,
    /// A dependency such as the database is not available.
    ServiceUnavailable,
}

impl ErrorCode {
    /// The snake_case name, as on the wire.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::BadRequest => "bad_request",
            Self::MalformedJson => "malformed_json",
            Self::Unauthorized => "unauthorized",
            Self::InvalidCredentials => "invalid_credentials",
            Self::Forbidden => "forbidden",
            Self::PasswordChangeRequired => "password_change_required",
            Self::NotFound => "not_found",
            Self::MethodNotAllowed => "method_not_allowed",
            Self::Conflict => "conflict",
            Self::PreconditionFailed => "precondition_failed",
            Self::PreconditionRequired => "precondition_required",
            Self::PayloadTooLarge => "payload_too_large",
            Self::UnsupportedMediaType => "unsupported_media_type",
            Self::ValidationFailed => "validation_failed",
            Self::TooManyRequests => "too_many_requests",
            Self::Internal => "internal",
            Self::ServiceUnavailable => "service_unavailable",
        }
    }

    /// The `type` URI of problems with this code.
    pub fn type_uri(self) -> String {
        format!("urn:crm:problem:{}", self.as_str())
    }
}

/// A field that broke a rule, in a 422 response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct FieldError {
    /// The field, as named in the request body (`password`, `contacts[1].mobile`…).
    pub field: String,
    /// A stable snake_case code for the rule (`required`, `too_short`, `invalid_format`…).
    pub code: String,
    /// An English explanation; clients translate by `code`.
    pub message: String,
}

/// An RFC 9457 problem details body, with the CRM's `code` extension member.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct Problem {
    /// A URI identifying the kind of problem: `urn:crm:problem:{code}`.
    #[serde(rename = "type")]
    pub type_: String,
    /// A short summary of the kind of problem.
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// What went wrong with this request, for a person to read.
    pub detail: String,
    /// The machine-readable kind of problem.
    pub code: ErrorCode,
    /// For `validation_failed`: each field that broke a rule.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
}

impl Problem {
    /// A problem of kind `code` with HTTP `status`.
    pub fn new(code: ErrorCode, status: u16, title: &str, detail: impl Into<String>) -> Self {
        Self {
            type_: code.type_uri(),
            title: title.to_owned(),
            status,
            detail: detail.into(),
            code,
            errors: Vec::new(),
        }
    }
}
