//! The one error type of the HTTP layer. Every failure becomes an RFC 9457 problem+json response.

use actix_web::http::{Method, StatusCode, header};
use actix_web::{HttpResponse, ResponseError};
use crm_domain::DomainError;
use crm_types::access::Permission;
use crm_types::problem::PROBLEM_CONTENT_TYPE;
use crm_types::{ErrorCode, FieldError, FieldErrorCode, Problem};
use sea_orm::{ConnAcquireErr, DbErr, RuntimeErr, SqlErr};

/// A failed request. Each variant is one code of the table in `crm_types::problem` (or, for the
/// general ones, the code its detail belongs to); status and title come from that table.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// The request is not understood (a bad query string or path parameter).
    #[error("{0}")]
    BadRequest(String),
    /// The body is not JSON of the expected shape.
    #[error("{0}")]
    MalformedJson(String),
    /// Fields broke rules.
    #[error("validation failed")]
    Validation(Vec<FieldError>),
    /// No valid credentials.
    #[error("{0}")]
    Unauthorized(&'static str),
    /// Wrong username or password.
    #[error("invalid credentials")]
    InvalidCredentials,
    /// The caller may not do this (no more specific reason below applies).
    #[error("{0}")]
    Forbidden(String),
    /// The caller's role lacks a permission.
    #[error("This needs the permission {}, which your role does not have.", permission_name(*.0))]
    PermissionRequired(Permission),
    /// The caller sees the record but may not change it.
    #[error("{0}")]
    ViewOnly(String),
    /// The caller's role may not change this field.
    #[error("Your role may not change the field {0}.")]
    FieldReadOnly(String),
    /// Only a signed-in user does this, not an API key.
    #[error("{0}")]
    UsersOnly(String),
    /// The password must be changed first.
    #[error("password change required")]
    PasswordChangeRequired,
    /// No such resource (or outside the caller's scope).
    #[error("{0}")]
    NotFound(String),
    /// The path exists, the method does not.
    #[error("method not allowed")]
    MethodNotAllowed {
        /// The methods the path does accept.
        allow: Vec<Method>,
    },
    /// A conflict with stored data of another kind than those below.
    #[error("{0}")]
    Conflict(String),
    /// A record with the same unique value exists.
    #[error("{0}")]
    AlreadyExists(String),
    /// The record refers to, or is referred to by, another record.
    #[error("{0}")]
    Referenced(String),
    /// The value is still in use.
    #[error("{0}")]
    InUse(String),
    /// The record is closed to this change.
    #[error("{0}")]
    Closed(String),
    /// The record is not in a state that allows this.
    #[error("{0}")]
    WrongState(String),
    /// Someone changed the record while this request was handled.
    #[error("{0}")]
    EditConflict(String),
    /// The record looks like existing ones, and the duplicate check blocks; `errors` lists them.
    #[error("a record like this one already exists")]
    Duplicate(Vec<FieldError>),
    /// A stale `If-Match` version.
    #[error("the record was changed by someone else")]
    PreconditionFailed,
    /// An update without `If-Match`.
    #[error("send the version you read in If-Match")]
    PreconditionRequired,
    /// The body is too large.
    #[error("{0}")]
    PayloadTooLarge(String),
    /// The body's media type is not accepted.
    #[error("{0}")]
    UnsupportedMediaType(String),
    /// Throttled.
    #[error("too many requests")]
    TooManyRequests {
        /// Seconds to wait.
        retry_after: u64,
    },
    /// A dependency is down.
    #[error("{0}")]
    Unavailable(String),
    /// Anything unexpected; the cause is logged, never shown.
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

/// The documented name of `permission` (`customer.edit`).
fn permission_name(permission: Permission) -> String {
    serde_json::to_value(permission).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}

impl ApiError {
    /// A 422 with a single field error.
    pub fn field(field: &str, code: FieldErrorCode, message: &str) -> Self {
        Self::Validation(vec![FieldError::new(field, code, message)])
    }

    /// The code of the table this error answers with.
    pub fn code(&self) -> ErrorCode {
        match self {
            Self::BadRequest(_) => ErrorCode::BadRequest,
            Self::MalformedJson(_) => ErrorCode::MalformedJson,
            Self::Validation(_) => ErrorCode::ValidationFailed,
            Self::Unauthorized(_) => ErrorCode::Unauthorized,
            Self::InvalidCredentials => ErrorCode::InvalidCredentials,
            Self::Forbidden(_) => ErrorCode::Forbidden,
            Self::PermissionRequired(_) => ErrorCode::PermissionRequired,
            Self::ViewOnly(_) => ErrorCode::ViewOnly,
            Self::FieldReadOnly(_) => ErrorCode::FieldReadOnly,
            Self::UsersOnly(_) => ErrorCode::UsersOnly,
            Self::PasswordChangeRequired => ErrorCode::PasswordChangeRequired,
            Self::NotFound(_) => ErrorCode::NotFound,
            Self::MethodNotAllowed { .. } => ErrorCode::MethodNotAllowed,
            Self::Conflict(_) => ErrorCode::Conflict,
            Self::AlreadyExists(_) => ErrorCode::AlreadyExists,
            Self::Referenced(_) => ErrorCode::Referenced,
            Self::InUse(_) => ErrorCode::InUse,
            Self::Closed(_) => ErrorCode::Closed,
            Self::WrongState(_) => ErrorCode::WrongState,
            Self::EditConflict(_) => ErrorCode::EditConflict,
            Self::Duplicate(_) => ErrorCode::Duplicate,
            Self::PreconditionFailed => ErrorCode::PreconditionFailed,
            Self::PreconditionRequired => ErrorCode::PreconditionRequired,
            Self::PayloadTooLarge(_) => ErrorCode::PayloadTooLarge,
            Self::UnsupportedMediaType(_) => ErrorCode::UnsupportedMediaType,
            Self::TooManyRequests { .. } => ErrorCode::TooManyRequests,
            Self::Unavailable(_) => ErrorCode::ServiceUnavailable,
            Self::Internal(_) => ErrorCode::Internal,
        }
    }

    fn detail(&self) -> String {
        match self {
            Self::Validation(errors) => match errors.as_slice() {
                [one] => format!("{}: {}", one.field, one.message),
                many => format!("{} fields are invalid", many.len()),
            },
            Self::InvalidCredentials => "The username or password is wrong.".into(),
            Self::PasswordChangeRequired => {
                "Change your password with POST /api/v1/auth/password before doing anything else.".into()
            }
            Self::MethodNotAllowed { allow } => {
                let allowed: Vec<&str> = allow.iter().map(Method::as_str).collect();
                format!("This resource accepts only {}.", allowed.join(", "))
            }
            Self::TooManyRequests { retry_after } => format!("Retry after {retry_after} seconds."),
            Self::Internal(_) => "An unexpected error occurred; it has been logged.".into(),
            other => other.to_string(),
        }
    }

    /// The problem body of this error.
    pub fn problem(&self) -> Problem {
        let mut problem = Problem::new(self.code(), self.detail());
        match self {
            Self::Validation(errors) | Self::Duplicate(errors) => problem.errors.clone_from(errors),
            // The refused field is named, so a form can mark it.
            Self::FieldReadOnly(field) => {
                problem.errors = vec![FieldError::new(
                    field.clone(),
                    FieldErrorCode::ReadOnly,
                    "your role may not change this field",
                )];
            }
            _ => {}
        }
        problem
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        StatusCode::from_u16(self.code().status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR)
    }

    fn error_response(&self) -> HttpResponse {
        if let Self::Internal(cause) = self {
            tracing::error!(error = ?cause, "request failed");
        }
        let mut response = HttpResponse::build(self.status_code());
        response.insert_header((header::CONTENT_TYPE, PROBLEM_CONTENT_TYPE));
        match self {
            Self::MethodNotAllowed { allow } => {
                let allowed: Vec<&str> = allow.iter().map(Method::as_str).collect();
                response.insert_header((header::ALLOW, allowed.join(", ")));
            }
            Self::TooManyRequests { retry_after } => {
                response.insert_header((header::RETRY_AFTER, retry_after.to_string()));
            }
            Self::Unauthorized(_) | Self::InvalidCredentials => {
                response.insert_header((header::WWW_AUTHENTICATE, "Bearer"));
            }
            _ => {}
        }
        response.json(self.problem())
    }
}

impl From<DomainError> for ApiError {
    fn from(error: DomainError) -> Self {
        Self::Validation(vec![FieldError::new(error.field, error.code, error.message)])
    }
}

/// Whether `error` is the pool having no free connection in time: every connection is busy with
/// slower requests, which is worth retrying rather than an internal error.
fn pool_exhausted(error: &DbErr) -> bool {
    match error {
        DbErr::ConnectionAcquire(ConnAcquireErr::Timeout) => true,
        DbErr::Conn(RuntimeErr::SqlxError(e))
        | DbErr::Exec(RuntimeErr::SqlxError(e))
        | DbErr::Query(RuntimeErr::SqlxError(e)) => {
            matches!(e, sqlx::Error::PoolTimedOut)
        }
        _ => false,
    }
}

/// Whether `error` is PostgreSQL refusing a character in a text value (a NUL, SQLSTATE 22021 or
/// 22P05): bad input that got past validation, not a failure of the server.
fn unstorable_text(error: &DbErr) -> bool {
    match error {
        DbErr::Exec(RuntimeErr::SqlxError(sqlx::Error::Database(e)))
        | DbErr::Query(RuntimeErr::SqlxError(sqlx::Error::Database(e))) => {
            matches!(e.code().as_deref(), Some("22021" | "22P05"))
        }
        _ => false,
    }
}

impl From<DbErr> for ApiError {
    fn from(error: DbErr) -> Self {
        if pool_exhausted(&error) {
            tracing::warn!(%error, "no database connection became free in time");
            return Self::Unavailable("The database is busy; try again in a moment.".into());
        }
        match error.sql_err() {
            Some(SqlErr::UniqueConstraintViolation(_)) => {
                Self::AlreadyExists("A record with the same unique value already exists.".into())
            }
            Some(SqlErr::ForeignKeyConstraintViolation(_)) => {
                Self::Referenced("The record refers to, or is referred to by, another record.".into())
            }
            _ if unstorable_text(&error) => {
                Self::BadRequest("The request holds a character that cannot be stored (such as NUL).".into())
            }
            _ => Self::Internal(anyhow::Error::new(error).context("database error")),
        }
    }
}

/// The result type of handlers.
pub type ApiResult<T> = Result<T, ApiError>;

/// The problem body for a bare status code, used when a response produced outside our handlers (the
/// framework, a third-party service) has no problem body of its own.
pub fn problem_for_status(status: StatusCode) -> Problem {
    let code = match status.as_u16() {
        401 => ErrorCode::Unauthorized,
        403 => ErrorCode::Forbidden,
        404 => ErrorCode::NotFound,
        405 => ErrorCode::MethodNotAllowed,
        409 => ErrorCode::Conflict,
        412 => ErrorCode::PreconditionFailed,
        428 => ErrorCode::PreconditionRequired,
        413 => ErrorCode::PayloadTooLarge,
        415 => ErrorCode::UnsupportedMediaType,
        422 => ErrorCode::ValidationFailed,
        429 => ErrorCode::TooManyRequests,
        503 => ErrorCode::ServiceUnavailable,
        400..=499 => ErrorCode::BadRequest,
        _ => ErrorCode::Internal,
    };
    let mut problem = Problem::new(code, format!("The request failed with status {}.", status.as_u16()));
    // The status is the one the response already has, even where the table would give another.
    problem.status = status.as_u16();
    problem
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_busy_pool_is_503_not_500() {
        let busy = ApiError::from(DbErr::ConnectionAcquire(ConnAcquireErr::Timeout));
        assert_eq!(busy.status_code(), StatusCode::SERVICE_UNAVAILABLE);
        let busy = ApiError::from(DbErr::Query(RuntimeErr::SqlxError(sqlx::Error::PoolTimedOut)));
        assert_eq!(busy.status_code(), StatusCode::SERVICE_UNAVAILABLE);
        let other = ApiError::from(DbErr::Custom("broken".into()));
        assert_eq!(other.status_code(), StatusCode::INTERNAL_SERVER_ERROR);
    }
}
