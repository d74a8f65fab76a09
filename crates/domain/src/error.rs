//! The one error type of the domain: a rule that a value broke.

/// A broken business rule, with a stable machine-readable `code` and a human message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct DomainError {
    /// The field the rule is about (`password`, `phone`…), as named on the wire.
    pub field: &'static str,
    /// A stable snake_case code such as `too_short`, for clients to match on.
    pub code: &'static str,
    /// An English explanation; clients translate by `code`.
    pub message: String,
}

impl DomainError {
    /// A rule violation on `field`.
    pub fn new(field: &'static str, code: &'static str, message: impl Into<String>) -> Self {
        Self { field, code, message: message.into() }
    }
}
